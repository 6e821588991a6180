// backup.test.mjs: `skillplan backup` and `restore` on a SQLite store, and
// what sp_store_open does around migrations: a copy kept beside the file
// before a migration changes it, a failed migration rolled back (and the
// server refusing to start), a schema newer than the program refused.
// SQLite only by nature (PostgreSQL uses pg_dump; README): these tests make
// their own SQLite files whatever SP_TEST_DB says.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, startServer, signedIn } from '../lib/server.mjs';

const run = (db, args) => spawnSync(BIN, ['--db', db, ...args], { encoding: 'utf8', timeout: 120000 });
const q = (db, sql) => {
  const r = spawnSync('sqlite3', [db, sql], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
};

let dir;
before(() => { dir = mkdtempSync(join(tmpdir(), 'skillplan-backup-')); });
after(() => rmSync(dir, { recursive: true, force: true }));

test('a backup taken while the server writes is whole and restores', async () => {
  const srv = await startServer({ sqlite: true });
  try {
    const dfe = await signedIn(srv.base, 'dfe_admin');
    // writes go on while the backup runs
    const writes = Promise.all([1, 2, 3, 4, 5, 6].map((i) => dfe.req('POST', '/api/orgs',
      { json: { name: `Backup Test Org ${i}`, kind: 'employer' } })));
    const file = join(dir, 'live.bak');
    const r = run(srv.db, ['backup', file]);
    assert.equal(r.status, 0, r.stderr);
    for (const w of await writes) assert.equal(w.status, 201, w.text);
    assert.equal(q(file, 'PRAGMA integrity_check'), 'ok');
    const inBackup = Number(q(file, "SELECT COUNT(*) FROM orgs WHERE name LIKE 'Backup Test Org %'"));
    assert.ok(inBackup >= 0 && inBackup <= 6);
    assert.equal(q(file, 'SELECT MAX(version) FROM schema_migrations'),
      q(srv.db, 'SELECT MAX(version) FROM schema_migrations'));
    // restore into a store that has since changed: the change goes
    const copy = join(dir, 'restored.db');
    assert.equal(run(copy, ['init']).status, 0);
    q(copy, "INSERT INTO lads(code, name) VALUES ('E0999999', 'Only in the copy')");
    const rr = run(copy, ['restore', file]);
    assert.equal(rr.status, 0, rr.stderr);
    assert.equal(q(copy, "SELECT COUNT(*) FROM lads WHERE code = 'E0999999'"), '0');
    assert.equal(q(copy, "SELECT COUNT(*) FROM orgs WHERE name LIKE 'Backup Test Org %'"), String(inBackup));
    assert.equal(q(copy, 'SELECT COUNT(*) FROM users'), q(file, 'SELECT COUNT(*) FROM users'));
  } finally {
    await srv.stop();
  }
});

test('a backup to a path that cannot be written says why and changes nothing', () => {
  const db = join(dir, 'src.db');
  assert.equal(run(db, ['init']).status, 0);
  const before = q(db, 'SELECT COUNT(*) FROM areas') + q(db, 'SELECT MAX(version) FROM schema_migrations');
  const r = run(db, ['backup', join(dir, 'no-such-dir', 'x.bak')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /cannot write the backup/);
  assert.equal(q(db, 'SELECT COUNT(*) FROM areas') + q(db, 'SELECT MAX(version) FROM schema_migrations'), before);
  assert.equal(existsSync(join(dir, 'no-such-dir')), false);
  // restoring from something that is not a backup is refused too
  const bad = run(db, ['restore', join(dir, 'missing.bak')]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /not a skillplan backup/);
});

// An older store: the last migration (0400, the report's tables) undone.
function olderStore(name) {
  const db = join(dir, name);
  assert.equal(run(db, ['init']).status, 0);
  q(db, 'DROP TABLE report_stages; DROP TABLE report_part_texts; DELETE FROM schema_migrations WHERE version = 400');
  return db;
}

test('before a migration changes a store, a copy is kept beside it', () => {
  const db = olderStore('older.db');
  const r = run(db, ['areas']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(q(db, 'SELECT COUNT(*) FROM schema_migrations WHERE version = 400'), '1');
  const kept = join(dir, 'older.db.before-0400');
  assert.ok(existsSync(kept), readdirSync(dir).join(' '));
  assert.equal(q(kept, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'report_stages'"), '0');
  assert.equal(q(kept, 'SELECT COUNT(*) FROM schema_migrations WHERE version = 400'), '0');
  // an up-to-date store is opened without another copy
  assert.equal(run(db, ['areas']).status, 0);
  assert.equal(readdirSync(dir).filter((f) => f.startsWith('older.db.before-')).length, 1);
});

test('a migration that fails is rolled back and the server refuses to start', () => {
  const db = olderStore('broken.db');
  // a table in the way of 0400's second CREATE TABLE
  q(db, 'CREATE TABLE report_stages (x INTEGER)');
  const r = run(db, ['serve', '--port', '0']);
  assert.equal(r.status, 3, r.stdout + r.stderr);
  assert.match(r.stderr, /migration 0400_report\.sql failed/);
  assert.doesNotMatch(r.stdout, /listening on/);
  assert.equal(q(db, 'SELECT COUNT(*) FROM schema_migrations WHERE version = 400'), '0');
  assert.equal(q(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'report_part_texts'"), '0');
});

test('a store whose schema is newer than the program is refused', () => {
  const db = join(dir, 'newer.db');
  assert.equal(run(db, ['init']).status, 0);
  q(db, "INSERT INTO schema_migrations(version, name) VALUES (9999, '9999_future.sql')");
  const r = run(db, ['areas']);
  assert.equal(r.status, 3);
  assert.match(r.stderr, /newer than this program knows/);
});
