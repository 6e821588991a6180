/*
 * home.c: each role's worklist (see home.h). One query per list, prepared
 * with bound parameters; the deadlines come from the statutory clock
 * (sp_lsip_deadlines), so "overdue" means what the board means.
 */
#include <stdarg.h>
#include <string.h>

#include "base/date.h"
#include "core/home.h"
#include "core/lsip/lsip.h"
#include "store/store.h"

/* An area's current name, as a correlated subquery on the column `col`. */
#define AREA_NAME(col)                                                                             \
  "(SELECT n.name FROM area_names n WHERE n.code = " col                                          \
  " ORDER BY n.valid_to IS NULL DESC, n.valid_from DESC LIMIT 1)"

/* Runs a query and stores its rows under key in obj. */
static enum sp_rc put_rows(struct sp_ctx *ctx, json_t *obj, const char *key, const char *sql,
                           const char *fmt, ...) {
  va_list ap;
  json_t *rows = NULL;
  va_start(ap, fmt);
  enum sp_rc rc = sp_store_vrowsf(ctx, &rows, sql, fmt, ap);
  va_end(ap);
  if (rc != SP_OK)
    return rc;
  if (json_object_set_new(obj, key, rows) != 0)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  return SP_OK;
}

static enum sp_rc one_row(struct sp_ctx *ctx, json_t **out, const char *sql, const char *fmt,
                          ...) {
  va_list ap;
  va_start(ap, fmt);
  enum sp_rc rc = sp_store_vrowf(ctx, out, sql, fmt, ap);
  va_end(ap);
  return rc;
}

static enum sp_rc erb(struct sp_ctx *ctx, int64_t org, json_t *out) {
  return put_rows(ctx, out, "areas",
                  "SELECT d.area_code AS code, " AREA_NAME("d.area_code") " AS name, 1 AS designated"
                  " FROM lsip_designations d WHERE d.org_id = ? AND d.live = 1"
                  " UNION ALL SELECT oa.area_code, " AREA_NAME("oa.area_code") ", 0"
                  " FROM org_areas oa WHERE oa.org_id = ? AND NOT EXISTS (SELECT 1 FROM"
                  " lsip_designations d2 WHERE d2.org_id = oa.org_id AND d2.area_code ="
                  " oa.area_code AND d2.live = 1) ORDER BY 3 DESC, 1",
                  "ii", org, org);
}

static enum sp_rc dfe(struct sp_ctx *ctx, int32_t today, json_t *out) {
  enum sp_rc rc;
  json_t *all = NULL, *overdue = json_array();
  size_t i;
  json_t *it;
  if (!overdue)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  if ((rc = put_rows(ctx, out, "delivery_plans",
                     "SELECT d.area_code, " AREA_NAME("d.area_code") " AS area_name,"
                     " dp.submitted_on, o.name AS body_name FROM lsip_delivery_plans dp"
                     " JOIN lsip_designations d ON d.id = dp.designation_id JOIN orgs o ON"
                     " o.id = d.org_id WHERE dp.state = 'submitted' AND d.live = 1"
                     " ORDER BY dp.submitted_on, d.area_code",
                     "")) != SP_OK ||
      (rc = put_rows(ctx, out, "plans",
                     "SELECT p.id AS plan_id, p.area_code, " AREA_NAME("p.area_code")
                     " AS area_name, p.version, p.state, p.first_submitted_on, p.title"
                     " FROM lsip_plans p WHERE p.state IN ('submitted', 'resubmitted')"
                     " ORDER BY p.first_submitted_on, p.area_code",
                     "")) != SP_OK ||
      (rc = sp_lsip_deadlines(ctx, NULL, today, &all)) != SP_OK) {
    json_decref(overdue);
    return rc;
  }
  /* One row per area and kind of item: the earliest overdue date and how
   * many are overdue (the deadlines come ordered by area, then date). */
  json_t *last = NULL;
  json_array_foreach(all, i, it) {
    const char *s = json_string_value(json_object_get(it, "status"));
    if (!s || strcmp(s, "overdue") != 0)
      continue;
    if (last && json_equal(json_object_get(last, "area_code"), json_object_get(it, "area_code")) &&
        json_equal(json_object_get(last, "rule"), json_object_get(it, "rule"))) {
      json_int_t n = json_integer_value(json_object_get(last, "count"));
      json_object_set_new(last, "count", json_integer(n + 1));
      json_object_set_new(last, "several", json_true());
      continue;
    }
    json_object_set_new(it, "count", json_integer(1));
    json_array_append(overdue, it);
    last = it;
  }
  json_decref(all);
  json_object_set_new(out, "overdue", overdue);
  return SP_OK;
}

static enum sp_rc provider(struct sp_ctx *ctx, int64_t org, json_t *out) {
  enum sp_rc rc;
  json_t *recs = NULL;
  if ((rc = put_rows(ctx, out, "areas",
                     "SELECT oa.area_code AS code, " AREA_NAME("oa.area_code") " AS name"
                     " FROM org_areas oa WHERE oa.org_id = ? ORDER BY 2",
                     "i", org)) != SP_OK ||
      (rc = put_rows(ctx, out, "decisions",
                     "SELECT r.area_code, " AREA_NAME("r.area_code") " AS area_name, r.relevant,"
                     " r.reason, r.decided_on FROM lsip_provider_relevance r WHERE r.org_id = ?"
                     " ORDER BY 2",
                     "i", org)) != SP_OK ||
      (rc = sp_home_provider_records(ctx, NULL, org, &recs)) != SP_OK ||
      (rc = json_object_set_new(out, "records", recs) == 0
                ? SP_OK
                : sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory")) != SP_OK)
    return rc;
  return put_rows(ctx, out, "priorities",
                  "SELECT p.id, p.title, pl.area_code, " AREA_NAME("pl.area_code") " AS area_name,"
                  " pl.state FROM lsip_priority_providers pp JOIN lsip_priorities p"
                  " ON p.id = pp.priority_id JOIN lsip_plans pl ON pl.id = p.plan_id WHERE"
                  " pp.org_id = ? AND pl.state NOT IN ('replaced', 'ended') ORDER BY 4, p.id",
                  "i", org);
}

static enum sp_rc mca(struct sp_ctx *ctx, int64_t org, json_t *out) {
  enum sp_rc rc = put_rows(
      ctx, out, "plans",
      "SELECT p.id AS plan_id, p.area_code, " AREA_NAME("p.area_code") " AS area_name,"
      " p.version, p.state, p.title, EXISTS (SELECT 1 FROM lsip_mca_statements s WHERE"
      " s.plan_id = p.id AND s.org_id = ?) AS statement_given FROM lsip_plans p JOIN org_areas"
      " oa ON oa.area_code = p.area_code AND oa.org_id = ? WHERE p.state NOT IN ('replaced',"
      " 'ended') AND p.version = (SELECT MAX(p2.version) FROM lsip_plans p2 WHERE p2.area_code"
      " = p.area_code) ORDER BY statement_given, 3",
      "ii", org, org);
  if (rc != SP_OK)
    return rc;
  size_t i, waiting = 0;
  json_t *it;
  json_array_foreach(json_object_get(out, "plans"), i, it) {
    json_t *g = json_object_get(it, "statement_given");
    if (!json_is_true(g) && json_integer_value(g) == 0)
      waiting++;
  }
  json_object_set_new(out, "waiting", json_integer((json_int_t)waiting));
  return SP_OK;
}

static enum sp_rc funder(struct sp_ctx *ctx, int64_t org, int32_t today, json_t *out) {
  char d[SP_DATE_BUFSZ];
  sp_date_format(today, d);
  enum sp_rc rc;
  if ((rc = put_rows(ctx, out, "agreements",
                     "SELECT a.id, a.title, k.name AS kind_name, ap.role, a.term_start,"
                     " a.term_end, a.state FROM agreement_parties ap JOIN agreements a ON a.id ="
                     " ap.agreement_id JOIN agreement_kinds k ON k.code = a.kind WHERE"
                     " ap.org_id = ? ORDER BY a.title",
                     "i", org)) != SP_OK)
    return rc;
  return put_rows(ctx, out, "actions_due",
                  "SELECT x.agreement_id, a.title AS agreement_title, x.title, x.due_date,"
                  " x.status, x.due_date < ? AS overdue FROM agreement_actions x JOIN"
                  " agreements a ON a.id = x.agreement_id WHERE x.status IN ('not_started',"
                  " 'in_progress') AND x.due_date IS NOT NULL AND (x.owner_org_id = ? OR"
                  " x.agreement_id IN (SELECT agreement_id FROM agreement_parties WHERE org_id"
                  " = ?)) ORDER BY x.due_date, x.id",
                  "sii", d, org, org);
}

enum sp_rc sp_home_provider_records(struct sp_ctx *ctx, const char *area, int64_t org_id,
                                    json_t **out) {
  *out = NULL;
  enum sp_role role = sp_ctx_role(ctx);
  int64_t erb_org = 0;
  if (role == SP_ROLE_PROVIDER_EDITOR) {
    if (org_id && org_id != sp_ctx_org_id(ctx))
      return sp_ctx_fail(ctx, SP_EFORBIDDEN, NULL,
                         "a provider sees only its own organisation's records");
    org_id = sp_ctx_org_id(ctx);
  } else if (role == SP_ROLE_ERB_EDITOR) {
    erb_org = sp_ctx_org_id(ctx);
    json_t *d = NULL;
    enum sp_rc rc0 = area ? one_row(ctx, &d,
                                    "SELECT id FROM lsip_designations WHERE area_code = ? AND"
                                    " org_id = ? AND live = 1",
                                    "si", area, erb_org)
                          : SP_OK;
    if (rc0 != SP_OK)
      return rc0;
    if (area && !d)
      return sp_ctx_fail(ctx, SP_EFORBIDDEN, NULL,
                         "only the area's designated employer representative body sees its "
                         "providers' records");
    json_decref(d);
  } else if (role != SP_ROLE_DFE_ADMIN) {
    return sp_ctx_fail(ctx, role == SP_ROLE_PUBLIC ? SP_EAUTH : SP_EFORBIDDEN, NULL,
                       "providers' records are seen by the provider, the area's employer "
                       "representative body and the Department for Education");
  }
  /* The same three filters for each list: area, provider, the ERB's areas. */
#define FILTER(a)                                                                                  \
  " (? IS NULL OR " a ".area_code = ?) AND (? = 0 OR x.org_id = ?) AND (? = 0 OR " a              \
  ".area_code IN (SELECT d.area_code FROM lsip_designations d WHERE d.org_id = ? AND d.live ="    \
  " 1))"
  json_t *w = json_object();
  enum sp_rc rc;
  if (!w)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  if ((rc = put_rows(ctx, w, "cooperation",
                     "SELECT x.id, x.org_id, o.name AS org_name, x.area_code, "
                     AREA_NAME("x.area_code") " AS area_name, x.kind, x.on_date, x.detail FROM"
                     " lsip_cooperation x JOIN orgs o ON o.id = x.org_id WHERE" FILTER("x")
                     " ORDER BY x.on_date DESC, x.id DESC",
                     "ssiiii", area, area, org_id, org_id, erb_org, erb_org)) != SP_OK ||
      (rc = put_rows(ctx, w, "section5_reviews",
                     "SELECT x.id, x.org_id, o.name AS org_name, x.area_code, "
                     AREA_NAME("x.area_code") " AS area_name, x.reviewed_on, x.how_well,"
                     " x.actions FROM lsip_section5_reviews x JOIN orgs o ON o.id = x.org_id"
                     " WHERE" FILTER("x") " ORDER BY x.reviewed_on DESC, x.id DESC",
                     "ssiiii", area, area, org_id, org_id, erb_org, erb_org)) != SP_OK ||
      (rc = put_rows(ctx, w, "contributions",
                     "SELECT x.id, x.org_id, o.name AS org_name, pl.area_code, "
                     AREA_NAME("pl.area_code") " AS area_name, p.title AS priority_title,"
                     " x.activity, x.recorded_on FROM lsip_contributions x JOIN orgs o ON o.id ="
                     " x.org_id JOIN lsip_priorities p ON p.id = x.priority_id JOIN lsip_plans pl"
                     " ON pl.id = p.plan_id WHERE" FILTER("pl")
                     " ORDER BY x.recorded_on DESC, x.id DESC",
                     "ssiiii", area, area, org_id, org_id, erb_org, erb_org)) != SP_OK) {
    json_decref(w);
    return rc;
  }
#undef FILTER
  *out = w;
  return SP_OK;
}

enum sp_rc sp_home_worklist(struct sp_ctx *ctx, int32_t today, json_t **out) {
  *out = NULL;
  enum sp_role role = sp_ctx_role(ctx);
  int64_t org = sp_ctx_org_id(ctx);
  if (role == SP_ROLE_PUBLIC)
    return sp_ctx_fail(ctx, SP_EAUTH, NULL, "sign in to see your home page");
  json_t *w = NULL, *o = NULL;
  enum sp_rc rc = one_row(ctx, &o, "SELECT name FROM orgs WHERE id = ?", "i", org);
  if (rc != SP_OK)
    return rc;
  w = json_pack("{s:s, s:I, s:s}", "role", sp_role_name(role), "org_id", (json_int_t)org,
                "org_name", o ? json_string_value(json_object_get(o, "name")) : "");
  json_decref(o);
  if (!w)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  switch (role) {
  case SP_ROLE_ERB_EDITOR: rc = erb(ctx, org, w); break;
  case SP_ROLE_DFE_ADMIN: rc = dfe(ctx, today, w); break;
  case SP_ROLE_PROVIDER_EDITOR: rc = provider(ctx, org, w); break;
  case SP_ROLE_MCA_REVIEWER: rc = mca(ctx, org, w); break;
  case SP_ROLE_FUNDER: rc = funder(ctx, org, today, w); break;
  default: break;
  }
  if (rc != SP_OK) {
    json_decref(w);
    return rc;
  }
  *out = w;
  return SP_OK;
}
