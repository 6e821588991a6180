/*
 * lsip_cli.c: option reading and actor set-up shared by the LSIP commands
 * (see lsip_cli.h).
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "lsip_cli.h"

const char *sp_lsip_cli_opt(int argc, char **argv, const char *name) {
  size_t n = strlen(name);
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], name) && i + 1 < argc)
      return argv[i + 1];
    if (!strncmp(argv[i], name, n) && argv[i][n] == '=')
      return argv[i] + n + 1;
  }
  return NULL;
}

int sp_lsip_cli_flag(int argc, char **argv, const char *name) {
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], name))
      return 1;
  return 0;
}

int sp_lsip_cli_check(int argc, char **argv, const char *const *known) {
  for (int i = 1; i < argc; i++) {
    if (strncmp(argv[i], "--", 2) != 0)
      continue; /* a positional word or an option's value */
    const char *eq = strchr(argv[i], '=');
    size_t n = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
    int ok = 0, takes = 0;
    for (size_t k = 0; known[k]; k++) {
      size_t kl = strlen(known[k]);
      int kv = kl && known[k][kl - 1] == '=';
      if ((kv ? kl - 1 : kl) == n && !strncmp(known[k], argv[i], n)) {
        ok = 1;
        takes = kv;
      }
    }
    if (!ok) {
      fprintf(stderr, "skillplan: unknown option '%.*s'; see --help\n", (int)n, argv[i]);
      return 1;
    }
    if (takes && !eq) {
      if (i + 1 >= argc) {
        fprintf(stderr, "skillplan: %s needs a value\n", argv[i]);
        return 1;
      }
      i++;
    }
  }
  return 0;
}

int sp_lsip_cli_open(struct sp_cli *cli, int argc, char **argv, struct sp_store **store,
                     struct sp_ctx **ctx) {
  int code = sp_cli_open(cli, store, ctx);
  if (code)
    return code;
  const char *date = sp_lsip_cli_opt(argc, argv, "--date");
  if (date) {
    int32_t d;
    if (sp_date_parse(date, &d) != SP_OK) {
      fprintf(stderr, "skillplan: --date must be a date written YYYY-MM-DD\n");
      sp_cli_close(*store, *ctx);
      return SP_EXIT_USAGE;
    }
    sp_ctx_set_today(*ctx, d);
  }
  const char *email = sp_lsip_cli_opt(argc, argv, "--as");
  if (!email) {
    sp_ctx_set_actor(*ctx, 0, 0, SP_ROLE_DFE_ADMIN, "cli operator (dfe_admin)");
    return SP_EXIT_OK;
  }
  struct sp_stmt *st = NULL;
  int row = 0;
  enum sp_rc rc = sp_store_prepare(*store, *ctx,
                                   "SELECT id, org_id, role, name FROM users WHERE email = ? AND"
                                   " disabled = 0",
                                   &st);
  if (rc == SP_OK)
    rc = sp_stmt_bind_text(st, 1, email);
  if (rc == SP_OK)
    rc = sp_stmt_step(st, *ctx, &row);
  if (rc == SP_OK && !row)
    rc = sp_ctx_fail(*ctx, SP_ENOTFOUND, "as", "no enabled account has the email '%s'", email);
  enum sp_role role = SP_ROLE_PUBLIC;
  if (rc == SP_OK)
    rc = sp_role_parse(sp_stmt_text(st, 2), &role);
  if (rc == SP_OK)
    sp_ctx_set_actor(*ctx, sp_stmt_int(st, 0), sp_stmt_int(st, 1), role, sp_stmt_text(st, 3));
  sp_stmt_free(st);
  if (rc != SP_OK) {
    code = sp_cli_fail(*ctx, rc);
    sp_cli_close(*store, *ctx);
    return code;
  }
  return SP_EXIT_OK;
}

void sp_lsip_cli_done(struct sp_cli *cli, const char *ok_text, json_t *extra) {
  if (cli->json) {
    json_t *j = extra ? json_incref(extra) : json_object();
    json_object_set_new(j, "ok", json_true());
    sp_cli_print_json(j);
    json_decref(j);
  } else {
    puts(ok_text);
  }
}
