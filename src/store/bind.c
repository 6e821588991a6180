/*
 * bind.c: preparing a statement and binding its parameters from a format
 * string in one call (store.h, sp_store_preparef), and the one-shot
 * statements built on it (sp_store_vexecf, sp_store_vrowsf, sp_store_vrowf).
 * Engine-neutral: it uses only the sp_stmt_* calls, so every back end has it.
 */
#include <stdarg.h>

#include "../base/date.h"
#include "store.h"

static enum sp_rc bind_all(struct sp_ctx *ctx, struct sp_stmt *st, const char *fmt, va_list ap) {
  int idx = 1;
  for (const char *f = fmt; f && *f; f++, idx++) {
    enum sp_rc rc;
    switch (*f) {
    case 'i':
      rc = sp_stmt_bind_int(st, idx, va_arg(ap, int64_t));
      break;
    case 'I': {
      int64_t v = va_arg(ap, int64_t);
      rc = v == 0 ? sp_stmt_bind_null(st, idx) : sp_stmt_bind_int(st, idx, v);
      break;
    }
    case 'J': {
      int64_t v = va_arg(ap, int64_t);
      rc = v < 0 ? sp_stmt_bind_null(st, idx) : sp_stmt_bind_int(st, idx, v);
      break;
    }
    case 's':
      rc = sp_stmt_bind_text(st, idx, va_arg(ap, const char *));
      break;
    case 'd':
      rc = sp_stmt_bind_date(st, idx, va_arg(ap, int32_t));
      break;
    case 'f':
      rc = sp_stmt_bind_double(st, idx, va_arg(ap, double));
      break;
    default:
      return sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "bad bind format '%c'", *f);
    }
    if (rc != SP_OK)
      return sp_ctx_fail(ctx, rc, NULL, "cannot bind parameter %d", idx);
  }
  return SP_OK;
}

enum sp_rc sp_store_vpreparef(struct sp_ctx *ctx, struct sp_stmt **out, const char *sql,
                              const char *fmt, va_list ap) {
  struct sp_store *store = sp_ctx_store(ctx);
  *out = NULL;
  if (!store)
    return sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "no store on the context");
  struct sp_stmt *st = NULL;
  enum sp_rc rc = sp_store_prepare(store, ctx, sql, &st);
  if (rc != SP_OK)
    return rc;
  rc = bind_all(ctx, st, fmt, ap);
  if (rc != SP_OK) {
    sp_stmt_free(st);
    return rc;
  }
  *out = st;
  return SP_OK;
}

enum sp_rc sp_store_preparef(struct sp_ctx *ctx, struct sp_stmt **out, const char *sql,
                             const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  enum sp_rc rc = sp_store_vpreparef(ctx, out, sql, fmt, ap);
  va_end(ap);
  return rc;
}

enum sp_rc sp_store_vexecf(struct sp_ctx *ctx, int64_t *id_out, const char *sql, const char *fmt,
                           va_list ap) {
  struct sp_stmt *st = NULL;
  enum sp_rc rc = sp_store_vpreparef(ctx, &st, sql, fmt, ap);
  if (rc != SP_OK)
    return rc;
  rc = sp_stmt_run(st, ctx);
  sp_stmt_free(st);
  if (rc == SP_OK && id_out)
    *id_out = sp_store_last_id(sp_ctx_store(ctx));
  return rc;
}

enum sp_rc sp_store_vrowsf(struct sp_ctx *ctx, json_t **out, const char *sql, const char *fmt,
                           va_list ap) {
  struct sp_stmt *st = NULL;
  *out = NULL;
  enum sp_rc rc = sp_store_vpreparef(ctx, &st, sql, fmt, ap);
  if (rc != SP_OK)
    return rc;
  rc = sp_stmt_all_json(st, ctx, out);
  sp_stmt_free(st);
  return rc;
}

enum sp_rc sp_store_vrowf(struct sp_ctx *ctx, json_t **out, const char *sql, const char *fmt,
                          va_list ap) {
  struct sp_stmt *st = NULL;
  *out = NULL;
  enum sp_rc rc = sp_store_vpreparef(ctx, &st, sql, fmt, ap);
  if (rc != SP_OK)
    return rc;
  int row = 0;
  rc = sp_stmt_step(st, ctx, &row);
  if (rc == SP_OK && row) {
    *out = sp_stmt_row_json(st);
    if (!*out)
      rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  }
  sp_stmt_free(st);
  return rc;
}

enum sp_rc sp_store_rowsf(struct sp_ctx *ctx, json_t **out, const char *sql, const char *fmt,
                          ...) {
  va_list ap;
  va_start(ap, fmt);
  enum sp_rc rc = sp_store_vrowsf(ctx, out, sql, fmt, ap);
  va_end(ap);
  return rc;
}
