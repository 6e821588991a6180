/*
 * rows.c: the row handlers of the bulk CSV kinds (provision, employer
 * needs, vacancies, postcode lookup) for the fast scanner, and the writing
 * of their merged summaries into the store. Each thread keeps compact
 * group state, allocated one academic year at a time: provision in pages
 * per provider and area (pathway x level cells of 32-bit counters), needs
 * in cells per (area, pathway, level, size band), vacancies in one 32-bit
 * count per (area, pathway, level). Column rules: docs/data-formats.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../store/store.h"
#include "ev_int.h"

#define EV_SAMPLES 2 /* needs rows kept per (area, pathway, level, year) */
#define FIELD_EQ(f, lit) ((f).n == sizeof(lit) - 1 && memcmp((f).p, lit, sizeof(lit) - 1) == 0)

/* Adds v to a 32-bit group counter; 0 when it would pass UINT32_MAX (a
 * group of one provider, or of one area's needs, that large is refused). */
static int add32(uint32_t *x, uint64_t v) {
  if (v > UINT32_MAX - *x)
    return 0;
  *x += (uint32_t)v;
  return 1;
}

/* Adds per-year blocks of n 32-bit counters from `from` into `into`; a year
 * only `from` has is moved, not copied. Returns 1 when a counter would
 * pass UINT32_MAX (it is left as it was), else 0. */
static int merge_years(uint32_t *into[EV_NYEARS], uint32_t *from[EV_NYEARS], size_t n) {
  int overflow = 0;
  for (int y = 0; y < EV_NYEARS; y++) {
    if (!from[y])
      continue;
    if (!into[y]) {
      into[y] = from[y];
      from[y] = NULL;
      continue;
    }
    for (size_t i = 0; i < n; i++)
      if (!add32(&into[y][i], from[y][i]))
        overflow = 1;
  }
  return overflow;
}

/* ---- dense (year, area, pathway, level) cells ---- */

struct cell {
  uint64_t a, b;
  uint64_t rows;
};
struct dense {
  struct cell *year[EV_NYEARS];
  size_t block; /* cells per year */
  int nareas, npath;
};

static void dense_init(struct dense *g, const struct ev_dict *d) {
  memset(g, 0, sizeof(*g));
  g->nareas = d->nareas;
  g->npath = d->npath;
  g->block = (size_t)d->nareas * (size_t)d->npath * EV_NLEVELS;
}

static struct cell *dense_at(struct dense *g, int y, int area, int path, int level) {
  struct cell *b = g->year[y];
  if (!b) {
    b = sp_malloc(g->block * sizeof(*b));
    if (!b)
      return NULL;
    memset(b, 0, g->block * sizeof(*b));
    g->year[y] = b;
  }
  return &b[((size_t)area * (size_t)g->npath + (size_t)path) * EV_NLEVELS + (size_t)level];
}

static void dense_free(struct dense *g) {
  for (int y = 0; y < EV_NYEARS; y++)
    sp_free(g->year[y]);
}

/* ---- shared field rules ---- */

static int area_of(const struct ev_dict *d, const struct ev_field *f) {
  return sp__ev_map_get(&d->area_by_any, f->p, f->n);
}

static void show(char *out, size_t sz, const struct ev_field *f) {
  size_t n = f->n < sz - 4 ? f->n : sz - 4;
  memcpy(out, f->p, n);
  memcpy(out + n, f->n > n ? "..." : "", f->n > n ? 4 : 1);
}

#define REJECT(col, ...)                                                                       \
  do {                                                                                         \
    sp__ev_errs_add(errs, line, (col), __VA_ARGS__);                                           \
    return 0;                                                                                  \
  } while (0)

/* ---- provision ---- */

static const char *const prov_cols[] = {"ukprn",         "lad_code",      "postcode",
                                        "learn_aim_ref", "standard_code", "ssa_tier2",
                                        "level",         "funding_stream", "academic_year",
                                        "age_band",      "starts",        "achievements"};

/*
 * Provision is summed per provider, area, year, pathway and level (provider
 * alignment needs that much; the area totals are its sums). A provider and
 * area has a record holding one page per academic year, and a page holds
 * every (pathway, level) cell: starts, achievements and rows as 32-bit
 * counters. A provider's return comes as a block of rows, so the rows of a
 * block keep landing on the same few pages (a few KB, in cache) and the
 * record is found by comparing with the last row's; the records are in a
 * small hash (a few thousand providers and areas) looked up only when the
 * provider or area changes. A block still meets each of its cells for the
 * first time in a while (the pages of all providers are tens of MB), so a
 * row's cell is prefetched and its counts added EV_RING rows later, when
 * the cache line has arrived, instead of waiting for memory on every row.
 */
#define EV_RING 8
struct parea {
  uint64_t key;                 /* (ukprn - 10000000 + 1) << 8 | area */
  uint32_t *year[EV_NYEARS];    /* pages of page_cells * 3 counters, or NULL */
};

struct prov_state {
  struct parea **rec;           /* open addressing on key; NULL: empty */
  size_t cap, n;
  size_t page_cells;            /* pathways x levels */
  struct parea *last;           /* the last row's record */
  uint64_t lad_key[4][2];       /* the last districts seen (zero-padded) and their areas */
  int lad_area[4], lad_next;
  uint64_t fund_keys[5][2];     /* the funding streams and age bands as keys */
  uint64_t age_keys[3][2];
  uint64_t uk_text;             /* the last UKPRN's 8 bytes and its value */
  long uk_val;
  /* Counts waiting while their cell is prefetched (see prov_count). */
  struct {
    uint32_t *c;
    uint32_t starts, ach;
  } ring[EV_RING];
  unsigned ring_n, ring_head;
  long unplaced;
  int oom, overflow;
};

static size_t parea_bucket(uint64_t key, size_t mask) {
  return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 32) & mask;
}

/* The record of key, created when absent; NULL on out of memory. */
static struct parea *parea_at(struct prov_state *s, uint64_t key) {
  if ((s->n + 1) * 2 > s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 1024;
    struct parea **v = sp_calloc(cap, sizeof(*v));
    if (!v)
      return NULL;
    for (size_t i = 0; i < s->cap; i++) {
      if (!s->rec[i])
        continue;
      size_t j = parea_bucket(s->rec[i]->key, cap - 1);
      while (v[j])
        j = (j + 1) & (cap - 1);
      v[j] = s->rec[i];
    }
    sp_free(s->rec);
    s->rec = v;
    s->cap = cap;
  }
  size_t j = parea_bucket(key, s->cap - 1);
  while (s->rec[j]) {
    if (s->rec[j]->key == key)
      return s->rec[j];
    j = (j + 1) & (s->cap - 1);
  }
  struct parea *r = sp_calloc(1, sizeof(*r));
  if (!r)
    return NULL;
  r->key = key;
  s->rec[j] = r;
  s->n++;
  return r;
}

static uint32_t *parea_page(struct prov_state *s, struct parea *r, int ys) {
  if (!r->year[ys]) {
    r->year[ys] = sp_malloc(s->page_cells * 3 * sizeof(uint32_t));
    if (r->year[ys])
      memset(r->year[ys], 0, s->page_cells * 3 * sizeof(uint32_t));
  }
  return r->year[ys];
}

static void *prov_new(const struct ev_job *job) {
  static const char *const funding[5] = {"16-19", "adult_skills", "apprenticeships", "loans",
                                         "other"};
  static const char *const ages[3] = {"16-18", "19-23", "24+"};
  struct prov_state *s = sp_calloc(1, sizeof(*s));
  if (!s)
    return NULL;
  s->page_cells = (size_t)job->dict->npath * EV_NLEVELS;
  for (int i = 0; i < 5; i++)
    sp__ev_key16(funding[i], strlen(funding[i]), &s->fund_keys[i][0], &s->fund_keys[i][1]);
  for (int i = 0; i < 3; i++)
    sp__ev_key16(ages[i], strlen(ages[i]), &s->age_keys[i][0], &s->age_keys[i][1]);
  return s;
}

static void prov_free(void *p) {
  struct prov_state *s = p;
  for (size_t i = 0; i < s->cap; i++) {
    if (!s->rec[i])
      continue;
    for (int y = 0; y < EV_NYEARS; y++)
      sp_free(s->rec[i]->year[y]);
    sp_free(s->rec[i]);
  }
  sp_free(s->rec);
  sp_free(s);
}

static void ring_apply(struct prov_state *s, unsigned i) {
  uint32_t *c = s->ring[i].c;
  if (!add32(&c[0], s->ring[i].starts) || !add32(&c[1], s->ring[i].ach) || !add32(&c[2], 1))
    s->overflow = 1;
}

/* Adds the counts still waiting in the ring (before a merge or a write). */
static void prov_flush(struct prov_state *s) {
  for (unsigned k = 0; k < s->ring_n; k++)
    ring_apply(s, (s->ring_head + k) % EV_RING);
  s->ring_n = 0;
  s->ring_head = 0;
}

/* Counts one row: 1, or -1 out of memory. A counter passing UINT32_MAX sets
 * s->overflow (the whole file is refused when written). */
static int prov_count(struct prov_state *s, long ukprn, int area, int path, int level, int ys,
                      long starts, long ach) {
  uint64_t key = (uint64_t)(ukprn - 10000000 + 1) << 8 | (uint64_t)area;
  struct parea *r = s->last;
  if (!r || r->key != key) {
    r = parea_at(s, key);
    if (!r)
      return -1;
    s->last = r;
  }
  uint32_t *pg = parea_page(s, r, ys);
  if (!pg)
    return -1;
  uint32_t *c = pg + ((size_t)path * EV_NLEVELS + (size_t)level) * 3;
  __builtin_prefetch(c, 1);
  if (s->ring_n == EV_RING) {
    ring_apply(s, s->ring_head);
    s->ring_head = (s->ring_head + 1) % EV_RING;
    s->ring_n--;
  }
  unsigned t = (s->ring_head + s->ring_n) % EV_RING;
  s->ring[t].c = c;
  s->ring[t].starts = (uint32_t)starts;
  s->ring[t].ach = (uint32_t)ach;
  s->ring_n++;
  return 1;
}

/* The area of a district, through a four-entry cache of the last ones
 * (codes compared as two zero-padded 64-bit words). */
static int lad_area(struct prov_state *s, const struct ev_dict *d, const struct ev_field *f) {
  if (f->n == 0 || f->n > 15)
    return EV_UNKNOWN;
  uint64_t k0, k1;
  sp__ev_key16(f->p, f->n, &k0, &k1);
  for (int i = 0; i < 4; i++)
    if (s->lad_key[i][0] == k0 && s->lad_key[i][1] == k1)
      return s->lad_area[i];
  int a = sp__ev_map_get(&d->area_by_lad, f->p, f->n);
  if (a >= 0) {
    int i = s->lad_next++ & 3;
    s->lad_key[i][0] = k0;
    s->lad_key[i][1] = k1;
    s->lad_area[i] = a;
  }
  return a;
}

/* A test of a field against a list of 16-byte keys (sp__ev_key16) without
 * a branch per value: the values come in no order, so a chain of compares
 * mispredicts. */
static int one_of(const struct ev_field *f, const uint64_t (*keys)[2], int n) {
  if (f->n == 0 || f->n > 15)
    return 0;
  uint64_t k0, k1;
  sp__ev_key16(f->p, f->n, &k0, &k1);
  int hit = 0;
  for (int i = 0; i < n; i++)
    hit |= (k0 == keys[i][0]) & (k1 == keys[i][1]);
  return hit;
}

static int prov_row(void *st, const struct ev_job *job, long line, const struct ev_field *f,
                    struct ev_errs *errs) {
  struct prov_state *s = st;
  const struct ev_dict *d = job->dict;
  char v[64];
  /* ukprn: 8 digits starting with 1 (UK Register of Learning Providers). */
  long ukprn;
  uint64_t uk_text = 0;
  if (f[0].n == 8)
    memcpy(&uk_text, f[0].p, 8);
  if (uk_text && uk_text == s->uk_text) {
    ukprn = s->uk_val;
  } else {
    ukprn = sp__ev_parse_count(f[0].p, f[0].n);
    if (f[0].n != 8 || ukprn < 10000000 || ukprn > 19999999)
      REJECT("ukprn", "must be a UKPRN: 8 digits starting with 1");
    s->uk_text = uk_text;
    s->uk_val = ukprn;
  }
  int area;
  if (f[1].n) {
    area = lad_area(s, d, &f[1]);
    if (area < 0) {
      show(v, sizeof(v), &f[1]);
      REJECT("lad_code", "unknown local authority district %s (no area holds it today)", v);
    }
  } else if (f[2].n) {
    char pc[16];
    size_t pn = sp__ev_postcode_norm(f[2].p, f[2].n, pc);
    if (!pn)
      REJECT("postcode", "not shaped like a UK postcode");
    int32_t li = sp__ev_map_get(&d->postcodes, pc, pn);
    if (li < 0)
      REJECT("postcode", "%s is not in the imported postcode lookup (skillplan import postcodes)",
             pc);
    const char *lad = d->post_lad[li];
    area = sp__ev_map_get(&d->area_by_lad, lad, strlen(lad));
    if (area < 0)
      REJECT("postcode", "%s lies in district %s, which no area holds today", pc, lad);
  } else {
    REJECT("lad_code", "one of lad_code or postcode is required");
  }
  if (f[3].n) {
    if (f[3].n != 8)
      REJECT("learn_aim_ref", "must be 8 characters (LARS learning aim reference)");
    for (size_t i = 0; i < 8; i++) {
      char c = f[3].p[i];
      if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')))
        REJECT("learn_aim_ref", "must be capital letters and digits (LARS learning aim reference)");
    }
  }
  int path, level = sp__ev_level_parse(f[6].p, f[6].n);
  if (f[4].n) {
    long code = sp__ev_parse_count(f[4].p, f[4].n);
    if (code < 1 || code >= d->nstd || d->std_path[code] == EV_UNKNOWN) {
      show(v, sizeof(v), &f[4]);
      REJECT("standard_code", "unknown LARS apprenticeship standard %s", v);
    }
    path = d->std_path[code];
  } else if (f[5].n) {
    int k = sp__ev_ssa_key(f[5].p, f[5].n);
    if (k < 0 || d->ssa[k] == EV_UNKNOWN) {
      show(v, sizeof(v), &f[5]);
      REJECT("ssa_tier2", "unknown sector subject area tier 2 code %s (LARS)", v);
    }
    path = d->ssa[k];
  } else {
    REJECT("standard_code", "one of standard_code or ssa_tier2 is required");
  }
  if (level < 0)
    REJECT("level", "must be E or 1 to 8 (Regulated Qualifications Framework)");
  if (!one_of(&f[7], s->fund_keys, 5))
    REJECT("funding_stream", "must be 16-19, adult_skills, apprenticeships, loans or other");
  int year = sp__ev_parse_acyear(f[8].p, f[8].n);
  if (year < 0)
    REJECT("academic_year", "must be an academic year like 2023/24, from 2000/01 to 2063/64");
  if (!one_of(&f[9], s->age_keys, 3))
    REJECT("age_band", "must be 16-18, 19-23 or 24+");
  long starts = sp__ev_parse_count(f[10].p, f[10].n);
  if (starts < 0)
    REJECT("starts", "must be a whole number, 0 or more");
  long ach = sp__ev_parse_count(f[11].p, f[11].n);
  if (ach < 0)
    REJECT("achievements", "must be a whole number, 0 or more");
  if (path == EV_NO_ROUTE) {
    s->unplaced++;
    return 1;
  }
  if (prov_count(s, ukprn, area, path, level, year - EV_YEAR_MIN, starts, ach) < 0) {
    s->oom = 1;
    REJECT("", "out of memory");
  }
  return 1;
}

static enum sp_rc prov_merge(void *into, void *from) {
  struct prov_state *a = into, *b = from;
  prov_flush(a);
  prov_flush(b);
  a->unplaced += b->unplaced;
  a->oom |= b->oom;
  a->overflow |= b->overflow;
  for (size_t i = 0; i < b->cap; i++) {
    struct parea *rb = b->rec[i];
    if (!rb)
      continue;
    struct parea *ra = parea_at(a, rb->key);
    if (!ra)
      return SP_ENOMEM;
    if (merge_years(ra->year, rb->year, a->page_cells * 3))
      a->overflow = 1;
  }
  return SP_OK;
}

/* ---- employer needs ---- */

static const char *const needs_cols[] = {"employer",     "size_band", "sector",      "area_code",
                                         "route_code",   "pathway_code", "level",    "survey_date",
                                         "people",       "hard_to_fill", "skill"};
static const char *const size_names[] = {"micro", "small", "medium", "large"};

struct sample {
  long line;
  uint32_t group; /* area << 16 | path << 10 | level << 6 | year */
  int size, sector, hard;
  long people;
  char *employer, *skill;
};

/* Needs cells: one per (year, area, pathway, level, size band), allocated a
 * year at a time like the provision cells; and the samples taken per
 * (year, area, pathway, level). */
struct ncell {
  uint32_t people, hard, rows, sectors;
};

struct needs_state {
  struct ncell *year[EV_NYEARS];
  uint8_t *taken[EV_NYEARS];
  size_t groups_per_year; /* areas x pathways x levels */
  int npath;
  struct sample *samples;
  size_t ns, cap;
  int oom, overflow;
};

static void *needs_new(const struct ev_job *job) {
  struct needs_state *s = sp_calloc(1, sizeof(struct needs_state));
  if (s) {
    s->npath = job->dict->npath;
    s->groups_per_year = (size_t)job->dict->nareas * (size_t)job->dict->npath * EV_NLEVELS;
  }
  return s;
}

/* The group's index within its year, allocating the year's blocks. */
static long needs_group(struct needs_state *s, int ys, int area, int path, int level) {
  if (!s->year[ys]) {
    size_t n = s->groups_per_year * 4;
    s->year[ys] = sp_malloc(n * sizeof(struct ncell));
    s->taken[ys] = sp_malloc(s->groups_per_year);
    if (!s->year[ys] || !s->taken[ys])
      return -1;
    memset(s->year[ys], 0, n * sizeof(struct ncell));
    memset(s->taken[ys], 0, s->groups_per_year);
  }
  return ((long)area * s->npath + path) * EV_NLEVELS + level;
}

static void needs_free(void *p) {
  struct needs_state *s = p;
  for (size_t i = 0; i < s->ns; i++) {
    sp_free(s->samples[i].employer);
    sp_free(s->samples[i].skill);
  }
  sp_free(s->samples);
  for (int y = 0; y < EV_NYEARS; y++) {
    sp_free(s->year[y]);
    sp_free(s->taken[y]);
  }
  sp_free(s);
}

static int text_ok(const struct ev_field *f, size_t max) {
  if (f->n == 0 || f->n > max)
    return 0;
  /* Eight bytes at a time: only a word holding a byte under 0x20 (exact
   * test: high bit of (x - 0x20..) & ~x) needs the byte loop, which allows
   * tab, CR and LF. */
  size_t i = 0;
  int low = 0;
  for (; i + 8 <= f->n; i += 8) {
    uint64_t x;
    memcpy(&x, f->p + i, 8);
    if ((x - 0x2020202020202020ull) & ~x & 0x8080808080808080ull) {
      low = 1;
      break;
    }
  }
  if (!low) {
    for (; i < f->n; i++)
      if ((unsigned char)f->p[i] < 0x20)
        break;
    if (i == f->n)
      return 1;
  }
  for (i = 0; i < f->n; i++)
    if ((unsigned char)f->p[i] < 0x20 && f->p[i] != '\n' && f->p[i] != '\r' && f->p[i] != '\t')
      return 0;
  return 1;
}

static int needs_row(void *st, const struct ev_job *job, long line, const struct ev_field *f,
                     struct ev_errs *errs) {
  struct needs_state *s = st;
  const struct ev_dict *d = job->dict;
  char v[64];
  if (!text_ok(&f[0], 200))
    REJECT("employer", "required, at most 200 bytes, no control characters");
  int size = -1;
  if (f[1].n == 5)
    size = FIELD_EQ(f[1], "micro") ? 0 : FIELD_EQ(f[1], "small") ? 1 : FIELD_EQ(f[1], "large") ? 3 : -1;
  else if (FIELD_EQ(f[1], "medium"))
    size = 2;
  if (size < 0)
    REJECT("size_band", "must be micro, small, medium or large");
  if (f[2].n != 1 || f[2].p[0] < 'A' || f[2].p[0] > 'U')
    REJECT("sector", "must be a SIC 2007 section letter A to U");
  int area = area_of(d, &f[3]);
  if (area < 0) {
    show(v, sizeof(v), &f[3]);
    REJECT("area_code", "unknown area or district code %s", v);
  }
  char route[16];
  if (f[4].n == 0 || f[4].n > 15)
    REJECT("route_code", "required: an occupational route code (occupational_routes.csv)");
  memcpy(route, f[4].p, f[4].n);
  route[f[4].n] = '\0';
  int path;
  if (f[5].n) {
    path = sp__ev_map_get(&d->path_by_code, f[5].p, f[5].n);
    if (path < 0) {
      show(v, sizeof(v), &f[5]);
      REJECT("pathway_code", "unknown pathway %s (occupational_routes.csv)", v);
    }
    if (strcmp(d->path_route[path], route) != 0)
      REJECT("pathway_code", "pathway %s belongs to route %s, not %s", d->path_code[path],
             d->path_route[path], route);
  } else {
    path = sp__ev_map_get(&d->route_single, f[4].p, f[4].n);
    if (path == EV_UNKNOWN)
      REJECT("route_code", "unknown route %s (occupational_routes.csv)", route);
    if (path < 0)
      REJECT("pathway_code", "required: route %s has more than one pathway", route);
  }
  int level = EV_LEVEL_UNKNOWN;
  if (f[6].n) {
    level = sp__ev_level_parse(f[6].p, f[6].n);
    if (level < 0)
      REJECT("level", "must be E, 1 to 8, or empty when not known");
  }
  int year = sp__ev_parse_date_acyear(f[7].p, f[7].n);
  if (year < 0)
    REJECT("survey_date", "must be a real date YYYY-MM-DD between 2000-08-01 and 2064-07-31");
  long people = sp__ev_parse_count(f[8].p, f[8].n);
  if (people < 1 || people > 100000)
    REJECT("people", "must be a whole number from 1 to 100000");
  int hard;
  if (FIELD_EQ(f[9], "yes"))
    hard = 1;
  else if (FIELD_EQ(f[9], "no"))
    hard = 0;
  else
    REJECT("hard_to_fill", "must be yes or no");
  if (!text_ok(&f[10], 2000))
    REJECT("skill", "required: the skill in the employer's words, at most 2000 bytes");
  int ys = year - EV_YEAR_MIN;
  uint32_t group = (uint32_t)area << 16 | (uint32_t)path << 10 | (uint32_t)level << 6 |
                   (uint32_t)ys;
  long gi = needs_group(s, ys, area, path, level);
  if (gi < 0)
    goto oom;
  struct ncell *e = &s->year[ys][gi * 4 + size];
  uint8_t *t = &s->taken[ys][gi];
  if (!add32(&e->people, (uint64_t)people) || !add32(&e->hard, hard ? (uint64_t)people : 0) ||
      !add32(&e->rows, 1)) {
    s->overflow = 1;
    REJECT("people", "the people needed in one group pass 4294967295");
  }
  e->sectors |= 1u << (f[2].p[0] - 'A');
  if (*t < EV_SAMPLES) {
    if (s->ns == s->cap) {
      size_t cap = s->cap ? s->cap * 2 : 256;
      struct sample *nv = sp_realloc(s->samples, cap * sizeof(*nv));
      if (!nv)
        goto oom;
      s->samples = nv;
      s->cap = cap;
    }
    struct sample *x = &s->samples[s->ns];
    x->line = line;
    x->group = group;
    x->size = size;
    x->sector = f[2].p[0] - 'A';
    x->hard = hard;
    x->people = people;
    x->employer = sp_strndup(f[0].p, f[0].n);
    x->skill = sp_strndup(f[10].p, f[10].n);
    if (!x->employer || !x->skill) {
      sp_free(x->employer);
      sp_free(x->skill);
      goto oom;
    }
    s->ns++;
    (*t)++;
  }
  return 1;
oom:
  s->oom = 1;
  REJECT("", "out of memory");
}

static void needs_rebase(void *st, long base) {
  struct needs_state *s = st;
  for (size_t i = 0; i < s->ns; i++)
    s->samples[i].line += base;
}

static enum sp_rc needs_merge(void *into, void *from) {
  struct needs_state *a = into, *b = from;
  a->oom |= b->oom;
  a->overflow |= b->overflow;
  for (int y = 0; y < EV_NYEARS; y++) {
    if (!b->year[y])
      continue;
    if (!a->year[y]) { /* a has nothing that year: take b's cells, start a tally */
      a->taken[y] = sp_malloc(a->groups_per_year);
      if (!a->taken[y])
        return SP_ENOMEM;
      memset(a->taken[y], 0, a->groups_per_year);
      a->year[y] = b->year[y];
      b->year[y] = NULL;
      continue;
    }
    for (size_t i = 0; i < a->groups_per_year * 4; i++) {
      struct ncell *x = &a->year[y][i];
      const struct ncell *z = &b->year[y][i];
      if (!add32(&x->people, z->people) || !add32(&x->hard, z->hard) ||
          !add32(&x->rows, z->rows))
        a->overflow = 1;
      x->sectors |= z->sectors;
    }
  }
  /* Keep the first samples per group: a's rows come first, then b's count
   * against a's tally. */
  for (size_t i = 0; i < b->ns; i++) {
    struct sample *x = &b->samples[i];
    int ys = (int)(x->group & 63), area = (int)(x->group >> 16), path = (int)(x->group >> 10 & 63);
    int level = (int)(x->group >> 6 & 15);
    long gi = needs_group(a, ys, area, path, level);
    if (gi < 0)
      return SP_ENOMEM;
    uint8_t *t = &a->taken[ys][gi];
    if (*t >= EV_SAMPLES)
      continue;
    if (a->ns == a->cap) {
      size_t cap = a->cap ? a->cap * 2 : 256;
      struct sample *nv = sp_realloc(a->samples, cap * sizeof(*nv));
      if (!nv)
        return SP_ENOMEM;
      a->samples = nv;
      a->cap = cap;
    }
    a->samples[a->ns++] = *x;
    x->employer = x->skill = NULL;
    (*t)++;
  }
  return SP_OK;
}

/* ---- vacancies ---- */

static const char *const vac_cols[] = {"posted_date", "area_code", "soc_code", "level"};

/* One 32-bit count per (year, area, pathway, level): a vacancy is one row,
 * so the count is all there is, and a year's block (about 60 KB for
 * today's areas) stays in cache where 24-byte cells did not. */
struct vac_state {
  uint32_t *year[EV_NYEARS];
  size_t block;
  int nareas, npath;
  long unplaced;
  int overflow;
};

static void *vac_new(const struct ev_job *job) {
  struct vac_state *s = sp_calloc(1, sizeof(*s));
  if (s) {
    s->nareas = job->dict->nareas;
    s->npath = job->dict->npath;
    s->block = (size_t)s->nareas * (size_t)s->npath * EV_NLEVELS;
  }
  return s;
}

static void vac_free(void *p) {
  struct vac_state *s = p;
  for (int y = 0; y < EV_NYEARS; y++)
    sp_free(s->year[y]);
  sp_free(s);
}

static int vac_row(void *st, const struct ev_job *job, long line, const struct ev_field *f,
                   struct ev_errs *errs) {
  struct vac_state *s = st;
  const struct ev_dict *d = job->dict;
  char v[64];
  int year = sp__ev_parse_date_acyear(f[0].p, f[0].n);
  if (year < 0)
    REJECT("posted_date", "must be a real date YYYY-MM-DD between 2000-08-01 and 2064-07-31");
  int area = area_of(d, &f[1]);
  if (area < 0) {
    show(v, sizeof(v), &f[1]);
    REJECT("area_code", "unknown area or district code %s", v);
  }
  long soc = f[2].n == 4 ? sp__ev_parse_count(f[2].p, 4) : -1;
  if (soc < 1000 || d->soc[soc] == EV_UNKNOWN) {
    show(v, sizeof(v), &f[2]);
    REJECT("soc_code", "unknown SOC 2020 unit group %s (data/evidence/soc2020_route.csv)", v);
  }
  int level = EV_LEVEL_UNKNOWN;
  if (f[3].n) {
    level = sp__ev_level_parse(f[3].p, f[3].n);
    if (level < 0)
      REJECT("level", "must be E, 1 to 8, or empty when not known");
  }
  int path = d->soc[soc];
  if (path == EV_NO_ROUTE) {
    s->unplaced++;
    return 1;
  }
  uint32_t *b = s->year[year - EV_YEAR_MIN];
  if (!b) {
    b = sp_calloc(s->block, sizeof(*b));
    if (!b)
      REJECT("", "out of memory");
    s->year[year - EV_YEAR_MIN] = b;
  }
  if (!add32(&b[((size_t)area * (size_t)s->npath + (size_t)path) * EV_NLEVELS + (size_t)level],
             1))
    s->overflow = 1;
  return 1;
}

static enum sp_rc vac_merge(void *into, void *from) {
  struct vac_state *a = into, *b = from;
  a->unplaced += b->unplaced;
  a->overflow |= b->overflow;
  if (merge_years(a->year, b->year, a->block))
    a->overflow = 1;
  return SP_OK;
}

/* The counts as dense cells (a = rows = vacancies) for write_dense. */
static int vac_dense(const struct vac_state *s, const struct ev_dict *d, struct dense *g) {
  dense_init(g, d);
  for (int y = 0; y < EV_NYEARS; y++) {
    if (!s->year[y])
      continue;
    for (size_t i = 0; i < s->block; i++) {
      if (!s->year[y][i])
        continue;
      struct cell *c = dense_at(g, y, (int)(i / EV_NLEVELS / (size_t)s->npath),
                                (int)(i / EV_NLEVELS % (size_t)s->npath), (int)(i % EV_NLEVELS));
      if (!c)
        return -1;
      c->a = c->rows = s->year[y][i];
    }
  }
  return 0;
}

/* ---- postcode lookup ---- */

static const char *const pc_cols[] = {"postcode", "lad_code"};

struct pc_row {
  char pc[9];
  char lad[10];
};
struct pc_state {
  struct pc_row *v;
  size_t n, cap;
};

static void *pc_new(const struct ev_job *job) {
  (void)job;
  return sp_calloc(1, sizeof(struct pc_state));
}

static void pc_free(void *p) {
  struct pc_state *s = p;
  sp_free(s->v);
  sp_free(s);
}

static int pc_row(void *st, const struct ev_job *job, long line, const struct ev_field *f,
                  struct ev_errs *errs) {
  struct pc_state *s = st;
  (void)job;
  char pc[16];
  size_t pn = sp__ev_postcode_norm(f[0].p, f[0].n, pc);
  if (!pn || pn > 8)
    REJECT("postcode", "not shaped like a UK postcode (outward code, space, inward code)");
  int ok = f[1].n == 9 && (f[1].p[0] == 'E' || f[1].p[0] == 'W' || f[1].p[0] == 'S' ||
                           f[1].p[0] == 'N');
  for (size_t i = 1; ok && i < 9; i++)
    ok = f[1].p[i] >= '0' && f[1].p[i] <= '9';
  if (!ok)
    REJECT("lad_code", "must be an ONS district code: E, W, S or N and 8 digits");
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 4096;
    struct pc_row *nv = sp_realloc(s->v, cap * sizeof(*nv));
    if (!nv)
      REJECT("", "out of memory");
    s->v = nv;
    s->cap = cap;
  }
  memcpy(s->v[s->n].pc, pc, pn + 1);
  memcpy(s->v[s->n].lad, f[1].p, 9);
  s->v[s->n].lad[9] = '\0';
  s->n++;
  return 1;
}

static enum sp_rc pc_merge(void *into, void *from) {
  struct pc_state *a = into, *b = from;
  if (a->n + b->n > a->cap) {
    struct pc_row *nv = sp_realloc(a->v, (a->n + b->n) * sizeof(*nv));
    if (!nv)
      return SP_ENOMEM;
    a->v = nv;
    a->cap = a->n + b->n;
  }
  if (b->n)
    memcpy(a->v + a->n, b->v, b->n * sizeof(*b->v));
  a->n += b->n;
  return SP_OK;
}

/* ---- the table of kinds ---- */

static const struct ev_kind_ops ops_table[SP_EV__COUNT] = {
    [SP_EV_PROVISION] = {"ukprn,lad_code,postcode,learn_aim_ref,standard_code,ssa_tier2,level,"
                         "funding_stream,academic_year,age_band,starts,achievements",
                         12, prov_cols, prov_new, prov_free, prov_row, NULL, prov_merge},
    [SP_EV_NEEDS] = {"employer,size_band,sector,area_code,route_code,pathway_code,level,"
                     "survey_date,people,hard_to_fill,skill",
                     11, needs_cols, needs_new, needs_free, needs_row, needs_rebase, needs_merge},
    [SP_EV_VACANCIES] = {"posted_date,area_code,soc_code,level", 4, vac_cols, vac_new, vac_free,
                         vac_row, NULL, vac_merge},
    [SP_EV_POSTCODES] = {"postcode,lad_code", 2, pc_cols, pc_new, pc_free, pc_row, NULL,
                         pc_merge},
};

const struct ev_kind_ops *sp__ev_ops(enum sp_ev_kind kind) {
  if ((unsigned)kind >= SP_EV__COUNT || !ops_table[kind].header)
    return NULL;
  return &ops_table[kind];
}

/* ---- writing the summaries ---- */

/*
 * Every summary goes to the store through sp_store_bulk: a producer walks
 * the merged state and hands SQLite one row at a time, with no statement
 * per row. Groups are written area by area (the order of the tables'
 * (area_code, year) index, which then grows at its end). The same walk
 * adds this import into the gap table (ev_gap), which is the sum of the
 * summaries (docs/data-formats.md).
 */

static void v_int(struct sp_bulk_val *v, int64_t i) {
  v->type = SP_BULK_INT;
  v->i = i;
}

static void v_text(struct sp_bulk_val *v, const char *s) {
  if (!s)
    return; /* SP_BULK_NULL */
  v->type = SP_BULK_TEXT;
  v->s = s;
  v->n = strlen(s);
}

/* import_id, area_code, route_code, pathway_code, level, year into v[0..5]. */
static void v_group(struct sp_bulk_val *v, const struct ev_dict *d, int64_t import_id, int area,
                    int path, int level, int year) {
  v_int(&v[0], import_id);
  v_text(&v[1], d->area_code[area]);
  v_text(&v[2], d->path_route[path]);
  v_text(&v[3], d->path_code[path]);
  v_text(&v[4], sp__ev_level_code(level));
  v_int(&v[5], year);
}

/* A walk over the dense cells with rows: v[0..5] the group, v[6..8] a, b, rows. */
struct dense_walk {
  const struct ev_dict *d;
  const struct dense *g;
  int64_t import_id;
  size_t a, y, c; /* position: area, year, cell within the area's block */
  long n;
};

static int dense_next(void *ud, struct sp_bulk_val *v) {
  struct dense_walk *w = ud;
  const struct dense *g = w->g;
  size_t per_area = (size_t)g->npath * EV_NLEVELS;
  for (; w->a < (size_t)g->nareas; w->a++, w->y = 0)
    for (; w->y < EV_NYEARS; w->y++, w->c = 0) {
      if (!g->year[w->y])
        continue;
      for (; w->c < per_area; w->c++) {
        const struct cell *c = &g->year[w->y][w->a * per_area + w->c];
        if (!c->rows)
          continue;
        v_group(v, w->d, w->import_id, (int)w->a, (int)(w->c / EV_NLEVELS),
                (int)(w->c % EV_NLEVELS), (int)w->y + EV_YEAR_MIN);
        v_int(&v[6], (int64_t)c->a);
        v_int(&v[7], (int64_t)c->b);
        v_int(&v[8], (int64_t)c->rows);
        w->c++;
        w->n++;
        return 1;
      }
    }
  return 0;
}

/* Writes the dense cells through sql (reading c0..c8 of sp_bulk), from the start. */
static enum sp_rc write_dense(struct sp_ctx *ctx, const char *sql, const struct ev_dict *d,
                              const struct dense *g, int64_t import_id, long *groups) {
  struct dense_walk w = {d, g, import_id, 0, 0, 0, 0};
  enum sp_rc rc = sp_store_bulk(sp_ctx_store(ctx), ctx, sql, 9, dense_next, &w);
  if (groups)
    *groups = w.n;
  return rc;
}

#define GAP_SUPPLY_SQL                                                                          \
  "INSERT INTO ev_gap(area_code, route_code, pathway_code, level, year, starts, achievements)"  \
  " SELECT c1, c2, c3, COALESCE(c4, ''), c5, c6, c7 FROM sp_bulk WHERE true"                    \
  " ON CONFLICT(area_code, pathway_code, level, year) DO UPDATE SET"                           \
  " starts = ev_gap.starts + excluded.starts,"                                             \
  " achievements = ev_gap.achievements + excluded.achievements"
#define GAP_VACANCIES_SQL                                                                       \
  "INSERT INTO ev_gap(area_code, route_code, pathway_code, level, year, vacancies)"            \
  " SELECT c1, c2, c3, COALESCE(c4, ''), c5, c6 FROM sp_bulk WHERE true"                        \
  " ON CONFLICT(area_code, pathway_code, level, year) DO UPDATE SET"                           \
  " vacancies = ev_gap.vacancies + excluded.vacancies"

/* Writes '":[a,b]' into out (48 bytes); returns its length. */
static int fmt_pair(char *out, uint64_t a, uint64_t b) {
  char t[24];
  int n = 0, k;
  out[n++] = '"';
  out[n++] = ':';
  out[n++] = '[';
  for (int pass = 0; pass < 2; pass++) {
    uint64_t v = pass ? b : a;
    k = 0;
    do {
      t[k++] = (char)('0' + v % 10);
      v /= 10;
    } while (v);
    while (k)
      out[n++] = t[--k];
    out[n++] = pass ? ']' : ',';
  }
  return n;
}

static int parea_cmp(const void *a, const void *b) {
  uint64_t x = (*(struct parea *const *)a)->key, y = (*(struct parea *const *)b)->key;
  return (x > y) - (x < y);
}

/* A walk over the provider pages, sorted by provider and area: one row per
 * (provider, area, year) with its groups as a JSON object
 * {"PATHWAY": {"LEVEL": [starts, achievements], ...}, ...} ("" for a level
 * not known; each pathway code once, which halves the bytes against one
 * "PATHWAY|LEVEL" key per group); the cells are added into the area totals
 * g on the way. */
struct prov_walk {
  const struct ev_dict *d;
  const struct prov_state *s;
  struct parea **recs;
  size_t n, i;
  int y;
  int64_t import_id;
  struct dense *g;
  struct sp_buf b;
  char uk[24];
  enum sp_rc rc; /* why the walk stopped early */
};

static int prov_next(void *ud, struct sp_bulk_val *v) {
  struct prov_walk *w = ud;
  const size_t cells = w->s->page_cells;
  for (; w->i < w->n; w->i++, w->y = 0) {
    const struct parea *r = w->recs[w->i];
    int area = (int)(r->key & 255);
    for (; w->y < EV_NYEARS; w->y++) {
      const uint32_t *pg = r->year[w->y];
      if (!pg)
        continue;
      uint64_t starts = 0, ach = 0;
      int first = 1, open_path = -1;
      enum sp_rc rc = SP_OK;
      sp_buf_reset(&w->b);
      rc = sp_buf_addc(&w->b, '{');
      for (size_t c = 0; rc == SP_OK && c < cells; c++) {
        const uint32_t *x = pg + c * 3;
        if (!x[2])
          continue;
        int path = (int)(c / EV_NLEVELS), level = (int)(c % EV_NLEVELS);
        struct cell *t = dense_at(w->g, w->y, area, path, level);
        if (!t) {
          rc = SP_ENOMEM;
          break;
        }
        t->a += x[0];
        t->b += x[1];
        t->rows += x[2];
        const char *lv = sp__ev_level_code(level);
        char num[48];
        int nl = fmt_pair(num, x[0], x[1]);
        if (path != open_path) { /* "PATHWAY":{ */
          if (open_path >= 0)
            rc = sp_buf_adds(&w->b, "},");
          if (rc == SP_OK)
            rc = sp_buf_addc(&w->b, '"');
          if (rc == SP_OK)
            rc = sp_buf_adds(&w->b, w->d->path_code[path]);
          if (rc == SP_OK)
            rc = sp_buf_adds(&w->b, "\":{");
          open_path = path;
        } else {
          rc = sp_buf_addc(&w->b, ',');
        }
        first = 0;
        if (rc == SP_OK)
          rc = sp_buf_addc(&w->b, '"');
        if (rc == SP_OK && lv)
          rc = sp_buf_adds(&w->b, lv);
        if (rc == SP_OK)
          rc = sp_buf_add(&w->b, num, (size_t)nl);
        starts += x[0];
        ach += x[1];
      }
      if (rc == SP_OK && open_path >= 0)
        rc = sp_buf_addc(&w->b, '}');
      if (rc == SP_OK)
        rc = sp_buf_addc(&w->b, '}');
      if (rc != SP_OK) {
        w->rc = rc;
        return -1;
      }
      if (first)
        continue;
      snprintf(w->uk, sizeof(w->uk), "%ld", (long)(r->key >> 8) - 1 + 10000000);
      v_int(&v[0], w->import_id);
      v_text(&v[1], w->uk);
      v_text(&v[2], w->d->area_code[area]);
      v_int(&v[3], (int64_t)w->y + EV_YEAR_MIN);
      v_int(&v[4], (int64_t)starts);
      v_int(&v[5], (int64_t)ach);
      v[6].type = SP_BULK_TEXT;
      v[6].s = sp_buf_str(&w->b);
      v[6].n = w->b.len;
      w->y++;
      return 1;
    }
  }
  return 0;
}

static enum sp_rc store_provision(struct sp_ctx *ctx, const struct ev_job *job,
                                  struct prov_state *s, int64_t import_id, long *groups) {
  const struct ev_dict *d = job->dict;
  struct dense g;
  enum sp_rc rc = SP_OK;
  prov_flush(s);
  if (s->overflow)
    return sp_ctx_fail(ctx, SP_ETOOBIG, "starts",
                       "%s: one provider's starts or achievements in one group pass "
                       "4294967295; nothing imported",
                       job->name);
  dense_init(&g, d);
  struct prov_walk w = {.d = d, .s = s, .import_id = import_id, .g = &g};
  sp_buf_init(&w.b, (size_t)64 << 20);
  w.recs = sp_malloc((s->n + 1) * sizeof(*w.recs));
  if (!w.recs) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    goto out;
  }
  for (size_t i = 0; i < s->cap; i++)
    if (s->rec[i])
      w.recs[w.n++] = s->rec[i];
  qsort(w.recs, w.n, sizeof(*w.recs), parea_cmp);
  rc = sp_store_bulk(sp_ctx_store(ctx), ctx,
                     "INSERT INTO ev_provider_supply(import_id, ukprn, area_code, year, starts,"
                     " achievements, groups) SELECT c0, c1, c2, c3, c4, c5, c6 FROM sp_bulk",
                     7, prov_next, &w);
  if (rc != SP_OK && w.rc != SP_OK)
    rc = sp_ctx_fail(ctx, w.rc, NULL, "%s", w.rc == SP_ENOMEM ? "out of memory"
                                                                : "a provider's groups are too "
                                                                  "large to store");
  if (rc == SP_OK)
    rc = write_dense(ctx,
                     "INSERT INTO ev_supply(import_id, area_code, route_code, pathway_code,"
                     " level, year, starts, achievements, rows)"
                     " SELECT c0, c1, c2, c3, c4, c5, c6, c7, c8 FROM sp_bulk",
                     d, &g, import_id, groups);
  if (rc == SP_OK)
    rc = write_dense(ctx, GAP_SUPPLY_SQL, d, &g, import_id, NULL);
out:
  sp_buf_free(&w.b);
  dense_free(&g);
  sp_free(w.recs);
  return rc;
}

static int sample_cmp(const void *a, const void *b) {
  const struct sample *x = a, *y = b;
  uint32_t gx = x->group >> 10, gy = y->group >> 10; /* area, pathway */
  if (gx != gy)
    return gx < gy ? -1 : 1;
  return (x->line > y->line) - (x->line < y->line);
}

/* A walk over the needs groups, area by area: gap = 0: ev_needs (v[6]
 * sectors, v[7..18] people, hard-to-fill people and rows of each band,
 * micro to large); gap = 1: the bands summed for ev_gap (v[6..9] people,
 * people of micro and small employers, hard to fill, sectors). */
struct needs_walk {
  const struct ev_dict *d;
  const struct needs_state *s;
  int64_t import_id;
  int gap;
  size_t a, y, g; /* g: group within the area's block */
  long n;
};

static int needs_next(void *ud, struct sp_bulk_val *v) {
  struct needs_walk *w = ud;
  const struct needs_state *s = w->s;
  size_t per_area = (size_t)s->npath * EV_NLEVELS; /* groups */
  size_t nareas = per_area ? s->groups_per_year / per_area : 0;
  for (; w->a < nareas; w->a++, w->y = 0)
    for (; w->y < EV_NYEARS; w->y++, w->g = 0) {
      if (!s->year[w->y])
        continue;
      for (; w->g < per_area; w->g++) {
        const struct ncell *e = &s->year[w->y][(w->a * per_area + w->g) * 4];
        uint64_t rows = 0, people = 0, small = 0, hard = 0, sectors = 0;
        for (int b = 0; b < 4; b++) {
          rows += e[b].rows;
          people += e[b].people;
          small += b < 2 ? e[b].people : 0;
          hard += e[b].hard;
          sectors |= e[b].sectors;
        }
        if (!rows)
          continue;
        int path = (int)(w->g / EV_NLEVELS), level = (int)(w->g % EV_NLEVELS);
        v_group(v, w->d, w->import_id, (int)w->a, path, level, (int)w->y + EV_YEAR_MIN);
        if (!w->gap) {
          v_int(&v[6], (int64_t)sectors);
          for (int b = 0; b < 4; b++) {
            v_int(&v[7 + 3 * b], e[b].people);
            v_int(&v[8 + 3 * b], e[b].hard);
            v_int(&v[9 + 3 * b], e[b].rows);
          }
        } else {
          v_int(&v[6], (int64_t)people);
          v_int(&v[7], (int64_t)small);
          v_int(&v[8], (int64_t)hard);
          v_int(&v[9], (int64_t)sectors);
        }
        w->g++;
        w->n++;
        return 1;
      }
    }
  return 0;
}

/* A walk over the kept needs rows (samples), sorted by area and pathway. */
struct sample_walk {
  const struct ev_dict *d;
  const struct needs_state *s;
  int64_t import_id;
  size_t i;
  char sector[2];
};

static int sample_next(void *ud, struct sp_bulk_val *v) {
  struct sample_walk *w = ud;
  if (w->i >= w->s->ns)
    return 0;
  const struct sample *x = &w->s->samples[w->i++];
  v_group(v, w->d, w->import_id, (int)(x->group >> 16), (int)(x->group >> 10 & 63),
          (int)(x->group >> 6 & 15), (int)(x->group & 63) + EV_YEAR_MIN);
  w->sector[0] = (char)('A' + x->sector);
  w->sector[1] = '\0';
  v_int(&v[6], x->line);
  v_text(&v[7], x->employer);
  v_text(&v[8], size_names[x->size]);
  v_text(&v[9], w->sector);
  v_int(&v[10], x->people);
  v_int(&v[11], x->hard);
  v_text(&v[12], x->skill);
  return 1;
}

static enum sp_rc store_needs(struct sp_ctx *ctx, const struct ev_job *job, struct needs_state *s,
                              int64_t import_id, long *groups) {
  struct sp_store *st = sp_ctx_store(ctx);
  struct needs_walk w = {job->dict, s, import_id, 0, 0, 0, 0, 0};
  enum sp_rc rc = sp_store_bulk(st, ctx,
                                "INSERT INTO ev_needs(import_id, area_code, route_code,"
                                " pathway_code, level, year, sectors, micro_people, micro_hard,"
                                " micro_rows, small_people, small_hard, small_rows,"
                                " medium_people, medium_hard, medium_rows, large_people,"
                                " large_hard, large_rows)"
                                " SELECT c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12,"
                                " c13, c14, c15, c16, c17, c18 FROM sp_bulk",
                                19, needs_next, &w);
  *groups = w.n;
  if (rc != SP_OK)
    return rc;
  struct needs_walk gw = {job->dict, s, import_id, 1, 0, 0, 0, 0};
  rc = sp_store_bulk(st, ctx,
                     "INSERT INTO ev_gap(area_code, route_code, pathway_code, level, year, needs,"
                     " needs_small, hard_to_fill, sectors)"
                     " SELECT c1, c2, c3, COALESCE(c4, ''), c5, c6, c7, c8, c9 FROM sp_bulk"
                     " WHERE true ON CONFLICT(area_code, pathway_code, level, year) DO UPDATE SET"
                     " needs = ev_gap.needs + excluded.needs, needs_small = ev_gap.needs_small +"
                     " excluded.needs_small, hard_to_fill = ev_gap.hard_to_fill +"
                     " excluded.hard_to_fill, sectors = ev_gap.sectors | excluded.sectors",
                     10, needs_next, &gw);
  if (rc != SP_OK)
    return rc;
  /* By area and pathway (the sample index's order), then line. */
  if (s->ns > 1)
    qsort(s->samples, s->ns, sizeof(*s->samples), sample_cmp);
  struct sample_walk sw = {job->dict, s, import_id, 0, {0}};
  return sp_store_bulk(st, ctx,
                       "INSERT INTO ev_needs_sample(import_id, area_code, route_code,"
                       " pathway_code, level, year, line, employer, size_band, sector, people,"
                       " hard_to_fill, skill)"
                       " SELECT c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12 FROM sp_bulk",
                       13, sample_next, &sw);
}

struct pc_walk {
  const struct pc_state *s;
  int64_t import_id;
  size_t i;
};

static int pc_next(void *ud, struct sp_bulk_val *v) {
  struct pc_walk *w = ud;
  if (w->i >= w->s->n)
    return 0;
  v_text(&v[0], w->s->v[w->i].pc);
  v_text(&v[1], w->s->v[w->i].lad);
  v_int(&v[2], w->import_id);
  w->i++;
  return 1;
}

static enum sp_rc store_postcodes(struct sp_ctx *ctx, struct pc_state *s, int64_t import_id,
                                  long *groups) {
  struct pc_walk w = {s, import_id, 0};
  *groups = (long)s->n;
  return sp_store_bulk(sp_ctx_store(ctx), ctx,
                       "INSERT INTO ev_postcodes(postcode, lad_code, import_id)"
                       " SELECT c0, c1, c2 FROM sp_bulk WHERE true"
                       " ON CONFLICT(postcode) DO UPDATE SET lad_code = excluded.lad_code,"
                       " import_id = excluded.import_id",
                       3, pc_next, &w);
}

enum sp_rc sp__ev_store_state(struct sp_ctx *ctx, const struct ev_job *job, void *state,
                              int64_t import_id, long *groups, long *unplaced) {
  *groups = 0;
  *unplaced = 0;
  switch (job->kind) {
  case SP_EV_EES:
    return sp__ev_store_ees(ctx, job, state, import_id, groups, unplaced);
  case SP_EV_PROVISION:
  case SP_EV_ILR: {
    struct prov_state *s = state;
    if (s->oom)
      return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory while reading %s", job->name);
    *unplaced = s->unplaced;
    return store_provision(ctx, job, s, import_id, groups);
  }
  case SP_EV_NEEDS: {
    struct needs_state *s = state;
    if (s->oom)
      return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory while reading %s", job->name);
    if (s->overflow)
      return sp_ctx_fail(ctx, SP_ETOOBIG, "people",
                         "%s: the people needed in one group pass 4294967295; nothing imported",
                         job->name);
    return store_needs(ctx, job, s, import_id, groups);
  }
  case SP_EV_VACANCIES: {
    struct vac_state *s = state;
    struct dense g;
    *unplaced = s->unplaced;
    if (s->overflow)
      return sp_ctx_fail(ctx, SP_ETOOBIG, "posted_date",
                         "%s: the vacancies of one group pass 4294967295; nothing imported",
                         job->name);
    enum sp_rc rc = vac_dense(s, job->dict, &g) == 0
                        ? SP_OK
                        : sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    if (rc == SP_OK)
      rc = write_dense(ctx,
                       "INSERT INTO ev_vacancies(import_id, area_code, route_code,"
                       " pathway_code, level, year, vacancies)"
                       " SELECT c0, c1, c2, c3, c4, c5, c6 FROM sp_bulk",
                       job->dict, &g, import_id, groups);
    if (rc == SP_OK)
      rc = write_dense(ctx, GAP_VACANCIES_SQL, job->dict, &g, import_id, NULL);
    dense_free(&g);
    return rc;
  }
  case SP_EV_POSTCODES:
    return store_postcodes(ctx, state, import_id, groups);
  default:
    return sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "no CSV writer for this kind");
  }
}

/* ---- provision state shared with the ILR reader ---- */

void *sp__ev_prov_new(const struct ev_job *job) { return prov_new(job); }
void sp__ev_prov_free(void *st) { prov_free(st); }

int sp__ev_prov_add(void *st, long ukprn, int area, int path, int level, int year, long starts,
                    long ach) {
  struct prov_state *s = st;
  if (path == EV_NO_ROUTE || area < 0 || path < 0) {
    s->unplaced++;
    return 0;
  }
  if (prov_count(s, ukprn, area, path, level, year - EV_YEAR_MIN, starts, ach) < 0) {
    s->oom = 1;
    return -1;
  }
  return 1;
}
