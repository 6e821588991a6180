// writers.test.mjs: a write that cannot be made in bounded time is a clear
// 503 that changes nothing, on either back end. Another client holds the
// write lock (SQLite: sqlite3 in BEGIN IMMEDIATE; PostgreSQL: psql holding
// an exclusive lock on orgs) for longer than the store waits (10 s: SQLite's
// busy timeout, PostgreSQL's lock_timeout); the API's write gets 503 and no
// row; once the lock is let go the same write succeeds. (Many writers at
// once losing nothing is load.test.mjs, run on both back ends.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startServer, signedIn, sql } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer({ threads: 2 }); });
after(async () => { await srv.stop(); });

// Starts a client holding the write lock; resolves once it holds it.
function holdLock(db) {
  const pg = /^postgres/.test(db);
  const p = pg ? spawn('psql', [db, '-qAt'], { stdio: ['pipe', 'pipe', 'pipe'] })
    : spawn('sqlite3', [db], { stdio: ['pipe', 'pipe', 'pipe'] });
  p.stdin.write(pg ? 'BEGIN; LOCK TABLE orgs IN ACCESS EXCLUSIVE MODE; SELECT \'held\';\n'
    : "BEGIN IMMEDIATE; INSERT INTO lads(code, name) VALUES ('E0888888', 'lock'); SELECT 'held';\n");
  return new Promise((ok, fail) => {
    let out = '';
    p.stdout.on('data', (d) => { out += d; if (/held/.test(out)) ok(p); });
    p.on('exit', (c) => fail(new Error(`lock holder exited ${c}`)));
  });
}

test('a write blocked past the store\'s wait gets 503 and leaves nothing; then it goes through', async () => {
  const dfe = await signedIn(srv.base, 'dfe_admin');
  const holder = await holdLock(srv.db);
  const t0 = Date.now();
  const r = await dfe.req('POST', '/api/orgs', { json: { name: 'Blocked Writer Ltd', kind: 'employer' } });
  const waited = Date.now() - t0;
  holder.stdin.end('ROLLBACK;\n');
  await new Promise((ok) => holder.once('exit', ok));
  assert.equal(r.status, 503, r.text);
  assert.equal(r.data.error.code, 'unavailable');
  assert.ok(waited >= 9000 && waited < 30000, `waited ${waited} ms`);
  const n = sql(srv.db, "SELECT COUNT(*) FROM orgs WHERE name = 'Blocked Writer Ltd'");
  assert.equal(n.stdout.trim(), '0', n.stderr);
  const again = await dfe.req('POST', '/api/orgs', { json: { name: 'Blocked Writer Ltd', kind: 'employer' } });
  assert.equal(again.status, 201, again.text);
});
