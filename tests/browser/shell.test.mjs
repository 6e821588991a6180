// shell.test.mjs (browser): the frame around every page and each role's home
// (issue 11). Each demo role signs in and lands on its own home and sees its
// work there; a provider records co-operation and the area's ERB and DfE then
// see it; a DfE administrator invites someone, who changes their password,
// and then disables the account; every page here passes axe-core and fits a
// 320-pixel-wide screen without sideways scrolling. Screenshots of each home
// go to build/screenshots/home-<role>.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startServer, Client, signedIn, ACCOUNTS, DEMO_PASSWORD } from '../lib/server.mjs';
import { launch, shot } from '../lib/browser.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WY = 'E69000037';
let srv, browser;
before(async () => {
  srv = await startServer();
  const b = await launch();
  // Every wait fails after 10 s with its reason rather than holding the run.
  browser = { newContext: async (o) => { const c = await b.newContext(o); c.setDefaultTimeout(10000); return c; },
    close: () => b.close() };
});
after(async () => { await browser?.close(); await srv?.stop(); });

async function signIn(page, email, password = DEMO_PASSWORD) {
  await page.goto(srv.base + '/sign-in');
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('button:has-text("Sign in")');
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}

async function signOut(page) {
  await page.click('button:has-text("Sign out")');
  await page.waitForURL(srv.base + '/');
}

// axe-core's WCAG 2.x A/AA rules and best practices on the page as it stands.
async function axe(page) {
  await page.evaluate(axeSource);
  const r = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  }));
  const path = new URL(page.url()).pathname;
  return r.violations.map((v) => `${path}: ${v.id} (${v.impact}) at ${v.nodes[0].target.join(' ')}: ${v.help}`);
}

// The page at 320 CSS pixels wide: nothing may scroll sideways.
async function fits320(page) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 800 });
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.setViewportSize(size);
  return w <= 320 ? [] : [`${new URL(page.url()).pathname}: ${w} px wide at 320`];
}

// axe and the 320-pixel check. axe runs as a script, so for a page opened
// with JavaScript off its HTML as it stands (an error page after a POST
// included) is loaded into a JavaScript-enabled page at the same address,
// with the same cookies.
async function check(page, { js = true } = {}) {
  if (js) return [...await axe(page), ...await fits320(page)];
  const html = await page.content();
  const ctx = await browser.newContext({ storageState: await page.context().storageState() });
  const p = await ctx.newPage();
  await p.goto(page.url());
  await p.setContent(html, { waitUntil: 'load' });
  const found = [...await axe(p), ...await fits320(p)];
  await ctx.close();
  return found;
}

test('each role signs in, lands on its home and sees its work there', async () => {
  const found = [];
  const homes = {
    dfe_admin: { url: /\/home$/, h1: /Your work/, see: async (p) => {
      assert.match(await p.locator('#plans').innerText(), /Kent and Medway/, 'the submitted plan waits for DfE');
      assert.match(await p.locator('#plans').innerText(), /Submitted/);
      assert.ok(await p.locator('#overdue tbody tr').count() > 0, 'overdue items from the statutory clock');
      assert.match(await p.locator('#overdue').innerText(), /Statutory guidance \(DfE, August 2022\), section 4\.3\.1/);
      assert.doesNotMatch(await p.locator('main').innerText(), /\.txt/, 'no file names as citations');
      assert.match(await p.locator('#delivery-plans-empty').innerText(), /No delivery plan is waiting/);
      assert.ok(await p.locator('a[href="/lsip/board"]').count() > 0, 'the way to the board');
      assert.match(await p.locator('.govuk-service-navigation').innerText(), /Accounts/);
    } },
    erb_editor: { url: new RegExp(`/areas/${WY}/plan$`), h1: /Local skills improvement plan/, see: async (p) => {
      assert.match(await p.locator('main').innerText(), /West Yorkshire/);
      assert.ok(await p.locator('#task-list').count() > 0, 'the plan as a task list');
    } },
    provider_editor: { url: /\/home$/, h1: /Your areas and records/, see: async (p) => {
      assert.match(await p.locator('#provider-areas').innerText(), /West Yorkshire/);
      assert.match(await p.locator('#provider-decisions-empty').innerText(), /No area has decided/);
      assert.match(await p.locator('#records-cooperation-empty').innerText(), /No co-operation/);
      assert.doesNotMatch(await p.locator('.govuk-service-navigation').innerText(), /Accounts|LSIP board/);
    } },
    mca_reviewer: { url: /\/home$/, h1: /Plans waiting for your statement/, see: async (p) => {
      assert.match(await p.locator('#mca-waiting').innerText(), /No plan of your areas waits/);
    } },
    funder: { url: /\/home$/, h1: /Your agreements/, see: async (p) => {
      assert.match(await p.locator('#funder-agreements-empty').innerText(), /not yet party to any agreement/);
      assert.ok(await p.locator('a[href="/funding/reallocate"]').count() > 0);
    } },
    viewer: { url: /\/home$/, h1: /Your home/ },
  };
  const words = {
    dfe_admin: 'Department for Education LSIP team administrator', erb_editor: 'employer representative body editor',
    provider_editor: 'education and training provider editor', mca_reviewer: 'mayoral combined authority or GLA reviewer',
    funder: 'funder or sector body', viewer: 'viewer',
  };
  for (const [role, h] of Object.entries(homes)) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, ACCOUNTS[role]);
    assert.match(page.url(), h.url, `${role} lands on its home`);
    assert.match(await page.locator('h1').first().innerText(), h.h1, role);
    const who = await page.locator('#signed-in').innerText();
    assert.match(who, new RegExp(`^Signed in as .+, ${words[role]}$`), `${role} in words`);
    assert.doesNotMatch(who, /_/, 'never a role key');
    if (role !== 'erb_editor') {
      const current = page.locator('.govuk-service-navigation__item--active');
      assert.equal(await current.innerText(), 'Home', 'Home is the current navigation item');
      assert.equal(await current.locator('a').getAttribute('aria-current'), 'page');
    }
    if (h.see) await h.see(page);
    await shot(page, `home-${role}`);
    if (role === 'dfe_admin') { // the same home on a 320-pixel-wide phone
      await page.setViewportSize({ width: 320, height: 640 });
      await shot(page, 'home-dfe_admin-320');
      await page.setViewportSize({ width: 1280, height: 720 });
    }
    if (role !== 'erb_editor') found.push(...await check(page)); // the ERB's plan page is uiforms'
    // The Generic header, not GOV.UK's: no crown, the service's own name.
    assert.equal(await page.locator('.govuk-generic-header').count(), 1);
    assert.equal(await page.locator('.govuk-header__logotype, svg[aria-label="GOV.UK"]').count(), 0);
    // GOV.UK Frontend 6's JavaScript ran from files (the CSP allows no inline script).
    assert.match(await page.getAttribute('body', 'class'), /govuk-frontend-supported/);
    assert.deepEqual(errors, [], `${role}: no script errors`);
    await ctx.close();
  }
  assert.deepEqual(found, []);
});

test('the public home stays the list of areas; Home is for signed-in people only', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(srv.base + '/');
  assert.match(await page.locator('h1').innerText(), /Local skills improvement plan areas/);
  const nav = await page.locator('#navigation').innerText();
  assert.doesNotMatch(nav, /Home|Your account/);
  assert.match(nav, /Sign in/);
  assert.equal(await page.locator('#signed-in').count(), 0);
  const r = await page.goto(srv.base + '/home');
  assert.match(page.url(), /\/sign-in\?next=\/home/, 'signing in first');
  assert.equal(r.status(), 200);
  await ctx.close();
});

test('a provider records co-operation; the ERB and DfE then see it (no JavaScript)', async () => {
  // DfE designates the demo ERB (Calder Valley) for West Yorkshire.
  const dfe = await signedIn(srv.base, 'dfe_admin');
  const orgs = (await dfe.req('GET', '/api/orgs?limit=1000')).data.items;
  const calder = orgs.find((o) => o.name === 'Calder Valley Chamber of Commerce').id;
  const airedale = orgs.find((o) => o.name === 'Airedale College').id;
  const d = await dfe.req('POST', '/api/designations', { json: {
    area_code: WY, org_id: calder, effective_date: '2026-01-05', body_corporate: true, not_crown_servant: true,
    not_sos_appointed: true, not_public_authority: true, capable: true, reasonably_representative: true,
    consent_date: '2026-01-02', consent_ref: 'DfE/LSIP/WY/1', terms: 'Standard LSIP terms' } });
  assert.equal(d.status, 201, d.text);

  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await signIn(page, ACCOUNTS.provider_editor);
  // the co-operation form is a page of its own (one thing per page)
  await page.goto(`${srv.base}/areas/${WY}/decide/cooperation`);
  await page.check('input[name="kind"][value="meeting"]');
  await page.fill('#detail', 'Curriculum planning workshop with the chamber\non digital skills');
  await page.fill('#on_date-day', '12');
  await page.fill('#on_date-month', '3');
  await page.fill('#on_date-year', '2026');
  await page.click('#form-cooperation button');
  await page.waitForURL((u) => !u.pathname.endsWith('/decide/cooperation'));
  await page.goto(srv.base + '/home');
  const mine = await page.locator('#records-cooperation').innerText();
  assert.match(mine, /Curriculum planning workshop/);
  assert.match(mine, /Meeting/);
  assert.match(mine, /West Yorkshire/);
  await shot(page, 'home-provider_editor-with-record');
  // Only for an area it works in: Greater Manchester is not one.
  const prov = await signedIn(srv.base, 'provider_editor');
  const refused = await prov.req('POST', '/api/areas/E69000014/cooperation', { json: { kind: 'meeting', detail: 'Not ours' } });
  assert.equal(refused.status, 403);
  assert.match(refused.data.error.message, /does not work in area E69000014/);
  await signOut(page);

  // The area's ERB sees it on the area page and the provider's page.
  await signIn(page, ACCOUNTS.erb_editor);
  await page.goto(`${srv.base}/areas/${WY}`);
  assert.match(await page.locator('#records-cooperation').innerText(), /Airedale College.*Curriculum planning workshop/s);
  assert.match(await page.locator('#records-section5-empty').innerText(), /No section 5 review/);
  await shot(page, 'area-records-erb');
  const found = await check(page, { js: false });
  await page.goto(`${srv.base}/orgs/${airedale}`);
  assert.match(await page.locator('#records-cooperation').innerText(), /Curriculum planning workshop/);
  found.push(...await check(page, { js: false }));
  await signOut(page);

  // DfE sees it too.
  await signIn(page, ACCOUNTS.dfe_admin);
  await page.goto(`${srv.base}/areas/${WY}`);
  assert.match(await page.locator('#records-cooperation').innerText(), /Curriculum planning workshop/);
  await signOut(page);

  // Nobody else: the public and another role see no records section.
  await page.goto(`${srv.base}/areas/${WY}`);
  assert.equal(await page.locator('#provider-records').count(), 0);
  await signIn(page, ACCOUNTS.funder);
  await page.goto(`${srv.base}/orgs/${airedale}`);
  assert.equal(await page.locator('#provider-records').count(), 0);
  assert.deepEqual(found, []);
  await ctx.close();
});

test('accounts: DfE invites someone, they change their password, DfE disables them (no JavaScript)', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  const found = [];
  await signIn(page, ACCOUNTS.dfe_admin);
  await page.click('.govuk-service-navigation a:has-text("Accounts")');
  assert.match(await page.locator('#accounts').innerText(), /Priya Shah/);
  assert.doesNotMatch(await page.locator('#accounts').innerText(), /erb_editor|provider_editor/, 'roles in words');
  found.push(...await check(page, { js: false }));
  await page.click('text=Invite someone');
  found.push(...await check(page, { js: false }));
  // Everything missing: every error at once, each linked to its field.
  await page.click('button:has-text("Create the account")');
  const links = await page.locator('.govuk-error-summary a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
  assert.deepEqual(links.map((l) => l[0]), ['#name', '#email', '#role-dfe_admin', '#org_id']);
  assert.match(links[0][1], /Enter the person's full name/);
  for (const [href] of links) assert.equal(await page.locator(href).count(), 1, `${href} is a field`);
  assert.match(await page.title(), /^Error: /);
  found.push(...await check(page, { js: false }));
  // One error: the rest is kept.
  await page.fill('#name', 'Erin Example');
  await page.fill('#email', 'erin.example');
  await page.check('#role-provider_editor');
  await page.selectOption('#org_id', { label: 'Airedale College (FE college)' });
  await page.click('button:has-text("Create the account")');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /correct format/);
  assert.equal(await page.inputValue('#name'), 'Erin Example');
  assert.ok(await page.isChecked('#role-provider_editor'));
  await page.fill('#email', 'erin.example@airedale.demo.skillplan.test');
  await page.click('button:has-text("Create the account")');
  assert.match(await page.locator('.govuk-panel__title').innerText(), /Account created/);
  assert.match(await page.locator('#invited-summary').innerText(), /education and training provider editor/);
  assert.match(await page.locator('#invited-summary').innerText(), /West Yorkshire/);
  const temp = (await page.locator('#temp-password').innerText()).trim();
  assert.equal(temp.length, 20);
  await shot(page, 'account-invited');
  found.push(...await check(page, { js: false }));
  await signOut(page);

  // Erin signs in with it and changes her password.
  await signIn(page, 'erin.example@airedale.demo.skillplan.test', temp);
  assert.match(await page.locator('#signed-in').innerText(), /Signed in as Erin Example, education and training provider editor/);
  await page.click('.govuk-service-navigation a:has-text("Your account")');
  assert.match(await page.locator('#account-summary').innerText(), /Airedale College/);
  await page.click('button:has-text("Change password")');
  const errs = await page.locator('.govuk-error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(errs, ['#current_password', '#new_password', '#confirm_password']);
  assert.match(await page.locator('#new_password-error').innerText(), /Enter a new password/);
  found.push(...await check(page, { js: false }));
  await page.fill('#current_password', 'not the password at all');
  await page.fill('#new_password', 'short');
  await page.fill('#confirm_password', 'different');
  await page.click('button:has-text("Change password")');
  const msgs = await page.locator('.govuk-error-summary').innerText();
  assert.match(msgs, /12 characters or more/);
  assert.match(msgs, /do not match/);
  await page.fill('#current_password', 'not the password at all');
  await page.fill('#new_password', 'river lantern copper meadow');
  await page.fill('#confirm_password', 'river lantern copper meadow');
  await page.click('button:has-text("Change password")');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Your current password is not right/);
  await page.fill('#current_password', temp);
  await page.fill('#new_password', 'river lantern copper meadow');
  await page.fill('#confirm_password', 'river lantern copper meadow');
  await page.click('button:has-text("Change password")');
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /Your password has been changed/);
  found.push(...await check(page, { js: false }));
  await signOut(page);
  const oldPw = await new Client(srv.base).signIn('erin.example@airedale.demo.skillplan.test', temp);
  assert.equal(oldPw.status, 401, 'the temporary password no longer works');
  const erin = new Client(srv.base);
  assert.equal((await erin.signIn('erin.example@airedale.demo.skillplan.test', 'river lantern copper meadow')).status, 201);

  // DfE disables the account: Erin's session ends and she cannot sign in.
  await signIn(page, ACCOUNTS.dfe_admin);
  await page.goto(srv.base + '/accounts');
  await page.click('a:has-text("Change Erin Example")');
  found.push(...await check(page, { js: false }));
  await page.check('#disabled');
  await page.click('button:has-text("Save changes")');
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /Erin Example's account has been updated/);
  assert.match(await page.locator('#accounts tr:has-text("Erin Example")').innerText(), /Disabled/);
  assert.equal((await erin.req('GET', '/api/session')).data?.user ?? null, null, 'her session ended');
  assert.equal((await new Client(srv.base).signIn('erin.example@airedale.demo.skillplan.test', 'river lantern copper meadow')).status, 401);
  // An administrator cannot lock themselves out.
  const me = (await (await signedIn(srv.base, 'dfe_admin')).req('GET', '/api/session')).data;
  await page.goto(`${srv.base}/accounts/${me.user?.id ?? me.id}`);
  await page.check('#disabled');
  await page.click('button:has-text("Save changes")');
  assert.match(await page.locator('.govuk-error-summary').innerText(), /cannot disable your own account/);
  // Nobody else manages accounts.
  const prov = await signedIn(srv.base, 'provider_editor');
  assert.equal((await prov.req('GET', '/accounts')).status, 403);
  assert.doesNotMatch((await prov.req('GET', '/accounts')).text, /user\.manage/);
  assert.deepEqual(found, []);
  await ctx.close();
});

test('sources, the report inside the layout and the calendar subscription', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const found = [];
  await page.goto(srv.base + '/sources');
  const rows = await page.locator('#sources tbody tr').count();
  assert.equal(rows, 5);
  assert.match(await page.locator('#sources').innerText(), /Statutory guidance \(DfE, August 2022\)/);
  assert.match(await page.locator('#sources').innerText(), /004_34ac84fe2e6428e6\.txt/, 'the file each title stands for');
  found.push(...await check(page));
  await page.goto(srv.base + '/areas/E69000014/plan/reports');
  await page.click('a:has-text("Read")');
  assert.match(page.url(), /\/areas\/E69000014\/plan\/report\?version=1$/);
  assert.match(await page.locator('h1').innerText(), /Local skills improvement plan for Greater Manchester/);
  assert.equal(await page.locator('h1').count(), 1, 'the report sits under the page heading');
  assert.ok(await page.locator('#report h2').count() > 0);
  assert.equal(await page.locator('.govuk-service-navigation').count(), 1, 'with the navigation');
  assert.equal(await page.locator('.govuk-back-link').count(), 1);
  found.push(...await check(page));
  await page.goto(srv.base + '/areas/E69000014');
  const sub = await page.getAttribute('#calendar-subscribe', 'href');
  assert.equal(sub, `webcal://${new URL(srv.base).host}/areas/E69000014/deadlines.ics`);
  assert.equal(await page.getAttribute('#calendar-download', 'href'), '/areas/E69000014/deadlines.ics');
  const ics = await fetch(`${srv.base}/areas/E69000014/deadlines.ics`);
  assert.match(await ics.text(), /BEGIN:VCALENDAR/);
  found.push(...await check(page));
  // The API keeps the machine key and gains a readable citation beside it.
  const api = await (await fetch(`${srv.base}/api/deadlines?area=E69000014&as_of=2026-11-23`)).json();
  const item = (api.items ?? api)[0];
  assert.ok(item.source && item.citation, 'source and citation');
  assert.match(item.citation, /^Statutory guidance \(DfE, August 2022\), section/);
  assert.equal(item.source_title, 'Statutory guidance (DfE, August 2022)');
  assert.doesNotMatch(item.source, /Statutory guidance/, 'the machine key is kept as it was');
  assert.deepEqual(found, []);
  await ctx.close();
});

test('the layout\'s pages: the areas, organisations, an area and the audit log fit 320 pixels and pass axe', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const found = [];
  for (const path of ['/', '/?as_of=2023-01-01', '/orgs', '/areas/E69000014', '/routes', '/sign-in']) {
    await page.goto(srv.base + path);
    found.push(...await check(page));
  }
  await signIn(page, ACCOUNTS.dfe_admin);
  for (const path of ['/audit', '/orgs/1', '/account']) {
    await page.goto(srv.base + path);
    found.push(...await check(page));
  }
  assert.deepEqual(found, []);
  await ctx.close();
});
