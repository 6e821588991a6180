// lsip.test.mjs (browser): the whole LSIP journey in headless Chromium with
// JavaScript off (every step is a plain form, one thing per page, decisions
// through check-answers pages, a banner after each): DfE designates a body for
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

const banner = async (page) => (await page.locator('#notification-banner').innerText()).trim();
const go = (page, path) => page.goto(`${srv.base}/areas/${WY}${path}`);

test('designation to publication, every role in turn', async () => {
  // DfE designates through a form and a check-answers page; a missing
  // eligibility answer is refused naming section 4.1, with everything typed kept
  const dfe = await as('dfe_admin');
  let p = dfe.page;
  assert.match(await p.locator('#no-designation').innerText(), /No employer representative body/);
  await p.click('#designate-link');
  await p.selectOption('#org_id', { label: 'Calder Valley Chamber of Commerce' });
  await p.fill('#effective_date-day', '2');
  await p.fill('#effective_date-month', '11');
  await p.fill('#effective_date-year', '2026');
  for (const id of ['eligibility', 'eligibility-2', 'eligibility-3', 'eligibility-4', 'eligibility-5'])
    await p.check('#' + id);
  await p.fill('#consent_date-day', '28');
  await p.fill('#consent_date-month', '10');
  await p.fill('#consent_date-year', '2026');
  await p.fill('#consent_ref', 'DfE/LSIP/WY/2026');
  await p.fill('#terms', 'Standard LSIP terms and conditions');
  await p.click('#submit-button');
  assert.match(await p.locator('.govuk-error-summary').innerText(), /reasonably representative.*section 4\.1/s);
  assert.equal(await p.inputValue('#consent_ref'), 'DfE/LSIP/WY/2026', 'what was typed is kept');
  assert.ok(await p.isChecked('#eligibility-5'), 'the answers given are kept');
  await shot(p, 'lsip-designate-refused');
  await p.check('#eligibility-6');
  await p.click('#submit-button');
  assert.match(await p.locator('h1').innerText(), /Check the designation/);
  assert.match(await p.locator('.govuk-summary-list').innerText(), /Calder Valley Chamber of Commerce[\s\S]*2 November 2026[\s\S]*reasonably representative/);
  await shot(p, 'lsip-designate-check');
  await p.click('#submit-button');
  assert.match(await banner(p), /Body designated and notice published/);
  assert.match(await p.locator('#designation-summary').innerText(), /Calder Valley Chamber of Commerce/);
  assert.match(await p.locator('#notices-table').innerText(), /designation/);
  await shot(p, 'lsip-designated');

  // the ERB: delivery plan, progress report, register, the plan's records, one page each
  const erb = await as('erb_editor');
  p = erb.page;
  await go(p, '/plan/delivery-plan');
  await p.fill('#engagement', 'Sector round tables, a small-firm survey and provider workshops');
  await p.fill('#estimated_funding_pence', '150,000');
  await p.click('#submit-button');
  assert.match(await banner(p), /Delivery plan filed/);
  await go(p, '/lsip');
  assert.match(await p.locator('#delivery-plans').innerText(), /submitted.*£150,000\.00/s);
  await go(p, '/plan/progress-report');
  await p.check('#rag-2');
  await p.click('#submit-button');
  assert.match(await p.locator('.govuk-error-summary').innerText(), /risks/i, 'an amber report needs its risks');
  assert.ok(await p.isChecked('#rag-2'), 'the status chosen is kept');
  await p.fill('#risks', 'Low response from micro firms');
  await p.fill('#mitigations', 'Growth hub sessions');
  await p.click('#submit-button');
  await go(p, '/lsip');
  assert.match(await p.locator('#progress-reports').innerText(), /amber/);
  await go(p, '/plan/interests/new');
  await p.fill('#person_name', 'Priya Shah');
  await p.selectOption('#user_id', { label: 'Priya Shah' });
  await p.fill('#interest_org_name', 'Airedale College');
  await p.fill('#nature', 'Governor of Airedale College');
  await p.fill('#training_interests', 'The chamber runs short courses with the college');
  await p.click('#submit-button');
  assert.match(await banner(p), /Interest added to the register/);
  await go(p, '/plan/start');
  await p.fill('#title', 'West Yorkshire LSIP 2027-2030');
  await p.click('#submit-button');
  assert.equal(await state(p), 'draft');
  await go(p, '/plan/needs/new');
  await p.fill('#title', 'Employers cannot recruit IT support technicians');
  await p.fill('#employers', 'Brightwater Engineering Ltd');
  await p.fill('#small_employers', 'Hollins Bakery Ltd');
  await p.click('#submit-button');
  await go(p, '/plan/priorities/new');
  await p.fill('#title', 'Digital support technicians');
  await p.selectOption('#route_code', 'DIG');
  await p.selectOption('#pathway_code', 'DIG-DSS');
  await p.selectOption('#level_min', '3');
  await p.selectOption('#level_max', '4');
  await p.fill('#outcome', 'Vacancies filled locally within two years');
  await p.fill('#skills_components', 'Networking, cyber hygiene, customer support');
  await p.fill('#change_needed', 'A new level 4 course and evening level 3 provision');
  await p.check('#retain_expand-3');
  await p.check('label:has-text("Northgate Training Ltd")');
  await p.click('#submit-button');
  assert.match(await p.locator('#items').innerText(), /Digital support technicians[\s\S]*Northgate Training Ltd/);
  await go(p, '/plan/actions/new');
  await p.fill('#title', 'Run an employer-led bootcamp');
  await p.check('#owner_kind-2');
  await p.selectOption('#owner_org_id', { label: 'Northgate Training Ltd' });
  await p.selectOption('#priority_id', { label: 'Digital support technicians' });
  await p.fill('#due_date-day', '30');
  await p.fill('#due_date-month', '6');
  await p.fill('#due_date-year', '2027');
  await p.click('#submit-button');
  await go(p, '/plan/evidence/new');
  await p.fill('#title', 'Employer skills survey');
  await p.fill('#source', 'Chamber survey, 640 employers');
  await p.fill('#why_robust', 'Weighted to the business population');
  await p.click('#submit-button');
  await go(p, '/plan/net-zero');
  await p.fill('#net_zero', 'Retrofit and EV maintenance skills in every priority');
  await p.click('#submit-button');
  await go(p, '/plan/details');
  await p.check('#mca_engagement_stages');
  await p.check('#mca_engagement_stages-2');
  await p.fill('#mca_engagement_how', 'WYCA analysts joined the evidence panel');
  await p.click('#submit-button');
  // submitting without the MCA statement is refused (West Yorkshire has a mayor)
  await go(p, '/plan/check/submit');
  await p.click('#submit-button');
  assert.match(await p.locator('.govuk-error-summary').innerText(), /MCA\/GLA statement \(sections 3\.5, 6\.4\)/);
  await shot(p, 'lsip-erb-draft');

  // the MCA gives its statement
  const mca = await as('mca_reviewer');
  p = mca.page;
  await p.click('#mca-link');
  await p.check('#engaged');
  await p.check('#had_opportunity');
  await p.fill('#statement', 'WYCA was engaged at stages A and B and gave its views.');
  await p.click('#submit-button');
  assert.match(await banner(p), /Statement given/);
  await go(p, '/lsip');
  assert.match(await p.locator('#mca-statements').innerText(), /West Yorkshire Combined Authority/);
  await shot(p, 'lsip-mca-statement');

  // the ERB submits: refused while the report's readiness check blocks (6.5),
  // then it writes each part of the report and the stages, and submits
  p = erb.page;
  await go(p, '/plan/check/submit');
  await p.click('#submit-button');
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
  await go(p, '/plan');
  await p.click('#task-submit a');
  await p.click('#submit-button');
  assert.match(await banner(p), /Plan submitted for approval/);
  assert.equal(await state(p), 'submitted');

  // DfE returns it with feedback, through its check page
  p = dfe.page;
  await go(p, '/lsip');
  await p.click('a:has-text("Return with feedback")');
  await p.click('#submit-button');
  assert.match(await p.locator('.govuk-error-summary').innerText(), /Enter the feedback for the body/);
  await p.fill('#note', 'The annex should show how small firms were reached.');
  await p.click('#submit-button');
  assert.match(await banner(p), /Plan returned to the body/);
  assert.equal(await state(p), 'returned');

  // the ERB reads the feedback and resubmits
  p = erb.page;
  await go(p, '/lsip');
  assert.match(await p.locator('#plan-feedback').innerText(), /small firms were reached/);
  await go(p, '/plan/details');
  await p.fill('#mca_engagement_how', 'WYCA analysts joined the evidence panel; small firms reached through the growth hub');
  await p.click('#submit-button');
  await go(p, '/plan/check/submit');
  await p.click('#submit-button');
  assert.equal(await state(p), 'resubmitted');

  // DfE approves and publishes; the board shows it
  p = dfe.page;
  await go(p, '/lsip');
  await p.click('a:has-text("Approve")');
  assert.match(await p.locator('h1').innerText(), /Check the plan before you approve it/);
  await p.click('#submit-button');
  assert.match(await banner(p), /Plan approved/);
  assert.equal(await state(p), 'approved');
  await p.click('#decide-publish');
  await p.click('#submit-button');
  assert.match(await banner(p), /Plan published/);
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
  assert.equal(await p.locator('#submit-link').count(), 0, 'the public sees no way to submit');
  assert.equal(await p.locator('#tasks-link').count(), 0, 'nor the task list');
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

// the forms that remain on the area's page each have a page of their own,
// refusing with every error and keeping what was typed: the body decides a
// provider's relevance (checking the answers), a provider records its
// co-operation, a contribution to a published priority and its review
test('relevance, action progress and a provider\'s records', async () => {
  const erb = await as('erb_editor');
  let p = erb.page;
  await p.click('#relevance-link');
  await p.click('#submit-button');
  assert.match(await p.locator('.govuk-error-summary').innerText(), /Select the provider/);
  await p.selectOption('#org_id', { label: 'Northgate Training Ltd' });
  await p.check('#answers');
  await p.check('#answers-2');
  await p.check('#answers-3');
  await p.check('#answers-4');
  await p.click('#submit-button');
  assert.match(await p.locator('h1').innerText(), /Check your decision on the provider/);
  await p.click('#submit-button');
  assert.match(await banner(p), /Decision on the provider recorded/);
  assert.match(await p.locator('#relevance-table').innerText(), /Northgate Training Ltd\s+Yes/);
  // progress on an action of the published plan, from the area's page
  await p.selectOption('select[id^="action-status-"]', 'in_progress');
  await p.click('button:has-text("Record progress")');
  assert.match(await banner(p), /Progress on the action recorded/);
  assert.match(await p.locator('#actions').innerText(), /in_progress/);
  await erb.ctx.close();

  const prov = await as('provider_editor');
  p = prov.page;
  await p.click('a:has-text("Record your co-operation")');
  await p.fill('#detail', 'Joined the digital round table');
  await p.click('#submit-button');
  const errs = await p.locator('.govuk-error-summary__list a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(errs, ['#kind', '#on_date-day'], 'both errors, each linked to its field');
  assert.equal(await p.inputValue('#detail'), 'Joined the digital round table');
  await p.check('#kind');
  await p.fill('#on_date-day', '3');
  await p.fill('#on_date-month', '11');
  await p.fill('#on_date-year', '2026');
  await p.click('#submit-button');
  assert.match(await banner(p), /Co-operation recorded/);
  await p.click('a:has-text("contributes to a priority")');
  await p.selectOption('#priority_id', { label: 'Digital support technicians' });
  await p.fill('#activity', 'An evening level 3 course from September');
  await p.click('#submit-button');
  assert.match(await banner(p), /Contribution recorded/);
  await p.click('a:has-text("section 5 review")');
  await p.fill('#how_well', 'Level 3 digital provision meets about half of local demand');
  await p.fill('#actions', 'Expand evening provision with Airedale College');
  await p.click('#submit-button');
  assert.match(await banner(p), /Section 5 review recorded/);
  await prov.ctx.close();
});

// DfE's decisions on the designation, each through a check-answers page:
// the delivery plan, an intervention (changing an answer on the way), and
// the removal of the designation
test('DfE decides on the delivery plan, intervenes and removes, checking answers first', async () => {
  const { ctx, page: p } = await as('dfe_admin');
  await p.click('a:has-text("Decide on the delivery plan")');
  await p.check('#decision-2');
  await p.click('#submit-button');
  assert.match(await p.locator('.govuk-error-summary').innerText(), /Enter the reasons/);
  assert.ok(await p.isChecked('#decision-2'), 'the choice is kept');
  await p.check('#decision');
  await p.click('#submit-button');
  assert.match(await p.locator('h1').innerText(), /Check your decision on the delivery plan/);
  assert.match(await p.locator('.govuk-summary-list').innerText(), /Approve the delivery plan/);
  await p.click('#submit-button');
  assert.match(await banner(p), /Decision on the delivery plan recorded/);
  assert.match(await p.locator('#delivery-plans').innerText(), /approved/);

  await p.click('a:has-text("Intervene")');
  await p.check('#level');
  await p.fill('#reason', 'Reports arrive late');
  await p.click('#submit-button');
  assert.match(await p.locator('.govuk-summary-list').innerText(), /Working level[\s\S]*Reports arrive late/);
  await p.click('#change-button');
  assert.equal(await p.inputValue('#reason'), 'Reports arrive late', 'changing an answer keeps the others');
  assert.ok(await p.isChecked('#level'));
  await p.fill('#reason', 'Two progress reports arrived late');
  await p.click('#submit-button');
  await shot(p, 'lsip-intervene-check');
  await p.click('#submit-button');
  assert.match(await banner(p), /Intervention recorded/);
  assert.match(await p.locator('#interventions').innerText(), /working level[\s\S]*Two progress reports arrived late/i);

  await p.click('a:has-text("Remove the designation")');
  await p.check('#reason-4');
  await p.click('#submit-button');
  assert.match(await p.locator('.govuk-error-summary').innerText(), /Enter the reasons/);
  assert.match(await p.locator('.govuk-error-summary').innerText(), /Enter the date of removal/);
  await p.fill('#text', 'The body has asked to stand down');
  const today = new Date();
  await p.fill('#removal_date-day', String(today.getUTCDate()));
  await p.fill('#removal_date-month', String(today.getUTCMonth() + 1));
  await p.fill('#removal_date-year', String(today.getUTCFullYear()));
  await p.click('#submit-button');
  assert.match(await p.locator('h1').innerText(), /Check the removal/);
  await p.click('#submit-button');
  assert.match(await banner(p), /Designation removed and notice published/);
  assert.match(await p.locator('#notices-table').innerText(), /removal/);
  await ctx.close();
});
