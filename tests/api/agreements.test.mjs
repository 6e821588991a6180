// agreements.test.mjs: the agreements, indicators, funding and eligibility
// API (issue 6) against the real server with the agreements demo data: who
// may read and edit (parties and funders edit, the public reads published
// agreements), every refusal with its rule named and nothing written, the
// review clock, reallocation (dry run, conservation to the penny, committed
// money never moved, one run per review date), eligibility naming the rule
// that decided, duplication, 360Giving exports and indicators.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, signedIn, cli } from '../lib/server.mjs';

let srv;
before(async () => {
  srv = await startServer();
  const r = cli(srv.db, ['agreement', 'demo']);
  assert.equal(r.status, 0, `agreement demo failed: ${r.stderr}`);
});
after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, `server should stop cleanly; stderr: ${srv.stderr()}`);
});

const anon = () => new Client(srv.base);

async function byTitle(client, re) {
  const r = await client.req('GET', '/api/agreements');
  assert.equal(r.status, 200);
  const a = r.data.items.find((x) => re.test(x.title));
  assert.ok(a, `agreement matching ${re} is listed`);
  return a;
}

async function count(client) {
  return (await client.req('GET', '/api/agreements')).data.count;
}

test('the public lists published agreements only; drafts are hidden', async () => {
  const pub = await anon().req('GET', '/api/agreements');
  assert.equal(pub.status, 200);
  assert.ok(pub.data.items.every((a) => a.state === 'published'));
  assert.equal(pub.data.items.filter((a) => a.kind === 'sector_compact').length, 10);
  const dfe = await signedIn(srv.base, 'dfe_admin');
  const all = await dfe.req('GET', '/api/agreements');
  const draft = all.data.items.find((a) => a.state === 'draft');
  assert.ok(draft, 'DfE sees the draft alliance');
  const hidden = await anon().req('GET', `/api/agreements/${draft.id}`);
  assert.equal(hidden.status, 404);
});

test('a sector compact with parties, targets, reviews on the clock and its list', async () => {
  const a = await byTitle(anon(), /Broadcast/);
  const r = await anon().req('GET', `/api/agreements/${a.id}?as_of=2009-11-10`);
  assert.equal(r.status, 200);
  const c = r.data;
  assert.deepEqual(c.parties.map((p) => p.role).sort(), ['funding_agency', 'government_department', 'sector_body']);
  assert.equal(c.parties.find((p) => p.role === 'sector_body').org_name, 'Skillset');
  assert.ok(c.targets.length >= 3);
  assert.equal(c.reviews.length, 6, 'six-monthly over three years (000 Q3)');
  assert.equal(c.reviews[0].status, 'met');
  assert.equal(c.reviews[1].formal, true);
  assert.equal(c.reviews[2].due, '2009-11-27');
  assert.equal(c.reviews[2].status, 'due', 'the review due 2009-11-27 is due on 2009-11-10');
  assert.equal(c.reviews[3].status, 'upcoming');
  assert.match(c.reviews[0].source, /000_7a3ba3d30b329542\.txt/);
  assert.ok(c.qualifications.length >= 1);
  const late = await anon().req('GET', `/api/agreements/${a.id}?as_of=2009-12-01`);
  assert.equal(late.data.reviews[2].status, 'overdue');
});

test('the Leicestershire compact: 24 signatories against all VCS providers by July 2006', async () => {
  const a = await byTitle(anon(), /Leicestershire/);
  const before = await anon().req('GET', `/api/agreements/${a.id}?as_of=2006-03-01`);
  assert.equal(before.data.signatories.signed, 24);
  assert.equal(before.data.signatories.status, 'open');
  const afterDate = await anon().req('GET', `/api/agreements/${a.id}?as_of=2006-08-01`);
  assert.equal(afterDate.data.signatories.status, 'missed');
  assert.equal(afterDate.data.reviews[0].due, '2006-01-26', 'first review at six months (003)');
  assert.equal(afterDate.data.reviews[1].due, '2007-01-26', 'then yearly');
  const report = await anon().req('GET', `/api/agreements/${a.id}/report?year=1`);
  assert.equal(report.status, 200);
  assert.equal(report.data.period_start, '2005-07-27');
  assert.equal(report.data.signatories.signed_by_year_end, 24);
  assert.equal(report.data.funding, null, 'money is not shown to the public');
  assert.equal((await anon().req('GET', `/api/agreements/${a.id}/report?year=0`)).status, 400);
});

test('refusals name the rule and change nothing', async () => {
  const dfe = await signedIn(srv.base, 'dfe_admin');
  const n0 = await count(dfe);
  const long = await dfe.req('POST', '/api/agreements', { json: {
    kind: 'sector_compact', title: 'Too long', term_start: '2010-01-01', term_end: '2013-01-01' } });
  assert.equal(long.status, 400);
  assert.equal(long.data.error.field, 'term_end');
  assert.match(long.data.error.message, /three years.*000_7a3ba3d30b329542\.txt Q1/);
  const outside = await dfe.req('POST', '/api/agreements', { json: {
    kind: 'sector_compact', title: 'Targets outside', term_start: '2010-01-01', term_end: '2012-12-31',
    targets: [{ measure: 'learners', period_start: '2012-06-01', period_end: '2013-05-31', volume: 10 }] } });
  assert.equal(outside.status, 400);
  assert.match(outside.data.error.message, /outside the agreement's term/);
  const negative = await dfe.req('POST', '/api/agreements', { json: {
    kind: 'sector_compact', title: 'Negative', term_start: '2010-01-01', term_end: '2012-12-31',
    targets: [{ measure: 'learners', period_start: '2010-01-01', period_end: '2010-12-31', volume: -5 }] } });
  assert.equal(negative.status, 400);
  assert.match(negative.data.error.message, /negative/);
  const role = await dfe.req('POST', '/api/agreements', { json: {
    kind: 'alliance', title: 'Bad role', term_start: '2010-01-01', parties: [{ org_id: 1, role: 'sector_body' }] } });
  assert.equal(role.status, 400);
  assert.match(role.data.error.message, /rda_skills_team/);
  const bad = await dfe.req('POST', '/api/agreements', { body: '{"kind": ', headers: { 'Content-Type': 'application/json' } });
  assert.equal(bad.status, 400);
  assert.equal(await count(dfe), n0, 'nothing was created');
});

test('only signed-in editors write: anonymous 401, viewer 403', async () => {
  const body = { kind: 'local_compact', title: 'X', term_start: '2010-01-01' };
  const a = await anon().req('POST', '/api/agreements', { json: body });
  assert.equal(a.status, 401);
  const viewer = await signedIn(srv.base, 'viewer');
  const v = await viewer.req('POST', '/api/agreements', { json: body });
  assert.equal(v.status, 403);
});

test('parties edit their own agreement; others may not', async () => {
  const dfe = await signedIn(srv.base, 'dfe_admin');
  const orgs = await dfe.req('GET', '/api/orgs?q=Airedale');
  const airedale = orgs.data.items[0].id;
  const created = await dfe.req('POST', '/api/agreements', { json: {
    kind: 'local_compact', title: 'Airedale learning compact', term_start: '2024-01-01', term_end: '2026-12-31',
    parties: [{ org_id: airedale, role: 'funding_body' }] } });
  assert.equal(created.status, 201);
  const id = created.data.id;
  const target = { measure: 'learners', period_start: '2024-01-01', period_end: '2024-12-31', volume: 300 };
  const provider = await signedIn(srv.base, 'provider_editor');
  assert.equal((await provider.req('POST', `/api/agreements/${id}/targets`, { json: target })).status, 201);
  const erb = await signedIn(srv.base, 'erb_editor');
  const denied = await erb.req('POST', `/api/agreements/${id}/targets`, { json: { ...target, period_start: '2025-01-01', period_end: '2025-12-31' } });
  assert.equal(denied.status, 403);
  const act = await provider.req('POST', `/api/agreements/${id}/actions`, { json: { title: 'Open evening', due_date: '2024-06-30' } });
  assert.equal(act.status, 201);
  const sub = await provider.req('POST', `/api/agreements/${id}/actions`, { json: { title: 'Book the hall', parent_id: act.data.id, progress: 40 } });
  assert.equal(sub.status, 201);
  assert.equal((await provider.req('PATCH', `/api/agreement-actions/${sub.data.id}`, { json: { status: 'in_progress', progress: 60 } })).status, 200);
  assert.equal((await erb.req('PATCH', `/api/agreement-actions/${sub.data.id}`, { json: { status: 'done' } })).status, 403);
  assert.equal((await provider.req('PATCH', `/api/agreement-actions/${sub.data.id}`, { json: { status: 'finished' } })).status, 400);
  const read = await provider.req('GET', `/api/agreements/${id}?as_of=2024-07-01`);
  assert.equal(read.data.targets.length, 1, 'the refused target was not written');
  assert.equal(read.data.actions[0].progress, 60, 'progress rolled up from the sub-action');
  assert.equal(read.data.actions[0].overdue, true);
  // A draft is not public; publishing needs the core roles.
  assert.equal((await anon().req('GET', `/api/agreements/${id}`)).status, 404);
  const pub = await dfe.req('POST', `/api/agreements/${id}/publish`, { json: {} });
  assert.equal(pub.status, 409);
  assert.match(pub.data.error.message, /vcs_consortium/);
});

test('a signatory must be a provider; a review is recorded against the clock', async () => {
  const dfe = await signedIn(srv.base, 'dfe_admin');
  const a = await byTitle(dfe, /Leicestershire/);
  const emp = await dfe.req('GET', '/api/orgs?q=Brightwater');
  const no = await dfe.req('POST', `/api/agreements/${a.id}/signatories`, { json: { org_id: emp.data.items[0].id, signed_on: '2006-02-01' } });
  assert.equal(no.status, 400);
  assert.match(no.data.error.message, /003_74d2a3b73f9382d8\.txt/);
  const rev = await dfe.req('POST', `/api/agreements/${a.id}/reviews`, { json: { held_on: '2007-01-20', notes: 'Annual review' } });
  assert.equal(rev.status, 201);
  assert.equal(rev.data.reviews[1].status, 'met');
  const badDate = await dfe.req('POST', `/api/agreements/${a.id}/reviews`, { json: { held_on: '2007-02-30' } });
  assert.equal(badDate.status, 400);
  assert.equal(badDate.data.error.field, 'held_on');
});

test('reallocation: dry run, then made once, total conserved, committed money kept', async () => {
  const funder = await signedIn(srv.base, 'funder');
  const before = await funder.req('GET', '/api/funding/allocations');
  assert.equal(before.status, 200);
  const total0 = before.data.items.reduce((n, a) => n + a.amount_pence, 0);
  const dry = await funder.req('POST', '/api/funding/reallocate', { json: { as_of: '2010-01-31', dry_run: true } });
  assert.equal(dry.status, 200);
  assert.ok(dry.data.moves.length >= 2);
  assert.equal(dry.data.total_before_pence, dry.data.total_after_pence);
  for (const m of dry.data.moves) assert.match(m.reason, /000_7a3ba3d30b329542\.txt Q12/);
  const still = await funder.req('GET', '/api/funding/allocations');
  assert.deepEqual(still.data.items.map((a) => a.amount_pence), before.data.items.map((a) => a.amount_pence), 'a dry run writes nothing');
  const made = await funder.req('POST', '/api/funding/reallocate', { json: { as_of: '2010-01-31' } });
  assert.equal(made.status, 201);
  assert.deepEqual(made.data.moves, dry.data.moves, 'the moves made are the moves shown');
  const after = await funder.req('GET', '/api/funding/allocations');
  assert.equal(after.data.items.reduce((n, a) => n + a.amount_pence, 0), total0, 'conserved to the penny');
  for (const a of after.data.items) assert.ok(a.amount_pence >= a.delivered_pence + a.committed_pence, 'committed money kept');
  const again = await funder.req('POST', '/api/funding/reallocate', { json: { as_of: '2010-01-31' } });
  assert.equal(again.status, 409);
  const moves = await funder.req('GET', '/api/funding/moves');
  assert.equal(moves.data.count, made.data.moves.length);
  const viewer = await signedIn(srv.base, 'viewer');
  assert.equal((await viewer.req('POST', '/api/funding/reallocate', { json: { as_of: '2010-02-28' } })).status, 403);
});

test('moving committed money or a negative amount is refused', async () => {
  const funder = await signedIn(srv.base, 'funder');
  const allocs = (await funder.req('GET', '/api/funding/allocations')).data.items;
  const a = allocs[0];
  const other = allocs.find((x) => x.agreement_id !== a.agreement_id);
  const free = a.amount_pence - a.delivered_pence - a.committed_pence;
  const tooMuch = await funder.req('POST', '/api/funding/moves', { json: {
    from_agreement_id: a.agreement_id, to_agreement_id: other.agreement_id, amount_pence: free + 1,
    reason: 'test', as_of: '2010-03-01' } });
  assert.equal(tooMuch.status, 409);
  assert.match(tooMuch.data.error.message, /committed/);
  const neg = await funder.req('POST', '/api/funding/moves', { json: {
    from_agreement_id: a.agreement_id, to_agreement_id: other.agreement_id, amount_pence: -100,
    reason: 'test', as_of: '2010-03-01' } });
  assert.equal(neg.status, 400);
  const negAlloc = await funder.req('POST', '/api/funding/allocations', { json: {
    agreement_id: a.agreement_id, provider_org_id: a.provider_org_id, programme: 'train_to_gain',
    period_start: '2009-08-01', period_end: '2010-07-31', amount_pence: -1 } });
  assert.equal(negAlloc.status, 400);
  const after = (await funder.req('GET', '/api/funding/allocations')).data.items;
  assert.deepEqual(after.map((x) => x.amount_pence), allocs.map((x) => x.amount_pence), 'nothing moved');
});

test('eligibility names the rule that decided; unknown codes are refused', async () => {
  const dfe = await signedIn(srv.base, 'dfe_admin');
  const q = (p) => dfe.req('GET', '/api/eligibility?' + new URLSearchParams(p));
  const second = await q({ learner: 'DEMO-L3', qualification: 'DEMO0201', programme: 'train_to_gain', start: '2009-09-01' });
  assert.equal(second.status, 200);
  assert.equal(second.data.eligible, true);
  assert.equal(second.data.decided_by.code, 'second_level3');
  const notListed = await q({ learner: 'DEMO-L3', qualification: 'DEMO0802', programme: 'train_to_gain', start: '2009-09-01' });
  assert.equal(notListed.data.decided_by.code, 'repeat_level2', 'a Level 2 after a Level 3 is a repeat, not a second Level 3');
  assert.equal(notListed.data.eligible, true);
  const repeat = await q({ learner: 'DEMO-L2', qualification: 'DEMO2001', programme: 'train_to_gain', start: '2009-09-01' });
  assert.equal(repeat.data.eligible, true);
  assert.equal(repeat.data.decided_by.code, 'repeat_level2');
  const lapsed = await q({ learner: 'DEMO-L2', qualification: 'DEMO2001', programme: 'train_to_gain', start: '2012-01-01' });
  assert.equal(lapsed.data.eligible, false);
  assert.equal(lapsed.data.decided_by.code, 'repeat_level2');
  const unknown = await q({ learner: 'NOBODY', qualification: 'DEMO0201', programme: 'train_to_gain', start: '2009-09-01' });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.data.error.field, 'learner');
  const badQual = await q({ learner: 'DEMO-L3', qualification: 'ZZZ', programme: 'train_to_gain', start: '2009-09-01' });
  assert.equal(badQual.status, 400);
  assert.equal(badQual.data.error.field, 'qualification');
  assert.equal((await anon().req('GET', '/api/eligibility?learner=DEMO-L3')).status, 401);
  const rules = await anon().req('GET', '/api/eligibility/rules');
  assert.equal(rules.data.items.length, 9);
});

test('qualifications, learners and list entries feed the eligibility rules', async () => {
  const dfe = await signedIn(srv.base, 'dfe_admin');
  const q = await dfe.req('POST', '/api/qualifications', { json: { code: 'DEMO0999', title: 'Demo: Level 3 NVQ in Hospitality', level: '3', valid_from: '2008-01-01' } });
  assert.equal(q.status, 201);
  const badLevel = await dfe.req('POST', '/api/qualifications', { json: { code: 'DEMO0998', title: 'X', level: '12', valid_from: '2008-01-01' } });
  assert.equal(badLevel.status, 400);
  assert.equal(badLevel.data.error.field, 'level');
  const l = await dfe.req('POST', '/api/learners', { json: { ref: 'API-L1', achievements: [{ level: '3', achieved_on: '2007-06-30' }] } });
  assert.equal(l.status, 201);
  const ask = () => dfe.req('GET', '/api/eligibility?' + new URLSearchParams({ learner: 'API-L1', qualification: 'DEMO0999', programme: 'train_to_gain', start: '2009-09-01' }));
  assert.equal((await ask()).data.eligible, false);
  const hosp = await byTitle(dfe, /Hospitality/);
  const add = await dfe.req('POST', `/api/agreements/${hosp.id}/qualifications`, { json: { code: 'DEMO0999' } });
  assert.equal(add.status, 201);
  // A compact's flexibility belongs to its sector (000 Q6): a learner whose
  // employer's sector is not known is not funded under it ...
  const unknownSector = await ask();
  assert.equal(unknownSector.data.eligible, false);
  assert.equal(unknownSector.data.decided_by.code, 'compact_sector');
  // ... one whose employer is a covered employer of the Hospitality compact is.
  const hotel = await dfe.req('POST', '/api/orgs', { json: { name: 'Demo Hotel Ltd (test)', kind: 'employer', size_band: 'small' } });
  assert.equal(hotel.status, 201, hotel.text);
  const party = await dfe.req('POST', `/api/agreements/${hosp.id}/parties`, { json: { org_id: hotel.data.id, role: 'covered_employer' } });
  assert.equal(party.status, 201, party.text);
  assert.equal((await dfe.req('POST', '/api/learners', { json: { ref: 'API-L1', employer_org_id: hotel.data.id } })).status, 201);
  const yes = await ask();
  assert.equal(yes.data.eligible, true);
  assert.equal(yes.data.decided_by.code, 'second_level3');
  assert.equal(yes.data.agreement.id, hosp.id);
  const flex = await dfe.req('POST', `/api/agreements/${hosp.id}/flexibilities`, { json: { kind: 'mapping_tools', period_start: '2012-01-01', period_end: '2012-06-30' } });
  assert.equal(flex.status, 400, 'a flexibility outside the term is refused');
  const viewer = await signedIn(srv.base, 'viewer');
  assert.equal((await viewer.req('POST', '/api/learners', { json: { ref: 'API-L2' } })).status, 403);
});

test('duplication: the same learner funded twice and the same action in two alliances', async () => {
  const dfe = await signedIn(srv.base, 'dfe_admin');
  const r = await dfe.req('GET', '/api/funding/duplicates');
  assert.equal(r.status, 200);
  assert.equal(r.data.funding.length, 1);
  assert.equal(r.data.funding[0].learner_ref, 'DEMO-L1');
  assert.notEqual(r.data.funding[0].a.agreement_id, r.data.funding[0].b.agreement_id);
  assert.equal(r.data.actions.length, 1);
  assert.match(r.data.actions[0].a.title, /careers information/i);
});

test('360Giving exports carry the required fields; agreements export', async () => {
  const funder = await signedIn(srv.base, 'funder');
  const j = await funder.req('GET', '/api/funding/export?format=360giving-json');
  assert.equal(j.status, 200);
  assert.ok(j.data.grants.length >= 4);
  for (const g of j.data.grants) {
    for (const k of ['id', 'title', 'description', 'currency', 'amountAwarded', 'awardDate', 'recipientOrganization', 'fundingOrganization'])
      assert.ok(g[k] !== undefined, `${k} present`);
    assert.equal(g.currency, 'GBP');
    assert.equal(typeof g.amountAwarded, 'number');
  }
  assert.ok(j.data.grants.some((g) => g.beneficiaryLocation?.[0]?.geoCode?.startsWith('E69')), 'ONS area codes');
  const c = await funder.req('GET', '/api/funding/export?format=360giving-csv');
  assert.match(c.headers.get('content-type'), /text\/csv/);
  assert.match(c.text.split('\r\n')[0], /^Identifier,Title,Description,Currency,Amount Awarded,Award Date/);
  const pub = await anon().req('GET', '/api/funding/export?format=agreements-json');
  assert.equal(pub.status, 401);
  const ag = await funder.req('GET', '/api/funding/export?format=agreements-csv');
  assert.match(ag.text, /Train to Gain sector compact: Justice/);
  const bad = await funder.req('GET', '/api/funding/export?format=xml');
  assert.equal(bad.status, 400);
});

test('indicators from One Year On: progress, trend and status with sources', async () => {
  const r = await anon().req('GET', '/api/indicators?as_of=2010-03-31');
  assert.equal(r.status, 200);
  const by = Object.fromEntries(r.data.items.map((i) => [i.code, i]));
  const pledge = by.skills_pledge_employees.targets[0];
  assert.equal(pledge.kind, 'aspiration');
  assert.equal(pledge.value, 8000000);
  assert.ok(Math.abs(pledge.progress - 0.875) < 1e-9);
  assert.match(pledge.source, /002_ff544af7dd4315b9\.txt/);
  assert.equal(by.apprenticeship_completions.targets[0].status, 'met');
  assert.equal(by.ulrs_trained.targets[0].status, 'met');
  assert.equal(by.union_learners.targets[0].status, 'at_risk');
  const later = await anon().req('GET', '/api/indicators/union_learners?as_of=2011-01-01');
  assert.equal(later.data.targets[0].status, 'missed');
  const dfe = await signedIn(srv.base, 'dfe_admin');
  const add = await dfe.req('POST', '/api/indicators/union_learners/values', { json: { value: 245000, on_date: '2010-07-31', source: 'test figure' } });
  assert.equal(add.status, 201);
  const trend = await anon().req('GET', '/api/indicators/union_learners?as_of=2010-08-01');
  assert.equal(trend.data.targets[0].status, 'on_track', 'two points: the trend reaches 250,000 before the end of 2010');
  assert.ok(trend.data.targets[0].trend_reaches_on < '2010-12-31');
  const noSource = await dfe.req('POST', '/api/indicators/union_learners/values', { json: { value: 1, on_date: '2010-08-31' } });
  assert.equal(noSource.status, 400);
  assert.equal(noSource.data.error.field, 'source');
});
