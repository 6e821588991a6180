/*
 * cmd_designate.c: `skillplan designate`: designates an employer
 * representative body for an area (statutory guidance section 4.1), changes
 * the terms of a designation (republishing its notice), or lists
 * designations and notices.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lsip/lsip.h"
#include "lsip_cli.h"

static const char usage_text[] =
    "usage: skillplan designate --area CODE --org ID --effective DATE --consent-date DATE\n"
    "         --consent-ref REF --terms TEXT --body-corporate --not-crown-servant\n"
    "         --not-sos-appointed --not-public-authority --capable --representative\n"
    "       skillplan designate --area CODE --modify-terms TEXT\n"
    "       skillplan designate --list [--area CODE] [--notices]\n"
    "Designates an employer representative body (section 4.1). Every eligibility answer\n"
    "(the six flags), the written consent and the terms are required; the area must have\n"
    "no designated body. Publishes a notice.\n"
    "Common options: --as EMAIL (act as that account; default the local DfE operator),\n"
    "  --date YYYY-MM-DD (the date the action is taken), --json.\n";

static const char *const known[] = {
    "--area=", "--org=", "--effective=", "--consent-date=", "--consent-ref=", "--terms=",
    "--body-corporate", "--not-crown-servant", "--not-sos-appointed", "--not-public-authority",
    "--capable", "--representative", "--modify-terms=", "--list", "--notices", "--as=", "--date=",
    "--help", "-h", NULL};

int sp_cmd_designate(struct sp_cli *cli, int argc, char **argv) {
  if (sp_cli_wants_help(argc, argv))
    return sp_cli_usage(usage_text);
  if (sp_lsip_cli_check(argc, argv, known))
    return SP_EXIT_USAGE;
  const char *area = sp_lsip_cli_opt(argc, argv, "--area");
  struct sp_store *store = NULL;
  struct sp_ctx *ctx = NULL;
  int code = sp_lsip_cli_open(cli, argc, argv, &store, &ctx);
  if (code)
    return code;
  enum sp_rc rc = SP_OK;
  if (sp_lsip_cli_flag(argc, argv, "--list")) {
    json_t *out = NULL;
    int notices = sp_lsip_cli_flag(argc, argv, "--notices");
    rc = notices ? sp_lsip_notices(ctx, area, &out) : sp_lsip_designations(ctx, area, &out);
    if (rc == SP_OK) {
      if (cli->json) {
        sp_cli_print_json(out);
      } else {
        size_t i;
        json_t *r;
        json_array_foreach(out, i, r) {
          if (notices)
            printf("%s  %-15s %s  %s  %s\n", json_string_value(json_object_get(r, "published_on")),
                   json_string_value(json_object_get(r, "kind")),
                   json_string_value(json_object_get(r, "area_code")),
                   json_string_value(json_object_get(r, "area_name")),
                   json_string_value(json_object_get(r, "body_name")));
          else
            printf("%s  %s  from %s%s%s  %s\n", json_string_value(json_object_get(r, "area_code")),
                   json_string_value(json_object_get(r, "body_name")),
                   json_string_value(json_object_get(r, "effective_date")),
                   json_is_string(json_object_get(r, "removal_date")) ? " to " : "",
                   json_is_string(json_object_get(r, "removal_date"))
                       ? json_string_value(json_object_get(r, "removal_date"))
                       : "",
                   json_integer_value(json_object_get(r, "live")) ? "(designated)" : "(ended)");
        }
      }
    }
    json_decref(out);
  } else if (sp_lsip_cli_opt(argc, argv, "--modify-terms")) {
    if (!area) {
      sp_cli_close(store, ctx);
      return sp_cli_usage(usage_text);
    }
    rc = sp_lsip_modify_terms(ctx, area, sp_lsip_cli_opt(argc, argv, "--modify-terms"));
    if (rc == SP_OK)
      sp_lsip_cli_done(cli, "terms modified; notice republished", NULL);
  } else {
    const char *org = sp_lsip_cli_opt(argc, argv, "--org");
    char *end = NULL;
    long long org_id = org ? strtoll(org, &end, 10) : 0;
    if (!org || !*org || *end) {
      fprintf(stderr, "skillplan: --org must be an organisation id\n");
      sp_cli_close(store, ctx);
      return SP_EXIT_USAGE;
    }
    json_t *in = json_object();
    struct {
      const char *opt, *key;
    } texts[] = {{"--area", "area_code"},
                 {"--effective", "effective_date"},
                 {"--consent-date", "consent_date"},
                 {"--consent-ref", "consent_ref"},
                 {"--terms", "terms"}};
    for (size_t i = 0; i < SP_ARRAY_LEN(texts); i++)
      if (sp_lsip_cli_opt(argc, argv, texts[i].opt))
        json_object_set_new(in, texts[i].key,
                            json_string(sp_lsip_cli_opt(argc, argv, texts[i].opt)));
    struct {
      const char *flag, *key;
    } flags[] = {{"--body-corporate", "body_corporate"},
                 {"--not-crown-servant", "not_crown_servant"},
                 {"--not-sos-appointed", "not_sos_appointed"},
                 {"--not-public-authority", "not_public_authority"},
                 {"--capable", "capable"},
                 {"--representative", "reasonably_representative"}};
    for (size_t i = 0; i < SP_ARRAY_LEN(flags); i++)
      if (sp_lsip_cli_flag(argc, argv, flags[i].flag))
        json_object_set_new(in, flags[i].key, json_true());
    json_object_set_new(in, "org_id", json_integer(org_id));
    int64_t id = 0;
    rc = sp_lsip_designate(ctx, in, &id);
    json_decref(in);
    if (rc == SP_OK) {
      char msg[128];
      snprintf(msg, sizeof(msg), "designation %lld made; notice published", (long long)id);
      json_t *x = json_pack("{s:I}", "designation_id", (json_int_t)id);
      sp_lsip_cli_done(cli, msg, x);
      json_decref(x);
    }
  }
  code = rc == SP_OK ? SP_EXIT_OK : sp_cli_fail(ctx, rc);
  sp_cli_close(store, ctx);
  return code;
}
