// report.test.mjs (browser): the LSIP report. The public finds a published
// plan's versions from the area page and opens its report as HTML and PDF;
// the ERB of Oxfordshire opens the preview of its draft, reads the findings
// (each naming its guidance section), is refused submission while Part 3 is
// missing, writes Part 3, sees the finding go, and submits. JavaScript off:
// the pages work without it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, DEMO_PASSWORD } from '../lib/server.mjs';
import { launch, shot } from '../lib/browser.mjs';

const ERB = 'erb.oxfordshire@demo.skillplan.test'; // sp_demo_report (src/report/demo.h)
let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.stop(); });

test('the public opens the published versions of a plan inside the site and as PDF', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(srv.base + '/areas/E69000014');
  await page.click('#plan-reports-link');
  await page.waitForURL(/\/areas\/E69000014\/plan\/reports$/);
  const rows = page.locator('#plan-versions tbody tr');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), /Greater Manchester LSIP 2024-2027/);
  await shot(page, 'report-versions');
  const pdf = await page.request.get(await page.locator('#plan-versions a:has-text("PDF")').getAttribute('href')
    .then((h) => srv.base + h));
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
  await page.click('#plan-versions a:has-text("Read")');
  assert.match(await page.locator('h1').innerText(), /Greater Manchester/);
  assert.equal(await page.locator('.govuk-service-navigation').count(), 1, 'the report opens inside the layout');
  assert.match(await page.locator('.sp-contents').innerText(), /Part 3: Delivering the LSIP priorities/);
  assert.ok(await page.locator('table.govuk-table th[scope="col"]').count() > 4);
  await shot(page, 'report-html');
  // a draft is not public
  const draft = await page.request.get(srv.base + '/api/areas/E69000025/plan/report.pdf');
  assert.equal(draft.status(), 404);
  await ctx.close();
});

test('the ERB reads the findings, fixes one and submits (no JavaScript)', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(srv.base + '/sign-in');
  await page.fill('#email', ERB);
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('button:has-text("Sign in")');
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  await page.goto(srv.base + '/areas/E69000025/plan/preview');
  assert.match(await page.locator('h1').innerText(), /Preview the plan/);
  assert.match(await page.locator('#not-ready').innerText(), /1 finding\(s\) block submission/);
  const blocking = page.locator('#findings tr[data-code="part_3_missing"]');
  assert.match(await blocking.innerText(), /Blocking/);
  assert.match(await blocking.innerText(), /6\.3/);
  assert.match(await page.locator('#findings').innerText(), /Warning/);
  await shot(page, 'report-preview-findings');

  // submission is refused while the blocking finding stands
  await page.click('#submit-plan');
  assert.match(await page.locator('#save-error').innerText(), /cannot be submitted while 1 blocking finding stands/);
  assert.equal(await page.locator('#plan-state').innerText(), 'draft');

  // fix it: write Part 3
  await page.fill('#part3', 'Delivering the plan: the roadmap below names each action, its owner and its date. ' +
    'Employers, Oxford colleges and the council meet quarterly.');
  await page.click('#save-parts');
  await page.waitForURL(/\/areas\/E69000025\/plan\/preview\?version=1$/);
  assert.equal(await page.locator('#findings tr[data-code="part_3_missing"]').count(), 0);
  assert.match(await page.locator('#ready-panel').innerText(), /Ready to submit/);
  assert.match(await page.locator('.sp-report-preview').innerText(), /the roadmap below names each action/);
  await shot(page, 'report-preview-ready');

  // record stage A's dates: a date that does not exist is refused, and kept in the form
  await page.fill('#stage_A_started_on', '2026-02-30');
  await page.fill('#stage_A_participants', '64 employers, 9 of them small firms');
  await page.click('#save-stages');
  assert.match(await page.locator('#save-error').innerText(), /started_on must be a real date/);
  assert.equal(await page.inputValue('#stage_A_participants'), '64 employers, 9 of them small firms');
  await page.fill('#stage_A_started_on', '2026-02-01');
  await page.fill('#stage_A_completed_on', '2026-05-31');
  await page.click('#save-stages');
  await page.waitForURL(/\/plan\/preview\?version=1#stages$/);
  assert.equal(await page.inputValue('#stage_A_started_on'), '2026-02-01');
  assert.match(await page.locator('.sp-report-preview').innerText(), /64 employers, 9 of them small firms/);

  await page.click('#submit-plan');
  await page.waitForURL(/\/areas\/E69000025\/plan\/preview\?version=1$/);
  assert.equal(await page.locator('#plan-state').innerText(), 'submitted');
  assert.equal(await page.locator('#submit-plan').count(), 0);
  await shot(page, 'report-preview-submitted');
  await ctx.close();
});

test('the API: readiness, the part texts, and refusals', async () => {
  const pub = new Client(srv.base);
  let r = await pub.req('GET', '/api/areas/E69000014/plan/readiness');
  assert.equal(r.status, 200);
  assert.equal(r.data.page_limit, 30);
  assert.ok(Array.isArray(r.data.findings));
  r = await pub.req('GET', '/api/areas/E69000028/plan/readiness');
  assert.equal(r.status, 404);
  const erb = new Client(srv.base);
  assert.equal((await erb.signIn(ERB)).status, 201);
  // another area's draft is not this ERB's to read (issue 10, finding 9); DfE reads it
  r = await erb.req('GET', '/api/areas/E69000028/plan/readiness');
  assert.equal(r.status, 404, 'another area\'s draft is not visible to this ERB');
  const dfe = new Client(srv.base);
  assert.equal((await dfe.signIn('dfe@demo.skillplan.test')).status, 201);
  r = await dfe.req('GET', '/api/areas/E69000028/plan/readiness');
  assert.equal(r.status, 200, 'DfE reads any draft');
  assert.ok(r.data.findings.some((f) => f.code === 'mca_statement_missing' && f.section === '6.4, 3.5'));
  r = await erb.req('POST', '/api/areas/E69000028/plan/parts/part3', { json: { text: 'Not my area' } });
  assert.equal(r.status, 403);
  assert.match(r.data.error.message, /only the body designated/);
  r = await erb.req('POST', '/api/areas/E69000014/plan/parts/part9', { json: { text: 'x' } });
  assert.equal(r.status, 400);
  r = await erb.req('GET', '/api/areas/E69000014/plan/report.html');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/html/);
  assert.match(r.text, /<svg|<table class="govuk-table"/);
});

test('a DfE reviewer sees the same findings, read-only', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(srv.base + '/sign-in');
  await page.fill('#email', 'dfe@demo.skillplan.test');
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('button:has-text("Sign in")');
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  await page.goto(srv.base + '/areas/E69000028/plan/preview');
  assert.match(await page.locator('#findings tr[data-code="mca_statement_missing"]').innerText(), /6\.4, 3\.5/);
  assert.equal(await page.locator('#save-parts').count(), 0);
  assert.equal(await page.locator('#submit-plan').count(), 0);
  assert.match(await page.locator('#read-only').innerText(), /designated body/);
  await shot(page, 'report-preview-dfe');
  await ctx.close();
});
