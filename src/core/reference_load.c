/*
 * reference_load.c: sp_reference_load, which reads the vendored reference
 * files under a data directory (data/SOURCES.md says what each one is and
 * where it comes from) into the store in one transaction.
 *
 * The areas are dated: ons/lsips.csv gives each ONS code its names and its
 * life (an empty date of operation means "since the areas were first
 * specified", a termination date is exclusive); area_slugs.csv ties the
 * guidance's slugs (lsip_areas.csv) to ONS codes; area_attributes.csv gives
 * kind and mayoral coverage over time; ons/lsip_lad_hierarchy.csv pairs
 * districts with areas by year; ons/lad24_cauth24_lookup.csv,
 * ons/lad25_cauth25_lookup.csv and combined_authority_districts.csv give
 * which districts each combined authority (or the GLA) holds, dated, and
 * ons/mayoral_authorities.csv when each first had a directly elected mayor
 * (mayoral cover is derived from these: reference_cover.c). The loader checks that the files agree with
 * each other (names tile an area's life, attributes cover it, a district's
 * pairing lies inside its area's life) and refuses, naming file:line:field,
 * when they do not. Nothing is written unless everything loads.
 *
 * Tables with rows other records point at (areas, lads, routes, pathways,
 * levels, sector subject areas, standards) are upserted, so a reload keeps
 * organisations' references valid; the derived tables (area_names,
 * area_attributes, area_events, area_lads) are replaced.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "audit.h"
#include "base/buf.h"
#include "base/csv.h"
#include "base/date.h"
#include "policy.h"
#include "reference.h"
#include "store/store.h"
#include "base/text.h"

/* The 2025 redraw of LSIP areas: the date of operation of the areas created
 * then and of termination of those ended (ons/lsips.csv). District pairings
 * are dated by year in ons/lsip_lad_hierarchy.csv; this is the day the 2023
 * pairings end and the 2025 ones begin. */
#define REDRAW_DATE "2025-09-29"
/* The statutory guidance that specified the 38 areas is dated August 2022
 * without a day (004_34ac84fe2e6428e6.txt, title page). */
#define SPECIFIED_DATE "2022-08-01"
#define GUIDANCE_SRC "004_34ac84fe2e6428e6.txt, Annex B"

#define MAX_AREAS 128
#define MAX_NAMES 256
#define MAX_ATTRS 256
#define MAX_RECORD 8192
#define MAX_CAS 64
#define MAX_CA_LADS 512
/* The combined-authority lookups are "as at May 2024" and "as at May 2025"
 * (data/SOURCES.md); a pairing first listed in the 2025 one is dated from
 * the first day of that month, the most the source vouches for. */
#define CA25_FROM "2025-05-01"

#define NAME_MAX_CHARS 200

struct name_row {
  int area;        /* index into areas */
  char name[256];
  int32_t from, to; /* SP_DATE_NONE for open */
};

struct attr_row {
  int area;
  int32_t from, to;
};

struct area_row {
  char code[16];
  char slug[64];
  char parent_slug[64];
  char gname[256]; /* the guidance's name (lsip_areas.csv) */
  int guidance;   /* named in lsip_areas.csv */
  int32_t from, to;
  int open_from, open_to; /* any row with an empty date */
};

struct ca_row {
  char code[16];
  char name[128];
  int32_t mayor; /* first directly elected mayor; SP_DATE_NONE for none */
  char note[256];
  char source[256];
};

struct ca_lad_row {
  char lad[16];
  int ca;          /* index into cas */
  int32_t from, to; /* SP_DATE_NONE for open */
  char source[128];
  int dropped;     /* replaced by a row of combined_authority_districts.csv */
};

struct load {
  struct sp_ctx *ctx;
  struct sp_store *store;
  const char *dir;
  struct area_row areas[MAX_AREAS];
  int nareas;
  struct name_row names[MAX_NAMES];
  int nnames;
  struct attr_row attrs[MAX_ATTRS];
  int nattrs;
  struct ca_row cas[MAX_CAS];
  int ncas;
  struct ca_lad_row ca_lads[MAX_CA_LADS];
  int nca_lads;
  json_t *counts;
};

/* ---- small helpers ---- */

static int find_area(const struct load *L, const char *code) {
  for (int i = 0; i < L->nareas; i++)
    if (strcmp(L->areas[i].code, code) == 0)
      return i;
  return -1;
}

static int find_slug(const struct load *L, const char *slug) {
  for (int i = 0; i < L->nareas; i++)
    if (L->areas[i].slug[0] && strcmp(L->areas[i].slug, slug) == 0)
      return i;
  return -1;
}

/* Open-ended comparison: SP_DATE_NONE as a start is minus infinity, as an
 * end plus infinity. */
static int64_t lo(int32_t d) { return d == SP_DATE_NONE ? INT64_MIN : d; }
static int64_t hi(int32_t d) { return d == SP_DATE_NONE ? INT64_MAX : d; }

static int valid_ons_code(const char *s, char letter0) {
  if (strlen(s) != 9 || s[0] != letter0)
    return 0;
  for (int i = 1; i < 9; i++)
    if (s[i] < '0' || s[i] > '9')
      return 0;
  return 1;
}

/* Parses a strict non-negative decimal integer; 0 on failure. */
static int parse_int(const char *s, long *out) {
  if (!*s)
    return 0;
  for (const char *p = s; *p; p++)
    if (*p < '0' || *p > '9')
      return 0;
  errno = 0;
  long v = strtol(s, NULL, 10);
  if (errno)
    return 0;
  *out = v;
  return 1;
}

static enum sp_rc open_csv(struct load *L, const char *rel, const char *const *want,
                           struct sp_csv **out) {
  char path[1024];
  int n = snprintf(path, sizeof(path), "%s/%s", L->dir, rel);
  if (n < 0 || (size_t)n >= sizeof(path))
    return sp_ctx_fail(L->ctx, SP_EINVAL, "data_dir", "the data directory path is too long");
  enum sp_rc rc = sp_csv_open(L->ctx, path, MAX_RECORD, out);
  if (rc != SP_OK)
    return rc;
  rc = sp_csv_read_header(*out, L->ctx, want);
  if (rc != SP_OK) {
    sp_csv_close(*out);
    *out = NULL;
  }
  return rc;
}

/* Reads the next record and checks its width; *eof at the end. */
static enum sp_rc next_row(struct load *L, struct sp_csv *c, int *eof) {
  enum sp_rc rc = sp_csv_next(c, L->ctx, eof);
  if (rc == SP_OK && !*eof)
    rc = sp_csv_check_width(c, L->ctx);
  return rc;
}

/* A date column read by parse; empty gives SP_DATE_NONE; `form` names the
 * expected form in the message. */
static enum sp_rc get_date_as(struct load *L, struct sp_csv *c, const char *col, int32_t *out,
                              enum sp_rc (*parse)(const char *, int32_t *), const char *form) {
  const char *v = sp_csv_get(c, col);
  if (!*v) {
    *out = SP_DATE_NONE;
    return SP_OK;
  }
  if (parse(v, out) != SP_OK)
    return sp_csv_fail(c, L->ctx, SP_EINVAL, col, "'%s' is not %s", v, form);
  return SP_OK;
}

/* An ISO date column (YYYY-MM-DD). */
static enum sp_rc get_date(struct load *L, struct sp_csv *c, const char *col, int32_t *out) {
  return get_date_as(L, c, col, out, sp_date_parse, "a real date (YYYY-MM-DD)");
}

/* A LARS date column ("01 Aug 2014"). */
static enum sp_rc get_lars_date(struct load *L, struct sp_csv *c, const char *col, int32_t *out) {
  return get_date_as(L, c, col, out, sp_date_parse_dmy_text, "a LARS date like 01 Aug 2014");
}

/* A trimmed, checked text column copied into dst. */
static enum sp_rc get_text(struct load *L, struct sp_csv *c, const char *col, char *dst,
                           size_t dstsz, int required) {
  const char *v = sp_csv_get(c, col);
  sp_trim_copy(dst, dstsz, v);
  if (strlen(v) >= dstsz)
    return sp_csv_fail(c, L->ctx, SP_EINVAL, col, "longer than %zu bytes", dstsz - 1);
  if (sp_text_check(L->ctx, col, dst, NAME_MAX_CHARS, required, 0) != SP_OK)
    return sp_csv_fail(c, L->ctx, SP_EINVAL, col, "%s", sp_ctx_errmsg(L->ctx));
  return SP_OK;
}

/* Runs a prepared statement to completion, turning a failure into a
 * file:line message when a reader is given. */
static enum sp_rc run(struct load *L, struct sp_stmt *st, struct sp_csv *c, const char *field) {
  enum sp_rc rc = sp_stmt_run(st, L->ctx);
  sp_stmt_reset(st);
  if (rc != SP_OK && c) {
    char msg[512];
    snprintf(msg, sizeof(msg), "%s", sp_ctx_errmsg(L->ctx));
    return sp_csv_fail(c, L->ctx, rc, field, "%s", msg);
  }
  return rc;
}

static enum sp_rc bind_date(struct load *L, struct sp_stmt *st, int idx, int32_t d) {
  if (sp_stmt_bind_date(st, idx, d) != SP_OK)
    return sp_ctx_fail(L->ctx, SP_ENOMEM, NULL, "out of memory binding a date");
  return SP_OK;
}

static enum sp_rc bind_text(struct load *L, struct sp_stmt *st, int idx, const char *s) {
  if (sp_stmt_bind_text(st, idx, s) != SP_OK)
    return sp_ctx_fail(L->ctx, SP_ENOMEM, NULL, "out of memory binding text");
  return SP_OK;
}

static enum sp_rc bind_int(struct load *L, struct sp_stmt *st, int idx, int64_t v) {
  if (sp_stmt_bind_int(st, idx, v) != SP_OK)
    return sp_ctx_fail(L->ctx, SP_ENOMEM, NULL, "out of memory binding a number");
  return SP_OK;
}

static void count(struct load *L, const char *what, json_int_t n) {
  json_object_set_new(L->counts, what, json_integer(n));
}

/* ---- ons/lsips.csv: areas and their names ---- */

static enum sp_rc read_lsips(struct load *L) {
  static const char *const want[] = {"lsip_code", "lsip_name", "status", "date_of_operation",
                                     "date_of_termination", NULL};
  struct sp_csv *c = NULL;
  enum sp_rc rc = open_csv(L, "ons/lsips.csv", want, &c);
  if (rc != SP_OK)
    return rc;
  for (;;) {
    int eof;
    if ((rc = next_row(L, c, &eof)) != SP_OK || eof)
      break;
    const char *code = sp_csv_get(c, "lsip_code");
    if (!valid_ons_code(code, 'E') || strncmp(code, "E69", 3) != 0) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "lsip_code",
                       "'%s' is not an ONS LSIP code (E69 and six digits)", code);
      break;
    }
    if (L->nnames >= MAX_NAMES) {
      rc = sp_csv_fail(c, L->ctx, SP_ETOOBIG, NULL, "more than %d rows", MAX_NAMES);
      break;
    }
    struct name_row *n = &L->names[L->nnames];
    if ((rc = get_text(L, c, "lsip_name", n->name, sizeof(n->name), 1)) != SP_OK ||
        (rc = get_date(L, c, "date_of_operation", &n->from)) != SP_OK ||
        (rc = get_date(L, c, "date_of_termination", &n->to)) != SP_OK)
      break;
    const char *status = sp_csv_get(c, "status");
    int live = strcmp(status, "live") == 0;
    if (!live && strcmp(status, "renamed") != 0 && strcmp(status, "terminated") != 0) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "status",
                       "'%s' is not one of live, renamed, terminated", status);
      break;
    }
    if (live != (n->to == SP_DATE_NONE)) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "date_of_termination",
                       live ? "a live area has no termination date"
                            : "a %s name needs the date it ended",
                       status);
      break;
    }
    if (n->from != SP_DATE_NONE && n->to != SP_DATE_NONE && n->to <= n->from) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "date_of_termination",
                       "ends on or before its date of operation");
      break;
    }
    int a = find_area(L, code);
    if (a < 0) {
      if (L->nareas >= MAX_AREAS) {
        rc = sp_csv_fail(c, L->ctx, SP_ETOOBIG, "lsip_code", "more than %d areas", MAX_AREAS);
        break;
      }
      a = L->nareas++;
      struct area_row *ar = &L->areas[a];
      memset(ar, 0, sizeof(*ar));
      snprintf(ar->code, sizeof(ar->code), "%s", code);
      ar->from = n->from;
      ar->to = n->to;
    }
    struct area_row *ar = &L->areas[a];
    if (lo(n->from) < lo(ar->from))
      ar->from = n->from;
    if (hi(n->to) > hi(ar->to))
      ar->to = n->to;
    n->area = a;
    L->nnames++;
  }
  sp_csv_close(c);
  if (rc != SP_OK)
    return rc;
  /* An area's names must follow each other without gap or overlap. */
  for (int a = 0; a < L->nareas; a++) {
    int32_t at = L->areas[a].from;
    int used = 0, total = 0;
    for (int i = 0; i < L->nnames; i++)
      total += L->names[i].area == a;
    while (used < total) {
      int next = -1;
      for (int i = 0; i < L->nnames; i++)
        if (L->names[i].area == a && L->names[i].from == at)
          next = i;
      if (next < 0)
        return sp_ctx_fail(L->ctx, SP_EINVAL, "date_of_operation",
                           "%s/ons/lsips.csv: the names of %s leave a gap or overlap",
                           L->dir, L->areas[a].code);
      at = L->names[next].to;
      used++;
    }
    if (at != L->areas[a].to)
      return sp_ctx_fail(L->ctx, SP_EINVAL, "date_of_termination",
                         "%s/ons/lsips.csv: the names of %s do not reach its end", L->dir,
                         L->areas[a].code);
  }
  count(L, "areas", L->nareas);
  return SP_OK;
}

/* The name of area a in force on `day` (clamped into its life). */
static const char *name_on(const struct load *L, int a, int32_t day) {
  const char *best = NULL;
  for (int i = 0; i < L->nnames; i++) {
    const struct name_row *n = &L->names[i];
    if (n->area != a)
      continue;
    if (!best)
      best = n->name;
    if (lo(n->from) <= day && day < hi(n->to))
      return n->name;
  }
  return best ? best : "";
}

/* ---- area_slugs.csv and lsip_areas.csv: slugs and parents ---- */

static enum sp_rc read_slugs(struct load *L) {
  static const char *const want[] = {"slug", "code", "match", NULL};
  struct sp_csv *c = NULL;
  enum sp_rc rc = open_csv(L, "area_slugs.csv", want, &c);
  if (rc != SP_OK)
    return rc;
  for (;;) {
    int eof;
    if ((rc = next_row(L, c, &eof)) != SP_OK || eof)
      break;
    const char *slug = sp_csv_get(c, "slug"), *code = sp_csv_get(c, "code");
    int a = find_area(L, code);
    if (a < 0) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "code", "'%s' is not an area in ons/lsips.csv",
                       code);
      break;
    }
    if (!*slug || strlen(slug) >= sizeof(L->areas[a].slug) || find_slug(L, slug) >= 0 ||
        L->areas[a].slug[0]) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "slug",
                       "'%s' is empty, too long, or not the only slug for its code", slug);
      break;
    }
    snprintf(L->areas[a].slug, sizeof(L->areas[a].slug), "%s", slug);
  }
  sp_csv_close(c);
  return rc;
}

static enum sp_rc read_guidance(struct load *L) {
  static const char *const want[] = {"code", "name", "kind", "mayoral", "parent", NULL};
  struct sp_csv *c = NULL;
  enum sp_rc rc = open_csv(L, "lsip_areas.csv", want, &c);
  if (rc != SP_OK)
    return rc;
  for (;;) {
    int eof;
    if ((rc = next_row(L, c, &eof)) != SP_OK || eof)
      break;
    const char *slug = sp_csv_get(c, "code");
    int a = find_slug(L, slug);
    if (a < 0) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "code",
                       "the slug '%s' has no ONS code in area_slugs.csv", slug);
      break;
    }
    if (L->areas[a].guidance) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "code", "the slug '%s' appears twice", slug);
      break;
    }
    L->areas[a].guidance = 1;
    if ((rc = get_text(L, c, "name", L->areas[a].gname, sizeof(L->areas[a].gname), 1)) != SP_OK)
      break;
    const char *parent = sp_csv_get(c, "parent");
    if (*parent) {
      if (find_slug(L, parent) < 0 || strlen(parent) >= sizeof(L->areas[a].parent_slug)) {
        rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "parent", "'%s' is not a known area slug",
                         parent);
        break;
      }
      snprintf(L->areas[a].parent_slug, sizeof(L->areas[a].parent_slug), "%s", parent);
    }
  }
  sp_csv_close(c);
  if (rc != SP_OK)
    return rc;
  /* Every slug must be a guidance area, and the matches marked "exact" in
   * area_slugs.csv must hold: the guidance's name is the ONS first name. */
  static const char *const want2[] = {"slug", "code", "match", NULL};
  if ((rc = open_csv(L, "area_slugs.csv", want2, &c)) != SP_OK)
    return rc;
  for (;;) {
    int eof;
    if ((rc = next_row(L, c, &eof)) != SP_OK || eof)
      break;
    int a = find_slug(L, sp_csv_get(c, "slug"));
    if (a < 0 || !L->areas[a].guidance) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "slug", "'%s' is not in lsip_areas.csv",
                       sp_csv_get(c, "slug"));
      break;
    }
    const char *match = sp_csv_get(c, "match");
    if (strcmp(match, "exact") != 0 && strncmp(match, "exact;", 6) != 0)
      continue;
    const char *ons = name_on(L, a, L->areas[a].from == SP_DATE_NONE ? INT32_MIN + 1
                                                                      : L->areas[a].from);
    if (strcmp(L->areas[a].gname, ons) != 0) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "match",
                       "marked exact, but the guidance calls %s '%s' and ONS '%s'",
                       L->areas[a].code, L->areas[a].gname, ons);
      break;
    }
  }
  sp_csv_close(c);
  return rc;
}

/* ---- writing the areas ---- */

static enum sp_rc clear_derived(struct load *L) {
  static const char *const sql[] = {"DELETE FROM area_events", "DELETE FROM area_lads",
                                    "DELETE FROM area_attributes", "DELETE FROM area_names",
                                    "DELETE FROM combined_authority_lads",
                                    "DELETE FROM combined_authorities"};
  for (size_t i = 0; i < SP_ARRAY_LEN(sql); i++) {
    enum sp_rc rc = sp_store_exec(L->store, L->ctx, sql[i]);
    if (rc != SP_OK)
      return rc;
  }
  return SP_OK;
}

static enum sp_rc write_areas(struct load *L) {
  struct sp_stmt *st = NULL, *nm = NULL, *par = NULL;
  enum sp_rc rc = sp_store_prepare(
      L->store, L->ctx,
      "INSERT INTO areas(code, slug, parent_code, valid_from, valid_to) VALUES (?, ?, NULL, ?, ?)"
      " ON CONFLICT(code) DO UPDATE SET slug = excluded.slug, parent_code = NULL,"
      " valid_from = excluded.valid_from, valid_to = excluded.valid_to",
      &st);
  if (rc == SP_OK)
    rc = sp_store_prepare(L->store, L->ctx,
                          "INSERT INTO area_names(code, name, valid_from, valid_to)"
                          " VALUES (?, ?, ?, ?)",
                          &nm);
  if (rc == SP_OK)
    rc = sp_store_prepare(L->store, L->ctx, "UPDATE areas SET parent_code = ? WHERE code = ?",
                          &par);
  if (rc != SP_OK)
    goto out;
  /* Slugs move between codes only if the data says so; clear them first so
   * the UNIQUE constraint holds during the upsert. */
  if ((rc = sp_store_exec(L->store, L->ctx, "UPDATE areas SET slug = NULL")) != SP_OK)
    goto out;
  for (int a = 0; a < L->nareas; a++) {
    struct area_row *ar = &L->areas[a];
    if ((rc = bind_text(L, st, 1, ar->code)) != SP_OK ||
        (rc = bind_text(L, st, 2, ar->slug[0] ? ar->slug : NULL)) != SP_OK ||
        (rc = bind_date(L, st, 3, ar->from)) != SP_OK ||
        (rc = bind_date(L, st, 4, ar->to)) != SP_OK || (rc = run(L, st, NULL, NULL)) != SP_OK)
      goto out;
  }
  for (int i = 0; i < L->nnames; i++) {
    struct name_row *n = &L->names[i];
    if ((rc = bind_text(L, nm, 1, L->areas[n->area].code)) != SP_OK ||
        (rc = bind_text(L, nm, 2, n->name)) != SP_OK ||
        (rc = bind_date(L, nm, 3, n->from)) != SP_OK ||
        (rc = bind_date(L, nm, 4, n->to)) != SP_OK || (rc = run(L, nm, NULL, NULL)) != SP_OK)
      goto out;
  }
  for (int a = 0; a < L->nareas; a++) {
    struct area_row *ar = &L->areas[a];
    if (!ar->parent_slug[0])
      continue;
    int p = find_slug(L, ar->parent_slug);
    if ((rc = bind_text(L, par, 1, L->areas[p].code)) != SP_OK ||
        (rc = bind_text(L, par, 2, ar->code)) != SP_OK || (rc = run(L, par, NULL, NULL)) != SP_OK)
      goto out;
  }
out:
  sp_stmt_free(st);
  sp_stmt_free(nm);
  sp_stmt_free(par);
  return rc;
}

/* ---- area_attributes.csv ---- */

static enum sp_rc read_attributes(struct load *L) {
  static const char *const want[] = {"code", "valid_from", "valid_to", "kind",
                                     "functional_economic_area", "source", NULL};
  struct sp_csv *c = NULL;
  struct sp_stmt *st = NULL;
  enum sp_rc rc = open_csv(L, "area_attributes.csv", want, &c);
  if (rc != SP_OK)
    return rc;
  rc = sp_store_prepare(L->store, L->ctx,
                        "INSERT INTO area_attributes(code, valid_from, valid_to, kind,"
                        " functional_economic_area, source) VALUES (?, ?, ?, ?, ?, ?)",
                        &st);
  for (; rc == SP_OK;) {
    int eof;
    if ((rc = next_row(L, c, &eof)) != SP_OK || eof)
      break;
    const char *code = sp_csv_get(c, "code");
    int a = find_area(L, code);
    if (a < 0) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "code", "'%s' is not an area in ons/lsips.csv",
                       code);
      break;
    }
    if (L->nattrs >= MAX_ATTRS) {
      rc = sp_csv_fail(c, L->ctx, SP_ETOOBIG, NULL, "more than %d rows", MAX_ATTRS);
      break;
    }
    struct attr_row *t = &L->attrs[L->nattrs];
    t->area = a;
    if ((rc = get_date(L, c, "valid_from", &t->from)) != SP_OK ||
        (rc = get_date(L, c, "valid_to", &t->to)) != SP_OK)
      break;
    if (hi(t->to) <= lo(t->from)) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "valid_to", "must be after valid_from");
      break;
    }
    const char *kind = sp_csv_get(c, "kind");
    if (strcmp(kind, "combined_authority") != 0 && strcmp(kind, "gla") != 0 &&
        strcmp(kind, "gla_subregion") != 0 && strcmp(kind, "lep") != 0) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "kind",
                       "'%s' is not one of combined_authority, gla, gla_subregion, lep", kind);
      break;
    }
    char fea[256], src[256];
    if ((rc = get_text(L, c, "functional_economic_area", fea, sizeof(fea), 0)) != SP_OK ||
        (rc = get_text(L, c, "source", src, sizeof(src), 1)) != SP_OK)
      break;
    for (int i = 0; i < L->nattrs; i++) {
      const struct attr_row *o = &L->attrs[i];
      if (o->area == a && lo(o->from) < hi(t->to) && lo(t->from) < hi(o->to)) {
        rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "valid_from",
                         "overlaps another row for %s", code);
        break;
      }
    }
    if (rc != SP_OK)
      break;
    if ((rc = bind_text(L, st, 1, code)) != SP_OK || (rc = bind_date(L, st, 2, t->from)) != SP_OK ||
        (rc = bind_date(L, st, 3, t->to)) != SP_OK || (rc = bind_text(L, st, 4, kind)) != SP_OK ||
        (rc = bind_text(L, st, 5, fea[0] ? fea : NULL)) != SP_OK ||
        (rc = bind_text(L, st, 6, src)) != SP_OK || (rc = run(L, st, c, "code")) != SP_OK)
      break;
    L->nattrs++;
  }
  sp_stmt_free(st);
  sp_csv_close(c);
  if (rc != SP_OK)
    return rc;
  /* Each area's attributes must cover its whole life. */
  for (int a = 0; a < L->nareas; a++) {
    int64_t at = lo(L->areas[a].from), end = hi(L->areas[a].to);
    for (int guard = 0; at < end && guard <= L->nattrs; guard++) {
      int64_t reach = at;
      for (int i = 0; i < L->nattrs; i++)
        if (L->attrs[i].area == a && lo(L->attrs[i].from) <= at && hi(L->attrs[i].to) > at)
          reach = hi(L->attrs[i].to);
      if (reach == at) {
        char d[SP_DATE_BUFSZ];
        return sp_ctx_fail(L->ctx, SP_EINVAL, "valid_from",
                           "%s/area_attributes.csv: no kind for %s on %s", L->dir,
                           L->areas[a].code,
                           at == INT64_MIN ? "its first day" : sp_date_format((int32_t)at, d));
      }
      at = reach;
    }
  }
  count(L, "area_attributes", L->nattrs);
  return SP_OK;
}

/* ---- ons/lsip_lad_hierarchy.csv ---- */

static enum sp_rc read_lads(struct load *L) {
  static const char *const want[] = {"first_available_year_included",
                                     "most_recent_year_included", "lad_name", "lad_code",
                                     "lsip_code", NULL};
  struct sp_csv *c = NULL;
  struct sp_stmt *lad = NULL, *pair = NULL;
  int32_t redraw;
  if (sp_date_parse(REDRAW_DATE, &redraw) != SP_OK)
    return sp_ctx_fail(L->ctx, SP_EINTERNAL, NULL, "bad redraw date");
  enum sp_rc rc = open_csv(L, "ons/lsip_lad_hierarchy.csv", want, &c);
  if (rc != SP_OK)
    return rc;
  rc = sp_store_prepare(L->store, L->ctx,
                        "INSERT INTO lads(code, name) VALUES (?, ?)"
                        " ON CONFLICT(code) DO UPDATE SET name = excluded.name",
                        &lad);
  if (rc == SP_OK)
    rc = sp_store_prepare(L->store, L->ctx,
                          "INSERT INTO area_lads(area_code, lad_code, valid_from, valid_to)"
                          " VALUES (?, ?, ?, ?)",
                          &pair);
  long n = 0;
  for (; rc == SP_OK;) {
    int eof;
    if ((rc = next_row(L, c, &eof)) != SP_OK || eof)
      break;
    const char *ladc = sp_csv_get(c, "lad_code"), *area = sp_csv_get(c, "lsip_code");
    if (!valid_ons_code(ladc, 'E')) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "lad_code",
                       "'%s' is not an ONS district code (E and eight digits)", ladc);
      break;
    }
    int a = find_area(L, area);
    if (a < 0) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "lsip_code", "'%s' is not an area in ons/lsips.csv",
                       area);
      break;
    }
    long y0, y1;
    if (!parse_int(sp_csv_get(c, "first_available_year_included"), &y0) ||
        !parse_int(sp_csv_get(c, "most_recent_year_included"), &y1) ||
        (y0 != 2023 && y0 != 2025) || (y1 != 2023 && y1 != 2025) || y1 < y0) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "first_available_year_included",
                       "years %s..%s: only 2023 (before the %s redraw) and 2025 (after it) "
                       "can be dated",
                       sp_csv_get(c, "first_available_year_included"),
                       sp_csv_get(c, "most_recent_year_included"), REDRAW_DATE);
      break;
    }
    int32_t from = y0 == 2023 ? SP_DATE_NONE : redraw;
    int32_t to = y1 == 2025 ? SP_DATE_NONE : redraw;
    if (lo(from) < lo(L->areas[a].from) || hi(to) > hi(L->areas[a].to)) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "lsip_code",
                       "the pairing of %s with %s outlasts the area's life", ladc, area);
      break;
    }
    char name[256];
    if ((rc = get_text(L, c, "lad_name", name, sizeof(name), 1)) != SP_OK)
      break;
    if ((rc = bind_text(L, lad, 1, ladc)) != SP_OK || (rc = bind_text(L, lad, 2, name)) != SP_OK ||
        (rc = run(L, lad, c, "lad_code")) != SP_OK)
      break;
    if ((rc = bind_text(L, pair, 1, area)) != SP_OK || (rc = bind_text(L, pair, 2, ladc)) != SP_OK ||
        (rc = bind_date(L, pair, 3, from)) != SP_OK || (rc = bind_date(L, pair, 4, to)) != SP_OK ||
        (rc = run(L, pair, c, "lad_code")) != SP_OK)
      break;
    n++;
  }
  sp_stmt_free(lad);
  sp_stmt_free(pair);
  sp_csv_close(c);
  if (rc == SP_OK)
    count(L, "area_lads", n);
  return rc;
}

/* ---- combined authorities and their mayors ---- */

static int find_ca(const struct load *L, const char *code) {
  for (int i = 0; i < L->ncas; i++)
    if (strcmp(L->cas[i].code, code) == 0)
      return i;
  return -1;
}

/* The authority with this code, added on first sight; the name must be the
 * same wherever the code appears. -1 with the failure set on the reader. */
static int ca_of(struct load *L, struct sp_csv *c, const char *code, const char *name,
                 const char *source) {
  int i = find_ca(L, code);
  if (i >= 0) {
    if (strcmp(L->cas[i].name, name) != 0) {
      sp_csv_fail(c, L->ctx, SP_EINVAL, "name", "%s is called '%s' here and '%s' before", code,
                  name, L->cas[i].name);
      return -1;
    }
    return i;
  }
  if (L->ncas >= MAX_CAS) {
    sp_csv_fail(c, L->ctx, SP_ETOOBIG, NULL, "more than %d combined authorities", MAX_CAS);
    return -1;
  }
  i = L->ncas++;
  memset(&L->cas[i], 0, sizeof(L->cas[i]));
  snprintf(L->cas[i].code, sizeof(L->cas[i].code), "%s", code);
  snprintf(L->cas[i].name, sizeof(L->cas[i].name), "%s", name);
  snprintf(L->cas[i].source, sizeof(L->cas[i].source), "%s", source);
  L->cas[i].mayor = SP_DATE_NONE;
  return i;
}

static enum sp_rc add_ca_lad(struct load *L, struct sp_csv *c, const char *lad, int ca,
                             int32_t from, int32_t to, const char *source) {
  if (L->nca_lads >= MAX_CA_LADS)
    return sp_csv_fail(c, L->ctx, SP_ETOOBIG, NULL, "more than %d district pairings",
                       MAX_CA_LADS);
  struct ca_lad_row *r = &L->ca_lads[L->nca_lads++];
  memset(r, 0, sizeof(*r));
  snprintf(r->lad, sizeof(r->lad), "%s", lad);
  r->ca = ca;
  r->from = from;
  r->to = to;
  snprintf(r->source, sizeof(r->source), "%s", source);
  return SP_OK;
}

/* One of the ONS lookups: LADyyCD, LADyyNM, CAUTHyyCD, CAUTHyyNM. The 2024
 * one's pairings hold throughout (it is the earliest lookup; the mayor's
 * first election dates the cover); the 2025 one adds only pairings not in
 * the 2024 one, from CA25_FROM. */
static enum sp_rc read_cauth(struct load *L, int year) {
  char rel[64], lcd[16], cacd[16], canm[16];
  snprintf(rel, sizeof(rel), "ons/lad%d_cauth%d_lookup.csv", year, year);
  snprintf(lcd, sizeof(lcd), "LAD%dCD", year);
  snprintf(cacd, sizeof(cacd), "CAUTH%dCD", year);
  snprintf(canm, sizeof(canm), "CAUTH%dNM", year);
  const char *const want[] = {lcd, cacd, canm, NULL};
  int32_t from = SP_DATE_NONE;
  if (year != 24 && sp_date_parse(CA25_FROM, &from) != SP_OK)
    return sp_ctx_fail(L->ctx, SP_EINTERNAL, NULL, "bad lookup date");
  struct sp_csv *c = NULL;
  enum sp_rc rc = open_csv(L, rel, want, &c);
  if (rc != SP_OK)
    return rc;
  for (;;) {
    int eof;
    if ((rc = next_row(L, c, &eof)) != SP_OK || eof)
      break;
    const char *lad = sp_csv_get(c, lcd), *code = sp_csv_get(c, cacd);
    if (!valid_ons_code(lad, 'E')) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, lcd,
                       "'%s' is not an ONS district code (E and eight digits)", lad);
      break;
    }
    if (!valid_ons_code(code, 'E') || strncmp(code, "E47", 3) != 0) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, cacd,
                       "'%s' is not an ONS combined authority code (E47 and six digits)", code);
      break;
    }
    char name[128];
    if ((rc = get_text(L, c, canm, name, sizeof(name), 1)) != SP_OK)
      break;
    int ca = ca_of(L, c, code, name, rel);
    if (ca < 0) {
      rc = SP_EINVAL;
      break;
    }
    int known = 0;
    for (int i = 0; i < L->nca_lads; i++)
      known |= L->ca_lads[i].ca == ca && strcmp(L->ca_lads[i].lad, lad) == 0;
    if (!known && (rc = add_ca_lad(L, c, lad, ca, from, SP_DATE_NONE, rel)) != SP_OK)
      break;
  }
  sp_csv_close(c);
  return rc;
}

/* combined_authority_districts.csv: skillplan's dated pairings the lookups
 * lack (the GLA's districts, North of Tyne before 2024-05-07). A row for a
 * pairing the lookups hold replaces the lookups' undated row. */
static enum sp_rc read_ca_districts(struct load *L) {
  static const char *const want[] = {"lad_code", "ca_code", "ca_name", "valid_from",
                                     "valid_to", "source", NULL};
  struct sp_csv *c = NULL;
  enum sp_rc rc = open_csv(L, "combined_authority_districts.csv", want, &c);
  if (rc != SP_OK)
    return rc;
  int first = L->nca_lads;
  for (;;) {
    int eof;
    if ((rc = next_row(L, c, &eof)) != SP_OK || eof)
      break;
    const char *lad = sp_csv_get(c, "lad_code"), *code = sp_csv_get(c, "ca_code");
    if (!valid_ons_code(lad, 'E')) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "lad_code",
                       "'%s' is not an ONS district code (E and eight digits)", lad);
      break;
    }
    if (!valid_ons_code(code, 'E')) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "ca_code", "'%s' is not an ONS code", code);
      break;
    }
    char name[128], src[128];
    int32_t from, to;
    if ((rc = get_text(L, c, "ca_name", name, sizeof(name), 1)) != SP_OK ||
        (rc = get_text(L, c, "source", src, sizeof(src), 1)) != SP_OK ||
        (rc = get_date(L, c, "valid_from", &from)) != SP_OK ||
        (rc = get_date(L, c, "valid_to", &to)) != SP_OK)
      break;
    if (hi(to) <= lo(from)) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "valid_to", "must be after valid_from");
      break;
    }
    int ca = ca_of(L, c, code, name, "combined_authority_districts.csv");
    if (ca < 0) {
      rc = SP_EINVAL;
      break;
    }
    for (int i = 0; i < first; i++)
      if (L->ca_lads[i].ca == ca && strcmp(L->ca_lads[i].lad, lad) == 0)
        L->ca_lads[i].dropped = 1;
    if ((rc = add_ca_lad(L, c, lad, ca, from, to, src)) != SP_OK)
      break;
  }
  sp_csv_close(c);
  if (rc != SP_OK)
    return rc;
  /* A district belongs to one authority at a time. */
  for (int i = 0; i < L->nca_lads; i++)
    for (int j = i + 1; j < L->nca_lads; j++) {
      const struct ca_lad_row *a = &L->ca_lads[i], *b = &L->ca_lads[j];
      if (a->dropped || b->dropped || strcmp(a->lad, b->lad) != 0 || lo(a->from) >= hi(b->to) ||
          lo(b->from) >= hi(a->to))
        continue;
      return sp_ctx_fail(L->ctx, SP_EINVAL, "lad_code",
                         "%s: district %s is paired with %s and %s on the same days", L->dir,
                         a->lad,
                         L->cas[a->ca].name, L->cas[b->ca].name);
    }
  return SP_OK;
}

/* ons/mayoral_authorities.csv: authority (by name), first_mayor_elected. */
static enum sp_rc read_mayors(struct load *L) {
  static const char *const want[] = {"authority", "first_mayor_elected", "note", NULL};
  struct sp_csv *c = NULL;
  enum sp_rc rc = open_csv(L, "ons/mayoral_authorities.csv", want, &c);
  if (rc != SP_OK)
    return rc;
  for (;;) {
    int eof;
    if ((rc = next_row(L, c, &eof)) != SP_OK || eof)
      break;
    char name[128], note[256];
    if ((rc = get_text(L, c, "authority", name, sizeof(name), 1)) != SP_OK ||
        (rc = get_text(L, c, "note", note, sizeof(note), 0)) != SP_OK)
      break;
    int ca = -1;
    for (int i = 0; i < L->ncas; i++)
      if (strcmp(L->cas[i].name, name) == 0)
        ca = i;
    if (ca < 0) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "authority",
                       "'%s' is not an authority in the lookups or "
                       "combined_authority_districts.csv",
                       name);
      break;
    }
    if (L->cas[ca].mayor != SP_DATE_NONE) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "authority", "'%s' appears twice", name);
      break;
    }
    int32_t d;
    if ((rc = get_date(L, c, "first_mayor_elected", &d)) != SP_OK)
      break;
    if (d == SP_DATE_NONE) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "first_mayor_elected",
                       "a mayoral authority needs the date its first mayor was elected");
      break;
    }
    L->cas[ca].mayor = d;
    snprintf(L->cas[ca].note, sizeof(L->cas[ca].note), "%s", note);
  }
  sp_csv_close(c);
  return rc;
}

static enum sp_rc read_mayoral(struct load *L) {
  enum sp_rc rc;
  if ((rc = read_cauth(L, 24)) != SP_OK || (rc = read_cauth(L, 25)) != SP_OK ||
      (rc = read_ca_districts(L)) != SP_OK || (rc = read_mayors(L)) != SP_OK)
    return rc;
  struct sp_stmt *ca = NULL, *cl = NULL;
  rc = sp_store_prepare(L->store, L->ctx,
                        "INSERT INTO combined_authorities(code, name, first_mayor_elected, note,"
                        " source) VALUES (?, ?, ?, ?, ?)",
                        &ca);
  if (rc == SP_OK)
    rc = sp_store_prepare(L->store, L->ctx,
                          "INSERT INTO combined_authority_lads(ca_code, lad_code, valid_from,"
                          " valid_to, source) VALUES (?, ?, ?, ?, ?)",
                          &cl);
  for (int i = 0; rc == SP_OK && i < L->ncas; i++) {
    const struct ca_row *a = &L->cas[i];
    char src[512];
    snprintf(src, sizeof(src), "%s%s", a->source,
             a->mayor != SP_DATE_NONE ? "; mayor: ons/mayoral_authorities.csv" : "");
    if ((rc = bind_text(L, ca, 1, a->code)) != SP_OK || (rc = bind_text(L, ca, 2, a->name)) != SP_OK ||
        (rc = bind_date(L, ca, 3, a->mayor)) != SP_OK || (rc = bind_text(L, ca, 4, a->note)) != SP_OK ||
        (rc = bind_text(L, ca, 5, src)) != SP_OK || (rc = run(L, ca, NULL, NULL)) != SP_OK)
      break;
  }
  long n = 0;
  for (int i = 0; rc == SP_OK && i < L->nca_lads; i++) {
    const struct ca_lad_row *r = &L->ca_lads[i];
    if (r->dropped)
      continue;
    if ((rc = bind_text(L, cl, 1, L->cas[r->ca].code)) != SP_OK ||
        (rc = bind_text(L, cl, 2, r->lad)) != SP_OK || (rc = bind_date(L, cl, 3, r->from)) != SP_OK ||
        (rc = bind_date(L, cl, 4, r->to)) != SP_OK || (rc = bind_text(L, cl, 5, r->source)) != SP_OK ||
        (rc = run(L, cl, NULL, NULL)) != SP_OK)
      break;
    n++;
  }
  sp_stmt_free(ca);
  sp_stmt_free(cl);
  if (rc == SP_OK) {
    count(L, "combined_authorities", L->ncas);
    count(L, "combined_authority_lads", n);
  }
  return rc;
}

/* ---- history events ---- */

/* Appends to b the names of the areas that held area a's districts on
 * `day` (successors when day is its end, predecessors the day before its
 * start), other than a itself. */
static enum sp_rc neighbours(struct load *L, struct sp_stmt *st, int a, int32_t day,
                             struct sp_buf *b) {
  enum sp_rc rc;
  if ((rc = bind_text(L, st, 1, L->areas[a].code)) != SP_OK ||
      (rc = bind_date(L, st, 2, day)) != SP_OK)
    return rc;
  int first = 1;
  for (;;) {
    int row;
    if ((rc = sp_stmt_step(st, L->ctx, &row)) != SP_OK || !row)
      break;
    int n = find_area(L, sp_stmt_text(st, 0));
    if (n < 0 || n == a)
      continue;
    if (sp_buf_addf(b, "%s%s (%s)", first ? "" : ", ", name_on(L, n, day), L->areas[n].code) !=
        SP_OK) {
      rc = sp_ctx_fail(L->ctx, SP_ENOMEM, NULL, "out of memory");
      break;
    }
    first = 0;
  }
  sp_stmt_reset(st);
  return rc;
}

static enum sp_rc add_event(struct load *L, struct sp_stmt *ev, int a, int32_t day,
                            const char *event, const char *detail) {
  enum sp_rc rc;
  if ((rc = bind_text(L, ev, 1, L->areas[a].code)) != SP_OK ||
      (rc = bind_date(L, ev, 2, day)) != SP_OK || (rc = bind_text(L, ev, 3, event)) != SP_OK ||
      (rc = bind_text(L, ev, 4, detail)) != SP_OK)
    return rc;
  return run(L, ev, NULL, NULL);
}

static enum sp_rc write_events(struct load *L) {
  struct sp_stmt *ev = NULL, *nb = NULL;
  struct sp_buf b;
  sp_buf_init(&b, 4096);
  int32_t specified;
  if (sp_date_parse(SPECIFIED_DATE, &specified) != SP_OK)
    return sp_ctx_fail(L->ctx, SP_EINTERNAL, NULL, "bad specified date");
  enum sp_rc rc = sp_store_prepare(L->store, L->ctx,
                                   "INSERT INTO area_events(code, on_date, event, detail)"
                                   " VALUES (?, ?, ?, ?)",
                                   &ev);
  /* Distinct areas holding any district of ?1's on day ?2 (the day it ends
   * or the day before it starts). */
  if (rc == SP_OK)
    rc = sp_store_prepare(
        L->store, L->ctx,
        "SELECT DISTINCT o.area_code FROM area_lads m JOIN area_lads o ON o.lad_code = m.lad_code"
        " WHERE m.area_code = ?1"
        " AND (o.valid_from IS NULL OR o.valid_from <= ?2)"
        " AND (o.valid_to IS NULL OR o.valid_to > ?2) ORDER BY o.area_code",
        &nb);
  long n = 0;
  for (int a = 0; rc == SP_OK && a < L->nareas; a++) {
    struct area_row *ar = &L->areas[a];
    if (ar->guidance) {
      sp_buf_reset(&b);
      if (ar->parent_slug[0])
        rc = sp_buf_addf(&b,
                         "specified as a sub-regional grouping within %s in the LSIP statutory "
                         "guidance (%s, August 2022)",
                         name_on(L, find_slug(L, ar->parent_slug), specified), GUIDANCE_SRC);
      else
        rc = sp_buf_addf(&b, "specified as an LSIP area in the statutory guidance (%s, August 2022)",
                         GUIDANCE_SRC);
      if (rc != SP_OK || (rc = add_event(L, ev, a, specified, "specified", sp_buf_str(&b))) != SP_OK)
        break;
      n++;
    }
    if (ar->from != SP_DATE_NONE) {
      sp_buf_reset(&b);
      rc = sp_buf_addf(&b, "came into operation as an LSIP area (ons/lsips.csv)");
      if (rc == SP_OK) {
        struct sp_buf nbuf;
        sp_buf_init(&nbuf, 2048);
        rc = neighbours(L, nb, a, ar->from - 1, &nbuf);
        if (rc == SP_OK && nbuf.len)
          rc = sp_buf_addf(&b, "; its districts were before in %s", sp_buf_str(&nbuf));
        sp_buf_free(&nbuf);
      }
      if (rc != SP_OK || (rc = add_event(L, ev, a, ar->from, "created", sp_buf_str(&b))) != SP_OK)
        break;
      n++;
    }
    for (int i = 0; rc == SP_OK && i < L->nnames; i++) {
      const struct name_row *nr = &L->names[i];
      if (nr->area != a || nr->from == SP_DATE_NONE || nr->from == ar->from)
        continue;
      sp_buf_reset(&b);
      rc = sp_buf_addf(&b, "renamed from '%s' to '%s' (ons/lsips.csv)",
                       name_on(L, a, nr->from - 1), nr->name);
      if (rc == SP_OK)
        rc = add_event(L, ev, a, nr->from, "renamed", sp_buf_str(&b));
      n++;
    }
    if (rc != SP_OK)
      break;
    if (ar->to != SP_DATE_NONE) {
      sp_buf_reset(&b);
      rc = sp_buf_addf(&b, "terminated (ons/lsips.csv)");
      if (rc == SP_OK) {
        struct sp_buf nbuf;
        sp_buf_init(&nbuf, 2048);
        rc = neighbours(L, nb, a, ar->to, &nbuf);
        if (rc == SP_OK && nbuf.len)
          rc = sp_buf_addf(&b, "; its districts passed to %s", sp_buf_str(&nbuf));
        sp_buf_free(&nbuf);
      }
      if (rc != SP_OK || (rc = add_event(L, ev, a, ar->to, "terminated", sp_buf_str(&b))) != SP_OK)
        break;
      n++;
    }
  }
  if (rc == SP_ENOMEM || rc == SP_ETOOBIG)
    sp_ctx_fail(L->ctx, rc, NULL, "out of memory writing area history");
  sp_stmt_free(ev);
  sp_stmt_free(nb);
  sp_buf_free(&b);
  if (rc == SP_OK)
    count(L, "area_events", n);
  return rc;
}

/* ---- routes, levels, LARS ---- */

static enum sp_rc read_routes(struct load *L) {
  static const char *const want[] = {"route_code", "route", "pathway_code", "pathway", NULL};
  struct sp_csv *c = NULL;
  struct sp_stmt *rt = NULL, *pw = NULL;
  enum sp_rc rc = open_csv(L, "occupational_routes.csv", want, &c);
  if (rc != SP_OK)
    return rc;
  rc = sp_store_prepare(L->store, L->ctx,
                        "INSERT INTO routes(code, name, ord) VALUES (?, ?, ?)"
                        " ON CONFLICT(code) DO UPDATE SET name = excluded.name, ord = excluded.ord",
                        &rt);
  if (rc == SP_OK)
    rc = sp_store_prepare(L->store, L->ctx,
                          "INSERT INTO pathways(code, route_code, name, ord) VALUES (?, ?, ?, ?)"
                          " ON CONFLICT(code) DO UPDATE SET route_code = excluded.route_code,"
                          " name = excluded.name, ord = excluded.ord",
                          &pw);
  char last[64] = "";
  long nroutes = 0, npaths = 0;
  for (; rc == SP_OK;) {
    int eof;
    if ((rc = next_row(L, c, &eof)) != SP_OK || eof)
      break;
    char rcode[64], rname[256], pcode[64], pname[256];
    if ((rc = get_text(L, c, "route_code", rcode, sizeof(rcode), 1)) != SP_OK ||
        (rc = get_text(L, c, "route", rname, sizeof(rname), 1)) != SP_OK ||
        (rc = get_text(L, c, "pathway_code", pcode, sizeof(pcode), 1)) != SP_OK ||
        (rc = get_text(L, c, "pathway", pname, sizeof(pname), 1)) != SP_OK)
      break;
    size_t rl = strlen(rcode);
    if (strncmp(pcode, rcode, rl) != 0 || pcode[rl] != '-') {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "pathway_code",
                       "'%s' does not start with its route code '%s-'", pcode, rcode);
      break;
    }
    if (strcmp(last, rcode) != 0) {
      nroutes++;
      if ((rc = bind_text(L, rt, 1, rcode)) != SP_OK || (rc = bind_text(L, rt, 2, rname)) != SP_OK ||
          (rc = bind_int(L, rt, 3, nroutes)) != SP_OK || (rc = run(L, rt, c, "route_code")) != SP_OK)
        break;
      snprintf(last, sizeof(last), "%s", rcode);
    }
    npaths++;
    if ((rc = bind_text(L, pw, 1, pcode)) != SP_OK || (rc = bind_text(L, pw, 2, rcode)) != SP_OK ||
        (rc = bind_text(L, pw, 3, pname)) != SP_OK || (rc = bind_int(L, pw, 4, npaths)) != SP_OK ||
        (rc = run(L, pw, c, "pathway_code")) != SP_OK)
      break;
  }
  sp_stmt_free(rt);
  sp_stmt_free(pw);
  sp_csv_close(c);
  if (rc == SP_OK) {
    count(L, "routes", nroutes);
    count(L, "pathways", npaths);
  }
  return rc;
}

static enum sp_rc read_levels(struct load *L) {
  static const char *const want[] = {"NotionalNVQLevelV2", "NotionalNVQLevelV2Desc", NULL};
  struct sp_csv *c = NULL;
  struct sp_stmt *st = NULL;
  enum sp_rc rc = open_csv(L, "lars/NotionalNVQLevelv2.csv", want, &c);
  if (rc != SP_OK)
    return rc;
  rc = sp_store_prepare(L->store, L->ctx,
                        "INSERT INTO levels(code, ord, name) VALUES (?, ?, ?)"
                        " ON CONFLICT(code) DO UPDATE SET ord = excluded.ord, name = excluded.name",
                        &st);
  int seen = 0; /* bit per RQF level: Entry is bit 0 */
  for (; rc == SP_OK;) {
    int eof;
    if ((rc = next_row(L, c, &eof)) != SP_OK || eof)
      break;
    const char *code = sp_csv_get(c, "NotionalNVQLevelV2");
    int ord;
    if (strcmp(code, "E") == 0)
      ord = 0;
    else if (strlen(code) == 1 && code[0] >= '1' && code[0] <= '8')
      ord = code[0] - '0';
    else
      continue; /* 1.5, H, M, X: LARS values that are not RQF levels */
    char name[128];
    if ((rc = get_text(L, c, "NotionalNVQLevelV2Desc", name, sizeof(name), 1)) != SP_OK)
      break;
    if ((rc = bind_text(L, st, 1, code)) != SP_OK || (rc = bind_int(L, st, 2, ord)) != SP_OK ||
        (rc = bind_text(L, st, 3, name)) != SP_OK ||
        (rc = run(L, st, c, "NotionalNVQLevelV2")) != SP_OK)
      break;
    seen |= 1 << ord;
  }
  sp_stmt_free(st);
  sp_csv_close(c);
  if (rc == SP_OK && seen != 0x1ff)
    rc = sp_ctx_fail(L->ctx, SP_EINVAL, "NotionalNVQLevelV2",
                     "%s/lars/NotionalNVQLevelv2.csv: the RQF levels Entry and 1 to 8 are not "
                     "all there",
                     L->dir);
  if (rc == SP_OK)
    count(L, "levels", 9);
  return rc;
}

/* The tier-1 code of a tier-2 code: "4.10" -> "4.00". */
static int tier1_of(const char *code, char *out, size_t outsz) {
  const char *dot = strchr(code, '.');
  if (!dot || dot == code || (size_t)(dot - code) + 4 > outsz)
    return 0;
  snprintf(out, outsz, "%.*s.00", (int)(dot - code), code);
  return 1;
}

static enum sp_rc read_ssa(struct load *L, int tier) {
  static const char *const want1[] = {"SectorSubjectAreaTier1", "SectorSubjectAreaTier1Desc",
                                      "EffectiveFrom", "EffectiveTo", NULL};
  static const char *const want2[] = {"SectorSubjectAreaTier2", "SectorSubjectAreaTier2Desc",
                                      "EffectiveFrom", "EffectiveTo", NULL};
  const char *const *want = tier == 1 ? want1 : want2;
  struct sp_csv *c = NULL;
  struct sp_stmt *st = NULL;
  enum sp_rc rc = open_csv(L, tier == 1 ? "lars/SectorSubjectAreaTier1.csv"
                                         : "lars/SectorSubjectAreaTier2.csv",
                           want, &c);
  if (rc != SP_OK)
    return rc;
  rc = sp_store_prepare(
      L->store, L->ctx,
      tier == 1 ? "INSERT INTO ssa_tier1(code, name, valid_from, valid_to) VALUES (?1, ?2, ?3, ?4)"
                  " ON CONFLICT(code) DO UPDATE SET name = excluded.name,"
                  " valid_from = excluded.valid_from, valid_to = excluded.valid_to"
                : "INSERT INTO ssa_tier2(code, tier1_code, name, valid_from, valid_to)"
                  " VALUES (?1, ?5, ?2, ?3, ?4) ON CONFLICT(code) DO UPDATE SET"
                  " tier1_code = excluded.tier1_code, name = excluded.name,"
                  " valid_from = excluded.valid_from, valid_to = excluded.valid_to",
      &st);
  long n = 0;
  for (; rc == SP_OK;) {
    int eof;
    if ((rc = next_row(L, c, &eof)) != SP_OK || eof)
      break;
    char code[32], name[256], t1[32];
    int32_t from, to;
    if ((rc = get_text(L, c, want[0], code, sizeof(code), 1)) != SP_OK ||
        (rc = get_text(L, c, want[1], name, sizeof(name), 1)) != SP_OK ||
        (rc = get_lars_date(L, c, "EffectiveFrom", &from)) != SP_OK ||
        (rc = get_lars_date(L, c, "EffectiveTo", &to)) != SP_OK)
      break;
    if (!tier1_of(code, t1, sizeof(t1))) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, want[0], "'%s' is not a code like 4.10", code);
      break;
    }
    if ((rc = bind_text(L, st, 1, code)) != SP_OK || (rc = bind_text(L, st, 2, name)) != SP_OK ||
        (rc = bind_date(L, st, 3, from)) != SP_OK || (rc = bind_date(L, st, 4, to)) != SP_OK ||
        (tier == 2 && (rc = bind_text(L, st, 5, t1)) != SP_OK) ||
        (rc = run(L, st, c, want[0])) != SP_OK)
      break;
    n++;
  }
  sp_stmt_free(st);
  sp_csv_close(c);
  if (rc == SP_OK)
    count(L, tier == 1 ? "ssa_tier1" : "ssa_tier2", n);
  return rc;
}

static enum sp_rc read_standards(struct load *L) {
  static const char *const want[] = {"StandardCode", "Version", "StandardName", "NotionalEndLevel",
                                     "EffectiveFrom", "LastDateStarts", "EffectiveTo",
                                     "SectorSubjectAreaTier2", NULL};
  struct sp_csv *c = NULL;
  struct sp_stmt *st = NULL;
  enum sp_rc rc = open_csv(L, "lars/Standard.csv", want, &c);
  if (rc != SP_OK)
    return rc;
  rc = sp_store_prepare(
      L->store, L->ctx,
      "INSERT INTO lars_standards(code, version, name, level, ssa_tier2, valid_from,"
      " last_date_starts, valid_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
      " ON CONFLICT(code, version) DO UPDATE SET name = excluded.name, level = excluded.level,"
      " ssa_tier2 = excluded.ssa_tier2, valid_from = excluded.valid_from,"
      " last_date_starts = excluded.last_date_starts, valid_to = excluded.valid_to",
      &st);
  long n = 0;
  for (; rc == SP_OK;) {
    int eof;
    if ((rc = next_row(L, c, &eof)) != SP_OK || eof)
      break;
    long code, version, level = -1;
    if (!parse_int(sp_csv_get(c, "StandardCode"), &code)) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "StandardCode", "'%s' is not a number",
                       sp_csv_get(c, "StandardCode"));
      break;
    }
    if (!parse_int(sp_csv_get(c, "Version"), &version)) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "Version", "'%s' is not a number",
                       sp_csv_get(c, "Version"));
      break;
    }
    const char *lv = sp_csv_get(c, "NotionalEndLevel");
    if (*lv && (!parse_int(lv, &level) || level > 8)) {
      rc = sp_csv_fail(c, L->ctx, SP_EINVAL, "NotionalEndLevel", "'%s' is not a level 0 to 8",
                       lv);
      break;
    }
    char name[256], ssa[32];
    int32_t from, last, to;
    if ((rc = get_text(L, c, "StandardName", name, sizeof(name), 1)) != SP_OK ||
        (rc = get_text(L, c, "SectorSubjectAreaTier2", ssa, sizeof(ssa), 0)) != SP_OK ||
        (rc = get_lars_date(L, c, "EffectiveFrom", &from)) != SP_OK ||
        (rc = get_lars_date(L, c, "LastDateStarts", &last)) != SP_OK ||
        (rc = get_lars_date(L, c, "EffectiveTo", &to)) != SP_OK)
      break;
    if ((rc = bind_int(L, st, 1, code)) != SP_OK || (rc = bind_int(L, st, 2, version)) != SP_OK ||
        (rc = bind_text(L, st, 3, name)) != SP_OK ||
        (rc = (level < 0 ? (sp_stmt_bind_null(st, 4) == SP_OK ? SP_OK : SP_ENOMEM)
                         : bind_int(L, st, 4, level))) != SP_OK ||
        (rc = bind_text(L, st, 5, ssa[0] ? ssa : NULL)) != SP_OK ||
        (rc = bind_date(L, st, 6, from)) != SP_OK || (rc = bind_date(L, st, 7, last)) != SP_OK ||
        (rc = bind_date(L, st, 8, to)) != SP_OK || (rc = run(L, st, c, "StandardCode")) != SP_OK)
      break;
    n++;
  }
  sp_stmt_free(st);
  sp_csv_close(c);
  if (rc == SP_OK)
    count(L, "lars_standards", n);
  return rc;
}

/* ---- the whole load ---- */

static enum sp_rc load_all(struct load *L) {
  enum sp_rc rc;
  if ((rc = read_lsips(L)) != SP_OK || (rc = read_slugs(L)) != SP_OK ||
      (rc = read_guidance(L)) != SP_OK || (rc = clear_derived(L)) != SP_OK ||
      (rc = write_areas(L)) != SP_OK || (rc = read_attributes(L)) != SP_OK ||
      (rc = read_lads(L)) != SP_OK || (rc = read_mayoral(L)) != SP_OK ||
      (rc = write_events(L)) != SP_OK ||
      (rc = read_routes(L)) != SP_OK || (rc = read_levels(L)) != SP_OK ||
      (rc = read_ssa(L, 1)) != SP_OK || (rc = read_ssa(L, 2)) != SP_OK ||
      (rc = read_standards(L)) != SP_OK)
    return rc;
  return sp_audit_append(L->ctx, "load", "reference", L->dir, NULL, L->counts);
}

enum sp_rc sp_reference_load(struct sp_ctx *ctx, const char *data_dir) {
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_REFERENCE_LOAD);
  if (rc != SP_OK)
    return rc;
  struct sp_store *store = sp_ctx_store(ctx);
  if (!store)
    return sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "no store to load reference data into");
  if (!data_dir || !*data_dir)
    return sp_ctx_fail(ctx, SP_EINVAL, "data_dir", "a data directory is required");
  struct load *L = sp_calloc(1, sizeof(*L));
  if (!L)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory loading reference data");
  L->ctx = ctx;
  L->store = store;
  L->dir = data_dir;
  L->counts = json_object();
  if (!L->counts) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory loading reference data");
    goto out;
  }
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    goto out;
  rc = load_all(L);
  if (rc == SP_OK)
    rc = sp_store_commit(store, ctx);
  if (rc != SP_OK)
    sp_store_rollback(store);
out:
  json_decref(L->counts);
  sp_free(L);
  return rc;
}
