/*
 * cmd_delivery_plan.c: `skillplan delivery-plan`: the designated body files
 * its delivery plan (section 4.2.1); DfE approves or returns it; or shows
 * the area's monitoring records (delivery plans, progress reports,
 * interventions).
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/lsip/lsip.h"
#include "lsip_cli.h"

static const char usage_text[] =
    "usage: skillplan delivery-plan --area CODE --engagement TEXT --funding-pence N   (ERB)\n"
    "       skillplan delivery-plan --area CODE --approve | --return REASONS       (DfE)\n"
    "       skillplan delivery-plan --area CODE --show\n"
    "The delivery plan is due 28 days after designation (section 4.2.1): how the body will\n"
    "engage employers, providers and stakeholders, and the estimated funding in pence.\n"
    "Common options: --as EMAIL, --date DATE, --json.\n";

static const char *const known[] = {"--area=", "--engagement=", "--funding-pence=", "--approve",
                                    "--return=", "--show", "--as=", "--date=", "--help", "-h",
                                    NULL};

int sp_cmd_delivery_plan(struct sp_cli *cli, int argc, char **argv) {
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
  enum sp_rc rc;
  if (sp_lsip_cli_flag(argc, argv, "--approve") || sp_lsip_cli_opt(argc, argv, "--return")) {
    int approve = sp_lsip_cli_flag(argc, argv, "--approve");
    rc = sp_lsip_delivery_plan_decide(ctx, area, approve, sp_lsip_cli_opt(argc, argv, "--return"));
    if (rc == SP_OK)
      sp_lsip_cli_done(cli, approve ? "delivery plan approved" : "delivery plan returned", NULL);
  } else if (sp_lsip_cli_flag(argc, argv, "--show")) {
    json_t *out = NULL;
    rc = sp_lsip_monitoring(ctx, area, &out);
    if (rc == SP_OK)
      sp_cli_print_json(out);
    json_decref(out);
  } else {
    const char *f = sp_lsip_cli_opt(argc, argv, "--funding-pence");
    char *end = NULL;
    long long pence = f ? strtoll(f, &end, 10) : -1;
    json_t *in = json_object();
    if (sp_lsip_cli_opt(argc, argv, "--engagement"))
      json_object_set_new(in, "engagement", json_string(sp_lsip_cli_opt(argc, argv, "--engagement")));
    if (f && *f && !*end)
      json_object_set_new(in, "estimated_funding_pence", json_integer(pence));
    else if (f)
      json_object_set_new(in, "estimated_funding_pence", json_string(f));
    int64_t id = 0;
    rc = sp_lsip_delivery_plan_submit(ctx, area, in, &id);
    json_decref(in);
    if (rc == SP_OK) {
      json_t *x = json_pack("{s:I}", "delivery_plan_id", (json_int_t)id);
      sp_lsip_cli_done(cli, "delivery plan filed", x);
      json_decref(x);
    }
  }
  code = rc == SP_OK ? SP_EXIT_OK : sp_cli_fail(ctx, rc);
  sp_cli_close(store, ctx);
  return code;
}
