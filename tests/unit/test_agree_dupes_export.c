/*
 * test_agree_dupes_export.c: duplication of funding (same learner,
 * qualification and period through two agreements or programmes) and of
 * activity (the same action in two alliances), each pair listed with both
 * records; 360Giving JSON and CSV exports and agreement exports.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "agree_fixture.h"
#include "core/agree/agree.h"
#include "core/agree/funding.h"
#include "base/alloc.h"

static int64_t mk(struct fx *f, const char *text) {
  json_t *in = J(text);
  int64_t id = 0;
  if (sp_agreement_create(f->ctx, in, &id) != SP_OK)
    fail_msg("%s", sp_ctx_errmsg(f->ctx));
  json_decref(in);
  return id;
}

static int64_t alloc(struct fx *f, int64_t agreement, const char *start, const char *end, long long pence) {
  char buf[400];
  snprintf(buf, sizeof(buf),
           "{\"agreement_id\":%lld,\"provider_org_id\":4,\"funder_org_id\":2,\"programme\":\"train_to_gain\","
           "\"period_start\":\"%s\",\"period_end\":\"%s\",\"amount_pence\":%lld}",
           (long long)agreement, start, end, pence);
  json_t *in = J(buf);
  int64_t id = 0;
  if (sp_funding_allocate(f->ctx, in, &id) != SP_OK)
    fail_msg("%s", sp_ctx_errmsg(f->ctx));
  json_decref(in);
  return id;
}

static void spend(struct fx *f, int64_t a, const char *learner, const char *qual) {
  char buf[300];
  snprintf(buf, sizeof(buf),
           "{\"allocation_id\":%lld,\"kind\":\"delivered\",\"on_date\":\"2009-10-01\",\"amount_pence\":100,"
           "\"learner_ref\":\"%s\",\"qual_code\":\"%s\"}",
           (long long)a, learner, qual);
  json_t *in = J(buf);
  assert_int_equal(sp_funding_record_spend(f->ctx, in, NULL), SP_OK);
  json_decref(in);
}

static void test_funding_duplicates(void **state) {
  struct fx *f = *state;
  int64_t a = mk(f, "{\"kind\":\"sector_compact\",\"title\":\"A\",\"term_start\":\"2009-01-01\",\"term_end\":\"2011-12-31\"}");
  int64_t b = mk(f, "{\"kind\":\"sector_compact\",\"title\":\"B\",\"term_start\":\"2009-01-01\",\"term_end\":\"2011-12-31\"}");
  int64_t a1 = alloc(f, a, "2009-08-01", "2010-07-31", 100000);
  int64_t b1 = alloc(f, b, "2009-08-01", "2010-07-31", 100000);
  int64_t b2 = alloc(f, b, "2010-08-01", "2011-07-31", 100000);
  spend(f, a1, "L-NEW", "50022222");
  spend(f, b1, "L-NEW", "50022222"); /* duplicate of the first */
  spend(f, b2, "L-NEW", "50022222"); /* a later period: not a duplicate of b1 (same agreement) nor a1 (no overlap) */
  spend(f, b1, "L-HAS2", "50022222");
  json_t *out = NULL;
  assert_int_equal(sp_funding_duplicates(f->ctx, &out), SP_OK);
  json_t *pairs = json_object_get(out, "funding");
  assert_int_equal(json_array_size(pairs), 1);
  json_t *p = json_array_get(pairs, 0);
  assert_string_equal(json_string_value(json_object_get(p, "learner_ref")), "L-NEW");
  assert_int_equal(json_integer_value(json_object_get(json_object_get(p, "a"), "agreement_id")), a);
  assert_int_equal(json_integer_value(json_object_get(json_object_get(p, "b"), "agreement_id")), b);
  json_decref(out);
}

static void test_action_duplicates(void **state) {
  struct fx *f = *state;
  int64_t x = mk(f, "{\"kind\":\"alliance\",\"title\":\"NW Chemicals\",\"term_start\":\"2005-01-01\"}");
  int64_t y = mk(f, "{\"kind\":\"alliance\",\"title\":\"NW Creative\",\"term_start\":\"2005-01-01\"}");
  int64_t c = mk(f, FX_COMPACT);
  json_t *in = J("{\"title\":\"Develop a Young Apprenticeship in Science\"}");
  assert_int_equal(sp_agreement_add_action(f->ctx, x, in, NULL), SP_OK);
  assert_int_equal(sp_agreement_add_action(f->ctx, c, in, NULL), SP_OK); /* not an alliance */
  json_decref(in);
  in = J("{\"title\":\"develop a young apprenticeship  in science.\"}");
  assert_int_equal(sp_agreement_add_action(f->ctx, y, in, NULL), SP_OK);
  json_decref(in);
  in = J("{\"title\":\"Something else\"}");
  assert_int_equal(sp_agreement_add_action(f->ctx, y, in, NULL), SP_OK);
  json_decref(in);
  json_t *out = NULL;
  assert_int_equal(sp_funding_duplicates(f->ctx, &out), SP_OK);
  json_t *pairs = json_object_get(out, "actions");
  assert_int_equal(json_array_size(pairs), 1);
  json_t *p = json_array_get(pairs, 0);
  assert_int_equal(json_integer_value(json_object_get(json_object_get(p, "a"), "agreement_id")), x);
  assert_int_equal(json_integer_value(json_object_get(json_object_get(p, "b"), "agreement_id")), y);
  json_decref(out);
}

static void test_exports(void **state) {
  struct fx *f = *state;
  int64_t a = mk(f, FX_COMPACT);
  alloc(f, a, "2009-08-01", "2010-07-31", 1234567);
  char *s = NULL;
  assert_int_equal(sp_funding_export(f->ctx, "360giving-json", &s), SP_OK);
  json_error_t err;
  json_t *j = json_loads(s, 0, &err);
  assert_non_null(j);
  json_t *g = json_array_get(json_object_get(j, "grants"), 0);
  const char *req[] = {"id", "title", "description", "currency", "amountAwarded", "awardDate",
                       "recipientOrganization", "fundingOrganization"};
  for (size_t i = 0; i < SP_ARRAY_LEN(req); i++)
    if (!json_object_get(g, req[i]))
      fail_msg("360Giving field %s missing", req[i]);
  assert_string_equal(json_string_value(json_object_get(g, "currency")), "GBP");
  assert_true(json_real_value(json_object_get(g, "amountAwarded")) == 12345.67);
  assert_non_null(strstr(s, "12345.67"));
  assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(g, "recipientOrganization"), 0), "id")),
                      "GB-UKPRN-10000001");
  json_decref(j);
  sp_free(s);
  assert_int_equal(sp_funding_export(f->ctx, "360giving-csv", &s), SP_OK);
  assert_non_null(strstr(s, "Identifier,Title,Description,Currency,Amount Awarded,Award Date"));
  assert_non_null(strstr(s, ",GBP,12345.67,2009-08-01,"));
  sp_free(s);
  assert_int_equal(sp_funding_export(f->ctx, "agreements-csv", &s), SP_OK);
  assert_non_null(strstr(s, "Broadcast compact"));
  assert_non_null(strstr(s, "learners 2008-06-01..2009-05-31: 1200"));
  sp_free(s);
  assert_int_equal(sp_funding_export(f->ctx, "agreements-json", &s), SP_OK);
  j = json_loads(s, 0, &err);
  assert_int_equal(json_array_size(j), 1);
  json_decref(j);
  sp_free(s);
  assert_int_equal(sp_funding_export(f->ctx, "xml", &s), SP_EINVAL);
  /* The public sees only published agreements, and cannot export allocations. */
  sp_ctx_set_actor(f->ctx, 0, 0, SP_ROLE_PUBLIC, "anon");
  assert_int_equal(sp_funding_export(f->ctx, "360giving-json", &s), SP_EAUTH);
  assert_int_equal(sp_funding_export(f->ctx, "agreements-json", &s), SP_OK);
  assert_string_equal(s, "[]");
  sp_free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_funding_duplicates, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_action_duplicates, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_exports, fx_setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
