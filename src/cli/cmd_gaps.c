/*
 * cmd_gaps.c: `skillplan gaps --area CODE [--route R] [--level L]
 * [--year Y] [--priorities [N]] [--json|--csv]`: an area's gap table
 * (demand, supply, gap, trend by route, pathway, level and year), or its
 * ranked candidate priorities with the evidence behind each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "evidence/evidence.h"
#include "base/csv.h"

static const char usage[] =
    "usage: skillplan gaps --area CODE [--route R] [--level L] [--year Y]\n"
    "                      [--priorities [N]] [--json|--csv]\n"
    "  Year is the first year of the academic year (2023 for 2023/24).\n";

/* Prints rows as CSV (a header of the column names, then one record a row)
 * through the one CSV writer (base/csv.h). Returns SP_OK or SP_ENOMEM. */
static enum sp_rc print_csv(json_t *rows, const char *const *cols) {
  struct sp_buf b;
  sp_buf_init(&b, (size_t)256 << 20);
  int ncols = 0;
  while (cols[ncols])
    ncols++;
  enum sp_rc rc = sp_csv_row(&b, cols, (size_t)ncols, "\n");
  size_t i;
  json_t *r;
  json_array_foreach(rows, i, r) {
    for (int c = 0; rc == SP_OK && c < ncols; c++) {
      if (c)
        rc = sp_buf_addc(&b, ',');
      if (rc == SP_OK)
        rc = sp_csv_put_json(&b, json_object_get(r, cols[c]));
    }
    if (rc == SP_OK)
      rc = sp_buf_addc(&b, '\n');
  }
  if (rc == SP_OK)
    fwrite(sp_buf_str(&b), 1, b.len, stdout);
  sp_buf_free(&b);
  return rc;
}

int sp_cmd_gaps(struct sp_cli *cli, int argc, char **argv) {
  struct sp_ev_filter f = {0};
  const char *area = NULL;
  int csv = 0, prio = 0, limit = 10;
  const char *year = NULL;
  const struct sp_cli_opt opts[] = {SP_OPT_STR("area", &area),   SP_OPT_STR("route", &f.route),
                                    SP_OPT_STR("level", &f.level), SP_OPT_STR("year", &year),
                                    SP_OPT_FLAG("csv", &csv),      SP_OPT_FLAG("priorities", &prio),
                                    SP_OPT_END};
  int code = sp_cli_parse(cli, usage, opts, &argc, &argv);
  /* --priorities takes an optional count: the one positional word. */
  if (code == SP_CLI_GO)
    code = sp_cli_args(cli, argc, argv, 0, prio ? 1 : 0);
  if (code != SP_CLI_GO)
    return code;
  if (argc == 2) {
    char *end;
    long n = strtol(argv[1], &end, 10);
    if (*end || n < 1 || n > 1000)
      return sp_cli_usage_error(cli, "--priorities takes a count from 1 to 1000");
    limit = (int)n;
  }
  if (year) {
    char *end;
    long y = strtol(year, &end, 10);
    if (!*year || *end || y < 2000 || y > 2063)
      return sp_cli_usage_error(cli, "--year takes a year from 2000 to 2063");
    f.year = (int)y;
  }
  if (!area)
    return sp_cli_usage_error(cli, "--area is required; see skillplan gaps --help");
  struct sp_store *store;
  struct sp_ctx *ctx;
  code = sp_cli_open(cli, &store, &ctx);
  if (code)
    return code;
  json_t *res = NULL;
  enum sp_rc rc = prio ? sp_evidence_priorities(ctx, area, f.year, limit, &res)
                       : sp_evidence_gaps(ctx, area, &f, &res);
  if (rc != SP_OK) {
    code = sp_cli_fail(ctx, rc);
    sp_cli_close(store, ctx);
    return code;
  }
  static const char *const gap_cols[] = {"route_code", "pathway_code", "level", "year",
                                         "needs", "needs_small", "vacancies", "demand",
                                         "demand_small", "starts", "achievements", "gap",
                                         "trend", NULL};
  static const char *const prio_cols[] = {"rank", "route_code", "pathway_code", "level",
                                          "demand", "demand_small", "hard_to_fill",
                                          "achievements", "gap", "sectors",
                                          "neighbours_with_gap", NULL};
  const char *const *cols = prio ? prio_cols : gap_cols;
  json_t *rows = json_object_get(res, prio ? "priorities" : "rows");
  if (cli->json) {
    sp_cli_print_json(res);
  } else if (csv) {
    if (print_csv(rows, cols) != SP_OK) {
      json_decref(res);
      sp_cli_close(store, ctx);
      fprintf(stderr, "skillplan: out of memory writing the CSV\n");
      return SP_EXIT_INTERNAL;
    }
  } else {
    const char *name = json_string_value(json_object_get(res, "area_name"));
    printf("%s %s%s\n", area, name ? name : "", prio ? ": candidate priorities" : ": gap table");
    for (int c = 0; cols[c]; c++)
      printf(c < 3 ? "%-13s" : " %12s", cols[c]);
    putchar('\n');
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
      for (int c = 0; cols[c]; c++) {
        json_t *v = json_object_get(r, cols[c]);
        if (json_is_string(v))
          printf(c < 3 ? "%-13s" : " %12s", json_string_value(v));
        else if (json_is_integer(v))
          printf(c < 3 ? "%-13lld" : " %12lld", (long long)json_integer_value(v));
        else
          printf(c < 3 ? "%-13s" : " %12s", "-");
      }
      putchar('\n');
    }
    if (json_array_size(rows) == 0)
      printf("(no evidence for this area%s)\n", f.route || f.level || f.year ? " and filter" : "");
  }
  json_decref(res);
  sp_cli_close(store, ctx);
  return SP_EXIT_OK;
}
