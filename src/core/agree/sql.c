/*
 * sql.c: the agreements module's small helpers over the store interface
 * (see agree_int.h): statements bound from a format string in one call,
 * typed readers of JSON input fields, and the transaction wrapper.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "agree_int.h"
#include "base/date.h"
#include "base/text.h"
#include "store/store.h"
#include "base/record.h"

enum sp_rc sp__agree_rows(struct sp_ctx *ctx, json_t **out, const char *sql, const char *fmt,
                          ...) {
  va_list ap;
  va_start(ap, fmt);
  enum sp_rc rc = sp_store_vrowsf(ctx, out, sql, fmt, ap);
  va_end(ap);
  return rc;
}

enum sp_rc sp__agree_row(struct sp_ctx *ctx, json_t **out, const char *what_missing,
                         const char *sql, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  enum sp_rc rc = sp_store_vrowf(ctx, out, sql, fmt, ap);
  va_end(ap);
  if (rc == SP_OK && !*out)
    rc = sp_ctx_fail(ctx, SP_ENOTFOUND, NULL, "%s", what_missing);
  return rc;
}

enum sp_rc sp__agree_exec(struct sp_ctx *ctx, int64_t *id_out, const char *sql, const char *fmt,
                          ...) {
  va_list ap;
  va_start(ap, fmt);
  enum sp_rc rc = sp_store_vexecf(ctx, id_out, sql, fmt, ap);
  va_end(ap);
  return rc;
}

enum sp_rc sp__agree_str(struct sp_ctx *ctx, const json_t *o, const char *prefix, const char *key,
                         int required, size_t max_chars, const char **out) {
  char field[128];
  snprintf(field, sizeof(field), "%s%s", prefix, key);
  json_t *v = json_object_get(o, key);
  if (!v || json_is_null(v)) {
    if (required)
      return sp_ctx_fail(ctx, SP_EINVAL, field, "%s is required", field);
    return SP_OK;
  }
  if (!json_is_string(v))
    return sp_ctx_fail(ctx, SP_EINVAL, field, "%s must be text", field);
  const char *s = json_string_value(v);
  enum sp_rc rc = sp_text_check(ctx, field, s, max_chars, required, 1);
  if (rc != SP_OK)
    return rc;
  *out = s;
  return SP_OK;
}

enum sp_rc sp__agree_int(struct sp_ctx *ctx, const json_t *o, const char *prefix, const char *key,
                         int required, int64_t *out) {
  char field[128];
  snprintf(field, sizeof(field), "%s%s", prefix, key);
  json_t *v = json_object_get(o, key);
  if (!v || json_is_null(v)) {
    if (required)
      return sp_ctx_fail(ctx, SP_EINVAL, field, "%s is required", field);
    return SP_OK;
  }
  if (!json_is_integer(v))
    return sp_ctx_fail(ctx, SP_EINVAL, field, "%s must be a whole number", field);
  *out = json_integer_value(v);
  return SP_OK;
}

enum sp_rc sp__agree_num(struct sp_ctx *ctx, const json_t *o, const char *prefix, const char *key,
                         int required, double *out) {
  char field[128];
  snprintf(field, sizeof(field), "%s%s", prefix, key);
  json_t *v = json_object_get(o, key);
  if (!v || json_is_null(v)) {
    if (required)
      return sp_ctx_fail(ctx, SP_EINVAL, field, "%s is required", field);
    return SP_OK;
  }
  if (!json_is_number(v))
    return sp_ctx_fail(ctx, SP_EINVAL, field, "%s must be a number", field);
  double d = json_number_value(v);
  if (!isfinite(d) || fabs(d) > SP_AGREE_NUM_MAX)
    return sp_ctx_fail(ctx, SP_EINVAL, field,
                       "%s must be a number between -1,000,000,000,000,000 and "
                       "1,000,000,000,000,000 (1e15); %g is out of range",
                       field, d);
  *out = d;
  return SP_OK;
}

enum sp_rc sp__agree_date(struct sp_ctx *ctx, const json_t *o, const char *prefix, const char *key,
                          int required, int32_t *out) {
  const char *s = NULL;
  enum sp_rc rc = sp__agree_str(ctx, o, prefix, key, required, 10, &s);
  if (rc != SP_OK || !s)
    return rc;
  int32_t d;
  if (sp_date_parse(s, &d) != SP_OK)
    return sp_ctx_fail(ctx, SP_EINVAL, key, "%s%s must be a date as YYYY-MM-DD, not '%s'", prefix,
                       key, s);
  *out = d;
  return SP_OK;
}

enum sp_rc sp__agree_known_keys(struct sp_ctx *ctx, const json_t *o, const char *prefix,
                                const char *const *keys) {
  const char *k;
  json_t *v;
  json_object_foreach((json_t *)o, k, v) {
    (void)v;
    int ok = 0;
    for (size_t i = 0; keys[i]; i++)
      if (strcmp(keys[i], k) == 0)
        ok = 1;
    if (!ok)
      return sp_ctx_fail(ctx, SP_EINVAL, k, "%s%s is not a field of this record", prefix, k);
  }
  return SP_OK;
}

int64_t sp__agree_jint(const json_t *row, const char *key) {
  json_t *v = json_object_get(row, key);
  return json_is_integer(v) ? json_integer_value(v) : 0;
}

int32_t sp__agree_jdate(const json_t *row, const char *key) {
  int32_t d;
  if (sp_date_parse(sp_rec_str(row, key, ""), &d) != SP_OK)
    return SP_DATE_NONE;
  return d;
}

enum sp_rc sp__agree_tx(struct sp_ctx *ctx, sp__agree_tx_fn fn, void *arg) {
  struct sp_store *store = sp_ctx_store(ctx);
  enum sp_rc rc = sp_store_begin(store, ctx);
  if (rc != SP_OK)
    return rc;
  rc = fn(ctx, arg);
  if (rc == SP_OK)
    rc = sp_store_commit(store, ctx);
  if (rc != SP_OK)
    sp_store_rollback(store);
  return rc;
}
