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

int sp_cmd_designate(struct sp_cli *cli, int argc, char **argv) {
  /* The record's text fields as options; text[0] is --area. */
  static const char *const text_keys[] = {"area_code", "effective_date", "consent_date",
                                          "consent_ref", "terms"};
  static const char *const flag_keys[] = {"body_corporate", "not_crown_servant",
                                          "not_sos_appointed", "not_public_authority",
                                          "capable", "reasonably_representative"};
  const char *text[5] = {NULL}, *org = NULL, *modify = NULL;
  int flag[6] = {0}, list = 0, notices = 0;
  struct sp_lsip_common com = {NULL, NULL};
  const struct sp_cli_opt opts[] = {SP_OPT_STR("area", &text[0]),
                                    SP_OPT_STR("effective", &text[1]),
                                    SP_OPT_STR("consent-date", &text[2]),
                                    SP_OPT_STR("consent-ref", &text[3]),
                                    SP_OPT_STR("terms", &text[4]),
                                    SP_OPT_STR("org", &org),
                                    SP_OPT_STR("modify-terms", &modify),
                                    SP_OPT_FLAG("body-corporate", &flag[0]),
                                    SP_OPT_FLAG("not-crown-servant", &flag[1]),
                                    SP_OPT_FLAG("not-sos-appointed", &flag[2]),
                                    SP_OPT_FLAG("not-public-authority", &flag[3]),
                                    SP_OPT_FLAG("capable", &flag[4]),
                                    SP_OPT_FLAG("representative", &flag[5]),
                                    SP_OPT_FLAG("list", &list),
                                    SP_OPT_FLAG("notices", &notices),
                                    SP_LSIP_COMMON_OPTS(&com),
                                    SP_OPT_END};
  int code = sp_cli_parse_args(cli, usage_text, opts, &argc, &argv, 0, 0);
  if (code != SP_CLI_GO)
    return code;
  const char *area = text[0];
  if (modify && !area)
    return sp_cli_usage_error(cli, "--modify-terms needs --area; see skillplan designate --help");
  struct sp_store *store = NULL;
  struct sp_ctx *ctx = NULL;
  code = sp_lsip_cli_open(cli, &com, &store, &ctx);
  if (code)
    return code;
  enum sp_rc rc = SP_OK;
  if (list) {
    json_t *out = NULL;
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
  } else if (modify) {
    rc = sp_lsip_modify_terms(ctx, area, modify);
    if (rc == SP_OK)
      sp_lsip_cli_done(cli, "terms modified; notice republished", NULL);
  } else {
    char *end = NULL;
    long long org_id = org ? strtoll(org, &end, 10) : 0;
    if (!org || !*org || *end) {
      fprintf(stderr, "skillplan: --org must be an organisation id\n");
      sp_cli_close(store, ctx);
      return SP_EXIT_USAGE;
    }
    json_t *in = json_object();
    for (size_t i = 0; i < SP_ARRAY_LEN(text_keys); i++)
      if (text[i])
        json_object_set_new(in, text_keys[i], json_string(text[i]));
    for (size_t i = 0; i < SP_ARRAY_LEN(flag_keys); i++)
      if (flag[i])
        json_object_set_new(in, flag_keys[i], json_true());
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
