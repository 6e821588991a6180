/*
 * auth.h: accounts, passwords, sessions and CSRF tokens.
 *
 * Passwords are hashed with argon2id (libsodium crypto_pwhash_str, the
 * interactive limits). A session is a 32-byte random token given to the
 * browser as a cookie; the store keeps only its SHA-256, with the CSRF token
 * bound to it and an expiry (8 hours idle).
 *
 * Sign-in slows an attacker without locking the owner out (issue 10,
 * finding 4; docs/security.md). Failures are counted per (account, address)
 * pair since that pair's last success: the first SP_LOGIN_FREE_FAILURES
 * cost nothing, then each further one makes the pair wait twice as long as
 * the one before (1 s, 2 s, 4 s ... up to SP_LOGIN_MAX_DELAY_SECONDS) before
 * it may try again, whatever the password. The same account from another
 * address is not slowed. An address with SP_LOGIN_MAX_FAILURES_ADDRESS
 * failures (any accounts) within SP_LOGIN_WINDOW_SECONDS waits until the
 * oldest of them leaves the window: that limit stops one address trying
 * many accounts. The address is the client's (behind a trusted proxy, the
 * one the proxy gives). The counts live in the store (login_attempts), so
 * several server processes on one database share them. DfE lists and clears
 * blocks (sp_signin_blocks, sp_signin_unblock). Attempts older than a day
 * and expired sessions are pruned at each sign-in.
 */
#ifndef SP_AUTH_H
#define SP_AUTH_H

#include <jansson.h>
#include <stdint.h>

#include "base/sp.h"

#define SP_TOKEN_HEX 65 /* 32 random bytes as hex, and the terminator */
#define SP_SESSION_SECONDS (8 * 3600)
#define SP_LOGIN_WINDOW_SECONDS (15 * 60)  /* the address limit's window */
#define SP_LOGIN_FREE_FAILURES 3             /* failures of a pair before any delay */
#define SP_LOGIN_MAX_DELAY_SECONDS (15 * 60) /* the longest a pair waits */
#define SP_LOGIN_MAX_FAILURES_ADDRESS 100    /* per address per window */
#define SP_LOGIN_KEEP_SECONDS (24 * 3600)    /* attempts kept this long */

/* Must be called once before any other auth function (sodium_init). */
SP_MUST_USE enum sp_rc sp_auth_init(void);

/* Hashes password into out (crypto_pwhash_STRBYTES = 128 bytes). */
SP_MUST_USE enum sp_rc sp_password_hash(const char *password, char out[128]);
/* 1 when password matches the stored hash. */
int sp_password_verify(const char *hash, const char *password);

/*
 * Creates an account in org_id with role. Password at least 12 characters.
 * Needs SP_ACT_USER_MANAGE unless no dfe_admin account exists yet and the
 * role is dfe_admin (the first admin, created from the CLI). Audited.
 */
SP_MUST_USE enum sp_rc sp_user_add(struct sp_ctx *ctx, const char *email, const char *name,
                                   int64_t org_id, const char *role, const char *password,
                                   int64_t *id_out);

/* Lists accounts [{id, email, name, org_id, org_name, role, disabled}]. */
SP_MUST_USE enum sp_rc sp_users_list(struct sp_ctx *ctx, json_t **out);

/*
 * Signs in: prunes old attempts and expired sessions, checks the throttle
 * for the (email, address) pair and for the address, verifies the password,
 * records the attempt, and creates a session. Writes the session token and
 * its CSRF token (hex) into the buffers. SP_EAUTH for wrong credentials (the
 * message never says which part was wrong), SP_ELIMIT while the pair or the
 * address must wait (the message says how long; sp_signin_retry_after gives
 * the seconds). `now` is unix seconds.
 */
SP_MUST_USE enum sp_rc sp_session_create(struct sp_ctx *ctx, const char *email,
                                         const char *password, const char *address, int64_t now,
                                         char token[SP_TOKEN_HEX], char csrf[SP_TOKEN_HEX]);

/*
 * Looks up a session token: when valid and unexpired, sets the context's
 * actor (user, org, role, name), copies the CSRF token into csrf, extends
 * the expiry, and returns SP_OK. SP_EAUTH otherwise.
 */
SP_MUST_USE enum sp_rc sp_session_resume(struct sp_ctx *ctx, const char *token, int64_t now,
                                         char csrf[SP_TOKEN_HEX]);

/* Ends a session (no error when it does not exist). */
SP_MUST_USE enum sp_rc sp_session_delete(struct sp_ctx *ctx, const char *token);

/* Seconds the (email, address) pair must still wait before it may try to
 * sign in, the longer of the pair's delay and the address's; 0 when none
 * (or when the store cannot say). For the Retry-After of a 429. */
int64_t sp_signin_retry_after(struct sp_ctx *ctx, const char *email, const char *address,
                              int64_t now);

/* The delay after `failures` consecutive failures of one pair, in seconds
 * (0 for the first SP_LOGIN_FREE_FAILURES). Pure. */
int64_t sp_signin_delay(int64_t failures);

/*
 * The sign-in blocks standing at `now` (user.manage, DfE): new array in
 * *out of {kind: "account" (an email at an address) | "address", email
 * (accounts only), address, failures, last_failure_at, until} (unix
 * seconds), those ending last first.
 */
SP_MUST_USE enum sp_rc sp_signin_blocks(struct sp_ctx *ctx, int64_t now, json_t **out);

/*
 * Clears blocks (user.manage, DfE): forgets the failed attempts of email at
 * address, of email at every address (address NULL), or of every account at
 * address (email NULL); one of them is required. Audited. *cleared is how
 * many failed attempts were forgotten.
 */
SP_MUST_USE enum sp_rc sp_signin_unblock(struct sp_ctx *ctx, const char *email,
                                         const char *address, int64_t *cleared);

/* Deletes sign-in attempts older than SP_LOGIN_KEEP_SECONDS and expired
 * sessions (also done at each sign-in; a server may call it at start-up). */
SP_MUST_USE enum sp_rc sp_auth_prune(struct sp_ctx *ctx, int64_t now);

/* Constant-time comparison of two NUL-terminated tokens. */
int sp_token_equal(const char *a, const char *b);

/* Fills out with n random bytes as lowercase hex (out holds 2n+1). */
void sp_random_hex(char *out, size_t n);

/* SHA-256 of s as lowercase hex (out holds 65). */
void sp_sha256_hex(const void *data, size_t len, char out[65]);

#endif
