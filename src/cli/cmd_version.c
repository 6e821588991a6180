/*
 * cmd_version.c: `skillplan version`: the program version and, when the
 * database opens, its schema version against the migrations built in.
 */
#include <stdio.h>

#include "cli.h"

#define SP_VERSION "0.1.0"

int sp_cmd_version(struct sp_cli *cli, int argc, char **argv) {
  if (sp_cli_wants_help(argc, argv))
    return sp_cli_usage("usage: skillplan version [--json]\n");
  if (cli->json) {
    json_t *j = json_pack("{s:s, s:i}", "version", SP_VERSION, "migrations",
                          sp_store_migration_count());
    sp_cli_print_json(j);
    json_decref(j);
  } else {
    printf("skillplan %s (%d migrations built in)\n", SP_VERSION, sp_store_migration_count());
  }
  return SP_EXIT_OK;
}
