/*
 * cmd_init.c: `skillplan init [--demo]`: creates or opens the database
 * (migrations run on open), loads the reference data from --data DIR, and
 * with --demo adds the demo organisations and accounts. Running it again
 * reloads the reference data and leaves existing organisations alone.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/demo.h"
#include "core/reference.h"
#include "base/date.h"
#include "table.h"

static const char help[] =
    "usage: skillplan [--db PATH] [--data DIR] init [--demo] [--json]\n\n"
    "Creates the database if it does not exist (default skillplan.db), applies the\n"
    "schema migrations, and loads the reference data (LSIP areas and their districts,\n"
    "occupational routes, levels, LARS) from DIR (default: the project's data/).\n"
    "All-or-nothing: a bad reference file is reported as file:line: field: rule and\n"
    "nothing changes. Safe to run again: the reference data is reloaded.\n\n"
    "  --demo   also add the demo organisations and one account per role\n"
    "           (dfe@, erb@, provider@, mca@, funder@, viewer@demo.skillplan.test,\n"
    "           password " SP_DEMO_PASSWORD "), unless organisations already exist\n\n"
    "Runs as the local operator (dfe_admin role); the writes are audited.\n"
    "Exit codes: 0 ok, 1 bad usage, 2 bad input, 3 internal error.\n";

static int count_orgs(struct sp_ctx *ctx, long long *n) {
  struct sp_stmt *st = NULL;
  int row = 0;
  if (sp_store_prepare(sp_ctx_store(ctx), ctx, "SELECT count(*) FROM orgs", &st) != SP_OK)
    return 0;
  int ok = sp_stmt_step(st, ctx, &row) == SP_OK && row;
  if (ok)
    *n = (long long)sp_stmt_int(st, 0);
  sp_stmt_free(st);
  return ok;
}

int sp_cmd_init(struct sp_cli *cli, int argc, char **argv) {
  int demo = 0;
  const struct sp_cli_opt opts[] = {SP_OPT_FLAG("demo", &demo), SP_OPT_END};
  int code = sp_cli_parse_args(cli, help, opts, &argc, &argv, 0, 0);
  if (code != SP_CLI_GO)
    return code;
  struct sp_store *store;
  struct sp_ctx *ctx;
  cli->may_create = 1; /* the one command that creates a database */
  code = sp_cli_open_operator(cli, &store, &ctx);
  if (code != SP_EXIT_OK)
    return code;
  enum sp_rc rc = sp_reference_load(ctx, cli->data_dir);
  if (rc != SP_OK) {
    code = sp_cli_fail(ctx, rc);
    goto out;
  }
  json_t *areas = NULL;
  if ((rc = sp_areas_list(ctx, sp_date_today(), &areas)) != SP_OK) {
    code = sp_cli_fail(ctx, rc);
    goto out;
  }
  size_t live = json_array_size(areas);
  json_decref(areas);
  long long norgs = 0;
  const char *demo_state = "not asked";
  if (demo) {
    if (!count_orgs(ctx, &norgs)) {
      code = sp_cli_fail(ctx, SP_ESTORE);
      goto out;
    }
    if (norgs > 0) {
      demo_state = "skipped: organisations already exist";
    } else {
      if ((rc = sp_cli_demo_all(ctx)) != SP_OK) {
        code = sp_cli_fail(ctx, rc);
        goto out;
      }
      demo_state = "added";
    }
  }
  if (!count_orgs(ctx, &norgs)) {
    code = sp_cli_fail(ctx, SP_ESTORE);
    goto out;
  }
  char today[SP_DATE_BUFSZ];
  sp_date_format(sp_date_today(), today);
  if (cli->json) {
    json_t *j = json_pack("{s:s, s:s, s:i, s:s, s:I, s:I, s:s}", "db", cli->db, "data",
                          cli->data_dir, "schema_version", sp_store_schema_version(store), "today",
                          today, "areas_live_today", (json_int_t)live, "organisations",
                          (json_int_t)norgs, "demo", demo_state);
    sp_cli_print_json(j);
    json_decref(j);
  } else {
    printf("database %s (schema version %d)\n", cli->db, sp_store_schema_version(store));
    printf("reference data loaded from %s: %zu LSIP areas live on %s\n", cli->data_dir, live,
           today);
    if (demo)
      printf("demo data: %s\n", demo_state);
    printf("%lld organisations\n", norgs);
  }
out:
  sp_cli_close(store, ctx);
  return code;
}
