/*
 * deadlines.c: loads each area's record history from the store, runs the
 * statutory clock over it (clock.c), and builds DfE's board of every live
 * area: designated body, plan state, next due item and worst status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/date.h"
#include "../../store/store.h"
#include "clock.h"
#include "lsip.h"
#include "lsip_int.h"
#include "base/record.h"

static int32_t date_of(const json_t *row, const char *key) {
  int32_t d;
  const char *s = sp_rec_str(row, key, NULL);
  if (!s || sp_date_parse(s, &d) != SP_OK)
    return SP_DATE_NONE;
  return d;
}

/* Turns rows of {d: date} (consumed) into a new array of dates (caller
 * frees). */
static enum sp_rc rows_to_dates(struct sp_ctx *ctx, json_t *rows, int32_t **out, size_t *n);

/* Loads the dates of a one-column query with one id parameter. */
static enum sp_rc load_dates(struct sp_ctx *ctx, int32_t **out, size_t *n, const char *sql,
                             int64_t id) {
  json_t *rows = NULL;
  *out = NULL;
  *n = 0;
  enum sp_rc rc = sp__lsip_rows(ctx, &rows, sql, "i", id);
  if (rc != SP_OK)
    return rc;
  return rows_to_dates(ctx, rows, out, n);
}

/* The same with one text parameter. */
static enum sp_rc load_dates_s(struct sp_ctx *ctx, int32_t **out, size_t *n, const char *sql,
                               const char *s) {
  json_t *rows = NULL;
  *out = NULL;
  *n = 0;
  enum sp_rc rc = sp__lsip_rows(ctx, &rows, sql, "s", s);
  if (rc != SP_OK)
    return rc;
  return rows_to_dates(ctx, rows, out, n);
}

static enum sp_rc rows_to_dates(struct sp_ctx *ctx, json_t *rows, int32_t **out, size_t *n) {
  size_t cnt = json_array_size(rows);
  if (cnt) {
    *out = sp_calloc(cnt, sizeof(**out));
    if (!*out) {
      json_decref(rows);
      return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    }
  }
  size_t i;
  json_t *r;
  json_array_foreach(rows, i, r) {
    int32_t d = date_of(r, "d");
    if (d != SP_DATE_NONE)
      (*out)[(*n)++] = d;
  }
  json_decref(rows);
  return SP_OK;
}

/* Appends the area's items (with area code and name) to out. *found is 0
 * when the area never had a designation. */
static enum sp_rc area_items(struct sp_ctx *ctx, const char *area, int32_t as_of, json_t *out) {
  json_t *des = NULL, *pub = NULL, *agg = NULL, *items = NULL;
  int32_t *reports = NULL, *reviews = NULL, *periods = NULL, *prios = NULL;
  size_t n_periods = 0;
  struct sp_clock_history h = {0};
  enum sp_rc rc = sp__lsip_row(ctx, &des,
                               "SELECT d.id, d.effective_date, d.removal_date, a.valid_to"
                               " FROM lsip_designations d JOIN areas a ON a.code = d.area_code"
                               " WHERE d.area_code = ? AND d.effective_date <= ?"
                               " ORDER BY d.live DESC, d.effective_date DESC, d.id DESC LIMIT 1",
                               "sd", area, as_of);
  if (rc != SP_OK || !des)
    goto out;
  int64_t did = json_integer_value(json_object_get(des, "id"));
  h.designated = date_of(des, "effective_date");
  h.designation_end = date_of(des, "removal_date");
  int32_t term = date_of(des, "valid_to");
  if (term != SP_DATE_NONE && (h.designation_end == SP_DATE_NONE || term < h.designation_end))
    h.designation_end = term;
  h.plan_ended = term;
  if ((rc = sp__lsip_row(ctx, &agg,
                         "SELECT (SELECT MIN(submitted_on) FROM lsip_delivery_plans WHERE"
                         " designation_id = ?1) AS dp, (SELECT MIN(first_submitted_on) FROM"
                         " lsip_plans WHERE area_code = ?2) AS sub, (SELECT MIN(published_on) FROM"
                         " lsip_plans WHERE area_code = ?2) AS first_pub",
                         "is", did, area)) != SP_OK)
    goto out;
  h.delivery_plan = date_of(agg, "dp");
  h.plan_submitted = date_of(agg, "sub");
  h.first_published = date_of(agg, "first_pub");
  /* priority work, each day once: priorities recorded, and versions holding
   * priorities published or updated (clock.c: each 31 March is met only by
   * the work of its own year) */
  if ((rc = load_dates_s(ctx, &prios, &h.n_priorities,
                         "SELECT p.created_on AS d FROM lsip_priorities p JOIN lsip_plans l ON"
                         " l.id = p.plan_id WHERE l.area_code = ?1 UNION SELECT t.on_date AS d"
                         " FROM lsip_plan_transitions t JOIN lsip_plans l ON l.id = t.plan_id"
                         " WHERE l.area_code = ?1 AND t.action IN ('publish','update') AND EXISTS"
                         " (SELECT 1 FROM lsip_priorities p WHERE p.plan_id = l.id) ORDER BY d",
                         area)) != SP_OK)
    goto out;
  h.priorities = prios;
  /* the plan in force: the latest published version */
  if ((rc = sp__lsip_row(ctx, &pub,
                         "SELECT id, state, published_on, ended_on FROM lsip_plans WHERE"
                         " area_code = ? AND published_on IS NOT NULL ORDER BY version DESC LIMIT 1",
                         "s", area)) != SP_OK)
    goto out;
  h.published = SP_DATE_NONE;
  h.replaced = SP_DATE_NONE;
  if (pub) {
    h.published = date_of(pub, "published_on");
    const char *st = sp_rec_str(pub, "state", NULL);
    if (st && !strcmp(st, "replaced"))
      h.replaced = date_of(pub, "ended_on");
    if (st && !strcmp(st, "ended") && date_of(pub, "ended_on") != SP_DATE_NONE)
      h.plan_ended = date_of(pub, "ended_on");
    if ((rc = load_dates(ctx, &reviews, &h.n_reviews,
                         "SELECT on_date AS d FROM lsip_plan_transitions WHERE plan_id = ? AND"
                         " action = 'review' ORDER BY on_date",
                         json_integer_value(json_object_get(pub, "id")))) != SP_OK)
      goto out;
  }
  /* each report with the end of the period it covers (clock.c: a report
   * meets the occurrence its period ends in) */
  if ((rc = load_dates(ctx, &reports, &h.n_reports,
                       "SELECT submitted_on AS d FROM lsip_progress_reports WHERE designation_id = ?"
                       " ORDER BY period_end, submitted_on, id",
                       did)) != SP_OK ||
      (rc = load_dates(ctx, &periods, &n_periods,
                       "SELECT period_end AS d FROM lsip_progress_reports WHERE designation_id = ?"
                       " ORDER BY period_end, submitted_on, id",
                       did)) != SP_OK)
    goto out;
  if (n_periods != h.n_reports) {
    rc = sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "a progress report has a malformed date");
    goto out;
  }
  h.reports = reports;
  h.report_period_ends = periods;
  h.reviews = reviews;
  items = json_array();
  if (!items || sp_clock_items(&h, as_of, items) != SP_OK) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    goto out;
  }
  char name[256];
  sp__lsip_area_name(ctx, area, as_of, name, sizeof(name));
  size_t i;
  json_t *it;
  json_array_foreach(items, i, it) {
    json_object_set_new(it, "area_code", json_string(area));
    json_object_set_new(it, "area_name", json_string(name));
    json_array_append(out, it);
  }
out:
  json_decref(des);
  json_decref(pub);
  json_decref(agg);
  json_decref(items);
  sp_free(reports);
  sp_free(reviews);
  sp_free(periods);
  sp_free(prios);
  return rc;
}

static int by_date(const void *a, const void *b) {
  const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
  int c = strcmp(sp_rec_str(x, "area_code", NULL), sp_rec_str(y, "area_code", NULL));
  if (c)
    return c;
  return strcmp(sp_rec_str(x, "due_date", NULL), sp_rec_str(y, "due_date", NULL));
}

enum sp_rc sp_lsip_deadlines(struct sp_ctx *ctx, const char *area, int32_t as_of, json_t **out) {
  *out = NULL;
  json_t *areas = NULL, *items = json_array();
  if (!items)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  enum sp_rc rc;
  if (area) {
    int64_t x;
    int found = 0;
    if ((rc = sp__lsip_int(ctx, &x, &found, "SELECT 1 FROM areas WHERE code = ?", "s", area)) !=
        SP_OK)
      goto out;
    if (!found) {
      rc = sp_ctx_fail(ctx, SP_ENOTFOUND, "area", "unknown area code '%s'", area);
      goto out;
    }
    rc = area_items(ctx, area, as_of, items);
  } else {
    if ((rc = sp__lsip_rows(ctx, &areas,
                            "SELECT DISTINCT area_code FROM lsip_designations ORDER BY area_code",
                            "")) != SP_OK)
      goto out;
    size_t i;
    json_t *a;
    json_array_foreach(areas, i, a) {
      if ((rc = area_items(ctx, sp_rec_str(a, "area_code", NULL), as_of, items)) != SP_OK)
        goto out;
    }
  }
  if (rc != SP_OK)
    goto out;
  /* stable order: area, then due date (rule order kept for equal dates) */
  size_t n = json_array_size(items);
  json_t **v = n ? sp_calloc(n, sizeof(*v)) : NULL;
  if (n && !v) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    goto out;
  }
  for (size_t i = 0; i < n; i++)
    v[i] = json_array_get(items, i);
  /* insertion sort keeps equal keys in order */
  for (size_t i = 1; i < n; i++) {
    json_t *k = v[i];
    size_t j = i;
    while (j > 0 && by_date(&v[j - 1], &k) > 0) {
      v[j] = v[j - 1];
      j--;
    }
    v[j] = k;
  }
  json_t *sorted = json_array();
  for (size_t i = 0; sorted && i < n; i++)
    json_array_append(sorted, v[i]);
  sp_free(v);
  if (!sorted) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    goto out;
  }
  *out = sorted;
out:
  json_decref(items);
  json_decref(areas);
  return rc;
}

/* Orders board rows by the key in arg (qsort_r: no shared state between threads). */
static int board_cmp(const void *a, const void *b, void *arg) {
  const char *sort_key = arg;
  const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
  int c;
  if (!strcmp(sort_key, "worst_rank")) {
    c = (int)(json_integer_value(json_object_get(y, "worst_rank")) -
              json_integer_value(json_object_get(x, "worst_rank")));
  } else {
    const char *p = sp_rec_str(x, sort_key, NULL), *q = sp_rec_str(y, sort_key, NULL);
    c = strcmp(p ? p : "\x7f", q ? q : "\x7f"); /* missing values last */
  }
  if (!c)
    c = strcmp(sp_rec_str(x, "area_code", NULL), sp_rec_str(y, "area_code", NULL));
  return c;
}

enum sp_rc sp_lsip_board(struct sp_ctx *ctx, int32_t as_of, const char *sort, const char *status,
                         const char *state, json_t **out) {
  *out = NULL;
  static const struct {
    const char *param, *key;
  } sorts[] = {{"area", "area_code"}, {"name", "area_name"}, {"body", "body_name"},
               {"state", "plan_state"}, {"next_due", "next_due_date"}, {"status", "worst_rank"}};
  const char *key = "area_code";
  if (sort && *sort) {
    key = NULL;
    for (size_t i = 0; i < SP_ARRAY_LEN(sorts); i++)
      if (!strcmp(sort, sorts[i].param))
        key = sorts[i].key;
    if (!key)
      return sp_ctx_fail(ctx, SP_EINVAL, "sort",
                         "sort must be area, name, body, state, next_due or status");
  }
  if (status && *status && sp_clock_status_rank(status) < 0 && strcmp(status, "none"))
    return sp_ctx_fail(ctx, SP_EINVAL, "status",
                       "status must be overdue, due, upcoming, met or none");
  /* housekeeping: designations and plans of areas terminated by now end (section 4.1) */
  int ended = 0;
  if (sp_ctx_role(ctx) == SP_ROLE_DFE_ADMIN && sp_lsip_sync_areas(ctx, &ended) != SP_OK)
    return sp_ctx_rc(ctx);
  json_t *areas = NULL, *rows = json_array();
  if (!rows)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  enum sp_rc rc = sp__lsip_rows(ctx, &areas,
                                "SELECT code FROM areas WHERE (valid_from IS NULL OR valid_from <= ?1)"
                                " AND (valid_to IS NULL OR valid_to > ?1) ORDER BY code",
                                "d", as_of);
  if (rc != SP_OK)
    goto out;
  size_t i;
  json_t *a;
  json_array_foreach(areas, i, a) {
    const char *code = sp_rec_str(a, "code", NULL);
    json_t *d = NULL, *plan = NULL, *items = json_array();
    if (!items) {
      rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
      goto out;
    }
    if ((rc = sp__lsip_row(ctx, &d,
                           "SELECT o.name AS body_name, d.effective_date FROM lsip_designations d"
                           " JOIN orgs o ON o.id = d.org_id WHERE d.area_code = ? AND d.live = 1"
                           " AND (d.removal_date IS NULL OR d.removal_date > ?)",
                           "sd", code, as_of)) != SP_OK ||
        (rc = sp__lsip_row(ctx, &plan,
                           "SELECT id, state, version FROM lsip_plans WHERE area_code = ? ORDER BY"
                           " version DESC LIMIT 1",
                           "s", code)) != SP_OK ||
        (rc = area_items(ctx, code, as_of, items)) != SP_OK) {
      json_decref(d);
      json_decref(plan);
      json_decref(items);
      goto out;
    }
    char name[256];
    sp__lsip_area_name(ctx, code, as_of, name, sizeof(name));
    json_t *next = NULL;
    int worst = -1;
    size_t j;
    json_t *it;
    json_array_foreach(items, j, it) {
      const char *st = sp_rec_str(it, "status", NULL);
      int rank = sp_clock_status_rank(st);
      if (rank > worst)
        worst = rank;
      if (strcmp(st, "met") &&
          (!next || strcmp(sp_rec_str(it, "due_date", NULL), sp_rec_str(next, "due_date", NULL)) < 0))
        next = it;
    }
    static const char *names[] = {"met", "upcoming", "due", "overdue"};
    json_t *row = json_pack(
        "{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:i}", "area_code", code, "area_name",
        name, "body_name", d ? json_incref(json_object_get(d, "body_name")) : json_null(),
        "designated_on", d ? json_incref(json_object_get(d, "effective_date")) : json_null(),
        "plan_id", plan ? json_incref(json_object_get(plan, "id")) : json_null(), "plan_state",
        plan ? json_incref(json_object_get(plan, "state")) : json_null(), "next_due_date",
        next ? json_incref(json_object_get(next, "due_date")) : json_null(), "next_due_title",
        next ? json_incref(json_object_get(next, "title")) : json_null(), "next_due_status",
        next ? json_incref(json_object_get(next, "status")) : json_null(), "worst_status",
        worst >= 0 ? names[worst] : "none", "worst_rank", worst);
    json_decref(d);
    json_decref(plan);
    json_decref(items);
    if (!row) {
      rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
      goto out;
    }
    int keep = 1;
    if (status && *status && strcmp(sp_rec_str(row, "worst_status", NULL), status))
      keep = 0;
    if (state && *state) {
      const char *ps = sp_rec_str(row, "plan_state", NULL);
      if (strcmp(state, "none") ? (!ps || strcmp(ps, state)) : ps != NULL)
        keep = 0;
    }
    if (keep)
      json_array_append(rows, row);
    json_decref(row);
  }
  size_t n = json_array_size(rows);
  json_t **v = n ? sp_calloc(n, sizeof(*v)) : NULL;
  if (n && !v) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    goto out;
  }
  for (size_t k = 0; k < n; k++)
    v[k] = json_array_get(rows, k);
  qsort_r(v, n, sizeof(*v), board_cmp, (void *)key);
  json_t *sorted = json_array();
  for (size_t k = 0; sorted && k < n; k++)
    json_array_append(sorted, v[k]);
  sp_free(v);
  if (!sorted)
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  *out = sorted;
out:
  json_decref(areas);
  json_decref(rows);
  return rc;
}
