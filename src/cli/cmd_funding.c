/*
 * cmd_funding.c: `skillplan funding reallocate|move|export|allocations|
 * duplicates|record`: money attached to agreements (src/core/agree/funding.h).
 * The CLI acts as a DfE administrator named "cli".
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_agreement_opts.h"
#include "core/agree/agree.h"
#include "core/agree/funding.h"
#include "base/alloc.h"
#include "base/date.h"
#include "base/record.h"

static void pounds(int64_t p, char *buf, size_t n) {
  snprintf(buf, n, "%s£%lld.%02lld", p < 0 ? "-" : "", (long long)((p < 0 ? -p : p) / 100),
           (long long)((p < 0 ? -p : p) % 100));
}

int sp_cmd_funding_reallocate(struct sp_cli *cli, int argc, char **argv) {
  static const char help[] =
      "usage: skillplan funding reallocate --as-of DATE [--dry-run] [--json]\n"
      "At a review date, moves uncommitted money from agreements whose demand (delivered and\n"
      "committed) is below their profile to agreements whose demand exceeds theirs, in proportion\n"
      "to excess demand (000_7a3ba3d30b329542.txt Q12). Shows the moves; --dry-run writes nothing.\n";
  const char *d = NULL;
  int dry = 0;
  const struct sp_cli_opt opts[] = {
      SP_OPT_STR("as-of", &d),
      SP_OPT_FLAG("dry-run", &dry),
      SP_OPT_END};
  int pcode = sp_cli_parse_args(cli, help, opts, &argc, &argv, 0, 0);
  if (pcode != SP_CLI_GO)
    return pcode;
  int32_t as_of;
  if (!d)
    return sp_cli_usage("usage: skillplan funding reallocate --as-of DATE [--dry-run]\n");
  if (sp_date_parse(d, &as_of) != SP_OK) {
    fprintf(stderr, "skillplan: --as-of: '%s' is not a date as YYYY-MM-DD\n", d);
    return SP_EXIT_INPUT;
  }
  struct sp_store *store;
  struct sp_ctx *ctx;
  int code = sp_cli_open_operator(cli, &store, &ctx);
  if (code)
    return code;
  json_t *out = NULL;
  enum sp_rc rc = sp_funding_reallocate(ctx, as_of, dry, &out);
  if (rc != SP_OK) {
    code = sp_cli_fail(ctx, rc);
  } else if (cli->json) {
    sp_cli_print_json(out);
  } else {
    char a[40], b[40], c[40];
    printf("Reallocation at %s%s\n\n", d, dry ? " (dry run: nothing written)" : "");
    printf("%-46s %14s %14s %14s %-14s %14s\n", "agreement", "allocated", "demand", "profile", "position", "change");
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(out, "agreements"), i, v) {
      char e[40];
      pounds(sp_rec_int(v, "allocated_pence"), a, sizeof(a));
      pounds(sp_rec_int(v, "used_pence"), b, sizeof(b));
      pounds(sp_rec_int(v, "profile_pence"), c, sizeof(c));
      pounds(sp_rec_int(v, "change_pence"), e, sizeof(e));
      printf("%-46.46s %14s %14s %14s %-14s %14s\n", sp_rec_str(v, "title", ""), a, b, c, sp_rec_str(v, "position", ""), e);
    }
    printf("\nMoves:\n");
    json_array_foreach(json_object_get(out, "moves"), i, v) {
      pounds(sp_rec_int(v, "amount_pence"), a, sizeof(a));
      printf("  %s from #%lld %s to #%lld %s\n    reason: %s\n", a, (long long)sp_rec_int(v, "from_agreement_id"),
             sp_rec_str(v, "from_title", ""), (long long)sp_rec_int(v, "to_agreement_id"), sp_rec_str(v, "to_title", ""), sp_rec_str(v, "reason", ""));
    }
    if (json_array_size(json_object_get(out, "moves")) == 0)
      printf("  none: no agreement is both below and above its profile\n");
    pounds(sp_rec_int(out, "moved_pence"), a, sizeof(a));
    pounds(sp_rec_int(out, "total_before_pence"), b, sizeof(b));
    pounds(sp_rec_int(out, "total_after_pence"), c, sizeof(c));
    printf("\nMoved %s; total allocated before %s, after %s\n", a, b, c);
  }
  json_decref(out);
  sp_cli_close(store, ctx);
  return code;
}

int sp_cmd_funding_move(struct sp_cli *cli, int argc, char **argv) {
  static const char help[] =
      "usage: skillplan funding move --from AGREEMENT --to AGREEMENT --amount-pence N"
      " --reason TEXT --as-of DATE\n"
      "Moves uncommitted money between two agreements' live allocations; committed or\n"
      "delivered money is refused.\n";
  const char *o_from = NULL, *o_to = NULL, *o_amount_pence = NULL, *reason = NULL;
  const char *d = NULL;
  const struct sp_cli_opt opts[] = {
      SP_OPT_STR("from", &o_from),
      SP_OPT_STR("to", &o_to),
      SP_OPT_STR("amount-pence", &o_amount_pence),
      SP_OPT_STR("reason", &reason),
      SP_OPT_STR("as-of", &d),
      SP_OPT_END};
  int pcode = sp_cli_parse_args(cli, help, opts, &argc, &argv, 0, 0);
  if (pcode != SP_CLI_GO)
    return pcode;
  int ok = 0;
  int64_t from = opt_id(o_from), to = opt_id(o_to);
  int64_t amount = opt_int(o_amount_pence, &ok);
  int32_t as_of;
  if (!from || !to || !ok || !reason || !d)
    return sp_cli_usage("usage: skillplan funding move --from ID --to ID --amount-pence N --reason TEXT --as-of DATE\n");
  if (sp_date_parse(d, &as_of) != SP_OK) {
    fprintf(stderr, "skillplan: --as-of: '%s' is not a date as YYYY-MM-DD\n", d);
    return SP_EXIT_INPUT;
  }
  struct sp_store *store;
  struct sp_ctx *ctx;
  int code = sp_cli_open_operator(cli, &store, &ctx);
  if (code)
    return code;
  enum sp_rc rc = sp_funding_move(ctx, from, to, amount, reason, as_of);
  if (rc != SP_OK)
    code = sp_cli_fail(ctx, rc);
  else if (cli->json) {
    json_t *j = json_pack("{s:I, s:I, s:I}", "from", (json_int_t)from, "to", (json_int_t)to, "amount_pence",
                          (json_int_t)amount);
    sp_cli_print_json(j);
    json_decref(j);
  } else
    printf("moved %lld pence from agreement %lld to %lld\n", (long long)amount, (long long)from, (long long)to);
  sp_cli_close(store, ctx);
  return code;
}

int sp_cmd_funding_export(struct sp_cli *cli, int argc, char **argv) {
  static const char help[] =
      "usage: skillplan funding export --format 360giving-json|360giving-csv|agreements-json|"
      "agreements-csv [--out FILE]\n"
      "360Giving: allocations as grants (id, title, description, currency, amountAwarded in\n"
      "pounds, awardDate, recipientOrganization, fundingOrganization, beneficiaryLocation).\n";
  const char *format = NULL, *file = NULL;
  const struct sp_cli_opt opts[] = {
      SP_OPT_STR("format", &format),
      SP_OPT_STR("out", &file),
      SP_OPT_END};
  int pcode = sp_cli_parse_args(cli, help, opts, &argc, &argv, 0, 0);
  if (pcode != SP_CLI_GO)
    return pcode;
  if (!format)
    return sp_cli_usage("usage: skillplan funding export --format FORMAT [--out FILE]\n");
  struct sp_store *store;
  struct sp_ctx *ctx;
  int code = sp_cli_open_operator(cli, &store, &ctx);
  if (code)
    return code;
  char *s = NULL;
  enum sp_rc rc = sp_funding_export(ctx, format, &s);
  if (rc != SP_OK) {
    code = sp_cli_fail(ctx, rc);
  } else if (file) {
    FILE *fp = fopen(file, "wb");
    if (!fp || fputs(s, fp) < 0 || fclose(fp) != 0) {
      fprintf(stderr, "skillplan: cannot write %s\n", file);
      code = SP_EXIT_INPUT;
    }
  } else {
    fputs(s, stdout);
    if (*s && s[strlen(s) - 1] != '\n')
      putchar('\n');
  }
  sp_free(s);
  sp_cli_close(store, ctx);
  return code;
}

int sp_cmd_funding_allocations(struct sp_cli *cli, int argc, char **argv) {
  static const char help[] =
      "usage: skillplan funding allocations [--agreement ID] [--json]\n";
  const char *o_agreement = NULL;
  const struct sp_cli_opt opts[] = {
      SP_OPT_STR("agreement", &o_agreement),
      SP_OPT_END};
  int pcode = sp_cli_parse_args(cli, help, opts, &argc, &argv, 0, 0);
  if (pcode != SP_CLI_GO)
    return pcode;
  int64_t ag = opt_id(o_agreement);
  struct sp_store *store;
  struct sp_ctx *ctx;
  int code = sp_cli_open_operator(cli, &store, &ctx);
  if (code)
    return code;
  json_t *out = NULL;
  enum sp_rc rc = sp_funding_allocations(ctx, ag, &out);
  if (rc != SP_OK)
    code = sp_cli_fail(ctx, rc);
  else if (cli->json)
    sp_cli_print_json(out);
  else {
    size_t i;
    json_t *v;
    json_array_foreach(out, i, v) {
      char a[40], b[40], c[40];
      pounds(sp_rec_int(v, "amount_pence"), a, sizeof(a));
      pounds(sp_rec_int(v, "delivered_pence"), b, sizeof(b));
      pounds(sp_rec_int(v, "committed_pence"), c, sizeof(c));
      printf("%4lld %-40.40s %-30.30s %s..%s %14s delivered %14s committed %14s\n", (long long)sp_rec_int(v, "id"),
             sp_rec_str(v, "agreement_title", ""), sp_rec_str(v, "provider", ""), sp_rec_str(v, "period_start", ""), sp_rec_str(v, "period_end", ""), a, b, c);
    }
  }
  json_decref(out);
  sp_cli_close(store, ctx);
  return code;
}

int sp_cmd_funding_duplicates(struct sp_cli *cli, int argc, char **argv) {
  static const char help[] =
      "usage: skillplan funding duplicates [--json]\n"
      "Lists the same learner and qualification funded in overlapping periods through two\n"
      "agreements or programmes, and the same action planned in two alliances\n"
      "(001_9b32e24159a7efe3.txt section 1).\n";
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
  json_t *out = NULL;
  enum sp_rc rc = sp_funding_duplicates(ctx, &out);
  if (rc != SP_OK)
    code = sp_cli_fail(ctx, rc);
  else if (cli->json)
    sp_cli_print_json(out);
  else {
    size_t i;
    json_t *v;
    printf("Funding duplicated (%zu):\n", json_array_size(json_object_get(out, "funding")));
    json_array_foreach(json_object_get(out, "funding"), i, v) {
      json_t *a = json_object_get(v, "a"), *b = json_object_get(v, "b");
      printf("  learner %s, %s:\n    spend %lld via \"%s\" (%s, %s..%s)\n    spend %lld via \"%s\" (%s, %s..%s)\n",
             sp_rec_str(v, "learner_ref", ""), sp_rec_str(v, "qual_code", ""), (long long)sp_rec_int(a, "spend_id"), sp_rec_str(a, "agreement_title", ""),
             sp_rec_str(a, "programme", ""), sp_rec_str(a, "period_start", ""), sp_rec_str(a, "period_end", ""), (long long)sp_rec_int(b, "spend_id"),
             sp_rec_str(b, "agreement_title", ""), sp_rec_str(b, "programme", ""), sp_rec_str(b, "period_start", ""), sp_rec_str(b, "period_end", ""));
    }
    printf("Actions planned in two alliances (%zu):\n", json_array_size(json_object_get(out, "actions")));
    json_array_foreach(json_object_get(out, "actions"), i, v) {
      json_t *a = json_object_get(v, "a"), *b = json_object_get(v, "b");
      printf("  \"%s\":\n    action %lld in \"%s\"\n    action %lld in \"%s\"\n", sp_rec_str(a, "title", ""),
             (long long)sp_rec_int(a, "id"), sp_rec_str(a, "agreement_title", ""), (long long)sp_rec_int(b, "id"), sp_rec_str(b, "agreement_title", ""));
    }
  }
  json_decref(out);
  sp_cli_close(store, ctx);
  return code;
}

int sp_cmd_funding_record(struct sp_cli *cli, int argc, char **argv) {
  static const char help[] =
      "usage: skillplan funding record contract|allocation|spend|qualification|learner|employer --file RECORD.json\n"
      "contract:   {provider_org_id, programme, funder_org_id?, valid_from, valid_to?}\n"
      "allocation: {agreement_id, provider_org_id, funder_org_id?, programme, area_code?,\n"
      "             period_start, period_end, amount_pence, awarded_on?}\n"
      "spend:      {allocation_id, kind: delivered|committed, on_date, amount_pence,\n"
      "             learner_ref?, qual_code?}\n"
      "qualification: {code, title, level, ssa?, valid_from, valid_to?}\n"
      "learner:    {ref, employer_org_id?, achievements?: [{level, qual_code?, achieved_on}]}\n"
      "employer:   {org_id, sector, source?}  (the employer's sector: a compact's\n"
      "             flexibilities are for the employers of its sector, 000 Q6)\n";
  const char *file = NULL;
  const struct sp_cli_opt opts[] = {
      SP_OPT_STR("file", &file),
      SP_OPT_END};
  int pcode = sp_cli_parse_args(cli, help, opts, &argc, &argv, 0, 1);
  if (pcode != SP_CLI_GO)
    return pcode;
  const char *what = argc > 1 ? argv[1] : NULL;
  static const char *const kinds[] = {"contract", "allocation", "spend", "qualification",
                                       "learner", "employer"};
  int kind = -1;
  for (size_t i = 0; what && i < SP_ARRAY_LEN(kinds); i++)
    if (strcmp(what, kinds[i]) == 0)
      kind = (int)i;
  if (kind < 0 || !file)
    return sp_cli_usage("usage: skillplan funding record contract|allocation|spend|qualification|learner|employer --file RECORD.json\n");
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
  /* qualifications and learners are keyed by their code and reference */
  const char *key = kind == 3 ? json_string_value(json_object_get(in, "code"))
                    : kind == 4 ? json_string_value(json_object_get(in, "ref"))
                              : NULL;
  if (kind == 5)
    id = (int64_t)json_integer_value(json_object_get(in, "org_id"));
  char keybuf[128] = "";
  if (key)
    snprintf(keybuf, sizeof(keybuf), "%s", key);
  enum sp_rc rc = kind == 0   ? sp_funding_add_contract(ctx, in, &id)
                  : kind == 1 ? sp_funding_allocate(ctx, in, &id)
                  : kind == 2 ? sp_funding_record_spend(ctx, in, &id)
                  : kind == 3 ? sp_qualification_put(ctx, in)
                  : kind == 4 ? sp_learner_put(ctx, in)
                              : sp_employer_sector_put(ctx, in);
  json_decref(in);
  if (rc != SP_OK) {
    fprintf(stderr, "skillplan: %s: %s\n", file, sp_ctx_errmsg(ctx));
    code = sp_rc_exit(rc);
  } else if (cli->json) {
    json_t *j = (kind == 3 || kind == 4) ? json_pack("{s:s, s:s}", "record", what, kind == 3 ? "code" : "ref",
                                      keybuf)
                          : json_pack("{s:s, s:I}", "record", what, "id", (json_int_t)id);
    sp_cli_print_json(j);
    json_decref(j);
  } else if (kind == 3 || kind == 4) {
    printf("recorded %s %s\n", what, keybuf);
  } else {
    printf("recorded %s %lld\n", what, (long long)id);
  }
  sp_cli_close(store, ctx);
  return code;
}
