// pg_backup.test.mjs: the README's PostgreSQL backup and restore commands,
// run as written: pg_dump --format=custom of a live database, createdb with
// C collation, pg_restore --no-owner, then skillplan opens the restored
// database and answers as the original did. Uses SP_TEST_DB's server when
// set, else a throwaway cluster (scripts/pg-test-cluster.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BIN, PG_ADMIN, freshDb, dropDb } from '../lib/server.mjs';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
let dir, admin, pgDir = null, db, restored;
const sh = (cmd, args) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 120000 });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'skillplan-pgdump-'));
  admin = PG_ADMIN;
  if (!admin) {
    const out = sh(join(ROOT, 'scripts/pg-test-cluster.sh'), ['start']);
    pgDir = out.match(/SP_PG_DIR=(.*)/)[1];
    admin = out.match(/SP_TEST_DB=(.*)/)[1];
  }
  db = freshDb(dir, admin);
  sh(BIN, ['--db', db, 'init', '--demo']);
});

after(() => {
  if (db) dropDb(db, admin);
  if (restored) dropDb(restored, admin);
  if (pgDir) spawnSync(join(ROOT, 'scripts/pg-test-cluster.sh'), ['stop', pgDir]);
  rmSync(dir, { recursive: true, force: true });
});

test('pg_dump and pg_restore as the README gives them bring the store back', () => {
  const dump = join(dir, 'skillplan.dump');
  sh('pg_dump', ['--format=custom', `--file=${dump}`, db]);
  const name = `sp_restored_${process.pid}`;
  const u = new URL(admin);
  sh('createdb', ['--template=template0', '--lc-collate=C', '--lc-ctype=C.UTF-8',
    '-h', u.hostname, '-p', u.port, '-U', decodeURIComponent(u.username), name]);
  restored = admin.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  sh('pg_restore', ['--no-owner', `--dbname=${restored}`, dump]);
  const json = (url, what) => JSON.parse(sh(BIN, ['--db', url, '--json', ...what]));
  const orgs = json(db, ['orgs', '--limit', '500']), orgsBack = json(restored, ['orgs', '--limit', '500']);
  assert.ok(orgs.total > 50);
  assert.deepEqual(orgsBack, orgs);
  assert.deepEqual(json(restored, ['areas']), json(db, ['areas']));
  // the restored store takes writes: ids carry on after the restored ones
  sh(BIN, ['--db', restored, 'org', 'add', '--name', 'After Restore Ltd', '--kind', 'employer']);
  const found = json(restored, ['orgs', '--q', 'After Restore']);
  assert.equal(found.total, 1);
  assert.ok(found.items[0].id > Math.max(...orgs.items.map((o) => o.id)));
});
