/*
 * test_agree_rules.c: the agreements model's rules, each on its own: the
 * three-year term, targets and flexibilities inside the term, negative
 * volumes, roles per kind, unknown qualifications, signatories that must be
 * providers, core roles before publishing, the review clock (sector and
 * local compacts), action plan roll-up, who may read and edit, and the
 * annual report.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "agree_fixture.h"
#include "core/agree/agree.h"

static int64_t make_compact(struct fx *f) {
  json_t *in = J(FX_COMPACT);
  int64_t id = 0;
  assert_int_equal(sp_agreement_create(f->ctx, in, &id), SP_OK);
  json_decref(in);
  return id;
}

static void test_create_and_read(void **state) {
  struct fx *f = *state;
  int64_t id = make_compact(f);
  json_t *a = NULL;
  assert_int_equal(sp_agreement_get(f->ctx, id, D("2009-06-01"), &a), SP_OK);
  assert_string_equal(json_string_value(json_object_get(a, "kind")), "sector_compact");
  assert_int_equal(json_array_size(json_object_get(a, "parties")), 3);
  assert_int_equal(json_array_size(json_object_get(a, "targets")), 1);
  assert_int_equal(json_array_size(json_object_get(a, "qualifications")), 1);
  assert_int_equal(json_array_size(json_object_get(a, "flexibilities")), 1);
  assert_int_equal(fx_count(f, "SELECT count(*) FROM audit_log WHERE entity='agreement'"), 1);
  json_decref(a);
}

static void expect_refused(struct fx *f, const char *text, enum sp_rc want, const char *needle) {
  json_t *in = J(text);
  int64_t before = fx_count(f, "SELECT count(*) FROM agreements");
  int64_t id = 0;
  assert_int_equal(sp_agreement_create(f->ctx, in, &id), want);
  if (needle && !strstr(sp_ctx_errmsg(f->ctx), needle))
    fail_msg("message '%s' lacks '%s'", sp_ctx_errmsg(f->ctx), needle);
  assert_int_equal(fx_count(f, "SELECT count(*) FROM agreements"), before);
  assert_int_equal(fx_count(f, "SELECT count(*) FROM agreement_targets"), 0);
  json_decref(in);
}

static void test_term_over_three_years(void **state) {
  expect_refused(*state,
                 "{\"kind\":\"sector_compact\",\"title\":\"Too long\",\"term_start\":\"2008-06-01\","
                 "\"term_end\":\"2011-06-01\"}",
                 SP_EINVAL, "000_7a3ba3d30b329542.txt Q1");
  /* A sector compact must state its end. */
  expect_refused(*state, "{\"kind\":\"sector_compact\",\"title\":\"Open\",\"term_start\":\"2008-06-01\"}", SP_EINVAL,
                 "three years");
}

static void test_target_outside_term(void **state) {
  expect_refused(*state,
                 "{\"kind\":\"sector_compact\",\"title\":\"T\",\"term_start\":\"2008-06-01\",\"term_end\":\"2011-05-31\","
                 "\"targets\":[{\"measure\":\"learners\",\"period_start\":\"2011-01-01\",\"period_end\":\"2011-12-31\","
                 "\"volume\":5}]}",
                 SP_EINVAL, "outside the agreement's term");
  expect_refused(*state,
                 "{\"kind\":\"sector_compact\",\"title\":\"T\",\"term_start\":\"2008-06-01\",\"term_end\":\"2011-05-31\","
                 "\"flexibilities\":[{\"kind\":\"sme_access\",\"period_start\":\"2008-01-01\",\"period_end\":\"2009-01-01\"}]}",
                 SP_EINVAL, "outside the agreement's term");
}

static void test_negative_volume(void **state) {
  expect_refused(*state,
                 "{\"kind\":\"sector_compact\",\"title\":\"T\",\"term_start\":\"2008-06-01\",\"term_end\":\"2011-05-31\","
                 "\"targets\":[{\"measure\":\"learners\",\"period_start\":\"2008-06-01\",\"period_end\":\"2009-05-31\","
                 "\"volume\":-1}]}",
                 SP_EINVAL, "must not be negative");
}

static void test_role_and_codes(void **state) {
  expect_refused(*state,
                 "{\"kind\":\"sector_compact\",\"title\":\"T\",\"term_start\":\"2008-06-01\",\"term_end\":\"2011-05-31\","
                 "\"parties\":[{\"org_id\":3,\"role\":\"cluster_head\"}]}",
                 SP_EINVAL, "not a role in a sector_compact");
  expect_refused(*state,
                 "{\"kind\":\"sector_compact\",\"title\":\"T\",\"term_start\":\"2008-06-01\",\"term_end\":\"2011-05-31\","
                 "\"qualifications\":[\"99999999\"]}",
                 SP_EINVAL, "not a known qualification");
  expect_refused(*state, "{\"kind\":\"treaty\",\"title\":\"T\",\"term_start\":\"2008-06-01\"}", SP_EINVAL, "kind");
  expect_refused(*state, "{\"kind\":\"alliance\",\"title\":\"T\",\"term_start\":\"2008-06-01\",\"colour\":1}",
                 SP_EINVAL, "colour");
}

static void test_signatory_must_be_provider(void **state) {
  struct fx *f = *state;
  json_t *in = J("{\"kind\":\"local_compact\",\"title\":\"Leics\",\"term_start\":\"2005-07-27\","
                 "\"signatory_target_kind\":\"vcs\",\"signatory_target_date\":\"2006-07-27\"}");
  int64_t id = 0;
  assert_int_equal(sp_agreement_create(f->ctx, in, &id), SP_OK);
  json_decref(in);
  assert_int_equal(sp_agreement_sign(f->ctx, id, 6, D("2005-08-01")), SP_EINVAL);
  assert_non_null(strstr(sp_ctx_errmsg(f->ctx), "003_74d2a3b73f9382d8.txt"));
  assert_int_equal(fx_count(f, "SELECT count(*) FROM agreement_signatories"), 0);
  /* A VCS organisation is a provider when it holds a funding contract. */
  assert_int_equal(sp_agreement_sign(f->ctx, id, 9, D("2005-08-01")), SP_EINVAL);
  assert_int_equal(sp_agreement_sign(f->ctx, id, 10, D("2005-08-01")), SP_OK);
  assert_int_equal(sp_agreement_sign(f->ctx, id, 4, D("2005-09-01")), SP_OK);
  assert_int_equal(sp_agreement_sign(f->ctx, id, 4, D("2005-09-02")), SP_ECONFLICT);
  json_t *a = NULL;
  assert_int_equal(sp_agreement_get(f->ctx, id, D("2006-01-01"), &a), SP_OK);
  json_t *s = json_object_get(a, "signatories");
  assert_int_equal(json_integer_value(json_object_get(s, "signed")), 2);
  /* All VCS providers (one: org 10) have signed: the target is met. */
  assert_int_equal(json_integer_value(json_object_get(s, "target_count")), 1);
  assert_string_equal(json_string_value(json_object_get(s, "status")), "met");
  json_decref(a);
}

static void test_publish_needs_core_roles(void **state) {
  struct fx *f = *state;
  json_t *in = J("{\"kind\":\"alliance\",\"title\":\"NW Creative\",\"term_start\":\"2005-01-01\","
                 "\"parties\":[{\"org_id\":2,\"role\":\"funding_body\"},{\"org_id\":3,\"role\":\"sector_skills_council\"}]}");
  int64_t id = 0;
  assert_int_equal(sp_agreement_create(f->ctx, in, &id), SP_OK);
  json_decref(in);
  assert_int_equal(sp_agreement_publish(f->ctx, id), SP_ECONFLICT);
  assert_non_null(strstr(sp_ctx_errmsg(f->ctx), "rda_skills_team"));
  assert_non_null(strstr(sp_ctx_errmsg(f->ctx), "001_9b32e24159a7efe3.txt"));
  int64_t c = make_compact(f);
  assert_int_equal(sp_agreement_publish(f->ctx, c), SP_OK);
  assert_int_equal(sp_agreement_publish(f->ctx, c), SP_ESTATE);
}

static void test_review_schedule_sector(void **state) {
  (void)state;
  int32_t due[16];
  int formal[16];
  int n = sp_review_schedule(D("2008-06-01"), D("2011-05-31"), SP_DATE_NONE, 6, 6, 2, due, formal, 16);
  assert_int_equal(n, 6);
  char b[SP_DATE_BUFSZ];
  assert_string_equal(sp_date_format(due[0], b), "2008-11-30");
  assert_string_equal(sp_date_format(due[1], b), "2009-05-31");
  assert_string_equal(sp_date_format(due[5], b), "2011-05-31");
  assert_int_equal(formal[0], 0);
  assert_int_equal(formal[1], 1);
  assert_int_equal(formal[5], 1);
}

static void test_review_schedule_local(void **state) {
  (void)state;
  int32_t due[16];
  int formal[16];
  int n = sp_review_schedule(D("2005-07-27"), SP_DATE_NONE, D("2008-12-31"), 6, 12, 1, due, formal, 16);
  char b[SP_DATE_BUFSZ];
  assert_int_equal(n, 3);
  assert_string_equal(sp_date_format(due[0], b), "2006-01-26");
  assert_string_equal(sp_date_format(due[1], b), "2007-01-26");
  assert_string_equal(sp_date_format(due[2], b), "2008-01-26");
}

static void test_review_status(void **state) {
  (void)state;
  int32_t due = D("2009-05-31");
  assert_int_equal(sp_review_status_at(due, SP_DATE_NONE, D("2009-04-01")), SP_REVIEW_UPCOMING);
  assert_int_equal(sp_review_status_at(due, SP_DATE_NONE, D("2009-05-03")), SP_REVIEW_DUE);
  assert_int_equal(sp_review_status_at(due, SP_DATE_NONE, D("2009-05-31")), SP_REVIEW_DUE);
  assert_int_equal(sp_review_status_at(due, SP_DATE_NONE, D("2009-06-01")), SP_REVIEW_OVERDUE);
  assert_int_equal(sp_review_status_at(due, D("2009-06-10"), D("2009-06-20")), SP_REVIEW_MET);
  /* Held later than as_of does not count yet. */
  assert_int_equal(sp_review_status_at(due, D("2009-06-10"), D("2009-06-05")), SP_REVIEW_OVERDUE);
}

static void test_reviews_recorded(void **state) {
  struct fx *f = *state;
  int64_t id = make_compact(f);
  assert_int_equal(sp_agreement_record_review(f->ctx, id, SP_DATE_NONE, D("2008-11-20"), "first"), SP_OK);
  assert_int_equal(sp_agreement_record_review(f->ctx, id, D("2009-01-01"), D("2009-01-02"), NULL), SP_EINVAL);
  json_t *a = NULL;
  assert_int_equal(sp_agreement_get(f->ctx, id, D("2009-06-10"), &a), SP_OK);
  json_t *r = json_object_get(a, "reviews");
  assert_int_equal(json_array_size(r), 6);
  assert_string_equal(json_string_value(json_object_get(json_array_get(r, 0), "status")), "met");
  assert_string_equal(json_string_value(json_object_get(json_array_get(r, 1), "status")), "overdue");
  assert_true(json_is_true(json_object_get(json_array_get(r, 1), "formal")));
  assert_string_equal(json_string_value(json_object_get(json_array_get(r, 2), "status")), "upcoming");
  json_decref(a);
  /* An alliance has no cadence in its source: recording one is refused. */
  json_t *in = J("{\"kind\":\"alliance\",\"title\":\"A\",\"term_start\":\"2005-01-01\"}");
  int64_t al = 0;
  assert_int_equal(sp_agreement_create(f->ctx, in, &al), SP_OK);
  json_decref(in);
  assert_int_equal(sp_agreement_record_review(f->ctx, al, SP_DATE_NONE, D("2006-01-01"), NULL), SP_EINVAL);
}

static void test_action_rollup(void **state) {
  struct fx *f = *state;
  int64_t id = make_compact(f), parent = 0, s1 = 0, s2 = 0, s3 = 0;
  json_t *in = J("{\"title\":\"Promote the pledge\",\"owner_org_id\":3,\"due_date\":\"2009-03-31\"}");
  assert_int_equal(sp_agreement_add_action(f->ctx, id, in, &parent), SP_OK);
  json_decref(in);
  char buf[200];
  snprintf(buf, sizeof(buf), "{\"title\":\"Events\",\"parent_id\":%lld,\"progress\":50}", (long long)parent);
  in = J(buf);
  assert_int_equal(sp_agreement_add_action(f->ctx, id, in, &s1), SP_OK);
  json_decref(in);
  snprintf(buf, sizeof(buf), "{\"title\":\"Leaflets\",\"parent_id\":%lld,\"status\":\"done\"}", (long long)parent);
  in = J(buf);
  assert_int_equal(sp_agreement_add_action(f->ctx, id, in, &s2), SP_OK);
  json_decref(in);
  snprintf(buf, sizeof(buf), "{\"title\":\"Radio\",\"parent_id\":%lld,\"status\":\"dropped\"}", (long long)parent);
  in = J(buf);
  assert_int_equal(sp_agreement_add_action(f->ctx, id, in, &s3), SP_OK);
  json_decref(in);
  json_t *a = NULL;
  assert_int_equal(sp_agreement_get(f->ctx, id, D("2009-06-01"), &a), SP_OK);
  json_t *p = json_array_get(json_object_get(a, "actions"), 0);
  assert_int_equal(json_integer_value(json_object_get(p, "progress")), 75);
  assert_true(json_is_true(json_object_get(p, "overdue")));
  assert_int_equal(json_array_size(json_object_get(p, "sub_actions")), 3);
  json_decref(a);
  assert_int_equal(sp_agreement_update_action(f->ctx, s1, "done", 0), SP_OK);
  assert_int_equal(sp_agreement_update_action(f->ctx, s1, "finished", 0), SP_EINVAL);
  assert_int_equal(sp_agreement_update_action(f->ctx, s1, "in_progress", 101), SP_EINVAL);
  assert_int_equal(sp_agreement_get(f->ctx, id, D("2009-06-01"), &a), SP_OK);
  p = json_array_get(json_object_get(a, "actions"), 0);
  assert_int_equal(json_integer_value(json_object_get(p, "progress")), 100);
  json_decref(a);
  /* A parent from another agreement is refused. */
  int64_t other = make_compact(f);
  snprintf(buf, sizeof(buf), "{\"title\":\"X\",\"parent_id\":%lld}", (long long)parent);
  in = J(buf);
  assert_int_equal(sp_agreement_add_action(f->ctx, other, in, &s1), SP_EINVAL);
  json_decref(in);
}

static void test_roles(void **state) {
  struct fx *f = *state;
  int64_t id = make_compact(f);
  json_t *a = NULL, *list = NULL;
  sp_ctx_set_actor(f->ctx, 0, 0, SP_ROLE_PUBLIC, "anon");
  assert_int_equal(sp_agreement_get(f->ctx, id, D("2009-06-01"), &a), SP_ENOTFOUND);
  assert_int_equal(sp_agreement_list(f->ctx, NULL, &list), SP_OK);
  assert_int_equal(json_array_size(list), 0);
  json_decref(list);
  json_t *in = J(FX_COMPACT);
  int64_t x = 0;
  assert_int_equal(sp_agreement_create(f->ctx, in, &x), SP_EAUTH);
  /* A party that does not own the agreement (Skillset, org 3, the sector
   * body) reads it but changes its terms no more (issue 10, finding 2). */
  sp_ctx_set_actor(f->ctx, 5, 3, SP_ROLE_ERB_EDITOR, "skillset editor");
  assert_int_equal(sp_agreement_get(f->ctx, id, D("2009-06-01"), &a), SP_OK);
  json_decref(a);
  json_t *t = J("{\"measure\":\"pledges\",\"period_start\":\"2008-06-01\",\"period_end\":\"2009-05-31\",\"volume\":40}");
  assert_int_equal(sp_agreement_add_target(f->ctx, id, t), SP_EFORBIDDEN);
  assert_non_null(strstr(sp_ctx_errmsg(f->ctx), "owner"));
  assert_int_equal(sp_agreement_add_party(f->ctx, id, 5, "covered_employer"), SP_EFORBIDDEN);
  /* The funding agency (org 2) owns it: it changes the terms. */
  sp_ctx_set_actor(f->ctx, 7, 2, SP_ROLE_FUNDER, "lsc editor");
  assert_int_equal(sp_agreement_add_target(f->ctx, id, t), SP_OK);
  sp_ctx_set_actor(f->ctx, 6, 7, SP_ROLE_ERB_EDITOR, "stranger");
  assert_int_equal(sp_agreement_add_target(f->ctx, id, t), SP_EFORBIDDEN);
  assert_int_equal(sp_agreement_create(f->ctx, in, &x), SP_EFORBIDDEN);
  /* A provider never creates one, even naming itself a party. */
  sp_ctx_set_actor(f->ctx, 8, 4, SP_ROLE_PROVIDER_EDITOR, "acme editor");
  assert_int_equal(sp_agreement_create(f->ctx, in, &x), SP_EFORBIDDEN);
  assert_non_null(strstr(sp_ctx_errmsg(f->ctx), "only funders and DfE"));
  json_decref(t);
  json_decref(in);
  /* Once published the public reads it. */
  sp_ctx_set_actor(f->ctx, 1, 2, SP_ROLE_DFE_ADMIN, "test");
  assert_int_equal(sp_agreement_publish(f->ctx, id), SP_OK);
  sp_ctx_set_actor(f->ctx, 0, 0, SP_ROLE_PUBLIC, "anon");
  assert_int_equal(sp_agreement_get(f->ctx, id, D("2009-06-01"), &a), SP_OK);
  json_decref(a);
}

static void test_annual_report(void **state) {
  struct fx *f = *state;
  int64_t id = make_compact(f);
  assert_int_equal(sp_agreement_record_review(f->ctx, id, SP_DATE_NONE, D("2008-11-25"), "ok"), SP_OK);
  json_t *r = NULL;
  assert_int_equal(sp_agreement_report(f->ctx, id, 1, &r), SP_OK);
  assert_string_equal(json_string_value(json_object_get(r, "period_start")), "2008-06-01");
  assert_string_equal(json_string_value(json_object_get(r, "period_end")), "2009-05-31");
  assert_int_equal(json_array_size(json_object_get(r, "targets")), 1);
  assert_int_equal(json_array_size(json_object_get(r, "reviews")), 2);
  json_decref(r);
  assert_int_equal(sp_agreement_report(f->ctx, id, 2, &r), SP_OK);
  assert_int_equal(json_array_size(json_object_get(r, "targets")), 0);
  json_decref(r);
  assert_int_equal(sp_agreement_report(f->ctx, id, 4, &r), SP_EINVAL);
  assert_int_equal(sp_agreement_report(f->ctx, id, 0, &r), SP_EINVAL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_create_and_read, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_term_over_three_years, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_target_outside_term, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_negative_volume, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_role_and_codes, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_signatory_must_be_provider, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_publish_needs_core_roles, fx_setup, fx_teardown),
      cmocka_unit_test(test_review_schedule_sector),
      cmocka_unit_test(test_review_schedule_local),
      cmocka_unit_test(test_review_status),
      cmocka_unit_test_setup_teardown(test_reviews_recorded, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_action_rollup, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_roles, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_annual_report, fx_setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
