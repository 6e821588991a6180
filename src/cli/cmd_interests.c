/*
 * cmd_interests.c: `skillplan interests`: the designated body's register of
 * interests and conflict of interest policy (section 4.2): list, add or end
 * an entry, set the policy.
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/lsip/lsip.h"
#include "lsip_cli.h"

static const char usage_text[] =
    "usage: skillplan interests --area CODE                      the public register\n"
    "       skillplan interests --area CODE --add --person NAME --nature TEXT\n"
    "         [--user-id ID] (--org-id ID | --org-name NAME) [--training TEXT]   (ERB)\n"
    "       skillplan interests --area CODE --end ENTRY_ID                       (ERB)\n"
    "       skillplan interests --area CODE --policy TEXT                        (ERB)\n"
    "A person recorded with an interest in an organisation may not take decisions about\n"
    "it (recusal, section 4.2). Common options: --as EMAIL, --date DATE, --json.\n";

/* 0 when v is NULL, 1 with *out set when it is a number, else -1 (printed). */
static int int_opt(const char *v, const char *name, long long *out) {
  char *end = NULL;
  if (!v)
    return 0;
  *out = strtoll(v, &end, 10);
  if (!*v || *end) {
    fprintf(stderr, "skillplan: %s must be a number\n", name);
    return -1;
  }
  return 1;
}

int sp_cmd_interests(struct sp_cli *cli, int argc, char **argv) {
  const char *area = NULL, *person = NULL, *nature = NULL, *user_id = NULL, *org_id = NULL;
  const char *oname = NULL, *tr = NULL, *end = NULL, *policy = NULL;
  int add = 0;
  struct sp_lsip_common com = {NULL, NULL};
  const struct sp_cli_opt opts[] = {SP_OPT_STR("area", &area),       SP_OPT_FLAG("add", &add),
                                    SP_OPT_STR("person", &person),   SP_OPT_STR("nature", &nature),
                                    SP_OPT_STR("user-id", &user_id), SP_OPT_STR("org-id", &org_id),
                                    SP_OPT_STR("org-name", &oname),  SP_OPT_STR("training", &tr),
                                    SP_OPT_STR("end", &end),         SP_OPT_STR("policy", &policy),
                                    SP_LSIP_COMMON_OPTS(&com),       SP_OPT_END};
  int code = sp_cli_parse_args(cli, usage_text, opts, &argc, &argv, 0, 0);
  if (code != SP_CLI_GO)
    return code;
  if (!area)
    return sp_cli_usage_error(cli, "--area is required; see skillplan interests --help");
  long long uid = 0, oid = 0, end_id = 0;
  int hu = int_opt(user_id, "--user-id", &uid), ho = int_opt(org_id, "--org-id", &oid),
      he = int_opt(end, "--end", &end_id);
  if (hu < 0 || ho < 0 || he < 0)
    return SP_EXIT_USAGE;
  struct sp_store *store = NULL;
  struct sp_ctx *ctx = NULL;
  code = sp_lsip_cli_open(cli, &com, &store, &ctx);
  if (code)
    return code;
  enum sp_rc rc;
  if (add) {
    json_t *in = json_object();
    if (person)
      json_object_set_new(in, "person_name", json_string(person));
    if (nature)
      json_object_set_new(in, "nature", json_string(nature));
    if (oname)
      json_object_set_new(in, "interest_org_name", json_string(oname));
    if (tr)
      json_object_set_new(in, "training_interests", json_string(tr));
    if (hu)
      json_object_set_new(in, "user_id", json_integer(uid));
    if (ho)
      json_object_set_new(in, "interest_org_id", json_integer(oid));
    int64_t id = 0;
    rc = sp_lsip_interest_add(ctx, area, in, &id);
    json_decref(in);
    if (rc == SP_OK) {
      json_t *x = json_pack("{s:I}", "id", (json_int_t)id);
      sp_lsip_cli_done(cli, "interest recorded", x);
      json_decref(x);
    }
  } else if (he) {
    rc = sp_lsip_interest_end(ctx, end_id);
    if (rc == SP_OK)
      sp_lsip_cli_done(cli, "interest ended", NULL);
  } else if (policy) {
    rc = sp_lsip_coi_policy_set(ctx, area, policy);
    if (rc == SP_OK)
      sp_lsip_cli_done(cli, "conflict of interest policy set", NULL);
  } else {
    json_t *reg = NULL;
    rc = sp_lsip_register(ctx, area, &reg);
    if (rc == SP_OK && cli->json) {
      sp_cli_print_json(reg);
    } else if (rc == SP_OK) {
      const char *pol = json_string_value(json_object_get(reg, "policy"));
      printf("Register of interests of %s (%s)\nConflict of interest policy: %s\n",
             json_string_value(json_object_get(reg, "body_name")), area, pol ? pol : "(none)");
      size_t i;
      json_t *r;
      json_array_foreach(json_object_get(reg, "interests"), i, r) {
        const char *ended = json_string_value(json_object_get(r, "ended_on"));
        printf("  %lld  %s: %s in %s%s%s\n", (long long)json_integer_value(json_object_get(r, "id")),
               json_string_value(json_object_get(r, "person_name")),
               json_string_value(json_object_get(r, "nature")),
               json_string_value(json_object_get(r, "interest_org_name")),
               ended ? ", ended " : "", ended ? ended : "");
      }
    }
    json_decref(reg);
  }
  code = rc == SP_OK ? SP_EXIT_OK : sp_cli_fail(ctx, rc);
  sp_cli_close(store, ctx);
  return code;
}
