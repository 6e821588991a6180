// lsip_cli.test.mjs: the LSIP commands of the `skillplan` program on a fresh
// demo database: exit codes (0 ok, 1 usage, 2 bad input), refusals naming
// the rule, --as acting as an account (role and organisation from it),
// --json, and `deadlines --ics` as RFC 5545 text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, ACCOUNTS, freshDb, dropDb } from '../lib/server.mjs';

let dir, db;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'skillplan-lsip-cli-'));
  db = freshDb(dir);
  const r = cli(db, ['init', '--demo']);
  assert.equal(r.status, 0, r.stderr);
});
after(() => { rmSync(dir, { recursive: true, force: true }); dropDb(db); });

const run = (...args) => cli(db, args);

test('help and usage', () => {
  for (const cmd of ['designate', 'remove-designation', 'delivery-plan', 'progress-report', 'plan', 'deadlines', 'interests']) {
    const r = run(cmd, '--help');
    assert.equal(r.status, 0, cmd);
    assert.match(r.stdout, /usage: skillplan/, cmd);
  }
  const bad = run('designate', '--colour', 'blue');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /unknown option '--colour'/);
});

test('the board and deadlines of the demo as of 2026-11-23', () => {
  const b = run('--json', 'deadlines', '--board', '--as-of', '2026-11-23', '--status', 'overdue');
  assert.equal(b.status, 0, b.stderr);
  const rows = JSON.parse(b.stdout);
  assert.ok(rows.length >= 2, 'the demo has areas with overdue items');
  assert.ok(rows.every((r) => r.worst_status === 'overdue'));
  const tees = JSON.parse(run('--json', 'deadlines', '--area', 'E69000031', '--as-of', '2026-11-23').stdout);
  assert.equal(tees[0].rule, 'delivery_plan');
  assert.equal(tees[0].status, 'overdue');
  const ics = run('deadlines', '--area', 'E69000014', '--as-of', '2026-11-23', '--ics');
  assert.equal(ics.status, 0);
  assert.ok(ics.stdout.startsWith('BEGIN:VCALENDAR\r\n'));
  assert.match(ics.stdout, /UID:E69000014-annual_review-20270315@skillplan\r\n/);
  assert.equal(run('deadlines', '--as-of', '2026-02-30').status, 1);
  assert.equal(run('deadlines', '--area', 'E69999999').status, 2);
});

test('designate and act as accounts', () => {
  const orgs = JSON.parse(run('--json', 'orgs', '--kind', 'erb').stdout);
  const list = orgs.items || orgs;
  const calder = list.find((o) => o.name === 'Calder Valley Chamber of Commerce');
  assert.ok(calder);
  const base = ['designate', '--area', 'E69000037', '--org', String(calder.id), '--effective', '2026-11-02',
    '--consent-date', '2026-11-01', '--consent-ref', 'REF', '--terms', 'Terms', '--body-corporate',
    '--not-crown-servant', '--not-sos-appointed', '--not-public-authority', '--capable', '--date', '2026-11-02'];
  let r = run(...base);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /reasonably_representative.*section 4\.1/);
  r = run(...base, '--representative', '--as', ACCOUNTS.erb_editor);
  assert.equal(r.status, 2, 'an ERB may not designate');
  r = run('--json', ...base, '--representative');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).ok, true);
  r = run(...base, '--representative');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /one body per area at a time/);
  r = run('delivery-plan', '--area', 'E69000037', '--engagement', 'Round tables', '--funding-pence', '1200000',
    '--as', ACCOUNTS.erb_editor, '--date', '2026-11-10');
  assert.equal(r.status, 0, r.stderr);
  r = run('progress-report', '--area', 'E69000037', '--rag', 'green', '--as', ACCOUNTS.provider_editor, '--date', '2026-11-12');
  assert.equal(r.status, 2);
  r = run('plan', 'create', '--area', 'E69000037', '--title', 'WY LSIP', '--as', ACCOUNTS.erb_editor, '--date', '2026-11-12');
  assert.equal(r.status, 0, r.stderr);
  r = run('plan', 'approve', '--area', 'E69000037', '--date', '2026-11-13');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /while it is draft.*section 6\.5/);
  r = run('plan', 'submit', '--area', 'E69000037', '--as', ACCOUNTS.erb_editor, '--date', '2026-11-13');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /MCA\/GLA statement/);
  r = run('plan', 'mca-statement', '--area', 'E69000037', '--record', '{"engaged":true,"had_opportunity":true,"statement":"Engaged"}',
    '--as', ACCOUNTS.mca_reviewer, '--date', '2026-11-14');
  assert.equal(r.status, 0, r.stderr);
  // the report is not ready: no priorities, no part texts (guidance 6.5)
  r = run('plan', 'submit', '--area', 'E69000037', '--as', ACCOUNTS.erb_editor, '--date', '2026-11-15');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /blocking finding/);
  const erbRun = (...a) => {
    const x = run(...a, '--area', 'E69000037', '--as', ACCOUNTS.erb_editor, '--date', '2026-11-15');
    assert.equal(x.status, 0, x.stderr);
    return x;
  };
  const prio = JSON.parse(run('--json', 'plan', 'add', 'priority', '--area', 'E69000037', '--as', ACCOUNTS.erb_editor,
    '--record', JSON.stringify({ title: 'Digital support', route_code: 'DIG', pathway_code: 'DIG-DSS', level_min: '3', level_max: '4',
      outcome: 'Vacancies filled', skills_components: 'Networking', change_needed: 'New course', retain_expand: 'expand' })).stdout);
  const employer = JSON.parse(run('--json', 'orgs', '--kind', 'employer').stdout).items[0].id;
  erbRun('plan', 'add', 'action', '--record', JSON.stringify({ title: 'Bootcamp', owner_kind: 'employer', owner_org_id: employer, due_date: '2027-06-30', priority_id: prio.id }));
  erbRun('plan', 'add', 'need', '--record', JSON.stringify({ title: 'IT support', employers: [{ name: 'Brightwater Engineering Ltd', small_firm: true }] }));
  erbRun('plan', 'add', 'evidence', '--record', JSON.stringify({ title: 'Survey', source: 'Chamber', why_robust: 'Weighted sample' }));
  erbRun('plan', 'edit', '--record', JSON.stringify({ net_zero: 'Retrofit skills in every priority', mca_engagement_stages: 'A,B', mca_engagement_how: 'Workshops; its analysts joined the evidence panel' }));
  for (const part of ['part1', 'part2', 'part3', 'annex', 'delivery'])
    erbRun('plan', 'part', '--part', part, '--text', `The ${part} text of the West Yorkshire plan.`);
  for (const stage of ['A', 'B', 'C'])
    erbRun('plan', 'stage', '--record', JSON.stringify({ stage, started_on: '2026-01-05', completed_on: '2026-03-27', participants: 'Employers and colleges' }));
  r = run('plan', 'submit', '--area', 'E69000037', '--as', ACCOUNTS.erb_editor, '--date', '2026-11-15');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /now submitted/);
  r = run('remove-designation', '--area', 'E69000037', '--reason', 'whatever', '--removal-date', '2026-12-01');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /reasons of section 4\.1/);
  r = run('interests', '--area', 'E69000037', '--add', '--person', 'Priya Shah', '--org-name', 'Airedale College',
    '--nature', 'Governor', '--as', ACCOUNTS.erb_editor);
  assert.equal(r.status, 0, r.stderr);
  const reg = JSON.parse(run('--json', 'interests', '--area', 'E69000037').stdout);
  assert.equal(reg.interests[0].person_name, 'Priya Shah');
});
