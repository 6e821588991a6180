/*
 * cli.h: what the `skillplan` program's commands share: the global options
 * (--db, --data, --json), the one option parser, opening the store, printing
 * JSON or text, and the documented exit codes (0 ok, 1 bad usage, 2 bad input,
 * 3 internal error). Each command lives in its own cmd_<name>.c and is listed
 * in commands.def (tests/api/cli_options.test.mjs reads that list and checks
 * every command's --help and its refusal of an unknown option).
 *
 * Writing a command's option parsing: declare the options in a table and call
 * sp_cli_parse once; it runs getopt_long (glibc) so every command behaves the
 * same way.
 *
 *   static const char help[] =
 *       "usage: skillplan area CODE [--as-of YYYY-MM-DD] [--json]\n\n...";
 *
 *   int sp_cmd_area(struct sp_cli *cli, int argc, char **argv) {
 *     const char *as_of = NULL;          // stays NULL when not given
 *     int brief = 0;
 *     const struct sp_cli_opt opts[] = {
 *         SP_OPT_STR("as-of", &as_of),     // --as-of DATE or --as-of=DATE
 *         SP_OPT_FLAG("brief", &brief),    // --brief sets brief to 1
 *         // SP_OPT_LIST("area", &areas)   // repeatable, into a struct sp_cli_list
 *         SP_OPT_END};
 *     // options, then exactly one positional word (min 1, max 1)
 *     int code = sp_cli_parse_args(cli, help, opts, &argc, &argv, 1, 1);
 *     if (code != SP_CLI_GO)
 *       return code;                     // help printed (0) or refused (1)
 *     const char *area = argv[1];        // argv[0] is still the command
 *     ...
 *
 * What every command then does alike: --help (or -h) prints `help` to stdout
 * and exits 0; an unknown option, an option without its value, or a value
 * given to a flag is refused naming it ("skillplan area: unknown option
 * '--as-off'; see skillplan area --help"), exit 1; "--opt=value" and "--opt
 * value" both work; options and positional words mix in any order; "--" ends
 * the options. A repeated option keeps its last value. Values are checked by
 * the command afterwards (dates with sp_cli_parse_date, exit 2 when wrong).
 *
 * The global options --db PATH, --data DIR and --json may stand anywhere on
 * the line: main.c takes them out before the command runs, so a command never
 * lists them. Shared option spellings: --as-of DATE (the date records are read
 * as of), --date DATE (the date an act is recorded on), --area CODE, --as
 * EMAIL (act as an account), --dry-run, --file FILE.
 *
 * Converting a command written the old way (sp_cli_wants_help, then a loop
 * over argv or opt_val-style lookups): move its usage text into `help`, list
 * every option it reads in the table, replace each lookup by its variable,
 * and check the positional words with sp_cli_args. The store: sp_cli_open
 * refuses a missing database (exit 2, "run skillplan init first"); only a
 * command that creates one (init) sets cli->may_create before opening.
 */
#ifndef SP_CLI_H
#define SP_CLI_H

#include <jansson.h>
#include <stdio.h>

#include "base/sp.h"
#include "store/store.h"

#define SP_EXIT_OK 0
#define SP_EXIT_USAGE 1
#define SP_EXIT_INPUT 2
#define SP_EXIT_INTERNAL 3

struct sp_cli {
  const char *db;       /* --db PATH, default "skillplan.db" (or SKILLPLAN_DB) */
  const char *data_dir; /* --data DIR, default sp_cli_default_data_dir() */
  int json;             /* --json */
  const char *prog;     /* argv[0] */
  const char *cmd;      /* the command's full name ("agreement list"), for messages */
  int may_create;       /* set by init: sp_cli_open may create a missing database */
};

/* sp_cli_parse and sp_cli_args return this when the command should go on. */
#define SP_CLI_GO (-1)

enum sp_cli_opt_kind { SP_CLI_OPT_END = 0, SP_CLI_OPT_STR, SP_CLI_OPT_FLAG, SP_CLI_OPT_LIST };

/* The values of an option that may be repeated (--area A --area B), in order. */
#define SP_CLI_LIST_MAX 64
struct sp_cli_list {
  const char *items[SP_CLI_LIST_MAX];
  int n;
};

/* One option of a command: its long name without "--", whether it takes a
 * value, and where the value goes (const char ** for STR, int * for FLAG,
 * struct sp_cli_list * for LIST). */
struct sp_cli_opt {
  const char *name;
  enum sp_cli_opt_kind kind;
  void *out;
};

/* Table entries; the conditional makes the compiler check the pointer type. */
#define SP_OPT_STR(name, ptr) {(name), SP_CLI_OPT_STR, (void *)(1 ? (ptr) : (const char **)0)}
#define SP_OPT_FLAG(name, ptr) {(name), SP_CLI_OPT_FLAG, (void *)(1 ? (ptr) : (int *)0)}
#define SP_OPT_LIST(name, ptr) \
  {(name), SP_CLI_OPT_LIST, (void *)(1 ? (ptr) : (struct sp_cli_list *)0)}
#define SP_OPT_END {NULL, SP_CLI_OPT_END, NULL}

/*
 * Parses the command's argv (argv[0] the command's last word) against opts
 * with getopt_long: stores each option's value through its pointer (a STR
 * option's value points into argv; a FLAG is set to 1), then rearranges
 * *argv so that (*argv)[1..*argc) are the positional words in order, with
 * (*argv)[0] unchanged. Returns SP_CLI_GO to go on, SP_EXIT_OK after printing
 * help to stdout (--help, -h), or SP_EXIT_USAGE after naming on stderr the
 * unknown option, the missing value or the value a flag cannot take. At most
 * 48 options.
 */
int sp_cli_parse(struct sp_cli *cli, const char *help, const struct sp_cli_opt *opts, int *argc,
                 char ***argv);

/* Checks the number of positional words after sp_cli_parse (argc counts the
 * command's name too): between min and max (max < 0: no limit). Returns
 * SP_CLI_GO, or names the missing or unexpected word and returns
 * SP_EXIT_USAGE. */
int sp_cli_args(struct sp_cli *cli, int argc, char **argv, int min, int max);

/* sp_cli_parse, then (when it says go on) sp_cli_args with min and max: what
 * nearly every command does first. Returns as they do. */
int sp_cli_parse_args(struct sp_cli *cli, const char *help, const struct sp_cli_opt *opts,
                      int *argc, char ***argv, int min, int max);

/* 0 when the database cli->db exists (or is not a file: a postgres URL,
 * ":memory:"), or when cli->may_create; else prints "no database at PATH; run
 * skillplan init first" and returns SP_EXIT_INPUT. sp_cli_open calls it. */
int sp_cli_need_db(const struct sp_cli *cli);

typedef int (*sp_cli_fn)(struct sp_cli *cli, int argc, char **argv);

/* Opens cli->db (which must exist unless cli->may_create) with a fresh
 * context; on failure prints the message and returns the exit code
 * (non-zero). The caller frees both with sp_cli_close. */
int sp_cli_open(struct sp_cli *cli, struct sp_store **store, struct sp_ctx **ctx);
void sp_cli_close(struct sp_store *store, struct sp_ctx *ctx);

/* sp_cli_open, then acts as the local operator (the dfe_admin role, named
 * "cli operator" in the audit log): the person at the console is trusted. */
int sp_cli_open_operator(struct sp_cli *cli, struct sp_store **store, struct sp_ctx **ctx);

/* Prints "skillplan: <message>" to stderr and returns the exit code of rc. */
int sp_cli_fail(struct sp_ctx *ctx, enum sp_rc rc);

/* Prints usage text to stderr and returns SP_EXIT_USAGE. */
int sp_cli_usage(const char *text);

/* Prints "skillplan CMD: <message>" to stderr and returns SP_EXIT_USAGE. */
int sp_cli_usage_error(const struct sp_cli *cli, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Reads a JSON file into *out (caller decrefs); on failure prints
 * "skillplan: FILE:LINE: reason" and returns SP_EXIT_INPUT. */
int sp_cli_load_json(const char *file, json_t **out);

/* Prints j as indented JSON on stdout followed by a newline. */
void sp_cli_print_json(const json_t *j);

/* 1 when argv[i] is "--help" or "-h" for any i. The old style, kept so that
 * commands written before sp_cli_parse still build; new commands call
 * sp_cli_parse, which answers --help itself. */
int sp_cli_wants_help(int argc, char **argv);

/* The default reference data directory: SKILLPLAN_DATA, else the installed
 * PREFIX/share/skillplan/data when the program runs from an install, else the
 * checkout's data/ (a program run from the build tree). Static storage. */
const char *sp_cli_default_data_dir(void);

/* Writes into out the directory holding templates/ and static/:
 * SKILLPLAN_WEB_DIR, else the installed PREFIX/share/skillplan, else the
 * program's own directory (the build tree, where CMake copies them). */
void sp_cli_web_dir(char *out, size_t n);

/* Loads every module's demo data in order (demo_all.c): the foundation's,
 * then the LSIP process's, and so on. Stops at the first failure, naming the
 * module. */
SP_MUST_USE enum sp_rc sp_cli_demo_all(struct sp_ctx *ctx);

#define SP_CMD(name, fn, summary) int fn(struct sp_cli *cli, int argc, char **argv);
#include "commands.def"
#undef SP_CMD

#endif
