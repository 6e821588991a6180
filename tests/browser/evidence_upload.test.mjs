// evidence_upload.test.mjs (browser): uploading evidence files from the
// area's evidence page (issue 12), JavaScript off unless said. The ERB of
// Oxfordshire uploads a vacancies file and sees what was imported; a refused
// provision file shows the rows refused as file:line:field with the rule and
// offers them as a CSV download; a file over the limit (the server runs with
// SP_UPLOAD_MAX_BYTES=200000, stated on the page) is refused; DfE uploads a
// file of each kind; with JavaScript the upload shows its progress; DfE reads
// every import on the imports page and withdraws one; axe finds nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer, DEMO_PASSWORD, ACCOUNTS } from '../lib/server.mjs';
import { launch, shot } from '../lib/browser.mjs';

const DATA = resolve('tests/data/evidence');
const ERB = 'erb.oxfordshire@demo.skillplan.test'; // src/report/demo.h
let srv, browser, dir;
before(async () => {
  process.env.SP_UPLOAD_MAX_BYTES = '200000';
  srv = await startServer();
  browser = await launch();
  dir = mkdtempSync(join(tmpdir(), 'sp-upload-'));
});
after(async () => {
  await browser?.close();
  await srv?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function signIn(email, javaScriptEnabled = false) {
  const ctx = await browser.newContext({ javaScriptEnabled, acceptDownloads: true });
  const page = await ctx.newPage();
  await page.goto(srv.base + '/sign-in');
  await page.fill('#email', email);
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('button:has-text("Sign in")');
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  return { ctx, page };
}

test('the ERB uploads a file for its area; a refused file offers its rejected rows', async () => {
  const { ctx, page } = await signIn(ERB);
  await page.goto(srv.base + '/areas/E69000025/evidence');
  await page.click('#upload-link');
  await page.waitForURL(/\/areas\/E69000025\/evidence\/upload$/);
  assert.match(await page.locator('#file-hint').innerText(), /At most 196 KB/);
  const good = join(dir, 'oxford-vacancies.csv');
  writeFileSync(good, 'posted_date,area_code,soc_code,level\n2024-03-01,E69000025,2122,3\n2024-03-02,E69000025,2134,\n');
  await page.selectOption('#kind', 'vacancies');
  await page.setInputFiles('#file', good);
  await page.click('button:has-text("Upload and import")');
  await page.waitForSelector('#upload-done');
  assert.match(await page.locator('#upload-done').innerText(), /oxford-vacancies\.csv\s+rows imported: 2/);
  assert.match(await page.locator('#upload-record').innerText(), /[0-9a-f]{64}/);
  await shot(page, 'evidence-upload-done');
  // A refused file: the rows and the rule, and the CSV of them.
  await page.selectOption('#kind', 'provision');
  await page.setInputFiles('#file', join(DATA, 'provision_bad.csv'));
  await page.click('button:has-text("Upload and import")');
  await page.waitForSelector('#upload-refused');
  const errors = await page.locator('#upload-errors li').allInnerTexts();
  assert.ok(errors.length >= 5);
  assert.match(errors[0], /^provision_bad\.csv:3:starts must be a whole number, 0 or more/);
  await shot(page, 'evidence-upload-refused');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#rejections-link')]);
  const saved = join(dir, 'rejected.csv');
  await download.saveAs(saved);
  const lines = readFileSync(saved, 'utf8').trim().split('\n');
  assert.equal(lines[0], 'file,line,field,message');
  assert.match(lines[1], /^"?provision_bad\.csv"?,3,starts,/);
  // Over the limit.
  const big = join(dir, 'big.csv');
  writeFileSync(big, 'x'.repeat(250000));
  await page.selectOption('#kind', 'needs');
  await page.setInputFiles('#file', big);
  await page.click('button:has-text("Upload and import")');
  await page.waitForSelector('#upload-refused');
  assert.match(await page.locator('#upload-refused').innerText(), /over the upload limit of 200000 bytes; nothing was imported/);
  await ctx.close();
});

test('DfE uploads a file of each kind from the evidence page', async () => {
  const { ctx, page } = await signIn(ACCOUNTS.dfe_admin);
  const files = [['postcodes', 'postcodes.csv'], ['provision', 'provision_postcode.csv'],
    ['needs', 'needs.csv'], ['vacancies', 'vacancies.csv'], ['ees', 'ees/permalink.csv'],
    ['ilr', 'ilr_upload.xml']];
  for (const [kind, name] of files) {
    await page.goto(srv.base + '/areas/E69000003/evidence');
    await page.click('#upload-link');
    await page.selectOption('#kind', kind);
    await page.setInputFiles('#file', join(DATA, name));
    await page.click('button:has-text("Upload and import")');
    await page.waitForSelector('#upload-done, #upload-refused');
    assert.equal(await page.locator('#upload-refused').count(), 0,
      `${kind}: ${await page.locator('main').innerText()}`);
    const rec = await page.locator('#upload-record').innerText();
    assert.match(rec, new RegExp(`Kind\\s+${kind}`));
    assert.match(rec, new RegExp(name.split('/').pop().replace('.', '\\.')));
  }
  // The EES figures are on the area's page.
  await page.goto(srv.base + '/areas/E69000003/evidence');
  assert.match(await page.locator('#ees-table').innerText(), /ssa_t1_desc: Arts, Media and Publishing/);
  await ctx.close();
});

test('with JavaScript the file is sent with a progress bar and the answer replaces the page', async () => {
  const { ctx, page } = await signIn(ERB, true);
  await page.goto(srv.base + '/areas/E69000025/evidence/upload');
  const good = join(dir, 'oxford-vacancies-js.csv');
  writeFileSync(good, 'posted_date,area_code,soc_code,level\n2024-04-01,E69000025,2122,3\n');
  await page.selectOption('#kind', 'vacancies');
  await page.setInputFiles('#file', good);
  // The progress box is shown once the form is sent (recorded as it happens).
  await page.evaluate(() => {
    window.sawProgress = false;
    new MutationObserver(() => {
      const b = document.getElementById('upload-progress');
      if (b && !b.hidden) window.sawProgress = true;
    }).observe(document.body, { attributes: true, subtree: true, attributeFilter: ['hidden'] });
  });
  await page.click('button:has-text("Upload and import")');
  await page.waitForSelector('#upload-done');
  assert.match(page.url(), /\/evidence\/upload$/, 'the page was not left: the answer came by XMLHttpRequest');
  assert.equal(await page.evaluate(() => window.sawProgress), true);
  assert.match(await page.locator('#upload-done').innerText(), /oxford-vacancies-js\.csv\s+rows imported: 1/);
  // The new form is enhanced too: a second upload, refused, replaces the page again.
  await page.selectOption('#kind', 'vacancies');
  await page.setInputFiles('#file', good);
  await page.click('button:has-text("Upload and import")');
  await page.waitForSelector('#upload-refused');
  assert.match(await page.locator('#upload-refused').innerText(), /never counted twice/);
  await ctx.close();
});

test('DfE reads every import and withdraws one', async () => {
  const { ctx, page } = await signIn(ACCOUNTS.dfe_admin);
  await page.goto(srv.base + '/evidence/imports');
  const row = page.locator('#imports-table tr', { hasText: 'oxford-vacancies.csv' });
  assert.equal(await row.count(), 1);
  const text = await row.innerText();
  assert.match(text, /vacancies/);
  assert.match(text, /[0-9a-f]{64}/);
  assert.match(text, /In use/);
  await shot(page, 'evidence-imports');
  await row.locator('button:has-text("Withdraw")').click();
  await page.waitForURL(/withdrawn=\d+/);
  assert.match(await page.locator('#withdrawn-notice').innerText(), /was withdrawn/);
  assert.match(await page.locator('#imports-table tr', { hasText: 'oxford-vacancies.csv' }).innerText(), /Withdrawn/);
  await ctx.close();
});

test('the upload form, a refusal and the imports page have no accessibility violations', async () => {
  const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const { ctx, page } = await signIn(ACCOUNTS.dfe_admin, true); /* axe runs in the page */
  const check = async () => {
    await page.evaluate(axe);
    const r = await page.evaluate(() => window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    }));
    return r.violations.map((v) => `${page.url()}: ${v.id} at ${v.nodes[0].target.join(' ')}: ${v.help}`);
  };
  const found = [];
  await page.goto(srv.base + '/areas/E69000014/evidence/upload');
  found.push(...await check());
  await page.selectOption('#kind', 'provision');
  await page.setInputFiles('#file', join(DATA, 'provision_bad.csv'));
  await page.click('button:has-text("Upload and import")');
  await page.waitForSelector('#upload-refused');
  found.push(...await check());
  await page.goto(srv.base + '/evidence/imports');
  found.push(...await check());
  await page.goto(srv.base + '/areas/E69000006/evidence?as_of=2022-06-01');
  found.push(...await check());
  assert.deepEqual(found, []);
  await ctx.close();
});
