/*
 * cmd_plan.c: `skillplan plan`: the LSIP through its states (statutory
 * guidance sections 5, 6): create, show, add stage records, the MCA/GLA
 * statement, submit, return, approve, publish, review, update, replace.
 */
#include <stdio.h>
#include <string.h>

#include "core/lsip/lsip.h"
#include "lsip_cli.h"
#include "report/compose.h"

static const char usage_text[] =
    "usage: skillplan plan ACTION --area CODE [options]\n"
    "  create --title TEXT              start the area's plan as a draft (ERB)\n"
    "  show                             the area's current plan with its records\n"
    "  add need|priority|action|evidence --record JSON   a stage A/B/C record (ERB)\n"
    "  edit --record JSON               title, summary, net_zero, mca_engagement_* (ERB)\n"
    "  mca-statement --record JSON      {engaged, had_opportunity, statement} (MCA/GLA)\n"
    "  part --part NAME --text TEXT     the report's text for part1, part2, part3, annex or\n"
    "                                   delivery (ERB; guidance section 6)\n"
    "  stage --record JSON              {stage: A|B|C, started_on, completed_on, participants,\n"
    "                                   summary} for the report's annex (ERB; section 5.2)\n"
    "  submit                           draft/returned -> submitted/resubmitted (ERB)\n"
    "  return --note FEEDBACK           submitted -> returned (DfE, section 6.5)\n"
    "  approve                          submitted -> approved (DfE, section 6.5)\n"
    "  publish                          approved -> published (DfE, section 6.6)\n"
    "  review                           published -> under_review (section 6.6)\n"
    "  update [--note TEXT]             under_review -> updated (ERB)\n"
    "  replace                          the next plan as a copy of this one (ERB, 6.6)\n"
    "Common options: --as EMAIL (act as that account; default the local DfE operator),\n"
    "  --date YYYY-MM-DD (the date the action is taken), --json.\n";

/* The version number of plan id, for the report's part texts and stages. */
static int plan_version(struct sp_ctx *ctx, int64_t plan) {
  json_t *p = NULL;
  int v = 0;
  if (sp_lsip_plan_get(ctx, plan, &p) == SP_OK)
    v = (int)json_integer_value(json_object_get(p, "version"));
  json_decref(p);
  return v;
}

static json_t *record(const char *r, struct sp_ctx *ctx, enum sp_rc *rc) {
  json_error_t err;
  json_t *j = r ? json_loads(r, 0, &err) : NULL;
  if (!j)
    *rc = sp_ctx_fail(ctx, SP_EINVAL, "record", "--record must be a JSON object%s%s",
                      r ? ": " : "", r ? err.text : "");
  return j;
}

int sp_cmd_plan(struct sp_cli *cli, int argc, char **argv) {
  const char *area = NULL, *title = NULL, *rec = NULL, *note = NULL, *part = NULL, *text = NULL;
  struct sp_lsip_common com = {NULL, NULL};
  const struct sp_cli_opt opts[] = {SP_OPT_STR("area", &area),   SP_OPT_STR("title", &title),
                                    SP_OPT_STR("record", &rec),  SP_OPT_STR("note", &note),
                                    SP_OPT_STR("part", &part),   SP_OPT_STR("text", &text),
                                    SP_LSIP_COMMON_OPTS(&com),   SP_OPT_END};
  int code = sp_cli_parse_args(cli, usage_text, opts, &argc, &argv, 1, 2);
  if (code != SP_CLI_GO)
    return code;
  const char *action = argv[1];
  if (argc > 2 && strcmp(action, "add") != 0)
    return sp_cli_usage_error(cli, "unexpected argument '%s'; see skillplan plan --help", argv[2]);
  if (!area)
    return sp_cli_usage_error(cli, "--area is required; see skillplan plan --help");
  struct sp_store *store = NULL;
  struct sp_ctx *ctx = NULL;
  code = sp_lsip_cli_open(cli, &com, &store, &ctx);
  if (code)
    return code;
  enum sp_rc rc = SP_OK;
  int64_t plan = 0, id = 0;
  json_t *in = NULL;
  char msg[160];
  snprintf(msg, sizeof(msg), "plan %s done", action);
  if (!strcmp(action, "create")) {
    rc = sp_lsip_plan_create(ctx, area, title, &id);
    snprintf(msg, sizeof(msg), "plan %lld created as a draft", (long long)id);
  } else if (!strcmp(action, "replace")) {
    rc = sp_lsip_plan_replace(ctx, area, &id);
    snprintf(msg, sizeof(msg), "plan %lld started as a copy of the published plan", (long long)id);
  } else {
    rc = sp_lsip_plan_current(ctx, area, &plan);
    if (rc == SP_OK && !plan)
      rc = sp_ctx_fail(ctx, SP_ENOTFOUND, "area", "area %s has no plan; start one with plan create",
                       area);
    if (rc != SP_OK) {
      /* fall through to the error */
    } else if (!strcmp(action, "show")) {
      json_t *out = NULL;
      rc = sp_lsip_plan_get(ctx, plan, &out);
      if (rc == SP_OK)
        sp_cli_print_json(out);
      json_decref(out);
      msg[0] = 0;
    } else if (!strcmp(action, "add") && argc >= 3) {
      const char *what = argv[2];
      if ((in = record(rec, ctx, &rc)) == NULL) {
      } else if (!strcmp(what, "need")) {
        rc = sp_lsip_need_add(ctx, plan, in, &id);
      } else if (!strcmp(what, "priority")) {
        rc = sp_lsip_priority_add(ctx, plan, in, &id);
      } else if (!strcmp(what, "action")) {
        rc = sp_lsip_action_add(ctx, plan, in, &id);
      } else if (!strcmp(what, "evidence")) {
        rc = sp_lsip_evidence_add(ctx, plan, in, &id);
      } else {
        rc = sp_ctx_fail(ctx, SP_EINVAL, NULL, "add what? need, priority, action or evidence");
      }
      snprintf(msg, sizeof(msg), "%s %lld added", what, (long long)id);
    } else if (!strcmp(action, "edit")) {
      if ((in = record(rec, ctx, &rc)) != NULL)
        rc = sp_lsip_plan_update(ctx, plan, in);
    } else if (!strcmp(action, "mca-statement")) {
      if ((in = record(rec, ctx, &rc)) != NULL)
        rc = sp_lsip_mca_statement(ctx, plan, in, &id);
    } else if (!strcmp(action, "part")) {
      rc = sp_report_part_set(ctx, area, plan_version(ctx, plan), part ? part : "", text);
      snprintf(msg, sizeof(msg), "report text for %s saved", part ? part : "");
    } else if (!strcmp(action, "stage")) {
      if ((in = record(rec, ctx, &rc)) != NULL)
        rc = sp_report_stage_set(ctx, area, plan_version(ctx, plan), in);
      snprintf(msg, sizeof(msg), "stage recorded");
    } else if (!strcmp(action, "submit") || !strcmp(action, "return") ||
               !strcmp(action, "approve") || !strcmp(action, "publish") ||
               !strcmp(action, "review") || !strcmp(action, "update")) {
      rc = sp_lsip_plan_transition(ctx, plan, action, note);
      if (rc == SP_OK) {
        json_t *p = NULL;
        if (sp_lsip_plan_get(ctx, plan, &p) == SP_OK)
          snprintf(msg, sizeof(msg), "plan %lld is now %s", (long long)plan,
                   json_string_value(json_object_get(p, "state")));
        json_decref(p);
      }
    } else {
      json_decref(in);
      sp_cli_close(store, ctx);
      fprintf(stderr, "skillplan: unknown plan action '%s'\n", action);
      return sp_cli_usage(usage_text);
    }
  }
  json_decref(in);
  if (rc == SP_OK && msg[0]) {
    json_t *x = json_pack("{s:I, s:I}", "plan_id", (json_int_t)(plan ? plan : id), "id",
                          (json_int_t)id);
    sp_lsip_cli_done(cli, msg, x);
    json_decref(x);
  }
  code = rc == SP_OK ? SP_EXIT_OK : sp_cli_fail(ctx, rc);
  sp_cli_close(store, ctx);
  return code;
}
