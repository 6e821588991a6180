// agreements.test.mjs (browser): the public reads a sector compact's page
// with its targets, reviews, signatories and action plan; a funder signs
// in, previews a reallocation from the compact's page, confirms it, and sees
// the money moved on the compact's page; an editor records a review and a
// refused signatory sees the rule. Headless Chromium, JavaScript off for the
// forms (the pages must work without it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli, ACCOUNTS, DEMO_PASSWORD } from '../lib/server.mjs';
import { launch, shot } from '../lib/browser.mjs';

let srv, browser;
before(async () => {
  srv = await startServer();
  const r = cli(srv.db, ['agreement', 'demo']);
  assert.equal(r.status, 0, `agreement demo failed: ${r.stderr}`);
  browser = await launch();
});
after(async () => { await browser?.close(); await srv?.stop(); });

async function signIn(page, email) {
  await page.goto(srv.base + '/sign-in');
  await page.fill('#email', email);
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('button:has-text("Sign in")');
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}

test('a compact page: targets, reviews, signatories, action plan (public)', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(srv.base + '/agreements');
  assert.equal(await page.locator('#agreements tbody tr').count(), 13, 'published agreements only');
  await page.click('a:has-text("Train to Gain sector compact: Justice")');
  assert.match(await page.locator('h1').innerText(), /Justice/);
  assert.match(await page.locator('#parties-table').innerText(), /Skills for Justice/);
  assert.match(await page.locator('#parties-table').innerText(), /HM Prison Service/);
  assert.ok(await page.locator('#targets-table tbody tr').count() >= 3);
  const url = page.url();
  await page.goto(url + '?as_of=2009-12-01');
  const reviews = await page.locator('#reviews-table').innerText();
  assert.match(reviews, /met/);
  assert.match(reviews, /overdue/);
  assert.match(reviews, /upcoming/);
  assert.equal(await page.locator('#funding').count(), 0, 'the public does not see allocations');
  await shot(page, 'agreement-justice-public');

  await page.click('a:has-text("Agreements")');
  await page.click('a:has-text("Leicestershire VCS learning and skills Compact")');
  assert.match(await page.locator('#signatory-summary').innerText(), /24 signed/);
  assert.equal(await page.locator('#signatories-table tbody tr').count(), 24);
  assert.match(await page.locator('#actions-table').innerText(), /Sign up all voluntary and community sector/);
  await shot(page, 'agreement-leicestershire');
  await page.click('#report-link');
  assert.match(await page.locator('h1').innerText(), /Leicestershire/);
  assert.match(await page.locator('#report-signatories').innerText(), /24 signed by the year's end/);
  assert.match(await page.locator('#report-reviews').innerText(), /2006-01-26/);
  assert.equal(await page.locator('#report-funding').count(), 0, 'no money shown to the public');
  await shot(page, 'agreement-leicestershire-report');
  await page.goto(srv.base + '/indicators?as_of=2010-03-31');
  assert.match(await page.locator('#ind-skills_pledge_employees').innerText(), /aspiration 8,000,000 by 2010-03-31: progress 87\.5%/);
  assert.match(await page.locator('#ind-apprenticeship_completions').innerText(), /met/);
  await shot(page, 'indicators-2010');
  assert.deepEqual(errors, [], 'no script errors');
  await ctx.close();
});

test('a funder previews and confirms a reallocation from a compact page (no JavaScript)', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await signIn(page, ACCOUNTS.funder);
  await page.goto(srv.base + '/agreements');
  await page.click('a:has-text("Train to Gain sector compact: Broadcast")');
  const compactUrl = page.url();
  const before = await page.locator('#funding-total').innerText();
  assert.match(before, /£500,000\.00/);
  await page.fill('#realloc_as_of', '2010-01-31');
  await page.click('button:has-text("Preview reallocation")');
  assert.match(await page.locator('h1').innerText(), /Reallocate funding at 2010-01-31/);
  assert.ok(await page.locator('#proposed-moves li').count() >= 2);
  assert.match(await page.locator('#proposed-moves').innerText(), /Train to Gain sector compacts Q&A \(LSC, 2009\), question 12/, 'cited by title, not file name');
  assert.match(await page.locator('#realloc-agreements').innerText(), /below profile/);
  await shot(page, 'reallocation-preview');
  await page.click('button:has-text("Confirm reallocation")');
  await page.waitForURL(/funding\/reallocate\?as_of=2010-01-31/);
  assert.match(await page.locator('#realloc-done').innerText(), /reallocated/);
  assert.ok(await page.locator('#made-moves li').count() >= 2);
  await shot(page, 'reallocation-made');
  await page.click('a:has-text("Back to the agreement")');
  assert.equal(page.url().split('?')[0], compactUrl.split('?')[0]);
  const afterTotal = await page.locator('#funding-total').innerText();
  assert.notEqual(afterTotal, before, 'money moved away from the compact below profile');
  assert.match(await page.locator('#moves-list').innerText(), /from Train to Gain sector compact: Broadcast/);
  await shot(page, 'agreement-after-reallocation');
  await page.goto(srv.base + '/agreements');
  await page.click('a:has-text("Duplicated funding and activity")');
  assert.equal(await page.locator('#dup-funding tbody tr').count(), 1);
  assert.match(await page.locator('#dup-actions').innerText(), /careers information/i);
  await shot(page, 'funding-duplicates');
  await ctx.close();
});

test('an editor records a review and a refused signatory shows the rule (no JavaScript)', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await signIn(page, ACCOUNTS.dfe_admin);
  await page.goto(srv.base + '/agreements');
  await page.click('a:has-text("Leicestershire VCS learning and skills Compact")');
  await page.click('summary:has-text("Record a review held")');
  await page.fill('#held_on', '2007-01-22');
  await page.fill('#notes', 'Annual review by the evaluation group');
  await page.click('button:has-text("Record review")');
  assert.match(await page.locator('#reviews-table').innerText(), /2007-01-22/);
  await page.click('summary:has-text("Record a signatory")');
  await page.fill('#org_id', '1');
  await page.fill('#signed_on', '2006-02-01');
  await page.click('button:has-text("Record signatory")');
  const summary = await page.locator('.govuk-error-summary').innerText();
  assert.match(summary, /Leicestershire learning and skills Compact \(LSC and VCS, 2005\)/);
  assert.equal(await page.locator('#signatories-table tbody tr').count(), 24, 'nothing was added');
  await shot(page, 'agreement-signatory-refused');
  await page.goto(srv.base + '/eligibility');
  await page.fill('#learner', 'DEMO-L3');
  await page.fill('#qualification', 'DEMO0201');
  await page.fill('#programme', 'train_to_gain');
  await page.fill('#start', '2009-09-01');
  await page.click('button:has-text("Check")');
  assert.match(await page.locator('#answer').innerText(), /Eligible[\s\S]*second_level3/);
  await shot(page, 'eligibility-second-level3');
  await ctx.close();
});

test('DfE adds a compact through the pages: refused over three years, then parties, a target, actions, published', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await signIn(page, ACCOUNTS.dfe_admin);
  const orgId = async (q) => (await (await page.request.get(`${srv.base}/api/orgs?q=${encodeURIComponent(q)}`)).json()).items[0].id;
  const dius = await orgId('Department for Innovation');
  const lsc = await orgId('Learning and Skills Council');
  const skillset = await orgId('Skillset');
  await page.goto(srv.base + '/agreements');
  await page.click('text=Add an agreement');
  await page.selectOption('#kind', 'sector_compact');
  await page.fill('#title', 'Creative industries compact (browser test)');
  await page.fill('#term_start', '2010-04-01');
  await page.fill('#term_end', '2013-04-01');
  await page.fill('#aims', 'More apprentices in games\nHigher level skills');
  await page.click('button:has-text("Save as a draft")');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /three years.*Train to Gain sector compacts Q&A \(LSC, 2009\), questions 1 and 3/s);
  await page.fill('#term_end', '2013-03-31');
  await page.click('button:has-text("Save as a draft")');
  assert.match(await page.locator('h1').innerText(), /Creative industries compact/);
  assert.match(await page.locator('.govuk-caption-l').innerText(), /draft/);
  // Publishing before the core roles are filled names the missing role.
  await page.click('button:has-text("Publish")');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /government_department/);
  for (const [org, role] of [[dius, 'government_department'], [lsc, 'funding_agency'], [skillset, 'sector_body']]) {
    await page.click('summary:has-text("Add a party")');
    await page.fill('#party_org_id', String(org));
    await page.selectOption('#party_role', role);
    await page.click('button:has-text("Add party")');
  }
  assert.equal(await page.locator('#parties-table tbody tr').count(), 3);
  await page.click('summary:has-text("Add a target")');
  await page.selectOption('#t_measure', 'apprenticeship_starts');
  await page.fill('#t_period_start', '2010-04-01');
  await page.fill('#t_period_end', '2011-03-31');
  await page.fill('#t_volume', '750');
  await page.click('button:has-text("Add target")');
  assert.match(await page.locator('#targets-table').innerText(), /Apprenticeship starts[\s\S]*750/);
  await page.click('summary:has-text("Add an action")');
  await page.fill('#a_title', 'Launch a games apprenticeship');
  await page.fill('#a_due', '2010-12-31');
  await page.click('button:has-text("Add action")');
  await page.click('summary:has-text("Add an action")');
  await page.fill('#a_title', 'Recruit ten employers');
  await page.selectOption('#a_parent', { label: 'Launch a games apprenticeship' });
  await page.click('button:has-text("Add action")');
  await page.click('summary:has-text("Update an action")');
  await page.selectOption('#u_action', { label: 'Recruit ten employers' });
  await page.fill('#u_progress', '40');
  await page.click('button:has-text("Update action")');
  assert.match(await page.locator('#actions-table').innerText(), /Launch a games apprenticeship[\s\S]*40%/);
  await page.click('button:has-text("Publish")');
  assert.doesNotMatch(await page.locator('.govuk-caption-l').innerText(), /draft/);
  await shot(page, 'agreement-created-published');
  await ctx.close();
  const pub = await browser.newContext();
  const p2 = await pub.newPage();
  await p2.goto(srv.base + '/agreements');
  assert.match(await p2.locator('#agreements').innerText(), /Creative industries compact \(browser test\)/);
  await pub.close();
});
