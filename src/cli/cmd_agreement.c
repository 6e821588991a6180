/*
 * cmd_agreement.c: `skillplan agreement list|show|create|publish|sign|review|
 * action|report`: sector compacts, local compacts, alliances and Skills
 * Pledges (src/core/agree/agree.h). The CLI is the operator's tool on the
 * server: it acts as a DfE administrator named "cli".
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_agreement_opts.h"
#include "core/agree/agree.h"
#include "core/agree/agree_demo.h"
#include "base/date.h"

/* Parses the value v of the date option `name` into *out; a required one
 * must be given. Returns an exit code (0 when well). */
static int date_opt(const char *name, const char *v, int32_t *out, int required) {
  if (!v && required) {
    fprintf(stderr, "skillplan: %s needs a date (YYYY-MM-DD)\n", name);
    return SP_EXIT_USAGE;
  }
  if (v && sp_date_parse(v, out) != SP_OK) {
    fprintf(stderr, "skillplan: %s: '%s' is not a date as YYYY-MM-DD\n", name, v);
    return SP_EXIT_INPUT;
  }
  return SP_EXIT_OK;
}

static void print_agreement_text(const json_t *a) {
  printf("%s (%s) #%lld [%s]\n", json_string_value(json_object_get(a, "title")),
         json_string_value(json_object_get(a, "kind_name")), (long long)json_integer_value(json_object_get(a, "id")),
         json_string_value(json_object_get(a, "state")));
  const char *te = json_string_value(json_object_get(a, "term_end"));
  printf("Term: %s to %s\n", json_string_value(json_object_get(a, "term_start")), te ? te : "open");
  size_t i;
  json_t *v;
  printf("\nParties:\n");
  json_array_foreach(json_object_get(a, "parties"), i, v)
    printf("  %-45s %s\n", json_string_value(json_object_get(v, "org_name")),
           json_string_value(json_object_get(v, "role_name")));
  printf("\nAims:\n");
  json_array_foreach(json_object_get(a, "aims"), i, v) printf("  - %s\n", json_string_value(v));
  printf("\nFlexibilities:\n");
  json_array_foreach(json_object_get(a, "flexibilities"), i, v)
    printf("  %-24s %s to %s  %s\n", json_string_value(json_object_get(v, "kind")),
           json_string_value(json_object_get(v, "period_start")), json_string_value(json_object_get(v, "period_end")),
           json_is_string(json_object_get(v, "conditions")) ? json_string_value(json_object_get(v, "conditions")) : "");
  printf("\nTargets:\n");
  json_array_foreach(json_object_get(a, "targets"), i, v) {
    json_t *ach = json_object_get(v, "achieved");
    printf("  %-26s %s to %s  %8lld", json_string_value(json_object_get(v, "measure")),
           json_string_value(json_object_get(v, "period_start")), json_string_value(json_object_get(v, "period_end")),
           (long long)json_integer_value(json_object_get(v, "volume")));
    if (json_is_integer(ach))
      printf("  achieved %lld", (long long)json_integer_value(ach));
    printf("\n");
  }
  printf("\nEligible qualifications: %zu\n", json_array_size(json_object_get(a, "qualifications")));
  json_t *s = json_object_get(a, "signatories");
  printf("\nSignatories: %lld", (long long)json_integer_value(json_object_get(s, "signed")));
  if (json_object_get(s, "target_kind"))
    printf(" (%lld of %lld %s providers; target date %s: %s)",
           (long long)json_integer_value(json_object_get(s, "signed_of_kind")),
           (long long)json_integer_value(json_object_get(s, "target_count")),
           json_string_value(json_object_get(s, "target_kind")), json_string_value(json_object_get(s, "target_date")),
           json_string_value(json_object_get(s, "status")));
  printf("\n\nReviews:\n");
  json_array_foreach(json_object_get(a, "reviews"), i, v)
    printf("  %s %-8s %-9s %s\n", json_string_value(json_object_get(v, "due")),
           json_is_true(json_object_get(v, "formal")) ? "formal" : "", json_string_value(json_object_get(v, "status")),
           json_is_string(json_object_get(v, "held_on")) ? json_string_value(json_object_get(v, "held_on")) : "");
  printf("\nAction plan:\n");
  json_array_foreach(json_object_get(a, "actions"), i, v) {
    json_t *p = json_object_get(v, "progress");
    printf("  #%lld %s [%s, %lld%%%s]\n", (long long)json_integer_value(json_object_get(v, "id")),
           json_string_value(json_object_get(v, "title")), json_string_value(json_object_get(v, "status")),
           json_is_integer(p) ? (long long)json_integer_value(p) : 0LL,
           json_is_true(json_object_get(v, "overdue")) ? ", overdue" : "");
    size_t k;
    json_t *sub;
    json_array_foreach(json_object_get(v, "sub_actions"), k, sub)
      printf("      #%lld %s [%s]\n", (long long)json_integer_value(json_object_get(sub, "id")),
             json_string_value(json_object_get(sub, "title")), json_string_value(json_object_get(sub, "status")));
  }
}

static int finish(struct sp_cli *cli, struct sp_store *store, struct sp_ctx *ctx, enum sp_rc rc, json_t *out,
                  const char *ok_text) {
  int code = SP_EXIT_OK;
  if (rc != SP_OK) {
    code = sp_cli_fail(ctx, rc);
  } else if (cli->json && out) {
    sp_cli_print_json(out);
  } else if (ok_text) {
    printf("%s\n", ok_text);
  }
  json_decref(out);
  sp_cli_close(store, ctx);
  return code;
}

int sp_cmd_agreement_list(struct sp_cli *cli, int argc, char **argv) {
  static const char help[] =
      "usage: skillplan agreement list [--kind sector_compact|local_compact|alliance|skills_pledge]"
      " [--json]\n";
  const char *kind = NULL;
  const struct sp_cli_opt opts[] = {
      SP_OPT_STR("kind", &kind),
      SP_OPT_END};
  int pcode = sp_cli_parse_args(cli, help, opts, &argc, &argv, 0, 0);
  if (pcode != SP_CLI_GO)
    return pcode;
  struct sp_store *store;
  struct sp_ctx *ctx;
  int code = sp_cli_open_operator(cli, &store, &ctx);
  if (code)
    return code;
  json_t *out = NULL;
  enum sp_rc rc = sp_agreement_list(ctx, kind, &out);
  if (rc == SP_OK && !cli->json) {
    size_t i;
    json_t *v;
    json_array_foreach(out, i, v)
      printf("%4lld  %-15s %-9s %s to %s  %s\n", (long long)json_integer_value(json_object_get(v, "id")),
             json_string_value(json_object_get(v, "kind")), json_string_value(json_object_get(v, "state")),
             json_string_value(json_object_get(v, "term_start")),
             json_is_string(json_object_get(v, "term_end")) ? json_string_value(json_object_get(v, "term_end"))
                                                            : "open      ",
             json_string_value(json_object_get(v, "title")));
  }
  return finish(cli, store, ctx, rc, out, NULL);
}

int sp_cmd_agreement_show(struct sp_cli *cli, int argc, char **argv) {
  static const char help[] =
      "usage: skillplan agreement show ID [--as-of DATE] [--json]\n"
      "Shows parties, aims, flexibilities, targets, signatories, reviews (status as of the date:\n"
      "upcoming, due, overdue, met) and the action plan with progress rolled up.\n";
  const char *o_as_of = NULL;
  const struct sp_cli_opt opts[] = {
      SP_OPT_STR("as-of", &o_as_of),
      SP_OPT_END};
  int pcode = sp_cli_parse_args(cli, help, opts, &argc, &argv, 0, 1);
  if (pcode != SP_CLI_GO)
    return pcode;
  int64_t id = opt_id(argc > 1 ? argv[1] : NULL);
  if (!id)
    return sp_cli_usage("usage: skillplan agreement show ID [--as-of DATE]\n");
  struct sp_store *store;
  struct sp_ctx *ctx;
  int32_t as_of = SP_DATE_NONE;
  int code = sp_cli_open_operator(cli, &store, &ctx);
  if (code)
    return code;
  as_of = sp_ctx_today(ctx);
  if ((code = date_opt("--as-of", o_as_of, &as_of, 0))) {
    sp_cli_close(store, ctx);
    return code;
  }
  json_t *out = NULL;
  enum sp_rc rc = sp_agreement_get(ctx, id, as_of, &out);
  if (rc == SP_OK && !cli->json)
    print_agreement_text(out);
  return finish(cli, store, ctx, rc, out, NULL);
}

int sp_cmd_agreement_create(struct sp_cli *cli, int argc, char **argv) {
  static const char help[] =
      "usage: skillplan agreement create --file AGREEMENT.json [--json]\n"
      "The file holds {kind, title, sector?, term_start, term_end?, aims?, parties?: [{org_id, role}],\n"
      "flexibilities?: [{kind, conditions?, period_start, period_end}], targets?: [{measure,\n"
      "period_start, period_end, volume}], qualifications?: [code], signatory_target_kind?,\n"
      "signatory_target_date?, employees_covered?}. A sector compact's term is at most three years.\n";
  const char *file = NULL;
  const struct sp_cli_opt opts[] = {
      SP_OPT_STR("file", &file),
      SP_OPT_END};
  int pcode = sp_cli_parse_args(cli, help, opts, &argc, &argv, 0, 0);
  if (pcode != SP_CLI_GO)
    return pcode;
  if (!file)
    return sp_cli_usage("usage: skillplan agreement create --file AGREEMENT.json\n");
  json_t *in = NULL;
  if (sp_cli_load_json(file, &in) != SP_EXIT_OK)
    return SP_EXIT_INPUT;
  struct sp_store *store;
  struct sp_ctx *ctx;
  int code = sp_cli_open_operator(cli, &store, &ctx);
  if (code) {
    json_decref(in);
    return code;
  }
  int64_t id = 0;
  enum sp_rc rc = sp_agreement_create(ctx, in, &id);
  json_decref(in);
  if (rc != SP_OK) {
    fprintf(stderr, "skillplan: %s: %s\n", file, sp_ctx_errmsg(ctx));
    sp_cli_close(store, ctx);
    return sp_rc_exit(rc);
  }
  char text[64];
  snprintf(text, sizeof(text), "created agreement %lld (draft)", (long long)id);
  return finish(cli, store, ctx, rc, json_pack("{s:I}", "id", (json_int_t)id), text);
}

int sp_cmd_agreement_publish(struct sp_cli *cli, int argc, char **argv) {
  static const char help[] =
      "usage: skillplan agreement publish ID\n"
      "Publishes a draft once every core role of its kind has a party.\n";
  const struct sp_cli_opt opts[] = {
      SP_OPT_END};
  int pcode = sp_cli_parse_args(cli, help, opts, &argc, &argv, 0, 1);
  if (pcode != SP_CLI_GO)
    return pcode;
  int64_t id = opt_id(argc > 1 ? argv[1] : NULL);
  if (!id)
    return sp_cli_usage("usage: skillplan agreement publish ID\n");
  struct sp_store *store;
  struct sp_ctx *ctx;
  int code = sp_cli_open_operator(cli, &store, &ctx);
  if (code)
    return code;
  enum sp_rc rc = sp_agreement_publish(ctx, id);
  return finish(cli, store, ctx, rc, json_pack("{s:I, s:s}", "id", (json_int_t)id, "state", "published"),
                "published");
}

int sp_cmd_agreement_sign(struct sp_cli *cli, int argc, char **argv) {
  static const char help[] =
      "usage: skillplan agreement sign ID --org ORG_ID --date DATE\n"
      "Records a provider signing up (003_74d2a3b73f9382d8.txt: funded providers sign up).\n";
  const char *o_org = NULL, *o_date = NULL;
  const struct sp_cli_opt opts[] = {
      SP_OPT_STR("org", &o_org),
      SP_OPT_STR("date", &o_date),
      SP_OPT_END};
  int pcode = sp_cli_parse_args(cli, help, opts, &argc, &argv, 0, 1);
  if (pcode != SP_CLI_GO)
    return pcode;
  int64_t id = opt_id(argc > 1 ? argv[1] : NULL);
  int64_t org = opt_id(o_org);
  if (!id || !org)
    return sp_cli_usage("usage: skillplan agreement sign ID --org ORG_ID --date DATE\n");
  struct sp_store *store;
  struct sp_ctx *ctx;
  int32_t on = SP_DATE_NONE;
  int code = sp_cli_open_operator(cli, &store, &ctx);
  if (code)
    return code;
  if ((code = date_opt("--date", o_date, &on, 1))) {
    sp_cli_close(store, ctx);
    return code;
  }
  enum sp_rc rc = sp_agreement_sign(ctx, id, org, on);
  return finish(cli, store, ctx, rc, json_pack("{s:I, s:I}", "agreement_id", (json_int_t)id, "org_id", (json_int_t)org),
                "signed");
}

int sp_cmd_agreement_review(struct sp_cli *cli, int argc, char **argv) {
  static const char help[] =
      "usage: skillplan agreement review ID --held-on DATE [--for DUE_DATE] [--notes TEXT]\n"
      "Records a review; without --for it answers the earliest scheduled review not yet met.\n";
  const char *notes = NULL, *o_held_on = NULL, *o_for = NULL;
  const struct sp_cli_opt opts[] = {
      SP_OPT_STR("notes", &notes),
      SP_OPT_STR("held-on", &o_held_on),
      SP_OPT_STR("for", &o_for),
      SP_OPT_END};
  int pcode = sp_cli_parse_args(cli, help, opts, &argc, &argv, 0, 1);
  if (pcode != SP_CLI_GO)
    return pcode;
  int64_t id = opt_id(argc > 1 ? argv[1] : NULL);
  if (!id)
    return sp_cli_usage("usage: skillplan agreement review ID --held-on DATE [--for DUE_DATE] [--notes TEXT]\n");
  struct sp_store *store;
  struct sp_ctx *ctx;
  int32_t held = SP_DATE_NONE, due = SP_DATE_NONE;
  int code = sp_cli_open_operator(cli, &store, &ctx);
  if (code)
    return code;
  if ((code = date_opt("--held-on", o_held_on, &held, 1)) || (code = date_opt("--for", o_for, &due, 0))) {
    sp_cli_close(store, ctx);
    return code;
  }
  enum sp_rc rc = sp_agreement_record_review(ctx, id, due, held, notes);
  return finish(cli, store, ctx, rc, json_pack("{s:I}", "agreement_id", (json_int_t)id), "review recorded");
}

int sp_cmd_agreement_action(struct sp_cli *cli, int argc, char **argv) {
  static const char help[] =
      "usage: skillplan agreement action ID --title TEXT [--owner ORG_ID] [--due DATE]"
      " [--parent ACTION_ID] [--status S] [--progress 0-100]\n"
      "       skillplan agreement action --update ACTION_ID --status S [--progress N]\n"
      "Statuses: not_started, in_progress, done, dropped.\n";
  const char *upd = NULL, *status = NULL, *progress = NULL, *title = NULL;
  const char *owner = NULL, *due = NULL, *parent = NULL;
  const struct sp_cli_opt opts[] = {
      SP_OPT_STR("update", &upd),
      SP_OPT_STR("status", &status),
      SP_OPT_STR("progress", &progress),
      SP_OPT_STR("title", &title),
      SP_OPT_STR("owner", &owner),
      SP_OPT_STR("due", &due),
      SP_OPT_STR("parent", &parent),
      SP_OPT_END};
  int pcode = sp_cli_parse_args(cli, help, opts, &argc, &argv, 0, 1);
  if (pcode != SP_CLI_GO)
    return pcode;
  struct sp_store *store;
  struct sp_ctx *ctx;
  int ok = 1;
  int64_t pr = progress ? opt_int(progress, &ok) : 0;
  if (!ok)
    return sp_cli_usage("skillplan: --progress needs a whole number 0-100\n");
  if (upd) {
    int64_t aid = opt_id(upd);
    if (!aid || !status)
      return sp_cli_usage("usage: skillplan agreement action --update ACTION_ID --status S [--progress N]\n");
    int code = sp_cli_open_operator(cli, &store, &ctx);
    if (code)
      return code;
    enum sp_rc rc = sp_agreement_update_action(ctx, aid, status, (int)pr);
    return finish(cli, store, ctx, rc, json_pack("{s:I}", "action_id", (json_int_t)aid), "action updated");
  }
  int64_t id = opt_id(argc > 1 ? argv[1] : NULL);
  if (!id || !title)
    return sp_cli_usage("usage: skillplan agreement action ID --title TEXT [...]; see --help\n");
  json_t *in = json_pack("{s:s}", "title", title);
  if (owner)
    json_object_set_new(in, "owner_org_id", json_integer(opt_id(owner)));
  if (parent)
    json_object_set_new(in, "parent_id", json_integer(opt_id(parent)));
  if (due)
    json_object_set_new(in, "due_date", json_string(due));
  if (status)
    json_object_set_new(in, "status", json_string(status));
  if (progress)
    json_object_set_new(in, "progress", json_integer(pr));
  int code = sp_cli_open_operator(cli, &store, &ctx);
  if (code) {
    json_decref(in);
    return code;
  }
  int64_t aid = 0;
  enum sp_rc rc = sp_agreement_add_action(ctx, id, in, &aid);
  json_decref(in);
  char text[64];
  snprintf(text, sizeof(text), "added action %lld", (long long)aid);
  return finish(cli, store, ctx, rc, json_pack("{s:I}", "action_id", (json_int_t)aid), text);
}

int sp_cmd_agreement_report(struct sp_cli *cli, int argc, char **argv) {
  static const char help[] =
      "usage: skillplan agreement report ID --year N [--json]\n"
      "The annual report for year N of the term, assembled from the records.\n";
  const char *o_year = NULL;
  const struct sp_cli_opt opts[] = {
      SP_OPT_STR("year", &o_year),
      SP_OPT_END};
  int pcode = sp_cli_parse_args(cli, help, opts, &argc, &argv, 0, 1);
  if (pcode != SP_CLI_GO)
    return pcode;
  int ok = 0;
  int64_t id = opt_id(argc > 1 ? argv[1] : NULL);
  int64_t year = opt_int(o_year, &ok);
  if (!id || !ok)
    return sp_cli_usage("usage: skillplan agreement report ID --year N\n");
  struct sp_store *store;
  struct sp_ctx *ctx;
  int code = sp_cli_open_operator(cli, &store, &ctx);
  if (code)
    return code;
  json_t *out = NULL;
  enum sp_rc rc = sp_agreement_report(ctx, id, (int)year, &out);
  if (rc == SP_OK && !cli->json) {
    json_t *a = json_object_get(out, "agreement");
    printf("Annual report, year %lld: %s (%s to %s)\n", (long long)year,
           json_string_value(json_object_get(a, "title")), json_string_value(json_object_get(out, "period_start")),
           json_string_value(json_object_get(out, "period_end")));
    size_t i;
    json_t *v;
    printf("Targets:\n");
    json_array_foreach(json_object_get(out, "targets"), i, v)
      printf("  %-26s %lld\n", json_string_value(json_object_get(v, "measure")),
             (long long)json_integer_value(json_object_get(v, "volume")));
    printf("Reviews:\n");
    json_array_foreach(json_object_get(out, "reviews"), i, v)
      printf("  %s %s\n", json_string_value(json_object_get(v, "due")), json_string_value(json_object_get(v, "status")));
    json_t *s = json_object_get(out, "signatories");
    printf("Signatories by the year's end: %lld\n", (long long)json_integer_value(json_object_get(s, "signed_by_year_end")));
    json_t *f = json_object_get(out, "funding");
    printf("Funding: allocated %lld p, delivered %lld p, committed %lld p\n",
           (long long)json_integer_value(json_object_get(f, "allocated_pence")),
           (long long)json_integer_value(json_object_get(f, "delivered_pence")),
           (long long)json_integer_value(json_object_get(f, "committed_pence")));
  }
  return finish(cli, store, ctx, rc, out, NULL);
}

int sp_cmd_agreement_demo(struct sp_cli *cli, int argc, char **argv) {
  static const char help[] =
      "usage: skillplan agreement demo\n"
      "Loads the agreements demo data: the ten sector compacts, the Northwest alliance, the\n"
      "Leicestershire VCS compact, a Skills Pledge, allocations and the One Year On indicators.\n";
  const struct sp_cli_opt opts[] = {
      SP_OPT_END};
  int pcode = sp_cli_parse_args(cli, help, opts, &argc, &argv, 0, 0);
  if (pcode != SP_CLI_GO)
    return pcode;
  struct sp_store *store;
  struct sp_ctx *ctx;
  int code = sp_cli_open_operator(cli, &store, &ctx);
  if (code)
    return code;
  enum sp_rc rc = sp_demo_agree(ctx);
  return finish(cli, store, ctx, rc, json_pack("{s:b}", "loaded", 1), "agreements demo data loaded");
}

int sp_cmd_agreement_add(struct sp_cli *cli, int argc, char **argv) {
  static const char help[] =
      "usage: skillplan agreement add ID party|target|flexibility|qualification --file PART.json\n"
      "party:         {org_id, role}\n"
      "target:        {measure, period_start, period_end, volume, achieved?}\n"
      "flexibility:   {kind, conditions?, period_start?, period_end?}\n"
      "qualification: {code, valid_from?, valid_to?}\n";
  const char *file = NULL;
  const struct sp_cli_opt opts[] = {
      SP_OPT_STR("file", &file),
      SP_OPT_END};
  int pcode = sp_cli_parse_args(cli, help, opts, &argc, &argv, 0, 2);
  if (pcode != SP_CLI_GO)
    return pcode;
  const char *id_s = argc > 1 ? argv[1] : NULL, *what = argc > 2 ? argv[2] : NULL;
  int64_t id = opt_id(id_s);
  if (!id || !what || !file ||
      (strcmp(what, "party") != 0 && strcmp(what, "target") != 0 && strcmp(what, "flexibility") != 0 &&
       strcmp(what, "qualification") != 0))
    return sp_cli_usage("usage: skillplan agreement add ID party|target|flexibility|qualification --file PART.json\n");
  json_t *in = NULL;
  if (sp_cli_load_json(file, &in) != SP_EXIT_OK)
    return SP_EXIT_INPUT;
  struct sp_store *store;
  struct sp_ctx *ctx;
  int code = sp_cli_open_operator(cli, &store, &ctx);
  if (code) {
    json_decref(in);
    return code;
  }
  enum sp_rc rc;
  if (what[0] == 'p') {
    json_t *org = json_object_get(in, "org_id");
    const char *role = json_string_value(json_object_get(in, "role"));
    rc = json_is_integer(org) && role ? sp_agreement_add_party(ctx, id, json_integer_value(org), role)
                                      : sp_ctx_fail(ctx, SP_EINVAL, "org_id", "a party needs org_id and role");
  } else if (what[0] == 't') {
    rc = sp_agreement_add_target(ctx, id, in);
  } else if (what[0] == 'f') {
    rc = sp_agreement_add_flexibility(ctx, id, in);
  } else {
    rc = sp_agreement_add_qualification(ctx, id, in);
  }
  json_decref(in);
  if (rc != SP_OK) {
    fprintf(stderr, "skillplan: %s: %s\n", file, sp_ctx_errmsg(ctx));
    sp_cli_close(store, ctx);
    return sp_rc_exit(rc);
  }
  char text[80];
  snprintf(text, sizeof(text), "added %s to agreement %lld", what, (long long)id);
  return finish(cli, store, ctx, rc, json_pack("{s:I, s:s}", "agreement_id", (json_int_t)id, "added", what), text);
}
