/*
 * cmd_eligible.c: `skillplan eligible`: may a learner's qualification be
 * funded under a programme from a start date? Answers with the rule that
 * decided, its source, and every rule's outcome (src/core/agree/eligible.h).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_agreement_opts.h"
#include "core/agree/eligible.h"
#include "base/date.h"

int sp_cmd_eligible(struct sp_cli *cli, int argc, char **argv) {
  static const char help[] =
      "usage: skillplan eligible --learner REF --qualification LARS_CODE --programme CODE --start DATE\n"
      "                          [--provider ORG_ID|UKPRN] [--employer ORG_ID] [--employer-size N]\n"
      "                          [--agreement ID] [--json]\n"
      "       skillplan eligible --rules   (the rules table with sources)\n"
      "Exit code 0 with an answer either way (ELIGIBLE / NOT ELIGIBLE), 2 for unknown codes or bad input.\n";
  const char *o_learner = NULL, *o_qualification = NULL, *o_programme = NULL, *o_provider = NULL;
  const char *o_start = NULL, *emp = NULL, *size = NULL, *ag = NULL;
  int f_rules = 0;
  const struct sp_cli_opt opts[] = {
      SP_OPT_STR("learner", &o_learner),
      SP_OPT_STR("qualification", &o_qualification),
      SP_OPT_STR("programme", &o_programme),
      SP_OPT_STR("provider", &o_provider),
      SP_OPT_STR("start", &o_start),
      SP_OPT_STR("employer", &emp),
      SP_OPT_STR("employer-size", &size),
      SP_OPT_STR("agreement", &ag),
      SP_OPT_FLAG("rules", &f_rules),
      SP_OPT_END};
  int pcode = sp_cli_parse_args(cli, help, opts, &argc, &argv, 0, 0);
  if (pcode != SP_CLI_GO)
    return pcode;
  struct sp_store *store;
  struct sp_ctx *ctx;
  int code;
  if (f_rules) {
    if ((code = sp_cli_open(cli, &store, &ctx)))
      return code;
    json_t *rules = NULL;
    enum sp_rc rc = sp_eligibility_rules(ctx, &rules);
    if (rc != SP_OK)
      code = sp_cli_fail(ctx, rc);
    else if (cli->json)
      sp_cli_print_json(rules);
    else {
      size_t i;
      json_t *r;
      json_array_foreach(rules, i, r)
        printf("%lld. %s: %s\n   source: %s\n", (long long)json_integer_value(json_object_get(r, "ord")),
               json_string_value(json_object_get(r, "code")), json_string_value(json_object_get(r, "title")),
               json_string_value(json_object_get(r, "source")));
    }
    json_decref(rules);
    sp_cli_close(store, ctx);
    return code;
  }
  int ok = 1;
  struct sp_elig_request req = {
      .learner = o_learner,
      .qualification = o_qualification,
      .programme = o_programme,
      .start = SP_DATE_NONE,
      .provider = o_provider,
      .employer_size = -1,
  };
  const char *start = o_start;
  if (!req.learner || !req.qualification || !req.programme || !start)
    return sp_cli_usage("usage: skillplan eligible --learner REF --qualification CODE --programme CODE --start DATE"
                        " [...]; see --help\n");
  if (sp_date_parse(start, &req.start) != SP_OK) {
    fprintf(stderr, "skillplan: --start: '%s' is not a date as YYYY-MM-DD\n", start);
    return SP_EXIT_INPUT;
  }
  if (emp && !(req.employer_org_id = opt_id(emp))) {
    fprintf(stderr, "skillplan: --employer: '%s' is not an organisation id\n", emp);
    return SP_EXIT_INPUT;
  }
  if (ag && !(req.agreement_id = opt_id(ag))) {
    fprintf(stderr, "skillplan: --agreement: '%s' is not an agreement id\n", ag);
    return SP_EXIT_INPUT;
  }
  if (size) {
    req.employer_size = opt_int(size, &ok);
    if (!ok || req.employer_size < 0) {
      fprintf(stderr, "skillplan: --employer-size: '%s' is not a number of employees\n", size);
      return SP_EXIT_INPUT;
    }
  }
  if ((code = sp_cli_open(cli, &store, &ctx)))
    return code;
  json_t *out = NULL;
  enum sp_rc rc = sp_eligible(ctx, &req, &out);
  if (rc != SP_OK) {
    code = sp_cli_fail(ctx, rc);
  } else {
    if (cli->json) {
      sp_cli_print_json(out);
    } else {
      json_t *d = json_object_get(out, "decided_by");
      printf("%s\n", json_is_true(json_object_get(out, "eligible")) ? "ELIGIBLE" : "NOT ELIGIBLE");
      printf("Decided by: %s: %s\nSource: %s\n%s\n\nChecks:\n", json_string_value(json_object_get(d, "code")),
             json_string_value(json_object_get(d, "title")), json_string_value(json_object_get(d, "source")),
             json_string_value(json_object_get(out, "message")));
      size_t i;
      json_t *c;
      json_array_foreach(json_object_get(out, "checks"), i, c)
        printf("  %-24s %-15s %s\n", json_string_value(json_object_get(c, "code")),
               json_string_value(json_object_get(c, "outcome")), json_string_value(json_object_get(c, "detail")));
    }
  }
  json_decref(out);
  sp_cli_close(store, ctx);
  return code;
}
