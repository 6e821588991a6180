/*
 * cmd_indicator.c: `skillplan indicator list|show|add-value|create`:
 * indicators with targets and measured values, assessed as of a date
 * (progress, the date the trend reaches the target, on_track / at_risk /
 * met / missed; src/core/agree/indicator.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_agreement_opts.h"
#include "core/agree/indicator.h"
#include "base/date.h"

/* The --as-of value d into *out (today when NULL); an exit code. */
static int as_of_opt(const char *d, struct sp_ctx *ctx, int32_t *out) {
  *out = sp_ctx_today(ctx);
  if (d && sp_date_parse(d, out) != SP_OK) {
    fprintf(stderr, "skillplan: --as-of needs a date as YYYY-MM-DD\n");
    return SP_EXIT_INPUT;
  }
  return SP_EXIT_OK;
}

static void print_one(const json_t *ind) {
  printf("%s: %s (%s)\n  source: %s\n", json_string_value(json_object_get(ind, "code")),
         json_string_value(json_object_get(ind, "name")), json_string_value(json_object_get(ind, "unit")),
         json_string_value(json_object_get(ind, "source")));
  size_t i;
  json_t *v;
  json_array_foreach(json_object_get(ind, "values"), i, v)
    printf("  measured %.0f on %s (%s; %s%s)\n", json_number_value(json_object_get(v, "value")),
           json_string_value(json_object_get(v, "on_date")), json_string_value(json_object_get(v, "source")),
           json_string_value(json_object_get(v, "basis")),
           json_is_true(json_object_get(v, "used")) ? "" : "; not used: the body figure is");
  json_array_foreach(json_object_get(ind, "targets"), i, v) {
    json_t *p = json_object_get(v, "progress"), *r = json_object_get(v, "trend_reaches_on");
    printf("  %s %.0f by %s: %s", json_string_value(json_object_get(v, "kind")),
           json_number_value(json_object_get(v, "value")), json_string_value(json_object_get(v, "due_date")),
           json_string_value(json_object_get(v, "status")));
    if (json_is_number(p))
      printf(", progress %.1f%%", 100.0 * json_number_value(p));
    printf(", trend reaches it %s\n    (%s; %s)\n", json_is_string(r) ? json_string_value(r) : "never/unknown",
           json_string_value(json_object_get(v, "reason")), json_string_value(json_object_get(v, "source")));
  }
}

int sp_cmd_indicator_list(struct sp_cli *cli, int argc, char **argv) {
  static const char help[] =
      "usage: skillplan indicator list [--as-of DATE] [--json]\n";
  const char *o_as_of = NULL;
  const struct sp_cli_opt opts[] = {
      SP_OPT_STR("as-of", &o_as_of),
      SP_OPT_END};
  int pcode = sp_cli_parse_args(cli, help, opts, &argc, &argv, 0, 0);
  if (pcode != SP_CLI_GO)
    return pcode;
  struct sp_store *store;
  struct sp_ctx *ctx;
  int code = sp_cli_open(cli, &store, &ctx);
  if (code)
    return code;
  int32_t as_of;
  if ((code = as_of_opt(o_as_of, ctx, &as_of))) {
    sp_cli_close(store, ctx);
    return code;
  }
  json_t *out = NULL;
  enum sp_rc rc = sp_indicator_list(ctx, as_of, &out);
  if (rc != SP_OK)
    code = sp_cli_fail(ctx, rc);
  else if (cli->json)
    sp_cli_print_json(out);
  else {
    size_t i;
    json_t *v;
    json_array_foreach(out, i, v) {
      print_one(v);
      putchar('\n');
    }
  }
  json_decref(out);
  sp_cli_close(store, ctx);
  return code;
}

int sp_cmd_indicator_show(struct sp_cli *cli, int argc, char **argv) {
  static const char help[] =
      "usage: skillplan indicator show CODE [--as-of DATE] [--json]\n";
  const char *o_as_of = NULL;
  const struct sp_cli_opt opts[] = {
      SP_OPT_STR("as-of", &o_as_of),
      SP_OPT_END};
  int pcode = sp_cli_parse_args(cli, help, opts, &argc, &argv, 0, 1);
  if (pcode != SP_CLI_GO)
    return pcode;
  const char *code_arg = argc > 1 ? argv[1] : NULL;
  if (!code_arg)
    return sp_cli_usage("usage: skillplan indicator show CODE [--as-of DATE]\n");
  struct sp_store *store;
  struct sp_ctx *ctx;
  int code = sp_cli_open(cli, &store, &ctx);
  if (code)
    return code;
  int32_t as_of;
  if ((code = as_of_opt(o_as_of, ctx, &as_of))) {
    sp_cli_close(store, ctx);
    return code;
  }
  json_t *out = NULL;
  enum sp_rc rc = sp_indicator_get(ctx, code_arg, as_of, &out);
  if (rc != SP_OK)
    code = sp_cli_fail(ctx, rc);
  else if (cli->json)
    sp_cli_print_json(out);
  else
    print_one(out);
  json_decref(out);
  sp_cli_close(store, ctx);
  return code;
}

int sp_cmd_indicator_add_value(struct sp_cli *cli, int argc, char **argv) {
  static const char help[] =
      "usage: skillplan indicator add-value CODE --value N --date DATE --source TEXT\n"
      "                                   [--basis body|summary]\n"
      "--basis: body (default) for the figure where the source reports it in full,\n"
      "summary for a restatement in a summary or headline; on a date with both the\n"
      "status uses the body figure.\n";
  const char *value = NULL, *d = NULL, *source = NULL, *basis = NULL;
  const struct sp_cli_opt opts[] = {
      SP_OPT_STR("value", &value),
      SP_OPT_STR("date", &d),
      SP_OPT_STR("source", &source),
      SP_OPT_STR("basis", &basis),
      SP_OPT_END};
  int pcode = sp_cli_parse_args(cli, help, opts, &argc, &argv, 0, 1);
  if (pcode != SP_CLI_GO)
    return pcode;
  const char *code_arg = argc > 1 ? argv[1] : NULL;
  if (!code_arg || !value || !d || !source)
    return sp_cli_usage("usage: skillplan indicator add-value CODE --value N --date DATE --source TEXT\n");
  char *end = NULL;
  double v = strtod(value, &end);
  int32_t on;
  if (!end || *end || !isfinite(v)) {
    fprintf(stderr, "skillplan: --value: '%s' is not a number\n", value);
    return SP_EXIT_INPUT;
  }
  if (sp_date_parse(d, &on) != SP_OK) {
    fprintf(stderr, "skillplan: --date: '%s' is not a date as YYYY-MM-DD\n", d);
    return SP_EXIT_INPUT;
  }
  struct sp_store *store;
  struct sp_ctx *ctx;
  int code = sp_cli_open(cli, &store, &ctx);
  if (code)
    return code;
  sp_ctx_set_actor(ctx, 0, 0, SP_ROLE_DFE_ADMIN, "cli");
  enum sp_rc rc = sp_indicator_add_value_as(ctx, code_arg, v, on, source, basis);
  if (rc != SP_OK)
    code = sp_cli_fail(ctx, rc);
  else if (!cli->json)
    printf("recorded %s = %g on %s\n", code_arg, v, d);
  else {
    json_t *j = json_pack("{s:s, s:f, s:s}", "code", code_arg, "value", v, "on_date", d);
    sp_cli_print_json(j);
    json_decref(j);
  }
  sp_cli_close(store, ctx);
  return code;
}

int sp_cmd_indicator_create(struct sp_cli *cli, int argc, char **argv) {
  static const char help[] =
      "usage: skillplan indicator create --file INDICATOR.json\n"
      "{code, name, unit, source, agreement_id?, baseline_value?, baseline_date?,\n"
      " targets?: [{value, due_date, kind: target|aspiration, source}],\n"
      " values?: [{value, on_date, source}]}\n";
  const char *file = NULL;
  const struct sp_cli_opt opts[] = {
      SP_OPT_STR("file", &file),
      SP_OPT_END};
  int pcode = sp_cli_parse_args(cli, help, opts, &argc, &argv, 0, 0);
  if (pcode != SP_CLI_GO)
    return pcode;
  if (!file)
    return sp_cli_usage("usage: skillplan indicator create --file INDICATOR.json\n");
  json_t *in = NULL;
  if (sp_cli_load_json(file, &in) != SP_EXIT_OK)
    return SP_EXIT_INPUT;
  struct sp_store *store;
  struct sp_ctx *ctx;
  int code = sp_cli_open(cli, &store, &ctx);
  if (code) {
    json_decref(in);
    return code;
  }
  sp_ctx_set_actor(ctx, 0, 0, SP_ROLE_DFE_ADMIN, "cli");
  int64_t id = 0;
  enum sp_rc rc = sp_indicator_create(ctx, in, &id);
  json_decref(in);
  if (rc != SP_OK) {
    fprintf(stderr, "skillplan: %s: %s\n", file, sp_ctx_errmsg(ctx));
    code = sp_rc_exit(rc);
  } else {
    printf("created indicator %lld\n", (long long)id);
  }
  sp_cli_close(store, ctx);
  return code;
}
