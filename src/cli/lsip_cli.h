/*
 * lsip_cli.h: what the LSIP commands of the `skillplan` program share
 * (designate, remove-designation, delivery-plan, progress-report, plan,
 * deadlines, interests): the options they all take, acting as an account
 * (--as EMAIL) or as the local DfE operator, and the acting date (--date
 * YYYY-MM-DD, default today). Options are parsed by sp_cli_parse (cli.h).
 */
#ifndef SP_LSIP_CLI_H
#define SP_LSIP_CLI_H

#include "cli.h"

/* The options every LSIP command takes; NULL when not given. */
struct sp_lsip_common {
  const char *as;   /* --as EMAIL: act as that account */
  const char *date; /* --date YYYY-MM-DD: the date the action is taken */
};

/* Their entries in a command's option table (cli.h). */
#define SP_LSIP_COMMON_OPTS(c) SP_OPT_STR("as", &(c)->as), SP_OPT_STR("date", &(c)->date)

/*
 * Opens the store and sets the actor: the account named by c->as (its role
 * and organisation), else the local operator acting as dfe_admin; and the
 * date from c->date. On failure prints and returns the exit code (non-zero).
 */
int sp_lsip_cli_open(struct sp_cli *cli, const struct sp_lsip_common *c, struct sp_store **store,
                     struct sp_ctx **ctx);

/* Prints ok_text (text mode) or {"ok":true, ...extra} (JSON mode). */
void sp_lsip_cli_done(struct sp_cli *cli, const char *ok_text, json_t *extra);

#endif
