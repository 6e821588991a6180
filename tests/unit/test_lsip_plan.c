/*
 * test_lsip_plan.c: the delivery plan (4.2.1), progress reports (4.3.1),
 * interventions in escalation order (4.3.2), and every transition of the
 * plan's state machine (6.5, 6.6) with its refusals, the MCA/GLA statement
 * rule on the submission date (3.5, footnote 15), stage records, and
 * replacement as a copy.
 */
#include "lsip_fixture.h"
#include "report/compose.h"
#include "report/readiness.h"

static void delivery_plan_and_reports(void **state) {
  struct fx *f = *state;
  /* a progress report with no designation */
  as(f, U_ERB_A, "2023-05-01");
  json_t *pr = json_pack("{s:s, s:s}", "rag", "green", "body", "on track");
  assert_refused(sp_lsip_progress_report(f->ctx, AREA_BUCKS, pr, NULL), SP_ENOTFOUND,
                 "needs a designation");
  designate(f, AREA_BUCKS, ORG_ERB_A, "2023-05-31");
  /* dates before designation */
  as(f, U_ERB_A, "2023-05-20");
  json_t *dp = json_pack("{s:s, s:I}", "engagement", "Surveys and round tables",
                         "estimated_funding_pence", (json_int_t)15000000);
  assert_refused(sp_lsip_delivery_plan_submit(f->ctx, AREA_BUCKS, dp, NULL), SP_EINVAL,
                 "before the designation took effect");
  /* the ERB of another area */
  as(f, U_ERB_B, "2023-06-10");
  assert_refused(sp_lsip_delivery_plan_submit(f->ctx, AREA_BUCKS, dp, NULL), SP_EFORBIDDEN,
                 "own area only");
  as(f, U_ERB_A, "2023-06-10");
  json_t *bad = json_pack("{s:s, s:f}", "engagement", "x", "estimated_funding_pence", 12.5);
  assert_refused(sp_lsip_delivery_plan_submit(f->ctx, AREA_BUCKS, bad, NULL), SP_EINVAL,
                 "whole number of pence");
  json_decref(bad);
  assert_ok(sp_lsip_delivery_plan_submit(f->ctx, AREA_BUCKS, dp, NULL));
  assert_refused(sp_lsip_delivery_plan_submit(f->ctx, AREA_BUCKS, dp, NULL), SP_ESTATE,
                 "section 4.2.1");
  as(f, U_DFE, "2023-06-20");
  assert_refused(sp_lsip_delivery_plan_decide(f->ctx, AREA_BUCKS, 0, NULL), SP_EINVAL, "reasons");
  assert_ok(sp_lsip_delivery_plan_decide(f->ctx, AREA_BUCKS, 0, "Say more about SMEs"));
  assert_refused(sp_lsip_delivery_plan_decide(f->ctx, AREA_BUCKS, 1, NULL), SP_ESTATE,
                 "no delivery plan awaiting");
  as(f, U_ERB_A, "2023-06-25");
  assert_ok(sp_lsip_delivery_plan_submit(f->ctx, AREA_BUCKS, dp, NULL));
  as(f, U_DFE, "2023-06-28");
  assert_ok(sp_lsip_delivery_plan_decide(f->ctx, AREA_BUCKS, 1, NULL));
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_delivery_plans WHERE state = 'approved'"),
                   1);
  json_decref(dp);
  /* progress reports */
  as(f, U_ERB_A, "2023-07-12");
  json_t *badrag = json_pack("{s:s}", "rag", "purple");
  assert_refused(sp_lsip_progress_report(f->ctx, AREA_BUCKS, badrag, NULL), SP_EINVAL,
                 "red, amber or green");
  json_decref(badrag);
  json_t *amber = json_pack("{s:s}", "rag", "amber");
  assert_refused(sp_lsip_progress_report(f->ctx, AREA_BUCKS, amber, NULL), SP_EINVAL, "risks");
  json_decref(amber);
  json_t *early = json_pack("{s:s, s:s}", "rag", "green", "period_start", "2023-05-01");
  assert_refused(sp_lsip_progress_report(f->ctx, AREA_BUCKS, early, NULL), SP_EINVAL,
                 "before the designation");
  json_decref(early);
  assert_ok(sp_lsip_progress_report(f->ctx, AREA_BUCKS, pr, NULL));
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_progress_reports WHERE period_start ="
                            " '2023-05-31' AND period_end = '2023-07-12'"),
                   1);
  json_decref(pr);
  json_t *mon = NULL;
  assert_ok(sp_lsip_monitoring(f->ctx, AREA_BUCKS, &mon));
  assert_int_equal(json_array_size(json_object_get(mon, "delivery_plans")), 2);
  assert_int_equal(json_array_size(json_object_get(mon, "progress_reports")), 1);
  json_decref(mon);
}

static void interventions_escalate_in_order(void **state) {
  struct fx *f = *state;
  designate(f, AREA_BUCKS, ORG_ERB_A, "2023-05-31");
  as(f, U_ERB_A, "2023-06-10");
  json_t *dp = json_pack("{s:s, s:I}", "engagement", "Plan", "estimated_funding_pence",
                         (json_int_t)10000000);
  assert_ok(sp_lsip_delivery_plan_submit(f->ctx, AREA_BUCKS, dp, NULL));
  json_decref(dp);
  as(f, U_DFE, "2023-06-20");
  assert_ok(sp_lsip_delivery_plan_decide(f->ctx, AREA_BUCKS, 1, NULL));
  json_t *lead = json_pack("{s:s, s:s}", "level", "leadership", "reason", "No reports");
  assert_refused(sp_lsip_intervene(f->ctx, AREA_BUCKS, lead, NULL), SP_ESTATE,
                 "only after a working-level");
  json_t *work = json_pack("{s:s, s:s}", "level", "working", "reason", "Reports late");
  assert_ok(sp_lsip_intervene(f->ctx, AREA_BUCKS, work, NULL));
  assert_ok(sp_lsip_intervene(f->ctx, AREA_BUCKS, lead, NULL));
  json_t *fund = json_pack("{s:s, s:s}", "level", "funding", "reason", "Value for money");
  assert_refused(sp_lsip_intervene(f->ctx, AREA_BUCKS, fund, NULL), SP_EINVAL, "new amount");
  json_object_set_new(fund, "funding_after_pence", json_integer(6000000));
  as(f, U_ERB_A, "2023-08-01");
  assert_int_equal(sp_lsip_intervene(f->ctx, AREA_BUCKS, fund, NULL), SP_EFORBIDDEN);
  as(f, U_DFE, "2023-08-01");
  assert_ok(sp_lsip_intervene(f->ctx, AREA_BUCKS, fund, NULL));
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_interventions WHERE level = 'funding' AND"
                            " funding_before_pence = 10000000 AND funding_after_pence = 6000000"
                            " AND by_name = 'Dee Eff'"),
                   1);
  json_t *rem = json_pack("{s:s, s:s}", "level", "removal", "reason", "No progress");
  assert_refused(sp_lsip_intervene(f->ctx, AREA_BUCKS, rem, NULL), SP_EINVAL,
                 "reasons of section 4.1");
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_interventions"), 3);
  json_object_set_new(rem, "removal_reason", json_string("no_regard_or_breach_of_terms"));
  assert_ok(sp_lsip_intervene(f->ctx, AREA_BUCKS, rem, NULL));
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_designations WHERE live = 1"), 0);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_notices WHERE kind = 'removal'"), 1);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_interventions"), 4);
  json_decref(lead);
  json_decref(work);
  json_decref(fund);
  json_decref(rem);
}

static int64_t draft_with_content(struct fx *f, const char *area, int uid, const char *day) {
  as(f, uid, day);
  int64_t plan = 0;
  assert_ok(sp_lsip_plan_create(f->ctx, area, "Skills plan", &plan));
  json_t *need = json_pack("{s:s, s:[{s:s, s:b}, {s:s, s:b}]}", "title", "Welders", "employers",
                           "name", "Acme Engineering", "small_firm", 0, "name", "Tiny Fab",
                           "small_firm", 1);
  assert_ok(sp_lsip_need_add(f->ctx, plan, need, NULL));
  json_decref(need);
  json_t *prio = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:[i]}", "title",
                           "Advanced welding", "route_code", "ENG", "pathway_code", "ENG-MAN",
                           "level_min", "2", "level_max", "4", "outcome", "More welders",
                           "skills_components", "TIG welding", "change_needed", "New L3 course",
                           "retain_expand", "expand", "providers", ORG_FE);
  int64_t pid = 0;
  assert_ok(sp_lsip_priority_add(f->ctx, plan, prio, &pid));
  json_decref(prio);
  json_t *act = json_pack("{s:s, s:s, s:i, s:s, s:I}", "title", "Run a welding bootcamp",
                          "owner_kind", "provider", "owner_org_id", ORG_FE, "due_date",
                          "2024-09-01", "priority_id", (json_int_t)pid);
  assert_ok(sp_lsip_action_add(f->ctx, plan, act, NULL));
  json_decref(act);
  json_t *ev = json_pack("{s:s, s:s, s:s}", "title", "Employer survey", "source",
                         "Chamber survey 2023", "why_robust", "1,200 responses, weighted");
  assert_ok(sp_lsip_evidence_add(f->ctx, plan, ev, NULL));
  json_decref(ev);
  json_t *up = json_pack("{s:s, s:s, s:s}", "net_zero", "Retrofit skills", "mca_engagement_stages",
                         "A,B", "mca_engagement_how", "Workshops");
  assert_ok(sp_lsip_plan_update(f->ctx, plan, up));
  json_decref(up);
  return plan;
}

static void plan_state_machine(void **state) {
  struct fx *f = *state;
  designate(f, AREA_GM, ORG_ERB_B, "2023-05-31");
  int64_t plan = draft_with_content(f, AREA_GM, U_ERB_B, "2023-09-01");
  /* approve a draft; publish before approval */
  as(f, U_DFE, "2023-10-01");
  assert_refused(sp_lsip_plan_transition(f->ctx, plan, "approve", NULL), SP_ESTATE,
                 "section 6.5");
  assert_refused(sp_lsip_plan_transition(f->ctx, plan, "publish", NULL), SP_ESTATE,
                 "publishes only approved plans (section 6.6)");
  assert_refused(sp_lsip_plan_transition(f->ctx, plan, "submit", NULL), SP_EFORBIDDEN,
                 "cannot change a local skills improvement plan");
  /* submit without the MCA statement in a mayoral area */
  as(f, U_ERB_B, "2024-02-01");
  assert_refused(sp_lsip_plan_transition(f->ctx, plan, "submit", NULL), SP_ESTATE,
                 "MCA/GLA statement (sections 3.5, 6.4)");
  /* the ERB of another area cannot submit */
  as(f, U_ERB_A, "2024-02-01");
  assert_refused(sp_lsip_plan_transition(f->ctx, plan, "submit", NULL), SP_EFORBIDDEN,
                 "own area only (section 4.1)");
  /* the MCA gives its statement */
  as(f, U_MCA, "2024-02-01");
  json_t *st = json_pack("{s:b, s:b, s:s}", "engaged", 1, "had_opportunity", 1, "statement",
                         "We were engaged at stages A and B.");
  json_t *half = json_pack("{s:b, s:s}", "engaged", 1, "statement", "x");
  assert_refused(sp_lsip_mca_statement(f->ctx, plan, half, NULL), SP_EINVAL, "section 3.5");
  json_decref(half);
  assert_ok(sp_lsip_mca_statement(f->ctx, plan, st, NULL));
  as(f, U_ERB_B, "2024-02-02");
  assert_refused(sp_lsip_plan_transition(f->ctx, plan, "bogus", NULL), SP_EINVAL, "unknown plan");
  assert_ok(sp_lsip_plan_transition(f->ctx, plan, "submit", NULL));
  /* while submitted the ERB cannot edit; nor can the MCA state */
  json_t *up = json_pack("{s:s}", "summary", "late edit");
  assert_refused(sp_lsip_plan_update(f->ctx, plan, up), SP_ESTATE, "while it is a draft");
  as(f, U_MCA, "2024-02-03");
  assert_refused(sp_lsip_mca_statement(f->ctx, plan, st, NULL), SP_ESTATE, "section");
  /* DfE returns it with feedback */
  as(f, U_DFE, "2024-02-10");
  assert_refused(sp_lsip_plan_transition(f->ctx, plan, "return", NULL), SP_EINVAL, "feedback");
  assert_ok(sp_lsip_plan_transition(f->ctx, plan, "return", "Annex lacks evidence of SMEs"));
  /* resubmitted */
  as(f, U_ERB_B, "2024-02-20");
  assert_ok(sp_lsip_plan_update(f->ctx, plan, up));
  assert_ok(sp_lsip_plan_transition(f->ctx, plan, "submit", NULL));
  json_t *p = NULL;
  assert_ok(sp_lsip_plan_get(f->ctx, plan, &p));
  assert_string_equal(json_string_value(json_object_get(p, "state")), "resubmitted");
  json_decref(p);
  /* not published: the public cannot read it */
  as(f, 0, "2024-02-21");
  assert_int_equal(sp_lsip_plan_get(f->ctx, plan, &p), SP_ENOTFOUND);
  as(f, U_DFE, "2024-03-01");
  assert_ok(sp_lsip_plan_transition(f->ctx, plan, "approve", NULL));
  assert_refused(sp_lsip_plan_transition(f->ctx, plan, "approve", NULL), SP_ESTATE, "approved");
  assert_ok(sp_lsip_plan_transition(f->ctx, plan, "publish", NULL));
  as(f, 0, "2024-03-02");
  assert_ok(sp_lsip_plan_get(f->ctx, plan, &p));
  assert_string_equal(json_string_value(json_object_get(p, "published_on")), "2024-03-01");
  assert_int_equal(json_array_size(json_object_get(p, "priorities")), 1);
  json_t *prio = json_array_get(json_object_get(p, "priorities"), 0);
  assert_int_equal(json_array_size(json_object_get(prio, "provider_orgs")), 1);
  json_t *need = json_array_get(json_object_get(p, "needs"), 0);
  assert_int_equal(json_array_size(json_object_get(need, "employers")), 2);
  assert_int_equal(json_array_size(json_object_get(p, "transitions")), 5);
  json_decref(p);
  /* progress on actions during delivery: the ERB only, known statuses only */
  int64_t act = count(f, "SELECT MIN(id) FROM lsip_actions");
  as(f, U_DFE, "2024-06-01");
  assert_int_equal(sp_lsip_action_status(f->ctx, act, "done"), SP_EFORBIDDEN);
  as(f, U_ERB_B, "2024-06-01");
  assert_refused(sp_lsip_action_status(f->ctx, act, "finished"), SP_EINVAL, "section 6.3");
  assert_ok(sp_lsip_action_status(f->ctx, act, "in_progress"));
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_actions WHERE status = 'in_progress'"), 1);
  assert_int_equal(sp_lsip_action_status(f->ctx, 99999, "done"), SP_ENOTFOUND);
  /* review and update */
  as(f, U_ERB_B, "2025-02-01");
  assert_refused(sp_lsip_plan_transition(f->ctx, plan, "update", NULL), SP_ESTATE, "section 6.6");
  assert_ok(sp_lsip_plan_transition(f->ctx, plan, "review", NULL));
  assert_ok(sp_lsip_plan_update(f->ctx, plan, up));
  assert_ok(sp_lsip_plan_transition(f->ctx, plan, "update", "Refreshed priorities"));
  /* every state change is audited */
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_plan_transitions"), 7);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE entity = 'lsip_plan' AND action"
                            " = 'review' AND after_json LIKE '%under_review%'"),
                   1);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE entity = 'lsip_plan' AND action"
                            " IN ('submit','return','approve','publish','review','update')"),
                   7);
  /* the next year's review starts from 'updated'; a provider may not start it */
  as(f, U_FE, "2026-02-01");
  assert_int_equal(sp_lsip_plan_transition(f->ctx, plan, "review", NULL), SP_EFORBIDDEN);
  as(f, U_DFE, "2026-02-01");
  assert_ok(sp_lsip_plan_transition(f->ctx, plan, "review", NULL));
  as(f, U_ERB_B, "2026-02-10");
  assert_ok(sp_lsip_plan_transition(f->ctx, plan, "update", NULL));
  /* replacement starts as a copy */
  int64_t next = 0;
  assert_refused(sp_lsip_plan_create(f->ctx, AREA_GM, "Another", NULL), SP_ECONFLICT,
                 "section 6.6");
  assert_ok(sp_lsip_plan_replace(f->ctx, AREA_GM, &next));
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_priorities"), 2);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_actions"), 2);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_need_employers"), 4);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_plans WHERE version = 2 AND state = 'draft'"
                            " AND previous_plan_id IS NOT NULL"),
                   1);
  as(f, U_MCA, "2027-01-10");
  assert_ok(sp_lsip_mca_statement(f->ctx, next, st, NULL));
  as(f, U_ERB_B, "2027-01-10");
  assert_ok(sp_lsip_plan_transition(f->ctx, next, "submit", NULL));
  as(f, U_DFE, "2027-01-15");
  assert_ok(sp_lsip_plan_transition(f->ctx, next, "return", "Update the evidence"));
  as(f, U_ERB_B, "2027-01-20");
  assert_ok(sp_lsip_plan_transition(f->ctx, next, "submit", NULL));
  as(f, U_DFE, "2027-01-25");
  assert_ok(sp_lsip_plan_transition(f->ctx, next, "return", "Still thin")); /* resubmitted -> returned */
  as(f, U_ERB_B, "2027-01-28");
  assert_ok(sp_lsip_plan_transition(f->ctx, next, "submit", NULL));
  as(f, U_DFE, "2027-02-01");
  assert_ok(sp_lsip_plan_transition(f->ctx, next, "approve", NULL));
  assert_ok(sp_lsip_plan_transition(f->ctx, next, "publish", NULL));
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_plans WHERE version = 1 AND state ="
                            " 'replaced' AND ended_on = '2027-02-01'"),
                   1);
  json_decref(up);
  json_decref(st);
}

static void mca_statement_depends_on_the_submission_date(void **state) {
  struct fx *f = *state;
  /* not mayoral: no statement needed */
  designate(f, AREA_BUCKS, ORG_ERB_A, "2023-05-31");
  int64_t bucks = draft_with_content(f, AREA_BUCKS, U_ERB_A, "2023-09-01");
  as(f, U_ERB_A, "2024-02-01");
  assert_ok(sp_lsip_plan_transition(f->ctx, bucks, "submit", NULL));
  /* the North East had no mayor until 2024-05-07 (footnote 15) */
  designate(f, AREA_NE, ORG_ERB_B, "2023-05-31");
  int64_t ne = draft_with_content(f, AREA_NE, U_ERB_B, "2023-09-01");
  as(f, U_ERB_B, "2024-05-07");
  assert_refused(sp_lsip_plan_transition(f->ctx, ne, "submit", NULL), SP_ESTATE,
                 "on 2024-05-07");
  as(f, U_ERB_B, "2024-05-06");
  assert_ok(sp_lsip_plan_transition(f->ctx, ne, "submit", NULL));
  /* an MCA not covering the area cannot give a statement there */
  as(f, U_MCA, "2024-05-06");
  json_t *st = json_pack("{s:b, s:b, s:s}", "engaged", 0, "had_opportunity", 0, "statement", "x");
  assert_refused(sp_lsip_mca_statement(f->ctx, bucks, st, NULL), SP_EFORBIDDEN, "section 3.5");
  json_decref(st);
}

/* Issue 13, finding 2: a version is judged on its own date. */
static int has_finding(struct fx *f, const char *area, int version, const char *code) {
  struct sp_readiness *r = NULL;
  assert_ok(sp_report_check_stored(f->ctx, area, version, &r));
  int found = 0;
  for (size_t i = 0; i < r->n; i++)
    found |= strcmp(r->findings[i].code, code) == 0;
  sp_readiness_free(r);
  return found;
}

static void a_version_is_judged_on_its_own_date(void **state) {
  struct fx *f = *state;
  designate(f, AREA_NE, ORG_ERB_B, "2023-05-31");
  int64_t ne = draft_with_content(f, AREA_NE, U_ERB_B, "2023-09-01");
  /* a draft is judged as of today: before the mayor no statement is asked */
  as(f, U_DFE, "2024-05-06");
  json_t *p = NULL;
  assert_ok(sp_lsip_plan_get(f->ctx, ne, &p));
  assert_true(json_is_false(json_object_get(p, "mca_statement_required")));
  json_decref(p);
  assert_false(has_finding(f, AREA_NE, 1, "mca_statement_missing"));
  as(f, U_DFE, "2024-05-07");
  assert_ok(sp_lsip_plan_get(f->ctx, ne, &p));
  assert_true(json_is_true(json_object_get(p, "mca_statement_required")));
  assert_string_equal(json_string_value(json_object_get(p, "judged_on")), "2024-05-07");
  json_decref(p);
  assert_true(has_finding(f, AREA_NE, 1, "mca_statement_missing"));
  /* submitted the day before the mayor, approved and published later: it is
   * judged as of its submission on every later day */
  as(f, U_ERB_B, "2024-05-06");
  assert_ok(sp_lsip_plan_transition(f->ctx, ne, "submit", NULL));
  as(f, U_DFE, "2024-06-01");
  assert_ok(sp_lsip_plan_transition(f->ctx, ne, "approve", NULL));
  assert_ok(sp_lsip_plan_transition(f->ctx, ne, "publish", NULL));
  as(f, U_DFE, "2026-01-01");
  assert_ok(sp_lsip_plan_get(f->ctx, ne, &p));
  assert_string_equal(json_string_value(json_object_get(p, "state")), "published");
  assert_string_equal(json_string_value(json_object_get(p, "judged_on")), "2024-05-06");
  assert_true(json_is_false(json_object_get(p, "mca_statement_required")));
  json_decref(p);
  assert_false(has_finding(f, AREA_NE, 1, "mca_statement_missing"));
}

/* Issue 13, finding 3: a terminated area's plan ends, on every read. */
static void a_terminated_areas_plan_ends(void **state) {
  struct fx *f = *state;
  designate(f, AREA_GONE, ORG_ERB_A, "2024-01-10");
  as(f, U_ERB_A, "2024-02-01");
  int64_t plan = 0;
  assert_ok(sp_lsip_plan_create(f->ctx, AREA_GONE, "Old plan", &plan));
  json_t *p = NULL;
  as(f, U_ERB_A, "2025-09-28");
  assert_ok(sp_lsip_plan_get(f->ctx, plan, &p));
  assert_string_equal(json_string_value(json_object_get(p, "state")), "draft");
  json_decref(p);
  /* nobody has run the housekeeping: the read alone says ended */
  as(f, U_DFE, "2025-09-29");
  assert_ok(sp_lsip_plan_get(f->ctx, plan, &p));
  assert_string_equal(json_string_value(json_object_get(p, "state")), "ended");
  assert_string_equal(json_string_value(json_object_get(p, "ended_on")), "2025-09-29");
  assert_string_equal(json_string_value(json_object_get(p, "ended_because")), "area_terminated");
  assert_string_equal(json_string_value(json_object_get(p, "title")), "Old plan");
  json_decref(p);
  as(f, U_DFE, "2026-03-01");
  assert_ok(sp_lsip_plan_get(f->ctx, plan, &p));
  assert_string_equal(json_string_value(json_object_get(p, "state")), "ended");
  json_decref(p);
  /* an ended plan is not edited */
  as(f, U_ERB_A, "2026-03-01");
  json_t *in = json_pack("{s:s}", "title", "New title");
  assert_int_not_equal(sp_lsip_plan_update(f->ctx, plan, in), SP_OK);
  json_decref(in);
  /* its clock stops: nothing falls due after the termination */
  as(f, U_DFE, "2027-06-01");
  json_t *items = NULL;
  assert_ok(sp_lsip_deadlines(f->ctx, AREA_GONE, D("2027-06-01"), &items));
  size_t i;
  json_t *it;
  size_t n = 0;
  json_array_foreach(items, i, it) {
    const char *due = json_string_value(json_object_get(it, "due_date"));
    if (strcmp(due, "2025-09-29") > 0)
      fail_msg("%s due on %s after the area ended", json_string_value(json_object_get(it, "rule")),
               due);
    n++;
  }
  assert_true(n > 0); /* the items before the end stay listed */
  json_decref(items);
}

static void stage_records_are_checked(void **state) {
  struct fx *f = *state;
  designate(f, AREA_BUCKS, ORG_ERB_A, "2023-05-31");
  as(f, U_ERB_A, "2023-06-01");
  int64_t plan = 0;
  assert_ok(sp_lsip_plan_create(f->ctx, AREA_BUCKS, "Bucks LSIP", &plan));
  json_t *prio = json_pack("{s:s, s:s, s:s, s:s, s:s}", "title", "X", "route_code", "NOPE",
                           "outcome", "o", "skills_components", "s", "change_needed", "c");
  assert_refused(sp_lsip_priority_add(f->ctx, plan, prio, NULL), SP_EINVAL, "section 5.2.2");
  json_object_set_new(prio, "route_code", json_string("DIG"));
  json_object_set_new(prio, "pathway_code", json_string("ENG-MAN"));
  assert_refused(sp_lsip_priority_add(f->ctx, plan, prio, NULL), SP_EINVAL, "not a pathway");
  json_object_set_new(prio, "pathway_code", json_string("DIG-SW"));
  json_object_set_new(prio, "level_min", json_string("5"));
  json_object_set_new(prio, "level_max", json_string("3"));
  assert_refused(sp_lsip_priority_add(f->ctx, plan, prio, NULL), SP_EINVAL, "below level_min");
  json_object_set_new(prio, "level_max", json_string("6"));
  json_object_set_new(prio, "providers", json_pack("[i]", ORG_EMP));
  assert_refused(sp_lsip_priority_add(f->ctx, plan, prio, NULL), SP_EINVAL, "not a provider");
  /* recusal: Erin has an interest in Bucks College */
  json_t *in = json_pack("{s:s, s:i, s:i, s:s}", "person_name", "Erin Bucks", "user_id", U_ERB_A,
                         "interest_org_id", ORG_FE, "nature", "Director of the college's trading arm");
  assert_ok(sp_lsip_interest_add(f->ctx, AREA_BUCKS, in, NULL));
  json_decref(in);
  json_object_set_new(prio, "providers", json_pack("[i]", ORG_FE));
  assert_refused(sp_lsip_priority_add(f->ctx, plan, prio, NULL), SP_EFORBIDDEN,
                 "Director of the college's trading arm");
  json_t *act = json_pack("{s:s, s:s, s:i}", "title", "T", "owner_kind", "provider",
                          "owner_org_id", ORG_FE);
  assert_refused(sp_lsip_action_add(f->ctx, plan, act, NULL), SP_EFORBIDDEN, "section 4.2");
  as(f, U_ERB_A2, "2023-06-01");
  assert_ok(sp_lsip_priority_add(f->ctx, plan, prio, NULL));
  json_object_set_new(act, "owner_kind", json_string("government"));
  assert_refused(sp_lsip_action_add(f->ctx, plan, act, NULL), SP_EINVAL, "section 6.3");
  json_object_set_new(act, "owner_kind", json_string("provider"));
  json_object_set_new(act, "due_date", json_string("2023-01-01"));
  assert_refused(sp_lsip_action_add(f->ctx, plan, act, NULL), SP_EINVAL, "before the designation");
  json_object_set_new(act, "due_date", json_string("2024-01-01"));
  assert_ok(sp_lsip_action_add(f->ctx, plan, act, NULL));
  json_t *ev = json_pack("{s:s, s:s}", "title", "ONS", "source", "APS");
  assert_refused(sp_lsip_evidence_add(f->ctx, plan, ev, NULL), SP_EINVAL, "why_robust");
  json_decref(ev);
  json_t *up = json_pack("{s:s}", "mca_engagement_stages", "A,D");
  assert_refused(sp_lsip_plan_update(f->ctx, plan, up), SP_EINVAL, "section 6.4");
  json_decref(up);
  /* providers' own records after publication */
  as(f, U_FE, "2023-06-02");
  json_t *co = json_pack("{s:s, s:s}", "kind", "meeting", "detail", "Curriculum workshop");
  assert_ok(sp_lsip_cooperation_add(f->ctx, AREA_BUCKS, co, NULL));
  json_decref(co);
  int64_t pid = count(f, "SELECT MAX(id) FROM lsip_priorities");
  assert_refused(sp_lsip_contribution_add(f->ctx, pid, "New L3 digital course", NULL), SP_ESTATE,
                 "section 3.4.2");
  json_t *s5 = json_pack("{s:s, s:s}", "how_well", "Mostly", "actions", "Add evening classes");
  assert_ok(sp_lsip_section5_add(f->ctx, AREA_BUCKS, s5, NULL));
  json_decref(s5);
  json_t *recs = NULL;
  assert_ok(sp_lsip_provider_records(f->ctx, AREA_BUCKS, ORG_FE, &recs));
  assert_int_equal(json_array_size(json_object_get(recs, "cooperation")), 1);
  assert_int_equal(json_array_size(json_object_get(recs, "section5_reviews")), 1);
  json_decref(recs);
  /* an ERB cannot write provider records */
  as(f, U_ERB_A2, "2023-06-02");
  assert_int_equal(sp_lsip_contribution_add(f->ctx, pid, "x", NULL), SP_EFORBIDDEN);
  json_decref(prio);
  json_decref(act);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(delivery_plan_and_reports, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(interventions_escalate_in_order, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(plan_state_machine, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(mca_statement_depends_on_the_submission_date, fx_setup,
                                      fx_teardown),
      cmocka_unit_test_setup_teardown(a_version_is_judged_on_its_own_date, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(a_terminated_areas_plan_ends, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(stage_records_are_checked, fx_setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
