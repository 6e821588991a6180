// lsip.test.mjs (browser): the whole LSIP journey in headless Chromium with
// JavaScript off (every step is a plain form): DfE designates a body for
// West Yorkshire, the ERB files its delivery plan and a progress report,
// records an interest and writes priorities and actions, the MCA gives its
// statement, the ERB submits, DfE returns it with feedback, the ERB
// resubmits, DfE approves and publishes, and the public page shows the plan
// and the register of interests. Screenshots go to build/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ACCOUNTS, DEMO_PASSWORD } from '../lib/server.mjs';
import { launch, shot } from '../lib/browser.mjs';

const WY = 'E69000037';
let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.stop(); });

async function as(role) {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  if (role) {
    await page.goto(srv.base + '/sign-in');
    await page.fill('#email', ACCOUNTS[role]);
    await page.fill('#password', DEMO_PASSWORD);
    await page.click('button:has-text("Sign in")');
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  }
  await page.goto(`${srv.base}/areas/${WY}/lsip`);
  return { ctx, page };
}

const state = async (page) => (await page.locator('#plan-state').innerText()).trim();

test('designation to publication, every role in turn', async () => {
  // DfE designates; a missing eligibility answer is refused naming section 4.1
  const dfe = await as('dfe_admin');
  let p = dfe.page;
  assert.match(await p.locator('#no-designation').innerText(), /No employer representative body/);
  await p.selectOption('#org_id', { label: 'Calder Valley Chamber of Commerce' });
  await p.fill('#effective_date', '2026-11-02');
  for (const id of ['body_corporate', 'not_crown_servant', 'not_sos_appointed', 'not_public_authority', 'capable'])
    await p.check('#' + id);
  await p.fill('#consent_date', '2026-10-28');
  await p.fill('#consent_ref', 'DfE/LSIP/WY/2026');
  await p.fill('#terms', 'Standard LSIP terms and conditions');
  await p.click('button:has-text("Designate and publish the notice")');
  assert.match(await p.locator('.govuk-error-summary').innerText(), /reasonably representative.*section 4\.1/s);
  await shot(p, 'lsip-designate-refused');
  await p.check('#reasonably_representative');
  await p.check('#body_corporate');
  for (const id of ['not_crown_servant', 'not_sos_appointed', 'not_public_authority', 'capable'])
    await p.check('#' + id);
  await p.click('button:has-text("Designate and publish the notice")');
  assert.match(await p.locator('#designation-summary').innerText(), /Calder Valley Chamber of Commerce/);
  assert.match(await p.locator('#notices-table').innerText(), /designation/);
  await shot(p, 'lsip-designated');

  // the ERB: delivery plan, progress report, register, the plan's records
  const erb = await as('erb_editor');
  p = erb.page;
  await p.fill('#engagement', 'Sector round tables, a small-firm survey and provider workshops');
  await p.fill('#estimated_funding_pence', '150,000');
  await p.click('button:has-text("File the delivery plan")');
  assert.match(await p.locator('#delivery-plans').innerText(), /submitted.*15000000p/s);
  await p.check('#rag-amber');
  await p.click('button:has-text("File the progress report")');
  assert.match(await p.locator('.govuk-error-summary').innerText(), /risks/, 'an amber report needs its risks');
  await p.check('#rag-amber');
  await p.fill('#risks', 'Low response from micro firms');
  await p.fill('#mitigations', 'Growth hub sessions');
  await p.click('button:has-text("File the progress report")');
  assert.match(await p.locator('#progress-reports').innerText(), /amber/);
  await p.click('summary:has-text("Add to the register")');
  await p.fill('#person_name', 'Priya Shah');
  await p.selectOption('#interest_user_id', { label: 'Priya Shah' });
  await p.fill('#interest_org_name', 'Airedale College');
  await p.fill('#nature', 'Governor of Airedale College');
  await p.fill('#training_interests', 'The chamber runs short courses with the college');
  await p.click('button:has-text("Add the interest")');
  await p.fill('#plan_title', 'West Yorkshire LSIP 2027-2030');
  await p.click('button:has-text("Start the plan")');
  assert.equal(await state(p), 'draft');
  await p.fill('#need_title', 'Employers cannot recruit IT support technicians');
  await p.fill('#employers', 'Brightwater Engineering Ltd');
  await p.fill('#small_employers', 'Hollins Bakery Ltd');
  await p.click('button:has-text("Add the need")');
  await p.fill('#prio_title', 'Digital support technicians');
  await p.selectOption('#route_code', 'DIG');
  await p.selectOption('#pathway_code', 'DIG-DSS');
  await p.selectOption('#level_min', '3');
  await p.selectOption('#level_max', '4');
  await p.fill('#outcome', 'Vacancies filled locally within two years');
  await p.fill('#skills_components', 'Networking, cyber hygiene, customer support');
  await p.fill('#change_needed', 'A new level 4 course and evening level 3 provision');
  await p.selectOption('#retain_expand', 'expand');
  await p.check('label:has-text("Northgate Training Ltd") >> xpath=preceding-sibling::input');
  await p.click('button:has-text("Add the priority")');
  assert.match(await p.locator('#priorities').innerText(), /Digital support technicians[\s\S]*Northgate Training Ltd/);
  await p.fill('#action_title', 'Run an employer-led bootcamp');
  await p.selectOption('#owner_kind', 'provider');
  await p.selectOption('#owner_org_id', { label: 'Northgate Training Ltd' });
  await p.selectOption('#action_priority', { label: 'Digital support technicians' });
  await p.fill('#due_date', '2027-06-30');
  await p.click('button:has-text("Add the action")');
  await p.fill('#ev_title', 'Employer skills survey');
  await p.fill('#ev_source', 'Chamber survey, 640 employers');
  await p.fill('#why_robust', 'Weighted to the business population');
  await p.click('button:has-text("Add the evidence")');
  await p.fill('#net_zero', 'Retrofit and EV maintenance skills in every priority');
  await p.fill('#mca_engagement_stages', 'A,B');
  await p.fill('#mca_engagement_how', 'WYCA analysts joined the evidence panel');
  await p.click('button:has-text("Save the summary and annex")');
  // submitting without the MCA statement is refused (West Yorkshire has a mayor)
  await p.click('button:has-text("Submit for approval")');
  assert.match(await p.locator('.govuk-error-summary').innerText(), /MCA\/GLA statement \(sections 3\.5, 6\.4\)/);
  await shot(p, 'lsip-erb-draft');

  // the MCA gives its statement
  const mca = await as('mca_reviewer');
  p = mca.page;
  await p.check('#engaged-yes');
  await p.check('#opp-yes');
  await p.fill('#statement', 'WYCA was engaged at stages A and B and gave its views.');
  await p.click('button:has-text("Give the statement")');
  assert.match(await p.locator('#mca-statements').innerText(), /West Yorkshire Combined Authority/);
  await shot(p, 'lsip-mca-statement');

  // the ERB submits: refused while the report's readiness check blocks (6.5),
  // then it writes each part of the report and the stages, and submits
  p = erb.page;
  await p.goto(`${srv.base}/areas/${WY}/lsip`);
  await p.click('button:has-text("Submit for approval")');
  assert.match(await p.locator('.govuk-error-summary').innerText(), /blocking finding/);
  await p.goto(`${srv.base}/areas/${WY}/plan/preview`);
  for (const part of ['part1', 'part2', 'part3', 'annex', 'delivery'])
    await p.fill(`#${part}`, `West Yorkshire's ${part}: what employers need and how the plan delivers it.`);
  await p.click('#save-parts');
  for (const stage of ['A', 'B', 'C']) {
    await p.fill(`#stage_${stage}_started_on`, '2026-11-01');
    await p.fill(`#stage_${stage}_completed_on`, '2026-11-20');
    await p.fill(`#stage_${stage}_participants`, 'Employers, colleges and WYCA');
  }
  await p.click('#save-stages');
  await p.goto(`${srv.base}/areas/${WY}/lsip`);
  await p.click('button:has-text("Submit for approval")');
  assert.equal(await state(p), 'submitted');

  // DfE returns it with feedback
  p = dfe.page;
  await p.goto(`${srv.base}/areas/${WY}/lsip`);
  await p.fill('#return_note', 'The annex should show how small firms were reached.');
  await p.click('button:has-text("Return with feedback")');
  assert.equal(await state(p), 'returned');

  // the ERB reads the feedback and resubmits
  p = erb.page;
  await p.goto(`${srv.base}/areas/${WY}/lsip`);
  assert.match(await p.locator('#plan-feedback').innerText(), /small firms were reached/);
  await p.fill('#mca_engagement_how', 'WYCA analysts joined the evidence panel; small firms reached through the growth hub');
  await p.click('button:has-text("Save the summary and annex")');
  await p.click('button:has-text("Submit for approval")');
  assert.equal(await state(p), 'resubmitted');

  // DfE approves and publishes; the board shows it
  p = dfe.page;
  await p.goto(`${srv.base}/areas/${WY}/lsip`);
  await p.click('button:has-text("Approve")');
  assert.equal(await state(p), 'approved');
  await p.click('button:has-text("Publish")');
  assert.equal(await state(p), 'published');
  await shot(p, 'lsip-published-dfe');
  await p.goto(`${srv.base}/lsip/board?state=published&sort=name`);
  assert.match(await p.locator(`#board tr[data-area="${WY}"]`).innerText(), /Calder Valley Chamber of Commerce[\s\S]*published/);
  await shot(p, 'lsip-board');

  // the public reads the published plan and the register of interests
  const pub = await as(null);
  p = pub.page;
  assert.equal(await state(p), 'published');
  assert.match(await p.locator('#priorities').innerText(), /Digital support technicians/);
  assert.match(await p.locator('#actions').innerText(), /bootcamp/);
  assert.match(await p.locator('#register-table').innerText(), /Priya Shah[\s\S]*Governor of Airedale College/);
  assert.equal(await p.locator('#form-submit').count(), 0, 'the public sees no forms');
  assert.equal(await p.locator('#monitoring').count(), 0, 'monitoring is for signed-in users');
  await shot(p, 'lsip-public');
  // the area's own page shows the body, the published plan and the register too
  await p.goto(`${srv.base}/areas/${WY}`);
  assert.match(await p.locator('#lsip-body').innerText(), /Calder Valley Chamber of Commerce/);
  assert.match(await p.locator('#lsip-plan').innerText(), /West Yorkshire LSIP 2027-2030/);
  assert.match(await p.locator('#lsip-priorities').innerText(), /Digital support technicians/);
  assert.match(await p.locator('#lsip-register').innerText(), /Priya Shah: Governor of Airedale College/);
  await shot(p, 'lsip-area-page');
  await p.goto(srv.base + '/notices');
  assert.match(await p.locator('#notices').innerText(), /Calder Valley Chamber of Commerce/);
  for (const c of [dfe, erb, mca, pub]) await c.ctx.close();
});
