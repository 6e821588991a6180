/*
 * test_report_compose.c: the report composed from the store (src/report/
 * compose.c) over the lsip module's records, with the shared LSIP fixture:
 * every field of the plan model comes from its record; the ERB's part texts
 * and stage records are written by the area's body only, while the plan may
 * be edited, and audited; the readiness check of a stored plan moves as the
 * ERB fixes findings; the public sees published versions only, and an older
 * published version still renders.
 */
#include "lsip_fixture.h"

#include "report/compose.h"
#include "report/doc.h"
#include "report/html.h"
#include "report/pdf.h"

static int64_t draft_with_content(struct fx *f) {
  as(f, U_ERB_B, "2023-09-01");
  int64_t plan = 0;
  assert_ok(sp_lsip_plan_create(f->ctx, AREA_GM, "Skills plan", &plan));
  json_t *need = json_pack("{s:s, s:s, s:[{s:s, s:b}, {s:s, s:b}]}", "title", "Welders",
                           "description", "Welders are hard to find", "employers", "name",
                           "Acme Engineering", "small_firm", 0, "name", "Tiny Fab", "small_firm",
                           1);
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

static struct sp_report_plan *load(struct fx *f, int version) {
  struct sp_report_plan *p = NULL;
  assert_ok(sp_report_load(f->ctx, AREA_GM, version, &p, NULL));
  return p;
}

static struct sp_readiness *check(struct fx *f) {
  struct sp_readiness *r = NULL;
  assert_ok(sp_report_check_stored(f->ctx, AREA_GM, 0, &r));
  return r;
}

static void composed_from_the_records(void **state) {
  struct fx *f = *state;
  designate(f, AREA_GM, ORG_ERB_B, "2023-05-31");
  draft_with_content(f);
  as(f, U_ERB_B, "2023-10-01");
  struct sp_report_plan *p = load(f, 0);
  assert_string_equal(p->area_code, AREA_GM);
  assert_string_equal(p->area_name, "Greater Manchester");
  assert_string_equal(p->erb_name, "Manchester Chamber");
  assert_int_equal(p->version, 1);
  assert_string_equal(p->status, "draft");
  assert_string_equal(p->version_date, "2023-09-01");
  assert_true(p->mca_required);
  assert_int_equal(p->nneeds, 1);
  assert_int_equal(p->needs[0]->employers, 2);
  assert_int_equal(p->needs[0]->small_firms, 1);
  assert_int_equal(p->npriorities, 1);
  struct sp_report_priority *pr = p->priorities[0];
  assert_string_equal(pr->title, "Advanced welding");
  assert_string_equal(pr->route, "Engineering and manufacturing");
  assert_string_equal(pr->pathway, "Manufacturing");
  assert_string_equal(pr->level, "2-4");
  assert_string_equal(pr->outcome, "More welders");
  assert_string_equal(pr->skills, "TIG welding");
  assert_string_equal(pr->change, "New L3 course");
  assert_int_equal(pr->nactions, 1);
  assert_string_equal(pr->actions[0]->owner, "Bucks College");
  assert_string_equal(pr->actions[0]->owner_kind, "provider");
  assert_string_equal(pr->actions[0]->due, "2024-09-01");
  assert_int_equal(p->nevidence, 1);
  assert_string_equal(p->evidence[0]->robustness, "1,200 responses, weighted");
  assert_string_equal(p->net_zero, "Retrofit skills");
  assert_non_null(strstr(p->mca_engagement, "stage(s) A,B"));
  assert_non_null(strstr(p->mca_engagement, "Workshops"));
  assert_null(p->mca_statement);
  /* stages derived from the records when the ERB recorded none */
  assert_int_equal(p->nstages, 3);
  assert_string_equal(p->stages[0]->participants, "2 employers");
  assert_string_equal(p->stages[1]->participants, "1 providers");
  assert_non_null(strstr(p->stages[2]->summary, "1 actions"));
  sp_report_plan_free(p);

  /* the readiness check: what the ERB still has to write */
  struct sp_readiness *r = check(f);
  assert_true(sp_readiness_has(r, "part_1_missing"));
  assert_true(sp_readiness_has(r, "part_2_missing"));
  assert_true(sp_readiness_has(r, "part_3_missing"));
  assert_true(sp_readiness_has(r, "annex_missing"));
  assert_true(sp_readiness_has(r, "mca_statement_missing"));
  assert_true(sp_readiness_has(r, "delivery_missing"));
  assert_false(sp_readiness_has(r, "priority_no_action"));
  assert_false(sp_readiness_has(r, "evidence_missing"));
  assert_false(sp_readiness_has(r, "net_zero_missing"));
  assert_false(sp_readiness_has(r, "stage_a_missing"));
  assert_int_equal(r->blocking, 5);
  sp_readiness_free(r);
}

static void erb_writes_the_parts(void **state) {
  struct fx *f = *state;
  designate(f, AREA_GM, ORG_ERB_B, "2023-05-31");
  int64_t plan = draft_with_content(f);
  /* another area's body, a provider and a bad part are refused */
  as(f, U_ERB_A, "2023-10-01");
  assert_refused(sp_report_part_set(f->ctx, AREA_GM, 0, "part1", "x"), SP_EFORBIDDEN,
                 "only the body designated");
  as(f, U_FE, "2023-10-01");
  assert_refused(sp_report_part_set(f->ctx, AREA_GM, 0, "part1", "x"), SP_EFORBIDDEN, "");
  as(f, U_ERB_B, "2023-10-01");
  assert_refused(sp_report_part_set(f->ctx, AREA_GM, 0, "part9", "x"), SP_EINVAL,
                 "part must be one of");
  assert_refused(sp_report_part_set(f->ctx, AREA_GM, 0, "part1", "bad \x01 control"), SP_EINVAL,
                 "part1");
  assert_refused(sp_report_part_set(f->ctx, AREA_GM, 7, "part1", "x"), SP_ENOTFOUND,
                 "no plan version 7");
  static const char *const names[] = {"part1", "part2", "part3", "annex", "delivery"};
  for (int i = 0; i < 5; i++) {
    char text[128];
    snprintf(text, sizeof(text), "The ERB's text for %s: Gŵyl ŷd.", names[i]);
    assert_ok(sp_report_part_set(f->ctx, AREA_GM, 0, names[i], text));
  }
  /* writing again replaces */
  assert_ok(sp_report_part_set(f->ctx, AREA_GM, 1, "part3", "Roadmap text, second draft."));
  assert_int_equal(count(f, "SELECT COUNT(*) FROM report_part_texts"), 5);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'report.part_set'"), 6);
  /* stages */
  json_t *bad = json_pack("{s:s, s:s}", "stage", "D", "summary", "x");
  assert_refused(sp_report_stage_set(f->ctx, AREA_GM, 0, bad), SP_EINVAL, "A, B or C");
  json_decref(bad);
  bad = json_pack("{s:s, s:s}", "stage", "A", "started_on", "2023-02-30");
  assert_refused(sp_report_stage_set(f->ctx, AREA_GM, 0, bad), SP_EINVAL, "started_on");
  json_decref(bad);
  bad = json_pack("{s:s, s:s, s:s}", "stage", "A", "started_on", "2023-06-01", "completed_on",
                  "2023-05-01");
  assert_refused(sp_report_stage_set(f->ctx, AREA_GM, 0, bad), SP_EINVAL, "before started_on");
  json_decref(bad);
  json_t *a = json_pack("{s:s, s:s, s:s, s:s, s:s}", "stage", "A", "started_on", "2023-06-01",
                        "completed_on", "2023-08-31", "participants", "140 employers",
                        "summary", "Survey and round tables");
  assert_ok(sp_report_stage_set(f->ctx, AREA_GM, 0, a));
  json_decref(a);
  struct sp_report_plan *p = load(f, 0);
  assert_string_equal(p->part_text[SP_PART_3], "Roadmap text, second draft.");
  assert_string_equal(p->delivery, "The ERB's text for delivery: Gŵyl ŷd.");
  assert_int_equal(p->nstages, 3);
  assert_int_equal(p->stages[0]->code, 'A');
  assert_string_equal(p->stages[0]->started, "2023-06-01");
  assert_string_equal(p->stages[0]->participants, "140 employers");
  sp_report_plan_free(p);
  /* only the MCA statement blocks now */
  struct sp_readiness *r = check(f);
  assert_int_equal(r->blocking, 1);
  assert_true(sp_readiness_has(r, "mca_statement_missing"));
  sp_readiness_free(r);

  /* the gate on submission refuses while the statement is missing */
  assert_refused(sp_report_submit_gate(f->ctx, plan), SP_ESTATE,
                 "cannot be submitted while 1 blocking finding stands");
  assert_refused(sp_report_submit_gate(f->ctx, 999), SP_ENOTFOUND, "no plan has id 999");
  /* statement, submit: now the ERB may no longer write */
  as(f, U_MCA, "2024-02-01");
  json_t *st = json_pack("{s:b, s:b, s:s}", "engaged", 1, "had_opportunity", 1, "statement",
                         "We were engaged at stages A and B.");
  assert_ok(sp_lsip_mca_statement(f->ctx, plan, st, NULL));
  json_decref(st);
  as(f, U_ERB_B, "2024-02-02");
  r = check(f);
  assert_int_equal(r->n, 0);
  sp_readiness_free(r);
  assert_ok(sp_report_submit_gate(f->ctx, plan));
  assert_ok(sp_lsip_plan_transition(f->ctx, plan, "submit", NULL));
  assert_refused(sp_report_part_set(f->ctx, AREA_GM, 0, "part1", "late"), SP_ESTATE,
                 "is submitted");
}

static void public_sees_published_versions(void **state) {
  struct fx *f = *state;
  designate(f, AREA_GM, ORG_ERB_B, "2023-05-31");
  int64_t plan = draft_with_content(f);
  as(f, U_ERB_B, "2023-10-01");
  assert_ok(sp_report_part_set(f->ctx, AREA_GM, 0, "part1", "First version's priorities."));
  /* a draft is not public */
  as(f, 0, "2023-10-02");
  struct sp_report_plan *p = NULL;
  assert_refused(sp_report_load(f->ctx, AREA_GM, 0, &p, NULL), SP_ENOTFOUND, "no published plan");
  json_t *v = NULL;
  assert_ok(sp_report_versions(f->ctx, AREA_GM, &v));
  assert_int_equal(json_array_size(v), 0);
  json_decref(v);
  /* published */
  as(f, U_MCA, "2024-02-01");
  json_t *st = json_pack("{s:b, s:b, s:s}", "engaged", 1, "had_opportunity", 1, "statement",
                         "We gave our views.");
  assert_ok(sp_lsip_mca_statement(f->ctx, plan, st, NULL));
  as(f, U_ERB_B, "2024-02-02");
  assert_ok(sp_lsip_plan_transition(f->ctx, plan, "submit", NULL));
  as(f, U_DFE, "2024-03-01");
  assert_ok(sp_lsip_plan_transition(f->ctx, plan, "approve", NULL));
  assert_ok(sp_lsip_plan_transition(f->ctx, plan, "publish", NULL));
  /* version 2 replaces it; the ERB rewrites Part 1 */
  as(f, U_ERB_B, "2026-06-01");
  int64_t next = 0;
  assert_ok(sp_lsip_plan_replace(f->ctx, AREA_GM, &next));
  assert_ok(sp_report_part_set(f->ctx, AREA_GM, 2, "part1", "Second version's priorities."));
  as(f, 0, "2026-06-02");
  p = load(f, 0);
  assert_int_equal(p->version, 1); /* the draft version 2 is not public */
  assert_string_equal(p->part_text[SP_PART_1], "First version's priorities.");
  assert_string_equal(p->mca_statement, "We gave our views.");
  assert_string_equal(p->mca_name, "Greater Manchester CA");
  assert_string_equal(p->version_date, "2024-03-01");
  /* the published version renders: PDF and HTML */
  struct sp_doc *doc = NULL;
  assert_ok(sp_report_build(f->ctx, p, &doc));
  struct sp_buf b;
  sp_buf_init(&b, SP_PDF_MAX_BYTES);
  struct sp_pdf_info info;
  assert_ok(sp_report_pdf(f->ctx, doc, &b, &info));
  assert_true(b.len > 1000 && memcmp(b.data, "%PDF-", 5) == 0);
  assert_true(info.pages_counted >= 3);
  sp_buf_free(&b);
  sp_buf_init(&b, SP_HTML_MAX_BYTES);
  assert_ok(sp_report_html(f->ctx, doc, 0, &b));
  assert_non_null(strstr(sp_buf_str(&b), "Advanced welding"));
  assert_non_null(strstr(sp_buf_str(&b), "First version&#39;s priorities."));
  assert_non_null(strstr(sp_buf_str(&b), "We gave our views."));
  sp_buf_free(&b);
  sp_doc_free(doc);
  sp_report_plan_free(p);
  assert_ok(sp_report_versions(f->ctx, AREA_GM, &v));
  assert_int_equal(json_array_size(v), 1);
  json_decref(v);
  /* signed in, both versions; and each keeps its own text */
  as(f, U_ERB_B, "2026-06-02");
  assert_ok(sp_report_versions(f->ctx, AREA_GM, &v));
  assert_int_equal(json_array_size(v), 2);
  json_decref(v);
  p = load(f, 2);
  assert_string_equal(p->part_text[SP_PART_1], "Second version's priorities.");
  sp_report_plan_free(p);
  json_decref(st);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(composed_from_the_records, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(erb_writes_the_parts, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(public_sees_published_versions, fx_setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
