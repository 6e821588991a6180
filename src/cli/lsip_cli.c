/*
 * lsip_cli.c: the actor and date set-up shared by the LSIP commands
 * (see lsip_cli.h).
 */
#include <stdio.h>

#include "base/date.h"
#include "lsip_cli.h"

int sp_lsip_cli_open(struct sp_cli *cli, const struct sp_lsip_common *c, struct sp_store **store,
                     struct sp_ctx **ctx) {
  int code = sp_cli_open(cli, store, ctx);
  if (code)
    return code;
  const char *date = c->date;
  if (date) {
    int32_t d;
    if (sp_date_parse(date, &d) != SP_OK) {
      fprintf(stderr, "skillplan: --date must be a date written YYYY-MM-DD\n");
      sp_cli_close(*store, *ctx);
      return SP_EXIT_USAGE;
    }
    sp_ctx_set_today(*ctx, d);
  }
  const char *email = c->as;
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
