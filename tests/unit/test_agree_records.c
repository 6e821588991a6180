/*
 * test_agree_records.c: the records the eligibility rules read and the parts
 * added to an agreement after it is created: qualifications (LARS code,
 * level, validity), learners and their achievements, flexibilities inside
 * the term, and qualifications on a compact's list; then an eligibility
 * decision that rests on them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "agree_fixture.h"
#include "core/agree/agree.h"
#include "core/agree/eligible.h"

static enum sp_rc put_q(struct fx *f, const char *text) {
  json_t *in = J(text);
  enum sp_rc rc = sp_qualification_put(f->ctx, in);
  json_decref(in);
  return rc;
}

static enum sp_rc put_l(struct fx *f, const char *text) {
  json_t *in = J(text);
  enum sp_rc rc = sp_learner_put(f->ctx, in);
  json_decref(in);
  return rc;
}

static void test_qualifications(void **state) {
  struct fx *f = *state;
  int64_t n0 = fx_count(f, "SELECT count(*) FROM qualification_aims");
  assert_int_equal(put_q(f, "{\"code\":\"60012345\",\"title\":\"T\",\"level\":\"9\",\"valid_from\":\"2009-01-01\"}"), SP_EINVAL);
  assert_string_equal(sp_ctx_errfield(f->ctx), "level");
  assert_int_equal(put_q(f, "{\"code\":\"60 12\",\"title\":\"T\",\"level\":\"3\",\"valid_from\":\"2009-01-01\"}"), SP_EINVAL);
  assert_int_equal(put_q(f, "{\"code\":\"60012345\",\"title\":\"T\",\"level\":\"3\",\"valid_from\":\"2009-01-01\","
                            "\"valid_to\":\"2008-01-01\"}"),
                   SP_EINVAL);
  assert_int_equal(fx_count(f, "SELECT count(*) FROM qualification_aims"), n0);
  assert_int_equal(put_q(f, "{\"code\":\"60012345\",\"title\":\"Diploma\",\"level\":\"3\",\"ssa\":\"4.1\","
                            "\"valid_from\":\"2009-01-01\"}"),
                   SP_OK);
  assert_int_equal(put_q(f, "{\"code\":\"60012345\",\"title\":\"Diploma (renamed)\",\"level\":\"3\","
                            "\"valid_from\":\"2009-01-01\",\"valid_to\":\"2012-07-31\"}"),
                   SP_OK);
  assert_int_equal(fx_count(f, "SELECT count(*) FROM qualification_aims"), n0 + 1);
  assert_int_equal(fx_count(f, "SELECT count(*) FROM qualification_aims WHERE code='60012345' AND valid_to='2012-07-31'"), 1);
  sp_ctx_set_actor(f->ctx, 0, 0, SP_ROLE_PUBLIC, "anon");
  assert_int_equal(put_q(f, "{\"code\":\"60099999\",\"title\":\"T\",\"level\":\"3\",\"valid_from\":\"2009-01-01\"}"), SP_EAUTH);
}

static void test_learners(void **state) {
  struct fx *f = *state;
  assert_int_equal(put_l(f, "{\"ref\":\"NEW-1\",\"employer_org_id\":999}"), SP_EINVAL);
  assert_int_equal(put_l(f, "{\"ref\":\"NEW-1\",\"achievements\":[{\"level\":\"X\",\"achieved_on\":\"2005-01-01\"}]}"),
                   SP_EINVAL);
  assert_int_equal(fx_count(f, "SELECT count(*) FROM learners WHERE ref='NEW-1'"), 0);
  assert_int_equal(put_l(f, "{\"ref\":\"NEW-1\",\"employer_org_id\":7,\"achievements\":[{\"level\":\"3\","
                            "\"achieved_on\":\"2005-01-01\"}]}"),
                   SP_OK);
  assert_int_equal(put_l(f, "{\"ref\":\"NEW-1\",\"achievements\":[{\"level\":\"2\",\"achieved_on\":\"2003-01-01\"}]}"),
                   SP_OK);
  assert_int_equal(fx_count(f, "SELECT count(*) FROM learner_achievements WHERE learner_ref='NEW-1'"), 2);
  assert_int_equal(fx_count(f, "SELECT employer_org_id FROM learners WHERE ref='NEW-1'"), 7);
  sp_ctx_set_actor(f->ctx, 5, 3, SP_ROLE_ERB_EDITOR, "erb");
  assert_int_equal(put_l(f, "{\"ref\":\"NEW-2\"}"), SP_EFORBIDDEN);
}

static void test_parts_and_eligibility(void **state) {
  struct fx *f = *state;
  json_t *in = J(FX_COMPACT);
  int64_t id = 0;
  assert_int_equal(sp_agreement_create(f->ctx, in, &id), SP_OK);
  json_decref(in);
  /* The learner holds a Level 3: 50033333 is not yet on the list. */
  struct sp_elig_request r = {"L-HAS3", "50033333", "train_to_gain", D("2009-03-01"), NULL, 0, -1, 0};
  json_t *out = NULL;
  assert_int_equal(sp_eligible(f->ctx, &r, &out), SP_OK);
  assert_false(json_is_true(json_object_get(out, "eligible")));
  json_decref(out);
  in = J("{\"code\":\"99999999\"}");
  assert_int_equal(sp_agreement_add_qualification(f->ctx, id, in), SP_EINVAL);
  json_decref(in);
  in = J("{\"code\":\"50033333\",\"valid_from\":\"2009-01-01\"}");
  assert_int_equal(sp_agreement_add_qualification(f->ctx, id, in), SP_OK);
  assert_int_equal(sp_agreement_add_qualification(f->ctx, id, in), SP_ECONFLICT);
  json_decref(in);
  assert_int_equal(sp_eligible(f->ctx, &r, &out), SP_OK);
  assert_true(json_is_true(json_object_get(out, "eligible")));
  assert_string_equal(json_string_value(json_object_get(json_object_get(out, "decided_by"), "code")), "second_level3");
  json_decref(out);
  /* Before the list entry's validity: the compact does not cover it. */
  r.start = D("2008-10-01");
  assert_int_equal(sp_eligible(f->ctx, &r, &out), SP_OK);
  assert_false(json_is_true(json_object_get(out, "eligible")));
  assert_string_equal(json_string_value(json_object_get(json_object_get(out, "decided_by"), "code")), "compact_term");
  json_decref(out);
  /* Flexibilities added later stay inside the term. */
  in = J("{\"kind\":\"sme_access\",\"period_start\":\"2011-01-01\",\"period_end\":\"2011-12-31\"}");
  assert_int_equal(sp_agreement_add_flexibility(f->ctx, id, in), SP_EINVAL);
  json_decref(in);
  in = J("{\"kind\":\"sme_access\",\"conditions\":\"Employers under 250\"}");
  assert_int_equal(sp_agreement_add_flexibility(f->ctx, id, in), SP_OK);
  json_decref(in);
  assert_int_equal(fx_count(f, "SELECT count(*) FROM agreement_flexibilities WHERE kind='sme_access'"
                               " AND period_start='2008-06-01' AND period_end='2011-05-31'"),
                   1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_qualifications, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_learners, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_parts_and_eligibility, fx_setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
