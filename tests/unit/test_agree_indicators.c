/*
 * test_agree_indicators.c: indicator assessment (progress = measured over
 * target, the date the linear trend reaches the target, statuses met,
 * missed, on_track and at_risk as defined in indicator.c), and the store
 * functions with their refusals.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "agree_fixture.h"
#include "core/agree/indicator.h"

static void test_met_early(void **state) {
  (void)state;
  /* Completions 112,598 then 143,000 against 130,000 by 2011-07-31. */
  struct sp_ind_point p[2] = {{D("2008-07-31"), 112598}, {D("2009-07-31"), 143000}};
  struct sp_ind_assessment a;
  sp_indicator_assess(p, 2, 130000, D("2011-07-31"), D("2010-03-01"), &a);
  assert_int_equal(a.status, SP_IND_MET);
  assert_true(fabs(a.progress - 143000.0 / 130000.0) < 1e-9);
  assert_int_equal(a.reaches_on, D("2009-07-31"));
}

static void test_on_track_and_trend_date(void **state) {
  (void)state;
  /* 100 a year from 0: reaches 300 three years after the start. */
  struct sp_ind_point p[2] = {{D("2008-01-01"), 0}, {D("2009-01-01"), 100}};
  struct sp_ind_assessment a;
  sp_indicator_assess(p, 2, 200, D("2010-12-31"), D("2009-06-01"), &a);
  assert_int_equal(a.status, SP_IND_ON_TRACK);
  assert_true(fabs(a.progress - 0.5) < 1e-9);
  /* Slope 100/366 per day; 200 is reached 732 days after 2008-01-01. */
  assert_int_equal(a.reaches_on, D("2008-01-01") + 732);
  sp_indicator_assess(p, 2, 200, D("2009-12-31"), D("2009-06-01"), &a);
  assert_int_equal(a.status, SP_IND_AT_RISK);
}

static void test_at_risk_and_missed(void **state) {
  (void)state;
  struct sp_ind_point one[1] = {{D("2009-07-31"), 220000}};
  struct sp_ind_assessment a;
  sp_indicator_assess(one, 1, 250000, D("2010-12-31"), D("2010-03-01"), &a);
  assert_int_equal(a.status, SP_IND_AT_RISK);
  assert_int_equal(a.reaches_on, SP_DATE_NONE);
  sp_indicator_assess(one, 1, 250000, D("2010-12-31"), D("2011-01-01"), &a);
  assert_int_equal(a.status, SP_IND_MISSED);
  /* Falling: never reaches. */
  struct sp_ind_point fall[2] = {{D("2008-01-01"), 10}, {D("2009-01-01"), 5}};
  sp_indicator_assess(fall, 2, 20, D("2012-01-01"), D("2009-02-01"), &a);
  assert_int_equal(a.status, SP_IND_AT_RISK);
  assert_int_equal(a.reaches_on, SP_DATE_NONE);
  /* Reached only after the due date is still missed. */
  struct sp_ind_point late[2] = {{D("2008-01-01"), 10}, {D("2010-06-01"), 30}};
  sp_indicator_assess(late, 2, 20, D("2009-12-31"), D("2010-07-01"), &a);
  assert_int_equal(a.status, SP_IND_MISSED);
  /* Values after as_of are ignored. */
  sp_indicator_assess(late, 2, 20, D("2010-12-31"), D("2009-01-01"), &a);
  assert_true(fabs(a.latest - 10) < 1e-9);
  sp_indicator_assess(NULL, 0, 20, D("2010-12-31"), D("2009-01-01"), &a);
  assert_true(isnan(a.progress));
  assert_int_equal(a.status, SP_IND_AT_RISK);
}

static void test_store(void **state) {
  struct fx *f = *state;
  json_t *in = J("{\"code\":\"ulrs\",\"name\":\"Union learning representatives trained\",\"unit\":\"ULRs\","
                 "\"source\":\"002 para 101\",\"targets\":[{\"value\":22000,\"due_date\":\"2010-12-31\","
                 "\"kind\":\"target\",\"source\":\"002 para 101\"}],"
                 "\"values\":[{\"value\":23000,\"on_date\":\"2010-03-01\",\"source\":\"002 para 101\"}]}");
  int64_t id = 0;
  assert_int_equal(sp_indicator_create(f->ctx, in, &id), SP_OK);
  assert_int_equal(sp_indicator_create(f->ctx, in, &id), SP_ECONFLICT);
  json_decref(in);
  json_t *out = NULL;
  assert_int_equal(sp_indicator_get(f->ctx, "ulrs", D("2010-03-31"), &out), SP_OK);
  json_t *t = json_array_get(json_object_get(out, "targets"), 0);
  assert_string_equal(json_string_value(json_object_get(t, "status")), "met");
  assert_string_equal(json_string_value(json_object_get(t, "trend_reaches_on")), "2010-03-01");
  json_decref(out);
  assert_int_equal(sp_indicator_add_value(f->ctx, "ulrs", -1, D("2010-04-01"), "x"), SP_EINVAL);
  assert_int_equal(sp_indicator_add_value(f->ctx, "nope", 1, D("2010-04-01"), "x"), SP_ENOTFOUND);
  assert_int_equal(sp_indicator_add_value(f->ctx, "ulrs", 24000, D("2010-04-01"), "later"), SP_OK);
  in = J("{\"code\":\"x\",\"name\":\"X\",\"unit\":\"u\",\"source\":\"s\",\"targets\":[{\"value\":1,"
         "\"due_date\":\"2010-01-01\",\"kind\":\"hope\",\"source\":\"s\"}]}");
  assert_int_equal(sp_indicator_create(f->ctx, in, &id), SP_EINVAL);
  assert_int_equal(fx_count(f, "SELECT count(*) FROM indicators WHERE code='x'"), 0);
  json_decref(in);
  assert_int_equal(sp_indicator_list(f->ctx, D("2010-05-01"), &out), SP_OK);
  assert_int_equal(json_array_size(out), 1);
  assert_int_equal(json_array_size(json_object_get(json_array_get(out, 0), "values")), 2);
  json_decref(out);
  sp_ctx_set_actor(f->ctx, 0, 0, SP_ROLE_PUBLIC, "anon");
  assert_int_equal(sp_indicator_add_value(f->ctx, "ulrs", 25000, D("2010-05-01"), "x"), SP_EAUTH);
}

/* Issue 13, finding 6: two sources on one date. One Year On gives 7 million
 * employees under the Skills Pledge in paragraph 49 and "nearly 7.5 million"
 * in its executive summary; both are held, each with its source, and the
 * status uses the body text's figure, whichever was recorded first. */
static void check_two_sources(struct fx *f, const char *code) {
  json_t *out = NULL;
  assert_int_equal(sp_indicator_get(f->ctx, code, D("2010-04-01"), &out), SP_OK);
  json_t *values = json_object_get(out, "values");
  assert_int_equal(json_array_size(values), 2);
  json_t *body = json_array_get(values, 0), *summary = json_array_get(values, 1);
  assert_string_equal(json_string_value(json_object_get(body, "basis")), "body");
  assert_true(json_is_true(json_object_get(body, "used")));
  assert_non_null(strstr(json_string_value(json_object_get(body, "source")), "para 49"));
  assert_string_equal(json_string_value(json_object_get(summary, "basis")), "summary");
  assert_true(json_is_false(json_object_get(summary, "used")));
  assert_non_null(strstr(json_string_value(json_object_get(summary, "why")), "body figure is used"));
  assert_non_null(strstr(json_string_value(json_object_get(summary, "source")), "executive summary"));
  /* 7.2 million by March 2010: the body's 7 million misses it; the summary's
   * 7.5 million would have met it */
  json_t *t = json_array_get(json_object_get(out, "targets"), 0);
  assert_true(fabs(json_number_value(json_object_get(t, "latest_value")) - 7000000) < 0.5);
  assert_string_equal(json_string_value(json_object_get(t, "status")), "missed");
  json_decref(out);
}

static void test_two_sources_one_date(void **state) {
  struct fx *f = *state;
  static const char *const orders[2][2] = {{"body", "summary"}, {"summary", "body"}};
  for (int k = 0; k < 2; k++) {
    char code[16];
    snprintf(code, sizeof(code), "pledge%d", k);
    char text[600];
    snprintf(text, sizeof(text),
             "{\"code\":\"%s\",\"name\":\"Employees covered by the Skills Pledge\",\"unit\":\"employees\","
             "\"source\":\"002 para 49\",\"targets\":[{\"value\":7200000,\"due_date\":\"2010-03-31\","
             "\"kind\":\"target\",\"source\":\"test\"}]}",
             code);
    json_t *in = J(text);
    assert_int_equal(sp_indicator_create(f->ctx, in, NULL), SP_OK);
    json_decref(in);
    for (int j = 0; j < 2; j++) {
      int body = strcmp(orders[k][j], "body") == 0;
      assert_int_equal(sp_indicator_add_value_as(f->ctx, code, body ? 7000000 : 7500000, D("2010-01-31"),
                                                 body ? "002_ff544af7dd4315b9.txt para 49: 7 million"
                                                      : "002_ff544af7dd4315b9.txt executive summary: nearly 7.5 million",
                                                 orders[k][j]),
                       SP_OK);
    }
    check_two_sources(f, code);
  }
  /* a third figure of a basis the date already has is refused, naming the rule */
  assert_int_equal(sp_indicator_add_value_as(f->ctx, "pledge0", 7100000, D("2010-01-31"), "x", "summary"),
                   SP_ECONFLICT);
  assert_non_null(strstr(sp_ctx_errmsg(f->ctx), "body figure is used"));
  assert_int_equal(sp_indicator_add_value_as(f->ctx, "pledge0", 7100000, D("2010-01-31"), "x", "headline"),
                   SP_EINVAL);
  assert_int_equal(fx_count(f, "SELECT count(*) FROM indicator_values v JOIN indicators i ON i.id ="
                               " v.indicator_id WHERE i.code = 'pledge0'"),
                   2);
  /* a summary alone on its date is the figure for that date */
  assert_int_equal(sp_indicator_add_value_as(f->ctx, "pledge0", 7300000, D("2010-03-15"), "summary only",
                                             "summary"),
                   SP_OK);
  json_t *out = NULL;
  assert_int_equal(sp_indicator_get(f->ctx, "pledge0", D("2010-04-01"), &out), SP_OK);
  json_t *last = json_array_get(json_object_get(out, "values"), 2);
  assert_true(json_is_true(json_object_get(last, "used")));
  assert_string_equal(json_string_value(json_object_get(last, "why")), "the only figure for its date");
  json_t *t = json_array_get(json_object_get(out, "targets"), 0);
  assert_string_equal(json_string_value(json_object_get(t, "status")), "met");
  json_decref(out);
}

/* Issue 10, finding 5: values are finite and bounded (|v| <= 1e15) at the
 * edge, so 1e308 and infinity are refused with a message and nothing is
 * written, whichever way they come in. */
static void test_values_bounded(void **state) {
  struct fx *f = *state;
  json_t *in = J("{\"code\":\"big\",\"name\":\"Big\",\"unit\":\"u\",\"source\":\"s\"}");
  int64_t id = 0;
  assert_int_equal(sp_indicator_create(f->ctx, in, &id), SP_OK);
  json_decref(in);
  const double bad[] = {1e308, -1e308, 1.0e15 + 2, HUGE_VAL, -HUGE_VAL, NAN};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    assert_int_equal(sp_indicator_add_value(f->ctx, "big", bad[i], D("2010-04-01"), "x"), SP_EINVAL);
    assert_string_equal(sp_ctx_errfield(f->ctx), "value");
    assert_non_null(strstr(sp_ctx_errmsg(f->ctx), "1e15"));
  }
  assert_int_equal(fx_count(f, "SELECT count(*) FROM indicator_values"), 0);
  assert_int_equal(sp_indicator_add_value(f->ctx, "big", 1e15, D("2010-04-01"), "x"), SP_OK);
  /* the same rule for targets and values in a new indicator's JSON */
  in = J("{\"code\":\"big2\",\"name\":\"B\",\"unit\":\"u\",\"source\":\"s\",\"targets\":[{\"value\":1e308,"
         "\"due_date\":\"2010-01-01\",\"kind\":\"target\",\"source\":\"s\"}]}");
  assert_int_equal(sp_indicator_create(f->ctx, in, &id), SP_EINVAL);
  assert_non_null(strstr(sp_ctx_errfield(f->ctx), "value"));
  json_decref(in);
  assert_int_equal(fx_count(f, "SELECT count(*) FROM indicators WHERE code='big2'"), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_met_early),
      cmocka_unit_test(test_on_track_and_trend_date),
      cmocka_unit_test(test_at_risk_and_missed),
      cmocka_unit_test_setup_teardown(test_store, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_two_sources_one_date, fx_setup, fx_teardown),
      cmocka_unit_test_setup_teardown(test_values_bounded, fx_setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
