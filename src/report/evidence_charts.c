/*
 * evidence_charts.c: charts of the evidence engine's gap table for the
 * report (see evidence_charts.h). Sums the rows by route, by level and by
 * route and year; keeps the ten routes with most demand and the four with
 * the largest gaps so the charts stay readable.
 */
#include "evidence_charts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "base/alloc.h"
#include "base/record.h"

#define MAX_KEYS 64
#define MAX_YEARS 16

struct agg {
  char key[32];
  double a, b; /* demand and achievements, or gap */
};

static double num(const json_t *o, const char *k) {
  const json_t *v = json_object_get(o, k);
  return json_is_number(v) ? json_number_value(v) : 0;
}

/* Index of key in aggs, adding it when there is room; -1 when full. */
static int slot(struct agg *aggs, int *n, const char *key) {
  for (int i = 0; i < *n; i++)
    if (!strcmp(aggs[i].key, key))
      return i;
  if (*n >= MAX_KEYS)
    return -1;
  snprintf(aggs[*n].key, sizeof(aggs[*n].key), "%s", key);
  aggs[*n].a = aggs[*n].b = 0;
  return (*n)++;
}

static int by_a_desc(const void *x, const void *y) {
  const struct agg *p = x, *q = y;
  return p->a < q->a ? 1 : p->a > q->a ? -1 : strcmp(p->key, q->key);
}

static const char *route_label(const json_t *names, const char *code) {
  const char *n = names ? sp_rec_str(names, code, NULL) : NULL;
  return n ? n : code;
}

static int latest_year(const json_t *rows) {
  int y = 0;
  size_t i;
  json_t *r;
  json_array_foreach(rows, i, r) {
    int ry = (int)num(r, "year");
    if (ry > y)
      y = ry;
  }
  return y;
}

static enum sp_rc demand_by_route(struct sp_report_plan *plan, const json_t *rows, int year,
                                  const json_t *names) {
  struct agg aggs[MAX_KEYS];
  int n = 0;
  size_t i;
  json_t *r;
  json_array_foreach(rows, i, r) {
    const char *route = sp_rec_str(r, "route_code", NULL);
    if (!route || (int)num(r, "year") != year)
      continue;
    int k = slot(aggs, &n, route);
    if (k < 0)
      continue;
    aggs[k].a += num(r, "demand");
    aggs[k].b += num(r, "achievements");
  }
  if (n == 0)
    return SP_OK;
  qsort(aggs, (size_t)n, sizeof(aggs[0]), by_a_desc);
  if (n > 10)
    n = 10;
  const char *cats[10];
  double dem[10], ach[10];
  for (int k = 0; k < n; k++) {
    cats[k] = route_label(names, aggs[k].key);
    dem[k] = aggs[k].a;
    ach[k] = aggs[k].b;
  }
  char title[128];
  snprintf(title, sizeof(title), "Employer demand and achievements by route, %d", year);
  struct sp_chart *c = sp_chart_new(SP_CHART_HBAR, title, "Route", "People");
  if (!c || sp_chart_set_categories(c, (size_t)n, cats) != SP_OK ||
      sp_chart_add_series(c, "Employer demand", dem) != SP_OK ||
      sp_chart_add_series(c, "Achievements", ach) != SP_OK) {
    sp_chart_free(c);
    return SP_ENOMEM;
  }
  return sp_report_add_chart_take(plan, SP_PART_1, c);
}

static enum sp_rc gap_by_level(struct sp_report_plan *plan, const json_t *rows, int year) {
  static const char *const order[] = {"E", "1", "2", "3", "4", "5", "6", "7", "8"};
  double gap[9];
  int any = 0;
  for (int k = 0; k < 9; k++)
    gap[k] = 0;
  size_t i;
  json_t *r;
  json_array_foreach(rows, i, r) {
    const char *lv = sp_rec_str(r, "level", NULL);
    if (!lv || (int)num(r, "year") != year)
      continue;
    for (int k = 0; k < 9; k++)
      if (!strcmp(lv, order[k])) {
        gap[k] += num(r, "gap");
        any = 1;
      }
  }
  if (!any)
    return SP_OK;
  static const char *const cats[] = {"Entry", "1", "2", "3", "4", "5", "6", "7", "8"};
  char title[128];
  snprintf(title, sizeof(title), "Gap between demand and achievements by level, %d", year);
  struct sp_chart *c = sp_chart_new(SP_CHART_BAR, title, "Level", "Gap (people)");
  if (!c || sp_chart_set_categories(c, 9, cats) != SP_OK ||
      sp_chart_add_series(c, "Gap", gap) != SP_OK) {
    sp_chart_free(c);
    return SP_ENOMEM;
  }
  return sp_report_add_chart_take(plan, SP_PART_1, c);
}

static enum sp_rc gap_trend(struct sp_report_plan *plan, const json_t *rows, int year,
                            const json_t *names) {
  int years[MAX_YEARS], ny = 0;
  size_t i;
  json_t *r;
  json_array_foreach(rows, i, r) {
    int y = (int)num(r, "year"), seen = 0;
    for (int k = 0; k < ny; k++)
      seen |= years[k] == y;
    if (!seen && ny < MAX_YEARS && y > 0)
      years[ny++] = y;
  }
  if (ny < 2)
    return SP_OK;
  for (int a = 1; a < ny; a++) /* insertion sort, ascending */
    for (int b = a; b > 0 && years[b - 1] > years[b]; b--) {
      int t = years[b];
      years[b] = years[b - 1];
      years[b - 1] = t;
    }
  /* the four routes with the largest gap in the latest year */
  struct agg aggs[MAX_KEYS];
  int n = 0;
  json_array_foreach(rows, i, r) {
    const char *route = sp_rec_str(r, "route_code", NULL);
    if (!route || (int)num(r, "year") != year)
      continue;
    int k = slot(aggs, &n, route);
    if (k >= 0)
      aggs[k].a += num(r, "gap");
  }
  if (n == 0)
    return SP_OK;
  qsort(aggs, (size_t)n, sizeof(aggs[0]), by_a_desc);
  if (n > 4)
    n = 4;
  char ylab[MAX_YEARS][8];
  const char *cats[MAX_YEARS];
  for (int k = 0; k < ny; k++) {
    snprintf(ylab[k], sizeof(ylab[k]), "%d", years[k]);
    cats[k] = ylab[k];
  }
  struct sp_chart *c = sp_chart_new(SP_CHART_LINE,
                                    "Gap between demand and achievements over time, largest gaps",
                                    "Year", "Gap (people)");
  if (!c || sp_chart_set_categories(c, (size_t)ny, cats) != SP_OK) {
    sp_chart_free(c);
    return SP_ENOMEM;
  }
  for (int s = 0; s < n; s++) {
    double v[MAX_YEARS];
    int have[MAX_YEARS] = {0};
    for (int k = 0; k < ny; k++)
      v[k] = 0;
    json_array_foreach(rows, i, r) {
      const char *route = sp_rec_str(r, "route_code", NULL);
      if (!route || strcmp(route, aggs[s].key))
        continue;
      for (int k = 0; k < ny; k++)
        if ((int)num(r, "year") == years[k]) {
          v[k] += num(r, "gap");
          have[k] = 1;
        }
    }
    for (int k = 0; k < ny; k++)
      if (!have[k])
        v[k] = NAN;
    if (sp_chart_add_series(c, route_label(names, aggs[s].key), v) != SP_OK) {
      sp_chart_free(c);
      return SP_ENOMEM;
    }
  }
  return sp_report_add_chart_take(plan, SP_PART_1, c);
}

enum sp_rc sp_report_charts_from_gaps(struct sp_report_plan *plan, const json_t *gaps,
                                      const json_t *route_names) {
  const json_t *rows = json_object_get(gaps, "rows");
  if (!json_is_array(rows) || json_array_size(rows) == 0)
    return SP_OK;
  int year = latest_year(rows);
  enum sp_rc rc;
  if ((rc = demand_by_route(plan, rows, year, route_names)) != SP_OK ||
      (rc = gap_by_level(plan, rows, year)) != SP_OK ||
      (rc = gap_trend(plan, rows, year, route_names)) != SP_OK)
    return rc;
  return SP_OK;
}
