// lsip.test.mjs: the LSIP JSON API against the real server: the statutory
// clock (/api/deadlines, the iCalendar feed), role enforcement on every
// endpoint (anonymous 401, wrong role 403, and nothing written), the whole
// designation-to-publication flow with its refusals naming the rule and
// section, the register of interests and the recusal rule, and providers.
// It works on West Yorkshire (E69000037), which no demo designates.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, Client, signedIn, cli, writeReportTexts } from '../lib/server.mjs';

const WY = 'E69000037';
let srv, dfe, erb, prov, mca, viewer, funder, erb2;
const anon = () => new Client(srv.base);

async function orgId(name) {
  const r = await anon().req('GET', `/api/orgs?q=${encodeURIComponent(name)}&limit=5`);
  const o = r.data.items.find((x) => x.name === name);
  assert.ok(o, `organisation ${name} exists in the demo`);
  return o.id;
}
async function count(path) {
  const r = await dfe.req('GET', path);
  return r.data.count ?? r.data.items.length;
}
// Every role in `roles` gets `status` for the request, and nothing changes.
async function refusedFor(clients, method, path, json, status, countPath) {
  const before = countPath ? await count(countPath) : 0;
  for (const [name, c] of Object.entries(clients)) {
    const r = await c.req(method, path, { json });
    assert.equal(r.status, status, `${name} ${method} ${path}: ${r.text}`);
    assert.ok(r.data && r.data.error, 'errors are JSON');
  }
  if (countPath) assert.equal(await count(countPath), before, 'nothing was written');
}

before(async () => {
  srv = await startServer();
  [dfe, erb, prov, mca, viewer, funder] = await Promise.all(
    ['dfe_admin', 'erb_editor', 'provider_editor', 'mca_reviewer', 'viewer', 'funder'].map((r) => signedIn(srv.base, r)));
  // a second ERB account in another body, to test "an ERB edits its own area only"
  const kent = await orgId('Kent Coast Chamber of Commerce');
  const pw = join(srv.dir, 'pw.txt');
  writeFileSync(pw, 'another-long-password\n');
  const add = cli(srv.db, ['user', 'add', '--email', 'erb2@demo.skillplan.test', '--name', 'Kim Kent',
    '--org', String(kent), '--role', 'erb_editor', '--password-file', pw]);
  assert.equal(add.status, 0, add.stderr);
  erb2 = new Client(srv.base);
  assert.equal((await erb2.signIn('erb2@demo.skillplan.test', 'another-long-password')).status, 201);
});
after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, `server should stop cleanly on SIGTERM; stderr: ${srv.stderr()}`);
});

const designation = (org) => ({
  area_code: WY, org_id: org, effective_date: '2026-01-05', body_corporate: true,
  not_crown_servant: true, not_sos_appointed: true, not_public_authority: true, capable: true,
  reasonably_representative: true, consent_date: '2026-01-02', consent_ref: 'DfE/LSIP/WY/1',
  terms: 'Standard LSIP terms',
});

test('deadlines: public, dated, validated', async () => {
  const r = await anon().req('GET', `/api/deadlines?area=${WY}&as_of=2026-11-23`);
  assert.equal(r.status, 200);
  assert.equal(r.data.as_of, '2026-11-23');
  assert.equal(r.data.due_within_days, 14);
  assert.ok(Array.isArray(r.data.items));
  const bad = await anon().req('GET', '/api/deadlines?as_of=2026-02-30');
  assert.equal(bad.status, 400);
  assert.equal(bad.data.error.field, 'as_of');
  const unknown = await anon().req('GET', '/api/deadlines?area=E69999999');
  assert.equal(unknown.status, 404);
  assert.match(unknown.data.error.message, /E69999999/);
});

test('the board is DfE\'s only', async () => {
  assert.equal((await anon().req('GET', '/api/lsip/board')).status, 401);
  for (const c of [erb, prov, mca, viewer, funder]) assert.equal((await c.req('GET', '/api/lsip/board')).status, 403);
  const r = await dfe.req('GET', '/api/lsip/board?as_of=2026-11-23&sort=name');
  assert.equal(r.status, 200);
  assert.equal(r.data.count, 42, "every live area is on the board, London's four sub-regional areas too");
  const old = await dfe.req('GET', '/api/lsip/board?as_of=2024-01-01');
  assert.equal(old.data.count, 38, 'the 38 areas before the 2025 redraw');
  const names = r.data.items.map((x) => x.area_name);
  assert.deepEqual(names, [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), 'sorted by name');
  const bad = await dfe.req('GET', '/api/lsip/board?sort=colour');
  assert.equal(bad.status, 400);
  assert.equal(bad.data.error.field, 'sort');
});

test('designation: only DfE, all answers required, one body per area', async () => {
  const calder = await orgId('Calder Valley Chamber of Commerce');
  const body = designation(calder);
  assert.equal((await anon().req('POST', '/api/designations', { json: body })).status, 401);
  await refusedFor({ erb, prov, mca, viewer, funder }, 'POST', '/api/designations', body, 403, '/api/designations');
  const noConsent = { ...body };
  delete noConsent.consent_date;
  const r1 = await dfe.req('POST', '/api/designations', { json: noConsent });
  assert.equal(r1.status, 400);
  assert.equal(r1.data.error.field, 'consent_date');
  assert.match(r1.data.error.message, /section 4\.1/);
  const notEligible = { ...body, not_public_authority: false };
  const r2 = await dfe.req('POST', '/api/designations', { json: notEligible });
  assert.equal(r2.status, 400);
  assert.match(r2.data.error.message, /public authority.*section 4\.1/);
  const ok = await dfe.req('POST', '/api/designations', { json: body });
  assert.equal(ok.status, 201, ok.text);
  assert.ok(ok.data.id > 0);
  const second = await dfe.req('POST', '/api/designations', { json: { ...body, org_id: await orgId('Kent Coast Chamber of Commerce') } });
  assert.equal(second.status, 409);
  assert.match(second.data.error.message, /one body per area at a time.*section 4\.1/);
  const notices = await anon().req('GET', `/api/notices?area=${WY}`);
  assert.equal(notices.data.items[0].kind, 'designation');
  assert.equal(notices.data.items[0].body_name, 'Calder Valley Chamber of Commerce');
  const atom = await anon().req('GET', '/notices.atom');
  assert.match(atom.headers.get('content-type'), /application\/atom\+xml/);
  assert.match(atom.text, /<entry>[\s\S]*Calder Valley Chamber of Commerce/);
});

test('monitoring writes: own ERB only, DfE decides and intervenes', async () => {
  const dp = { engagement: 'Round tables with employers and providers', estimated_funding_pence: 15000000 };
  const path = `/api/areas/${WY}/delivery-plans`;
  assert.equal((await anon().req('POST', path, { json: dp })).status, 401);
  await refusedFor({ dfe, prov, mca, viewer, funder }, 'POST', path, dp, 403);
  const other = await erb2.req('POST', path, { json: dp });
  assert.equal(other.status, 403);
  assert.match(other.data.error.message, /own area only \(section 4\.1\)/);
  const r = await erb.req('POST', path, { json: dp });
  assert.equal(r.status, 201, r.text);
  await refusedFor({ erb, prov, mca }, 'POST', `/api/areas/${WY}/delivery-plan-decision`, { decision: 'approve' }, 403);
  const noReasons = await dfe.req('POST', `/api/areas/${WY}/delivery-plan-decision`, { json: { decision: 'return' } });
  assert.equal(noReasons.status, 400);
  assert.equal((await dfe.req('POST', `/api/areas/${WY}/delivery-plan-decision`, { json: { decision: 'approve' } })).status, 201);
  const rep = { rag: 'amber', risks: 'Few small firms so far', mitigations: 'Growth hub sessions' };
  await refusedFor({ dfe, prov, mca, viewer }, 'POST', `/api/areas/${WY}/progress-reports`, rep, 403);
  assert.equal((await erb.req('POST', `/api/areas/${WY}/progress-reports`, { json: rep })).status, 201);
  const none = await dfe.req('GET', '/api/areas/E69000002/monitoring');
  assert.equal(none.status, 404);
  const noDes = await erb.req('POST', '/api/areas/E69000002/progress-reports', { json: rep });
  assert.ok([403, 404].includes(noDes.status));
  const lead = await dfe.req('POST', `/api/areas/${WY}/interventions`, { json: { level: 'leadership', reason: 'x' } });
  assert.equal(lead.status, 409);
  assert.match(lead.data.error.message, /section 4\.3\.2/);
  await refusedFor({ erb, prov, mca }, 'POST', `/api/areas/${WY}/interventions`, { level: 'working', reason: 'late' }, 403);
  assert.equal((await dfe.req('POST', `/api/areas/${WY}/interventions`, { json: { level: 'working', reason: 'Report late' } })).status, 201);
  assert.equal((await anon().req('GET', `/api/areas/${WY}/monitoring`)).status, 401);
  for (const c of [prov, mca, viewer, funder, erb2]) assert.equal((await c.req('GET', `/api/areas/${WY}/monitoring`)).status, 403);
  assert.equal((await erb.req('GET', `/api/areas/${WY}/monitoring`)).status, 200);
  const mon = await dfe.req('GET', `/api/areas/${WY}/monitoring`);
  assert.equal(mon.data.delivery_plans[0].state, 'approved');
  assert.equal(mon.data.progress_reports.length, 1);
  assert.equal(mon.data.interventions[0].level, 'working');
  const dl = await anon().req('GET', `/api/deadlines?area=${WY}`);
  assert.ok(dl.data.items.some((i) => i.rule === 'delivery_plan' && i.status === 'met'));
});

test('register of interests and the recusal rule', async () => {
  const airedale = await orgId('Airedale College');
  const me = (await erb.req('GET', '/api/session')).data.user;
  const entry = { person_name: me.name, user_id: me.id, interest_org_id: airedale, nature: 'Governor of Airedale College' };
  await refusedFor({ dfe, prov, mca }, 'POST', `/api/areas/${WY}/interests`, entry, 403);
  assert.equal((await erb2.req('POST', `/api/areas/${WY}/interests`, { json: entry })).status, 403);
  const r = await erb.req('POST', `/api/areas/${WY}/interests`, { json: entry });
  assert.equal(r.status, 201, r.text);
  assert.equal((await erb.req('POST', `/api/areas/${WY}/coi-policy`, { json: { policy: 'Declare and recuse.' } })).status, 201);
  const reg = await anon().req('GET', `/api/areas/${WY}/register`);
  assert.equal(reg.status, 200);
  assert.equal(reg.data.policy, 'Declare and recuse.');
  assert.equal(reg.data.interests[0].nature, 'Governor of Airedale College');
  const rel = { org_id: airedale, delivers_technical: true, publicly_funded: true, ofsted_inspected: true, teaches_in_area: true };
  const recused = await erb.req('POST', `/api/areas/${WY}/relevance`, { json: rel });
  assert.equal(recused.status, 403);
  assert.match(recused.data.error.message, /Governor of Airedale College.*section 4\.2/);
  await refusedFor({ prov, mca, viewer }, 'POST', `/api/areas/${WY}/relevance`, rel, 403);
  const decided = await dfe.req('POST', `/api/areas/${WY}/relevance`, { json: rel });
  assert.equal(decided.status, 201);
  assert.equal(decided.data.relevant, 1);
  assert.match(decided.data.reason, /section 3\.4/);
  const list = await anon().req('GET', `/api/areas/${WY}/relevance`);
  assert.equal(list.data.items.length, 1);
});

test('the plan: every transition by the right role, refusals naming the rule', async () => {
  await refusedFor({ dfe, prov, mca, erb2 }, 'POST', `/api/areas/${WY}/plans`, { title: 'x' }, 403);
  const created = await erb.req('POST', `/api/areas/${WY}/plans`, { json: { title: 'West Yorkshire LSIP' } });
  assert.equal(created.status, 201, created.text);
  const id = created.data.id;
  const tr = (c, action, note) => c.req('POST', `/api/plans/${id}/transitions`, { json: { action, note } });
  // approve a draft, publish before approval
  let r = await tr(dfe, 'approve');
  assert.equal(r.status, 409);
  assert.equal(r.data.error.code, 'invalid_transition');
  assert.match(r.data.error.message, /section 6\.5/);
  r = await tr(dfe, 'publish');
  assert.equal(r.status, 409);
  assert.match(r.data.error.message, /section 6\.6/);
  // stage records
  const airedale = await orgId('Airedale College');
  const northgate = await orgId('Northgate Training Ltd');
  const prio = { title: 'Digital support technicians', route_code: 'DIG', pathway_code: 'DIG-DSS', level_min: '3', level_max: '4',
    outcome: 'Vacancies filled locally', skills_components: 'Networking, cyber hygiene',
    change_needed: 'New level 4 course', retain_expand: 'expand', providers: [northgate] };
  await refusedFor({ dfe, prov, mca, erb2 }, 'POST', `/api/plans/${id}/priorities`, prio, 403);
  assert.equal((await erb.req('POST', `/api/plans/${id}/priorities`, { json: { ...prio, providers: [airedale] } })).status, 403,
    'recusal: the ERB user has an interest in Airedale College');
  assert.equal((await erb.req('POST', `/api/plans/${id}/priorities`, { json: { ...prio, route_code: 'NOPE' } })).status, 400);
  const madePrio = await erb.req('POST', `/api/plans/${id}/priorities`, { json: prio });
  assert.equal(madePrio.status, 201);
  assert.equal((await erb.req('POST', `/api/plans/${id}/needs`, { json: { title: 'IT support', employers: [{ name: 'Brightwater Engineering Ltd', small_firm: false }] } })).status, 201);
  assert.equal((await erb.req('POST', `/api/plans/${id}/actions`, { json: { title: 'Bootcamp', owner_kind: 'provider', owner_org_id: northgate, due_date: '2027-06-30', priority_id: madePrio.data.id } })).status, 201);
  assert.equal((await erb.req('POST', `/api/plans/${id}/evidence`, { json: { title: 'Survey', source: 'Chamber', why_robust: 'Weighted sample' } })).status, 201);
  assert.equal((await erb.req('PATCH', `/api/plans/${id}`, { json: { net_zero: 'Retrofit', mca_engagement_stages: 'A,B', mca_engagement_how: 'Workshops' } })).status, 201);
  assert.equal((await dfe.req('PATCH', `/api/plans/${id}`, { json: { net_zero: 'x' } })).status, 403);

  // not published: the public cannot read it
  assert.equal((await anon().req('GET', `/api/plans/${id}`)).status, 404);
  assert.equal((await anon().req('GET', `/api/areas/${WY}/plan`)).status, 404);
  // submit without the MCA statement in a mayoral area
  r = await tr(erb, 'submit');
  assert.equal(r.status, 409);
  assert.match(r.data.error.message, /MCA\/GLA statement \(sections 3\.5, 6\.4\)/);
  assert.equal((await tr(dfe, 'submit')).status, 403);
  const st = { engaged: true, had_opportunity: true, statement: 'We were engaged at stages A and B.' };
  await refusedFor({ dfe, erb, prov, viewer }, 'POST', `/api/plans/${id}/mca-statement`, st, 403);
  assert.equal((await mca.req('POST', `/api/plans/${id}/mca-statement`, { json: st })).status, 201);
  // the report's parts and stages are not written: the readiness check blocks (section 6.5)
  r = await tr(erb, 'submit');
  assert.equal(r.status, 409);
  assert.match(r.data.error.message, /blocking finding/);
  assert.equal((await erb.req('GET', `/api/plans/${id}`)).data.state, 'draft', 'nothing changed');
  await writeReportTexts(erb, WY);
  r = await tr(erb, 'submit');
  assert.equal(r.status, 201, r.text);
  // return needs feedback; then resubmit, approve, publish
  assert.equal((await tr(erb, 'return', 'x')).status, 403);
  r = await tr(dfe, 'return');
  assert.equal(r.status, 400);
  assert.equal(r.data.error.field, 'note');
  assert.equal((await tr(dfe, 'return', 'Say more about small firms')).status, 201);
  assert.equal((await tr(erb, 'submit')).status, 201);
  let plan = await dfe.req('GET', `/api/plans/${id}`);
  assert.equal(plan.data.state, 'resubmitted');
  assert.equal((await tr(erb, 'approve')).status, 403);
  assert.equal((await tr(dfe, 'approve')).status, 201);
  assert.equal((await tr(erb, 'publish')).status, 403);
  assert.equal((await tr(dfe, 'publish')).status, 201);
  plan = await anon().req('GET', `/api/areas/${WY}/plan`);
  assert.equal(plan.status, 200);
  assert.equal(plan.data.state, 'published');
  assert.deepEqual(plan.data.transitions.map((t) => t.to_state), ['submitted', 'returned', 'resubmitted', 'approved', 'published']);
  assert.equal(plan.data.priorities[0].provider_orgs[0].name, 'Northgate Training Ltd');
  // every state change is in the audit log
  const audit = await dfe.req('GET', '/api/audit?limit=200');
  const entries = (audit.data.items || audit.data.entries || audit.data).filter((e) => e.entity === 'lsip_plan');
  for (const a of ['submit', 'return', 'approve', 'publish']) assert.ok(entries.some((e) => e.action === a), `audited: ${a}`);
  // progress on an action after publication: its ERB only
  const act = plan.data.actions[0].id;
  await refusedFor({ dfe, prov, mca, erb2 }, 'POST', `/api/actions/${act}/status`, { status: 'done' }, 403);
  assert.equal((await erb.req('POST', `/api/actions/${act}/status`, { json: { status: 'finished' } })).status, 400);
  assert.equal((await erb.req('POST', `/api/actions/${act}/status`, { json: { status: 'in_progress' } })).status, 201);
  assert.equal((await anon().req('GET', `/api/areas/${WY}/plan`)).data.actions[0].status, 'in_progress');
  // providers' contributions after publication
  const pid = plan.data.priorities[0].id;
  await refusedFor({ erb, dfe, mca }, 'POST', `/api/priorities/${pid}/contributions`, { activity: 'x' }, 403);
  assert.equal((await prov.req('POST', `/api/priorities/${pid}/contributions`, { json: { activity: 'New L4 course' } })).status, 201);
  assert.equal((await prov.req('POST', `/api/areas/${WY}/cooperation`, { json: { kind: 'meeting', detail: 'Workshop' } })).status, 201);
  await refusedFor({ erb, dfe }, 'POST', `/api/areas/${WY}/cooperation`, { kind: 'meeting', detail: 'x' }, 403);
  const me = (await prov.req('GET', '/api/session')).data.user;
  const recs = await prov.req('GET', `/api/areas/${WY}/providers/${me.org_id}/records`);
  assert.equal(recs.data.cooperation.length, 1);
  assert.equal(recs.data.contributions.length, 1);
  assert.equal((await prov.req('GET', `/api/areas/${WY}/providers/${airedale + 1000}/records`)).status, 403);
});

test('the iCalendar feed', async () => {
  const r = await anon().req('GET', `/areas/${WY}/deadlines.ics?as_of=2026-11-23`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/calendar/);
  assert.ok(r.text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n'));
  assert.match(r.text, /DTSTART;VALUE=DATE:2026020\d\r\n/, 'the delivery plan date (designation 2026-01-05 + 28 days)');
  assert.ok(r.text.split('\r\n').every((l) => Buffer.byteLength(l) <= 75), 'lines folded at 75 octets');
  assert.ok(!/[^\r]\n/.test(r.text), 'CRLF line ends only');
});

test('every remaining write endpoint: anonymous 401, wrong roles 403', async () => {
  const plan = (await dfe.req('GET', `/api/areas/${WY}/plan`)).data;
  const pid = plan.priorities[0].id;
  const reg = (await anon().req('GET', `/api/areas/${WY}/register`)).data;
  const endpoints = [
    ['POST', `/api/areas/${WY}/terms`, { terms: 'New terms' }, { erb, prov, mca, viewer, funder }],
    ['POST', `/api/areas/${WY}/removal`, { reason: 'no_longer_eligible', removal_date: '2026-12-31' }, { erb, prov, mca, viewer, funder }],
    ['POST', `/api/areas/${WY}/plan-replacement`, {}, { dfe, prov, mca, viewer, erb2 }],
    ['POST', `/api/areas/${WY}/section5-reviews`, { how_well: 'x', actions: 'y' }, { dfe, erb, mca, viewer }],
    ['POST', `/api/areas/${WY}/coi-policy`, { policy: 'x' }, { dfe, prov, mca, erb2 }],
    ['POST', `/api/interests/${reg.interests[0].id}/end`, {}, { dfe, prov, mca, erb2 }],
    ['POST', `/api/plans/${plan.id}/needs`, { title: 'x' }, { dfe, prov, mca, erb2 }],
    ['POST', `/api/plans/${plan.id}/actions`, { title: 'x', owner_kind: 'employer' }, { dfe, prov, mca, erb2 }],
    ['POST', `/api/plans/${plan.id}/evidence`, { title: 'x', source: 'y', why_robust: 'z' }, { dfe, prov, mca, erb2 }],
    ['POST', `/api/plans/${plan.id}/transitions`, { action: 'review' }, { prov, mca, viewer, funder, erb2 }],
    ['POST', `/api/priorities/${pid}/contributions`, { activity: 'x' }, { viewer, funder }],
  ];
  const auditBefore = (await dfe.req('GET', '/api/audit?limit=1')).data;
  for (const [method, path, body, wrong] of endpoints) {
    assert.equal((await anon().req(method, path, { json: body })).status, 401, `anonymous ${path}`);
    await refusedFor(wrong, method, path, body, 403);
  }
  const auditAfter = (await dfe.req('GET', '/api/audit?limit=1')).data;
  assert.deepEqual(auditAfter, auditBefore, 'no refused request wrote anything');
  // the rightful roles: review and update the plan, end an interest
  const tr = (c, action, note) => c.req('POST', `/api/plans/${plan.id}/transitions`, { json: { action, note } });
  assert.equal((await tr(erb, 'review')).status, 201);
  assert.equal((await tr(erb, 'update', 'Refreshed')).status, 201);
  assert.equal((await tr(dfe, 'review')).status, 201, 'DfE may also start a review');
  assert.equal((await erb.req('POST', `/api/interests/${reg.interests[0].id}/end`, { json: {} })).status, 201);
  assert.equal((await dfe.req('POST', `/api/areas/${WY}/terms`, { json: { terms: 'Terms v2' } })).status, 201);
  const notices = await anon().req('GET', `/api/notices?area=${WY}`);
  assert.equal(notices.data.items[0].kind, 'terms_modified');
  const rm = await dfe.req('POST', `/api/areas/${WY}/removal`, { json: { reason: 'necessary_or_expedient', removal_date: '2026-12-31' } });
  assert.equal(rm.status, 400);
  assert.match(rm.data.error.message, /section 4\.1/);
});

test('unknown actions and ids are 404, bad bodies 400', async () => {
  assert.equal((await dfe.req('POST', `/api/areas/${WY}/nonsense`, { json: {} })).status, 404);
  assert.equal((await dfe.req('POST', '/api/plans/999999/transitions', { json: { action: 'approve' } })).status, 404);
  const bad = await dfe.req('POST', '/api/designations', { body: '{"area_code":', headers: { 'Content-Type': 'application/json' } });
  assert.equal(bad.status, 400);
});
