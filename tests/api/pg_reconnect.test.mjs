// pg_reconnect.test.mjs: PostgreSQL going away under a running server. The
// server's database connections are cut (pg_terminate_backend, as a
// failover or restart does); the request that meets a dead connection is
// answered 503 and the person stays signed in; the next requests reconnect
// and reads and writes carry on. Uses SP_TEST_DB's server when set, else a
// throwaway cluster (scripts/pg-test-cluster.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { startServer, signedIn, sql, PG_ADMIN } from '../lib/server.mjs';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
let srv, pgDir = null;

before(async () => {
  let admin = PG_ADMIN;
  if (!admin) {
    const r = spawnSync(join(ROOT, 'scripts/pg-test-cluster.sh'), ['start'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    pgDir = r.stdout.match(/SP_PG_DIR=(.*)/)[1];
    admin = r.stdout.match(/SP_TEST_DB=(.*)/)[1];
  }
  srv = await startServer({ threads: 1, pg: admin });
});

after(async () => {
  if (srv) await srv.stop();
  if (pgDir) spawnSync(join(ROOT, 'scripts/pg-test-cluster.sh'), ['stop', pgDir]);
});

test('a lost database connection fails one request with 503; the next reconnects', async () => {
  const c = await signedIn(srv.base, 'dfe_admin');
  const cut = sql(srv.db, 'SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity'
    + ' WHERE datname = current_database() AND pid <> pg_backend_pid()');
  assert.equal(cut.status, 0, cut.stderr);
  assert.ok(Number(cut.stdout.trim()) >= 1, 'the server held a connection');
  // one worker, one connection: the first request meets the dead one
  const lost = await c.req('GET', '/api/session');
  assert.equal(lost.status, 503, lost.text);
  assert.equal(lost.data.error.code, 'unavailable');
  assert.ok(c.cookies.has('sp_session'), 'the person is not signed out');
  const back = await c.req('GET', '/api/session');
  assert.equal(back.status, 200, back.text);
  assert.equal(back.data.signed_in, true);
  const w = await c.req('POST', '/api/orgs', { json: { name: 'After The Cut Ltd', kind: 'employer' } });
  assert.equal(w.status, 201, w.text);
  assert.equal((await c.req('GET', `/api/orgs/${w.data.id}`)).data.name, 'After The Cut Ltd');
});
