/*
 * lsip_cli.h: what the LSIP commands of the `skillplan` program share
 * (designate, remove-designation, delivery-plan, progress-report, plan,
 * deadlines, interests): reading "--name value" options, acting as an
 * account (--as EMAIL) or as the local DfE operator, and the acting date
 * (--date YYYY-MM-DD, default today).
 */
#ifndef SP_LSIP_CLI_H
#define SP_LSIP_CLI_H

#include "cli.h"

/* The value after `name` ("--area X" or "--area=X"), or NULL. */
const char *sp_lsip_cli_opt(int argc, char **argv, const char *name);
/* 1 when the flag `name` is present. */
int sp_lsip_cli_flag(int argc, char **argv, const char *name);
/* Refuses options not in the NULL-terminated list `known` (those ending in
 * '=' take a value). Returns 0 when all are known, else prints and returns 1. */
int sp_lsip_cli_check(int argc, char **argv, const char *const *known);

/*
 * Opens the store and sets the actor: the account named by --as (its role
 * and organisation), else the local operator acting as dfe_admin; and the
 * date from --date. On failure prints and returns the exit code (non-zero).
 */
int sp_lsip_cli_open(struct sp_cli *cli, int argc, char **argv, struct sp_store **store,
                     struct sp_ctx **ctx);

/* Prints ok_text (text mode) or {"ok":true, ...extra} (JSON mode). */
void sp_lsip_cli_done(struct sp_cli *cli, const char *ok_text, json_t *extra);

#endif
