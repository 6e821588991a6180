/*
 * ees_sum.c: the explore-education-statistics cells of every import
 * (ev_ees_cells, written by ees.c) summed to the areas as they stood on a
 * date. Each district code goes through its successors to the area that
 * held its land that day (places.c); an import that has district rows is
 * summed from them alone (its LSIP rows would count the same learners
 * again), one with only LSIP rows from those. Groups are area, period, time
 * identifier, filter values and indicator; each says how many district
 * figures it sums and how many of them were suppressed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/date.h"
#include "../store/store.h"
#include "ev_int.h"

struct ees_group {
  int area;
  char *key; /* period \x1f tid \x1f indicator \x1f filters: owned */
  const char *period, *tid, *ind, *filters; /* into key */
  int total;
  char ssa[8];
  double value;
  long districts, suppressed;
  char symbols[32];
};

static int group_cmp(const void *a, const void *b) {
  const struct ees_group *x = a, *y = b;
  if (x->area != y->area)
    return x->area - y->area;
  int c = strcmp(x->period, y->period);
  if (!c)
    c = strcmp(x->ind, y->ind);
  if (!c)
    c = y->total - x->total; /* the Total rows first */
  if (!c)
    c = strcmp(x->filters, y->filters);
  if (!c)
    c = strcmp(x->tid, y->tid);
  return c;
}

static json_t *num_json(double v) {
  if (v == (double)(json_int_t)v && v < 9e15 && v > -9e15)
    return json_integer((json_int_t)v);
  return json_real(v);
}

enum sp_rc sp_evidence_ees(struct sp_ctx *ctx, const char *data_dir, const char *area,
                           int32_t day, json_t **out) {
  struct ev_places p;
  struct sp_stmt *s = NULL;
  struct ees_group *g = NULL;
  size_t ng = 0, capg = 0;
  json_t *index = NULL, *unplaced = NULL, *res = NULL;
  int row;
  char iso[11];
  *out = NULL;
  if (!data_dir)
    data_dir = SP_SOURCE_DIR "/data";
  enum sp_rc rc = sp__ev_places_load(ctx, data_dir, day, &p);
  if (rc != SP_OK)
    return rc;
  int only = -1;
  if (area) {
    only = sp__ev_map_get(&p.lsip, area, strlen(area));
    if (only < 0) {
      rc = sp_ctx_fail(ctx, SP_ENOTFOUND, "area", "no LSIP area %s on %s", area,
                       sp_date_format(day, iso));
      goto out;
    }
  }
  index = json_object();
  unplaced = json_object();
  if (!index || !unplaced) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    goto out;
  }
  /* Cells of live imports; an import's LSIP rows only when it has no
   * district rows. */
  rc = sp_store_prepare(
      sp_ctx_store(ctx), ctx,
      "SELECT c.geo, c.code, c.period, c.time_identifier, c.filters, c.total, c.ssa_code, "
      "c.indicator, c.value, c.symbol FROM ev_ees_cells c JOIN ev_imports i ON i.id = "
      "c.import_id WHERE i.withdrawn_at IS NULL AND (c.geo = 'lad' OR NOT EXISTS (SELECT 1 "
      "FROM ev_ees_cells d WHERE d.import_id = c.import_id AND d.geo = 'lad')) "
      "ORDER BY c.import_id, c.line",
      &s);
  while (rc == SP_OK && (rc = sp_stmt_step(s, ctx, &row)) == SP_OK && row) {
    const char *geo = sp_stmt_text(s, 0), *code = sp_stmt_text(s, 1);
    int a;
    if (strcmp(geo, "lsip") == 0)
      a = sp__ev_map_get(&p.lsip, code, strlen(code));
    else
      a = sp__ev_place_lad(&p, code, NULL);
    if (a < 0) {
      json_t *n = json_object_get(unplaced, code);
      json_object_set_new(unplaced, code,
                          json_integer(n ? json_integer_value(n) + 1 : 1));
      continue;
    }
    if (only >= 0 && a != only)
      continue;
    const char *period = sp_stmt_text(s, 2), *tid = sp_stmt_text(s, 3),
               *filters = sp_stmt_text(s, 4), *ind = sp_stmt_text(s, 7);
    size_t lp = strlen(period), lt = strlen(tid), li = strlen(ind), lf = strlen(filters);
    char *key = sp_malloc(lp + lt + li + lf + 32);
    if (!key) {
      rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
      break;
    }
    int ka = snprintf(key, 16, "%d", a);
    char *q = key + ka + 1;
    key[ka] = '\0';
    memcpy(q, period, lp + 1);
    memcpy(q + lp + 1, tid, lt + 1);
    memcpy(q + lp + lt + 2, ind, li + 1);
    memcpy(q + lp + lt + li + 3, filters, lf + 1);
    /* The index key: the pieces joined by \x1f. */
    char *jk = sp_malloc(lp + lt + li + lf + 32);
    if (!jk) {
      sp_free(key);
      rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
      break;
    }
    snprintf(jk, lp + lt + li + lf + 32, "%d\x1f%s\x1f%s\x1f%s\x1f%s", a, period, tid, ind,
             filters);
    json_t *ix = json_object_get(index, jk);
    struct ees_group *x;
    if (ix) {
      x = &g[json_integer_value(ix)];
      sp_free(key);
    } else {
      if (ng == capg) {
        size_t cap = capg ? capg * 2 : 64;
        struct ees_group *v = sp_realloc(g, cap * sizeof(*v));
        if (!v) {
          sp_free(key);
          sp_free(jk);
          rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
          break;
        }
        g = v;
        capg = cap;
      }
      x = &g[ng];
      memset(x, 0, sizeof(*x));
      x->area = a;
      x->key = key;
      x->period = q;
      x->tid = q + lp + 1;
      x->ind = q + lp + lt + 2;
      x->filters = q + lp + lt + li + 3;
      x->total = (int)sp_stmt_int(s, 5);
      if (!sp_stmt_is_null(s, 6))
        snprintf(x->ssa, sizeof(x->ssa), "%s", sp_stmt_text(s, 6));
      json_object_set_new(index, jk, json_integer((json_int_t)ng));
      ng++;
    }
    sp_free(jk);
    x->districts++;
    if (sp_stmt_is_null(s, 8)) {
      const char *sym = sp_stmt_text(s, 9);
      x->suppressed++;
      /* The distinct symbols, space-separated. */
      char pad[12];
      snprintf(pad, sizeof(pad), " %s ", sym);
      char have[40];
      snprintf(have, sizeof(have), " %s ", x->symbols);
      if (!strstr(have, pad) && strlen(x->symbols) + strlen(sym) + 2 < sizeof(x->symbols))
        snprintf(x->symbols + strlen(x->symbols), sizeof(x->symbols) - strlen(x->symbols),
                 "%s%s", x->symbols[0] ? " " : "", sym);
    } else {
      x->value += sp_stmt_double(s, 8);
    }
  }
  sp_stmt_free(s);
  s = NULL;
  if (rc != SP_OK)
    goto out;
  if (ng > 1)
    qsort(g, ng, sizeof(*g), group_cmp);
  json_t *rows = json_array();
  json_t *un = json_array();
  res = json_pack("{s:s, s:s?, s:o, s:o}", "as_of", sp_date_format(day, iso), "area_code", area,
                  "rows", rows, "unplaced", un);
  if (!res) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    goto out;
  }
  for (size_t i = 0; i < ng; i++) {
    const struct ees_group *x = &g[i];
    json_t *f = json_loads(x->filters, JSON_DECODE_ANY, NULL);
    json_t *symbols = json_array();
    /* the symbols are one space-separated word each */
    for (const char *t = x->symbols; symbols && *t;) {
      size_t n = strcspn(t, " ");
      if (n)
        json_array_append_new(symbols, json_stringn(t, n));
      t += n + (t[n] == ' ');
    }
    json_array_append_new(
        rows, json_pack("{s:s, s:s, s:s, s:s, s:o, s:b, s:s?, s:s, s:o, s:I, s:I, s:o}",
                        "area_code", p.acode[x->area], "area_name", p.aname[x->area], "period",
                        x->period, "time_identifier", x->tid, "filters", f ? f : json_object(),
                        "total", x->total, "ssa_code", x->ssa[0] ? x->ssa : NULL, "indicator",
                        x->ind, "value", num_json(x->value), "districts",
                        (json_int_t)x->districts, "suppressed", (json_int_t)x->suppressed,
                        "symbols", symbols ? symbols : json_array()));
  }
  const char *k;
  json_t *v;
  json_object_foreach(unplaced, k, v) {
    json_array_append_new(un, json_pack("{s:s, s:O}", "code", k, "cells", v));
  }
  *out = res;
  res = NULL;
out:
  sp_stmt_free(s);
  for (size_t i = 0; i < ng; i++)
    sp_free(g[i].key);
  sp_free(g);
  json_decref(index);
  json_decref(unplaced);
  json_decref(res);
  sp__ev_places_free(&p);
  return rc;
}
