/*
 * auth.c: argon2id password hashes, server-side sessions stored by the
 * SHA-256 of their token, CSRF tokens bound to the session, and the sign-in
 * throttle counted from login_attempts: growing delays per (account,
 * address) pair, a limit per address, DfE's list and clearing of blocks,
 * pruning (see auth.h).
 */
#include "base/record.h"
#include "auth.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "policy.h"
#include "store/store.h"
#include "base/text.h"

enum sp_rc sp_auth_init(void) { return sodium_init() < 0 ? SP_EINTERNAL : SP_OK; }

enum sp_rc sp_password_hash(const char *password, char out[128]) {
  if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return SP_ENOMEM;
  return SP_OK;
}

int sp_password_verify(const char *hash, const char *password) {
  return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

int sp_token_equal(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la != lb || la == 0)
    return 0;
  return sodium_memcmp(a, b, la) == 0;
}

void sp_random_hex(char *out, size_t n) {
  unsigned char raw[64];
  if (n > sizeof(raw))
    n = sizeof(raw);
  randombytes_buf(raw, n);
  sodium_bin2hex(out, 2 * n + 1, raw, n);
}

void sp_sha256_hex(const void *data, size_t len, char out[65]) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, data, len);
  sodium_bin2hex(out, 65, h, sizeof(h));
}

static int admin_exists(struct sp_ctx *ctx) {
  struct sp_stmt *st = NULL;
  int row = 0;
  if (sp_store_prepare(sp_ctx_store(ctx), ctx,
                       "SELECT 1 FROM users WHERE role = 'dfe_admin' LIMIT 1", &st) != SP_OK)
    return 1;
  if (sp_stmt_step(st, ctx, &row) != SP_OK)
    row = 1;
  sp_stmt_free(st);
  return row;
}

enum sp_rc sp_user_add(struct sp_ctx *ctx, const char *email, const char *name, int64_t org_id,
                       const char *role, const char *password, int64_t *id_out) {
  enum sp_role r;
  enum sp_rc rc;
  struct sp_store *store = sp_ctx_store(ctx);
  struct sp_stmt *st = NULL;
  json_t *after = NULL;
  if (sp_role_parse(role, &r) != SP_OK)
    return sp_ctx_fail(ctx, SP_EINVAL, "role",
                       "role '%s' is not one of dfe_admin, erb_editor, provider_editor, "
                       "mca_reviewer, funder, viewer",
                       role ? role : "");
  if ((rc = sp_text_check(ctx, "email", email, 254, 1, 0)) != SP_OK)
    return rc;
  const char *at = strchr(email, '@');
  if (!at || at == email || !strchr(at, '.') || strchr(email, ' '))
    return sp_ctx_fail(ctx, SP_EINVAL, "email", "email '%s' is not an email address", email);
  if ((rc = sp_text_check(ctx, "name", name, 200, 1, 0)) != SP_OK)
    return rc;
  if (!password || sp_utf8_len(password) < 12)
    return sp_ctx_fail(ctx, SP_EINVAL, "password", "password must be at least 12 characters");
  if (strlen(password) > 1024)
    return sp_ctx_fail(ctx, SP_EINVAL, "password", "password must be at most 1024 bytes");
  char hash[128];
  if (sp_password_hash(password, hash) != SP_OK)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory hashing the password");

  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  /* Decided inside the (immediate) transaction, so two first admins cannot
   * both bootstrap. */
  int bootstrap = r == SP_ROLE_DFE_ADMIN && !admin_exists(ctx);
  if (!bootstrap && (rc = sp_policy_check(ctx, SP_ACT_USER_MANAGE)) != SP_OK)
    goto out;
  rc = sp_store_prepare(store, ctx, "SELECT 1 FROM orgs WHERE id = ?", &st);
  if (rc != SP_OK)
    goto out;
  int row = 0;
  if ((rc = sp_stmt_bind_int(st, 1, org_id)) != SP_OK || (rc = sp_stmt_step(st, ctx, &row)) != SP_OK)
    goto out;
  if (!row) {
    rc = sp_ctx_fail(ctx, SP_EINVAL, "org_id", "organisation %lld does not exist",
                     (long long)org_id);
    goto out;
  }
  sp_stmt_free(st);
  st = NULL;
  rc = sp_store_prepare(store, ctx,
                        "INSERT INTO users(email, name, org_id, role, password_hash)"
                        " VALUES (lower(?), ?, ?, ?, ?)",
                        &st);
  if (rc != SP_OK)
    goto out;
  if (sp_stmt_bind_text(st, 1, email) != SP_OK || sp_stmt_bind_text(st, 2, name) != SP_OK ||
      sp_stmt_bind_int(st, 3, org_id) != SP_OK || sp_stmt_bind_text(st, 4, role) != SP_OK ||
      sp_stmt_bind_text(st, 5, hash) != SP_OK) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    goto out;
  }
  rc = sp_stmt_run(st, ctx);
  if (rc == SP_ECONFLICT) {
    rc = sp_ctx_fail(ctx, SP_ECONFLICT, "email", "an account with email %s already exists",
                     email);
    goto out;
  }
  if (rc != SP_OK)
    goto out;
  int64_t id = sp_store_last_id(store);
  char idbuf[32];
  snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
  char stored[255];
  size_t k = 0;
  for (; email[k] && k + 1 < sizeof(stored); k++)
    stored[k] = (char)((email[k] >= 'A' && email[k] <= 'Z') ? email[k] + 32 : email[k]);
  stored[k] = '\0';
  after = json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)id, "email", stored, "name",
                    name, "org_id", (json_int_t)org_id, "role", role);
  if (!after) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    goto out;
  }
  if ((rc = sp_audit_append(ctx, "create", "user", idbuf, NULL, after)) != SP_OK)
    goto out;
  rc = sp_store_commit(store, ctx);
  if (rc == SP_OK && id_out)
    *id_out = id;
out:
  sp_stmt_free(st);
  json_decref(after);
  if (rc != SP_OK)
    sp_store_rollback(store);
  return rc;
}

enum sp_rc sp_users_list(struct sp_ctx *ctx, json_t **out) {
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_USER_MANAGE);
  if (rc != SP_OK)
    return rc;
  struct sp_stmt *st = NULL;
  rc = sp_store_prepare(sp_ctx_store(ctx), ctx,
                        "SELECT u.id, u.email, u.name, u.org_id, o.name AS org_name, u.role,"
                        " u.disabled FROM users u JOIN orgs o ON o.id = u.org_id ORDER BY u.email",
                        &st);
  if (rc == SP_OK)
    rc = sp_stmt_all_json(st, ctx, out);
  sp_stmt_free(st);
  return rc;
}

/* ---- the sign-in throttle (auth.h; issue 10, finding 4) ---- */

static enum sp_rc exec(struct sp_ctx *ctx, const char *sql, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  enum sp_rc rc = sp_store_vexecf(ctx, NULL, sql, fmt, ap);
  va_end(ap);
  return rc;
}

/* The first row of a query as a JSON object (NULL when none). */
static enum sp_rc row(struct sp_ctx *ctx, json_t **out, const char *sql, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  enum sp_rc rc = sp_store_vrowf(ctx, out, sql, fmt, ap);
  va_end(ap);
  return rc;
}

int64_t sp_signin_delay(int64_t failures) {
  if (failures <= SP_LOGIN_FREE_FAILURES)
    return 0;
  int64_t shift = failures - SP_LOGIN_FREE_FAILURES - 1;
  if (shift > 30)
    shift = 30;
  int64_t d = (int64_t)1 << shift;
  return d < SP_LOGIN_MAX_DELAY_SECONDS ? d : SP_LOGIN_MAX_DELAY_SECONDS;
}

/* Failures of the (email, address) pair since its last success (within the
 * kept day), and the time of the latest. */
static enum sp_rc pair_failures(struct sp_ctx *ctx, const char *email, const char *address,
                                int64_t now, int64_t *n, int64_t *last) {
  json_t *r = NULL;
  *n = *last = 0;
  enum sp_rc rc = row(ctx, &r,
                      "SELECT max(at) AS t FROM login_attempts WHERE email = lower(?) AND"
                      " address = ? AND ok = 1",
                      "ss", email, address);
  if (rc != SP_OK)
    return rc;
  int64_t since = now - SP_LOGIN_KEEP_SECONDS, ok_at = r ? sp_rec_int(r, "t") : 0;
  json_decref(r);
  r = NULL;
  if (ok_at > since)
    since = ok_at;
  if ((rc = row(ctx, &r,
                "SELECT count(*) AS n, max(at) AS t FROM login_attempts WHERE email = lower(?)"
                " AND address = ? AND ok = 0 AND at > ?",
                "ssi", email, address, since)) != SP_OK)
    return rc;
  if (r) {
    *n = sp_rec_int(r, "n");
    *last = sp_rec_int(r, "t");
  }
  json_decref(r);
  return SP_OK;
}

/* Seconds the address must wait: 0 below the limit; otherwise until enough
 * of its failures leave the window to bring it under. */
static enum sp_rc address_wait(struct sp_ctx *ctx, const char *address, int64_t now,
                               int64_t *n, int64_t *wait) {
  json_t *r = NULL;
  int64_t since = now - SP_LOGIN_WINDOW_SECONDS;
  *n = *wait = 0;
  enum sp_rc rc = row(ctx, &r,
                      "SELECT count(*) AS n FROM login_attempts WHERE address = ? AND ok = 0"
                      " AND at > ?",
                      "si", address, since);
  if (rc != SP_OK)
    return rc;
  *n = r ? sp_rec_int(r, "n") : 0;
  json_decref(r);
  r = NULL;
  if (*n < SP_LOGIN_MAX_FAILURES_ADDRESS)
    return SP_OK;
  if ((rc = row(ctx, &r,
                "SELECT at FROM login_attempts WHERE address = ? AND ok = 0 AND at > ?"
                " ORDER BY at LIMIT 1 OFFSET ?",
                "sii", address, since, *n - SP_LOGIN_MAX_FAILURES_ADDRESS)) != SP_OK)
    return rc;
  *wait = r ? sp_rec_int(r, "at") + SP_LOGIN_WINDOW_SECONDS - now : 0;
  if (*wait < 0)
    *wait = 0;
  json_decref(r);
  return SP_OK;
}

/* The pair's and the address's waits; *by_address says which is longer. */
static enum sp_rc throttle_wait(struct sp_ctx *ctx, const char *email, const char *address,
                                int64_t now, int64_t *wait, int *by_address) {
  int64_t n, last, an, await;
  enum sp_rc rc = pair_failures(ctx, email, address, now, &n, &last);
  if (rc != SP_OK || (rc = address_wait(ctx, address, now, &an, &await)) != SP_OK)
    return rc;
  int64_t pwait = n > SP_LOGIN_FREE_FAILURES ? last + sp_signin_delay(n) - now : 0;
  if (pwait < 0)
    pwait = 0;
  *by_address = await > pwait;
  *wait = *by_address ? await : pwait;
  return SP_OK;
}

int64_t sp_signin_retry_after(struct sp_ctx *ctx, const char *email, const char *address,
                              int64_t now) {
  int64_t wait = 0;
  int by_address = 0;
  if (!address || !*address)
    address = "unknown";
  if (!email || throttle_wait(ctx, email, address, now, &wait, &by_address) != SP_OK) {
    sp_ctx_clear(ctx);
    return 0;
  }
  return wait;
}

enum sp_rc sp_auth_prune(struct sp_ctx *ctx, int64_t now) {
  enum sp_rc rc = exec(ctx, "DELETE FROM login_attempts WHERE at < ?", "i",
                       now - SP_LOGIN_KEEP_SECONDS);
  if (rc == SP_OK)
    rc = exec(ctx, "DELETE FROM sessions WHERE expires_at <= ?", "i", now);
  return rc;
}

/* "8 seconds", "2 minutes". */
static void say_wait(char *out, size_t n, int64_t s) {
  if (s < 120)
    snprintf(out, n, "%lld second%s", (long long)s, s == 1 ? "" : "s");
  else
    snprintf(out, n, "%lld minutes", (long long)((s + 59) / 60));
}

enum sp_rc sp_signin_blocks(struct sp_ctx *ctx, int64_t now, json_t **out) {
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_USER_MANAGE);
  if (rc != SP_OK)
    return rc;
  json_t *pairs = NULL, *addrs = NULL, *res = json_array();
  if (!res)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  if ((rc = sp_store_rowsf(ctx, &pairs,
                           "SELECT a.email, a.address, count(*) AS failures, max(a.at) AS last"
                           " FROM login_attempts a WHERE a.ok = 0 AND a.at > ? AND a.at >"
                           " COALESCE((SELECT max(b.at) FROM login_attempts b WHERE b.email ="
                           " a.email AND b.address = a.address AND b.ok = 1), 0)"
                           " GROUP BY a.email, a.address HAVING count(*) > ?"
                           " ORDER BY a.email, a.address",
                           "ii", now - SP_LOGIN_KEEP_SECONDS,
                           (int64_t)SP_LOGIN_FREE_FAILURES)) != SP_OK ||
      (rc = sp_store_rowsf(ctx, &addrs,
                           "SELECT address, count(*) AS failures, max(at) AS last FROM"
                           " login_attempts WHERE ok = 0 AND at > ? GROUP BY address"
                           " HAVING count(*) >= ? ORDER BY address",
                           "ii", now - SP_LOGIN_WINDOW_SECONDS,
                           (int64_t)SP_LOGIN_MAX_FAILURES_ADDRESS)) != SP_OK)
    goto out;
  size_t i;
  json_t *p;
  json_array_foreach(pairs, i, p) {
    int64_t until = sp_rec_int(p, "last") + sp_signin_delay(sp_rec_int(p, "failures"));
    if (until <= now)
      continue;
    if (json_array_append_new(res, json_pack("{s:s, s:O, s:O, s:O, s:O, s:I}", "kind", "account",
                                             "email", json_object_get(p, "email"), "address",
                                             json_object_get(p, "address"), "failures",
                                             json_object_get(p, "failures"), "last_failure_at",
                                             json_object_get(p, "last"), "until",
                                             (json_int_t)until)) != 0) {
      rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
      goto out;
    }
  }
  json_array_foreach(addrs, i, p) {
    int64_t n, wait;
    if ((rc = address_wait(ctx, json_string_value(json_object_get(p, "address")), now, &n,
                           &wait)) != SP_OK)
      goto out;
    if (wait <= 0)
      continue;
    if (json_array_append_new(res, json_pack("{s:s, s:n, s:O, s:O, s:O, s:I}", "kind", "address",
                                             "email", "address", json_object_get(p, "address"),
                                             "failures", json_object_get(p, "failures"),
                                             "last_failure_at", json_object_get(p, "last"),
                                             "until", (json_int_t)(now + wait))) != 0) {
      rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
      goto out;
    }
  }
out:
  json_decref(pairs);
  json_decref(addrs);
  if (rc != SP_OK) {
    json_decref(res);
    return rc;
  }
  *out = res;
  return SP_OK;
}

enum sp_rc sp_signin_unblock(struct sp_ctx *ctx, const char *email, const char *address,
                             int64_t *cleared) {
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_USER_MANAGE);
  if (rc != SP_OK)
    return rc;
  if (email && !*email)
    email = NULL;
  if (address && !*address)
    address = NULL;
  if (!email && !address)
    return sp_ctx_fail(ctx, SP_EINVAL, "email",
                       "say whose block to clear: an email address, a client address, or both");
  if ((email && (rc = sp_text_check(ctx, "email", email, 254, 1, 0)) != SP_OK) ||
      (address && (rc = sp_text_check(ctx, "address", address, 64, 1, 0)) != SP_OK))
    return rc;
  static const char *const count_sql[] = {
      "SELECT count(*) AS n FROM login_attempts WHERE ok = 0 AND email = lower(?) AND address = ?",
      "SELECT count(*) AS n FROM login_attempts WHERE ok = 0 AND email = lower(?)",
      "SELECT count(*) AS n FROM login_attempts WHERE ok = 0 AND address = ?"};
  static const char *const delete_sql[] = {
      "DELETE FROM login_attempts WHERE ok = 0 AND email = lower(?) AND address = ?",
      "DELETE FROM login_attempts WHERE ok = 0 AND email = lower(?)",
      "DELETE FROM login_attempts WHERE ok = 0 AND address = ?"};
  int v = email && address ? 0 : email ? 1 : 2;
  const char *fmt = v == 0 ? "ss" : "s";
  const char *a1 = email ? email : address;
  struct sp_store *store = sp_ctx_store(ctx);
  json_t *r = NULL, *before = NULL;
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  if ((rc = row(ctx, &r, count_sql[v], fmt, a1, address)) != SP_OK)
    goto out;
  int64_t n = r ? sp_rec_int(r, "n") : 0;
  if ((rc = exec(ctx, delete_sql[v], fmt, a1, address)) != SP_OK)
    goto out;
  char key[400];
  snprintf(key, sizeof(key), "%s at %s", email ? email : "every account",
           address ? address : "every address");
  before = json_pack("{s:s?, s:s?, s:I}", "email", email, "address", address, "failures",
                     (json_int_t)n);
  if ((rc = sp_audit_append(ctx, "unblock", "sign_in", key, before, NULL)) != SP_OK)
    goto out;
  rc = sp_store_commit(store, ctx);
  if (rc == SP_OK && cleared)
    *cleared = n;
out:
  json_decref(r);
  json_decref(before);
  if (rc != SP_OK)
    sp_store_rollback(store);
  return rc;
}

static enum sp_rc record_attempt(struct sp_ctx *ctx, const char *email, const char *address,
                                 int64_t now, int ok) {
  struct sp_stmt *st = NULL;
  enum sp_rc rc = sp_store_prepare(
      sp_ctx_store(ctx), ctx,
      "INSERT INTO login_attempts(email, address, at, ok) VALUES (lower(?), ?, ?, ?)", &st);
  if (rc != SP_OK)
    return rc;
  if (sp_stmt_bind_text(st, 1, email) != SP_OK || sp_stmt_bind_text(st, 2, address) != SP_OK ||
      sp_stmt_bind_int(st, 3, now) != SP_OK || sp_stmt_bind_int(st, 4, ok) != SP_OK)
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  if (rc == SP_OK)
    rc = sp_stmt_run(st, ctx);
  sp_stmt_free(st);
  return rc;
}

enum sp_rc sp_session_create(struct sp_ctx *ctx, const char *email, const char *password,
                             const char *address, int64_t now, char token[SP_TOKEN_HEX],
                             char csrf[SP_TOKEN_HEX]) {
  struct sp_store *store = sp_ctx_store(ctx);
  struct sp_stmt *st = NULL;
  enum sp_rc rc;
  if (!email || !*email || !password || !*password)
    return sp_ctx_fail(ctx, SP_EINVAL, !email || !*email ? "email" : "password",
                       "enter your email address and password");
  if (strlen(email) > 254 || strlen(password) > 1024 || !sp_utf8_valid(email, strlen(email)))
    return sp_ctx_fail(ctx, SP_EAUTH, NULL, "the email address or password is not right");
  if (!address || !*address)
    address = "unknown"; /* counted together, never skipped */
  /* Old attempts and ended sessions go first, so the counts below and the
   * tables stay small (a failure here does not stop a sign-in). */
  if (sp_auth_prune(ctx, now) != SP_OK)
    sp_ctx_clear(ctx);
  int64_t wait = 0;
  int by_address = 0;
  if ((rc = throttle_wait(ctx, email, address, now, &wait, &by_address)) != SP_OK)
    return rc;
  if (wait > 0) {
    char w[48];
    say_wait(w, sizeof(w), wait);
    return sp_ctx_fail(ctx, SP_ELIMIT, NULL,
                       by_address
                           ? "too many failed sign-in attempts have come from your address; "
                             "wait %s before trying again"
                           : "too many wrong passwords for this account from your address; "
                             "wait %s before trying again (from another address you are not "
                             "held up)",
                       w);
  }

  char hash[129] = "";
  int64_t uid = 0;
  int row = 0;
  rc = sp_store_prepare(store, ctx,
                        "SELECT id, password_hash FROM users WHERE email = lower(?) AND"
                        " disabled = 0",
                        &st);
  if (rc != SP_OK)
    return rc;
  if (sp_stmt_bind_text(st, 1, email) != SP_OK)
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  if (rc == SP_OK)
    rc = sp_stmt_step(st, ctx, &row);
  if (rc == SP_OK && row) {
    uid = sp_stmt_int(st, 0);
    snprintf(hash, sizeof(hash), "%s", sp_stmt_text(st, 1));
  }
  sp_stmt_free(st);
  st = NULL;
  if (rc != SP_OK)
    return rc;
  /* Verify against a dummy hash when there is no such account, so timing
   * does not tell which accounts exist. */
  static const char dummy[] =
      "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
      "2cQ5xkr0Q5M1c4yq5d4o2w1H3m3y6bU2m1Qp1W9bq2Q";
  int ok = sp_password_verify(uid ? hash : dummy, password) && uid;

  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  if ((rc = record_attempt(ctx, email, address, now, ok)) != SP_OK)
    goto out;
  if (!ok) {
    rc = sp_store_commit(store, ctx);
    if (rc == SP_OK)
      rc = sp_ctx_fail(ctx, SP_EAUTH, NULL, "the email address or password is not right");
    goto out;
  }
  char th[65];
  sp_random_hex(token, 32);
  sp_random_hex(csrf, 32);
  sp_sha256_hex(token, strlen(token), th);
  rc = sp_store_prepare(store, ctx,
                        "INSERT INTO sessions(token_hash, user_id, csrf, created_at, expires_at)"
                        " VALUES (?, ?, ?, ?, ?)",
                        &st);
  if (rc != SP_OK)
    goto out;
  if (sp_stmt_bind_text(st, 1, th) != SP_OK || sp_stmt_bind_int(st, 2, uid) != SP_OK ||
      sp_stmt_bind_text(st, 3, csrf) != SP_OK || sp_stmt_bind_int(st, 4, now) != SP_OK ||
      sp_stmt_bind_int(st, 5, now + SP_SESSION_SECONDS) != SP_OK) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    goto out;
  }
  if ((rc = sp_stmt_run(st, ctx)) != SP_OK)
    goto out;
  rc = sp_store_commit(store, ctx);
out:
  sp_stmt_free(st);
  if (rc != SP_OK && sp_store_in_tx(store))
    sp_store_rollback(store);
  if (rc != SP_OK) {
    token[0] = '\0';
    csrf[0] = '\0';
  }
  return rc;
}

enum sp_rc sp_session_resume(struct sp_ctx *ctx, const char *token, int64_t now,
                             char csrf[SP_TOKEN_HEX]) {
  struct sp_store *store = sp_ctx_store(ctx);
  struct sp_stmt *st = NULL;
  int row = 0;
  if (!token || strlen(token) != 64)
    return sp_ctx_fail(ctx, SP_EAUTH, NULL, "sign in to continue");
  char th[65];
  sp_sha256_hex(token, 64, th);
  enum sp_rc rc = sp_store_prepare(
      store, ctx,
      "SELECT s.user_id, u.org_id, u.role, u.name, s.csrf, s.expires_at FROM sessions s"
      " JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND u.disabled = 0",
      &st);
  if (rc != SP_OK)
    return rc;
  if (sp_stmt_bind_text(st, 1, th) != SP_OK)
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  if (rc == SP_OK)
    rc = sp_stmt_step(st, ctx, &row);
  if (rc == SP_OK && (!row || sp_stmt_int(st, 5) <= now))
    rc = sp_ctx_fail(ctx, SP_EAUTH, NULL, "your session has ended; sign in again");
  if (rc == SP_OK) {
    enum sp_role role;
    if (sp_role_parse(sp_stmt_text(st, 2), &role) != SP_OK)
      role = SP_ROLE_VIEWER;
    sp_ctx_set_actor(ctx, sp_stmt_int(st, 0), sp_stmt_int(st, 1), role, sp_stmt_text(st, 3));
    snprintf(csrf, SP_TOKEN_HEX, "%s", sp_stmt_text(st, 4));
  }
  sp_stmt_free(st);
  st = NULL;
  if (rc != SP_OK)
    return rc;
  /* Sliding expiry; a failure here does not end the request. */
  if (sp_store_prepare(store, ctx, "UPDATE sessions SET expires_at = ? WHERE token_hash = ?",
                       &st) == SP_OK) {
    if (sp_stmt_bind_int(st, 1, now + SP_SESSION_SECONDS) == SP_OK &&
        sp_stmt_bind_text(st, 2, th) == SP_OK && sp_stmt_run(st, ctx) != SP_OK)
      sp_ctx_clear(ctx);
    sp_stmt_free(st);
  }
  return SP_OK;
}

enum sp_rc sp_session_delete(struct sp_ctx *ctx, const char *token) {
  if (!token || strlen(token) != 64)
    return SP_OK;
  char th[65];
  sp_sha256_hex(token, 64, th);
  struct sp_stmt *st = NULL;
  enum sp_rc rc =
      sp_store_prepare(sp_ctx_store(ctx), ctx, "DELETE FROM sessions WHERE token_hash = ?", &st);
  if (rc != SP_OK)
    return rc;
  if (sp_stmt_bind_text(st, 1, th) != SP_OK)
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  if (rc == SP_OK)
    rc = sp_stmt_run(st, ctx);
  sp_stmt_free(st);
  return rc;
}
