/*
 * test_evidence_ees.c: explore-education-statistics files as DfE publishes
 * them (tests/data/evidence/ees/): the data-catalogue shape (byte-order
 * mark, CRLF, lad_code, every suppression symbol), the permalink shape
 * (location_code, localAuthorityDistrict, sector subject areas by name),
 * LSIP-level rows, the errors (unknown level, unknown code, no area column,
 * a bad figure) named file:line:field; districts placed through two
 * reorganisations into the areas of a date; Dorset counted once and Norfolk
 * with Suffolk in one area; and the real EES download in
 * /work/shared/reference/ees (vendored under tests/data/evidence/ees/real/)
 * whose area totals equal the sums of the districts worked out by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include <cmocka.h>

#include "ev_fixture.h"

#define setup evfx_setup
#define teardown evfx_teardown

static int32_t ymd(int y, int m, int d) { return sp_date_from_ymd(y, m, d); }

/* The summary of an area on a date. */
static json_t *ees(struct evfx *f, const char *area, int32_t day) {
  json_t *out = NULL;
  enum sp_rc rc = sp_evidence_ees(f->ctx, f->data, area, day, &out);
  if (rc != SP_OK)
    fprintf(stderr, "ees: %s\n", sp_ctx_errmsg(f->ctx));
  assert_int_equal(rc, SP_OK);
  return out;
}

/* The row of (period, indicator) whose filter `fname` is `fval` (NULL: any). */
static json_t *row_of(json_t *res, const char *area, const char *period, const char *ind,
                      const char *fname, const char *fval) {
  size_t i;
  json_t *r;
  json_array_foreach(json_object_get(res, "rows"), i, r) {
    if (strcmp(json_string_value(json_object_get(r, "area_code")), area) != 0 ||
        strcmp(json_string_value(json_object_get(r, "period")), period) != 0 ||
        strcmp(json_string_value(json_object_get(r, "indicator")), ind) != 0)
      continue;
    const char *v = fname ? json_string_value(json_object_get(json_object_get(r, "filters"),
                                                              fname))
                          : NULL;
    if (!fname || (v && strcmp(v, fval) == 0))
      return r;
  }
  return NULL;
}

static long long count_sql(struct evfx *f, const char *sql) {
  struct sp_stmt *s = NULL;
  int row = 0;
  long long n = -1;
  assert_int_equal(sp_store_prepare(f->store, f->ctx, sql, &s), SP_OK);
  assert_int_equal(sp_stmt_step(s, f->ctx, &row), SP_OK);
  if (row)
    n = sp_stmt_int(s, 0);
  sp_stmt_free(s);
  return n;
}

static void test_catalogue_every_symbol(void **state) {
  struct evfx *f = *state;
  json_t *r = NULL;
  assert_int_equal(evfx_import(f, SP_EV_EES, "ees/catalogue.csv", 0, NULL, &r), SP_OK);
  assert_int_equal(ji(r, "rows_read"), 10);
  assert_int_equal(ji(r, "rows_unplaced"), 2); /* the national and regional totals */
  json_decref(r);
  /* Every symbol is kept as published, never as a 0. */
  static const char *const syms[] = {"c", "low", "x", "z", "u", "~", ":", "!", "*", "-"};
  for (size_t i = 0; i < sizeof(syms) / sizeof(*syms); i++) {
    char sql[160];
    snprintf(sql, sizeof(sql),
             "SELECT COUNT(*) FROM ev_ees_cells WHERE symbol = '%s' AND value IS NULL", syms[i]);
    assert_int_equal(count_sql(f, sql), 1);
  }
  assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM ev_ees_cells WHERE value = 0"), 0);
  /* Indicators and filters from the header: starts and achievements; the
   * provision_type and age_summary filters, Total kept apart. */
  assert_int_equal(count_sql(f, "SELECT COUNT(DISTINCT indicator) FROM ev_ees_cells"), 2);
  assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM ev_ees_cells WHERE total = 1"), 4);
  json_t *s = ees(f, "E69000003", ymd(2026, 1, 1));
  json_t *tot = row_of(s, "E69000003", "202324", "starts", "provision_type", "Total");
  json_t *app = row_of(s, "E69000003", "202324", "starts", "provision_type", "Apprenticeships");
  assert_non_null(tot);
  assert_non_null(app);
  assert_true(json_is_true(json_object_get(tot, "total")));
  assert_false(json_is_true(json_object_get(app, "total")));
  assert_int_equal(ji(tot, "value"), 500 + 400);
  assert_int_equal(ji(tot, "districts"), 2);
  assert_int_equal(ji(app, "value"), 100); /* x z ~ ! - are not numbers: left out */
  assert_int_equal(ji(app, "districts"), 6);
  assert_int_equal(ji(app, "suppressed"), 5);
  json_t *ach = row_of(s, "E69000003", "202324", "achievements", "provision_type",
                       "Apprenticeships");
  assert_int_equal(ji(ach, "value"), 20 + 7);
  assert_int_equal(ji(ach, "suppressed"), 4); /* c u : * */
  assert_int_equal(json_array_size(json_object_get(ach, "symbols")), 4);
  json_decref(s);
}

static void test_permalink_ssa_by_name(void **state) {
  struct evfx *f = *state;
  json_t *r = NULL;
  assert_int_equal(evfx_import(f, SP_EV_EES, "ees/permalink.csv", 0, NULL, &r), SP_OK);
  assert_int_equal(ji(r, "rows_read"), 9);
  assert_int_equal(ji(r, "rows_unplaced"), 3); /* country, region, "z" */
  json_decref(r);
  /* Sector subject areas by name: LARS tier 1 codes. */
  assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM ev_ees_cells WHERE ssa_code = '9.00'"),
                   2);
  assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM ev_ees_cells WHERE ssa_code = '15.00'"),
                   2);
  json_t *s = ees(f, "E69000003", ymd(2026, 1, 1));
  json_t *arts = row_of(s, "E69000003", "202122", "e_and_t_aims_ach", "ssa_t1_desc",
                        "Arts, Media and Publishing");
  assert_int_equal(ji(arts, "value"), 12);
  assert_int_equal(ji(arts, "suppressed"), 1);
  assert_string_equal(json_string_value(json_object_get(arts, "ssa_code")), "9.00");
  json_t *tot = row_of(s, "E69000003", "202122", "e_and_t_aims_ach", "ssa_t1_desc", "Total");
  assert_int_equal(ji(tot, "value"), 150);
  assert_true(json_is_true(json_object_get(tot, "total")));
  json_decref(s);
}

static void test_lsip_rows(void **state) {
  struct evfx *f = *state;
  assert_int_equal(evfx_import(f, SP_EV_EES, "ees/lsip_only.csv", 0, NULL, NULL), SP_OK);
  json_t *s = ees(f, NULL, ymd(2024, 1, 1));
  json_t *c = row_of(s, "E69000003", "202324", "learners", "level", "Total");
  assert_int_equal(ji(c, "value"), 300);
  json_t *l3 = row_of(s, "E69000003", "202324", "learners", "level", "Level 3");
  assert_int_equal(ji(l3, "suppressed"), 1);
  assert_non_null(row_of(s, "E69000015", "202324", "learners", NULL, NULL));
  json_decref(s);
  /* Heart of the South-West ended on 2025-09-29: its LSIP rows are unplaced after. */
  s = ees(f, NULL, ymd(2026, 1, 1));
  assert_null(row_of(s, "E69000015", "202324", "learners", NULL, NULL));
  assert_string_equal(json_string_value(json_object_get(
                          json_array_get(json_object_get(s, "unplaced"), 0), "code")),
                      "E69000015");
  json_decref(s);
}

/* Bad input: file:line:field and the rule, nothing imported. */
static void refused(struct evfx *f, const char *file, const char *want) {
  json_t *r = NULL;
  assert_int_equal(evfx_import(f, SP_EV_EES, file, 0, NULL, &r), SP_EINVAL);
  const char *msg = sp_ctx_errmsg(f->ctx);
  if (!strstr(msg, want))
    fprintf(stderr, "got: %s\n", msg);
  assert_non_null(strstr(msg, want));
  json_decref(r);
  assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM ev_imports"), 0);
  assert_int_equal(count_sql(f, "SELECT COUNT(*) FROM ev_ees_cells"), 0);
}

static void test_errors(void **state) {
  struct evfx *f = *state;
  refused(f, "ees/bad_level.csv", "bad_level.csv:3:geographic_level");
  refused(f, "ees/bad_code.csv", "bad_code.csv:3:location_code: district E07000999 is in no ONS");
  refused(f, "ees/no_area.csv", "no_area.csv:1:");
  assert_non_null(strstr(sp_ctx_errmsg(f->ctx), "no area column"));
  refused(f, "ees/bad_number.csv", "bad_number.csv:3:learners: must be a number or a suppression");
  refused(f, "empty.csv", "empty");
}

/* Placement through two reorganisations: Taunton Deane (E07000190, to
 * 2019) -> Somerset West and Taunton (E07000246, 2019-2023) -> Somerset
 * (E06000066), which lay in Heart of the South-West until the 2025-09-29
 * redraw and in Somerset after. */
static void test_place_two_reorganisations(void **state) {
  struct evfx *f = *state;
  char a[16];
  assert_int_equal(sp_evidence_place(f->ctx, f->data, "E07000190", ymd(2026, 1, 1), a), SP_OK);
  assert_string_equal(a, "E69000046");
  assert_int_equal(sp_evidence_place(f->ctx, f->data, "E07000190", ymd(2024, 6, 1), a), SP_OK);
  assert_string_equal(a, "E69000015");
  assert_int_equal(sp_evidence_place(f->ctx, f->data, "E07000246", ymd(2026, 1, 1), a), SP_OK);
  assert_string_equal(a, "E69000046");
  /* Allerdale (to 2023) in Cumbria; Aylesbury Vale (to 2020) in Buckinghamshire;
   * Corby (to 2021) in South-East Midlands; Craven (to 2023) in York and North Yorkshire. */
  assert_int_equal(sp_evidence_place(f->ctx, f->data, "E07000026", ymd(2022, 6, 1), a), SP_OK);
  assert_string_equal(a, "E69000006");
  assert_int_equal(sp_evidence_place(f->ctx, f->data, "E07000004", ymd(2026, 1, 1), a), SP_OK);
  assert_string_equal(a, "E69000002");
  assert_int_equal(sp_evidence_place(f->ctx, f->data, "E07000150", ymd(2026, 1, 1), a), SP_OK);
  assert_string_equal(a, "E69000027");
  assert_int_equal(sp_evidence_place(f->ctx, f->data, "E07000163", ymd(2026, 1, 1), a), SP_OK);
  assert_string_equal(a, "E69000038");
  /* Barnsley's 2023 code in South Yorkshire after its 2024 recoding. */
  assert_int_equal(sp_evidence_place(f->ctx, f->data, "E08000016", ymd(2026, 1, 1), a), SP_OK);
  assert_string_equal(a, "E69000028");
  assert_int_equal(sp_evidence_place(f->ctx, f->data, "E07000999", ymd(2026, 1, 1), a),
                   SP_ENOTFOUND);
}

static void test_dorset_once_norfolk_suffolk_together(void **state) {
  struct evfx *f = *state;
  assert_int_equal(evfx_import(f, SP_EV_EES, "ees/dorset.csv", 0, NULL, NULL), SP_OK);
  json_t *s = ees(f, NULL, ymd(2024, 1, 1));
  /* Dorset 2018/19: the eight old districts, each once (one suppressed). */
  json_t *d = row_of(s, "E69000008", "201819", "learners", NULL, NULL);
  assert_int_equal(ji(d, "value"), 100 + 80 + 20 + 30 + 25 + 10 + 35);
  assert_int_equal(ji(d, "districts"), 8);
  assert_int_equal(ji(d, "suppressed"), 1);
  /* 2021/22: the two new unitary authorities. */
  json_t *d2 = row_of(s, "E69000008", "202122", "learners", NULL, NULL);
  assert_int_equal(ji(d2, "value"), 210 + 120);
  assert_int_equal(ji(d2, "districts"), 2);
  /* Dorset appears once per period: no second area holds its land. */
  size_t i, n = 0;
  json_t *r;
  json_array_foreach(json_object_get(s, "rows"), i, r) {
    if (strcmp(json_string_value(json_object_get(r, "period")), "201819") == 0 &&
        strcmp(json_string_value(json_object_get(r, "area_code")), "E69000008") == 0)
      n++;
  }
  assert_int_equal(n, 1);
  /* Norfolk and Suffolk: the old Suffolk districts and Norwich in New Anglia, one area. */
  json_t *na = row_of(s, "E69000022", "201819", "learners", NULL, NULL);
  assert_int_equal(ji(na, "value"), 40 + 30 + 15 + 25 + 60);
  assert_int_equal(ji(na, "districts"), 5);
  assert_string_equal(json_string_value(json_object_get(na, "area_name")), "New Anglia");
  json_decref(s);
  s = ees(f, "E69000022", ymd(2026, 1, 1));
  na = row_of(s, "E69000022", "201819", "learners", NULL, NULL);
  assert_int_equal(ji(na, "value"), 170);
  assert_string_equal(json_string_value(json_object_get(na, "area_name")), "Norfolk and Suffolk");
  json_decref(s);
  /* Taunton Deane and Mendip, 2017/18: Somerset as it stands in 2026. */
  s = ees(f, "E69000046", ymd(2026, 1, 1));
  assert_int_equal(ji(row_of(s, "E69000046", "201718", "learners", NULL, NULL), "value"), 18);
  json_decref(s);
}

/* The real download, unedited: Cumbria's and Somerset's totals are the sums
 * of their districts' rows, read off the file by hand:
 *   Total: Allerdale 170, Barrow-in-Furness 300, Carlisle 150, Copeland 140,
 *          Eden 50, South Lakeland 140 -> 950
 *   Arts, Media and Publishing: Allerdale 10, the five others ~ -> 10, 5 suppressed
 *   Somerset 2026, Total: Mendip 140, Sedgemoor 440, Somerset West and
 *          Taunton 400, South Somerset 280 -> 1260 */
static void test_real_file(void **state) {
  struct evfx *f = *state;
  json_t *r = NULL;
  assert_int_equal(evfx_import(f, SP_EV_EES, "ees/real/ees_achievements_ssa_tier1_lad_202122.csv",
                               0, NULL, &r),
                   SP_OK);
  assert_int_equal(ji(r, "rows_read"), 5457);
  assert_int_equal(ji(r, "rows_rejected"), 0);
  assert_int_equal(ji(r, "rows_unplaced"), 170 + 17 + 17); /* regions, England, "z" */
  json_decref(r);
  json_t *s = ees(f, "E69000006", ymd(2022, 6, 1));
  json_t *t = row_of(s, "E69000006", "202122", "e_and_t_aims_ach", "ssa_t1_desc", "Total");
  assert_int_equal(ji(t, "value"), 170 + 300 + 150 + 140 + 50 + 140);
  assert_int_equal(ji(t, "districts"), 6);
  assert_int_equal(ji(t, "suppressed"), 0);
  json_t *arts = row_of(s, "E69000006", "202122", "e_and_t_aims_ach", "ssa_t1_desc",
                        "Arts, Media and Publishing");
  assert_int_equal(ji(arts, "value"), 10);
  assert_int_equal(ji(arts, "suppressed"), 5);
  assert_string_equal(json_string_value(json_array_get(json_object_get(arts, "symbols"), 0)),
                      "~");
  json_decref(s);
  s = ees(f, "E69000046", ymd(2026, 1, 1));
  t = row_of(s, "E69000046", "202122", "e_and_t_aims_ach", "ssa_t1_desc", "Total");
  assert_int_equal(ji(t, "value"), 140 + 440 + 400 + 280);
  assert_int_equal(ji(t, "districts"), 4);
  json_decref(s);
  /* Every district of the file is placed on both dates. */
  s = ees(f, NULL, ymd(2022, 6, 1));
  assert_int_equal(json_array_size(json_object_get(s, "unplaced")), 0);
  json_decref(s);
  s = ees(f, NULL, ymd(2026, 1, 1));
  assert_int_equal(json_array_size(json_object_get(s, "unplaced")), 0);
  json_decref(s);
}

/* Provision given by a district code of 2018 is placed through its
 * successors in today's area (the context's today is 2026-01-01). */
static void test_provision_old_district(void **state) {
  struct evfx *f = *state;
  char path[] = "/tmp/ev_old_ladXXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *fp = fdopen(fd, "w");
  fputs("ukprn,lad_code,postcode,learn_aim_ref,standard_code,ssa_tier2,level,funding_stream,"
        "academic_year,age_band,starts,achievements\n"
        "10000001,E07000190,,,,4.10,3,16-19,2018/19,16-18,7,5\n"
        "10000001,E07000246,,,,4.10,3,16-19,2018/19,16-18,3,1\n",
        fp);
  fclose(fp);
  json_t *r = NULL;
  assert_int_equal(evfx_import(f, SP_EV_PROVISION, path, 0, NULL, &r), SP_OK);
  assert_int_equal(ji(r, "rows_unplaced"), 0);
  json_decref(r);
  unlink(path);
  json_t *g = NULL;
  assert_int_equal(sp_evidence_gaps(f->ctx, "E69000046", NULL, &g), SP_OK);
  long long starts = 0;
  size_t i;
  json_t *row;
  json_array_foreach(json_object_get(g, "rows"), i, row) starts += ji(row, "starts");
  assert_int_equal(starts, 7 + 3);
  json_decref(g);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_catalogue_every_symbol, setup, teardown),
      cmocka_unit_test_setup_teardown(test_permalink_ssa_by_name, setup, teardown),
      cmocka_unit_test_setup_teardown(test_lsip_rows, setup, teardown),
      cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
      cmocka_unit_test_setup_teardown(test_place_two_reorganisations, setup, teardown),
      cmocka_unit_test_setup_teardown(test_dorset_once_norfolk_suffolk_together, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_real_file, setup, teardown),
      cmocka_unit_test_setup_teardown(test_provision_old_district, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
