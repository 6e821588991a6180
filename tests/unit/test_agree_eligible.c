/*
 * test_agree_eligible.c: the eligibility rules, each on its own: validity
 * dates, provider contract, central government and the justice compact,
 * second Level 3 only on a compact's list, repeat Level 2 only under a
 * flexibility, SME flexibility only under 250 employees, the compact's term,
 * the standard offer, and refusal of unknown codes. Each answer names the
 * rule that decided.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "agree_fixture.h"
#include "core/agree/agree.h"
#include "core/agree/eligible.h"

static json_t *ask(struct fx *f, const char *learner, const char *qual, const char *start, const char *provider,
                   int64_t employer, int64_t size, int64_t agreement) {
  struct sp_elig_request r = {learner, qual, "train_to_gain", D(start), provider, employer, size, agreement};
  json_t *out = NULL;
  enum sp_rc rc = sp_eligible(f->ctx, &r, &out);
  if (rc != SP_OK)
    fail_msg("eligible failed: %s", sp_ctx_errmsg(f->ctx));
  return out;
}

static void expect(json_t *out, int eligible, const char *rule) {
  assert_int_equal(json_is_true(json_object_get(out, "eligible")), eligible);
  const char *got = json_string_value(json_object_get(json_object_get(out, "decided_by"), "code"));
  if (strcmp(got, rule) != 0)
    fail_msg("decided by %s, expected %s: %s", got, rule, json_string_value(json_object_get(out, "message")));
  assert_non_null(strstr(json_string_value(json_object_get(json_object_get(out, "decided_by"), "source")), ".txt"));
  json_decref(out);
}

static int64_t compact(struct fx *f, const char *text) {
  json_t *in = J(text);
  int64_t id = 0;
  assert_int_equal(sp_agreement_create(f->ctx, in, &id), SP_OK);
  json_decref(in);
  return id;
}

static void test_standard_offer(void **state) {
  struct fx *f = *state;
  expect(ask(f, "L-NEW", "50022222", "2009-01-10", "4", 0, -1, 0), 1, "standard_offer");
  /* A first Level 3 for a learner with a Level 2 is the standard offer too. */
  expect(ask(f, "L-HAS2", "50033333", "2009-01-10", NULL, 0, -1, 0), 1, "standard_offer");
}

static void test_qualification_validity(void **state) {
  struct fx *f = *state;
  expect(ask(f, "L-NEW", "50044444", "2009-01-10", NULL, 0, -1, 0), 0, "qualification_validity");
  expect(ask(f, "L-NEW", "50012345", "2012-01-01", NULL, 0, -1, 0), 0, "qualification_validity");
}

static void test_provider_contract(void **state) {
  struct fx *f = *state;
  /* Org 10 holds an adult_learning contract, not Train to Gain. */
  expect(ask(f, "L-NEW", "50022222", "2009-01-10", "10", 0, -1, 0), 0, "provider_contract");
  /* By UKPRN, and outside the contract's dates. */
  expect(ask(f, "L-NEW", "50022222", "2012-01-10", "10000001", 0, -1, 0), 0, "provider_contract");
  expect(ask(f, "L-NEW", "50022222", "2009-01-10", "10000001", 0, -1, 0), 1, "standard_offer");
}

static void test_central_government(void **state) {
  struct fx *f = *state;
  expect(ask(f, "L-GOV", "50022222", "2009-01-10", NULL, 0, -1, 0), 0, "central_government");
  /* Covered once the prison service is a party to the justice compact. */
  compact(f, "{\"kind\":\"sector_compact\",\"title\":\"Justice compact\",\"sector\":\"Justice\","
             "\"term_start\":\"2008-09-01\",\"term_end\":\"2011-08-31\","
             "\"parties\":[{\"org_id\":11,\"role\":\"sector_body\"},{\"org_id\":8,\"role\":\"covered_employer\"}],"
             "\"flexibilities\":[{\"kind\":\"repeat_l2_l3\",\"period_start\":\"2008-09-01\",\"period_end\":\"2011-08-31\"}],"
             "\"qualifications\":[\"50033333\"]}");
  json_t *out = ask(f, "L-GOV", "50022222", "2009-01-10", NULL, 0, -1, 0);
  assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(out, "checks"), 2), "outcome")),
                      "pass");
  expect(out, 1, "repeat_level2");
  /* Before the compact's term, not covered. */
  expect(ask(f, "L-GOV", "50022222", "2008-08-01", NULL, 0, -1, 0), 0, "central_government");
}

static void test_second_level3(void **state) {
  struct fx *f = *state;
  expect(ask(f, "L-HAS3", "50012345", "2009-01-10", NULL, 0, -1, 0), 0, "second_level3");
  int64_t id = compact(f, FX_COMPACT); /* lists 50012345, 2008-06-01..2011-05-31 */
  json_t *out = ask(f, "L-HAS3", "50012345", "2009-01-10", NULL, 0, -1, 0);
  assert_int_equal(json_integer_value(json_object_get(json_object_get(out, "agreement"), "id")), id);
  expect(out, 1, "second_level3");
  /* Not on the list: 50033333. */
  expect(ask(f, "L-HAS3", "50033333", "2009-01-10", NULL, 0, -1, 0), 0, "second_level3");
}

static void test_compact_term(void **state) {
  struct fx *f = *state;
  compact(f, "{\"kind\":\"sector_compact\",\"title\":\"Later\",\"term_start\":\"2010-01-01\",\"term_end\":\"2011-12-31\","
             "\"qualifications\":[\"50012345\"]}");
  expect(ask(f, "L-HAS3", "50012345", "2009-06-10", NULL, 0, -1, 0), 0, "compact_term");
  int64_t id = compact(f, FX_COMPACT);
  expect(ask(f, "L-NEW", "50022222", "2011-07-01", NULL, 0, -1, id), 0, "compact_term");
  expect(ask(f, "L-NEW", "50022222", "2009-07-01", NULL, 0, -1, id), 1, "standard_offer");
}

static void test_repeat_level2(void **state) {
  struct fx *f = *state;
  expect(ask(f, "L-HAS2", "50022222", "2009-01-10", NULL, 0, -1, 0), 0, "repeat_level2");
  compact(f, "{\"kind\":\"sector_compact\",\"title\":\"Repeat\",\"term_start\":\"2008-06-01\",\"term_end\":\"2011-05-31\","
             "\"flexibilities\":[{\"kind\":\"repeat_l2_l3\",\"period_start\":\"2008-06-01\",\"period_end\":\"2009-05-31\"}]}");
  expect(ask(f, "L-HAS2", "50022222", "2009-01-10", NULL, 0, -1, 0), 1, "repeat_level2");
  /* Outside the flexibility's period. */
  expect(ask(f, "L-HAS2", "50022222", "2009-07-10", NULL, 0, -1, 0), 0, "repeat_level2");
}

static void test_sme_flexibility(void **state) {
  struct fx *f = *state;
  compact(f, "{\"kind\":\"sector_compact\",\"title\":\"SME\",\"term_start\":\"2008-06-01\",\"term_end\":\"2011-05-31\","
             "\"flexibilities\":[{\"kind\":\"sme_access\",\"period_start\":\"2008-06-01\",\"period_end\":\"2011-05-31\"}]}");
  expect(ask(f, "L-HAS2", "50022222", "2009-01-10", NULL, 0, 249, 0), 1, "sme_flexibility");
  expect(ask(f, "L-HAS2", "50022222", "2009-01-10", NULL, 0, 250, 0), 0, "sme_flexibility");
  /* From the employer's size band: L-BIG2 works for a large employer. */
  expect(ask(f, "L-BIG2", "50022222", "2009-01-10", NULL, 0, -1, 0), 0, "sme_flexibility");
  expect(ask(f, "L-HAS2", "50022222", "2009-01-10", NULL, 0, -1, 0), 1, "sme_flexibility");
}

static void test_unknown_codes(void **state) {
  struct fx *f = *state;
  json_t *out = NULL;
  struct sp_elig_request r = {"NOBODY", "50022222", "train_to_gain", D("2009-01-01"), NULL, 0, -1, 0};
  assert_int_equal(sp_eligible(f->ctx, &r, &out), SP_EINVAL);
  assert_string_equal(sp_ctx_errfield(f->ctx), "learner");
  r.learner = "L-NEW";
  r.qualification = "1234";
  assert_int_equal(sp_eligible(f->ctx, &r, &out), SP_EINVAL);
  assert_string_equal(sp_ctx_errfield(f->ctx), "qualification");
  r.qualification = "50022222";
  r.programme = "bogus";
  assert_int_equal(sp_eligible(f->ctx, &r, &out), SP_EINVAL);
  r.programme = "train_to_gain";
  r.provider = "99999999";
  assert_int_equal(sp_eligible(f->ctx, &r, &out), SP_EINVAL);
  r.provider = "abc";
  assert_int_equal(sp_eligible(f->ctx, &r, &out), SP_EINVAL);
  r.provider = NULL;
  r.agreement_id = 999;
  assert_int_equal(sp_eligible(f->ctx, &r, &out), SP_EINVAL);
  r.agreement_id = 0;
  r.employer_org_id = 999;
  assert_int_equal(sp_eligible(f->ctx, &r, &out), SP_EINVAL);
}

static void test_rules_table(void **state) {
  struct fx *f = *state;
  json_t *rules = NULL;
  assert_int_equal(sp_eligibility_rules(f->ctx, &rules), SP_OK);
  assert_int_equal(json_array_size(rules), 8);
  size_t i;
  json_t *r;
  json_array_foreach(rules, i, r) assert_non_null(strstr(json_string_value(json_object_get(r, "source")), ".txt"));
  json_decref(rules);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_standard_offer, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_qualification_validity, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_provider_contract, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_central_government, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_second_level3, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_compact_term, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_repeat_level2, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_sme_flexibility, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_unknown_codes, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_rules_table, fx_setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
