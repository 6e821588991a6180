/*
 * cmd_backup.c: `skillplan backup FILE` (a consistent copy of the SQLite
 * store, safe while the server runs: SQLite's online backup API) and
 * `skillplan restore FILE` (the store's contents replaced by a backup; the
 * next open applies any migrations the backup lacks). PostgreSQL stores are
 * backed up with pg_dump and restored with pg_restore (README, Backups).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static int run(struct sp_cli *cli, int argc, char **argv, int restore) {
  const char *usage =
      restore ? "usage: skillplan [--db PATH] restore FILE\n\n"
                "Replaces the SQLite store's contents with the backup FILE made by\n"
                "`skillplan backup`; the next open applies any migrations it lacks.\n"
                "On PostgreSQL use pg_restore (README, Backups).\n"
              : "usage: skillplan [--db PATH] backup FILE\n\n"
                "Writes a consistent copy of the SQLite store to FILE, safe while the\n"
                "server runs (SQLite's online backup API). On PostgreSQL use pg_dump\n"
                "(README, Backups).\n";
  const struct sp_cli_opt opts[] = {SP_OPT_END};
  int pcode = sp_cli_parse_args(cli, usage, opts, &argc, &argv, 1, 1);
  if (pcode != SP_CLI_GO)
    return pcode;
  struct sp_store *store = NULL;
  struct sp_ctx *ctx = NULL;
  int code = sp_cli_open(cli, &store, &ctx);
  if (code != SP_EXIT_OK)
    return code;
  enum sp_rc rc = restore ? sp_store_restore(store, ctx, argv[1])
                          : sp_store_backup(store, ctx, argv[1]);
  if (rc != SP_OK)
    code = sp_cli_fail(ctx, rc);
  else
    printf(restore ? "restored %s from %s\n" : "backed up %s to %s\n", cli->db, argv[1]);
  sp_cli_close(store, ctx);
  return code;
}

int sp_cmd_backup(struct sp_cli *cli, int argc, char **argv) { return run(cli, argc, argv, 0); }
int sp_cmd_restore(struct sp_cli *cli, int argc, char **argv) { return run(cli, argc, argv, 1); }
