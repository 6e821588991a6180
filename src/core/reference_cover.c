/*
 * reference_cover.c: an area's mayoral cover, derived on read from dated
 * records (reference.h). Section 3.5 of the statutory guidance
 * (../shared/seeds/004_34ac84fe2e6428e6.txt) asks whether the area "covers
 * any part of" a mayoral combined authority or the Greater London Authority
 * on the date the plan is submitted. An area covers an authority's part on
 * day D when a district it holds on D (area_lads) belongs on D to that
 * authority (combined_authority_lads) and the authority's first directly
 * elected mayor was elected on or before D (combined_authorities,
 * first_mayor_elected; NULL for an authority without a mayor, such as the
 * North East Combined Authority of 2014-2024, footnote 15). Loaded by
 * reference_load.c from the files data/SOURCES.md names (migration 0500).
 */
#include <string.h>

#include "base/alloc.h"
#include "base/date.h"
#include "reference.h"
#include "store/store.h"

#define MAX_SPANS 512

struct span {
  char code[16];
  char name[128];
  int32_t mayor, from, to; /* from/to: SP_DATE_NONE for open */
};

static int64_t lo(int32_t d) { return d == SP_DATE_NONE ? INT64_MIN : d; }
static int64_t hi(int32_t d) { return d == SP_DATE_NONE ? INT64_MAX : d; }

/* The later of two starts and the earlier of two ends, open bounds aside. */
static int32_t later(int32_t a, int32_t b) { return lo(a) >= lo(b) ? a : b; }
static int32_t earlier(int32_t a, int32_t b) { return hi(a) <= hi(b) ? a : b; }

/* Fills spans[] with each authority's cover of the area, merged so that an
 * authority has one span per unbroken stretch, sorted by start then name. */
static enum sp_rc spans_of(struct sp_ctx *ctx, const char *area, struct span *spans, int *n) {
  struct sp_stmt *st = NULL;
  enum sp_rc rc = sp_store_preparef(
      ctx, &st,
      "SELECT ca.code, ca.name, ca.first_mayor_elected, l.valid_from, l.valid_to,"
      " m.valid_from, m.valid_to FROM area_lads l"
      " JOIN combined_authority_lads m ON m.lad_code = l.lad_code"
      " JOIN combined_authorities ca ON ca.code = m.ca_code"
      " WHERE l.area_code = ? AND ca.first_mayor_elected IS NOT NULL ORDER BY ca.code",
      "s", area);
  *n = 0;
  int row = 1;
  while (rc == SP_OK && (rc = sp_stmt_step(st, ctx, &row)) == SP_OK && row) {
    int32_t mayor = sp_stmt_date(st, 2);
    int32_t from = later(later(mayor, sp_stmt_date(st, 3)), sp_stmt_date(st, 5));
    int32_t to = earlier(sp_stmt_date(st, 4), sp_stmt_date(st, 6));
    if (lo(from) >= hi(to))
      continue; /* the district left before the mayor came */
    const char *code = sp_stmt_text(st, 0), *name = sp_stmt_text(st, 1);
    /* merge with a span of the same authority that it touches or overlaps */
    int merged = 0;
    for (int i = 0; i < *n && !merged; i++) {
      struct span *s = &spans[i];
      if (strcmp(s->code, code) != 0 || lo(from) > hi(s->to) || lo(s->from) > hi(to))
        continue;
      s->from = later(s->from, from) == s->from ? from : s->from;
      s->to = earlier(s->to, to) == s->to ? to : s->to;
      merged = 1;
    }
    if (merged)
      continue;
    if (*n >= MAX_SPANS) {
      rc = sp_ctx_fail(ctx, SP_ETOOBIG, NULL, "area %s has too many mayoral cover records", area);
      break;
    }
    struct span *s = &spans[(*n)++];
    snprintf(s->code, sizeof(s->code), "%s", code ? code : "");
    snprintf(s->name, sizeof(s->name), "%s", name ? name : "");
    s->mayor = mayor;
    s->from = from;
    s->to = to;
  }
  sp_stmt_free(st);
  if (rc != SP_OK)
    return rc;
  /* A merge may join two spans of one authority that were apart before. */
  for (int again = 1; again;) {
    again = 0;
    for (int i = 0; i < *n && !again; i++)
      for (int j = i + 1; j < *n && !again; j++) {
        struct span *a = &spans[i], *b = &spans[j];
        if (strcmp(a->code, b->code) != 0 || lo(a->from) > hi(b->to) || lo(b->from) > hi(a->to))
          continue;
        a->from = lo(a->from) <= lo(b->from) ? a->from : b->from;
        a->to = hi(a->to) >= hi(b->to) ? a->to : b->to;
        spans[j] = spans[--*n];
        again = 1;
      }
  }
  /* insertion sort: by start, then name */
  for (int i = 1; i < *n; i++) {
    struct span t = spans[i];
    int j = i - 1;
    while (j >= 0 && (lo(spans[j].from) > lo(t.from) ||
                      (lo(spans[j].from) == lo(t.from) && strcmp(spans[j].name, t.name) > 0))) {
      spans[j + 1] = spans[j];
      j--;
    }
    spans[j + 1] = t;
  }
  return SP_OK;
}

static json_t *date_or_null(int32_t d) {
  char buf[SP_DATE_BUFSZ];
  return d == SP_DATE_NONE ? json_null() : json_string(sp_date_format(d, buf));
}

enum sp_rc sp_area_mayoral_cover(struct sp_ctx *ctx, const char *code, int32_t on,
                                 int *covered, json_t **out) {
  if (!code || strlen(code) > 64)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "code", "no LSIP area has that code");
  struct span *spans = sp_calloc(MAX_SPANS, sizeof(*spans));
  if (!spans)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  int n = 0;
  enum sp_rc rc = spans_of(ctx, code, spans, &n);
  json_t *arr = NULL;
  if (rc == SP_OK && out && !(arr = json_array()))
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  int any = 0;
  for (int i = 0; rc == SP_OK && i < n; i++) {
    const struct span *s = &spans[i];
    int now = on != SP_DATE_NONE && lo(s->from) <= on && on < hi(s->to);
    any |= now;
    if (!arr)
      continue;
    json_t *o = json_pack("{s:s, s:s, s:o, s:o, s:o, s:b}", "code", s->code, "name", s->name,
                          "first_mayor_elected", date_or_null(s->mayor), "from",
                          date_or_null(s->from), "to", date_or_null(s->to), "on_date", now);
    if (!o || json_array_append_new(arr, o) != 0)
      rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  }
  sp_free(spans);
  if (rc != SP_OK) {
    json_decref(arr);
    return rc;
  }
  if (covered)
    *covered = any;
  if (out)
    *out = arr;
  return SP_OK;
}

int sp_area_mayoral_on(struct sp_ctx *ctx, const char *code, int32_t on) {
  int covered = 0;
  if (sp_area_mayoral_cover(ctx, code, on, &covered, NULL) != SP_OK)
    return -1;
  return covered;
}
