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

int sp_cmd_delivery_plan(struct sp_cli *cli, int argc, char **argv) {
  const char *area = NULL, *engagement = NULL, *f = NULL, *ret = NULL;
  int approve = 0, show = 0;
  struct sp_lsip_common com = {NULL, NULL};
  const struct sp_cli_opt opts[] = {SP_OPT_STR("area", &area),
                                    SP_OPT_STR("engagement", &engagement),
                                    SP_OPT_STR("funding-pence", &f),
                                    SP_OPT_FLAG("approve", &approve),
                                    SP_OPT_STR("return", &ret),
                                    SP_OPT_FLAG("show", &show),
                                    SP_LSIP_COMMON_OPTS(&com),
                                    SP_OPT_END};
  int code = sp_cli_parse_args(cli, usage_text, opts, &argc, &argv, 0, 0);
  if (code != SP_CLI_GO)
    return code;
  if (!area)
    return sp_cli_usage_error(cli, "--area is required; see skillplan delivery-plan --help");
  struct sp_store *store = NULL;
  struct sp_ctx *ctx = NULL;
  code = sp_lsip_cli_open(cli, &com, &store, &ctx);
  if (code)
    return code;
  enum sp_rc rc;
  if (approve || ret) {
    rc = sp_lsip_delivery_plan_decide(ctx, area, approve, ret);
    if (rc == SP_OK)
      sp_lsip_cli_done(cli, approve ? "delivery plan approved" : "delivery plan returned", NULL);
  } else if (show) {
    json_t *out = NULL;
    rc = sp_lsip_monitoring(ctx, area, &out);
    if (rc == SP_OK)
      sp_cli_print_json(out);
    json_decref(out);
  } else {
    char *end = NULL;
    long long pence = f ? strtoll(f, &end, 10) : -1;
    json_t *in = json_object();
    if (engagement)
      json_object_set_new(in, "engagement", json_string(engagement));
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
