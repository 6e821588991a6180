/*
 * cmd_import_orgs.c: `skillplan import orgs FILE`: imports organisations
 * from a CSV file, all or nothing.
 */
#include <stdio.h>

#include "cli.h"
#include "core/orgs.h"
#include "table.h"

static const char help[] =
    "usage: skillplan import orgs FILE.csv [--json]\n\n"
    "Imports organisations from a UTF-8 CSV file whose header is\n"
    "  name,kind,ukprn,companies_house,size_band,website,areas\n"
    "(areas: ONS LSIP codes separated by ';'). Every row is checked as `org add`\n"
    "checks it. All-or-nothing: the first bad row is reported as\n"
    "FILE:LINE: FIELD: RULE and nothing is imported.\n\n"
    "Runs as the local operator with the dfe_admin role (the person at the server's\n"
    "console is trusted); each organisation created is audited.\n"
    "Exit codes: 0 ok, 1 bad usage, 2 bad input.\n";

int sp_cmd_import_orgs(struct sp_cli *cli, int argc, char **argv) {
  const struct sp_cli_opt opts[] = {SP_OPT_END};
  int code = sp_cli_parse(cli, help, opts, &argc, &argv);
  if (code != SP_CLI_GO)
    return code;
  if (argc != 2)
    return sp_cli_usage_error(cli, "name one CSV file; see skillplan import orgs --help");
  struct sp_store *store;
  struct sp_ctx *ctx;
  code = sp_cli_open_operator(cli, &store, &ctx);
  if (code != SP_EXIT_OK)
    return code;
  int64_t n = 0;
  enum sp_rc rc = sp_orgs_import_csv(ctx, argv[1], &n);
  if (rc != SP_OK) {
    code = sp_cli_fail(ctx, rc);
    fprintf(stderr, "skillplan: nothing was imported\n");
  } else if (cli->json) {
    json_t *j = json_pack("{s:s, s:I}", "file", argv[1], "imported", (json_int_t)n);
    sp_cli_print_json(j);
    json_decref(j);
  } else {
    printf("imported %lld organisations from %s\n", (long long)n, argv[1]);
  }
  sp_cli_close(store, ctx);
  return code;
}
