/*
 * cmd_version.c: `skillplan version`: the program version and the number of
 * schema migrations built in (no database needed).
 * SP_VERSION comes from CMake's project(VERSION), the one place it is set.
 */
#include <stdio.h>

#include "cli.h"

int sp_cmd_version(struct sp_cli *cli, int argc, char **argv) {
  static const char help[] =
      "usage: skillplan version [--json]\n\n"
      "Prints the program's version (set in CMakeLists.txt, also shown by\n"
      "skillplan --version) and how many schema migrations are built in.\n";
  const struct sp_cli_opt opts[] = {SP_OPT_END};
  int code = sp_cli_parse_args(cli, help, opts, &argc, &argv, 0, 0);
  if (code != SP_CLI_GO)
    return code;
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
