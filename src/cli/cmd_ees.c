/*
 * cmd_ees.c: `skillplan ees [--area CODE] [--as-of DATE] [--json|--csv]`:
 * the imported explore-education-statistics figures summed to the LSIP
 * areas as they stood on DATE (default today): one row per area, period,
 * filter values and indicator, with the number of district figures in each
 * sum and how many of them were suppressed (sp_evidence_ees).
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "cli.h"
#include "table.h"
#include "evidence/evidence.h"

static const char usage[] =
    "usage: skillplan ees [--area CODE] [--as-of YYYY-MM-DD] [--json|--csv]\n"
    "  Figures of the imported EES files summed to the areas as they stood on the date\n"
    "  (district codes of any year from 2011 placed through their successors).\n";

static void csv_field(const char *s) {
  if (!strpbrk(s, ",\"\r\n")) {
    fputs(s, stdout);
    return;
  }
  putchar('"');
  for (; *s; s++) {
    if (*s == '"')
      putchar('"');
    putchar(*s);
  }
  putchar('"');
}

static void value_text(json_t *v, char *buf, size_t n) {
  if (json_is_integer(v))
    snprintf(buf, n, "%lld", (long long)json_integer_value(v));
  else
    snprintf(buf, n, "%.15g", json_number_value(v));
}

/* The filter names of every row, in the order first seen. */
static json_t *filter_names(json_t *rows) {
  json_t *names = json_array();
  size_t i;
  json_t *r;
  json_array_foreach(rows, i, r) {
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(r, "filters"), k, v) {
      size_t j;
      json_t *n;
      int have = 0;
      json_array_foreach(names, j, n) have |= strcmp(json_string_value(n), k) == 0;
      if (!have)
        json_array_append_new(names, json_string(k));
    }
  }
  return names;
}

static void print_csv(json_t *rows) {
  json_t *names = filter_names(rows);
  size_t i, j;
  json_t *r, *n;
  fputs("area_code,area_name,period,time_identifier", stdout);
  json_array_foreach(names, j, n) {
    putchar(',');
    csv_field(json_string_value(n));
  }
  puts(",indicator,value,districts,suppressed,symbols,total,ssa_code");
  json_array_foreach(rows, i, r) {
    csv_field(json_string_value(json_object_get(r, "area_code")));
    putchar(',');
    csv_field(json_string_value(json_object_get(r, "area_name")));
    putchar(',');
    csv_field(json_string_value(json_object_get(r, "period")));
    putchar(',');
    csv_field(json_string_value(json_object_get(r, "time_identifier")));
    json_t *f = json_object_get(r, "filters");
    json_array_foreach(names, j, n) {
      const char *v = json_string_value(json_object_get(f, json_string_value(n)));
      putchar(',');
      csv_field(v ? v : "");
    }
    char val[40], syms[64] = "";
    value_text(json_object_get(r, "value"), val, sizeof(val));
    json_t *s;
    json_array_foreach(json_object_get(r, "symbols"), j, s) {
      snprintf(syms + strlen(syms), sizeof(syms) - strlen(syms), "%s%s", j ? " " : "",
               json_string_value(s));
    }
    putchar(',');
    csv_field(json_string_value(json_object_get(r, "indicator")));
    const char *ssa = json_string_value(json_object_get(r, "ssa_code"));
    printf(",%s,%lld,%lld,", val, (long long)json_integer_value(json_object_get(r, "districts")),
           (long long)json_integer_value(json_object_get(r, "suppressed")));
    csv_field(syms);
    printf(",%s,%s\n", json_is_true(json_object_get(r, "total")) ? "1" : "0", ssa ? ssa : "");
  }
  json_decref(names);
}

static void print_text(json_t *res) {
  json_t *rows = json_object_get(res, "rows");
  size_t i;
  json_t *r;
  printf("EES figures summed to the areas as they stood on %s\n",
         json_string_value(json_object_get(res, "as_of")));
  json_array_foreach(rows, i, r) {
    char val[40], filters[512] = "";
    value_text(json_object_get(r, "value"), val, sizeof(val));
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(r, "filters"), k, v) {
      snprintf(filters + strlen(filters), sizeof(filters) - strlen(filters), "%s%s=%s",
               filters[0] ? "; " : "", k, json_string_value(v));
    }
    long long sup = (long long)json_integer_value(json_object_get(r, "suppressed"));
    printf("%s %-30.30s %s %s: %s = %s%s (%lld districts", 
           json_string_value(json_object_get(r, "area_code")),
           json_string_value(json_object_get(r, "area_name")),
           json_string_value(json_object_get(r, "period")), filters,
           json_string_value(json_object_get(r, "indicator")), val, sup ? " or more" : "",
           (long long)json_integer_value(json_object_get(r, "districts")));
    if (sup)
      printf(", %lld suppressed", sup);
    puts(")");
  }
  json_t *un = json_object_get(res, "unplaced");
  if (json_array_size(un)) {
    printf("not placed in any area on %s:", json_string_value(json_object_get(res, "as_of")));
    json_array_foreach(un, i, r) {
      printf(" %s (%lld)", json_string_value(json_object_get(r, "code")),
             (long long)json_integer_value(json_object_get(r, "cells")));
    }
    putchar('\n');
  }
}

int sp_cmd_ees(struct sp_cli *cli, int argc, char **argv) {
  const char *area = NULL;
  int csv = 0, have_date = 0;
  int32_t as_of = 0;
  const char *as_of_arg = NULL;
  const struct sp_cli_opt opts[] = {SP_OPT_STR("area", &area), SP_OPT_STR("as-of", &as_of_arg),
                                    SP_OPT_FLAG("csv", &csv), SP_OPT_END};
  int pcode = sp_cli_parse_args(cli, usage, opts, &argc, &argv, 0, 0);
  if (pcode != SP_CLI_GO)
    return pcode;
  if (as_of_arg) {
    if (!sp_cli_parse_date("--as-of", as_of_arg, &as_of))
      return SP_EXIT_INPUT;
    have_date = 1;
  }
  struct sp_store *store;
  struct sp_ctx *ctx;
  int code = sp_cli_open(cli, &store, &ctx);
  if (code)
    return code;
  json_t *res = NULL;
  enum sp_rc rc = sp_evidence_ees(ctx, cli->data_dir, area,
                                  have_date ? as_of : sp_ctx_today(ctx), &res);
  if (rc != SP_OK) {
    code = sp_cli_fail(ctx, rc);
  } else {
    if (cli->json)
      sp_cli_print_json(res);
    else if (csv)
      print_csv(json_object_get(res, "rows"));
    else
      print_text(res);
    code = SP_EXIT_OK;
  }
  json_decref(res);
  sp_cli_close(store, ctx);
  return code;
}
