// accessibility.test.mjs (browser): axe-core (from npm) checks every kind of
// page against WCAG 2.1 A and AA and axe's best practices, as the public and
// as signed-in users; any violation fails, naming the rule and the element.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startServer, ACCOUNTS, DEMO_PASSWORD } from '../lib/server.mjs';
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
