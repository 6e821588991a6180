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

static void put(json_t *in, const char *key, const char *v) {
  if (v)
    json_object_set_new(in, key, json_string(v));
}

int sp_cmd_progress_report(struct sp_cli *cli, int argc, char **argv) {
  const char *area = NULL, *rag = NULL, *risks = NULL, *mitigations = NULL, *text = NULL, *period_start = NULL, *period_end = NULL, *intervene = NULL, *reason = NULL, *funding_pence = NULL, *removal_reason = NULL;
  struct sp_lsip_common com = {NULL, NULL};
  const struct sp_cli_opt opts[] = {
      SP_OPT_STR("area", &area),
      SP_OPT_STR("rag", &rag),
      SP_OPT_STR("risks", &risks),
      SP_OPT_STR("mitigations", &mitigations),
      SP_OPT_STR("text", &text),
      SP_OPT_STR("period-start", &period_start),
      SP_OPT_STR("period-end", &period_end),
      SP_OPT_STR("intervene", &intervene),
      SP_OPT_STR("reason", &reason),
      SP_OPT_STR("funding-pence", &funding_pence),
      SP_OPT_STR("removal-reason", &removal_reason),
      SP_LSIP_COMMON_OPTS(&com),
      SP_OPT_END};
  int code = sp_cli_parse_args(cli, usage_text, opts, &argc, &argv, 0, 0);
  if (code != SP_CLI_GO)
    return code;
  if (!area)
    return sp_cli_usage_error(cli, "--area is required; see skillplan progress-report --help");
  struct sp_store *store = NULL;
  struct sp_ctx *ctx = NULL;
  code = sp_lsip_cli_open(cli, &com, &store, &ctx);
  if (code)
    return code;
  json_t *in = json_object();
  int64_t id = 0;
  enum sp_rc rc;
  const char *level = intervene;
  if (level) {
    put(in, "level", level);
    put(in, "reason", reason);
    put(in, "removal_reason", removal_reason);
    const char *f = funding_pence;
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
    put(in, "rag", rag);
    put(in, "risks", risks);
    put(in, "mitigations", mitigations);
    put(in, "body", text);
    put(in, "period_start", period_start);
    put(in, "period_end", period_end);
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
