// cli_funding.test.mjs: `skillplan funding record qualification|learner|
// employer` (issue 13, findings 7 and 5): what `--help` and
// docs/agreements.md list, the CLI runs; each record is then used by
// `eligible` (an employer's recorded sector decides which compact may fund
// its learners); bad input names the file and the rule and writes nothing.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../lib/server.mjs';

let dir, db;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'skillplan-funding-'));
  db = join(dir, 'test.db');
  assert.equal(cli(db, ['init']).status, 0);
  const r = cli(db, ['agreement', 'demo']);
  assert.equal(r.status, 0, r.stderr);
});

function file(name, obj) {
  const p = join(dir, name);
  writeFileSync(p, typeof obj === 'string' ? obj : JSON.stringify(obj));
  return p;
}

function eligible(learner, qual) {
  return cli(db, ['--json', 'eligible', '--learner', learner, '--qualification', qual,
    '--programme', 'train_to_gain', '--start', '2009-09-01']);
}

test('funding record --help lists qualification and learner', () => {
  const r = cli(db, ['funding', 'record', '--help']);
  assert.match(r.stdout + r.stderr, /qualification: \{code, title, level/);
  assert.match(r.stdout + r.stderr, /learner: +\{ref, employer_org_id\?/);
  const bad = cli(db, ['funding', 'record', 'pupil', '--file', file('x.json', {})]);
  assert.equal(bad.status, 1, 'an unknown record kind is a usage error');
  assert.match(bad.stderr + bad.stdout, /contract\|allocation\|spend\|qualification\|learner/);
});

test('funding record qualification adds an aim that eligible then knows', () => {
  // unknown before: refused as an unknown code
  assert.equal(eligible('DEMO-L1', 'CLIQ0001').status, 2);
  const q = file('q.json', { code: 'CLIQ0001', title: 'Certificate in Test Welding', level: '2',
    valid_from: '2008-08-01' });
  const r = cli(db, ['funding', 'record', 'qualification', '--file', q]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'recorded qualification CLIQ0001');
  const j = cli(db, ['--json', 'funding', 'record', 'qualification', '--file', q]);
  assert.equal(j.status, 0, j.stderr);
  assert.deepEqual(JSON.parse(j.stdout), { record: 'qualification', code: 'CLIQ0001' });
  const e = eligible('DEMO-L1', 'CLIQ0001');
  assert.equal(e.status, 0, e.stderr);
  const v = JSON.parse(e.stdout);
  assert.equal(v.checks.find((c) => c.code === 'qualification_validity').outcome, 'pass');
});

test('funding record learner records what the learner holds, and eligible uses it', () => {
  const q = file('q3.json', { code: 'CLIQ0003', title: 'Diploma in Test Chemistry', level: '3',
    valid_from: '2008-08-01' });
  assert.equal(cli(db, ['funding', 'record', 'qualification', '--file', q]).status, 0);
  const l = file('l.json', { ref: 'CLI-L1', achievements: [{ level: '3', achieved_on: '2005-06-01' }] });
  const r = cli(db, ['funding', 'record', 'learner', '--file', l]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'recorded learner CLI-L1');
  const e = JSON.parse(eligible('CLI-L1', 'CLIQ0003').stdout);
  assert.equal(e.eligible, false);
  assert.equal(e.decided_by.code, 'second_level3', 'the recorded Level 3 makes this a second one');
  const j = cli(db, ['--json', 'funding', 'record', 'learner', '--file', file('l2.json', { ref: 'CLI-L2' })]);
  assert.equal(j.status, 0, j.stderr);
  assert.deepEqual(JSON.parse(j.stdout), { record: 'learner', ref: 'CLI-L2' });
});

test('bad records name the file and the rule and change nothing', () => {
  const q = file('bad.json', { code: 'CLIQ0009', title: 'Bad', level: '9', valid_from: '2008-08-01' });
  const r = cli(db, ['funding', 'record', 'qualification', '--file', q]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /bad\.json: .*level/);
  assert.equal(eligible('DEMO-L1', 'CLIQ0009').status, 2, 'nothing was recorded');
  const l = file('badl.json', { ref: 'CLI-L9', achievements: [{ level: '3', achieved_on: '2005-02-30' }] });
  const bl = cli(db, ['funding', 'record', 'learner', '--file', l]);
  assert.equal(bl.status, 2);
  assert.match(bl.stderr, /badl\.json: /);
  const notjson = cli(db, ['funding', 'record', 'learner', '--file', file('nj.json', '{not json')]);
  assert.equal(notjson.status, 2);
});

test('funding record employer records the sector that lets its compact fund its learners', () => {
  const org = cli(db, ['--json', 'org', 'add', '--name', 'Chemical Works Ltd (test)', '--kind', 'employer',
    '--size-band', 'small']);
  assert.equal(org.status, 0, org.stderr);
  const id = JSON.parse(org.stdout).id;
  const l = file('l3.json', { ref: 'CLI-L3', employer_org_id: id,
    achievements: [{ level: '3', achieved_on: '2005-06-01' }] });
  assert.equal(cli(db, ['funding', 'record', 'learner', '--file', l]).status, 0);
  // DEMO0201 is on the Chemicals compact's list; the employer's sector is not known yet
  let e = JSON.parse(eligible('CLI-L3', 'DEMO0201').stdout);
  assert.equal(e.eligible, false);
  assert.equal(e.decided_by.code, 'compact_sector');
  const other = file('s1.json', { org_id: id, sector: 'Construction' });
  assert.equal(cli(db, ['funding', 'record', 'employer', '--file', other]).status, 0);
  e = JSON.parse(eligible('CLI-L3', 'DEMO0201').stdout);
  assert.equal(e.decided_by.code, 'compact_sector', 'another sector\'s compact never funds it');
  assert.match(e.message, /Construction/);
  const s = file('s2.json', { org_id: id, sector: 'chemicals, nuclear, oil and gas, petroleum and polymers ' });
  const r = cli(db, ['funding', 'record', 'employer', '--file', s]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), `recorded employer ${id}`);
  e = JSON.parse(eligible('CLI-L3', 'DEMO0201').stdout);
  assert.equal(e.eligible, true);
  assert.equal(e.decided_by.code, 'second_level3');
  // not an employer (the demo's sector body Skillset): refused
  const orgs = JSON.parse(cli(db, ['--json', 'orgs']).stdout);
  const body = (orgs.items || orgs).find((o) => o.name === 'Skillset');
  assert.ok(body, 'the demo has the sector body Skillset');
  const bad = cli(db, ['funding', 'record', 'employer', '--file', file('s3.json', { org_id: body.id, sector: 'X' })]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /s3\.json: .*not an employer/);
});
