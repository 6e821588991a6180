/*
 * util.c: the LSIP module's shared helpers (see lsip_int.h): typed one-shot
 * queries over the store, JSON field readers, area look-ups on a date, the
 * ERB's own-area rule and the recusal rule of section 4.2.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "../policy.h"
#include "../audit.h"
#include "../../store/store.h"
#include "../reference.h"
#include "lsip_int.h"
#include "base/record.h"

static enum sp_rc prep(struct sp_ctx *ctx, struct sp_stmt **st, const char *sql, const char *types,
                       va_list ap) {
  return sp_store_vpreparef(ctx, st, sql, types, ap);
}

enum sp_rc sp__lsip_exec(struct sp_ctx *ctx, const char *sql, const char *types, ...) {
  va_list ap;
  va_start(ap, types);
  enum sp_rc rc = sp_store_vexecf(ctx, NULL, sql, types, ap);
  va_end(ap);
  return rc;
}

enum sp_rc sp__lsip_rows(struct sp_ctx *ctx, json_t **out, const char *sql, const char *types, ...) {
  va_list ap;
  va_start(ap, types);
  enum sp_rc rc = sp_store_vrowsf(ctx, out, sql, types, ap);
  va_end(ap);
  return rc;
}

enum sp_rc sp__lsip_row(struct sp_ctx *ctx, json_t **out, const char *sql, const char *types, ...) {
  va_list ap;
  va_start(ap, types);
  enum sp_rc rc = sp_store_vrowf(ctx, out, sql, types, ap);
  va_end(ap);
  return rc;
}

enum sp_rc sp__lsip_int(struct sp_ctx *ctx, int64_t *out, int *found, const char *sql,
                        const char *types, ...) {
  struct sp_stmt *st = NULL;
  *out = 0;
  if (found)
    *found = 0;
  va_list ap;
  va_start(ap, types);
  enum sp_rc rc = prep(ctx, &st, sql, types, ap);
  va_end(ap);
  if (rc != SP_OK)
    return rc;
  int row = 0;
  rc = sp_stmt_step(st, ctx, &row);
  if (rc == SP_OK && row && !sp_stmt_is_null(st, 0)) {
    *out = sp_stmt_int(st, 0);
    if (found)
      *found = 1;
  }
  sp_stmt_free(st);
  return rc;
}

int sp__lsip_bool(const json_t *in, const char *key) {
  json_t *v = in ? json_object_get(in, key) : NULL;
  if (json_is_boolean(v))
    return json_is_true(v) ? 1 : 0;
  if (json_is_integer(v) && (json_integer_value(v) == 0 || json_integer_value(v) == 1))
    return (int)json_integer_value(v);
  if (json_is_string(v)) {
    const char *s = json_string_value(v);
    if (!strcmp(s, "yes") || !strcmp(s, "true") || !strcmp(s, "1"))
      return 1;
    if (!strcmp(s, "no") || !strcmp(s, "false") || !strcmp(s, "0"))
      return 0;
  }
  return -1;
}

enum sp_rc sp__lsip_need_text(struct sp_ctx *ctx, const json_t *in, const char *key, size_t max,
                              const char *rule, const char **out) {
  const char *s = sp_rec_str(in, key, NULL);
  size_t len = s ? strlen(s) : 0;
  size_t i = 0;
  while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
    i++;
  if (!s || i == len)
    return sp_ctx_fail(ctx, SP_EINVAL, key, "%s is required (%s)", key, rule);
  if (len > max)
    return sp_ctx_fail(ctx, SP_ETOOBIG, key, "%s is longer than %zu bytes", key, max);
  if (out)
    *out = s;
  return SP_OK;
}

enum sp_rc sp__lsip_date(struct sp_ctx *ctx, const json_t *in, const char *key, int32_t dflt,
                         int32_t *out) {
  json_t *v = in ? json_object_get(in, key) : NULL;
  if (!v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v))) {
    *out = dflt;
    return SP_OK;
  }
  if (!json_is_string(v) || sp_date_parse(json_string_value(v), out) != SP_OK)
    return sp_ctx_fail(ctx, SP_EINVAL, key, "%s must be a date written YYYY-MM-DD", key);
  return SP_OK;
}

enum sp_rc sp__lsip_known_fields(struct sp_ctx *ctx, const json_t *in, const char *const *allowed) {
  if (!json_is_object(in))
    return sp_ctx_fail(ctx, SP_EINVAL, NULL, "the record must be a JSON object");
  const char *key;
  json_t *v;
  json_object_foreach((json_t *)in, key, v) {
    int ok = 0;
    for (size_t i = 0; allowed[i]; i++)
      if (!strcmp(allowed[i], key))
        ok = 1;
    if (!ok)
      return sp_ctx_fail(ctx, SP_EINVAL, key, "unknown field '%s'", key);
  }
  return SP_OK;
}

enum sp_rc sp__lsip_area_open(struct sp_ctx *ctx, const char *code, int32_t on) {
  if (!code || !*code)
    return sp_ctx_fail(ctx, SP_EINVAL, "area", "an area code is required");
  json_t *row = NULL;
  enum sp_rc rc = sp__lsip_row(ctx, &row, "SELECT valid_from, valid_to FROM areas WHERE code = ?",
                               "s", code);
  if (rc != SP_OK)
    return rc;
  if (!row)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "area", "unknown area code '%s'", code);
  const char *from = sp_rec_str(row, "valid_from", NULL);
  const char *to = sp_rec_str(row, "valid_to", NULL);
  char d[SP_DATE_BUFSZ];
  sp_date_format(on, d);
  rc = SP_OK;
  if (to && strcmp(d, to) >= 0)
    rc = sp_ctx_fail(ctx, SP_ECONFLICT, "area",
                     "area %s was terminated on %s: its designation and plan ended that day and "
                     "it takes no new records (section 4.1; ONS LSIP areas)",
                     code, to);
  else if (from && strcmp(d, from) < 0)
    rc = sp_ctx_fail(ctx, SP_ECONFLICT, "area", "area %s only comes into operation on %s", code,
                     from);
  json_decref(row);
  return rc;
}

void sp__lsip_area_name(struct sp_ctx *ctx, const char *code, int32_t on, char *buf, size_t n) {
  json_t *row = NULL;
  snprintf(buf, n, "%s", code ? code : "");
  if (sp__lsip_row(ctx, &row,
                   "SELECT name FROM area_names WHERE code = ?1 AND"
                   " (valid_from IS NULL OR valid_from <= ?2) AND (valid_to IS NULL OR valid_to > ?2)"
                   " ORDER BY valid_from DESC",
                   "sd", code, on) != SP_OK ||
      !row) {
    json_decref(row);
    /* no name valid that day: the latest name it had */
    if (sp__lsip_row(ctx, &row,
                     "SELECT name FROM area_names WHERE code = ? ORDER BY valid_to IS NULL DESC,"
                     " valid_to DESC",
                     "s", code) != SP_OK ||
        !row) {
      json_decref(row);
      return;
    }
  }
  const char *s = sp_rec_str(row, "name", NULL);
  if (s) {
    /* names in the ONS file carry trailing spaces */
    size_t len = strlen(s);
    while (len && s[len - 1] == ' ')
      len--;
    snprintf(buf, n, "%.*s", (int)len, s);
  }
  json_decref(row);
}

int sp__lsip_area_mayoral(struct sp_ctx *ctx, const char *code, int32_t on) {
  /* derived from the area's districts and the mayoralties (reference_cover.c) */
  return sp_area_mayoral_on(ctx, code, on);
}

enum sp_rc sp__lsip_live_designation(struct sp_ctx *ctx, const char *area, int64_t *id,
                                     int64_t *org_id, int32_t *effective) {
  json_t *row = NULL;
  enum sp_rc rc = sp__lsip_row(ctx, &row,
                               "SELECT id, org_id, effective_date FROM lsip_designations"
                               " WHERE area_code = ? AND live = 1 AND (removal_date IS NULL OR"
                               " removal_date > ?)",
                               "sd", area, sp_ctx_today(ctx));
  if (rc != SP_OK)
    return rc;
  if (!row)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "area",
                       "area %s has no designated employer representative body (section 4.1: "
                       "only a designated body develops the LSIP and reports to the department)",
                       area);
  if (id)
    *id = json_integer_value(json_object_get(row, "id"));
  if (org_id)
    *org_id = json_integer_value(json_object_get(row, "org_id"));
  if (effective && sp_date_parse(sp_rec_str(row, "effective_date", NULL), effective) != SP_OK)
    *effective = SP_DATE_NONE;
  json_decref(row);
  return SP_OK;
}

enum sp_rc sp__lsip_erb_of_area(struct sp_ctx *ctx, const char *area, int64_t *designation_id,
                                int32_t *effective) {
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_PLAN_EDIT);
  if (rc != SP_OK)
    return rc;
  rc = sp__lsip_area_open(ctx, area, sp_ctx_today(ctx));
  if (rc != SP_OK)
    return rc;
  int64_t org = 0;
  rc = sp__lsip_live_designation(ctx, area, designation_id, &org, effective);
  if (rc != SP_OK)
    return rc;
  if (org != sp_ctx_org_id(ctx)) {
    char name[256];
    sp__lsip_org_name(ctx, org, name, sizeof(name));
    return sp_ctx_fail(ctx, SP_EFORBIDDEN, "area",
                       "only the body designated for area %s (%s) may edit its records; an "
                       "employer representative body edits its own area only (section 4.1)",
                       area, name);
  }
  return SP_OK;
}

enum sp_rc sp__lsip_recusal(struct sp_ctx *ctx, int64_t org_id, const char *what) {
  int64_t uid = sp_ctx_user_id(ctx);
  if (!uid || !org_id)
    return SP_OK;
  json_t *row = NULL;
  enum sp_rc rc = sp__lsip_row(ctx, &row,
                               "SELECT i.id, i.person_name, i.interest_org_name, i.nature,"
                               " d.area_code FROM lsip_interests i"
                               " JOIN lsip_designations d ON d.id = i.designation_id"
                               " WHERE i.user_id = ? AND i.interest_org_id = ? AND i.ended_on IS NULL"
                               " ORDER BY i.id",
                               "ii", uid, org_id);
  if (rc != SP_OK)
    return rc;
  if (!row)
    return SP_OK;
  rc = sp_ctx_fail(ctx, SP_EFORBIDDEN, "org_id",
                   "%s may not %s %s: the register of interests for area %s records their "
                   "interest (entry %lld: %s); a person with a recorded interest must recuse "
                   "themselves from decisions about that organisation (section 4.2)",
                   sp_rec_str(row, "person_name", NULL), what, sp_rec_str(row, "interest_org_name", NULL),
                   sp_rec_str(row, "area_code", NULL),
                   (long long)json_integer_value(json_object_get(row, "id")),
                   sp_rec_str(row, "nature", NULL));
  json_decref(row);
  return rc;
}

int sp__lsip_org_name(struct sp_ctx *ctx, int64_t org_id, char *buf, size_t n) {
  json_t *row = NULL;
  buf[0] = 0;
  if (sp__lsip_row(ctx, &row, "SELECT name FROM orgs WHERE id = ?", "i", org_id) != SP_OK || !row) {
    json_decref(row);
    return 0;
  }
  snprintf(buf, n, "%s", sp_rec_str(row, "name", ""));
  json_decref(row);
  return 1;
}

enum sp_rc sp__lsip_audit(struct sp_ctx *ctx, const char *action, const char *entity, int64_t id,
                          const json_t *before, const json_t *after) {
  char ids[32];
  snprintf(ids, sizeof(ids), "%lld", (long long)id);
  return sp_audit_append(ctx, action, entity, ids, before, after);
}
