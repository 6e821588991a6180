// indicator_bounds.test.mjs: numbers are checked for range at the edge, and
// no formatting reads past its buffer (issue 10, finding 5). A DfE or funder
// account could store 1e308 as an indicator value, and the indicators page
// then formatted its 309 digits from a 40-byte buffer; 1.8e308 was accepted
// too. Now the core refuses both, from the API and from the CLI, with a
// message and nothing written; and a huge value already in an old database
// is shown in e-notation, the page answering normally.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, signedIn, Client, cli } from '../lib/server.mjs';

let srv;
before(async () => {
  srv = await startServer();
  const r = cli(srv.db, ['agreement', 'demo']);
  assert.equal(r.status, 0, `agreement demo failed: ${r.stderr}`);
});
after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, `server should stop cleanly; stderr: ${srv.stderr()}`);
});

const values = async (c) => (await c.req('GET', '/api/indicators/union_learners?as_of=2030-01-01')).data.values.length;

test('the API refuses 1e308 and 1.8e308 as indicator values, saying why', async () => {
  const dfe = await signedIn(srv.base, 'dfe_admin');
  const n = await values(dfe);
  const huge = await dfe.req('POST', '/api/indicators/union_learners/values', { json: { value: 1e308, on_date: '2010-09-30', source: 'test' } });
  assert.equal(huge.status, 400, huge.text);
  assert.equal(huge.data.error.field, 'value');
  assert.match(huge.data.error.message, /1e15/);
  const over = await dfe.req('POST', '/api/indicators/union_learners/values', {
    body: '{"value": 1.8e308, "on_date": "2010-09-30", "source": "test"}', headers: { 'Content-Type': 'application/json' } });
  assert.equal(over.status, 400, over.text);
  assert.ok(over.data.error.message.length > 10);
  const target = await dfe.req('POST', '/api/indicators', { json: { code: 'huge_target', name: 'Huge', unit: 'u', source: 's',
    targets: [{ value: -1e300, due_date: '2011-01-01', kind: 'target', source: 's' }] } });
  assert.equal(target.status, 400, target.text);
  assert.match(target.data.error.message, /1e15/);
  assert.equal(await values(dfe), n, 'nothing was written');
  const ok = await dfe.req('POST', '/api/indicators/union_learners/values', { json: { value: 1e15, on_date: '2010-09-30', source: 'test' } });
  assert.equal(ok.status, 201, 'the bound itself is allowed');
});

test('the CLI refuses them too', () => {
  for (const v of ['1e308', '1.8e308', '-1e16']) {
    const r = cli(srv.db, ['indicator', 'add-value', 'union_learners', '--value', v, '--date', '2010-10-31', '--source', 'cli test']);
    assert.equal(r.status, 2, `--value ${v}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /value/);
  }
});

test('a huge value already stored is shown, not read past its buffer', async () => {
  const sql = "INSERT INTO indicator_values(indicator_id, value, on_date, source) SELECT id, 1e308, '2010-11-30', 'planted' FROM indicators WHERE code = 'union_learners';";
  // straight into the store, past the checks: psql on PostgreSQL (SP_TEST_DB), else sqlite3
  const r = /^postgres(ql)?:/.test(srv.db)
    ? spawnSync('psql', ['-v', 'ON_ERROR_STOP=1', srv.db, '-c', sql], { encoding: 'utf8' })
    : spawnSync('sqlite3', [srv.db, sql], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const page = await new Client(srv.base).req('GET', '/indicators?as_of=2010-12-31');
  assert.equal(page.status, 200);
  assert.match(page.text, /1e\+308/, 'the planted value in e-notation');
  assert.doesNotMatch(page.text, /\d{25,}/, 'no run of hundreds of digits');
});
