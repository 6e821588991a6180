/*
 * main.c: the `skillplan` program's entry point. Takes the global options
 * (--db PATH, --data DIR, --json) from anywhere on the command line, finds the
 * command in commands.def and runs it. Exit codes: 0 ok, 1 bad usage, 2 bad
 * input, 3 internal error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/auth.h"
#include "core/lsip/lsip.h"
#include "report/compose.h"

static const struct {
  const char *name;
  sp_cli_fn fn;
  const char *summary;
} commands[] = {
#define SP_CMD(name, fn, summary) {name, fn, summary},
#include "commands.def"
#undef SP_CMD
};

static void usage(FILE *out) {
  fprintf(out,
          "usage: skillplan [--db PATH] [--data DIR] [--json] COMMAND [ARGS]\n\n"
          "Employer-led skills planning: LSIP areas, organisations, plans and evidence.\n\n"
          "Commands:\n");
  for (size_t i = 0; i < SP_ARRAY_LEN(commands); i++)
    fprintf(out, "  %-20s %s\n", commands[i].name, commands[i].summary);
  fprintf(out,
          "\nOptions valid everywhere:\n"
          "  --db PATH     the SQLite database (default skillplan.db), or a PostgreSQL\n"
          "                postgresql://user@host:port/dbname (also SKILLPLAN_DB)\n"
          "  --data DIR    reference data directory (default: the project's data/)\n"
          "  --json        print records as JSON\n"
          "  --help        help for the program or a command\n\n"
          "Exit codes: 0 ok, 1 bad usage, 2 bad input, 3 internal error or database\n"
          "unreachable.\n");
}

int main(int argc, char **argv) {
  struct sp_cli cli = {.db = "skillplan.db", .data_dir = sp_cli_default_data_dir(), .prog = argv[0]};
  const char *env_db = getenv("SKILLPLAN_DB");
  if (env_db && *env_db)
    cli.db = env_db;
  /* Pull the global options out wherever they stand; keep the rest in order. */
  int n = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--db") == 0 || strcmp(argv[i], "--data") == 0) {
      if (i + 1 >= argc) {
        fprintf(stderr, "skillplan: %s needs a value\n", argv[i]);
        return SP_EXIT_USAGE;
      }
      if (argv[i][2] == 'd' && argv[i][3] == 'b')
        cli.db = argv[i + 1];
      else
        cli.data_dir = argv[i + 1];
      i++;
    } else if (strncmp(argv[i], "--db=", 5) == 0) {
      cli.db = argv[i] + 5;
    } else if (strcmp(argv[i], "--json") == 0) {
      cli.json = 1;
    } else {
      argv[++n] = argv[i];
    }
  }
  argc = n + 1;
  if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
      strcmp(argv[1], "help") == 0) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? SP_EXIT_USAGE : SP_EXIT_OK;
  }
  if (sp_auth_init() != SP_OK) {
    fprintf(stderr, "skillplan: cannot initialise libsodium\n");
    return SP_EXIT_INTERNAL;
  }
  /* Every submission, from a page, the API or the CLI, passes the report's
   * readiness check first (guidance section 6.5). */
  sp_lsip_set_submit_check(sp_report_submit_gate);
  /* Commands may be two words ("import orgs", "user add"): try the longer first. */
  for (int words = 2; words >= 1; words--) {
    if (argc < 1 + words)
      continue;
    char name[128];
    if (words == 2)
      snprintf(name, sizeof(name), "%s %s", argv[1], argv[2]);
    else
      snprintf(name, sizeof(name), "%s", argv[1]);
    for (size_t i = 0; i < SP_ARRAY_LEN(commands); i++)
      if (strcmp(commands[i].name, name) == 0)
        return commands[i].fn(&cli, argc - words, argv + words);
  }
  fprintf(stderr, "skillplan: unknown command '%s'; see skillplan --help\n", argv[1]);
  return SP_EXIT_USAGE;
}
