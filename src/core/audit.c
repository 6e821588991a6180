/*
 * audit.c: appending to and reading the audit log (see audit.h).
 */
#include "audit.h"

#include <stdlib.h>

#include "policy.h"
#include "store/store.h"

enum sp_rc sp_audit_append(struct sp_ctx *ctx, const char *action, const char *entity,
                           const char *entity_id, const json_t *before, const json_t *after) {
  struct sp_store *store = sp_ctx_store(ctx);
  if (!store || !sp_store_in_tx(store))
    return sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "audit entry written outside a transaction");
  char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  struct sp_stmt *st = NULL;
  enum sp_rc rc = SP_OK;
  if ((before && !b) || (after && !a)) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory writing the audit log");
    goto out;
  }
  rc = sp_store_prepare(store, ctx,
                        "INSERT INTO audit_log(user_id, actor, action, entity, entity_id,"
                        " before_json, after_json) VALUES (?,?,?,?,?,?,?)",
                        &st);
  if (rc != SP_OK)
    goto out;
  int64_t uid = sp_ctx_user_id(ctx);
  if ((uid ? sp_stmt_bind_int(st, 1, uid) : sp_stmt_bind_null(st, 1)) != SP_OK ||
      sp_stmt_bind_text(st, 2, sp_ctx_actor_name(ctx)) != SP_OK ||
      sp_stmt_bind_text(st, 3, action) != SP_OK || sp_stmt_bind_text(st, 4, entity) != SP_OK ||
      sp_stmt_bind_text(st, 5, entity_id) != SP_OK || sp_stmt_bind_text(st, 6, b) != SP_OK ||
      sp_stmt_bind_text(st, 7, a) != SP_OK) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory writing the audit log");
    goto out;
  }
  rc = sp_stmt_run(st, ctx);
out:
  sp_stmt_free(st);
  free(b);
  free(a);
  return rc;
}

enum sp_rc sp_audit_list(struct sp_ctx *ctx, const char *entity, int64_t before_id, int limit,
                         json_t **out) {
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_AUDIT_READ);
  if (rc != SP_OK)
    return rc;
  if (limit < 1 || limit > 1000)
    return sp_ctx_fail(ctx, SP_EINVAL, "limit", "limit must be between 1 and 1000");
  struct sp_stmt *st = NULL;
  rc = sp_store_prepare(sp_ctx_store(ctx), ctx,
                        "SELECT id, at, user_id, actor, action, entity, entity_id,"
                        " before_json, after_json FROM audit_log"
                        " WHERE (?1 IS NULL OR entity = ?1) AND (?2 = 0 OR id < ?2)"
                        " ORDER BY id DESC LIMIT ?3",
                        &st);
  if (rc != SP_OK)
    return rc;
  if (sp_stmt_bind_text(st, 1, entity) != SP_OK || sp_stmt_bind_int(st, 2, before_id) != SP_OK ||
      sp_stmt_bind_int(st, 3, limit) != SP_OK) {
    sp_stmt_free(st);
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  }
  rc = sp_stmt_all_json(st, ctx, out);
  sp_stmt_free(st);
  return rc;
}
