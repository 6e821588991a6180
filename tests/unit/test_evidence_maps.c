/*
 * test_evidence_maps.c: the mappings of data/evidence/ (see its SOURCES.md):
 * every route and pathway is one of occupational_routes.csv and the
 * pathway belongs to the route; standard_route.csv agrees with LARS
 * Standard.csv through ssa_route.csv for every standard; the SOC 2020
 * table covers the 9 major groups and the 25 sub-major groups; every live
 * area has a region.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/csv.h"

static const char *src(void) {
  const char *s = getenv("SP_SOURCE_DIR");
  return s && *s ? s : SP_SOURCE_DIR;
}

struct table {
  char key[600][24];
  char a[600][24];
  char b[600][24];
  int n;
};

/* Loads columns k, a, b of data/<file> into t. */
static void load(const char *file, const char *k, const char *a, const char *b,
                 struct table *t) {
  char path[512];
  snprintf(path, sizeof(path), "%s/data/%s", src(), file);
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  struct sp_csv *csv = NULL;
  const char *want[] = {k, a, b, NULL};
  int eof;
  assert_int_equal(sp_csv_open(ctx, path, 4096, &csv), SP_OK);
  assert_int_equal(sp_csv_read_header(csv, ctx, want), SP_OK);
  t->n = 0;
  while (sp_csv_next(csv, ctx, &eof) == SP_OK && !eof && t->n < 600) {
    snprintf(t->key[t->n], 24, "%s", sp_csv_get(csv, k));
    snprintf(t->a[t->n], 24, "%s", sp_csv_get(csv, a));
    snprintf(t->b[t->n], 24, "%s", sp_csv_get(csv, b));
    t->n++;
  }
  sp_csv_close(csv);
  sp_ctx_free(ctx);
}

static int find(const struct table *t, const char *key) {
  for (int i = 0; i < t->n; i++)
    if (strcmp(t->key[i], key) == 0)
      return i;
  return -1;
}

static struct table routes, ssa, std, soc;

static void check_routes(const struct table *t) {
  for (int i = 0; i < t->n; i++) {
    if (!t->a[i][0]) {
      assert_string_equal(t->b[i], ""); /* no route: no pathway either */
      continue;
    }
    int p = find(&routes, t->b[i]);
    if (p < 0)
      fail_msg("%s: pathway %s is not in occupational_routes.csv", t->key[i], t->b[i]);
    assert_string_equal(routes.a[p], t->a[i]);
  }
}

static void test_routes_exist(void **state) {
  (void)state;
  load("occupational_routes.csv", "pathway_code", "route_code", "pathway", &routes);
  assert_int_equal(routes.n, 35);
  load("evidence/ssa_route.csv", "ssa_tier2", "route_code", "pathway_code", &ssa);
  load("evidence/standard_route.csv", "standard_code", "route_code", "pathway_code", &std);
  load("evidence/soc2020_route.csv", "soc_code", "route_code", "pathway_code", &soc);
  check_routes(&ssa);
  check_routes(&std);
  check_routes(&soc);
  /* Spot checks of judgement calls documented in SOURCES.md. */
  assert_string_equal(ssa.b[find(&ssa, "4.30")], "EM-MIR");
  assert_string_equal(ssa.b[find(&ssa, "7.30")], "HB-HBA");
  assert_string_equal(ssa.a[find(&ssa, "14.10")], "");
  assert_string_equal(soc.b[find(&soc, "5241")], "CBE-BSE"); /* electricians */
  assert_string_equal(soc.b[find(&soc, "2134")], "DIG-DPDD"); /* programmers */
}

static void test_standards_follow_lars(void **state) {
  (void)state;
  char path[512];
  snprintf(path, sizeof(path), "%s/data/lars/Standard.csv", src());
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  struct sp_csv *csv = NULL;
  const char *want[] = {"StandardCode", "Version", "SectorSubjectAreaTier2", NULL};
  int eof, checked = 0;
  assert_int_equal(sp_csv_open(ctx, path, 65536, &csv), SP_OK);
  assert_int_equal(sp_csv_read_header(csv, ctx, want), SP_OK);
  while (sp_csv_next(csv, ctx, &eof) == SP_OK && !eof) {
    int i = find(&std, sp_csv_get(csv, "StandardCode"));
    assert_true(i >= 0);
    char t2[16];
    snprintf(t2, sizeof(t2), "%.2f", strtod(sp_csv_get(csv, "SectorSubjectAreaTier2"), NULL));
    int k = find(&ssa, t2);
    assert_true(k >= 0);
    /* Every version of a standard shares its tier 2 area in LARS; the route follows it. */
    assert_string_equal(std.a[i], ssa.a[k]);
    assert_string_equal(std.b[i], ssa.b[k]);
    checked++;
  }
  sp_csv_close(csv);
  sp_ctx_free(ctx);
  assert_true(checked >= 589);
}

static void test_soc_coverage(void **state) {
  (void)state;
  static const char *const submajor[] = {"11", "12", "21", "22", "23", "24", "31", "32", "33",
                                         "34", "35", "41", "42", "51", "52", "53", "54", "61",
                                         "62", "63", "71", "72", "81", "82", "91", "92"};
  for (size_t g = 0; g < sizeof(submajor) / sizeof(*submajor); g++) {
    int n = 0;
    for (int i = 0; i < soc.n; i++)
      n += strncmp(soc.key[i], submajor[g], 2) == 0;
    if (n == 0)
      fail_msg("no SOC 2020 unit group of sub-major group %s", submajor[g]);
  }
  for (int i = 0; i < soc.n; i++) {
    assert_int_equal(strlen(soc.key[i]), 4);
    for (int j = i + 1; j < soc.n; j++)
      assert_string_not_equal(soc.key[i], soc.key[j]);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_routes_exist),
      cmocka_unit_test(test_standards_follow_lars),
      cmocka_unit_test(test_soc_coverage),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
