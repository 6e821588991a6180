/*
 * reference.c: the queries over reference data (reference.h): LSIP areas as
 * of a date with their names, kinds, districts, sub-regions and history;
 * occupational routes and pathways; RQF levels; LARS sector subject areas.
 * The loader is in reference_load.c.
 *
 * "As of" follows one rule everywhere: a dated row holds on day d when
 * valid_from <= d < valid_to, a NULL bound being open. Dates are ISO text,
 * so the comparisons are text comparisons that any SQL engine makes alike.
 */
#include <string.h>

#include "base/date.h"
#include "reference.h"
#include "store/store.h"
#include "base/text.h"

#define LIVE(t) "(" t ".valid_from IS NULL OR " t ".valid_from <= ?1) AND (" t \
                ".valid_to IS NULL OR " t ".valid_to > ?1)"

/* 1 when the area `code_col` is covered on day ?1 by a mayoral combined
 * authority or the GLA (the rule of reference_cover.c, as one SQL test). */
#define MAYORAL_ON(code_col)                                                              \
  "EXISTS (SELECT 1 FROM area_lads ml JOIN combined_authority_lads mm ON mm.lad_code ="    \
  " ml.lad_code JOIN combined_authorities mc ON mc.code = mm.ca_code WHERE ml.area_code = " \
  code_col " AND " LIVE("ml") " AND " LIVE("mm") " AND mc.first_mayor_elected <= ?1)"

/* Display names of area kinds (migration 0001, area_attributes.kind). */
static const char *kind_name(const char *kind) {
  if (strcmp(kind, "combined_authority") == 0)
    return "Combined authority";
  if (strcmp(kind, "gla") == 0)
    return "Greater London Authority";
  if (strcmp(kind, "gla_subregion") == 0)
    return "GLA sub-region";
  if (strcmp(kind, "lep") == 0)
    return "LEP area";
  return "";
}

/* Runs sql with ?1 bound to text a (NULL for none) and ?2 to text b (NULL
 * for none), returning every row as a JSON array. */
static enum sp_rc query(struct sp_ctx *ctx, const char *sql, const char *a, const char *b,
                        json_t **out) {
  struct sp_stmt *st = NULL;
  enum sp_rc rc = sp_store_prepare(sp_ctx_store(ctx), ctx, sql, &st);
  if (rc != SP_OK)
    return rc;
  if ((a && sp_stmt_bind_text(st, 1, a) != SP_OK) || (b && sp_stmt_bind_text(st, 2, b) != SP_OK))
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  if (rc == SP_OK)
    rc = sp_stmt_all_json(st, ctx, out);
  sp_stmt_free(st);
  return rc;
}

/* Turns the 0/1 "mayoral" member into a boolean and adds kind_name. */
static enum sp_rc dress_area(struct sp_ctx *ctx, json_t *o) {
  json_t *m = json_object_get(o, "mayoral");
  const char *kind = json_string_value(json_object_get(o, "kind"));
  if (json_object_set_new(o, "mayoral", json_boolean(m && json_integer_value(m))) != 0 ||
      json_object_set_new(o, "kind_name", json_string(kind_name(kind ? kind : ""))) != 0)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  return SP_OK;
}

enum sp_rc sp_areas_list(struct sp_ctx *ctx, int32_t as_of, json_t **out) {
  char day[SP_DATE_BUFSZ];
  if (as_of == SP_DATE_NONE)
    return sp_ctx_fail(ctx, SP_EINVAL, "as_of", "as_of must be a date (YYYY-MM-DD)");
  sp_date_format(as_of, day);
  json_t *arr = NULL;
  enum sp_rc rc = query(
      ctx,
      "SELECT a.code, n.name, a.slug, t.kind, " MAYORAL_ON("a.code") " AS mayoral,"
      " a.parent_code, a.valid_from,"
      " a.valid_to, (SELECT count(*) FROM area_lads l WHERE l.area_code = a.code AND " LIVE("l")
      ") AS lad_count FROM areas a"
      " JOIN area_names n ON n.code = a.code AND " LIVE("n")
      " LEFT JOIN area_attributes t ON t.code = a.code AND " LIVE("t")
      " WHERE " LIVE("a") " ORDER BY n.name, a.code",
      day, NULL, &arr);
  if (rc != SP_OK)
    return rc;
  size_t i;
  json_t *o;
  json_array_foreach(arr, i, o) {
    if ((rc = dress_area(ctx, o)) != SP_OK) {
      json_decref(arr);
      return rc;
    }
  }
  *out = arr;
  return SP_OK;
}

/* The day within [from, to) nearest to `day`: the area's own dates are used
 * for names, kinds and districts when asked about a day outside its life. */
static int32_t clamp_day(int32_t day, int32_t from, int32_t to) {
  if (from != SP_DATE_NONE && day < from)
    return from;
  if (to != SP_DATE_NONE && day >= to)
    return to - 1;
  return day;
}

/* Looks up an area's life; *found = 0 when there is no such code. */
static enum sp_rc area_span(struct sp_ctx *ctx, const char *code, int32_t *from, int32_t *to,
                            int *found) {
  struct sp_stmt *st = NULL;
  enum sp_rc rc = sp_store_prepare(sp_ctx_store(ctx), ctx,
                                   "SELECT valid_from, valid_to FROM areas WHERE code = ?", &st);
  if (rc != SP_OK)
    return rc;
  *found = 0;
  if (sp_stmt_bind_text(st, 1, code) != SP_OK)
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  if (rc == SP_OK)
    rc = sp_stmt_step(st, ctx, found);
  if (rc == SP_OK && *found) {
    *from = sp_stmt_date(st, 0);
    *to = sp_stmt_date(st, 1);
  }
  sp_stmt_free(st);
  return rc;
}

/* The name of `code` on `day`, clamped into the area's life, as a new JSON
 * string (json null when there is none). */
static enum sp_rc name_of(struct sp_ctx *ctx, const char *code, int32_t day, json_t **out) {
  int32_t from = SP_DATE_NONE, to = SP_DATE_NONE;
  int found;
  enum sp_rc rc = area_span(ctx, code, &from, &to, &found);
  if (rc != SP_OK)
    return rc;
  char d[SP_DATE_BUFSZ];
  sp_date_format(clamp_day(day, from, to), d);
  json_t *rows = NULL;
  rc = query(ctx, "SELECT n.name FROM area_names n WHERE n.code = ?2 AND " LIVE("n"), d, code,
             &rows);
  if (rc != SP_OK)
    return rc;
  json_t *name = json_object_get(json_array_get(rows, 0), "name");
  *out = name ? json_incref(name) : json_null();
  json_decref(rows);
  return SP_OK;
}

/* Sets key on o to v (a new reference, consumed); SP_ENOMEM when v is NULL. */
static enum sp_rc set(struct sp_ctx *ctx, json_t *o, const char *key, json_t *v) {
  if (!v || json_object_set_new(o, key, v) != 0)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  return SP_OK;
}

static json_t *date_json(int32_t d) {
  char buf[SP_DATE_BUFSZ];
  return d == SP_DATE_NONE ? json_null() : json_string(sp_date_format(d, buf));
}

enum sp_rc sp_area_get(struct sp_ctx *ctx, const char *code, int32_t as_of, json_t **out) {
  if (as_of == SP_DATE_NONE)
    return sp_ctx_fail(ctx, SP_EINVAL, "as_of", "as_of must be a date (YYYY-MM-DD)");
  if (!code || !*code || strlen(code) > 64 || !sp_utf8_valid(code, strlen(code)))
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "code", "no LSIP area has that code or slug");
  json_t *rows = NULL, *o = NULL, *v = NULL;
  enum sp_rc rc = query(ctx,
                        "SELECT code, slug, parent_code, valid_from, valid_to FROM areas"
                        " WHERE code = ?1 OR slug = ?1",
                        code, NULL, &rows);
  if (rc != SP_OK)
    return rc;
  if (json_array_size(rows) == 0) {
    json_decref(rows);
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "code", "no LSIP area has the code or slug '%s'", code);
  }
  o = json_incref(json_array_get(rows, 0));
  json_decref(rows);
  rows = NULL;
  const char *acode = json_string_value(json_object_get(o, "code"));
  const char *vf = json_string_value(json_object_get(o, "valid_from"));
  const char *vt = json_string_value(json_object_get(o, "valid_to"));
  int32_t from = SP_DATE_NONE, to = SP_DATE_NONE;
  if ((vf && sp_date_parse(vf, &from) != SP_OK) || (vt && sp_date_parse(vt, &to) != SP_OK)) {
    rc = sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "area %s has a malformed date", acode);
    goto out;
  }
  char code_copy[32];
  snprintf(code_copy, sizeof(code_copy), "%s", acode);
  acode = code_copy;
  int live = (from == SP_DATE_NONE || from <= as_of) && (to == SP_DATE_NONE || as_of < to);
  int32_t eff = clamp_day(as_of, from, to);
  char effs[SP_DATE_BUFSZ];
  sp_date_format(eff, effs);

  if ((rc = set(ctx, o, "as_of", date_json(as_of))) != SP_OK ||
      (rc = set(ctx, o, "live", json_boolean(live))) != SP_OK)
    goto out;
  if ((rc = name_of(ctx, acode, eff, &v)) != SP_OK)
    goto out;
  rc = set(ctx, o, "name", v);
  v = NULL;
  if (rc != SP_OK)
    goto out;

  /* Kind on the (clamped) day, with its source. */
  if ((rc = query(ctx,
                  "SELECT kind, functional_economic_area, source FROM area_attributes t"
                  " WHERE t.code = ?2 AND " LIVE("t"),
                  effs, acode, &rows)) != SP_OK)
    goto out;
  json_t *t = json_array_get(rows, 0);
  const char *kind = t ? json_string_value(json_object_get(t, "kind")) : NULL;
  if ((rc = set(ctx, o, "kind", kind ? json_string(kind) : json_null())) != SP_OK ||
      (rc = set(ctx, o, "kind_name", json_string(kind_name(kind ? kind : "")))) != SP_OK ||
      (rc = set(ctx, o, "functional_economic_area",
                json_incref(t && json_object_get(t, "functional_economic_area")
                                ? json_object_get(t, "functional_economic_area")
                                : json_null()))) != SP_OK ||
      (rc = set(ctx, o, "attributes_source",
                json_incref(t ? json_object_get(t, "source") : json_null()))) != SP_OK)
    goto out;
  json_decref(rows);
  rows = NULL;

  /* Mayoral cover on the (clamped) day, and every stretch of it. */
  int covered = 0;
  if ((rc = sp_area_mayoral_cover(ctx, acode, eff, &covered, &v)) != SP_OK ||
      (rc = set(ctx, o, "mayoral_cover", v)) != SP_OK)
    goto out;
  v = NULL;
  if ((rc = set(ctx, o, "mayoral", json_boolean(covered))) != SP_OK)
    goto out;

  /* The parent's name (the parent may have ended; its last name is used). */
  const char *parent = json_string_value(json_object_get(o, "parent_code"));
  if (parent) {
    if ((rc = name_of(ctx, parent, eff, &v)) != SP_OK)
      goto out;
  } else {
    v = json_null();
  }
  rc = set(ctx, o, "parent_name", v);
  v = NULL;
  if (rc != SP_OK)
    goto out;

  if ((rc = query(ctx,
                  "SELECT name, valid_from, valid_to FROM area_names WHERE code = ?1"
                  " ORDER BY valid_from IS NOT NULL, valid_from",
                  acode, NULL, &v)) != SP_OK ||
      (rc = set(ctx, o, "names", v)) != SP_OK)
    goto out;
  v = NULL;
  if ((rc = query(ctx,
                  "SELECT d.code, d.name FROM area_lads l JOIN lads d ON d.code = l.lad_code"
                  " WHERE l.area_code = ?2 AND " LIVE("l") " ORDER BY d.name, d.code",
                  effs, acode, &v)) != SP_OK ||
      (rc = set(ctx, o, "lads", v)) != SP_OK)
    goto out;
  v = NULL;
  if ((rc = set(ctx, o, "lads_on", json_string(effs))) != SP_OK)
    goto out;

  /* Sub-regions, each named as it stood on the day asked about. */
  if ((rc = query(ctx, "SELECT code FROM areas WHERE parent_code = ?1 ORDER BY code", acode, NULL,
                  &rows)) != SP_OK)
    goto out;
  size_t i;
  json_t *sub;
  json_array_foreach(rows, i, sub) {
    const char *sc = json_string_value(json_object_get(sub, "code"));
    if ((rc = name_of(ctx, sc ? sc : "", as_of, &v)) != SP_OK ||
        (rc = set(ctx, sub, "name", v)) != SP_OK)
      goto out;
    v = NULL;
  }
  rc = set(ctx, o, "subregions", rows);
  rows = NULL;
  if (rc != SP_OK)
    goto out;

  if ((rc = query(ctx,
                  "SELECT on_date, event, detail FROM area_events WHERE code = ?1"
                  " ORDER BY on_date, id",
                  acode, NULL, &v)) != SP_OK ||
      (rc = set(ctx, o, "history", v)) != SP_OK)
    goto out;
  v = NULL;
out:
  json_decref(rows);
  json_decref(v);
  if (rc != SP_OK) {
    json_decref(o);
    return rc;
  }
  *out = o;
  return SP_OK;
}

int sp_area_exists(struct sp_ctx *ctx, const char *code) {
  int32_t from, to;
  int found = 0;
  if (!code || strlen(code) > 64)
    return 0;
  if (area_span(ctx, code, &from, &to, &found) != SP_OK)
    return 0;
  return found;
}

enum sp_rc sp_routes_list(struct sp_ctx *ctx, json_t **out) {
  json_t *routes = NULL, *paths = NULL;
  enum sp_rc rc = query(ctx, "SELECT code, name FROM routes ORDER BY ord, code", NULL, NULL,
                        &routes);
  if (rc != SP_OK)
    return rc;
  if ((rc = query(ctx, "SELECT code, route_code, name FROM pathways ORDER BY ord, code", NULL,
                  NULL, &paths)) != SP_OK) {
    json_decref(routes);
    return rc;
  }
  size_t i, j;
  json_t *r, *p;
  json_array_foreach(routes, i, r) {
    json_t *list = json_array();
    if (!list || json_object_set_new(r, "pathways", list) != 0) {
      rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
      break;
    }
    const char *rcode = json_string_value(json_object_get(r, "code"));
    json_array_foreach(paths, j, p) {
      const char *pr = json_string_value(json_object_get(p, "route_code"));
      if (!rcode || !pr || strcmp(rcode, pr) != 0)
        continue;
      json_t *item = json_pack("{s:O, s:O}", "code", json_object_get(p, "code"), "name",
                               json_object_get(p, "name"));
      if (!item || json_array_append_new(list, item) != 0) {
        rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
        break;
      }
    }
    if (rc != SP_OK)
      break;
  }
  json_decref(paths);
  if (rc != SP_OK) {
    json_decref(routes);
    return rc;
  }
  *out = routes;
  return SP_OK;
}

enum sp_rc sp_levels_list(struct sp_ctx *ctx, json_t **out) {
  return query(ctx, "SELECT code, name FROM levels ORDER BY ord", NULL, NULL, out);
}

enum sp_rc sp_ssa_list(struct sp_ctx *ctx, json_t **out) {
  /* LARS's -1.00 "Unknown" and -2.00 "Not Applicable" are not areas to
   * browse; nor are the tier-2 rows that repeat their tier-1 heading. */
  json_t *t1 = NULL, *t2 = NULL;
  enum sp_rc rc = query(ctx,
                        "SELECT code, name FROM ssa_tier1 WHERE code NOT LIKE '-%'"
                        " ORDER BY CAST(code AS REAL)",
                        NULL, NULL, &t1);
  if (rc != SP_OK)
    return rc;
  if ((rc = query(ctx,
                  "SELECT code, tier1_code, name FROM ssa_tier2 WHERE code NOT LIKE '-%'"
                  " AND code <> tier1_code ORDER BY CAST(code AS REAL)",
                  NULL, NULL, &t2)) != SP_OK) {
    json_decref(t1);
    return rc;
  }
  size_t i, j;
  json_t *a, *b;
  json_array_foreach(t1, i, a) {
    json_t *list = json_array();
    if (!list || json_object_set_new(a, "tier2", list) != 0) {
      rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
      break;
    }
    const char *code = json_string_value(json_object_get(a, "code"));
    json_array_foreach(t2, j, b) {
      const char *parent = json_string_value(json_object_get(b, "tier1_code"));
      if (!code || !parent || strcmp(code, parent) != 0)
        continue;
      json_t *item = json_pack("{s:O, s:O}", "code", json_object_get(b, "code"), "name",
                               json_object_get(b, "name"));
      if (!item || json_array_append_new(list, item) != 0) {
        rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
        break;
      }
    }
    if (rc != SP_OK)
      break;
  }
  json_decref(t2);
  if (rc != SP_OK) {
    json_decref(t1);
    return rc;
  }
  *out = t1;
  return SP_OK;
}
