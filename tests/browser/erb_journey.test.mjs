// erb_journey.test.mjs (browser): the ERB's plan as a task list, one thing
// per page, in headless Chromium. An ERB starts the plan, submits a form
// with three errors (all three shown, each linked to its field, everything
// typed kept), adds a priority on no route and an action with no owner,
// sees the blocking findings, corrects them by editing and deleting, and
// submits through the check-answers page; the MCA gives its statement and
// replaces it, so one statement stands. The journey runs twice, each on a
// server of its own: without JavaScript for the ERB (every step is a plain
// form) and with it; the MCA has JavaScript. Screenshots go to
// build/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, signedIn, writeReportTexts, ACCOUNTS, DEMO_PASSWORD } from '../lib/server.mjs';
import { launch, shot as shotAs } from '../lib/browser.mjs';

const WY = 'E69000037';
let srv, browser;
const servers = [];
// a server of its own for each run of the journey, with West Yorkshire
// designated for Calder Valley Chamber of Commerce by DfE
async function freshServer() {
  srv = await startServer();
  servers.push(srv);
  const dfe = await signedIn(srv.base, 'dfe_admin');
  const orgs = await dfe.req('GET', `/api/orgs?q=${encodeURIComponent('Calder Valley')}&limit=5`);
  const calder = orgs.data.items.find((o) => o.name === 'Calder Valley Chamber of Commerce').id;
  const d = await dfe.req('POST', '/api/designations', { json: {
    area_code: WY, org_id: calder, effective_date: '2026-01-05', body_corporate: true,
    not_crown_servant: true, not_sos_appointed: true, not_public_authority: true, capable: true,
    reasonably_representative: true, consent_date: '2026-01-02', consent_ref: 'DfE/LSIP/WY/1',
    terms: 'Standard terms' } });
  assert.equal(d.status, 201, d.text);
}
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); for (const s of servers) await s.stop(); });

async function as(role, javaScriptEnabled = false) {
  const ctx = await browser.newContext({ javaScriptEnabled });
  const page = await ctx.newPage();
  await page.goto(srv.base + '/sign-in');
  await page.fill('#email', ACCOUNTS[role]);
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('button:has-text("Sign in")');
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  return { ctx, page };
}

const shot = shotAs;
const banner = async (p) => (await p.locator('#notification-banner').innerText()).trim();
const status = async (p, task) => (await p.locator(`#task-${task}-status`).innerText()).trim();
const errors = async (p) => p.locator('.govuk-error-summary__list a').evaluateAll(
  (as) => as.map((a) => ({ href: a.getAttribute('href'), text: a.textContent.trim() })));

async function journey(js) {
  await freshServer();
  const { ctx, page: p } = await as('erb_editor', js);
  const shot = (page, name) => shotAs(page, js ? `${name}-js` : name);
  await p.goto(`${srv.base}/areas/${WY}/plan`);
  assert.equal(await status(p, 'start'), 'Not started');
  assert.equal(await status(p, 'needs').catch(() => 'absent'), 'absent', 'the plan tasks come once the plan is started');
  await shot(p, 'erb-plan-tasks-empty');
  await p.click('a:has-text("Start the plan")');
  await p.fill('#title', 'West Yorkshire LSIP 2027-2030');
  await p.click('#submit-button');
  assert.match(await banner(p), /Plan started/);
  assert.equal(await status(p, 'needs'), 'Not started');

  // a form with three errors: all three, each linked to its field, everything typed kept
  await p.goto(`${srv.base}/areas/${WY}/plan/priorities/new`);
  await p.selectOption('#route_code', 'DIG');
  await p.fill('#change_needed', 'A new level 4 course\nand evening level 3 provision');
  await p.check('#retain_expand-3');
  await p.click('#submit-button');
  const errs = await errors(p);
  assert.deepEqual(errs.map((e) => e.href), ['#title', '#outcome', '#skills_components']);
  assert.deepEqual(errs.map((e) => e.text), ['Enter the name of the priority',
    'Enter the outcome employers want from provision', 'Enter the specific skills employers need']);
  for (const e of errs) {
    assert.equal(await p.locator(e.href).count(), 1, `${e.href} is a field on the page`);
    assert.match(await p.locator(`${e.href}-error`).innerText(), new RegExp(e.text), 'the message is beside its field too');
  }
  assert.equal(await p.inputValue('#route_code'), 'DIG', 'the route chosen is kept');
  assert.equal(await p.inputValue('#change_needed'), 'A new level 4 course\nand evening level 3 provision', 'the text typed is kept, line break and all');
  assert.ok(await p.isChecked('#retain_expand-3'), 'the radio chosen is kept');
  assert.match(await p.title(), /^Error: /);
  await shot(p, 'erb-priority-three-errors');
  await p.click('.govuk-error-summary__list a[href="#outcome"]');
  // without JavaScript the link goes to the field; with it GOV.UK Frontend focuses the field
  assert.ok(/#outcome$/.test(p.url()) || await p.evaluate(() => document.activeElement.id === 'outcome'),
    'the summary link leads to its field');

  // the mistakes: a priority on no route, an action with no owner
  await p.selectOption('#route_code', '');
  await p.fill('#title', 'Digital support technicians');
  await p.fill('#outcome', 'Vacancies filled locally within two years');
  await p.fill('#skills_components', 'Networking, cyber hygiene, customer support');
  await p.click('#submit-button');
  assert.match(await banner(p), /Priority saved/);
  assert.match(await p.locator('#items').innerText(), /No route: this blocks submission/);
  await p.goto(`${srv.base}/areas/${WY}/plan/actions/new`);
  await p.fill('#title', 'Run an employer-led bootcamp');
  await p.check('#owner_kind-2');
  await p.selectOption('#priority_id', { label: 'Digital support technicians' });
  await p.fill('#due_date-day', '30');
  await p.fill('#due_date-month', '6');
  await p.fill('#due_date-year', '2027');
  await p.click('#submit-button');
  assert.match(await banner(p), /Action saved/);
  assert.match(await p.locator('#items').innerText(), /No owner: this blocks submission[\s\S]*30 June 2027/);

  // the rest of the plan, so that only the two mistakes block
  await p.goto(`${srv.base}/areas/${WY}/plan/needs/new`);
  await p.fill('#title', 'Employers cannot recruit IT support technicians');
  await p.fill('#employers', 'Brightwater Engineering Ltd');
  await p.fill('#small_employers', 'Hollins Bakery Ltd');
  await p.click('#submit-button');
  await p.goto(`${srv.base}/areas/${WY}/plan/evidence/new`);
  await p.fill('#title', 'Employer skills survey');
  await p.fill('#source', 'Chamber survey, 640 employers');
  await p.fill('#why_robust', 'Weighted to the business population');
  await p.click('#submit-button');
  await p.goto(`${srv.base}/areas/${WY}/plan/net-zero`);
  await p.fill('#net_zero', 'Retrofit and EV maintenance skills in every priority');
  await p.click('#submit-button');
  assert.match(await banner(p), /Net zero saved/);
  assert.equal(await status(p, 'net-zero'), 'Completed');
  // a stale form is refused, not saved over someone else's change
  const other = await ctx.newPage();
  await p.goto(`${srv.base}/areas/${WY}/plan/net-zero`);
  await other.goto(`${srv.base}/areas/${WY}/plan/net-zero`);
  await other.fill('#net_zero', 'Retrofit, heat pumps and EV maintenance in every priority');
  await other.click('#submit-button');
  await p.fill('#net_zero', 'An older idea');
  await p.click('#submit-button');
  assert.match(await p.locator('.govuk-error-summary').innerText(), /Someone else changed this after you opened the page/);
  assert.equal(await p.inputValue('#net_zero'), 'An older idea', 'what was typed is kept');
  await other.goto(`${srv.base}/areas/${WY}/plan/net-zero`);
  assert.equal(await other.inputValue('#net_zero'), 'Retrofit, heat pumps and EV maintenance in every priority', 'the other change stands');
  await p.fill('#net_zero', 'Retrofit, heat pumps and EV maintenance skills in every priority');
  await p.click('#submit-button');
  assert.match(await banner(p), /Net zero saved/, 'once seen, the change can be saved');
  // the same for a record: two pages change the priority
  await p.goto(`${srv.base}/areas/${WY}/plan/priorities`);
  await p.click('.govuk-summary-card__action a:has-text("Change")');
  await other.goto(p.url());
  await other.fill('#outcome', 'Vacancies filled locally within a year');
  await other.click('#submit-button');
  await p.fill('#outcome', 'Something else');
  await p.click('#submit-button');
  assert.match(await p.locator('.govuk-error-summary').innerText(), /changed by someone else/);
  await other.close();
  await p.goto(`${srv.base}/areas/${WY}/plan/details`);
  await p.fill('#summary', 'Digital and green skills for West Yorkshire');
  await p.check('#mca_engagement_stages');
  await p.check('#mca_engagement_stages-2');
  await p.fill('#mca_engagement_how', 'WYCA analysts joined the evidence panel');
  await p.click('#submit-button');
  const api = await signedIn(srv.base, 'erb_editor');
  await writeReportTexts(api, WY);

  // the blocking findings name both mistakes; the submit task cannot start
  await p.goto(`${srv.base}/areas/${WY}/plan`);
  const blocking = await p.locator('#blocking-findings').innerText();
  assert.match(blocking, /route/i);
  assert.match(blocking, /has no owner/i);
  assert.equal(await status(p, 'submit'), 'Cannot start yet');
  assert.equal(await p.locator('#task-submit a').count(), 0, 'no link to a task that cannot start');
  assert.equal(await status(p, 'priorities'), 'In progress');
  await shot(p, 'erb-plan-tasks-blocked');
  // each finding links to the page that fixes it
  await p.click('#blocking-findings a:has-text("has no owner")');
  assert.match(p.url(), /\/plan\/actions$/);
  await p.goBack();

  // correct the priority by editing it
  await p.click('#task-priorities a');
  await p.click('.govuk-summary-card__action a:has-text("Change")');
  assert.equal(await p.inputValue('#title'), 'Digital support technicians', 'the form shows the record');
  await p.selectOption('#route_code', 'DIG');
  await p.selectOption('#pathway_code', 'DIG-DSS');
  await p.selectOption('#level_min', '3');
  await p.selectOption('#level_max', '4');
  await p.check('label:has-text("Northgate Training Ltd")');
  await p.click('#submit-button');
  assert.match(await banner(p), /Priority saved/);
  assert.doesNotMatch(await p.locator('#items').innerText(), /No route/);
  await shot(p, 'erb-priorities');
  // priorities keep the order the body gives them: a second one moved up comes first
  const planId = (await api.req('GET', `/api/areas/${WY}/plan`)).data.id;
  const second = await api.req('POST', `/api/plans/${planId}/priorities`, { json: { title: 'Retrofit skills',
    route_code: 'CBE', outcome: 'Homes retrofitted', skills_components: 'Insulation', change_needed: 'Short courses' } });
  assert.equal(second.status, 201, second.text);
  await p.reload();
  await p.click(`#item-${second.data.id} button:has-text("Move up")`);
  assert.match(await banner(p), /moved up/);
  const titles = await p.locator('.govuk-summary-card__title').allInnerTexts();
  assert.deepEqual(titles.map((t) => t.trim()), ['Retrofit skills', 'Digital support technicians']);
  assert.equal((await api.req('GET', `/api/areas/${WY}/plan`)).data.priorities[0].title, 'Retrofit skills', 'the plan keeps the order');
  assert.equal((await api.req('DELETE', `/api/lsip/priorities/${second.data.id}`)).status, 200);
  // correct the action by deleting it (through the confirm page) and adding it again with an owner
  await p.goto(`${srv.base}/areas/${WY}/plan/actions`);
  await p.click('.govuk-summary-card__action a:has-text("Delete")');
  assert.match(await p.locator('h1').innerText(), /Are you sure you want to delete this action/);
  assert.match(await p.locator('.govuk-summary-list').innerText(), /Run an employer-led bootcamp/);
  await p.click('#submit-button');
  assert.match(await banner(p), /deleted/);
  assert.equal(await p.locator('#no-items').count(), 1);
  await p.click('#add-button');
  await p.fill('#title', 'Run an employer-led bootcamp');
  await p.check('#owner_kind-2');
  await p.selectOption('#owner_org_id', { label: 'Northgate Training Ltd' });
  await p.selectOption('#priority_id', { label: 'Digital support technicians' });
  await p.click('#submit-button');
  assert.match(await p.locator('#items').innerText(), /Northgate Training Ltd/);

  // the MCA gives its statement, then replaces it: one statement stands
  const mca = await as('mca_reviewer', true);
  const m = mca.page;
  await m.goto(`${srv.base}/areas/${WY}/plan`);
  await m.click('#task-mca-statement a');
  await m.check('#engaged');
  await m.check('#had_opportunity');
  await m.fill('#statement', 'WYCA was engaged at stages A and B.');
  await m.click('#submit-button');
  assert.match(await banner(m), /Statement given/);
  await m.click('#task-mca-statement a');
  assert.ok(await m.isChecked('#engaged'), 'the statement given is shown to change');
  await m.check('#engaged-2');
  await m.fill('#statement', 'On reflection WYCA was consulted but not engaged.');
  await m.click('#submit-button');
  assert.match(await m.locator('#task-mca-statement-hint').innerText(), /West Yorkshire Combined Authority/);
  // withdrawn, the statement is gone and the task not started; then given again
  await m.click('#task-mca-statement a');
  await m.click('#delete-link');
  assert.match(await m.locator('h1').innerText(), /withdraw your statement/);
  await m.click('#submit-button');
  assert.match(await banner(m), /Statement withdrawn/);
  assert.equal(await status(m, 'mca-statement'), 'Not started');
  await m.click('#task-mca-statement a');
  assert.equal(await m.inputValue('#statement'), '', 'nothing is left of the withdrawn statement');
  await m.check('#engaged-2');
  await m.check('#had_opportunity');
  await m.fill('#statement', 'On reflection WYCA was consulted but not engaged.');
  await m.click('#submit-button');
  const plan = await api.req('GET', `/api/areas/${WY}/plan`);
  assert.equal(plan.data.mca_statements.length, 1, 'one current statement');
  assert.equal(plan.data.mca_statements[0].engaged, 0, 'the later answer stands: not engaged');
  await shot(m, 'mca-plan-tasks');
  await mca.ctx.close();

  // nothing blocks: check answers, then submit
  await p.goto(`${srv.base}/areas/${WY}/plan`);
  assert.match(await p.locator('#blocking').innerText(), /Nothing blocks submission/);
  assert.equal(await status(p, 'submit'), 'Not started');
  await shot(p, 'erb-plan-tasks-ready');
  await p.click('#task-submit a');
  assert.match(await p.locator('h1').innerText(), /Check your plan before you submit it/);
  const answers = await p.locator('.govuk-summary-list').innerText();
  assert.match(answers, /1 priority[\s\S]*1 action[\s\S]*On reflection|not engaged/);
  await shot(p, 'erb-check-answers');
  await p.click('#submit-button');
  assert.match(await banner(p), /Plan submitted for approval/);
  assert.match(await banner(p), /frozen/);
  assert.equal((await p.locator('#plan-state').innerText()).trim(), 'submitted');
  // once submitted the version is frozen: no Change links, and a change by URL is refused
  await p.goto(`${srv.base}/areas/${WY}/plan/priorities`);
  assert.equal(await p.locator('.govuk-summary-card__action').count(), 0);
  const res = await p.goto(`${srv.base}/areas/${WY}/plan/priorities/new`);
  assert.equal(res.status(), 409);
  await ctx.close();
}

test('an ERB corrects a priority off any route and an action without an owner, then submits (no JavaScript)',
  () => journey(false));
test('the same journey with JavaScript', () => journey(true));

// nothing widens a page: a 10,000-character word, long lines and line breaks
// in what people type, shown at 320 pixels wide without sideways scrolling
test('long words wrap and line breaks are kept, at 320 pixels', async () => {
  const api = await signedIn(srv.base, 'erb_editor');
  // the plan of the first test is submitted and frozen; the register stays open to change
  const word = 'x'.repeat(10000);
  const i = await api.req('POST', `/api/areas/${WY}/interests`, { json: { person_name: 'Sam Long',
    interest_org_name: 'y'.repeat(200), nature: 'Director\nand shareholder', training_interests: 'z'.repeat(2000) } });
  assert.equal(i.status, 201, i.text);
  const pol = await api.req('POST', `/api/areas/${WY}/coi-policy`, { json: { policy: `${word}\nSecond line` } });
  assert.equal(pol.status, 201, pol.text);
  const ctx = await browser.newContext({ viewport: { width: 320, height: 800 } });
  const p = await ctx.newPage();
  await p.goto(srv.base + '/sign-in');
  await p.fill('#email', ACCOUNTS.erb_editor);
  await p.fill('#password', DEMO_PASSWORD);
  await p.click('button:has-text("Sign in")');
  await p.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  for (const path of ['/plan', '/plan/interests', `/plan/interests/${i.data.id}`, '/plan/interests/new', '/lsip',
    '/plan/priorities', '/plan/actions']) {
    await p.goto(`${srv.base}/areas/${WY}${path}`);
    const width = await p.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 320, `${path} is ${width} pixels wide at a 320-pixel viewport`);
  }
  await p.goto(`${srv.base}/areas/${WY}/plan/interests`);
  const nature = await p.locator(`#item-${i.data.id} .govuk-summary-list__row:has-text("Nature") dd`).first().innerText();
  assert.equal(nature.trim(), 'Director\nand shareholder', 'the line break typed is kept');
  await shot(p, 'erb-interests-320');
  // a form refused with errors fits too
  await p.goto(`${srv.base}/areas/${WY}/plan/interests/new`);
  await p.fill('#nature', word);
  await p.click('#submit-button');
  assert.equal(await p.locator('.govuk-error-summary').count(), 1);
  assert.ok(await p.evaluate(() => document.documentElement.scrollWidth) <= 320, 'the refused form fits');
  assert.ok(await p.evaluate(() => !!document.activeElement.closest('.govuk-error-summary')),
    'with JavaScript, GOV.UK Frontend moves the focus to the error summary');
  // an interest that has ceased is marked as ended, not deleted: it stays on the register
  await p.goto(`${srv.base}/areas/${WY}/plan/interests`);
  await p.click(`#item-${i.data.id} a:has-text("Mark as ended")`);
  assert.match(await p.locator('h1').innerText(), /Has this interest ended/);
  await p.click('#submit-button');
  assert.match(await banner(p), /The interest of Sam Long has ended/);
  assert.match(await p.locator(`#item-${i.data.id}`).innerText(), /Ended/);
  assert.equal(await p.locator(`#item-${i.data.id} a:has-text("Change")`).count(), 0, 'an ended entry is kept as it was');
  await ctx.close();
});
