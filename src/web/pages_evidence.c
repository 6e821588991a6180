/*
 * pages_evidence.c: the area's evidence page and its CSV download. The page
 * shows, for a year (default: the latest with evidence), the gap by route
 * as a bar chart, a drill-down into one route's pathways and levels
 * (?route=), the trend over the years, the gap table (with the CSV of the
 * same rows), the ranked candidate priorities with the evidence behind
 * each, and for the area's ERB a button that makes a candidate a priority
 * of its plan. Charts are SVG drawn by the server (src/report/chart.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "core/reference.h"
#include "handlers_evidence.h"
#include "report/chart.h"
#include "base/csv.h"

#define MAX_CATS 64
#define EES_PAGE_ROWS 300

struct agg {
  char label[48];
  double demand, ach, gap;
};

/* Adds a row's measures into the category `label` of a. */
static void add(struct agg *a, size_t *n, const char *label, json_t *r) {
  size_t i = 0;
  while (i < *n && strcmp(a[i].label, label) != 0)
    i++;
  if (i == *n) {
    if (*n == MAX_CATS)
      return;
    snprintf(a[i].label, sizeof(a[i].label), "%s", label);
    a[i].demand = a[i].ach = a[i].gap = 0;
    (*n)++;
  }
  a[i].demand += (double)json_integer_value(json_object_get(r, "demand"));
  a[i].ach += (double)json_integer_value(json_object_get(r, "achievements"));
  a[i].gap += (double)json_integer_value(json_object_get(r, "gap"));
}

/* Draws a chart of the aggregates as SVG text into data[key]. */
static enum sp_rc chart(json_t *data, const char *key, enum sp_chart_kind kind, const char *title,
                        const char *xl, const struct agg *a, size_t n) {
  if (n == 0)
    return SP_OK;
  struct sp_chart *c = sp_chart_new(kind, title, xl, "People");
  const char *cats[MAX_CATS];
  double d[MAX_CATS], ac[MAX_CATS], g[MAX_CATS];
  for (size_t i = 0; i < n; i++) {
    cats[i] = a[i].label;
    d[i] = a[i].demand;
    ac[i] = a[i].ach;
    g[i] = a[i].gap;
  }
  struct sp_buf b;
  sp_buf_init(&b, 1u << 20);
  enum sp_rc rc = c ? sp_chart_set_categories(c, n, cats) : SP_ENOMEM;
  if (rc == SP_OK)
    rc = sp_chart_add_series(c, "Demand", d);
  if (rc == SP_OK)
    rc = sp_chart_add_series(c, "Achievements", ac);
  if (rc == SP_OK)
    rc = sp_chart_add_series(c, "Gap", g);
  if (rc == SP_OK)
    rc = sp_chart_svg(c, key, 720, kind == SP_CHART_HBAR ? 120 + 26.0 * (double)n : 360, &b);
  if (rc == SP_OK)
    json_object_set_new(data, key, json_string(sp_buf_str(&b)));
  sp_buf_free(&b);
  sp_chart_free(c);
  return rc;
}

/* The EES figures of the area as it stood on ?as_of= (default today), each
 * row's filter values as one line of text, into data.ees. An area not live
 * on that date gets a message instead. */
static enum sp_rc ees_section(struct sp_req *req, const char *code, json_t *data) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  int32_t day;
  json_t *ees = NULL;
  char iso[11];
  enum sp_rc rc = sp__evidence_as_of(req, &day);
  if (rc != SP_OK)
    return rc;
  json_object_set_new(data, "as_of", json_string(sp_date_format(day, iso)));
  rc = sp_evidence_ees(ctx, NULL, code, day, &ees);
  if (rc == SP_ENOTFOUND) {
    json_object_set_new(data, "ees_message", json_string(sp_ctx_errmsg(ctx)));
    return SP_OK;
  }
  if (rc != SP_OK)
    return rc;
  /* A page shows the first EES_PAGE_ROWS rows; the API and the CLI give them all. */
  json_t *rows = json_object_get(ees, "rows");
  size_t total = json_array_size(rows);
  if (total > EES_PAGE_ROWS) {
    json_object_set_new(data, "ees_more", json_integer((json_int_t)(total - EES_PAGE_ROWS)));
    while (json_array_size(rows) > EES_PAGE_ROWS)
      json_array_remove(rows, json_array_size(rows) - 1);
  }
  size_t i;
  json_t *r;
  json_array_foreach(rows, i, r) {
    struct sp_buf b;
    sp_buf_init(&b, 4096);
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(r, "filters"), k, v) {
      if (sp_buf_addf(&b, "%s%s: %s", b.len ? "; " : "", k, json_string_value(v)) != SP_OK)
        break;
    }
    json_object_set_new(r, "filters_text", json_string(b.data ? b.data : ""));
    sp_buf_free(&b);
  }
  json_object_set(data, "ees", json_object_get(ees, "rows"));
  json_decref(ees);
  return SP_OK;
}

static const char *level_label(json_t *r) {
  const char *l = json_string_value(json_object_get(r, "level"));
  return l ? l : "?";
}

enum sp_rc sp__h_evidence(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  const char *code = sp_req_param(req, "code");
  struct sp_ev_filter f, all;
  json_t *gaps = NULL, *trend_src = NULL, *prio = NULL, *adopted = NULL, *data = NULL;
  enum sp_rc rc = sp__evidence_filter(req, &f);
  if (rc != SP_OK)
    return rc;
  all = f;
  all.year = 0;
  all.level = NULL;
  if ((rc = sp_evidence_gaps(ctx, code, &all, &trend_src)) != SP_OK)
    return rc;
  json_t *years = json_object_get(trend_src, "years");
  int year = f.year;
  if (!year && json_array_size(years))
    year = (int)json_integer_value(json_array_get(years, json_array_size(years) - 1));
  data = json_pack("{s:s, s:O, s:i, s:s?, s:s?}", "area_code", code, "area_name",
                   json_object_get(trend_src, "area_name"), "year", year, "route", f.route,
                   "level", f.level);
  char ylabel[16];
  snprintf(ylabel, sizeof(ylabel), "%d/%02d", year, (year + 1) % 100);
  json_object_set_new(data, "year_label", json_string(ylabel));
  /* Years to choose from. */
  json_t *ys = json_array();
  size_t i;
  json_t *r;
  json_array_foreach(years, i, r) {
    int y = (int)json_integer_value(r);
    char l[16];
    snprintf(l, sizeof(l), "%d/%02d", y, (y + 1) % 100);
    json_array_append_new(ys, json_pack("{s:i, s:s, s:b}", "year", y, "label", l, "selected",
                                        y == year));
  }
  json_object_set_new(data, "years", ys);
  json_object_set_new(data, "has_evidence", json_boolean(json_array_size(years) > 0));
  /* The year's rows: the table, and the bar chart by route or by pathway and level. */
  f.year = year;
  if ((rc = sp_evidence_gaps(ctx, code, &f, &gaps)) != SP_OK)
    goto out;
  json_t *rows = json_object_get(gaps, "rows");
  struct agg *a = calloc(MAX_CATS, sizeof(*a));
  size_t n = 0;
  if (!a) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    goto out;
  }
  json_array_foreach(rows, i, r) {
    char label[48];
    if (f.route)
      snprintf(label, sizeof(label), "%s L%s", json_string_value(json_object_get(r, "pathway_code")),
               level_label(r));
    else
      snprintf(label, sizeof(label), "%s", json_string_value(json_object_get(r, "route_code")));
    add(a, &n, label, r);
  }
  char title[160];
  if (f.route)
    snprintf(title, sizeof(title), "Route %s by pathway and level, %s", f.route, ylabel);
  else
    snprintf(title, sizeof(title), "Demand, achievements and gap by route, %s", ylabel);
  rc = chart(data, "chart_bars", SP_CHART_HBAR, title, f.route ? "Pathway and level" : "Route", a,
             n);
  /* The trend: totals per year (of the route when one is chosen). */
  n = 0;
  json_array_foreach(json_object_get(trend_src, "rows"), i, r) {
    char label[48];
    int y = (int)json_integer_value(json_object_get(r, "year"));
    snprintf(label, sizeof(label), "%d/%02d", y, (y + 1) % 100);
    add(a, &n, label, r);
  }
  /* Rows come by group then year: put the years in order. */
  for (size_t x = 1; x < n; x++)
    for (size_t z = x; z > 0 && strcmp(a[z - 1].label, a[z].label) > 0; z--) {
      struct agg t = a[z];
      a[z] = a[z - 1];
      a[z - 1] = t;
    }
  if (rc == SP_OK) {
    snprintf(title, sizeof(title), "Trend: demand, achievements and gap%s%s by year",
             f.route ? " in route " : "", f.route ? f.route : "");
    rc = chart(data, "chart_trend", SP_CHART_LINE, title, "Academic year", a, n);
  }
  free(a);
  if (rc != SP_OK)
    goto out;
  json_object_set(data, "rows", rows);
  /* Candidate priorities and what was adopted already. */
  if (year && (rc = sp_evidence_priorities(ctx, code, year, 10, &prio)) != SP_OK)
    goto out;
  if ((rc = sp_evidence_adopted(ctx, code, &adopted)) != SP_OK)
    goto out;
  if (prio)
    json_object_set(data, "priorities", json_object_get(prio, "priorities"));
  json_object_set(data, "adopted", adopted);
  if ((rc = ees_section(req, code, data)) != SP_OK)
    goto out;
  const char *done = sp_req_query(req, "adopted");
  const char *existing = sp_req_query(req, "existing");
  if (done && *done && existing && strcmp(existing, "1") == 0)
    json_object_set_new(data, "existing_notice", json_string(done));
  else if (done && *done)
    json_object_set_new(data, "adopted_notice", json_string(done));
  json_object_set_new(data, "can_adopt", json_boolean(sp_ctx_role(ctx) == SP_ROLE_ERB_EDITOR));
  {
    /* The upload button: DfE, or this area's ERB (a check that fails says nothing). */
    struct sp_ctx *probe = sp_ctx_new(sp_ctx_store(ctx));
    int can = 0;
    if (probe) {
      sp_ctx_set_actor(probe, sp_ctx_user_id(ctx), sp_ctx_org_id(ctx), sp_ctx_role(ctx),
                       sp_ctx_actor_name(ctx));
      sp_ctx_set_today(probe, sp_ctx_today(ctx));
      can = sp_evidence_may_upload(probe, code) == SP_OK;
      sp_ctx_free(probe);
    }
    json_object_set_new(data, "can_upload", json_boolean(can));
  }
  char page_title[256];
  snprintf(page_title, sizeof(page_title), "Evidence for %s",
           json_string_value(json_object_get(trend_src, "area_name")));
  rc = sp_resp_page(req, 200, "evidence", page_title, data);
  data = NULL;
out:
  json_decref(data);
  json_decref(gaps);
  json_decref(trend_src);
  json_decref(prio);
  json_decref(adopted);
  return rc;
}

enum sp_rc sp__h_evidence_csv(struct sp_req *req) {
  static const char *const cols[] = {"route_code", "pathway_code", "level", "year", "needs",
                                     "needs_small", "vacancies", "demand", "demand_small",
                                     "hard_to_fill", "starts", "achievements", "gap", "trend",
                                     NULL};
  struct sp_ev_filter f;
  json_t *gaps = NULL;
  const char *code = sp_req_param(req, "code");
  enum sp_rc rc = sp__evidence_filter(req, &f);
  if (rc == SP_OK)
    rc = sp_evidence_gaps(sp_req_ctx(req), code, &f, &gaps);
  if (rc != SP_OK)
    return rc;
  struct sp_buf b;
  sp_buf_init(&b, (size_t)64 << 20);
  for (int c = 0; rc == SP_OK && cols[c]; c++)
    rc = sp_buf_addf(&b, "%s%s", c ? "," : "area_code,", cols[c]);
  if (rc == SP_OK)
    rc = sp_buf_addc(&b, '\n');
  size_t i;
  json_t *r;
  json_array_foreach(json_object_get(gaps, "rows"), i, r) {
    json_t *ac = json_string(code);
    if (rc == SP_OK)
      rc = sp_csv_put_json(&b, ac);
    json_decref(ac);
    for (int c = 0; rc == SP_OK && cols[c]; c++)
      rc = sp_buf_addc(&b, ',') == SP_OK ? sp_csv_put_json(&b, json_object_get(r, cols[c])) : SP_ENOMEM;
    if (rc == SP_OK)
      rc = sp_buf_addc(&b, '\n');
  }
  json_decref(gaps);
  if (rc != SP_OK) {
    sp_buf_free(&b);
    return sp_ctx_fail(sp_req_ctx(req), rc, NULL, "the table is too large to download");
  }
  char disp[128];
  snprintf(disp, sizeof(disp), "attachment; filename=\"gaps-%s.csv\"", code);
  sp_resp_header(req, "Content-Disposition", disp);
  rc = sp_resp_bytes(req, 200, "text/csv; charset=utf-8", b.data ? b.data : "", b.len);
  sp_buf_free(&b);
  return rc;
}

enum sp_rc sp__h_evidence_adopt(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  const char *code = sp_req_param(req, "code");
  const char *pathway = sp_req_form(req, "pathway_code");
  const char *level = sp_req_form(req, "level");
  const char *ys = sp_req_form(req, "year");
  json_t *out = NULL;
  char *end = NULL;
  long year = ys ? strtol(ys, &end, 10) : 0;
  if (!pathway || !*pathway)
    return sp_ctx_fail(ctx, SP_EINVAL, "pathway_code", "choose a candidate priority");
  if (!ys || *end || year < 2000 || year > 2063)
    return sp_ctx_fail(ctx, SP_EINVAL, "year", "year must be an academic year such as 2023");
  enum sp_rc rc = sp_evidence_adopt(ctx, code, pathway, level, (int)year, NULL, &out);
  if (rc != SP_OK)
    return rc;
  char loc[256];
  snprintf(loc, sizeof(loc), "/areas/%s/evidence?year=%ld&adopted=%lld%s", code, year,
           (long long)json_integer_value(json_object_get(out, "priority_id")),
           json_is_true(json_object_get(out, "existing")) ? "&existing=1" : "");
  json_decref(out);
  return sp_resp_redirect(req, loc);
}
