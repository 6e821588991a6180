/*
 * test_reference.c: the reference data loaded from the project's data/
 * (SP_SOURCE_DIR/data): 38 areas live on 2023-01-01 and 42 on 2026-01-01,
 * every district in exactly one live area on both dates (and the 2023
 * districts as the DfE's 2023 lookup has them), renamed areas keeping
 * their code, nine areas terminated on 2025-09-29, London's sub-regions,
 * kinds over time, routes, levels, sector subject areas; loading is
 * re-runnable, needs the right role, and is all-or-nothing when a file is
 * bad, naming file:line:field.
 */
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#include "base/csv.h"
#include "base/date.h"
#include "core/orgs.h"
#include "core/reference.h"

static int32_t day(const char *s) {
  int32_t v;
  if (sp_date_parse(s, &v) != SP_OK)
    fail_msg("bad date %s", s);
  return v;
}

static const char *data_dir(void) { return t_path("data"); }

static void load(struct tenv *e) {
  sp_ctx_set_actor(e->ctx, 0, 0, SP_ROLE_DFE_ADMIN, "test");
  T_RC(e, sp_reference_load(e->ctx, data_dir()), SP_OK);
}

static int setup(void **state) {
  struct tenv *e = calloc(1, sizeof(*e));
  t_open(e);
  load(e);
  *state = e;
  return 0;
}

static int teardown(void **state) {
  struct tenv *e = *state;
  t_close(e);
  free(e);
  return 0;
}

static size_t live_count(struct tenv *e, const char *on) {
  json_t *a = NULL;
  T_RC(e, sp_areas_list(e->ctx, day(on), &a), SP_OK);
  size_t n = json_array_size(a);
  json_decref(a);
  return n;
}

static void thirty_eight_then_forty_two(void **state) {
  struct tenv *e = *state;
  assert_int_equal(live_count(e, "2023-01-01"), 38);
  assert_int_equal(live_count(e, "2025-09-28"), 38);
  assert_int_equal(live_count(e, "2025-09-29"), 42);
  assert_int_equal(live_count(e, "2026-01-01"), 42);
  /* The 38 of 2023 are the guidance's: E69000001 to E69000038. */
  json_t *a = NULL;
  T_RC(e, sp_areas_list(e->ctx, day("2023-01-01"), &a), SP_OK);
  size_t i;
  json_t *o;
  json_array_foreach(a, i, o) {
    const char *code = json_string_value(json_object_get(o, "code"));
    assert_true(strcmp(code, "E69000001") >= 0 && strcmp(code, "E69000038") <= 0);
    assert_non_null(json_string_value(json_object_get(o, "name")));
    assert_non_null(json_string_value(json_object_get(o, "kind")));
    assert_true(json_integer_value(json_object_get(o, "lad_count")) > 0);
  }
  json_decref(a);
}

/*
 * Checks that on a date each district in use (paired with any area then)
 * is in exactly one area live then, and that 296 districts are in use.
 * District codes are themselves dated: Barnsley and Sheffield have new
 * codes in the 2025 file, so the set of codes in use is the pairings'.
 */
static void districts_partitioned_on(struct tenv *e, const char *on) {
  struct sp_stmt *st = NULL;
  T_RC(e, sp_store_prepare(e->store, e->ctx,
                           "SELECT l.lad_code, count(*), sum(CASE WHEN"
                           " (a.valid_from IS NULL OR a.valid_from <= ?1)"
                           " AND (a.valid_to IS NULL OR a.valid_to > ?1) THEN 1 ELSE 0 END)"
                           " FROM area_lads l JOIN areas a ON a.code = l.area_code"
                           " WHERE (l.valid_from IS NULL OR l.valid_from <= ?1)"
                           " AND (l.valid_to IS NULL OR l.valid_to > ?1) GROUP BY l.lad_code",
                           &st),
       SP_OK);
  assert_int_equal(sp_stmt_bind_text(st, 1, on), SP_OK);
  int row, n = 0;
  for (;;) {
    T_RC(e, sp_stmt_step(st, e->ctx, &row), SP_OK);
    if (!row)
      break;
    if (sp_stmt_int(st, 1) != 1 || sp_stmt_int(st, 2) != 1)
      fail_msg("on %s district %s is in %lld areas, %lld of them live", on, sp_stmt_text(st, 0),
               (long long)sp_stmt_int(st, 1), (long long)sp_stmt_int(st, 2));
    n++;
  }
  sp_stmt_free(st);
  assert_int_equal(n, 296);
}

static void district_codes_change_at_the_redraw(void **state) {
  struct tenv *e = *state;
  /* Barnsley: E08000016 until the redraw, E08000038 from it. */
  assert_int_equal(t_int(e, "SELECT count(*) FROM area_lads WHERE lad_code = 'E08000016'"
                            " AND area_code = 'E69000028' AND valid_from IS NULL"
                            " AND valid_to = '2025-09-29'"),
                   1);
  assert_int_equal(t_int(e, "SELECT count(*) FROM area_lads WHERE lad_code = 'E08000038'"
                            " AND area_code = 'E69000028' AND valid_from = '2025-09-29'"
                            " AND valid_to IS NULL"),
                   1);
  assert_int_equal(t_int(e, "SELECT count(*) FROM lads"), 298);
}

static void every_district_in_exactly_one_live_area(void **state) {
  struct tenv *e = *state;
  districts_partitioned_on(e, "2023-01-01");
  districts_partitioned_on(e, "2025-09-28");
  districts_partitioned_on(e, "2025-09-29");
  districts_partitioned_on(e, "2026-01-01");
  /* The lad_counts of the areas live on a date add up to all districts. */
  json_t *a = NULL;
  T_RC(e, sp_areas_list(e->ctx, day("2026-01-01"), &a), SP_OK);
  json_int_t sum = 0;
  size_t i;
  json_t *o;
  json_array_foreach(a, i, o) sum += json_integer_value(json_object_get(o, "lad_count"));
  json_decref(a);
  assert_int_equal(sum, 296);
}

static void districts_in_2023_match_the_dfe_lookup(void **state) {
  struct tenv *e = *state;
  struct sp_csv *c = NULL;
  static const char *const want[] = {"LAD23CD", "LSIP23CD", NULL};
  T_RC(e, sp_csv_open(e->ctx, t_path("data/ons/lad23_lsip23_lookup.csv"), 4096, &c), SP_OK);
  T_RC(e, sp_csv_read_header(c, e->ctx, want), SP_OK);
  struct sp_stmt *st = NULL;
  T_RC(e, sp_store_prepare(e->store, e->ctx,
                           "SELECT area_code FROM area_lads WHERE lad_code = ?"
                           " AND valid_from IS NULL AND (valid_to IS NULL OR valid_to > '2023-01-01')",
                           &st),
       SP_OK);
  int n = 0;
  for (;;) {
    int eof, row;
    T_RC(e, sp_csv_next(c, e->ctx, &eof), SP_OK);
    if (eof)
      break;
    sp_stmt_reset(st);
    assert_int_equal(sp_stmt_bind_text(st, 1, sp_csv_get(c, "LAD23CD")), SP_OK);
    T_RC(e, sp_stmt_step(st, e->ctx, &row), SP_OK);
    if (!row || strcmp(sp_stmt_text(st, 0), sp_csv_get(c, "LSIP23CD")) != 0)
      fail_msg("line %ld: %s should be in %s", sp_csv_line(c), sp_csv_get(c, "LAD23CD"),
               sp_csv_get(c, "LSIP23CD"));
    n++;
  }
  assert_int_equal(n, 296);
  sp_stmt_free(st);
  sp_csv_close(c);
}

static void renamed_area_keeps_its_code(void **state) {
  struct tenv *e = *state;
  json_t *before = NULL, *after = NULL;
  T_RC(e, sp_area_get(e->ctx, "E69000001", day("2023-01-01"), &before), SP_OK);
  T_RC(e, sp_area_get(e->ctx, "E69000001", day("2026-01-01"), &after), SP_OK);
  assert_string_equal(json_string_value(json_object_get(before, "name")),
                      "Brighton and Hove, East Sussex, West Sussex");
  assert_string_equal(json_string_value(json_object_get(after, "name")), "Sussex and Brighton");
  assert_string_equal(json_string_value(json_object_get(after, "code")), "E69000001");
  assert_true(json_is_true(json_object_get(after, "live")));
  json_t *names = json_object_get(after, "names");
  assert_int_equal(json_array_size(names), 2);
  assert_true(json_is_null(json_object_get(json_array_get(names, 0), "valid_from")));
  assert_string_equal(json_string_value(json_object_get(json_array_get(names, 0), "valid_to")),
                      "2025-09-29");
  /* The history says so, and the slug still finds it. */
  json_t *h = json_object_get(after, "history");
  int renamed = 0;
  size_t i;
  json_t *ev;
  json_array_foreach(h, i, ev) {
    if (strcmp(json_string_value(json_object_get(ev, "event")), "renamed") == 0) {
      renamed++;
      assert_string_equal(json_string_value(json_object_get(ev, "on_date")), "2025-09-29");
      assert_non_null(strstr(json_string_value(json_object_get(ev, "detail")), "Sussex and Brighton"));
    }
  }
  assert_int_equal(renamed, 1);
  json_decref(before);
  json_decref(after);
  T_RC(e, sp_area_get(e->ctx, "sussex", day("2026-01-01"), &after), SP_OK);
  assert_string_equal(json_string_value(json_object_get(after, "code")), "E69000001");
  json_decref(after);
  /* Five areas were renamed on 2025-09-29 (ons/lsips.csv). */
  assert_int_equal(t_int(e, "SELECT count(*) FROM area_events WHERE event = 'renamed'"), 5);
}

static void nine_terminated_on_redraw(void **state) {
  struct tenv *e = *state;
  assert_int_equal(t_int(e, "SELECT count(*) FROM areas WHERE valid_to = '2025-09-29'"), 9);
  assert_int_equal(t_int(e, "SELECT count(*) FROM area_events WHERE event = 'terminated'"
                            " AND on_date = '2025-09-29'"),
                   9);
  assert_int_equal(t_int(e, "SELECT count(*) FROM area_events WHERE event = 'created'"
                            " AND on_date = '2025-09-29'"),
                   13);
  json_t *a = NULL;
  T_RC(e, sp_area_get(e->ctx, "E69000034", day("2026-01-01"), &a), SP_OK);
  assert_true(json_is_false(json_object_get(a, "live")));
  /* Its districts are shown as on its last day, and its end names successors. */
  assert_string_equal(json_string_value(json_object_get(a, "lads_on")), "2025-09-28");
  assert_int_equal(json_array_size(json_object_get(a, "lads")), 12);
  json_t *h = json_object_get(a, "history");
  json_t *last = json_array_get(h, json_array_size(h) - 1);
  assert_string_equal(json_string_value(json_object_get(last, "event")), "terminated");
  assert_non_null(strstr(json_string_value(json_object_get(last, "detail")), "E69000049"));
  assert_non_null(strstr(json_string_value(json_object_get(last, "detail")), "E69000051"));
  json_decref(a);
}

static void london_and_its_subregions(void **state) {
  struct tenv *e = *state;
  json_t *gl = NULL, *sub = NULL;
  T_RC(e, sp_area_get(e->ctx, "greater-london", day("2023-01-01"), &gl), SP_OK);
  assert_string_equal(json_string_value(json_object_get(gl, "kind")), "gla");
  assert_true(json_is_true(json_object_get(gl, "mayoral")));
  assert_int_equal(json_array_size(json_object_get(gl, "lads")), 33);
  json_t *subs = json_object_get(gl, "subregions");
  assert_int_equal(json_array_size(subs), 4);
  assert_string_equal(json_string_value(json_object_get(json_array_get(subs, 0), "name")),
                      "Central London Forward");
  /* In 2023 a sub-region is a grouping within Greater London, not live. */
  T_RC(e, sp_area_get(e->ctx, "E69000044", day("2023-01-01"), &sub), SP_OK);
  assert_true(json_is_false(json_object_get(sub, "live")));
  assert_string_equal(json_string_value(json_object_get(sub, "parent_code")), "E69000013");
  assert_string_equal(json_string_value(json_object_get(sub, "parent_name")), "Greater London");
  assert_string_equal(json_string_value(json_object_get(sub, "kind")), "gla_subregion");
  json_decref(sub);
  T_RC(e, sp_area_get(e->ctx, "E69000044", day("2026-01-01"), &sub), SP_OK);
  assert_true(json_is_true(json_object_get(sub, "live")));
  assert_int_equal(json_array_size(json_object_get(sub, "lads")), 9);
  json_decref(sub);
  json_decref(gl);
}

static void kinds_change_with_the_date(void **state) {
  struct tenv *e = *state;
  json_t *y = NULL;
  T_RC(e, sp_area_get(e->ctx, "E69000038", day("2023-01-01"), &y), SP_OK);
  assert_string_equal(json_string_value(json_object_get(y, "kind")), "lep");
  assert_true(json_is_false(json_object_get(y, "mayoral")));
  json_decref(y);
  T_RC(e, sp_area_get(e->ctx, "york-north-yorkshire", day("2026-01-01"), &y), SP_OK);
  assert_string_equal(json_string_value(json_object_get(y, "kind")), "combined_authority");
  assert_string_equal(json_string_value(json_object_get(y, "kind_name")), "Combined authority");
  assert_true(json_is_true(json_object_get(y, "mayoral")));
  assert_non_null(strstr(json_string_value(json_object_get(y, "attributes_source")),
                         "skillplan transcription"));
  json_decref(y);
  /* Footnote 15: the North East Combined Authority had no mayor. */
  T_RC(e, sp_area_get(e->ctx, "north-east", day("2023-01-01"), &y), SP_OK);
  assert_string_equal(json_string_value(json_object_get(y, "kind")), "combined_authority");
  assert_true(json_is_false(json_object_get(y, "mayoral")));
  json_decref(y);
  T_RC(e, sp_area_get(e->ctx, "E69000019", day("2026-01-01"), &y), SP_OK);
  assert_string_equal(json_string_value(json_object_get(y, "kind")), "combined_authority");
  assert_true(json_is_false(json_object_get(y, "mayoral")));
  json_decref(y);
}

static void unknown_area_not_found(void **state) {
  struct tenv *e = *state;
  json_t *a = NULL;
  T_RC(e, sp_area_get(e->ctx, "E69000099", day("2026-01-01"), &a), SP_ENOTFOUND);
  assert_non_null(strstr(sp_ctx_errmsg(e->ctx), "E69000099"));
  T_RC(e, sp_area_get(e->ctx, "caf\xe9", day("2026-01-01"), &a), SP_ENOTFOUND);
  T_RC(e, sp_area_get(e->ctx, "", day("2026-01-01"), &a), SP_ENOTFOUND);
  T_RC(e, sp_area_get(e->ctx, "E69000001", SP_DATE_NONE, &a), SP_EINVAL);
  assert_true(sp_area_exists(e->ctx, "E69000051"));
  assert_false(sp_area_exists(e->ctx, "west-yorkshire")); /* codes only */
  assert_false(sp_area_exists(e->ctx, "E69000099"));
}

static void routes_levels_and_subject_areas(void **state) {
  struct tenv *e = *state;
  json_t *r = NULL;
  T_RC(e, sp_routes_list(e->ctx, &r), SP_OK);
  assert_int_equal(json_array_size(r), 15);
  size_t i, paths = 0;
  json_t *o;
  json_array_foreach(r, i, o) paths += json_array_size(json_object_get(o, "pathways"));
  assert_int_equal(paths, 35);
  assert_string_equal(json_string_value(json_object_get(json_array_get(r, 0), "code")), "AEAC");
  json_decref(r);
  T_RC(e, sp_levels_list(e->ctx, &r), SP_OK);
  assert_int_equal(json_array_size(r), 9);
  assert_string_equal(json_string_value(json_object_get(json_array_get(r, 0), "code")), "E");
  assert_string_equal(json_string_value(json_object_get(json_array_get(r, 8), "code")), "8");
  json_decref(r);
  T_RC(e, sp_ssa_list(e->ctx, &r), SP_OK);
  assert_int_equal(json_array_size(r), 15);
  json_t *eng = json_array_get(r, 3);
  assert_string_equal(json_string_value(json_object_get(eng, "code")), "4.00");
  assert_int_equal(json_array_size(json_object_get(eng, "tier2")), 3);
  json_decref(r);
  assert_true(t_int(e, "SELECT count(*) FROM lars_standards") > 500);
}

static void reload_is_idempotent_and_keeps_references(void **state) {
  struct tenv *e = *state;
  json_t *org = json_pack("{s:s, s:s, s:[s]}", "name", "Test Chamber", "kind", "erb", "areas",
                          "E69000037");
  T_RC(e, sp_org_create(e->ctx, org, NULL), SP_OK);
  json_decref(org);
  int64_t names = t_int(e, "SELECT count(*) FROM area_names");
  int64_t pairs = t_int(e, "SELECT count(*) FROM area_lads");
  int64_t events = t_int(e, "SELECT count(*) FROM area_events");
  load(e);
  load(e);
  assert_int_equal(t_int(e, "SELECT count(*) FROM areas"), 51);
  assert_int_equal(t_int(e, "SELECT count(*) FROM area_names"), names);
  assert_int_equal(t_int(e, "SELECT count(*) FROM area_lads"), pairs);
  assert_int_equal(t_int(e, "SELECT count(*) FROM area_events"), events);
  assert_int_equal(t_int(e, "SELECT count(*) FROM routes"), 15);
  assert_int_equal(t_int(e, "SELECT count(*) FROM org_areas WHERE area_code = 'E69000037'"), 1);
  assert_int_equal(t_int(e, "SELECT count(*) FROM audit_log WHERE entity = 'reference'"), 3);
  assert_int_equal(live_count(e, "2023-01-01"), 38);
}

static void load_needs_the_operator_role(void **state) {
  struct tenv *e = *state;
  sp_ctx_set_actor(e->ctx, 0, 0, SP_ROLE_PUBLIC, NULL);
  T_RC(e, sp_reference_load(e->ctx, data_dir()), SP_EAUTH);
  sp_ctx_set_actor(e->ctx, 5, 1, SP_ROLE_ERB_EDITOR, "erb");
  T_RC(e, sp_reference_load(e->ctx, data_dir()), SP_EFORBIDDEN);
}

/* ---- all-or-nothing on damaged copies of data/ ---- */

static const char *const files[] = {"lsip_areas.csv",
                                    "occupational_routes.csv",
                                    "area_slugs.csv",
                                    "area_attributes.csv",
                                    "ons/lsips.csv",
                                    "ons/lsip_lad_hierarchy.csv",
                                    "ons/lad24_cauth24_lookup.csv",
                                    "ons/lad25_cauth25_lookup.csv",
                                    "ons/mayoral_authorities.csv",
                                    "combined_authority_districts.csv",
                                    "lars/SectorSubjectAreaTier1.csv",
                                    "lars/SectorSubjectAreaTier2.csv",
                                    "lars/NotionalNVQLevelv2.csv",
                                    "lars/Standard.csv"};

/* Copies data/ into a new temporary directory, replacing the first `from`
 * in file `damaged` by `to`. */
static void damaged_copy(char *dir, const char *damaged, const char *from, const char *to) {
  snprintf(dir, 64, "%s", "/tmp/sp_test_ref_XXXXXX");
  assert_non_null(mkdtemp(dir));
  char p[1200];
  snprintf(p, sizeof(p), "%s/ons", dir);
  mkdir(p, 0700);
  snprintf(p, sizeof(p), "%s/lars", dir);
  mkdir(p, 0700);
  for (size_t i = 0; i < SP_ARRAY_LEN(files); i++) {
    char src[1200];
    snprintf(src, sizeof(src), "%s/%s", data_dir(), files[i]);
    size_t len = 0;
    char *text = t_slurp(src, &len);
    assert_non_null(text);
    snprintf(p, sizeof(p), "%s/%s", dir, files[i]);
    if (strcmp(files[i], damaged) == 0) {
      char *at = strstr(text, from);
      if (!at)
        fail_msg("'%s' not in %s", from, files[i]);
      size_t pre = (size_t)(at - text), fl = strlen(from), tl = strlen(to);
      char *out = malloc(len - fl + tl + 1);
      memcpy(out, text, pre);
      memcpy(out + pre, to, tl);
      memcpy(out + pre + tl, at + fl, len - pre - fl);
      t_spit(p, out, len - fl + tl);
      free(out);
    } else {
      t_spit(p, text, len);
    }
    free(text);
  }
}

static void remove_copy(const char *dir) {
  char p[1200];
  for (size_t i = 0; i < SP_ARRAY_LEN(files); i++) {
    snprintf(p, sizeof(p), "%s/%s", dir, files[i]);
    unlink(p);
  }
  snprintf(p, sizeof(p), "%s/ons", dir);
  rmdir(p);
  snprintf(p, sizeof(p), "%s/lars", dir);
  rmdir(p);
  rmdir(dir);
}

static void bad_file_changes_nothing(void **state) {
  (void)state;
  static const struct {
    const char *file, *from, *to, *want;
  } cases[] = {
      {"ons/lsip_lad_hierarchy.csv", "2023,2025,Peterborough", "2024,2025,Peterborough",
       "lsip_lad_hierarchy.csv:3: first_available_year_included:"},
      {"ons/lsip_lad_hierarchy.csv", "E06000031,E69000003", "E06000031,E69000099",
       "lsip_lad_hierarchy.csv:3: lsip_code: 'E69000099' is not an area"},
      {"area_attributes.csv", "E69000002,,,lep", "E69000002,,,county",
       "area_attributes.csv:3: kind: 'county' is not one of"},
      {"ons/lsips.csv", "E69000002,Buckinghamshire ,live,,", "E69000002,Buckinghamshire ,live,2023-02-30,",
       "lsips.csv:4: date_of_operation: '2023-02-30' is not a real date"},
      {"area_slugs.csv", "buckinghamshire,E69000002,exact", "buckinghamshire,E69000003,exact",
       "area_slugs.csv:4: slug:"},
      {"lars/Standard.csv", "\"Network Engineer\",\"7\",\"4\"", "\"Network Engineer\",\"7\",\"L4\"",
       "Standard.csv:2: NotionalEndLevel:"},
      {"ons/mayoral_authorities.csv", "West Yorkshire,2021-05-06", "West Yorks,2021-05-06",
       "mayoral_authorities.csv:11: authority: 'West Yorks' is not an authority"},
      {"combined_authority_districts.csv", "E47000014,North East,2024-05-07",
       "E47000014,North East,2024-05-06",
       "district E06000057 is paired with North of Tyne and North East on the same days"},
      {"occupational_routes.csv", "BA,Business & Administration,BA-HR",
       "BA,Business & Administration,XX-HR", "occupational_routes.csv:4: pathway_code:"},
  };
  for (size_t k = 0; k < SP_ARRAY_LEN(cases); k++) {
    struct tenv e;
    t_open(&e);
    sp_ctx_set_actor(e.ctx, 0, 0, SP_ROLE_DFE_ADMIN, "test");
    /* A good load first, so "nothing changed" means the old data stays. */
    T_RC(&e, sp_reference_load(e.ctx, data_dir()), SP_OK);
    T_RC(&e, sp_store_exec(e.store, e.ctx, "UPDATE routes SET name = 'marker' WHERE code = 'BA'"),
         SP_OK);
    int64_t pairs = t_int(&e, "SELECT count(*) FROM area_lads");
    char dir[64];
    damaged_copy(dir, cases[k].file, cases[k].from, cases[k].to);
    enum sp_rc rc = sp_reference_load(e.ctx, dir);
    if (rc == SP_OK)
      fail_msg("case %zu (%s) loaded", k, cases[k].file);
    if (!strstr(sp_ctx_errmsg(e.ctx), cases[k].want))
      fail_msg("case %zu: message '%s' lacks '%s'", k, sp_ctx_errmsg(e.ctx), cases[k].want);
    assert_false(sp_store_in_tx(e.store));
    assert_int_equal(t_int(&e, "SELECT count(*) FROM area_lads"), pairs);
    assert_int_equal(t_int(&e, "SELECT count(*) FROM routes WHERE name = 'marker'"), 1);
    assert_int_equal(t_int(&e, "SELECT count(*) FROM audit_log WHERE entity = 'reference'"), 1);
    remove_copy(dir);
    t_close(&e);
  }
}

static void missing_directory_changes_nothing(void **state) {
  (void)state;
  struct tenv e;
  t_open(&e);
  sp_ctx_set_actor(e.ctx, 0, 0, SP_ROLE_DFE_ADMIN, "test");
  T_RC(&e, sp_reference_load(e.ctx, "/nonexistent/data"), SP_EIO);
  assert_non_null(strstr(sp_ctx_errmsg(e.ctx), "/nonexistent/data/ons/lsips.csv"));
  assert_int_equal(t_int(&e, "SELECT count(*) FROM areas"), 0);
  t_close(&e);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(thirty_eight_then_forty_two, setup, teardown),
      cmocka_unit_test_setup_teardown(every_district_in_exactly_one_live_area, setup, teardown),
      cmocka_unit_test_setup_teardown(districts_in_2023_match_the_dfe_lookup, setup, teardown),
      cmocka_unit_test_setup_teardown(district_codes_change_at_the_redraw, setup, teardown),
      cmocka_unit_test_setup_teardown(renamed_area_keeps_its_code, setup, teardown),
      cmocka_unit_test_setup_teardown(nine_terminated_on_redraw, setup, teardown),
      cmocka_unit_test_setup_teardown(london_and_its_subregions, setup, teardown),
      cmocka_unit_test_setup_teardown(kinds_change_with_the_date, setup, teardown),
      cmocka_unit_test_setup_teardown(unknown_area_not_found, setup, teardown),
      cmocka_unit_test_setup_teardown(routes_levels_and_subject_areas, setup, teardown),
      cmocka_unit_test_setup_teardown(reload_is_idempotent_and_keeps_references, setup, teardown),
      cmocka_unit_test_setup_teardown(load_needs_the_operator_role, setup, teardown),
      cmocka_unit_test(bad_file_changes_nothing),
      cmocka_unit_test(missing_directory_changes_nothing),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
