/*
 * accounts.c: changing accounts and passwords (see accounts.h). Writes run in
 * one transaction with their audit entry; the password hash comes from
 * auth.c (argon2id) and never reaches the audit log.
 */
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/text.h"
#include "core/accounts.h"
#include "core/audit.h"
#include "core/auth.h"
#include "core/policy.h"
#include "store/store.h"

static enum sp_rc row(struct sp_ctx *ctx, json_t **out, const char *sql, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  enum sp_rc rc = sp_store_vrowf(ctx, out, sql, fmt, ap);
  va_end(ap);
  return rc;
}

static enum sp_rc exec(struct sp_ctx *ctx, const char *sql, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  enum sp_rc rc = sp_store_vexecf(ctx, NULL, sql, fmt, ap);
  va_end(ap);
  return rc;
}

static enum sp_rc load(struct sp_ctx *ctx, int64_t id, json_t **out) {
  enum sp_rc rc = row(ctx, out,
                      "SELECT u.id, u.email, u.name, u.org_id, o.name AS org_name, u.role,"
                      " u.disabled FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.id = ?",
                      "i", id);
  if (rc == SP_OK && !*out)
    rc = sp_ctx_fail(ctx, SP_ENOTFOUND, NULL, "there is no account %lld", (long long)id);
  return rc;
}

enum sp_rc sp_account_get(struct sp_ctx *ctx, int64_t id, json_t **out) {
  *out = NULL;
  enum sp_rc rc;
  if (id != sp_ctx_user_id(ctx) && (rc = sp_policy_check(ctx, SP_ACT_USER_MANAGE)) != SP_OK)
    return rc;
  json_t *a = NULL, *areas = NULL;
  if ((rc = load(ctx, id, &a)) != SP_OK)
    return rc;
  rc = sp_store_rowsf(ctx, &areas,
                      "SELECT oa.area_code AS code, (SELECT n.name FROM area_names n WHERE n.code"
                      " = oa.area_code ORDER BY n.valid_to IS NULL DESC, n.valid_from DESC LIMIT"
                      " 1) AS name FROM org_areas oa WHERE oa.org_id = ? ORDER BY 2",
                      "i", (int64_t)json_integer_value(json_object_get(a, "org_id")));
  if (rc != SP_OK) {
    json_decref(a);
    return rc;
  }
  json_object_set_new(a, "areas", areas);
  *out = a;
  return SP_OK;
}

enum sp_rc sp_account_update(struct sp_ctx *ctx, int64_t id, const char *role, int64_t org_id,
                             int disabled) {
  enum sp_role r;
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_USER_MANAGE);
  if (rc != SP_OK)
    return rc;
  if (!role || sp_role_parse(role, &r) != SP_OK)
    return sp_ctx_fail(ctx, SP_EINVAL, "role", "Select the account's role");
  if (id == sp_ctx_user_id(ctx) && disabled)
    return sp_ctx_fail(ctx, SP_EINVAL, "disabled", "You cannot disable your own account");
  if (id == sp_ctx_user_id(ctx) && r != SP_ROLE_DFE_ADMIN)
    return sp_ctx_fail(ctx, SP_EINVAL, "role",
                       "You cannot take away your own administrator role; ask another "
                       "administrator");
  struct sp_store *store = sp_ctx_store(ctx);
  json_t *before = NULL, *after = NULL, *org = NULL;
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  if ((rc = load(ctx, id, &before)) != SP_OK)
    goto out;
  if ((rc = row(ctx, &org, "SELECT id FROM orgs WHERE id = ?", "i", org_id)) != SP_OK)
    goto out;
  if (!org) {
    rc = sp_ctx_fail(ctx, SP_EINVAL, "org_id", "Select an organisation from the list");
    goto out;
  }
  if ((rc = exec(ctx, "UPDATE users SET role = ?, org_id = ?, disabled = ? WHERE id = ?", "siii",
                 role, org_id, (int64_t)(disabled ? 1 : 0), id)) != SP_OK)
    goto out;
  if (disabled && (rc = exec(ctx, "DELETE FROM sessions WHERE user_id = ?", "i", id)) != SP_OK)
    goto out;
  if ((rc = load(ctx, id, &after)) != SP_OK)
    goto out;
  char idbuf[32];
  snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
  if ((rc = sp_audit_append(ctx, "update", "user", idbuf, before, after)) != SP_OK)
    goto out;
  rc = sp_store_commit(store, ctx);
out:
  if (rc != SP_OK)
    sp_store_rollback(store);
  json_decref(before);
  json_decref(after);
  json_decref(org);
  return rc;
}

enum sp_rc sp_account_password(struct sp_ctx *ctx, const char *current, const char *new_password,
                               const char *token) {
  int64_t id = sp_ctx_user_id(ctx);
  if (!id)
    return sp_ctx_fail(ctx, SP_EAUTH, NULL, "Sign in to change your password");
  if (!new_password || sp_utf8_len(new_password) < 12)
    return sp_ctx_fail(ctx, SP_EINVAL, "new_password",
                       "Your new password must be 12 characters or more");
  if (strlen(new_password) > 1024)
    return sp_ctx_fail(ctx, SP_EINVAL, "new_password",
                       "Your new password must be 1,024 characters or fewer");
  json_t *u = NULL;
  enum sp_rc rc = row(ctx, &u, "SELECT password_hash FROM users WHERE id = ?", "i", id);
  if (rc != SP_OK)
    return rc;
  const char *hash = u ? json_string_value(json_object_get(u, "password_hash")) : NULL;
  int ok = hash && current && sp_password_verify(hash, current);
  json_decref(u);
  if (!ok)
    return sp_ctx_fail(ctx, SP_EINVAL, "current_password", "Your current password is not right");
  char fresh[128];
  if (sp_password_hash(new_password, fresh) != SP_OK)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory hashing the password");
  char token_hash[65] = "";
  if (token && *token)
    sp_sha256_hex(token, strlen(token), token_hash);
  struct sp_store *store = sp_ctx_store(ctx);
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  char idbuf[32];
  snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
  json_t *what = json_pack("{s:s}", "password", "changed");
  if ((rc = exec(ctx, "UPDATE users SET password_hash = ? WHERE id = ?", "si", fresh, id)) ==
          SP_OK &&
      (rc = exec(ctx, "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", "is", id,
                 token_hash)) == SP_OK &&
      (rc = sp_audit_append(ctx, "update", "user_password", idbuf, NULL, what)) == SP_OK)
    rc = sp_store_commit(store, ctx);
  json_decref(what);
  if (rc != SP_OK)
    sp_store_rollback(store);
  return rc;
}

void sp_account_temp_password(char out[21]) {
  static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  for (int i = 0; i < 20; i++)
    out[i] = alphabet[randombytes_uniform((uint32_t)(sizeof(alphabet) - 1))];
  out[20] = '\0';
}
