/*
 * accounts.h: managing accounts after they exist (auth.h creates them):
 * DfE administrators change an account's role and organisation or disable
 * it (its sessions end at once); anyone changes their own password, giving
 * the current one. Every change is audited (never the password or its hash).
 */
#ifndef SP_ACCOUNTS_H
#define SP_ACCOUNTS_H

#include <jansson.h>
#include <stdint.h>

#include "base/sp.h"

/* One account {id, email, name, org_id, org_name, role, disabled, areas:
 * [{code, name}] (its organisation's areas)}; user.manage, or the account's
 * own holder. SP_ENOTFOUND when there is none. */
SP_MUST_USE enum sp_rc sp_account_get(struct sp_ctx *ctx, int64_t id, json_t **out);

/*
 * Changes an account (user.manage): role (a role name), org_id (an existing
 * organisation) and disabled (0 or 1). An administrator cannot disable their
 * own account or take away their own administrator role (so that one always
 * remains who can undo it). Disabling ends the account's sessions.
 */
SP_MUST_USE enum sp_rc sp_account_update(struct sp_ctx *ctx, int64_t id, const char *role,
                                         int64_t org_id, int disabled);

/* The signed-in person's password: current must match; the new one is at
 * least 12 characters and at most 1024 bytes. Other sessions of the account
 * end; the one in use (token, may be NULL) stays. */
SP_MUST_USE enum sp_rc sp_account_password(struct sp_ctx *ctx, const char *current,
                                           const char *new_password, const char *token);

/* A random password for an invitation: 20 characters from an alphabet
 * without look-alikes (0/O, 1/l), into out (holds 21). */
void sp_account_temp_password(char out[21]);

#endif
