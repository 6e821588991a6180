/*
 * dict.c: the evidence engine's code dictionaries. Codes in bulk files
 * (LSIP areas, local authority districts, pathways, LARS standards, sector
 * subject areas, SOC 2020 unit groups, postcodes) are turned into small
 * integers once, so that the scanner's hot loop works on array indexes.
 * Areas, districts and pathways come from the store's reference tables
 * (pairings valid on the context's "today"); the mappings to routes come
 * from the CSV files of data/evidence/ (see data/evidence/SOURCES.md). Also the small
 * parsing helpers and the error list the readers share.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/csv.h"
#include "../base/date.h"
#include "../store/store.h"
#include "ev_int.h"

void sp__ev_map_free(struct ev_map *m) {
  sp_free(m->keys);
  sp_free(m->vals);
  memset(m, 0, sizeof(*m));
}

static enum sp_rc map_grow(struct ev_map *m) {
  size_t cap = m->cap ? m->cap * 2 : 64;
  char (*keys)[16] = sp_calloc(cap, 16);
  int32_t *vals = sp_calloc(cap, sizeof(int32_t));
  if (!keys || !vals) {
    sp_free(keys);
    sp_free(vals);
    return SP_ENOMEM;
  }
  for (size_t i = 0; i < m->cap; i++) {
    if (!m->keys[i][0])
      continue;
    size_t j = sp__ev_hash16(m->keys[i]) & (cap - 1);
    while (keys[j][0])
      j = (j + 1) & (cap - 1);
    memcpy(keys[j], m->keys[i], 16);
    vals[j] = m->vals[i];
  }
  sp_free(m->keys);
  sp_free(m->vals);
  m->keys = keys;
  m->vals = vals;
  m->cap = cap;
  return SP_OK;
}

enum sp_rc sp__ev_map_put(struct ev_map *m, const char *key, size_t n, int32_t val) {
  char k[16] = {0};
  if (n == 0 || n > 15)
    return SP_EINVAL;
  memcpy(k, key, n);
  if ((m->n + 1) * 2 > m->cap && map_grow(m) != SP_OK)
    return SP_ENOMEM;
  size_t j = sp__ev_hash16(k) & (m->cap - 1);
  while (m->keys[j][0] && memcmp(m->keys[j], k, 16) != 0)
    j = (j + 1) & (m->cap - 1);
  if (!m->keys[j][0])
    m->n++;
  memcpy(m->keys[j], k, 16);
  m->vals[j] = val;
  return SP_OK;
}

static const char *const level_codes[EV_NLEVELS] = {"E", "1", "2", "3", "4",
                                                    "5", "6", "7", "8", NULL};

const char *sp__ev_level_code(int level) {
  return level >= 0 && level < EV_NLEVELS ? level_codes[level] : NULL;
}

int sp__ev_level_parse(const char *s, size_t n) {
  if (n != 1)
    return -1;
  if (s[0] == 'E')
    return 0;
  if (s[0] >= '1' && s[0] <= '8')
    return s[0] - '0';
  return -1;
}

size_t sp__ev_postcode_norm(const char *s, size_t n, char out[16]) {
  char t[16];
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == ' ')
      continue;
    if (c >= 'a' && c <= 'z')
      c = (char)(c - 32);
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) || k >= 7)
      return 0;
    t[k++] = c;
  }
  /* Outward code 2-4 characters starting with a letter; inward digit+2 letters. */
  if (k < 5 || t[0] < 'A' || t[0] > 'Z' || t[k - 3] < '0' || t[k - 3] > '9' || t[k - 2] < 'A' ||
      t[k - 1] < 'A')
    return 0;
  memcpy(out, t, k - 3);
  out[k - 3] = ' ';
  memcpy(out + k - 2, t + k - 3, 3);
  out[k + 1] = '\0';
  return k + 1;
}

void sp__ev_errs_add(struct ev_errs *e, long line, const char *field, const char *fmt, ...) {
  e->total++;
  if (e->n >= (e->keep ? e->keep : 100))
    return;
  if (e->n == e->cap) {
    size_t cap = e->cap ? e->cap * 2 : 16;
    struct ev_err *v = sp_realloc(e->v, cap * sizeof(*v));
    if (!v)
      return;
    e->v = v;
    e->cap = cap;
  }
  struct ev_err *x = &e->v[e->n++];
  x->line = line;
  snprintf(x->field, sizeof(x->field), "%s", field ? field : "");
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(x->msg, sizeof(x->msg), fmt, ap);
  va_end(ap);
}

void sp__ev_errs_free(struct ev_errs *e) {
  sp_free(e->v);
  e->v = NULL;
  e->n = e->cap = e->total = 0;
}

/* Parses "6.10" (or "6.1") into 610; -1 when not an SSA tier 2 code. */
#define ssa_key sp__ev_ssa_key

static enum sp_rc open_map(struct sp_ctx *ctx, const char *data_dir, const char *file,
                           const char *const *cols, struct sp_csv **csv) {
  char path[1024];
  snprintf(path, sizeof(path), "%s/evidence/%s", data_dir, file);
  enum sp_rc rc = sp_csv_open(ctx, path, 4096, csv);
  if (rc != SP_OK)
    return rc;
  rc = sp_csv_read_header(*csv, ctx, cols);
  if (rc != SP_OK) {
    sp_csv_close(*csv);
    *csv = NULL;
  }
  return rc;
}

/* Pathway index of the mapping row's pathway_code ("" -> EV_NO_ROUTE). */
static enum sp_rc map_pathway(struct sp_csv *csv, struct sp_ctx *ctx, const struct ev_dict *d,
                              int *out) {
  const char *pc = sp_csv_get(csv, "pathway_code");
  if (!*pc) {
    *out = EV_NO_ROUTE;
    return SP_OK;
  }
  int32_t i = sp__ev_map_get(&d->path_by_code, pc, strlen(pc));
  if (i < 0)
    return sp_csv_fail(csv, ctx, SP_EINVAL, "pathway_code",
                       "%s is not a pathway of occupational_routes.csv", pc);
  if (strcmp(d->path_route[i], sp_csv_get(csv, "route_code")) != 0)
    return sp_csv_fail(csv, ctx, SP_EINVAL, "route_code", "pathway %s belongs to route %s", pc,
                       d->path_route[i]);
  *out = i;
  return SP_OK;
}

static enum sp_rc load_mappings(struct sp_ctx *ctx, const char *data_dir, struct ev_dict *d) {
  static const char *const ssa_cols[] = {"ssa_tier2", "route_code", "pathway_code", NULL};
  static const char *const std_cols[] = {"standard_code", "ssa_tier2", "route_code",
                                         "pathway_code", "level", NULL};
  static const char *const soc_cols[] = {"soc_code", "route_code", "pathway_code", NULL};
  struct sp_csv *csv = NULL;
  enum sp_rc rc;
  int eof, pi;
  memset(d->ssa, EV_UNKNOWN, sizeof(d->ssa));
  memset(d->soc, EV_UNKNOWN, sizeof(d->soc));
  rc = open_map(ctx, data_dir, "ssa_route.csv", ssa_cols, &csv);
  while (rc == SP_OK && (rc = sp_csv_next(csv, ctx, &eof)) == SP_OK && !eof) {
    const char *k = sp_csv_get(csv, "ssa_tier2");
    int key = ssa_key(k, strlen(k));
    if (key < 0) {
      rc = sp_csv_fail(csv, ctx, SP_EINVAL, "ssa_tier2", "not a tier 2 code like 6.10");
      break;
    }
    rc = map_pathway(csv, ctx, d, &pi);
    if (rc == SP_OK)
      d->ssa[key] = (int8_t)pi;
  }
  sp_csv_close(csv);
  csv = NULL;
  if (rc != SP_OK)
    return rc;
  d->nstd = 2000;
  d->std_path = sp_malloc((size_t)d->nstd);
  d->std_level = sp_malloc((size_t)d->nstd);
  if (!d->std_path || !d->std_level)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  memset(d->std_path, EV_UNKNOWN, (size_t)d->nstd);
  memset(d->std_level, EV_UNKNOWN, (size_t)d->nstd);
  rc = open_map(ctx, data_dir, "standard_route.csv", std_cols, &csv);
  while (rc == SP_OK && (rc = sp_csv_next(csv, ctx, &eof)) == SP_OK && !eof) {
    const char *k = sp_csv_get(csv, "standard_code");
    long code = sp__ev_parse_count(k, strlen(k));
    if (code < 1 || code >= d->nstd) {
      rc = sp_csv_fail(csv, ctx, SP_EINVAL, "standard_code", "not a standard code 1-1999");
      break;
    }
    rc = map_pathway(csv, ctx, d, &pi);
    if (rc == SP_OK) {
      const char *lv = sp_csv_get(csv, "level");
      int l = sp__ev_level_parse(lv, strlen(lv));
      d->std_path[code] = (int8_t)pi;
      d->std_level[code] = (int8_t)(l < 0 ? EV_UNKNOWN : l);
    }
  }
  sp_csv_close(csv);
  csv = NULL;
  if (rc != SP_OK)
    return rc;
  rc = open_map(ctx, data_dir, "soc2020_route.csv", soc_cols, &csv);
  while (rc == SP_OK && (rc = sp_csv_next(csv, ctx, &eof)) == SP_OK && !eof) {
    const char *k = sp_csv_get(csv, "soc_code");
    long code = strlen(k) == 4 ? sp__ev_parse_count(k, 4) : -1;
    if (code < 1000) {
      rc = sp_csv_fail(csv, ctx, SP_EINVAL, "soc_code", "not a 4-digit SOC 2020 unit group");
      break;
    }
    rc = map_pathway(csv, ctx, d, &pi);
    if (rc == SP_OK)
      d->soc[code] = (int8_t)pi;
  }
  sp_csv_close(csv);
  return rc;
}

enum sp_rc sp__ev_dict_load(struct sp_ctx *ctx, const char *data_dir, struct ev_dict *d) {
  struct sp_store *st = sp_ctx_store(ctx);
  struct sp_stmt *s = NULL;
  enum sp_rc rc;
  int row;
  char today[SP_DATE_BUFSZ];
  memset(d, 0, sizeof(*d));
  sp_date_format(sp_ctx_today(ctx), today);
  /* Pathways, in the guidance's order. */
  rc = sp_store_prepare(st, ctx, "SELECT code, route_code FROM pathways ORDER BY ord, rowid", &s);
  while (rc == SP_OK && (rc = sp_stmt_step(s, ctx, &row)) == SP_OK && row) {
    if (d->npath >= EV_MAX_PATHWAYS) {
      rc = sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "more than %d pathways", EV_MAX_PATHWAYS);
      break;
    }
    snprintf(d->path_code[d->npath], 16, "%s", sp_stmt_text(s, 0));
    snprintf(d->path_route[d->npath], 16, "%s", sp_stmt_text(s, 1));
    rc = sp__ev_map_put(&d->path_by_code, d->path_code[d->npath],
                        strlen(d->path_code[d->npath]), d->npath);
    if (rc == SP_OK) {
      const char *r = d->path_route[d->npath];
      int32_t prev = sp__ev_map_get(&d->route_single, r, strlen(r));
      rc = sp__ev_map_put(&d->route_single, r, strlen(r), prev == EV_UNKNOWN ? d->npath : -3);
    }
    d->npath++;
  }
  sp_stmt_free(s);
  s = NULL;
  if (rc != SP_OK)
    goto fail;
  if (d->npath == 0) {
    rc = sp_ctx_fail(ctx, SP_ESTATE, NULL,
                     "no occupational routes and pathways in the store: load the reference "
                     "data first (skillplan init)");
    goto fail;
  }
  /* Areas: every area code; districts: pairings valid today. */
  rc = sp_store_prepare(st, ctx, "SELECT code FROM areas ORDER BY code", &s);
  while (rc == SP_OK && (rc = sp_stmt_step(s, ctx, &row)) == SP_OK && row) {
    if (d->nareas >= EV_MAX_AREAS) {
      rc = sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "more than %d areas", EV_MAX_AREAS);
      break;
    }
    const char *c = sp_stmt_text(s, 0);
    snprintf(d->area_code[d->nareas], 16, "%s", c);
    rc = sp__ev_map_put(&d->area_by_code, c, strlen(c), d->nareas);
    if (rc == SP_OK)
      rc = sp__ev_map_put(&d->area_by_any, c, strlen(c), d->nareas);
    if (rc == SP_OK)
      d->nareas++;
    else if (rc == SP_EINVAL) /* a slug-like code over 15 bytes: not an ONS code */
      rc = SP_OK;
  }
  sp_stmt_free(s);
  s = NULL;
  if (rc != SP_OK)
    goto fail;
  rc = sp_store_prepare(st, ctx,
                        "SELECT lad_code, area_code FROM area_lads WHERE (valid_from IS NULL OR "
                        "valid_from <= ?1) AND (valid_to IS NULL OR valid_to > ?1) ORDER BY lad_code, area_code",
                        &s);
  if (rc == SP_OK)
    rc = sp_stmt_bind_text(s, 1, today);
  while (rc == SP_OK && (rc = sp_stmt_step(s, ctx, &row)) == SP_OK && row) {
    const char *lad = sp_stmt_text(s, 0), *a = sp_stmt_text(s, 1);
    int32_t ai = sp__ev_map_get(&d->area_by_code, a, strlen(a));
    /* A district paired with two areas on one day (not so in the ONS data): the
     * first area by code keeps it, so the choice is the same every time. */
    if (ai >= 0 && sp__ev_map_get(&d->area_by_lad, lad, strlen(lad)) == EV_UNKNOWN) {
      rc = sp__ev_map_put(&d->area_by_lad, lad, strlen(lad), ai);
      if (rc == SP_OK)
        rc = sp__ev_map_put(&d->area_by_any, lad, strlen(lad), ai);
    }
  }
  sp_stmt_free(s);
  s = NULL;
  if (rc != SP_OK)
    goto fail;
  if (d->area_by_lad.n == 0) {
    rc = sp_ctx_fail(ctx, SP_ESTATE, NULL,
                     "no local authority districts are paired with areas on %s: load the "
                     "reference data first (skillplan init)",
                     today);
    goto fail;
  }
  rc = load_mappings(ctx, data_dir, d);
  if (rc == SP_OK)
    rc = sp__ev_dict_add_successors(ctx, data_dir, d);
  if (rc != SP_OK)
    goto fail;
  return SP_OK;
fail:
  sp__ev_dict_free(d);
  return rc;
}

enum sp_rc sp__ev_dict_load_postcodes(struct sp_ctx *ctx, struct ev_dict *d) {
  struct sp_stmt *s = NULL;
  struct ev_map lads = {0};
  int row, cap = 0;
  if (d->postcodes_loaded)
    return SP_OK;
  enum sp_rc rc = sp_store_prepare(sp_ctx_store(ctx), ctx,
                                   "SELECT postcode, lad_code FROM ev_postcodes", &s);
  while (rc == SP_OK && (rc = sp_stmt_step(s, ctx, &row)) == SP_OK && row) {
    const char *pc = sp_stmt_text(s, 0), *lad = sp_stmt_text(s, 1);
    int32_t li = sp__ev_map_get(&lads, lad, strlen(lad));
    if (li == EV_UNKNOWN) {
      if (d->npost_lads == cap) {
        int nc = cap ? cap * 2 : 512;
        char(*v)[16] = sp_realloc(d->post_lad, (size_t)nc * 16);
        if (!v) {
          rc = SP_ENOMEM;
          break;
        }
        d->post_lad = v;
        cap = nc;
      }
      li = d->npost_lads++;
      snprintf(d->post_lad[li], 16, "%s", lad);
      rc = sp__ev_map_put(&lads, lad, strlen(lad), li);
    }
    if (rc == SP_OK)
      rc = sp__ev_map_put(&d->postcodes, pc, strlen(pc), li);
  }
  sp_stmt_free(s);
  sp__ev_map_free(&lads);
  if (rc == SP_ENOMEM)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory loading the postcode lookup");
  if (rc == SP_OK)
    d->postcodes_loaded = 1;
  return rc;
}

void sp__ev_dict_free(struct ev_dict *d) {
  sp__ev_map_free(&d->area_by_code);
  sp__ev_map_free(&d->area_by_lad);
  sp__ev_map_free(&d->area_by_any);
  sp__ev_map_free(&d->path_by_code);
  sp__ev_map_free(&d->route_single);
  sp__ev_map_free(&d->postcodes);
  sp_free(d->std_path);
  sp_free(d->std_level);
  sp_free(d->post_lad);
  d->std_path = d->std_level = NULL;
  d->post_lad = NULL;
  sp__ev_places_free(d->places);
  sp_free(d->places);
  d->places = NULL;
  sp_free(d->ssa_names);
  d->ssa_names = NULL;
  d->nssa_names = 0;
}
