// cli_foundation.test.mjs: the foundation's commands as a user runs them:
// areas on two dates, an area, routes, organisations added, changed and
// imported (all-or-nothing, with file:line: field messages), accounts, and
// the documented exit codes (0 ok, 1 bad usage, 2 bad input).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, freshDb, dropDb } from '../lib/server.mjs';

let dir, db;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'skillplan-cli-'));
  db = freshDb(dir);
  const r = cli(db, ['init']);
  assert.equal(r.status, 0, r.stderr);
});
after(() => { rmSync(dir, { recursive: true, force: true }); dropDb(db); });

const json = (args) => {
  const r = cli(db, ['--json', ...args]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
};

test('areas on 2023-01-01 and 2026-01-01; an area; routes', () => {
  assert.equal(json(['areas', '--as-of', '2023-01-01']).length, 38);
  const later = json(['areas', '--as-of', '2026-01-01']);
  assert.equal(later.length, 42);
  const area = json(['area', 'E69000010', '--as-of', '2026-01-01']);
  assert.match(area.name, /Greater Essex/);
  const routes = json(['routes']);
  assert.equal(routes.routes.length, 15);
  const text = cli(db, ['areas', '--as-of', '2023-01-01']);
  assert.match(text.stdout, /Greater London/);
});

test('bad usage is exit 1, bad input exit 2, naming the option or field', () => {
  const bad = cli(db, ['areas', '--as-of', '2023-02-30']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /as-of/);
  assert.equal(cli(db, ['no-such-command']).status, 1);
  assert.equal(cli(db, ['area', 'E69999999']).status, 2);
  const help = cli(db, ['org', 'edit', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /usage: skillplan org edit/);
});

test('org add, then org edit changes only what is given', () => {
  const made = json(['org', 'add', '--name', 'Hilltop Training', '--kind', 'itp', '--ukprn', '10077777', '--area', 'E69000037']);
  assert.equal(made.ukprn, '10077777');
  const changed = json(['org', 'edit', String(made.id), '--website', 'https://hilltop.example']);
  assert.equal(changed.website, 'https://hilltop.example');
  assert.equal(changed.ukprn, '10077777');
  assert.deepEqual(changed.areas, ['E69000037']);
  const refused = cli(db, ['org', 'edit', String(made.id), '--ukprn', '99']);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /ukprn/);
  assert.equal(json(['orgs', '--q', 'Hilltop']).items[0].ukprn, '10077777');
});

test('import orgs is all-or-nothing and names file:line: field', () => {
  const before = json(['orgs']);
  const count = (x) => x.total;
  const n = count(before);
  const file = join(dir, 'bad.csv');
  writeFileSync(file, 'name,kind,ukprn,companies_house,size_band,website,areas\n' +
    'Good One Ltd,employer,,,small,,E69000014\n' +
    'Bad College,fe_college,123,,,,E69000014\n');
  const r = cli(db, ['import', 'orgs', file]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /bad\.csv:3: ukprn/);
  assert.equal(count(json(['orgs'])), n, 'nothing imported');
  const good = join(dir, 'good.csv');
  writeFileSync(good, 'name,kind,ukprn,companies_house,size_band,website,areas\n' +
    'Good One Ltd,employer,,,small,,E69000014\n' +
    'Good College,fe_college,10066666,,,,E69000014;E69000037\n');
  assert.equal(cli(db, ['import', 'orgs', good]).status, 0);
  assert.equal(count(json(['orgs'])), n + 2);
});

test('user add bootstraps the first admin, then refuses a short password', () => {
  const org = json(['org', 'add', '--name', 'Department for Education', '--kind', 'government']);
  const r = cli(db, ['user', 'add', '--email', 'admin@example.gov.uk', '--name', 'First Admin', '--org', String(org.id), '--role', 'dfe_admin'], 'a-long-enough-password\n');
  assert.equal(r.status, 0, r.stderr);
  const short = cli(db, ['user', 'add', '--email', 'b@example.gov.uk', '--name', 'B', '--org', String(org.id), '--role', 'viewer'], 'short\n');
  assert.equal(short.status, 2);
  assert.match(short.stderr, /password/);
});
