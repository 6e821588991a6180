// evidence.test.mjs (browser): the area's evidence page with the demo data.
// The public goes from the area's page to its evidence, sees the charts
// (SVG drawn by the server, with text alternatives), drills into a route,
// and downloads the table as CSV; the ERB of Oxfordshire turns the top
// candidate priority into a priority of its draft plan. JavaScript off:
// the pages work without it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO_PASSWORD } from '../lib/server.mjs';
import { launch, shot } from '../lib/browser.mjs';

const ERB = 'erb.oxfordshire@demo.skillplan.test'; // src/report/demo.h
let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.stop(); });

test('the public reads an area evidence page, drills down and downloads the CSV', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(srv.base + '/areas/E69000037');
  await page.click('#evidence-link a');
  await page.waitForURL(/\/areas\/E69000037\/evidence$/);
  assert.match(await page.locator('h1').innerText(), /Evidence for West Yorkshire/);
  assert.equal(await page.locator('#chart-bars svg[role="img"]').count(), 1);
  assert.equal(await page.locator('#chart-trend svg[role="img"]').count(), 1);
  assert.match(await page.locator('#chart-bars svg title').textContent(), /by route, 2023\/24/);
  assert.ok(await page.locator('#gap-table tbody tr').count() >= 8);
  assert.ok(await page.locator('#priorities > li').count() >= 5);
  // no ERB buttons for the public
  assert.equal(await page.locator('button:has-text("Make this a plan priority")').count(), 0);
  await shot(page, 'evidence-area');
  // drill into the Engineering & Manufacturing route
  await page.click('#gap-table a:has-text("EM")');
  await page.waitForURL(/route=EM/);
  assert.match(await page.locator('#chart-bars svg title').textContent(), /Route EM by pathway and level/);
  const routes = await page.locator('#gap-table tbody td:first-child').allInnerTexts();
  assert.ok(routes.length > 0 && routes.every((r) => r === 'EM'));
  await shot(page, 'evidence-route');
  // an earlier year
  await page.selectOption('#year', '2021');
  await page.click('button:has-text("Show")');
  await page.waitForURL(/year=2021/);
  assert.match(await page.locator('h2:has-text("Gap table")').innerText(), /2021\/22/);
  const csv = await page.request.get(srv.base + (await page.locator('#csv-link').getAttribute('href')));
  assert.equal(csv.status(), 200);
  assert.match(csv.headers()['content-type'], /text\/csv/);
  const lines = (await csv.text()).trim().split('\n');
  assert.match(lines[0], /^area_code,route_code,pathway_code,level,year,/);
  assert.ok(lines.slice(1).every((l) => l.startsWith('E69000037,EM,') && l.includes(',2021,')));
  await ctx.close();
});

test('the ERB makes the top candidate a priority of its plan', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(srv.base + '/sign-in');
  await page.fill('#email', ERB);
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('button:has-text("Sign in")');
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  await page.goto(srv.base + '/areas/E69000025/evidence');
  const first = page.locator('#priorities > li').first();
  const heading = await first.locator('h3').innerText();
  await first.locator('button:has-text("Make this a plan priority")').click();
  await page.waitForURL(/adopted=\d+/);
  assert.match(await page.locator('#adopted-notice').innerText(), /now priority \d+ of the plan/);
  const pathway = heading.split(' ')[0];
  assert.match(await page.locator('#adopted').innerText(), new RegExp(pathway));
  await shot(page, 'evidence-adopted');
  // the plan's page lists it
  await page.click('#adopted-notice a');
  assert.match(await page.locator('main').innerText(), new RegExp(pathway));
  await ctx.close();
});
