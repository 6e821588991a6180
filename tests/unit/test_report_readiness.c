/*
 * test_report_readiness.c: each readiness rule of the LSIP report on its
 * own (src/report/readiness.c, guidance section 6): a complete sample plan
 * has no findings; breaking one thing yields exactly that finding, with its
 * severity and guidance section; the 30-page rule on plans laid out just
 * under and just over the limit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/alloc.h"
#include "report/pdf.h"
#include "report/readiness.h"
#include "report/sample.h"

static struct sp_report_plan *sample(void) {
  struct sp_report_plan *p = NULL;
  assert_int_equal(sp_report_sample_plan(4, 1, 1, &p), SP_OK);
  return p;
}

/* Checks p with a fixed page count; returns the result (caller frees). */
static struct sp_readiness *check(struct sp_report_plan *p, int pages) {
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  struct sp_readiness *r = NULL;
  assert_int_equal(sp_report_check(ctx, p, pages, &r), SP_OK);
  sp_ctx_free(ctx);
  return r;
}

/* Asserts r holds exactly one finding, with this code, severity, section. */
static void only(struct sp_readiness *r, const char *code, enum sp_severity sev,
                 const char *section) {
  if (r->n != 1) {
    for (size_t i = 0; i < r->n; i++)
      print_message("finding: %s %s\n", r->findings[i].code, r->findings[i].message);
  }
  assert_int_equal(r->n, 1);
  assert_string_equal(r->findings[0].code, code);
  assert_int_equal(r->findings[0].severity, sev);
  assert_string_equal(r->findings[0].section, section);
  assert_non_null(strstr(r->findings[0].message, "guidance section"));
  assert_int_equal(r->blocking, sev == SP_SEV_BLOCKING ? 1 : 0);
}

static void complete_plan_is_ready(void **state) {
  (void)state;
  struct sp_report_plan *p = sample();
  struct sp_readiness *r = check(p, -1); /* counted on the laid-out PDF */
  for (size_t i = 0; i < r->n; i++)
    print_message("finding: %s\n", r->findings[i].message);
  assert_int_equal(r->n, 0);
  assert_true(r->pages_counted > 3 && r->pages_counted < 30);
  json_t *j = sp_readiness_json(r);
  assert_true(json_is_true(json_object_get(j, "ready")));
  assert_int_equal(json_integer_value(json_object_get(j, "page_limit")), 30);
  json_decref(j);
  sp_readiness_free(r);
  sp_report_plan_free(p);
}

static void each_part_must_have_text(void **state) {
  (void)state;
  static const char *const codes[] = {"part_1_missing", "part_2_missing", "part_3_missing",
                                      "annex_missing"};
  static const char *const sections[] = {"6.1", "6.2", "6.3", "6.4"};
  for (int i = 0; i < SP_PART__COUNT; i++) {
    struct sp_report_plan *p = sample();
    assert_int_equal(sp_report_set(&p->part_text[i], "  \n "), SP_OK);
    struct sp_readiness *r = check(p, 10);
    only(r, codes[i], SP_SEV_BLOCKING, sections[i]);
    sp_readiness_free(r);
    sp_report_plan_free(p);
  }
}

static void no_priorities(void **state) {
  (void)state;
  struct sp_report_plan *p = NULL;
  assert_int_equal(sp_report_sample_plan(0, 0, 1, &p), SP_OK);
  struct sp_readiness *r = check(p, 10);
  only(r, "no_priorities", SP_SEV_BLOCKING, "6.1, 6.2");
  sp_readiness_free(r);
  sp_report_plan_free(p);
}

static void page_limit_given(void **state) {
  (void)state;
  struct sp_report_plan *p = sample();
  struct sp_readiness *r = check(p, 31);
  only(r, "too_long", SP_SEV_BLOCKING, "6");
  assert_non_null(strstr(r->findings[0].message, "31 pages"));
  sp_readiness_free(r);
  r = check(p, 30);
  only(r, "near_page_limit", SP_SEV_WARNING, "6");
  sp_readiness_free(r);
  r = check(p, 27);
  assert_int_equal(r->n, 0);
  sp_readiness_free(r);
  sp_report_plan_free(p);
}

/* The 30-page rule counted on the PDF as laid out: grow a plan priority by
 * priority until it passes 30 body pages; the last plan under the limit has
 * no too_long finding, the first over it has one. */
static void page_limit_on_rendered_plans(void **state) {
  (void)state;
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  int under = -1, over = -1;
  for (int n = 20; n <= 90 && over < 0; n++) {
    struct sp_report_plan *p = NULL;
    assert_int_equal(sp_report_sample_plan(n, 2, 3, &p), SP_OK);
    struct sp_readiness *r = NULL;
    assert_int_equal(sp_report_check(ctx, p, -1, &r), SP_OK);
    if (r->pages_counted <= 30) {
      under = r->pages_counted;
      assert_false(sp_readiness_has(r, "too_long"));
    } else {
      over = r->pages_counted;
      assert_true(sp_readiness_has(r, "too_long"));
      assert_true(r->blocking >= 1);
    }
    sp_readiness_free(r);
    sp_report_plan_free(p);
  }
  print_message("just under: %d pages, just over: %d pages\n", under, over);
  assert_true(under >= 28 && under <= 30);
  assert_true(over >= 31 && over <= 33);
  sp_ctx_free(ctx);
}

static void priority_rules(void **state) {
  (void)state;
  struct sp_report_plan *p = sample();
  sp_free(p->priorities[1]->route);
  p->priorities[1]->route = NULL;
  struct sp_readiness *r = check(p, 10);
  only(r, "priority_no_route", SP_SEV_BLOCKING, "6.2, 5.2.2");
  assert_non_null(strstr(r->findings[0].message, "priority 2"));
  sp_readiness_free(r);
  sp_report_plan_free(p);

  p = sample();
  assert_int_equal(sp_report_set(&p->priorities[0]->pathway, ""), SP_OK);
  r = check(p, 10);
  only(r, "priority_no_pathway", SP_SEV_BLOCKING, "6.2, 5.2.2");
  sp_readiness_free(r);
  sp_report_plan_free(p);

  p = sample();
  assert_int_equal(sp_report_set(&p->priorities[0]->level, NULL), SP_OK);
  r = check(p, 10);
  only(r, "priority_no_level", SP_SEV_WARNING, "5.2.2");
  sp_readiness_free(r);
  sp_report_plan_free(p);

  static const char *const codes[] = {"priority_no_outcome", "priority_no_skills",
                                      "priority_no_change"};
  for (int i = 0; i < 3; i++) {
    p = sample();
    char **f = i == 0 ? &p->priorities[2]->outcome
                      : i == 1 ? &p->priorities[2]->skills : &p->priorities[2]->change;
    assert_int_equal(sp_report_set(f, NULL), SP_OK);
    r = check(p, 10);
    only(r, codes[i], SP_SEV_WARNING, "6.2");
    sp_readiness_free(r);
    sp_report_plan_free(p);
  }
}

static void actions_need_owners(void **state) {
  (void)state;
  struct sp_report_plan *p = sample();
  struct sp_report_priority *pr = sp_report_add_priority(p);
  assert_non_null(pr);
  assert_int_equal(sp_report_set(&pr->title, "A priority with no actions"), SP_OK);
  assert_int_equal(sp_report_set(&pr->route, "Digital"), SP_OK);
  assert_int_equal(sp_report_set(&pr->pathway, "Digital support"), SP_OK);
  assert_int_equal(sp_report_set(&pr->level, "3"), SP_OK);
  assert_int_equal(sp_report_set(&pr->outcome, "x"), SP_OK);
  assert_int_equal(sp_report_set(&pr->skills, "x"), SP_OK);
  assert_int_equal(sp_report_set(&pr->change, "x"), SP_OK);
  struct sp_readiness *r = check(p, 10);
  only(r, "priority_no_action", SP_SEV_BLOCKING, "6.3");
  assert_non_null(strstr(r->findings[0].message, "A priority with no actions"));
  sp_readiness_free(r);
  sp_report_plan_free(p);

  p = sample();
  assert_int_equal(sp_report_set(&p->priorities[3]->actions[1]->owner, " "), SP_OK);
  r = check(p, 10);
  only(r, "action_no_owner", SP_SEV_BLOCKING, "6.3");
  assert_non_null(strstr(r->findings[0].message, "Action 2 of priority 4"));
  sp_readiness_free(r);
  sp_report_plan_free(p);

  /* a plan-wide action for a group ("employers") is a warning, not a block */
  p = sample();
  struct sp_report_action *pa = sp_report_add_plan_action(p);
  assert_non_null(pa);
  assert_int_equal(sp_report_set(&pa->title, "Offer T Level placements"), SP_OK);
  assert_int_equal(sp_report_set(&pa->owner_kind, "employer"), SP_OK);
  r = check(p, 10);
  only(r, "plan_action_no_owner", SP_SEV_WARNING, "6.3");
  assert_non_null(strstr(r->findings[0].message, "Offer T Level placements"));
  sp_readiness_free(r);
  sp_report_plan_free(p);

  p = sample();
  assert_int_equal(sp_report_set(&p->delivery, NULL), SP_OK);
  r = check(p, 10);
  only(r, "delivery_missing", SP_SEV_WARNING, "6.3");
  assert_non_null(strstr(r->findings[0].message, "footnote 19"));
  sp_readiness_free(r);
  sp_report_plan_free(p);
}

static void evidence_rules(void **state) {
  (void)state;
  struct sp_report_plan *p = sample();
  assert_int_equal(sp_report_set(&p->evidence[1]->robustness, ""), SP_OK);
  struct sp_readiness *r = check(p, 10);
  only(r, "evidence_no_robustness", SP_SEV_BLOCKING, "6.4");
  assert_non_null(strstr(r->findings[0].message, "Vacancy data"));
  sp_readiness_free(r);
  sp_report_plan_free(p);

  p = sample();
  p->nevidence = 0; /* entries stay owned: free them through a copy of the count */
  r = check(p, 10);
  only(r, "evidence_missing", SP_SEV_BLOCKING, "6.4");
  sp_readiness_free(r);
  p->nevidence = 3;
  sp_report_plan_free(p);
}

static void stage_rules(void **state) {
  (void)state;
  static const char *const codes[] = {"stage_a_missing", "stage_b_missing", "stage_c_missing"};
  for (int s = 0; s < 3; s++) {
    struct sp_report_plan *p = sample();
    p->stages[s]->code = 'X'; /* the stage is no longer recorded */
    struct sp_readiness *r = check(p, 10);
    only(r, codes[s], SP_SEV_BLOCKING, "5.2");
    sp_readiness_free(r);
    sp_report_plan_free(p);
  }
  struct sp_report_plan *p = sample();
  assert_int_equal(sp_report_set(&p->stages[1]->participants, NULL), SP_OK);
  struct sp_readiness *r = check(p, 10);
  only(r, "stage_no_participants", SP_SEV_WARNING, "6.5");
  sp_readiness_free(r);
  sp_report_plan_free(p);
}

static void net_zero_and_mca(void **state) {
  (void)state;
  struct sp_report_plan *p = sample();
  assert_int_equal(sp_report_set(&p->net_zero, NULL), SP_OK);
  struct sp_readiness *r = check(p, 10);
  only(r, "net_zero_missing", SP_SEV_BLOCKING, "1.5, 6.4");
  sp_readiness_free(r);
  sp_report_plan_free(p);

  p = sample();
  assert_int_equal(sp_report_set(&p->mca_statement, NULL), SP_OK);
  r = check(p, 10);
  only(r, "mca_statement_missing", SP_SEV_BLOCKING, "6.4, 3.5");
  sp_readiness_free(r);
  /* not required where no MCA or GLA covers the area */
  p->mca_required = 0;
  r = check(p, 10);
  assert_int_equal(r->n, 0);
  sp_readiness_free(r);
  sp_report_plan_free(p);

  p = sample();
  assert_int_equal(sp_report_set(&p->mca_engagement, ""), SP_OK);
  r = check(p, 10);
  only(r, "mca_engagement_missing", SP_SEV_BLOCKING, "6.4");
  json_t *j = sp_readiness_json(r);
  assert_true(json_is_false(json_object_get(j, "ready")));
  json_t *f = json_array_get(json_object_get(j, "findings"), 0);
  assert_string_equal(json_string_value(json_object_get(f, "severity")), "blocking");
  assert_string_equal(json_string_value(json_object_get(f, "code")), "mca_engagement_missing");
  json_decref(j);
  sp_readiness_free(r);
  sp_report_plan_free(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(complete_plan_is_ready),
      cmocka_unit_test(each_part_must_have_text),
      cmocka_unit_test(no_priorities),
      cmocka_unit_test(page_limit_given),
      cmocka_unit_test(page_limit_on_rendered_plans),
      cmocka_unit_test(priority_rules),
      cmocka_unit_test(actions_need_owners),
      cmocka_unit_test(evidence_rules),
      cmocka_unit_test(stage_rules),
      cmocka_unit_test(net_zero_and_mca),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
