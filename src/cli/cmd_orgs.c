/*
 * cmd_orgs.c: `skillplan orgs [--kind K] [--area CODE] [--q TEXT]`: lists
 * organisations from the registry, filtered, as a table or JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/orgs.h"
#include "table.h"

static const char help[] =
    "usage: skillplan orgs [--kind KIND] [--area CODE] [--q TEXT] [--limit N] [--offset N]\n"
    "                      [--json]\n\n"
    "Lists organisations sorted by name. Filters (all optional):\n"
    "  --kind KIND   one kind: erb, fe_college, sixth_form_college, designated_institution,\n"
    "                itp, hei, school, academy_16_19, la_provider, mca, gla, lep,\n"
    "                local_authority, sector_body, employer, vcs, trade_union, government,\n"
    "                careers\n"
    "  --area CODE   works in this LSIP area (ONS code or slug)\n"
    "  --q TEXT      name contains TEXT (any case)\n"
    "  --limit N     at most N (1 to 1000, default 1000); --offset N skips N\n"
    "With --json prints {total, items: [...]}.\n"
    "Exit codes: 0 ok, 1 bad usage, 2 bad input.\n";

/* Parses a whole non-negative number; 0 on failure. */
static int number(const char *s, int *out) {
  char *end;
  long v = strtol(s, &end, 10);
  if (!*s || *end || v < 0 || v > 1000000)
    return 0;
  *out = (int)v;
  return 1;
}

int sp_cmd_orgs(struct sp_cli *cli, int argc, char **argv) {
  const char *kind = NULL, *area = NULL, *q = NULL;
  const char *limit_arg = NULL, *offset_arg = NULL;
  int limit = 1000, offset = 0;
  const struct sp_cli_opt opts[] = {SP_OPT_STR("kind", &kind),          SP_OPT_STR("area", &area),
                                    SP_OPT_STR("q", &q),                SP_OPT_STR("limit", &limit_arg),
                                    SP_OPT_STR("offset", &offset_arg), SP_OPT_END};
  int code = sp_cli_parse_args(cli, help, opts, &argc, &argv, 0, 0);
  if (code != SP_CLI_GO)
    return code;
  if (limit_arg && !number(limit_arg, &limit)) {
    fprintf(stderr, "skillplan: --limit: '%s' is not a whole number\n", limit_arg);
    return SP_EXIT_INPUT;
  }
  if (offset_arg && !number(offset_arg, &offset)) {
    fprintf(stderr, "skillplan: --offset: '%s' is not a whole number\n", offset_arg);
    return SP_EXIT_INPUT;
  }
  struct sp_store *store;
  struct sp_ctx *ctx;
  code = sp_cli_open(cli, &store, &ctx);
  if (code != SP_EXIT_OK)
    return code;
  json_t *res = NULL;
  enum sp_rc rc = sp_orgs_list(ctx, kind, area, q, limit, offset, &res);
  if (rc != SP_OK) {
    code = sp_cli_fail(ctx, rc);
  } else if (cli->json) {
    sp_cli_print_json(res);
  } else {
    static const struct sp_cli_col cols[] = {{"id", "Id"},       {"name", "Name"},
                                             {"kind_name", "Kind"}, {"ukprn", "UKPRN"},
                                             {"size_band", "Size"}, {"areas", "Areas"}};
    json_t *items = json_object_get(res, "items");
    printf("%lld organisations", (long long)json_integer_value(json_object_get(res, "total")));
    if ((size_t)json_integer_value(json_object_get(res, "total")) != json_array_size(items))
      printf(" (showing %zu)", json_array_size(items));
    printf("\n\n");
    sp_cli_table(stdout, items, cols, (int)SP_ARRAY_LEN(cols));
  }
  json_decref(res);
  sp_cli_close(store, ctx);
  return code;
}
