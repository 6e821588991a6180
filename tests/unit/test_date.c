/*
 * test_date.c: civil dates: strict ISO parsing (2023-02-30 refused), leap
 * years, formatting, month arithmetic that clamps to the month's end (the
 * statutory clock's "nine months after"), LARS's "01 Aug 2014" form, and
 * weekdays.
 */
#include "testutil.h"

#include "base/date.h"

static int32_t d(const char *s) {
  int32_t v;
  if (sp_date_parse(s, &v) != SP_OK)
    fail_msg("'%s' did not parse", s);
  return v;
}

static const char *fmt(int32_t v) {
  static char buf[SP_DATE_BUFSZ];
  return sp_date_format(v, buf);
}

static void parse_accepts_real_dates(void **state) {
  (void)state;
  assert_int_equal(d("1970-01-01"), 0);
  assert_int_equal(d("1970-01-02"), 1);
  assert_int_equal(d("1969-12-31"), -1);
  assert_int_equal(d("2000-03-01") - d("2000-02-28"), 2); /* 2000 is a leap year */
  assert_string_equal(fmt(d("2025-09-29")), "2025-09-29");
  assert_string_equal(fmt(d("9999-12-31")), "9999-12-31");
  assert_string_equal(fmt(d("1000-01-01")), "1000-01-01");
}

static void parse_refuses_what_is_not_a_date(void **state) {
  (void)state;
  static const char *const bad[] = {
      "2023-02-30", "2023-02-29", "2100-02-29", "2023-04-31", "2023-13-01", "2023-00-10",
      "2023-01-00", "2023-1-01",  "2023-01-1",  "23-01-01",   "2023/01/01", "2023-01-01 ",
      " 2023-01-01", "2023-01-01T00:00", "20230101", "",        "abcd-ef-gh", "0999-12-31",
      "2023-+1-01", "2023--1-01"};
  for (size_t i = 0; i < SP_ARRAY_LEN(bad); i++) {
    int32_t v = 12345;
    if (sp_date_parse(bad[i], &v) != SP_EINVAL)
      fail_msg("'%s' should be refused", bad[i]);
    assert_int_equal(v, 12345); /* untouched on failure */
  }
  int32_t v;
  assert_int_equal(sp_date_parse(NULL, &v), SP_EINVAL);
}

static void leap_years(void **state) {
  (void)state;
  assert_true(sp_date_valid_ymd(2024, 2, 29));
  assert_true(sp_date_valid_ymd(2000, 2, 29));
  assert_false(sp_date_valid_ymd(1900, 2, 29));
  assert_false(sp_date_valid_ymd(2023, 2, 29));
  assert_int_equal(d("2025-01-01") - d("2024-01-01"), 366);
  assert_int_equal(d("2024-01-01") - d("2023-01-01"), 365);
}

static void round_trip_every_day_of_four_centuries(void **state) {
  (void)state;
  int32_t start = d("1900-01-01"), end = d("2300-01-01");
  for (int32_t x = start; x < end; x++) {
    int y, m, dd;
    sp_date_to_ymd(x, &y, &m, &dd);
    assert_true(sp_date_valid_ymd(y, m, dd));
    assert_int_equal(sp_date_from_ymd(y, m, dd), x);
  }
}

static void add_months_clamps_to_month_end(void **state) {
  (void)state;
  assert_string_equal(fmt(sp_date_add_months(d("2023-05-31"), 1)), "2023-06-30");
  assert_string_equal(fmt(sp_date_add_months(d("2024-02-29"), 12)), "2025-02-28");
  assert_string_equal(fmt(sp_date_add_months(d("2024-02-29"), 48)), "2028-02-29");
  assert_string_equal(fmt(sp_date_add_months(d("2023-01-31"), 1)), "2023-02-28");
  assert_string_equal(fmt(sp_date_add_months(d("2024-01-31"), 1)), "2024-02-29");
  /* Nine months after designation: the plan-ready date of the clock. */
  assert_string_equal(fmt(sp_date_add_months(d("2022-09-15"), 9)), "2023-06-15");
  assert_string_equal(fmt(sp_date_add_months(d("2023-05-31"), 9)), "2024-02-29");
  assert_string_equal(fmt(sp_date_add_months(d("2022-11-30"), 9)), "2023-08-30");
  /* Backwards and across year ends. */
  assert_string_equal(fmt(sp_date_add_months(d("2023-03-31"), -1)), "2023-02-28");
  assert_string_equal(fmt(sp_date_add_months(d("2023-01-15"), -13)), "2021-12-15");
  assert_string_equal(fmt(sp_date_add_months(d("2023-12-15"), 1)), "2024-01-15");
  assert_string_equal(fmt(sp_date_add_months(d("2023-06-30"), 0)), "2023-06-30");
}

static void lars_dates(void **state) {
  (void)state;
  int32_t v;
  assert_int_equal(sp_date_parse_dmy_text("01 Aug 2014", &v), SP_OK);
  assert_string_equal(fmt(v), "2014-08-01");
  assert_int_equal(sp_date_parse_dmy_text("31 Dec 2600", &v), SP_OK);
  assert_string_equal(fmt(v), "2600-12-31");
  assert_int_equal(sp_date_parse_dmy_text("30 Feb 2014", &v), SP_EINVAL);
  assert_int_equal(sp_date_parse_dmy_text("01 Foo 2014", &v), SP_EINVAL);
  assert_int_equal(sp_date_parse_dmy_text("1 Aug 2014", &v), SP_EINVAL);
  assert_int_equal(sp_date_parse_dmy_text("", &v), SP_EINVAL);
}

static void none_formats_empty_and_weekdays(void **state) {
  (void)state;
  char buf[SP_DATE_BUFSZ];
  assert_string_equal(sp_date_format(SP_DATE_NONE, buf), "");
  assert_int_equal(sp_date_weekday(d("1970-01-01")), 3); /* Thursday */
  assert_int_equal(sp_date_weekday(d("2025-09-29")), 0); /* Monday */
  assert_int_equal(sp_date_weekday(d("1969-12-28")), 6); /* Sunday, before the epoch */
  int32_t today = sp_date_today();
  assert_true(today > d("2024-01-01") && today < d("2100-01-01"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(parse_accepts_real_dates),
      cmocka_unit_test(parse_refuses_what_is_not_a_date),
      cmocka_unit_test(leap_years),
      cmocka_unit_test(round_trip_every_day_of_four_centuries),
      cmocka_unit_test(add_months_clamps_to_month_end),
      cmocka_unit_test(lars_dates),
      cmocka_unit_test(none_formats_empty_and_weekdays),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
