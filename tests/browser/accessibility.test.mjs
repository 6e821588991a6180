// accessibility.test.mjs (browser): axe-core (from npm) checks every kind of
// page against WCAG 2.1 A and AA and axe's best practices, as the public and
// as signed-in users; any violation fails, naming the rule and the element.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startServer, signedIn, ACCOUNTS, DEMO_PASSWORD } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.stop(); });

async function violations(page, path) {
  const res = await page.goto(srv.base + path);
  assert.equal(res.status(), 200, `${path} answers 200`);
  await page.evaluate(axeSource);
  const r = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  return r.violations.map((v) => `${path}: ${v.id} (${v.impact}) at ${v.nodes[0].target.join(' ')}: ${v.help}`);
}

test('public pages have no accessibility violations', async () => {
  const page = await (await browser.newContext()).newPage();
  const found = [];
  for (const path of ['/', '/areas/E69000014?as_of=2023-01-01', '/routes', '/orgs', '/orgs/1', '/sign-in',
    '/notices', '/areas/E69000014/lsip', '/areas/E69000014/evidence', '/areas/E69000014/plan/reports',
    '/agreements', '/agreements/13', '/indicators'])
    found.push(...await violations(page, path));
  assert.deepEqual(found, []);
});

test('signed-in pages and forms have no accessibility violations', async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(srv.base + '/sign-in');
  await page.fill('#email', ACCOUNTS.dfe_admin);
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('button:has-text("Sign in")');
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  const found = [];
  for (const path of ['/orgs/new', '/orgs/1/edit', '/lsip/board', '/audit', '/areas/E69000037/lsip',
    '/areas/E69000025/plan/preview'])
    found.push(...await violations(page, path));
  assert.deepEqual(found, []);
});

// the plan's task list, its one-thing-per-page forms (empty, and refused with
// every error shown), check answers and DfE's decision pages
test('the plan\'s pages and forms, with their errors, have no accessibility violations', async () => {
  const WY = 'E69000037';
  const dfe = await signedIn(srv.base, 'dfe_admin');
  const d = await dfe.req('POST', '/api/designations', { json: {
    area_code: WY, org_id: (await dfe.req('GET', '/api/orgs?q=Calder%20Valley&limit=5')).data.items[0].id,
    effective_date: '2026-01-05', body_corporate: true, not_crown_servant: true, not_sos_appointed: true,
    not_public_authority: true, capable: true, reasonably_representative: true,
    consent_date: '2026-01-02', consent_ref: 'DfE/LSIP/WY/1', terms: 'Standard terms' } });
  assert.equal(d.status, 201, d.text);
  const erbApi = await signedIn(srv.base, 'erb_editor');
  const plan = await erbApi.req('POST', `/api/areas/${WY}/plans`, { json: { title: 'West Yorkshire LSIP' } });
  await erbApi.req('POST', `/api/plans/${plan.data.id}/priorities`, { json: { title: 'Digital', outcome: 'Jobs',
    skills_components: 'Networking', change_needed: 'A course' } });
  const page = await (await browser.newContext()).newPage();
  await page.goto(srv.base + '/sign-in');
  await page.fill('#email', ACCOUNTS.erb_editor);
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('button:has-text("Sign in")');
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  const found = [];
  for (const path of ['/plan', '/plan/priorities', '/plan/priorities/new', '/plan/actions/new',
    '/plan/needs/new', '/plan/details', '/plan/delivery-plan', '/plan/progress-report', '/plan/interests/new',
    '/plan/part1', '/plan/check/submit'])
    found.push(...await violations(page, `/areas/${WY}${path}`));
  // a form refused with several errors: the summary, the messages beside the fields
  for (const path of ['/plan/actions/new', '/plan/delivery-plan']) {
    await page.goto(`${srv.base}/areas/${WY}${path}`);
    await page.click('#submit-button');
    assert.equal(await page.locator('.govuk-error-summary').count(), 1);
    await page.evaluate(axeSource);
    const r = await page.evaluate(() => window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }));
    found.push(...r.violations.map((v) => `${path} (errors): ${v.id} at ${v.nodes[0].target.join(' ')}: ${v.help}`));
  }
  const dfePage = await (await browser.newContext()).newPage();
  await dfePage.goto(srv.base + '/sign-in');
  await dfePage.fill('#email', ACCOUNTS.dfe_admin);
  await dfePage.fill('#password', DEMO_PASSWORD);
  await dfePage.click('button:has-text("Sign in")');
  await dfePage.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  for (const path of [`/areas/${WY}/plan`, `/areas/${WY}/decide/intervene`, `/areas/${WY}/decide/remove`,
    '/areas/E69000022/decide/designate', `/areas/${WY}/decide/relevance`])
    found.push(...await violations(dfePage, path));
  assert.deepEqual(found, []);
});
