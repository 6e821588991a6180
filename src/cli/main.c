/*
 * main.c: the `skillplan` program's entry point. Takes the global options
 * (--db PATH, --data DIR, --json; "--db=PATH" too) from anywhere on the
 * command line, answers --help and --version, finds the command in
 * commands.def and runs it; the command parses the rest with sp_cli_parse
 * (cli.h). Exit codes: 0 ok, 1 bad usage, 2 bad input, 3 internal error.
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
          "usage: skillplan [--db PATH] [--data DIR] [--json] COMMAND [ARGS]\n"
          "       skillplan --version | --help | COMMAND --help\n\n"
          "Employer-led skills planning: LSIP areas, organisations, plans and evidence.\n\n"
          "Commands:\n");
  for (size_t i = 0; i < SP_ARRAY_LEN(commands); i++)
    fprintf(out, "  %-20s %s\n", commands[i].name, commands[i].summary);
  fprintf(out,
          "\nOptions valid everywhere (before or after the command):\n"
          "  --db PATH     the SQLite database (default skillplan.db), or a PostgreSQL\n"
          "                postgresql://user@host:port/dbname (also SKILLPLAN_DB);\n"
          "                only init (and serve --demo) create it\n"
          "  --data DIR    reference data directory (default: the installed\n"
          "                share/skillplan/data, or the checkout's data/; SKILLPLAN_DATA)\n"
          "  --json        print records as JSON\n"
          "  --help        help for the program or a command\n"
          "  --version     the program's version\n\n"
          "Exit codes: 0 ok, 1 bad usage, 2 bad input (or no database), 3 internal error or\n"
          "database unreachable.\n"
          "See skillplan(1).\n");
}

/* Takes a global option with a value ("--db PATH" or "--db=PATH") at argv[*i];
 * returns 1 when argv[*i] was that option (and *i moved past its value), 0
 * when it is not, -1 when the value is missing. */
static int global_value(int argc, char **argv, int *i, const char *name, const char **out) {
  size_t n = strlen(name);
  if (strncmp(argv[*i], name, n) != 0)
    return 0;
  if (argv[*i][n] == '=') {
    *out = argv[*i] + n + 1;
    return 1;
  }
  if (argv[*i][n] != '\0')
    return 0;
  if (*i + 1 >= argc)
    return -1;
  *out = argv[++*i];
  return 1;
}

int main(int argc, char **argv) {
  struct sp_cli cli = {.db = "skillplan.db", .data_dir = NULL, .prog = argv[0]};
  const char *env_db = getenv("SKILLPLAN_DB");
  if (env_db && *env_db)
    cli.db = env_db;
  /* The global options may stand anywhere (up to a "--"): take them out and
   * keep the rest in order for the command's own parser (sp_cli_parse). */
  int n = 0, ended = 0;
  for (int i = 1; i < argc; i++) {
    int got = 0;
    if (!ended) {
      if (strcmp(argv[i], "--") == 0)
        ended = 1;
      else if (strcmp(argv[i], "--json") == 0)
        got = cli.json = 1;
      else if ((got = global_value(argc, argv, &i, "--db", &cli.db)) == 0)
        got = global_value(argc, argv, &i, "--data", &cli.data_dir);
    }
    if (got < 0) {
      fprintf(stderr, "skillplan: %s needs a value; see skillplan --help\n", argv[i]);
      return SP_EXIT_USAGE;
    }
    if (!got)
      argv[++n] = argv[i];
  }
  argc = n + 1;
  if (argc < 2) {
    usage(stderr);
    return SP_EXIT_USAGE;
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
      strcmp(argv[1], "help") == 0) {
    usage(stdout);
    return SP_EXIT_OK;
  }
  if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
    printf("skillplan %s\n", SP_VERSION);
    return SP_EXIT_OK;
  }
  if (argv[1][0] == '-') {
    fprintf(stderr, "skillplan: unknown option '%s'; see skillplan --help\n", argv[1]);
    return SP_EXIT_USAGE;
  }
  /* The library's evidence demo loader reads SKILLPLAN_DATA; give it the
   * directory this run uses (--data, else the installed or checkout data/). */
  if (!cli.data_dir)
    cli.data_dir = sp_cli_default_data_dir();
  if (setenv("SKILLPLAN_DATA", cli.data_dir, 1) != 0) {
    fprintf(stderr, "skillplan: out of memory\n");
    return SP_EXIT_INTERNAL;
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
      if (strcmp(commands[i].name, name) == 0) {
        cli.cmd = commands[i].name;
        return commands[i].fn(&cli, argc - words, argv + words);
      }
  }
  fprintf(stderr, "skillplan: unknown command '%s'; see skillplan --help\n", argv[1]);
  return SP_EXIT_USAGE;
}
