// foundation.test.mjs (browser): a person signs in, adds an organisation,
// finds it in the list, and browses the areas on two dates, in headless
// Chromium with JavaScript off (the pages must work without it) and on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ACCOUNTS, DEMO_PASSWORD } from '../lib/server.mjs';
import { launch, shot } from '../lib/browser.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.stop(); });

test('browse the areas on two dates and an area page', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(srv.base + '/?as_of=2026-01-01');
  assert.equal(await page.locator('#areas tbody tr').count(), 42);
  assert.match(await page.locator('h2').first().innerText(), /42 areas live on 1 January 2026/);
  await shot(page, 'home-2026');
  await page.fill('#as_of', '2023-01-01');
  await page.click('button:has-text("Show areas")');
  await page.waitForURL(/as_of=2023-01-01/);
  assert.equal(await page.locator('#areas tbody tr').count(), 38);
  await page.click('a:has-text("Derbyshire and Nottinghamshire")');
  assert.match(await page.locator('h1').innerText(), /Derbyshire and Nottinghamshire/);
  assert.ok(await page.locator('#lads tbody tr').count() > 5);
  await shot(page, 'area-2023');
  await page.fill('#as_of', '2026-01-01');
  await page.click('button:has-text("Show")');
  assert.match(await page.locator('h1').innerText(), /East Midlands/);
  assert.match(await page.locator('#history').innerText(), /renamed/i);
  await shot(page, 'area-2026');
  assert.deepEqual(errors, [], 'no script errors');
  await ctx.close();
});

test('sign in, add an organisation, see it listed (no JavaScript)', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(srv.base + '/sign-in');
  await page.fill('#email', ACCOUNTS.dfe_admin);
  await page.fill('#password', 'wrong password here');
  await page.click('button:has-text("Sign in")');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /not right/);
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('button:has-text("Sign in")');
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  assert.match(await page.locator('.govuk-service-navigation').innerText(), /Sign out/);

  await page.goto(srv.base + '/orgs');
  await page.click('text=Add an organisation');
  await page.fill('#name', 'Riverside Engineering College');
  await page.selectOption('#kind', 'fe_college');
  await page.fill('#ukprn', '123');
  await page.check('#area-E69000014');
  await page.fill('#contact_name', 'Sam Okafor');
  await page.click('button:has-text("Save organisation")');
  const summary = page.locator('.govuk-error-summary');
  assert.match(await summary.innerText(), /UKPRN|ukprn/);
  await shot(page, 'org-form-error');
  assert.equal(await page.inputValue('#name'), 'Riverside Engineering College', 'the form keeps what was typed');
  await page.fill('#ukprn', '10012345');
  await page.click('button:has-text("Save organisation")');
  assert.match(await page.locator('h1').innerText(), /Riverside Engineering College/);
  assert.match(await page.locator('#org-summary').innerText(), /10012345/);
  await shot(page, 'org-created');

  await page.goto(srv.base + '/orgs?q=Riverside');
  assert.match(await page.locator('#orgs').innerText(), /Riverside Engineering College/);
  await shot(page, 'orgs-list');
  await ctx.close();
});
