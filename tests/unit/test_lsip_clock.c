/*
 * test_lsip_clock.c: the statutory clock: each rule's due dates (month
 * ends and leap years: designation on 2023-05-31 and on 2024-02-29), the
 * statuses upcoming / due / overdue / met, windows of repeating rules, the
 * rules table's sources, the store-backed deadlines and board, and the
 * iCalendar output (RFC 5545).
 */
#include "lsip_fixture.h"

#include "base/buf.h"
#include "core/lsip/clock.h"

static struct sp_clock_history empty(void) {
  struct sp_clock_history h = {0};
  h.designated = h.designation_end = h.delivery_plan = h.first_published = SP_DATE_NONE;
  h.plan_submitted = h.published = h.replaced = h.plan_ended = SP_DATE_NONE;
  return h;
}

/* The first item of rule `rule` with occurrence n (1-based), or NULL. */
static json_t *item(json_t *items, const char *rule, int n) {
  size_t i;
  json_t *it;
  json_array_foreach(items, i, it) {
    if (!strcmp(json_string_value(json_object_get(it, "rule")), rule) &&
        json_integer_value(json_object_get(it, "occurrence")) == n)
      return it;
  }
  return NULL;
}

static const char *due(json_t *items, const char *rule, int n) {
  json_t *it = item(items, rule, n);
  return it ? json_string_value(json_object_get(it, "due_date")) : "(none)";
}

static const char *status(json_t *items, const char *rule, int n) {
  json_t *it = item(items, rule, n);
  return it ? json_string_value(json_object_get(it, "status")) : "(none)";
}

static json_t *run(const struct sp_clock_history *h, const char *as_of) {
  json_t *out = json_array();
  assert_int_equal(sp_clock_items(h, D(as_of), out), SP_OK);
  return out;
}

static void rules_cite_their_sections(void **state) {
  (void)state;
  size_t n = 0;
  const struct sp_clock_rule *r = sp_clock_rules(&n);
  assert_int_equal(n, 6);
  for (size_t i = 0; i < n; i++) {
    assert_non_null(strstr(r[i].source, "section"));
    assert_non_null(r[i].code);
  }
}

static void month_end_designation_2023_05_31(void **state) {
  (void)state;
  struct sp_clock_history h = empty();
  h.designated = D("2023-05-31");
  json_t *it = run(&h, "2023-06-10");
  assert_string_equal(due(it, "delivery_plan", 1), "2023-06-28");
  assert_string_equal(status(it, "delivery_plan", 1), "upcoming"); /* 18 days away */
  assert_string_equal(due(it, "plan_ready", 1), "2024-02-29");    /* 9 months, leap year */
  assert_string_equal(due(it, "progress_report", 1), "2023-07-12");
  assert_null(item(it, "progress_report", 2)); /* only the next one to come */
  assert_string_equal(due(it, "accountability_priorities", 1), "2024-03-31");
  assert_null(item(it, "annual_review", 1)); /* not published */
  json_decref(it);
  it = run(&h, "2023-06-14"); /* 14 days before: due */
  assert_string_equal(status(it, "delivery_plan", 1), "due");
  json_decref(it);
  it = run(&h, "2023-06-13"); /* 15 days before: upcoming */
  assert_string_equal(status(it, "delivery_plan", 1), "upcoming");
  json_decref(it);
  it = run(&h, "2023-06-28"); /* on the day: due */
  assert_string_equal(status(it, "delivery_plan", 1), "due");
  json_decref(it);
  it = run(&h, "2023-06-29");
  assert_string_equal(status(it, "delivery_plan", 1), "overdue");
  json_decref(it);
  /* filed late: met, marked late */
  h.delivery_plan = D("2023-07-01");
  it = run(&h, "2023-07-02");
  assert_string_equal(status(it, "delivery_plan", 1), "met");
  assert_true(json_is_true(json_object_get(item(it, "delivery_plan", 1), "late")));
  assert_string_equal(json_string_value(json_object_get(item(it, "delivery_plan", 1), "met_on")),
                      "2023-07-01");
  json_decref(it);
  h.delivery_plan = D("2023-06-28");
  it = run(&h, "2023-07-02");
  assert_false(json_is_true(json_object_get(item(it, "delivery_plan", 1), "late")));
  json_decref(it);
}

static void leap_day_designation_2024_02_29(void **state) {
  (void)state;
  struct sp_clock_history h = empty();
  h.designated = D("2024-02-29");
  json_t *it = run(&h, "2024-03-01");
  assert_string_equal(due(it, "delivery_plan", 1), "2024-03-28");
  assert_string_equal(due(it, "progress_report", 1), "2024-04-11");
  assert_string_equal(due(it, "plan_ready", 1), "2024-11-29");
  assert_string_equal(due(it, "accountability_priorities", 1), "2024-03-31");
  json_decref(it);
  /* published on a leap day: reviews clamp to 28 February, and back to the 29th in 2028 */
  h.first_published = h.published = D("2024-02-29");
  h.plan_submitted = D("2024-01-15");
  it = run(&h, "2028-03-01");
  assert_string_equal(due(it, "annual_review", 1), "2025-02-28");
  assert_string_equal(due(it, "annual_review", 2), "2026-02-28");
  assert_string_equal(due(it, "annual_review", 3), "2027-02-28");
  assert_string_equal(due(it, "annual_review", 4), "2028-02-29");
  assert_string_equal(status(it, "annual_review", 4), "overdue");
  assert_string_equal(due(it, "replacement", 1), "2027-02-28");
  assert_string_equal(status(it, "replacement", 1), "overdue");
  assert_string_equal(status(it, "plan_ready", 1), "met");
  /* progress reports stopped when the plan was published */
  assert_null(item(it, "progress_report", 2));
  json_decref(it);
}

static void progress_report_windows(void **state) {
  (void)state;
  struct sp_clock_history h = empty();
  h.designated = D("2023-05-31");
  int32_t reports[] = {D("2023-07-10"), D("2023-09-01")};
  h.reports = reports;
  h.n_reports = 2;
  json_t *it = run(&h, "2023-09-02");
  assert_string_equal(status(it, "progress_report", 1), "met");     /* due 07-12 */
  assert_string_equal(due(it, "progress_report", 2), "2023-08-23");
  assert_string_equal(status(it, "progress_report", 2), "overdue"); /* missed */
  assert_string_equal(due(it, "progress_report", 3), "2023-10-04");
  assert_string_equal(status(it, "progress_report", 3), "met");     /* filed early in its window */
  assert_string_equal(due(it, "progress_report", 4), "2023-11-15");
  assert_string_equal(status(it, "progress_report", 4), "upcoming");
  assert_null(item(it, "progress_report", 5));
  json_decref(it);
  /* the designation ended: no occurrence after it */
  h.designation_end = D("2023-09-10");
  it = run(&h, "2024-01-01");
  assert_null(item(it, "progress_report", 4));
  assert_null(item(it, "plan_ready", 1));
  json_decref(it);
}

static void reviews_replacement_and_priorities(void **state) {
  (void)state;
  struct sp_clock_history h = empty();
  h.designated = D("2022-08-01");
  h.delivery_plan = D("2022-08-20");
  h.plan_submitted = D("2023-04-01");
  h.first_published = h.published = D("2023-06-15");
  /* after 31 March 2023 (that year missed); then work for 2025 only */
  int32_t prios[] = {D("2023-04-10"), D("2024-11-01")};
  h.priorities = prios;
  h.n_priorities = 2;
  int32_t reviews[] = {D("2024-05-01")};
  h.reviews = reviews;
  h.n_reviews = 1;
  json_t *it = run(&h, "2025-06-01");
  assert_string_equal(due(it, "accountability_priorities", 1), "2023-03-31");
  assert_string_equal(status(it, "accountability_priorities", 1), "overdue");
  assert_string_equal(status(it, "accountability_priorities", 2), "met");
  assert_string_equal(status(it, "accountability_priorities", 3), "met");
  assert_string_equal(due(it, "accountability_priorities", 4), "2026-03-31");
  /* nothing done yet for 2026's agreements */
  assert_string_equal(status(it, "accountability_priorities", 4), "upcoming");
  assert_string_equal(status(it, "annual_review", 1), "met");     /* 2024-06-15 */
  assert_string_equal(status(it, "annual_review", 2), "due");     /* 2025-06-15, 14 days */
  assert_string_equal(due(it, "replacement", 1), "2026-06-15");
  assert_string_equal(status(it, "replacement", 1), "upcoming");
  assert_string_equal(status(it, "plan_ready", 1), "met");
  /* only the next 31 March to come is listed */
  assert_null(item(it, "accountability_priorities", 5));
  assert_true(json_array_size(it) < 20);
  json_decref(it);
  /* replaced: no more reviews after it; the replacement is met */
  h.replaced = D("2026-06-01");
  it = run(&h, "2027-01-01");
  assert_string_equal(status(it, "replacement", 1), "met");
  assert_null(item(it, "annual_review", 3));
  json_decref(it);
}

/* Issue 13, finding 4: each occurrence is met only by its own year's or
 * period's work. One piece of priority work on 2023-01-10 meets the 31 March
 * of 2023 and no later one; consecutive 31 Marches each need their own. */
static void each_31_march_needs_its_own_work(void **state) {
  (void)state;
  struct sp_clock_history h = empty();
  h.designated = D("2022-08-01");
  int32_t once[] = {D("2023-01-10")};
  h.priorities = once;
  h.n_priorities = 1;
  json_t *it = run(&h, "2026-04-01");
  assert_string_equal(due(it, "accountability_priorities", 1), "2023-03-31");
  assert_string_equal(status(it, "accountability_priorities", 1), "met");
  assert_string_equal(due(it, "accountability_priorities", 2), "2024-03-31");
  assert_string_equal(status(it, "accountability_priorities", 2), "overdue");
  assert_string_equal(status(it, "accountability_priorities", 3), "overdue"); /* 2025 */
  assert_string_equal(status(it, "accountability_priorities", 4), "overdue"); /* 2026 */
  json_decref(it);
  /* either side of one 31 March: the work of 31 March itself counts for that
   * year; the work of 1 April counts for the next */
  int32_t edges[] = {D("2024-03-31"), D("2025-04-01")};
  h.priorities = edges;
  h.n_priorities = 2;
  it = run(&h, "2026-04-01");
  assert_string_equal(status(it, "accountability_priorities", 1), "overdue"); /* 2023 */
  assert_string_equal(status(it, "accountability_priorities", 2), "met");     /* 2024 */
  json_t *m = item(it, "accountability_priorities", 2);
  assert_string_equal(json_string_value(json_object_get(m, "met_on")), "2024-03-31");
  assert_string_equal(status(it, "accountability_priorities", 3), "overdue"); /* 2025 */
  assert_string_equal(status(it, "accountability_priorities", 4), "met");     /* 2026 */
  json_decref(it);
  /* as of a day before the work was done, it has not met anything */
  it = run(&h, "2024-03-30");
  assert_string_equal(status(it, "accountability_priorities", 2), "due");
  json_decref(it);
}

/* A progress report meets the occurrence its period ends in, even when filed
 * late in the next window; that next occurrence needs its own report. */
static void each_period_needs_its_own_report(void **state) {
  (void)state;
  struct sp_clock_history h = empty();
  h.designated = D("2023-05-31"); /* due 07-12, 08-23, 10-04 */
  int32_t filed[] = {D("2023-07-30"), D("2023-10-01")};
  int32_t ends[] = {D("2023-07-12"), D("2023-10-01")};
  h.reports = filed;
  h.report_period_ends = ends;
  h.n_reports = 2;
  json_t *it = run(&h, "2023-10-02");
  json_t *first = item(it, "progress_report", 1);
  assert_string_equal(status(it, "progress_report", 1), "met"); /* late, but for its period */
  assert_true(json_is_true(json_object_get(first, "late")));
  assert_string_equal(json_string_value(json_object_get(first, "met_on")), "2023-07-30");
  assert_string_equal(status(it, "progress_report", 2), "overdue"); /* filed in its window, for another period */
  assert_string_equal(status(it, "progress_report", 3), "met");
  json_decref(it);
}

/* Each year's review: one review begun meets one year only. */
static void each_year_needs_its_own_review(void **state) {
  (void)state;
  struct sp_clock_history h = empty();
  h.designated = D("2022-08-01");
  h.first_published = h.published = D("2023-06-15");
  int32_t reviews[] = {D("2024-06-01")};
  h.reviews = reviews;
  h.n_reviews = 1;
  json_t *it = run(&h, "2025-07-01");
  assert_string_equal(status(it, "annual_review", 1), "met");     /* 2024-06-15 */
  assert_string_equal(status(it, "annual_review", 2), "overdue"); /* 2025-06-15 */
  json_decref(it);
}

/* Through the store: the 31 March items of consecutive years. */
static void consecutive_31_marches_through_the_store(void **state) {
  struct fx *f = *state;
  designate(f, AREA_BUCKS, ORG_ERB_A, "2022-09-01");
  as(f, U_ERB_A, "2023-01-10");
  int64_t plan = 0;
  assert_ok(sp_lsip_plan_create(f->ctx, AREA_BUCKS, "Bucks LSIP", &plan));
  json_t *prio = json_pack("{s:s, s:s, s:s, s:s, s:s}", "title", "Welding", "route_code", "ENG",
                           "outcome", "o", "skills_components", "s", "change_needed", "c");
  assert_ok(sp_lsip_priority_add(f->ctx, plan, prio, NULL));
  json_t *items = NULL;
  assert_ok(sp_lsip_deadlines(f->ctx, AREA_BUCKS, D("2025-04-01"), &items));
  assert_string_equal(due(items, "accountability_priorities", 1), "2023-03-31");
  assert_string_equal(status(items, "accountability_priorities", 1), "met");
  assert_string_equal(status(items, "accountability_priorities", 2), "overdue"); /* 2024 */
  assert_string_equal(status(items, "accountability_priorities", 3), "overdue"); /* 2025 */
  json_decref(items);
  /* a priority recorded in March 2024 is that year's work */
  as(f, U_ERB_A, "2024-03-20");
  json_object_set_new(prio, "title", json_string("Welding, 2024"));
  assert_ok(sp_lsip_priority_add(f->ctx, plan, prio, NULL));
  json_decref(prio);
  assert_ok(sp_lsip_deadlines(f->ctx, AREA_BUCKS, D("2025-04-01"), &items));
  assert_string_equal(status(items, "accountability_priorities", 2), "met");
  assert_string_equal(status(items, "accountability_priorities", 3), "overdue");
  json_decref(items);
}

static void status_ranks(void **state) {
  (void)state;
  assert_true(sp_clock_status_rank("overdue") > sp_clock_status_rank("due"));
  assert_true(sp_clock_status_rank("due") > sp_clock_status_rank("upcoming"));
  assert_true(sp_clock_status_rank("upcoming") > sp_clock_status_rank("met"));
  assert_int_equal(sp_clock_status_rank("bogus"), -1);
}

static void icalendar_output(void **state) {
  (void)state;
  json_t *items = json_pack(
      "[{s:s, s:s, s:s, s:s, s:s, s:s, s:s}, {s:s, s:s, s:s, s:s, s:s, s:s, s:s}]", "rule",
      "delivery_plan", "title", "Delivery plan to the department", "source", "section 4.2.1",
      "due_date", "2023-06-28", "status", "overdue", "area_code", "E69000002", "area_name",
      "Brighton and Hove, East Sussex; West Sussex \\ a very long name that will need folding "
      "because it goes past seventy-five octets — with UTF-8 éé",
      "rule", "plan_ready", "title", "Plan ready for approval", "source", "section 6.6",
      "due_date", "2024-12-31", "status", "upcoming", "area_code", "E69000002", "area_name", "B");
  struct sp_buf b;
  sp_buf_init(&b, 1 << 20);
  assert_int_equal(sp_clock_ics(items, "LSIP deadlines, Bucks", "20261123T000000Z", &b), SP_OK);
  const char *s = sp_buf_str(&b);
  assert_non_null(strstr(s, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
  assert_non_null(strstr(s, "X-WR-CALNAME:LSIP deadlines\\, Bucks\r\n"));
  assert_non_null(strstr(s, "DTSTART;VALUE=DATE:20230628\r\n"));
  assert_non_null(strstr(s, "DTEND;VALUE=DATE:20230629\r\n"));
  assert_non_null(strstr(s, "DTSTART;VALUE=DATE:20241231\r\nDTEND;VALUE=DATE:20250101\r\n"));
  assert_non_null(strstr(s, "UID:E69000002-delivery_plan-20230628@skillplan\r\n"));
  assert_non_null(strstr(s, "DTSTAMP:20261123T000000Z\r\n"));
  assert_true(strlen(s) > 17 && !strcmp(s + strlen(s) - 15, "END:VCALENDAR\r\n"));
  /* every line ends in CRLF and is at most 75 octets; no bare LF */
  size_t len = strlen(s), start = 0, folded = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '\n') {
      assert_true(i > 0 && s[i - 1] == '\r');
      assert_true(i - 1 - start <= 75);
      if (i + 1 < len && s[i + 1] == ' ')
        folded++;
      start = i + 1;
    }
  }
  assert_true(folded >= 1);
  /* unfolding gives back the escaped summary, UTF-8 intact */
  char *unf = calloc(len + 1, 1);
  size_t k = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '\r' && s[i + 1] == '\n' && s[i + 2] == ' ') {
      i += 2;
      continue;
    }
    unf[k++] = s[i];
  }
  assert_non_null(strstr(unf, "SUMMARY:Brighton and Hove\\, East Sussex\\; West Sussex \\\\ a very"));
  assert_non_null(strstr(unf, "UTF-8 éé: Delivery plan to the department (overdue)\r\n"));
  free(unf);
  sp_buf_free(&b);
  json_decref(items);
}

/* Through the store: deadlines of an area and DfE's board. */
static void deadlines_and_board(void **state) {
  struct fx *f = *state;
  designate(f, AREA_BUCKS, ORG_ERB_A, "2023-05-31");
  designate(f, AREA_GM, ORG_ERB_B, "2024-02-29");
  as(f, U_ERB_B, "2024-03-10");
  json_t *dp = json_pack("{s:s, s:I}", "engagement", "e", "estimated_funding_pence", (json_int_t)1);
  assert_ok(sp_lsip_delivery_plan_submit(f->ctx, AREA_GM, dp, NULL));
  json_decref(dp);
  json_t *items = NULL;
  assert_ok(sp_lsip_deadlines(f->ctx, AREA_GM, D("2024-03-20"), &items));
  assert_string_equal(status(items, "delivery_plan", 1), "met");
  assert_string_equal(due(items, "plan_ready", 1), "2024-11-29");
  assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "area_name")),
                      "Greater Manchester");
  json_decref(items);
  assert_ok(sp_lsip_deadlines(f->ctx, NULL, D("2024-03-20"), &items));
  assert_string_equal(status(items, "delivery_plan", 1), "overdue"); /* Bucks first by code */
  json_decref(items);
  assert_int_equal(sp_lsip_deadlines(f->ctx, "E69999999", D("2024-03-20"), &items), SP_ENOTFOUND);
  json_t *board = NULL;
  assert_ok(sp_lsip_board(f->ctx, D("2024-03-20"), "status", NULL, NULL, &board));
  assert_int_equal(json_array_size(board), 4); /* every area in operation */
  json_t *first = json_array_get(board, 0);
  assert_string_equal(json_string_value(json_object_get(first, "area_code")), AREA_BUCKS);
  assert_string_equal(json_string_value(json_object_get(first, "worst_status")), "overdue");
  assert_string_equal(json_string_value(json_object_get(first, "body_name")), "Bucks Chamber");
  json_decref(board);
  assert_ok(sp_lsip_board(f->ctx, D("2024-03-20"), NULL, "overdue", NULL, &board));
  assert_int_equal(json_array_size(board), 1);
  json_decref(board);
  designate(f, AREA_GONE, ORG_ERB_A, "2024-04-01");
  as(f, U_DFE, "2025-10-01");
  assert_ok(sp_lsip_board(f->ctx, D("2025-10-01"), "area", NULL, NULL, &board));
  assert_int_equal(json_array_size(board), 3); /* the terminated area is gone */
  json_decref(board);
  /* DfE's board ended the terminated area's designation on its termination date */
  assert_int_equal(count(f, "SELECT COUNT(*) FROM lsip_designations WHERE area_code = 'E69000030'"
                            " AND live = 0 AND removal_date = '2025-09-29'"),
                   1);
  assert_int_equal(sp_lsip_board(f->ctx, D("2024-03-20"), "colour", NULL, NULL, &board),
                   SP_EINVAL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(rules_cite_their_sections),
      cmocka_unit_test(month_end_designation_2023_05_31),
      cmocka_unit_test(leap_day_designation_2024_02_29),
      cmocka_unit_test(progress_report_windows),
      cmocka_unit_test(reviews_replacement_and_priorities),
      cmocka_unit_test(each_31_march_needs_its_own_work),
      cmocka_unit_test(each_period_needs_its_own_report),
      cmocka_unit_test(each_year_needs_its_own_review),
      cmocka_unit_test_setup_teardown(consecutive_31_marches_through_the_store, fx_setup,
                                      fx_teardown),
      cmocka_unit_test(status_ranks),
      cmocka_unit_test(icalendar_output),
      cmocka_unit_test_setup_teardown(deadlines_and_board, fx_setup, fx_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
