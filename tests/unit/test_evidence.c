/*
 * test_evidence.c: the evidence engine on small hand-made files whose sums
 * are known (tests/data/evidence/): imports of each CSV kind, the gap table
 * and its trend, the ranking of candidate priorities computed by hand,
 * convergence, provider alignment, refusing the same file twice, and the
 * EES suppression symbols.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ev_fixture.h"

#define setup evfx_setup
#define teardown evfx_teardown

static void load_all(struct evfx *f) {
  json_t *r = NULL;
  assert_int_equal(evfx_import(f, SP_EV_PROVISION, "provision.csv", 0, NULL, &r), SP_OK);
  assert_int_equal(ji(r, "rows_read"), 7);
  assert_int_equal(ji(r, "rows_imported"), 7);
  assert_int_equal(ji(r, "rows_unplaced"), 1); /* SSA 14.10 has no occupational route */
  json_decref(r);
  assert_int_equal(evfx_import(f, SP_EV_NEEDS, "needs.csv", 0, NULL, &r), SP_OK);
  assert_int_equal(ji(r, "rows_read"), 7);
  json_decref(r);
  assert_int_equal(evfx_import(f, SP_EV_VACANCIES, "vacancies.csv", 0, NULL, &r), SP_OK);
  assert_int_equal(ji(r, "rows_read"), 6);
  assert_int_equal(ji(r, "rows_unplaced"), 1); /* SOC 9223 cleaners: no route */
  json_decref(r);
}

static void test_gap_table_sums(void **state) {
  struct evfx *f = *state;
  load_all(f);
  json_t *g = NULL;
  assert_int_equal(sp_evidence_gaps(f->ctx, "E69000003", NULL, &g), SP_OK);
  json_t *r = evfx_row(g, "EM-EDD", "3", 2023);
  assert_non_null(r);
  assert_int_equal(ji(r, "needs"), 25);
  assert_int_equal(ji(r, "needs_small"), 15);
  assert_int_equal(ji(r, "vacancies"), 2);
  assert_int_equal(ji(r, "demand"), 27);
  assert_int_equal(ji(r, "starts"), 15);
  assert_int_equal(ji(r, "achievements"), 10);
  assert_int_equal(ji(r, "gap"), 17);
  assert_true(json_is_null(json_object_get(r, "trend")));
  r = evfx_row(g, "CS-CS", "2", 2022);
  assert_non_null(r);
  assert_int_equal(ji(r, "gap"), 1 - 18);
  r = evfx_row(g, "CS-CS", "2", 2023);
  assert_int_equal(ji(r, "demand"), 16);
  assert_int_equal(ji(r, "gap"), 11);
  assert_int_equal(ji(r, "trend"), 28);
  r = evfx_row(g, "DIG-DPDD", NULL, 2023); /* a vacancy with no level */
  assert_non_null(r);
  assert_int_equal(ji(r, "vacancies"), 1);
  assert_int_equal(ji(r, "gap"), 1);
  assert_null(evfx_row(g, "CBE-OC", "2", 2023)); /* that row is Buckinghamshire's */
  json_decref(g);
  struct sp_ev_filter flt = {.route = "CS", .year = 2023};
  assert_int_equal(sp_evidence_gaps(f->ctx, "E69000003", &flt, &g), SP_OK);
  assert_int_equal(json_array_size(json_object_get(g, "rows")), 1);
  json_decref(g);
  assert_int_equal(sp_evidence_gaps(f->ctx, "E69000002", NULL, &g), SP_OK);
  assert_int_equal(ji(evfx_row(g, "CBE-OC", "2", 2023), "starts"), 4);
  json_decref(g);
  assert_int_equal(sp_evidence_gaps(f->ctx, "E69999999", NULL, &g), SP_ENOTFOUND);
}

static void test_ranking_by_hand(void **state) {
  struct evfx *f = *state;
  load_all(f);
  json_t *p = NULL;
  assert_int_equal(sp_evidence_priorities(f->ctx, "E69000003", 0, 10, &p), SP_OK);
  assert_int_equal(ji(p, "year"), 2023);
  json_t *list = json_object_get(p, "priorities");
  assert_int_equal(json_array_size(list), 4);
  /* gap 17, gap 11, then two of gap 1 ordered by pathway code. */
  const char *want[4] = {"EM-EDD", "CS-CS", "DIG-DBS", "DIG-DPDD"};
  for (size_t i = 0; i < 4; i++) {
    json_t *c = json_array_get(list, i);
    assert_string_equal(json_string_value(json_object_get(c, "pathway_code")), want[i]);
    assert_int_equal(ji(c, "rank"), (long long)i + 1);
  }
  json_t *top = json_array_get(list, 0);
  assert_int_equal(ji(top, "gap"), 17);
  assert_int_equal(ji(top, "demand_small"), 15);
  assert_int_equal(ji(top, "hard_to_fill"), 14);
  assert_int_equal(ji(top, "sectors"), 3);
  assert_int_equal(ji(top, "neighbours_with_gap"), 1); /* Hertfordshire, same region */
  json_t *samples = json_object_get(json_object_get(top, "evidence"), "samples");
  assert_int_equal(json_array_size(samples), 2); /* the first two rows of the group */
  /* The quoted field with an embedded CRLF arrives whole, and says on which line it began. */
  json_t *s2 = json_array_get(samples, 1);
  assert_string_equal(json_string_value(json_object_get(s2, "skill")), "Welding\r\nand fabrication");
  assert_int_equal(ji(s2, "line"), 3);
  /* Line numbers count the quoted newline: Fen Care's row is on line 6. */
  json_t *cs = json_array_get(list, 1);
  json_t *s3 = json_array_get(json_object_get(json_object_get(cs, "evidence"), "samples"), 0);
  assert_string_equal(json_string_value(json_object_get(s3, "skill")),
                      "Care assistants with \"night shift\" experience");
  assert_int_equal(ji(s3, "line"), 6);
  json_decref(p);
  json_t *c = NULL;
  assert_int_equal(sp_evidence_convergence(f->ctx, "E69000003", 2023, &c), SP_OK);
  assert_int_equal(json_array_size(json_object_get(c, "within")), 1);
  assert_int_equal(json_array_size(json_object_get(c, "across")), 1);
  json_decref(c);
}

static void test_alignment(void **state) {
  struct evfx *f = *state;
  load_all(f);
  json_t *a = NULL;
  assert_int_equal(sp_evidence_alignment(f->ctx, "10000001", 2023, 1, &a), SP_OK);
  json_t *area = json_array_get(json_object_get(a, "areas"), 0);
  assert_string_equal(json_string_value(json_object_get(area, "area_code")), "E69000003");
  assert_int_equal(ji(area, "starts"), 23);
  assert_int_equal(ji(area, "starts_on_priorities"), 15);
  json_decref(a);
  assert_int_equal(sp_evidence_alignment(f->ctx, "10000002", 2023, 2, &a), SP_OK);
  area = json_array_get(json_object_get(a, "areas"), 0);
  assert_int_equal(ji(area, "starts"), 3);
  assert_int_equal(ji(area, "starts_on_priorities"), 0);
  json_decref(a);
  assert_int_equal(sp_evidence_alignment(f->ctx, "10009999", 2023, 2, &a), SP_ENOTFOUND);
}

static void test_same_file_twice(void **state) {
  struct evfx *f = *state;
  assert_int_equal(evfx_import(f, SP_EV_PROVISION, "provision.csv", 0, NULL, NULL), SP_OK);
  assert_int_equal(evfx_import(f, SP_EV_PROVISION, "provision.csv", 0, NULL, NULL),
                   SP_ECONFLICT);
  assert_non_null(strstr(sp_ctx_errmsg(f->ctx), "already imported"));
  json_t *g = NULL;
  assert_int_equal(sp_evidence_gaps(f->ctx, "E69000003", NULL, &g), SP_OK);
  assert_int_equal(ji(evfx_row(g, "EM-EDD", "3", 2023), "starts"), 15); /* counted once */
  json_decref(g);
  json_t *list = NULL;
  assert_int_equal(sp_evidence_imports(f->ctx, &list), SP_OK);
  assert_int_equal(json_array_size(list), 1);
  assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "who")),
                      "tester");
  json_decref(list);
}

static void test_postcodes(void **state) {
  struct evfx *f = *state;
  json_t *r = NULL;
  /* Before the lookup is imported the postcodes are unknown: nothing imported. */
  assert_int_equal(evfx_import(f, SP_EV_PROVISION, "provision_postcode.csv", 0, NULL, NULL),
                   SP_EINVAL);
  assert_non_null(strstr(sp_ctx_errmsg(f->ctx), "postcode lookup"));
  assert_int_equal(evfx_import(f, SP_EV_POSTCODES, "postcodes.csv", 0, NULL, &r), SP_OK);
  assert_int_equal(ji(r, "rows_imported"), 3);
  json_decref(r);
  assert_int_equal(evfx_import(f, SP_EV_PROVISION, "provision_postcode.csv", 0, NULL, NULL),
                   SP_OK);
  json_t *g = NULL;
  assert_int_equal(sp_evidence_gaps(f->ctx, "E69000003", NULL, &g), SP_OK);
  assert_int_equal(ji(evfx_row(g, "LFA-ACC", "3", 2023), "starts"), 10);
  json_decref(g);
}

static void test_ees_suppression(void **state) {
  struct evfx *f = *state;
  json_t *r = NULL;
  assert_int_equal(evfx_import(f, SP_EV_EES, "ees.csv", 0, NULL, &r), SP_OK);
  assert_int_equal(ji(r, "rows_read"), 8);
  /* The national row is a total: skipped. */
  assert_int_equal(ji(r, "rows_unplaced"), 1);
  json_decref(r);
  /* The file has district rows, so the area's figures are their sum (here
   * Cambridge's one row); its suppressed achievement is not a 0. */
  assert_int_equal(sp_evidence_ees(f->ctx, f->data, "E69000003", sp_date_from_ymd(2026, 1, 1),
                                   &r),
                   SP_OK);
  size_t i;
  json_t *row;
  int seen = 0;
  json_array_foreach(json_object_get(r, "rows"), i, row) {
    const char *ind = json_string_value(json_object_get(row, "indicator"));
    if (strcmp(ind, "starts") == 0) {
      assert_int_equal(ji(row, "value"), 640);
      seen |= 1;
    } else if (strcmp(ind, "learner_achievements") == 0) {
      assert_int_equal(ji(row, "value"), 0);
      assert_int_equal(ji(row, "suppressed"), 1);
      assert_string_equal(json_string_value(json_array_get(json_object_get(row, "symbols"), 0)),
                          "low");
      seen |= 2;
    }
  }
  assert_int_equal(seen, 3);
  json_decref(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_gap_table_sums, setup, teardown),
      cmocka_unit_test_setup_teardown(test_ranking_by_hand, setup, teardown),
      cmocka_unit_test_setup_teardown(test_alignment, setup, teardown),
      cmocka_unit_test_setup_teardown(test_same_file_twice, setup, teardown),
      cmocka_unit_test_setup_teardown(test_postcodes, setup, teardown),
      cmocka_unit_test_setup_teardown(test_ees_suppression, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
