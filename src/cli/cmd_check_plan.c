/*
 * cmd_check_plan.c: `skillplan check-plan --area CODE [--version N]
 * [--json]`: the readiness check of a plan version against the guidance
 * (src/report/readiness.h), each finding with its severity and the guidance
 * section it comes from. Exit 0 when nothing blocks submission, 2 when a
 * blocking finding stands. --sample checks the built-in example plan.
 */
#include <stdio.h>

#include "report/pdf.h"
#include "report/readiness.h"
#include "report_args.h"

int sp_cmd_check_plan(struct sp_cli *cli, int argc, char **argv) {
  static const char usage_text[] =
      "usage: skillplan check-plan --area CODE [--version N] [--json]\n"
      "Checks the plan against the guidance (section 6); exit 2 while a blocking finding "
      "stands.\n"
      "A version submitted for approval is judged as of its submission date (whether a\n"
      "mayoral authority or the GLA covered the area then); a draft as of today.\n";
  struct sp_report_args a;
  int code = sp_cli_report_args(cli, usage_text, argc, argv, &a, 0);
  if (code != SP_CLI_GO)
    return code;
  struct sp_store *store = NULL;
  struct sp_ctx *ctx = NULL;
  struct sp_report_plan *plan = NULL;
  struct sp_readiness *r = NULL;
  code = sp_cli_report_load(cli, &a, &store, &ctx, &plan);
  if (code != SP_EXIT_OK)
    goto out;
  enum sp_rc rc = sp_report_check(ctx, plan, -1, &r);
  if (rc != SP_OK) {
    code = sp_cli_fail(ctx, rc);
    goto out;
  }
  if (cli->json) {
    json_t *j = sp_readiness_json(r);
    if (a.area)
      json_object_set_new(j, "area", json_string(a.area));
    json_object_set_new(j, "version", json_integer(plan->version));
    sp_cli_print_json(j);
    json_decref(j);
  } else {
    printf("%s, plan version %d: %s; %d pages count towards the limit of %d\n",
           plan->area_name ? plan->area_name : (a.area ? a.area : "sample"), plan->version,
           r->blocking ? "NOT ready to submit" : "ready to submit", r->pages_counted,
           SP_REPORT_MAX_PAGES);
    for (size_t i = 0; i < r->n; i++)
      printf("%-8s %-24s %s\n",
             r->findings[i].severity == SP_SEV_BLOCKING ? "blocking" : "warning",
             r->findings[i].code, r->findings[i].message);
  }
  code = r->blocking ? SP_EXIT_INPUT : SP_EXIT_OK;
out:
  sp_readiness_free(r);
  sp_report_plan_free(plan);
  if (store)
    sp_cli_close(store, ctx);
  else
    sp_ctx_free(ctx);
  return code;
}
