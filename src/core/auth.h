/*
 * auth.h: accounts, passwords, sessions and CSRF tokens.
 *
 * Passwords are hashed with argon2id (libsodium crypto_pwhash_str, the
 * interactive limits). A session is a 32-byte random token given to the
 * browser as a cookie; the store keeps only its SHA-256, with the CSRF token
 * bound to it and an expiry (8 hours idle). Sign-in attempts are limited per
 * account and per address: 5 failures for one account, or 20 from one
 * address, in 15 minutes lock that account or address out until the window
 * passes. (An address gets more room because offices share one.)
 */
#ifndef SP_AUTH_H
#define SP_AUTH_H

#include <jansson.h>
#include <stdint.h>

#include "base/sp.h"

#define SP_TOKEN_HEX 65 /* 32 random bytes as hex, and the terminator */
#define SP_SESSION_SECONDS (8 * 3600)
#define SP_LOGIN_WINDOW_SECONDS (15 * 60)
#define SP_LOGIN_MAX_FAILURES 5
#define SP_LOGIN_MAX_FAILURES_ADDRESS 20

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
 * Signs in: checks the rate limit for email and address, verifies the
 * password, records the attempt, and creates a session. Writes the session
 * token and its CSRF token (hex) into the buffers. SP_EAUTH for wrong
 * credentials (the message never says which part was wrong), SP_ELIMIT when
 * locked out. `now` is unix seconds.
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

/* Constant-time comparison of two NUL-terminated tokens. */
int sp_token_equal(const char *a, const char *b);

/* Fills out with n random bytes as lowercase hex (out holds 2n+1). */
void sp_random_hex(char *out, size_t n);

/* SHA-256 of s as lowercase hex (out holds 65). */
void sp_sha256_hex(const void *data, size_t len, char out[65]);

#endif
