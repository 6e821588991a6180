// security_matrix.test.mjs: the role-by-record matrix of docs/security.md,
// walked against the real server (issue 10, findings 2 and 9). For every
// write and every read of a non-public record it tries each role (the
// public, then the six demo accounts) and checks it is allowed or refused as
// the matrix says: allowed answers 2xx, refused answers 401 to the public and
// 403 to a signed-in role, always with a message, and changes nothing.
//
// The scene, in West Yorkshire (E69000037, which no demo designates): DfE
// designates the demo ERB (Calder Valley); the ERB starts a draft plan; DfE
// decides the demo provider (Airedale College) is relevant; the provider
// records co-operation; the demo MCA (West Yorkshire CA) covers the area; the
// funder (CITB) makes and owns an agreement; DfE makes another.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, signedIn, cli } from '../lib/server.mjs';

const WY = 'E69000037';
const ROLES = ['public', 'dfe_admin', 'erb_editor', 'provider_editor', 'mca_reviewer', 'funder', 'viewer'];
let srv;
const c = {};
const ids = {};

async function orgId(name) {
  const r = await c.dfe_admin.req('GET', `/api/orgs?q=${encodeURIComponent(name)}&limit=5`);
  const o = r.data.items.find((x) => x.name === name);
  assert.ok(o, `organisation ${name} exists in the demo`);
  return o.id;
}

function ok(r, what) {
  assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${r.text}`);
  return r;
}

// Tries every role on one request. row: {name, method, path(role), body(role),
// allow: [roles], check(role, res)?}. Refused roles go first so a write by
// an allowed role cannot hide a refusal; `changed` (optional) reads a value
// that must not move while refused roles try.
async function walk(row) {
  const order = [...ROLES.filter((r) => !row.allow.includes(r)), ...ROLES.filter((r) => row.allow.includes(r))];
  const seen = row.changed ? await row.changed() : null;
  for (const role of order) {
    const path = typeof row.path === 'function' ? row.path(role) : row.path;
    const json = row.body ? row.body(role) : undefined;
    const r = await c[role].req(row.method, path, json === undefined ? {} : { json });
    const what = `${row.name}: ${role} ${row.method} ${path}`;
    if (row.allow.includes(role)) {
      ok(r, what);
      if (row.check) await row.check(role, r);
    } else {
      const want = role === 'public' ? [401, 404] : [403];
      assert.ok(want.includes(r.status), `${what} should be refused (${want}), got ${r.status} ${r.text}`);
      assert.ok(r.data?.error?.message, `${what}: the refusal says why`);
      if (role !== 'public' && r.status === 403) assert.ok(r.data.error.message.length > 20, `${what}: a message in words`);
      if (row.changed) assert.deepEqual(await row.changed(), seen, `${what}: nothing changed`);
    }
  }
}

before(async () => {
  srv = await startServer();
  c.public = new Client(srv.base);
  for (const r of ROLES.slice(1)) c[r] = await signedIn(srv.base, r);
  ids.calder = await orgId('Calder Valley Chamber of Commerce');
  ids.airedale = await orgId('Airedale College');
  ids.wyca = await orgId('West Yorkshire Combined Authority');
  ids.citb = await orgId('CITB (Construction Industry Training Board)');
  ids.dfe = await orgId('Department for Education');
  ids.brightwater = await orgId('Brightwater Engineering Ltd');
  ids.irwell = await orgId('Irwell Valley College');
  ids.medway = await orgId('Medway Riverside College');
  const dfe = c.dfe_admin;
  ok(await dfe.req('POST', '/api/designations', { json: {
    area_code: WY, org_id: ids.calder, effective_date: '2026-01-05', body_corporate: true,
    not_crown_servant: true, not_sos_appointed: true, not_public_authority: true, capable: true,
    reasonably_representative: true, consent_date: '2026-01-02', consent_ref: 'DfE/LSIP/WY/9',
    terms: 'Standard LSIP terms' } }), 'designation');
  const plan = ok(await c.erb_editor.req('POST', `/api/areas/${WY}/plans`, { json: { title: 'West Yorkshire LSIP (draft)' } }), 'plan');
  ids.plan = plan.data.id;
  ok(await dfe.req('POST', `/api/areas/${WY}/relevance`, { json: {
    org_id: ids.airedale, delivers_technical: true, publicly_funded: true, ofsted_inspected: true,
    teaches_in_area: true } }), 'relevance');
  ok(await c.provider_editor.req('POST', `/api/areas/${WY}/cooperation`, { json: { kind: 'meeting', detail: 'Curriculum workshop with the chamber' } }), 'co-operation');
  ok(await dfe.req('PATCH', `/api/orgs/${ids.airedale}`, { json: { contacts: [
    { name: 'Ada Lee', email: 'ada.lee@airedale.example', phone: '01535 000000', role: 'Principal' }] } }), 'contacts');
  const own = ok(await c.funder.req('POST', '/api/agreements', { json: {
    kind: 'skills_pledge', title: 'CITB construction pledge', term_start: '2026-01-01',
    parties: [{ org_id: ids.brightwater, role: 'employer' }] } }), 'funder agreement');
  ids.funderAgreement = own.data.id;
  const theirs = ok(await dfe.req('POST', '/api/agreements', { json: {
    kind: 'skills_pledge', title: 'DfE pledge', term_start: '2026-01-01',
    parties: [{ org_id: ids.brightwater, role: 'employer' }] } }), 'DfE agreement');
  ids.dfeAgreement = theirs.data.id;
});

after(async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, `server should stop cleanly; stderr: ${srv.stderr()}`);
});

const agreementCount = async () => (await c.dfe_admin.req('GET', '/api/agreements')).data.count;
const agreementOf = async (id) => {
  const a = (await c.dfe_admin.req('GET', `/api/agreements/${id}`)).data;
  return { state: a.state, parties: a.parties.length, signed: a.signatories.signed };
};
const orgOf = async (id) => {
  const o = (await c.dfe_admin.req('GET', `/api/orgs/${id}`)).data;
  return { name: o.name, kind: o.kind, ukprn: o.ukprn };
};

// ---- reads of records that are not public ------------------------------

test('an unpublished plan: DfE, the area\'s ERB, its MCA and relevant providers (finding 9)', async () => {
  await walk({ name: 'plan.read_draft', method: 'GET', path: () => `/api/plans/${ids.plan}`,
    allow: ['dfe_admin', 'erb_editor', 'provider_editor', 'mca_reviewer'],
    check: (role, r) => assert.equal(r.data.state, 'draft') });
  // the area's plan and its report: those who may not read the draft get no plan
  for (const role of ['public', 'funder', 'viewer']) {
    const r = await c[role].req('GET', `/api/areas/${WY}/plan`);
    assert.equal(r.status, 404, `${role} sees no published plan: ${r.text}`);
    const h = await c[role].req('GET', `/api/areas/${WY}/plan/report.html`);
    assert.equal(h.status, 404, `${role} gets no draft report`);
    assert.doesNotMatch(h.text, /West Yorkshire LSIP \(draft\)/);
  }
  assert.equal((await c.mca_reviewer.req('GET', `/api/areas/${WY}/plan`)).data.id, ids.plan);
});

test('contact emails and phones: DfE and the organisation itself (finding 9)', async () => {
  await walk({ name: 'org.contacts_read', method: 'GET', path: () => `/api/orgs/${ids.airedale}`,
    allow: ROLES,
    check: (role, r) => {
      const contact = r.data.contacts.find((x) => x.name === 'Ada Lee');
      assert.ok(contact, `${role} sees the contact's name`);
      const may = role === 'dfe_admin' || role === 'provider_editor';
      assert.equal(contact.email, may ? 'ada.lee@airedale.example' : undefined, `${role}: email`);
      assert.equal(contact.phone, may ? '01535 000000' : undefined, `${role}: phone`);
    } });
});

test('a provider\'s records: the provider, the area\'s ERB and DfE (finding 9)', async () => {
  await walk({ name: 'provider.records_read', method: 'GET',
    path: () => `/api/areas/${WY}/providers/${ids.airedale}/records`,
    allow: ['dfe_admin', 'erb_editor', 'provider_editor'],
    check: (role, r) => assert.equal(r.data.cooperation.length, 1) });
});

test('funding: a reallocation dry run, allocations, moves, duplicates: funders and DfE (finding 9)', async () => {
  await walk({ name: 'funding.preview', method: 'POST', path: '/api/funding/reallocate',
    body: () => ({ as_of: '2026-03-31', dry_run: true }), allow: ['dfe_admin', 'funder'] });
  for (const path of ['/api/funding/allocations', '/api/funding/moves', '/api/funding/duplicates'])
    await walk({ name: 'funding.preview', method: 'GET', path, allow: ['dfe_admin', 'funder'] });
});

test('DfE\'s own reads: the audit log, the board; monitoring for DfE and the area\'s ERB', async () => {
  await walk({ name: 'audit.read', method: 'GET', path: '/api/audit', allow: ['dfe_admin'] });
  await walk({ name: 'plan.decide (board)', method: 'GET', path: '/api/lsip/board', allow: ['dfe_admin'] });
  await walk({ name: 'monitoring', method: 'GET', path: `/api/areas/${WY}/monitoring`, allow: ['dfe_admin', 'erb_editor'] });
});

// ---- writes ----------------------------------------------------------------

test('agreements are created by funders and DfE only (finding 2)', async () => {
  await walk({ name: 'agreement.create', method: 'POST', path: '/api/agreements',
    body: (role) => ({ kind: 'local_compact', title: `Compact by ${role}`, term_start: '2026-01-01',
      parties: [{ org_id: ids.dfe, role: 'funding_body' }, { org_id: ids.airedale, role: 'vcs_consortium' }] }),
    allow: ['dfe_admin', 'funder'], changed: agreementCount });
});

test('a party is added by the agreement\'s owner or DfE (finding 2)', async () => {
  await walk({ name: 'agreement.party (funder owns)', method: 'POST',
    path: () => `/api/agreements/${ids.funderAgreement}/parties`,
    body: (role) => ({ org_id: role === 'dfe_admin' ? ids.irwell : ids.medway, role: 'broker' }),
    allow: ['dfe_admin', 'funder'], changed: () => agreementOf(ids.funderAgreement) });
  // the funder does not own DfE's agreement
  await walk({ name: 'agreement.party (DfE owns)', method: 'POST',
    path: () => `/api/agreements/${ids.dfeAgreement}/parties`,
    body: () => ({ org_id: ids.medway, role: 'broker' }),
    allow: ['dfe_admin'], changed: () => agreementOf(ids.dfeAgreement) });
});

test('agreements are published by DfE and the owning funder (finding 2)', async () => {
  const fresh = async (who) => (await c[who].req('POST', '/api/agreements', { json: {
    kind: 'skills_pledge', title: `Pledge to publish (${who}) ${Math.random()}`, term_start: '2026-01-01',
    parties: [{ org_id: ids.brightwater, role: 'employer' }] } })).data.id;
  const mine = { dfe_admin: await fresh('dfe_admin'), funder: await fresh('funder') };
  const target = mine.funder;
  await walk({ name: 'agreement.publish', method: 'POST',
    path: (role) => `/api/agreements/${mine[role] || target}/publish`, body: () => ({}),
    allow: ['dfe_admin', 'funder'], changed: () => agreementOf(target) });
  assert.equal((await agreementOf(mine.dfe_admin)).state, 'published');
  assert.equal((await agreementOf(target)).state, 'published');
  // a funder may not publish what it does not own
  const other = await fresh('dfe_admin');
  assert.doesNotMatch((await c.funder.req('GET', `/agreements/${other}`)).text, /publish-form/, 'no Publish button for what it does not own');
  assert.match((await c.dfe_admin.req('GET', `/agreements/${other}`)).text, /publish-form/);
  const r = await c.funder.req('POST', `/api/agreements/${other}/publish`, { json: {} });
  assert.equal(r.status, 403);
  assert.match(r.data.error.message, /owner/);
  assert.equal((await agreementOf(other)).state, 'draft');
});

test('signatories: a provider signs only for itself; the owner and DfE record others (finding 2)', async () => {
  const id = ids.funderAgreement;
  // a provider signs up to a published agreement only
  const early = await c.provider_editor.req('POST', `/api/agreements/${id}/signatories`, { json: { org_id: ids.airedale, signed_on: '2026-02-01' } });
  assert.equal(early.status, 409, early.text);
  assert.match(early.data.error.message, /not published yet/);
  ok(await c.funder.req('POST', `/api/agreements/${id}/publish`, { json: {} }), 'the owner publishes');
  // the page offers each role what the library allows it
  const provPage = await c.provider_editor.req('GET', `/agreements/${id}`);
  assert.match(provPage.text, /id="sign-self-form"/);
  assert.doesNotMatch(provPage.text, /Record a signatory/);
  assert.match((await c.funder.req('GET', `/agreements/${id}`)).text, /Record a signatory/);
  assert.doesNotMatch((await c.erb_editor.req('GET', `/agreements/${id}`)).text, /Record a signatory|sign-self-form/);
  await walk({ name: 'agreement.sign', method: 'POST', path: () => `/api/agreements/${id}/signatories`,
    body: (role) => ({ org_id: { dfe_admin: ids.irwell, funder: ids.medway }[role] ?? ids.airedale, signed_on: '2026-02-01' }),
    allow: ['dfe_admin', 'funder', 'provider_editor'], changed: () => agreementOf(id) });
  assert.equal((await agreementOf(id)).signed, 3);
  // the provider signing a rival up is refused
  const rival = await c.provider_editor.req('POST', `/api/agreements/${ids.dfeAgreement}/signatories`,
    { json: { org_id: ids.irwell, signed_on: '2026-02-01' } });
  assert.equal(rival.status, 403);
  assert.match(rival.data.error.message, /signs up for itself only/);
  // the funder does not own DfE's agreement
  assert.equal((await c.funder.req('POST', `/api/agreements/${ids.dfeAgreement}/signatories`,
    { json: { org_id: ids.irwell, signed_on: '2026-02-01' } })).status, 403);
});

test('organisations: create by DfE, ERBs and funders; government bodies are DfE\'s (finding 2)', async () => {
  const orgCount = async () => (await c.dfe_admin.req('GET', '/api/orgs?limit=1')).data.total;
  await walk({ name: 'org.create', method: 'POST', path: '/api/orgs',
    body: (role) => ({ name: `Matrix Employer (${role})`, kind: 'employer', areas: [WY] }),
    allow: ['dfe_admin', 'erb_editor', 'funder'], changed: orgCount });
  // nobody but DfE makes a government body; a second "Department for Education" is refused
  await walk({ name: 'org.govern (create)', method: 'POST', path: '/api/orgs',
    body: (role) => ({ name: `Ministry of Matrices (${role})`, kind: 'government' }),
    allow: ['dfe_admin'], changed: orgCount });
  const n = await orgCount();
  const funderDfe = await c.funder.req('POST', '/api/orgs', { json: { name: 'Department for Education', kind: 'government' } });
  assert.equal(funderDfe.status, 403);
  const dfeDfe = await c.dfe_admin.req('POST', '/api/orgs', { json: { name: 'department for education', kind: 'government' } });
  assert.equal(dfeDfe.status, 409);
  assert.match(dfeDfe.data.error.message, /already exists.*unique within a kind/);
  assert.equal(await orgCount(), n, 'nothing was created');
});

test('organisations: each edits its own; kind, name and identifiers of protected bodies are DfE\'s (finding 2)', async () => {
  const own = { erb_editor: ids.calder, provider_editor: ids.airedale, mca_reviewer: ids.wyca, funder: ids.citb, viewer: ids.brightwater, dfe_admin: ids.dfe };
  // nobody but DfE makes its own organisation a government body
  for (const role of ['erb_editor', 'provider_editor', 'mca_reviewer', 'funder', 'viewer']) {
    const before = await orgOf(own[role]);
    const r = await c[role].req('PATCH', `/api/orgs/${own[role]}`, { json: { kind: 'government', ukprn: null } });
    assert.equal(r.status, 403, `${role} may not make its organisation a government body: ${r.text}`);
    assert.deepEqual(await orgOf(own[role]), before);
  }
  // a provider may not take DfE's name
  const taken = await c.provider_editor.req('PATCH', `/api/orgs/${ids.airedale}`, { json: { name: 'Department for Education' } });
  assert.equal(taken.status, 403);
  assert.match(taken.data.error.message, /name of a government body/);
  // an MCA's and an ERB's names are DfE's to change, even by their own accounts
  await walk({ name: 'org.govern (MCA name)', method: 'PATCH', path: () => `/api/orgs/${ids.wyca}`,
    body: () => ({ name: 'West Yorkshire Combined Authority (renamed)' }), allow: ['dfe_admin'],
    changed: () => orgOf(ids.wyca) });
  ok(await c.dfe_admin.req('PATCH', `/api/orgs/${ids.wyca}`, { json: { name: 'West Yorkshire Combined Authority' } }), 'rename back');
  const erbName = await c.erb_editor.req('PATCH', `/api/orgs/${ids.calder}`, { json: { name: 'Calder Chamber' } });
  assert.equal(erbName.status, 403);
  // what is not protected, each organisation edits for itself
  await walk({ name: 'org.edit_own (website)', method: 'PATCH', path: (role) => `/api/orgs/${own[role] ?? ids.brightwater}`,
    body: (role) => ({ website: `https://${role.replace('_', '-')}.example.org` }),
    allow: ['dfe_admin', 'erb_editor', 'provider_editor', 'mca_reviewer', 'funder'] });
});

test('the plan is written by the area\'s ERB; co-operation by the provider', async () => {
  await walk({ name: 'plan.edit', method: 'PATCH', path: () => `/api/plans/${ids.plan}`,
    body: () => ({ summary: 'What employers told us.' }), allow: ['erb_editor'] });
  const coop = async () => (await c.dfe_admin.req('GET', `/api/areas/${WY}/providers/${ids.airedale}/records`)).data.cooperation.length;
  await walk({ name: 'provider.record', method: 'POST', path: `/api/areas/${WY}/cooperation`,
    body: () => ({ kind: 'evidence', detail: 'Labour market evidence shared' }), allow: ['provider_editor'], changed: coop });
});

test('the LSIP process: designation and decisions are DfE\'s; the area\'s ERB, MCA and providers write their own', async () => {
  const dfe = c.dfe_admin;
  const wy = (what) => `/api/areas/${WY}/${what}`;
  // designation: DfE alone (a new body for an area nobody holds)
  const body = ok(await dfe.req('POST', '/api/orgs', { json: { name: 'Matrix Chamber of Commerce', kind: 'erb' } }), 'new ERB');
  await walk({ name: 'designation.decide', method: 'POST', path: '/api/designations', allow: ['dfe_admin'],
    body: () => ({ area_code: 'E69000002', org_id: body.data.id, effective_date: '2026-02-02', body_corporate: true,
      not_crown_servant: true, not_sos_appointed: true, not_public_authority: true, capable: true,
      reasonably_representative: true, consent_date: '2026-01-30', consent_ref: 'DfE/LSIP/M/1', terms: 'Standard LSIP terms' }) });
  // the ERB's own records in its own area
  await walk({ name: 'plan.edit (delivery plan)', method: 'POST', path: wy('delivery-plans'), allow: ['erb_editor'],
    body: () => ({ engagement: 'Round tables with employers', estimated_funding_pence: 15000000 }) });
  await walk({ name: 'plan.decide (delivery plan)', method: 'POST', path: wy('delivery-plan-decision'), allow: ['dfe_admin'],
    body: () => ({ decision: 'approve' }) });
  await walk({ name: 'plan.edit (progress report)', method: 'POST', path: wy('progress-reports'), allow: ['erb_editor'],
    body: () => ({ rag: 'green', risks: 'None yet', mitigations: 'None needed' }) });
  await walk({ name: 'plan.edit (COI policy)', method: 'POST', path: wy('coi-policy'), allow: ['erb_editor'],
    body: () => ({ policy: 'Declare and recuse.' }) });
  await walk({ name: 'plan.edit (interest)', method: 'POST', path: wy('interests'), allow: ['erb_editor'],
    body: () => ({ person_name: 'Priya Shah', interest_org_name: 'Shah Consulting', nature: 'Director' }) });
  await walk({ name: 'plan.decide (intervention)', method: 'POST', path: wy('interventions'), allow: ['dfe_admin'],
    body: () => ({ level: 'working', reason: 'Progress report late' }) });
  await walk({ name: 'relevance', method: 'POST', path: wy('relevance'), allow: ['dfe_admin', 'erb_editor'],
    body: () => ({ org_id: ids.irwell, delivers_technical: true, publicly_funded: true, ofsted_inspected: true, teaches_in_area: false }) });
  await walk({ name: 'plan.edit (evidence)', method: 'POST', path: `/api/plans/${ids.plan}/evidence`, allow: ['erb_editor'],
    body: () => ({ title: 'Employer survey', source: 'Chamber', why_robust: 'Weighted sample' }) });
  await walk({ name: 'plan.mca_statement', method: 'POST', path: `/api/plans/${ids.plan}/mca-statement`, allow: ['mca_reviewer'],
    body: () => ({ engaged: true, had_opportunity: true, statement: 'We were engaged at stages A and B.' }) });
  await walk({ name: 'provider.record (section 5)', method: 'POST', path: wy('section5-reviews'), allow: ['provider_editor'],
    body: () => ({ how_well: 'Well in engineering, less in digital', actions: 'New digital courses' }) });
});

test('agreement records: the owner and DfE (a party that does not own it, no); action progress by any party; indicators and funding by funders and DfE', async () => {
  const id = ids.funderAgreement;
  const period = { dfe_admin: '2027', funder: '2028' };
  // the ERB's chamber joins as a broker: a party, not an owner
  ok(await c.funder.req('POST', `/api/agreements/${id}/parties`, { json: { org_id: ids.calder, role: 'broker' } }), 'ERB joins');
  await walk({ name: 'agreement target', method: 'POST', path: `/api/agreements/${id}/targets`, allow: ['dfe_admin', 'funder'],
    body: (role) => ({ measure: 'pledges', period_start: `${period[role] ?? '2029'}-01-01`, period_end: `${period[role] ?? '2029'}-12-31`, volume: 40 }),
    changed: async () => (await c.dfe_admin.req('GET', `/api/agreements/${id}`)).data.targets.length });
  await walk({ name: 'agreement flexibility', method: 'POST', path: `/api/agreements/${id}/flexibilities`, allow: ['dfe_admin', 'funder'],
    body: (role) => ({ kind: 'sme_access', period_start: `${period[role] ?? '2029'}-01-01`, period_end: `${period[role] ?? '2029'}-06-30` }) });
  const action = ok(await c.funder.req('POST', `/api/agreements/${id}/actions`, { json: { title: 'Pledge launch', due_date: '2026-06-30' } }), 'action');
  await walk({ name: 'agreement action', method: 'POST', path: `/api/agreements/${id}/actions`, allow: ['dfe_admin', 'funder'],
    body: (role) => ({ title: `Follow-up by ${role}`, parent_id: action.data.id }) });
  await walk({ name: 'agreement.party_edit (progress)', method: 'PATCH', path: `/api/agreement-actions/${action.data.id}`,
    allow: ['dfe_admin', 'funder', 'erb_editor'], body: () => ({ status: 'in_progress', progress: 50 }) });
  await walk({ name: 'agreement.edit (indicator)', method: 'POST', path: '/api/indicators', allow: ['dfe_admin', 'funder'],
    body: (role) => ({ code: `matrix_${role}`, name: `Matrix indicator (${role})`, unit: 'learners', source: 'test' }) });
  await walk({ name: 'agreement.edit (indicator value)', method: 'POST', path: '/api/indicators/matrix_dfe_admin/values', allow: ['dfe_admin', 'funder'],
    body: (role) => ({ value: 10, on_date: role === 'funder' ? '2026-02-01' : '2026-03-01', source: 'test' }) });
  await walk({ name: 'agreement.edit (qualification)', method: 'POST', path: '/api/qualifications', allow: ['dfe_admin', 'funder'],
    body: (role) => ({ code: role === 'funder' ? 'MTRX0002' : 'MTRX0001', title: 'Matrix Level 3 Diploma', level: '3', valid_from: '2026-01-01' }) });
  await walk({ name: 'funding.edit (learner)', method: 'POST', path: '/api/learners', allow: ['dfe_admin', 'funder'],
    body: (role) => ({ ref: `MATRIX-${role}` }) });
  await walk({ name: 'funding.edit (reallocation)', method: 'POST', path: '/api/funding/reallocate', allow: ['dfe_admin', 'funder'],
    body: (role) => ({ as_of: role === 'funder' ? '2026-04-30' : '2026-05-31' }) });
});

test('DfE alone sees and clears sign-in blocks', async () => {
  await walk({ name: 'user.manage (blocks)', method: 'GET', path: '/api/sign-in-blocks', allow: ['dfe_admin'] });
  await walk({ name: 'user.manage (clear)', method: 'DELETE', path: '/api/sign-in-blocks', allow: ['dfe_admin'],
    body: () => ({ email: 'nobody@example.org' }) });
});

test('the CLI\'s --as goes through the same core: drafts for the area\'s MCA, not a viewer', async () => {
  const refused = cli(srv.db, ['plan', 'show', '--area', WY, '--as', 'viewer@demo.skillplan.test']);
  assert.notEqual(refused.status, 0, `a viewer may not read the draft: ${refused.stdout}`);
  assert.doesNotMatch(refused.stdout, /West Yorkshire LSIP \(draft\)/);
  assert.match(refused.stderr, /not published/);
  const allowed = cli(srv.db, ['plan', 'show', '--area', WY, '--as', 'mca@demo.skillplan.test']);
  assert.equal(allowed.status, 0, allowed.stderr);
  assert.match(allowed.stdout, /West Yorkshire LSIP \(draft\)/);
});
