/*
 * test_mayoral_cover.c: mayoral cover derived from the vendored data/ (issue
 * 13, finding 1; guidance section 3.5): every mayoralty on either side of its
 * first election, the areas the 2025-09-29 redraw touched on either side of
 * it, the guidance's own 2022 statement (lsip_areas.csv, footnote 15)
 * reproduced from districts and mayoralties, and the dated cover an area
 * shows.
 */
#include <string.h>

#include "testutil.h"

#include "base/csv.h"
#include "base/date.h"
#include "core/reference.h"

static int32_t day(const char *s) {
  int32_t v;
  if (sp_date_parse(s, &v) != SP_OK)
    fail_msg("bad date %s", s);
  return v;
}

static int setup(void **state) {
  struct tenv *e = calloc(1, sizeof(*e));
  t_open(e);
  sp_ctx_set_actor(e->ctx, 0, 0, SP_ROLE_DFE_ADMIN, "test");
  T_RC(e, sp_reference_load(e->ctx, t_path("data")), SP_OK);
  *state = e;
  return 0;
}

static int teardown(void **state) {
  struct tenv *e = *state;
  t_close(e);
  free(e);
  return 0;
}

static void expect(struct tenv *e, const char *area, const char *on, int want) {
  int got = sp_area_mayoral_on(e->ctx, area, day(on));
  if (got != want)
    fail_msg("%s on %s: mayoral %d, expected %d (%s)", area, on, got, want, sp_ctx_errmsg(e->ctx));
}

/* Each authority's first directly elected mayor (ons/mayoral_authorities.csv)
 * and an area it covers: not covered the day before, covered that day. */
static void each_mayoralty_either_side_of_its_first_election(void **state) {
  struct tenv *e = *state;
  static const struct {
    const char *area, *before, *elected;
  } cases[] = {
      {"E69000013", "2000-05-03", "2000-05-04"}, /* Greater London: the GLA */
      {"E69000014", "2017-05-03", "2017-05-04"}, /* Greater Manchester */
      {"E69000021", "2017-05-03", "2017-05-04"}, /* Liverpool City Region */
      {"E69000034", "2017-05-03", "2017-05-04"}, /* West Midlands and Warwickshire */
      {"E69000036", "2017-05-03", "2017-05-04"}, /* West of England and North Somerset */
      {"E69000003", "2017-05-03", "2017-05-04"}, /* Cambridgeshire and Peterborough */
      {"E69000031", "2017-05-03", "2017-05-04"}, /* Tees Valley */
      {"E69000028", "2018-05-02", "2018-05-03"}, /* South Yorkshire */
      {"E69000024", "2019-05-01", "2019-05-02"}, /* North of Tyne */
      {"E69000037", "2021-05-05", "2021-05-06"}, /* West Yorkshire */
      {"E69000023", "2024-05-01", "2024-05-02"}, /* North East (footnote 15 before) */
      {"E69000038", "2024-05-01", "2024-05-02"}, /* York and North Yorkshire */
      {"E69000007", "2024-05-01", "2024-05-02"}, /* Derbyshire and Nottinghamshire */
      {"E69000012", "2025-04-30", "2025-05-01"}, /* Greater Lincolnshire (old area) */
      {"E69000017", "2025-04-30", "2025-05-01"}, /* Hull and East Yorkshire */
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    expect(e, cases[i].area, cases[i].before, 0);
    expect(e, cases[i].area, cases[i].elected, 1);
  }
  /* West of England and North Somerset: North Somerset is no member, but the
   * area covers part of the authority, which is what section 3.5 asks. */
  expect(e, "E69000036", "2023-06-01", 1);
  /* Areas no mayoralty ever reached */
  expect(e, "E69000002", "2026-01-01", 0); /* Buckinghamshire */
  expect(e, "E69000019", "2026-01-01", 0); /* Lancashire: a combined county authority, no mayor */
  expect(e, "E69000040", "2026-01-01", 0); /* Greater Devon: Devon and Torbay, no mayor */
}

/* The 2025-09-29 redraw changes no cover by itself: the areas it renamed or
 * replaced are covered on either side of it as their districts' mayors say. */
static void either_side_of_the_redraw(void **state) {
  struct tenv *e = *state;
  expect(e, "E69000038", "2025-09-28", 1); /* York and North Yorkshire: same area */
  expect(e, "E69000038", "2025-09-29", 1);
  expect(e, "E69000007", "2025-09-28", 1); /* Derbyshire and Nottinghamshire ... */
  expect(e, "E69000007", "2025-09-29", 1); /* ... renamed East Midlands */
  expect(e, "E69000017", "2025-09-28", 1); /* Hull and East Yorkshire */
  expect(e, "E69000017", "2025-09-29", 1);
  expect(e, "E69000023", "2025-09-28", 1); /* North East (old): covered to its end */
  expect(e, "E69000023", "2025-09-29", 0); /* terminated: no districts */
  expect(e, "E69000045", "2025-09-28", 0); /* North East (new): not yet in operation */
  expect(e, "E69000045", "2025-09-29", 1);
  expect(e, "E69000020", "2025-09-28", 0); /* Leicester and Leicestershire: no mayor */
  expect(e, "E69000043", "2025-09-29", 0);
  expect(e, "E69000041", "2025-09-29", 1); /* Greater Lincolnshire (new) */
  expect(e, "E69000039", "2025-09-29", 1); /* Central London Forward: the GLA */
}

/* The guidance's 2022 column (lsip_areas.csv `mayoral`, footnote 15) is what
 * districts and mayoralties give on the day the guidance was issued. */
static void the_guidance_statement_of_2022_is_reproduced(void **state) {
  struct tenv *e = *state;
  struct sp_csv *c = NULL;
  static const char *const want[] = {"code", "mayoral", "parent", NULL};
  T_RC(e, sp_csv_open(e->ctx, t_path("data/lsip_areas.csv"), 8192, &c), SP_OK);
  T_RC(e, sp_csv_read_header(c, e->ctx, want), SP_OK);
  int n = 0;
  for (;;) {
    int eof = 0;
    T_RC(e, sp_csv_next(c, e->ctx, &eof), SP_OK);
    if (eof)
      break;
    if (*sp_csv_get(c, "parent"))
      continue; /* London's groupings were not areas of their own in 2022 */
    json_t *a = NULL;
    T_RC(e, sp_area_get(e->ctx, sp_csv_get(c, "code"), day("2022-08-01"), &a), SP_OK);
    int want_m = strcmp(sp_csv_get(c, "mayoral"), "yes") == 0;
    if (json_is_true(json_object_get(a, "mayoral")) != want_m)
      fail_msg("%s: the guidance says mayoral=%s", sp_csv_get(c, "code"),
               sp_csv_get(c, "mayoral"));
    json_decref(a);
    n++;
  }
  sp_csv_close(c);
  assert_int_equal(n, 38);
}

/* The area shows which authority covers it from when. */
static void the_area_shows_its_dated_cover(void **state) {
  struct tenv *e = *state;
  json_t *a = NULL;
  T_RC(e, sp_area_get(e->ctx, "north-of-tyne", day("2024-05-06"), &a), SP_OK);
  assert_true(json_is_true(json_object_get(a, "mayoral")));
  json_t *cover = json_object_get(a, "mayoral_cover");
  assert_int_equal(json_array_size(cover), 2);
  json_t *first = json_array_get(cover, 0), *second = json_array_get(cover, 1);
  assert_string_equal(json_string_value(json_object_get(first, "name")), "North of Tyne");
  assert_string_equal(json_string_value(json_object_get(first, "from")), "2019-05-02");
  assert_string_equal(json_string_value(json_object_get(first, "to")), "2024-05-07");
  assert_true(json_is_true(json_object_get(first, "on_date")));
  assert_string_equal(json_string_value(json_object_get(second, "name")), "North East");
  assert_string_equal(json_string_value(json_object_get(second, "from")), "2024-05-07");
  assert_true(json_is_false(json_object_get(second, "on_date")));
  json_decref(a);
  /* South Yorkshire: Barnsley's and Sheffield's new codes do not break it */
  T_RC(e, sp_area_get(e->ctx, "E69000028", day("2026-01-01"), &a), SP_OK);
  cover = json_object_get(a, "mayoral_cover");
  assert_int_equal(json_array_size(cover), 1);
  assert_string_equal(json_string_value(json_object_get(json_array_get(cover, 0), "from")),
                      "2018-05-03");
  assert_true(json_is_null(json_object_get(json_array_get(cover, 0), "to")));
  json_decref(a);
  /* the list of areas says the same on the day */
  T_RC(e, sp_areas_list(e->ctx, day("2024-05-01"), &a), SP_OK);
  size_t i;
  json_t *o;
  int seen = 0;
  json_array_foreach(a, i, o) {
    const char *code = json_string_value(json_object_get(o, "code"));
    if (!strcmp(code, "E69000038") || !strcmp(code, "E69000017")) {
      assert_true(json_is_false(json_object_get(o, "mayoral")));
      seen++;
    }
    if (!strcmp(code, "E69000024")) {
      assert_true(json_is_true(json_object_get(o, "mayoral")));
      seen++;
    }
  }
  assert_int_equal(seen, 3);
  json_decref(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(each_mayoralty_either_side_of_its_first_election, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(either_side_of_the_redraw, setup, teardown),
      cmocka_unit_test_setup_teardown(the_guidance_statement_of_2022_is_reproduced, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(the_area_shows_its_dated_cover, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
