/*
 * cmd_progress_report.c: `skillplan progress-report`: the designated body's
 * six-weekly progress report against its delivery plan (section 4.3.1), or
 * a DfE intervention (section 4.3.2) with --intervene.
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/lsip/lsip.h"
#include "lsip_cli.h"

static const char usage_text[] =
    "usage: skillplan progress-report --area CODE --rag red|amber|green [--risks TEXT]\n"
    "         [--mitigations TEXT] [--text TEXT] [--period-start DATE] [--period-end DATE]\n"
    "       skillplan progress-report --area CODE --intervene working|leadership|funding|removal\n"
    "         --reason TEXT [--funding-pence N] [--removal-reason REASON]           (DfE)\n"
    "Reports are due every 42 days from designation until the plan is published (4.3.1).\n"
    "Interventions escalate in order (4.3.2). Common options: --as EMAIL, --date DATE, --json.\n";

static const char *const known[] = {
    "--area=", "--rag=", "--risks=", "--mitigations=", "--text=", "--period-start=",
    "--period-end=", "--intervene=", "--reason=", "--funding-pence=", "--removal-reason=", "--as=",
    "--date=", "--help", "-h", NULL};

static void put(json_t *in, const char *key, const char *v) {
  if (v)
    json_object_set_new(in, key, json_string(v));
}

int sp_cmd_progress_report(struct sp_cli *cli, int argc, char **argv) {
  if (sp_cli_wants_help(argc, argv))
    return sp_cli_usage(usage_text);
  if (sp_lsip_cli_check(argc, argv, known))
    return SP_EXIT_USAGE;
  const char *area = sp_lsip_cli_opt(argc, argv, "--area");
  if (!area)
    return sp_cli_usage(usage_text);
  struct sp_store *store = NULL;
  struct sp_ctx *ctx = NULL;
  int code = sp_lsip_cli_open(cli, argc, argv, &store, &ctx);
  if (code)
    return code;
  json_t *in = json_object();
  int64_t id = 0;
  enum sp_rc rc;
  const char *level = sp_lsip_cli_opt(argc, argv, "--intervene");
  if (level) {
    put(in, "level", level);
    put(in, "reason", sp_lsip_cli_opt(argc, argv, "--reason"));
    put(in, "removal_reason", sp_lsip_cli_opt(argc, argv, "--removal-reason"));
    const char *f = sp_lsip_cli_opt(argc, argv, "--funding-pence");
    if (f) {
      char *end = NULL;
      long long v = strtoll(f, &end, 10);
      if (*f && !*end)
        json_object_set_new(in, "funding_after_pence", json_integer(v));
      else
        put(in, "funding_after_pence", f);
    }
    rc = sp_lsip_intervene(ctx, area, in, &id);
  } else {
    put(in, "rag", sp_lsip_cli_opt(argc, argv, "--rag"));
    put(in, "risks", sp_lsip_cli_opt(argc, argv, "--risks"));
    put(in, "mitigations", sp_lsip_cli_opt(argc, argv, "--mitigations"));
    put(in, "body", sp_lsip_cli_opt(argc, argv, "--text"));
    put(in, "period_start", sp_lsip_cli_opt(argc, argv, "--period-start"));
    put(in, "period_end", sp_lsip_cli_opt(argc, argv, "--period-end"));
    rc = sp_lsip_progress_report(ctx, area, in, &id);
  }
  json_decref(in);
  if (rc == SP_OK) {
    json_t *x = json_pack("{s:I}", "id", (json_int_t)id);
    sp_lsip_cli_done(cli, level ? "intervention recorded" : "progress report filed", x);
    json_decref(x);
  }
  code = rc == SP_OK ? SP_EXIT_OK : sp_cli_fail(ctx, rc);
  sp_cli_close(store, ctx);
  return code;
}
