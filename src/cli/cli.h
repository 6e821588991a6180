/*
 * cli.h: what the `skillplan` program's commands share: the global options
 * (--db, --json, --data), opening the store, printing JSON or text, and the
 * documented exit codes (0 ok, 1 bad usage, 2 bad input, 3 internal error).
 * Each command lives in its own cmd_<name>.c and is listed in commands.def.
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
  const char *db;       /* --db PATH, default "skillplan.db" */
  const char *data_dir; /* --data DIR, default <source>/data */
  int json;             /* --json */
  const char *prog;     /* argv[0] */
};

typedef int (*sp_cli_fn)(struct sp_cli *cli, int argc, char **argv);

/* Opens cli->db with a fresh context; on failure prints the message and
 * returns the exit code (non-zero). The caller frees both with sp_cli_close. */
int sp_cli_open(struct sp_cli *cli, struct sp_store **store, struct sp_ctx **ctx);
void sp_cli_close(struct sp_store *store, struct sp_ctx *ctx);

/* sp_cli_open, then acts as the local operator (the dfe_admin role, named
 * "cli operator" in the audit log): the person at the console is trusted. */
int sp_cli_open_operator(struct sp_cli *cli, struct sp_store **store, struct sp_ctx **ctx);

/* Prints "skillplan: <message>" to stderr and returns the exit code of rc. */
int sp_cli_fail(struct sp_ctx *ctx, enum sp_rc rc);

/* Prints usage text to stderr and returns SP_EXIT_USAGE. */
int sp_cli_usage(const char *text);

/* Reads a JSON file into *out (caller decrefs); on failure prints
 * "skillplan: FILE:LINE: reason" and returns SP_EXIT_INPUT. */
int sp_cli_load_json(const char *file, json_t **out);

/* Prints j as indented JSON on stdout followed by a newline. */
void sp_cli_print_json(const json_t *j);

/* 1 when argv[i] is "--help" or "-h" for any i. */
int sp_cli_wants_help(int argc, char **argv);

/* The default data directory (SKILLPLAN_DATA, else <source>/data). */
const char *sp_cli_default_data_dir(void);

/* Loads every module's demo data in order (demo_all.c): the foundation's,
 * then the LSIP process's, and so on. Stops at the first failure, naming the
 * module. */
SP_MUST_USE enum sp_rc sp_cli_demo_all(struct sp_ctx *ctx);

#define SP_CMD(name, fn, summary) int fn(struct sp_cli *cli, int argc, char **argv);
#include "commands.def"
#undef SP_CMD

#endif
