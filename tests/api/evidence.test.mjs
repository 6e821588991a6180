// evidence.test.mjs: the evidence engine's API and CLI (issue 4) against the
// real server with the demo data: the gap table with its filters and the
// numbers the hand-made files give, refusals naming the field, candidate
// priorities with evidence, provider alignment, the CLI's imports (all or
// nothing, file:line:field messages, the same file refused twice, the
// rejection report), and an ERB turning a candidate into a plan priority, all or
// nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { startServer, Client, signedIn, cli, sql, PG_ADMIN } from '../lib/server.mjs';

const DATA = resolve('tests/data/evidence');
const OX_ERB = 'erb.oxfordshire@demo.skillplan.test'; // src/report/demo.h
let srv;
before(async () => {
  srv = await startServer();
  for (const [kind, file] of [['provision', 'provision.csv'], ['needs', 'needs.csv'],
    ['vacancies', 'vacancies.csv']]) {
    const r = cli(srv.db, ['import', kind, join(DATA, file)]);
    assert.equal(r.status, 0, `import ${kind}: ${r.stderr}`);
  }
});
after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, `server should stop cleanly; stderr: ${srv.stderr()}`);
});

const anon = () => new Client(srv.base);

test('the gap table of an area, with its filters', async () => {
  const r = await anon().req('GET', '/api/areas/E69000003/gaps');
  assert.equal(r.status, 200);
  assert.equal(r.data.area_name, 'Cambridgeshire and Peterborough');
  const row = r.data.rows.find((x) => x.pathway_code === 'EM-EDD' && x.level === '3' && x.year === 2023);
  assert.deepEqual([row.needs, row.needs_small, row.vacancies, row.demand, row.starts, row.achievements, row.gap],
    [25, 15, 2, 27, 15, 10, 17]);
  const cs = r.data.rows.find((x) => x.pathway_code === 'CS-CS' && x.year === 2023);
  assert.equal(cs.trend, 28);
  const f = await anon().req('GET', '/api/areas/E69000003/gaps?route=CS&level=2&year=2022');
  assert.equal(f.status, 200);
  assert.equal(f.data.rows.length, 1);
  assert.equal(f.data.rows[0].gap, -17);
});

test('bad filters and unknown areas are refused, naming the field', async () => {
  let r = await anon().req('GET', '/api/areas/E69000003/gaps?level=9');
  assert.equal(r.status, 400);
  assert.equal(r.data.error.field, 'level');
  r = await anon().req('GET', '/api/areas/E69000003/gaps?year=1999');
  assert.equal(r.status, 400);
  assert.equal(r.data.error.field, 'year');
  r = await anon().req('GET', '/api/areas/E69999999/gaps');
  assert.equal(r.status, 404);
  r = await anon().req('GET', '/api/providers/123/alignment');
  assert.equal(r.status, 400);
});

test('candidate priorities are ranked with the evidence behind them', async () => {
  const r = await anon().req('GET', '/api/areas/E69000003/priorities?year=2023');
  assert.equal(r.status, 200);
  assert.deepEqual(r.data.priorities.map((p) => p.pathway_code), ['EM-EDD', 'CS-CS', 'DIG-DBS', 'DIG-DPDD']);
  const top = r.data.priorities[0];
  assert.equal(top.sectors, 3);
  assert.deepEqual(top.sector_codes, ['A', 'C', 'F']);
  assert.equal(top.neighbours_with_gap, 1);
  assert.deepEqual(top.evidence.needs.map((n) => n.size_band), ['micro', 'small', 'large']);
  assert.equal(top.evidence.samples[0].skill, 'CNC machining');
});

test('provider alignment: the share of starts on the area priorities', async () => {
  const r = await anon().req('GET', '/api/providers/10000001/alignment?year=2023&top=1');
  assert.equal(r.status, 200);
  const a = r.data.areas.find((x) => x.area_code === 'E69000003');
  assert.equal(a.starts, 23);
  assert.equal(a.starts_on_priorities, 15);
});

test('imports from the CLI: all or nothing, named errors, never twice, reports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ev-'));
  try {
    const again = cli(srv.db, ['import', 'provision', join(DATA, 'provision.csv')]);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /already imported as import \d+/);
    const bad = cli(srv.db, ['import', 'provision', join(DATA, 'provision_bad.csv')]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /provision_bad\.csv:3:starts: must be a whole number/);
    assert.match(bad.stderr, /provision_bad\.csv:7: expected 12 columns, found 8/);
    const report = join(dir, 'rejected.csv');
    const ok = cli(srv.db, ['--json', 'import', 'provision', join(DATA, 'provision_bad.csv'),
      '--accept-valid', '--report', report]);
    assert.equal(ok.status, 0, ok.stderr);
    const res = JSON.parse(ok.stdout);
    assert.equal(res.rows_imported, 2);
    assert.equal(res.rows_rejected, 6);
    assert.equal(res.who, 'cli');
    const lines = readFileSync(report, 'utf8').trim().split('\n');
    assert.equal(lines.length, 7);
    assert.match(lines[1], /,3,starts,/);
    const empty = cli(srv.db, ['import', 'needs', join(DATA, 'empty.csv')]);
    assert.equal(empty.status, 2);
    assert.match(empty.stderr, /empty/);
    const ilr = cli(srv.db, ['import', 'ilr', join(DATA, 'ilr', 'field-length--ILR-10033670-1819-20181026-121441-03.xml')]);
    assert.equal(ilr.status, 2);
    assert.match(ilr.stderr, /learner 1 \(LearnRefNumber L49LearnRefMoreThan12Chars\): field length/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an adoption that fails part way leaves no priority without its evidence', async () => {
  const cand = (await anon().req('GET', '/api/areas/E69000025/priorities')).data;
  const pick = cand.priorities[1];
  const erb = new Client(srv.base);
  assert.equal((await erb.signIn(OX_ERB)).status, 201);
  const count = () => sql(srv.db, 'SELECT (SELECT COUNT(*) FROM lsip_priorities) || \' \' || '
    + '(SELECT COUNT(*) FROM lsip_evidence)').stdout.trim();
  const before = count();
  // The snapshot, the last of the three writes, is refused by a trigger.
  const trig = sql(srv.db, PG_ADMIN
    ? "CREATE FUNCTION t_fail_fn() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'refused for the test'; END$$;"
      + ' CREATE TRIGGER t_fail BEFORE INSERT ON ev_adopted FOR EACH ROW EXECUTE FUNCTION t_fail_fn()'
    : "CREATE TRIGGER t_fail BEFORE INSERT ON ev_adopted BEGIN SELECT RAISE(ABORT, 'refused for the test'); END;");
  assert.equal(trig.status, 0, trig.stderr);
  try {
    const r = await erb.req('POST', '/api/areas/E69000025/priorities/adopt',
      { json: { pathway_code: pick.pathway_code, level: pick.level, year: cand.year } });
    assert.ok(r.status >= 400, r.text);
    assert.equal(count(), before, 'neither the priority nor its evidence record stays');
  } finally {
    sql(srv.db, PG_ADMIN ? 'DROP TRIGGER t_fail ON ev_adopted' : 'DROP TRIGGER t_fail;');
  }
});

test('the import records are for signed-in users', async () => {
  assert.equal((await anon().req('GET', '/api/evidence/imports')).status, 401);
  const dfe = await signedIn(srv.base, 'dfe_admin');
  const r = await dfe.req('GET', '/api/evidence/imports');
  assert.equal(r.status, 200);
  assert.ok(r.data.items.some((i) => i.file_name === 'provision.csv' && i.who === 'cli'));
});

test('the ERB turns a candidate priority into a plan priority with its evidence', async () => {
  const cand = (await anon().req('GET', '/api/areas/E69000025/priorities')).data;
  const first = cand.priorities[0];
  // the public and other roles may not
  assert.equal((await anon().req('POST', '/api/areas/E69000025/priorities/adopt',
    { json: { pathway_code: first.pathway_code, level: first.level, year: cand.year } })).status, 401);
  const erb = new Client(srv.base);
  assert.equal((await erb.signIn(OX_ERB)).status, 201);
  const notCand = await erb.req('POST', '/api/areas/E69000025/priorities/adopt',
    { json: { pathway_code: 'HB-HBA', level: '2', year: cand.year } });
  assert.equal(notCand.status, 404);
  assert.match(notCand.data.error.message, /not a candidate priority/);
  const r = await erb.req('POST', '/api/areas/E69000025/priorities/adopt',
    { json: { pathway_code: first.pathway_code, level: first.level, year: cand.year } });
  assert.equal(r.status, 201, r.text);
  assert.ok(r.data.priority_id > 0 && r.data.lsip_evidence_id > 0);
  const plan = await erb.req('GET', `/api/plans/${r.data.plan_id}`);
  assert.equal(plan.status, 200);
  const p = plan.data.priorities.find((x) => x.id === r.data.priority_id);
  assert.ok(p, 'the plan lists the new priority');
  assert.equal(p.pathway_code, first.pathway_code);
  const ev = plan.data.evidence.find((e) => e.id === r.data.lsip_evidence_id);
  assert.match(ev.why_robust, new RegExp(`gap ${first.gap}`));
});

test('adopting a candidate the plan already holds shows the existing priority', async () => {
  const cand = (await anon().req('GET', '/api/areas/E69000025/priorities')).data;
  const pick = cand.priorities[cand.priorities.length - 1];
  const erb = new Client(srv.base);
  assert.equal((await erb.signIn(OX_ERB)).status, 201);
  const count = () => spawnSync('sqlite3', [srv.db, 'SELECT COUNT(*) FROM lsip_priorities;'],
    { encoding: 'utf8' }).stdout.trim();
  const body = { json: { pathway_code: pick.pathway_code, level: pick.level, year: cand.year } };
  const first = await erb.req('POST', '/api/areas/E69000025/priorities/adopt', body);
  assert.equal(first.status, 201, first.text);
  assert.equal(first.data.existing, false);
  const n = count();
  const again = await erb.req('POST', '/api/areas/E69000025/priorities/adopt', body);
  assert.equal(again.status, 200, again.text);
  assert.equal(again.data.existing, true);
  assert.equal(again.data.priority_id, first.data.priority_id);
  assert.match(again.data.message, new RegExp(`already holds this candidate as priority ${first.data.priority_id}`));
  assert.equal(count(), n, 'no second priority');
  // The browser's form: a redirect to the evidence page naming the existing priority.
  const form = new URLSearchParams({ csrf_token: erb.csrf, pathway_code: pick.pathway_code,
    level: pick.level ?? '', year: String(cand.year) });
  const r = await erb.req('POST', '/areas/E69000025/evidence/adopt',
    { body: form.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 303, r.text);
  const loc = r.headers.get('location');
  assert.match(loc, new RegExp(`adopted=${first.data.priority_id}&existing=1`));
  const page = await erb.req('GET', loc);
  assert.match(page.text, new RegExp(`already holds this candidate as priority ${first.data.priority_id}`));
  assert.equal(count(), n);
});

test('EES figures summed to an area as it stood on a date', async () => {
  const real = join(DATA, 'ees', 'real', 'ees_achievements_ssa_tier1_lad_202122.csv');
  const imp = cli(srv.db, ['import', 'ees', real]);
  assert.equal(imp.status, 0, imp.stderr);
  assert.match(imp.stdout, /5457 rows read, 5457 imported, 0 rejected, 204 unplaced/);
  // Cumbria in 2022: Allerdale, Barrow, Carlisle, Copeland, Eden, South Lakeland.
  let r = await anon().req('GET', '/api/areas/E69000006/ees?as_of=2022-06-01');
  assert.equal(r.status, 200, r.text);
  const tot = r.data.rows.find((x) => x.filters.ssa_t1_desc === 'Total');
  assert.equal(tot.value, 170 + 300 + 150 + 140 + 50 + 140);
  assert.equal(tot.districts, 6);
  const arts = r.data.rows.find((x) => x.filters.ssa_t1_desc === 'Arts, Media and Publishing');
  assert.deepEqual([arts.value, arts.suppressed, arts.symbols, arts.ssa_code], [10, 5, ['~'], '9.00']);
  // Somerset as it stands in 2026 holds Mendip, Sedgemoor, South Somerset and
  // Somerset West and Taunton; in 2024 the area did not exist.
  r = await anon().req('GET', '/api/areas/E69000046/ees?as_of=2026-01-01');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.rows.find((x) => x.filters.ssa_t1_desc === 'Total').value, 140 + 440 + 400 + 280);
  r = await anon().req('GET', '/api/areas/E69000046/ees?as_of=2024-01-01');
  assert.equal(r.status, 404);
  r = await anon().req('GET', '/api/areas/E69000006/ees?as_of=2022-02-30');
  assert.equal(r.status, 400);
  assert.equal(r.data.error.field, 'as_of');
  // The CLI gives the same sums, as CSV.
  const c = cli(srv.db, ['ees', '--area', 'E69000006', '--as-of', '2022-06-01', '--csv']);
  assert.equal(c.status, 0, c.stderr);
  assert.match(c.stdout, /^area_code,area_name,period,time_identifier,notional_nvq_level,ethnicity_group,gender,ssa_t1_desc,indicator,value,districts,suppressed,symbols,total,ssa_code\n/);
  assert.match(c.stdout, /E69000006,Cumbria,202122,,Total,Total,Total,Total,e_and_t_aims_ach,950,6,0,,1,\n/);
  // And the evidence page shows the table.
  const page = await anon().req('GET', '/areas/E69000006/evidence?as_of=2022-06-01');
  assert.equal(page.status, 200);
  assert.match(page.text, /id="ees-table"/);
  assert.match(page.text, /at least 10/);
});
