// import_resume.test.mjs: a batch cut short is finished by running it again
// (issue 10, finding 8). After a kill during `import provision P needs N
// vacancies V`, re-running the batch used to stop at the first file ("already
// imported") and never import the rest. Now a file imported before is
// skipped, said so on stderr naming the file and its earlier import, and the
// batch carries on; it exits 0 when the rest imported. A single file given
// again is still refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cli } from '../lib/server.mjs';

const DATA = resolve('tests/data/evidence');
let dir, db;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'sp-resume-'));
  db = join(dir, 'test.db');
  const r = cli(db, ['init']);
  assert.equal(r.status, 0, r.stderr);
});
after(() => rmSync(dir, { recursive: true, force: true }));


test('a batch re-run skips what was imported and imports the rest', () => {
  const first = cli(db, ['import', 'provision', join(DATA, 'provision.csv')]);
  assert.equal(first.status, 0, first.stderr);
  const earlier = first.stdout.match(/as import (\d+)/)[1];
  const batch = cli(db, ['import', 'provision', join(DATA, 'provision.csv'), 'needs', join(DATA, 'needs.csv'),
    'vacancies', join(DATA, 'vacancies.csv')]);
  assert.equal(batch.status, 0, `the rest imported, so exit 0: ${batch.stderr}`);
  assert.match(batch.stderr, new RegExp(`provision\\.csv: already imported as import ${earlier} \\(.*provision file provision\\.csv\\); skipped`));
  assert.match(batch.stdout, /imported needs needs\.csv as import \d+/);
  assert.match(batch.stdout, /imported vacancies vacancies\.csv as import \d+/);
  assert.doesNotMatch(batch.stdout, /imported provision/);
  // all three are in: one import of each kind, none twice
  const json = cli(db, ['--json', 'import', 'provision', join(DATA, 'provision.csv'), 'needs', join(DATA, 'needs.csv'),
    'vacancies', join(DATA, 'vacancies.csv')]);
  assert.equal(json.status, 0, json.stderr);
  const list = JSON.parse(json.stdout);
  assert.equal(list.length, 3);
  assert.ok(list.every((x) => x.skipped === true), 'a third run skips all three');
  assert.deepEqual(list.map((x) => x.earlier.kind).sort(), ['needs', 'provision', 'vacancies']);
  assert.equal(new Set(list.map((x) => x.earlier.import_id)).size, 3);
  // one file given alone again is still refused
  const again = cli(db, ['import', 'needs', join(DATA, 'needs.csv')]);
  assert.equal(again.status, 2);
  assert.match(again.stderr, /already imported as import \d+/);
});
