/*
 * ees.c: reads explore-education-statistics CSV files as DfE publishes
 * them, whatever the publication: the data-catalogue files
 * (time_period,time_identifier,geographic_level,country_code,...,lad_code,
 * lad_name or lsip_code,lsip_name, then filters and indicators) and the
 * permalink tables (location,location_code,geographic_level,...). The
 * geography and time columns are known by name; every other column is a
 * filter or an indicator, told apart by a first pass over the rows (an
 * indicator holds numbers and suppression symbols, all but a few bad
 * values which are then reported; a filter holds words or says Total). Each row at
 * district or LSIP level gives one cell per indicator, stored as published
 * (the district code of its year, the filter values, the number or the
 * symbol) in ev_ees_cells; ees_sum.c places and sums them for a date.
 *
 * Suppressed figures (c, low, x, z, u and the legacy ~ : ! * -) are kept as
 * suppressed with their symbol, never as 0. Rows whose filters say Total
 * are kept, flagged, as their own groups (never added into the detail).
 * National and regional rows are totals and are skipped (unplaced), as are
 * levels that are not districts or LSIP areas and the location "z"
 * (outside England or unknown). Sector subject areas given by name are
 * matched to their LARS tier 1 or 2 codes.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/csv.h"
#include "../store/store.h"
#include "ev_int.h"

#define EES_MAX_COLS 96
#define EES_MAX_TEXT 200

/* Interned strings (filter sets, time identifiers, indicator names). */
struct ees_pool {
  char **s;
  size_t n, cap;
  size_t *slot; /* open addressing: index + 1, 0 empty */
  size_t nslot;
};

static unsigned long str_hash(const char *s) {
  unsigned long h = 1469598103934665603ul;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ul;
  return h;
}

static void pool_free(struct ees_pool *p) {
  for (size_t i = 0; i < p->n; i++)
    sp_free(p->s[i]);
  sp_free(p->s);
  sp_free(p->slot);
  memset(p, 0, sizeof(*p));
}

/* The index of s in the pool (added when new), or -1 out of memory. */
static long pool_id(struct ees_pool *p, const char *s) {
  if ((p->n + 1) * 2 > p->nslot) {
    size_t ns = p->nslot ? p->nslot * 2 : 256;
    size_t *slot = sp_calloc(ns, sizeof(*slot));
    if (!slot)
      return -1;
    for (size_t i = 0; i < p->n; i++) {
      size_t j = str_hash(p->s[i]) & (ns - 1);
      while (slot[j])
        j = (j + 1) & (ns - 1);
      slot[j] = i + 1;
    }
    sp_free(p->slot);
    p->slot = slot;
    p->nslot = ns;
  }
  size_t j = str_hash(s) & (p->nslot - 1);
  while (p->slot[j]) {
    if (strcmp(p->s[p->slot[j] - 1], s) == 0)
      return (long)(p->slot[j] - 1);
    j = (j + 1) & (p->nslot - 1);
  }
  if (p->n == p->cap) {
    size_t cap = p->cap ? p->cap * 2 : 64;
    char **v = sp_realloc(p->s, cap * sizeof(*v));
    if (!v)
      return -1;
    p->s = v;
    p->cap = cap;
  }
  size_t len = strlen(s);
  char *c = sp_malloc(len + 1);
  if (!c)
    return -1;
  memcpy(c, s, len + 1);
  p->s[p->n] = c;
  p->slot[j] = ++p->n;
  return (long)(p->n - 1);
}

struct ees_cell {
  long line;
  int geo;       /* 0 district, 1 LSIP area */
  int total;     /* a filter says Total */
  char code[16];
  char period[8];
  char ssa[8];
  char symbol[8]; /* "" when the figure is shown */
  long tid, filters, ind;
  double value;
};

struct ees_state {
  struct ees_cell *c;
  size_t n, cap;
  struct ees_pool strs;
  long skipped;
};

void sp__ev_ees_free(void *st) {
  struct ees_state *s = st;
  if (!s)
    return;
  sp_free(s->c);
  pool_free(&s->strs);
  sp_free(s);
}

/* The publications' symbols for a figure that is not shown. */
static const char *const symbols[] = {"c", "low", "x", "z", "u", "~", ":", "!", "*", "-", NULL};

static int is_symbol(const char *s) {
  for (int i = 0; symbols[i]; i++)
    if (strcmp(s, symbols[i]) == 0)
      return 1;
  return 0;
}

/* A published number: optional minus, digits, optional decimals. */
static int parse_number(const char *s, double *v) {
  const char *p = s;
  if (*p == '-')
    p++;
  if (!isdigit((unsigned char)*p))
    return 0;
  while (isdigit((unsigned char)*p))
    p++;
  if (*p == '.') {
    p++;
    if (!isdigit((unsigned char)*p))
      return 0;
    while (isdigit((unsigned char)*p))
      p++;
  }
  if (*p || p - s > 20)
    return 0;
  *v = strtod(s, NULL);
  return 1;
}

enum geo { GEO_LAD, GEO_LSIP, GEO_TOTAL, GEO_OTHER, GEO_UNKNOWN };

/* The geographic level however the file spells it. */
static enum geo geo_level(const char *s) {
  char k[64];
  size_t n = 0;
  for (; *s && n + 1 < sizeof(k); s++)
    if (isalnum((unsigned char)*s))
      k[n++] = (char)tolower((unsigned char)*s);
  k[n] = '\0';
  if (strcmp(k, "localauthoritydistrict") == 0 || strcmp(k, "lad") == 0)
    return GEO_LAD;
  if (strcmp(k, "localskillsimprovementplanarea") == 0 ||
      strcmp(k, "localskillsimprovementplan") == 0 || strcmp(k, "lsip") == 0 ||
      strcmp(k, "lsiparea") == 0)
    return GEO_LSIP;
  static const char *const totals[] = {"national", "country", "regional", "region", NULL};
  for (int i = 0; totals[i]; i++)
    if (strcmp(k, totals[i]) == 0)
      return GEO_TOTAL;
  static const char *const other[] = {"localauthority", "parliamentaryconstituency", "ward",
                                      "opportunityarea", "localenterprisepartnership",
                                      "mayoralcombinedauthority", "englishdevolvedarea",
                                      "school", "provider", "institution", "planningarea",
                                      "rscregion", "multiacademytrust", "sponsor",
                                      "combinedauthority", NULL};
  for (int i = 0; other[i]; i++)
    if (strcmp(k, other[i]) == 0)
      return GEO_OTHER;
  return GEO_UNKNOWN;
}

/* Geography and time columns: known by name, never filters or indicators. */
static int structural(const char *h) {
  static const char *const exact[] = {"time_period", "time_identifier", "geographic_level",
                                      "location", "location_code", NULL};
  static const char *const pre[] = {"country", "region", "la", "old_la", "new_la", "lad", "lsip",
                                    "pcon", "ward", "opportunity_area", "english_devolved_area",
                                    "local_enterprise_partnership", "lep", "mca", "cauth",
                                    "local_authority", "local_authority_district", "rsc_region",
                                    "planning_area", "school", "provider", "institution",
                                    "trust", "sponsor", NULL};
  static const char *const suf[] = {"_code", "_name", "_urn", "_ukprn", "_laestab", NULL};
  for (int i = 0; exact[i]; i++)
    if (strcmp(h, exact[i]) == 0)
      return 1;
  for (int i = 0; pre[i]; i++) {
    size_t n = strlen(pre[i]);
    if (strncmp(h, pre[i], n) != 0)
      continue;
    for (int j = 0; suf[j]; j++)
      if (strcmp(h + n, suf[j]) == 0)
        return 1;
  }
  return 0;
}

static int ssa_column(const char *h) {
  return strstr(h, "ssa") != NULL || strstr(h, "sector_subject_area") != NULL;
}

/* Tier wanted by a column's name: 1, 2, or 0 either. */
static int ssa_tier(const char *h) {
  if (strstr(h, "t1") || strstr(h, "tier1") || strstr(h, "tier_1"))
    return 1;
  if (strstr(h, "t2") || strstr(h, "tier2") || strstr(h, "tier_2"))
    return 2;
  return 0;
}

static int name_eq(const char *a, const char *b) {
  /* Case, spaces and "&"/"and" aside. */
  for (;;) {
    while (*a == ' ')
      a++;
    while (*b == ' ')
      b++;
    if (*a == '&' && strncmp(b, "and", 3) == 0) {
      a++;
      b += 3;
      continue;
    }
    if (*b == '&' && strncmp(a, "and", 3) == 0) {
      b++;
      a += 3;
      continue;
    }
    if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
      return 0;
    if (!*a)
      return 1;
    a++;
    b++;
  }
}

static const char *ssa_match(const struct ev_dict *d, const char *v, int tier) {
  for (int pass = 0; pass < 2; pass++)
    for (int i = 0; i < d->nssa_names; i++) {
      const struct ev_ssa_name *s = &d->ssa_names[i];
      int want = tier ? tier : (pass == 0 ? 2 : 1);
      if (s->tier == want && name_eq(s->name, v))
        return s->code;
    }
  return NULL;
}

static int ieq(const char *a, const char *b) {
  for (; *a && tolower((unsigned char)*a) == tolower((unsigned char)*b); a++, b++) {
  }
  return *a == '\0' && *b == '\0';
}

struct ees_cols {
  int n;
  int role[EES_MAX_COLS]; /* 0 structural, 1 filter, 2 indicator */
  const char *name[EES_MAX_COLS];
  int tp, tid, geo, lad, lsip, loc;
  /* pass 0: values, and values that are not a number or a symbol */
  long values[EES_MAX_COLS], seen[EES_MAX_COLS];
  char *own[EES_MAX_COLS];
  /* pass 0: the column holds Total / a value other than Total; a filter
   * whose values include both breaks the figures down, and its Total rows
   * are the totals kept apart from that detail */
  int has_total[EES_MAX_COLS], has_other[EES_MAX_COLS];
};

static int col_of(const struct sp_csv *csv, const char *name) { return sp_csv_col(csv, name); }

static enum sp_rc ees_pass(const struct ev_job *job, const char *data, size_t len, int pass,
                           struct ees_cols *cols, struct ev_scan_result *r, struct ees_state *s) {
  static const char *const want[] = {"time_period", "geographic_level", NULL};
  struct sp_csv *csv = NULL;
  struct sp_ctx *tmp = sp_ctx_new(NULL);
  json_t *fobj = NULL;
  enum sp_rc rc;
  int eof;
  if (!tmp)
    return SP_ENOMEM;
  rc = sp_csv_open_mem(tmp, job->name, data, len, job->max_line, &csv);
  if (rc == SP_OK)
    rc = sp_csv_read_header(csv, tmp, want);
  if (rc == SP_OK) {
    cols->tp = col_of(csv, "time_period");
    cols->tid = col_of(csv, "time_identifier");
    cols->geo = col_of(csv, "geographic_level");
    cols->lad = col_of(csv, "lad_code");
    cols->lsip = col_of(csv, "lsip_code");
    cols->loc = col_of(csv, "location_code");
    if (cols->lad < 0 && cols->lsip < 0 && cols->loc < 0)
      rc = sp_ctx_fail(tmp, SP_EINVAL, NULL,
                       "%s:1: geographic_level: the header has no area column (lad_code, "
                       "lsip_code or location_code)",
                       job->name);
  }
  if (rc == SP_OK && pass == 0) {
    /* The header is the record just read: its fields are the names. */
    size_t nf = sp_csv_nfields(csv);
    if (nf > EES_MAX_COLS)
      rc = sp_ctx_fail(tmp, SP_EINVAL, NULL, "%s:1: more than %d columns", job->name,
                       EES_MAX_COLS);
    for (size_t i = 0; rc == SP_OK && i < nf; i++) {
      cols->own[i] = sp_strdup(sp_csv_field(csv, i));
      if (!cols->own[i]) {
        rc = SP_ENOMEM;
        break;
      }
      cols->name[i] = cols->own[i];
      cols->n = (int)i + 1;
    }
  }
  if (rc != SP_OK) {
    if (pass == 0) {
      sp__ev_errs_add(&r->errs, 1, "", "%s", sp_ctx_errmsg(tmp));
      r->fatal = 1;
    }
    rc = rc == SP_ENOMEM ? SP_ENOMEM : SP_OK;
    goto out;
  }
  for (;;) {
    rc = sp_csv_next(csv, tmp, &eof);
    if (rc != SP_OK) {
      if (pass == 0) {
        sp__ev_errs_add(&r->errs, sp_csv_line(csv), "", "%s", sp_ctx_errmsg(tmp));
        r->fatal = 1;
      }
      rc = rc == SP_ENOMEM ? SP_ENOMEM : SP_OK;
      break;
    }
    if (eof)
      break;
    long line = sp_csv_line(csv);
    if (pass == 0) {
      for (int i = 0; i < cols->n && (size_t)i < sp_csv_nfields(csv); i++) {
        const char *v = sp_csv_field(csv, i);
        double x;
        if (*v)
          cols->values[i]++;
        if (*v && !is_symbol(v) && !parse_number(v, &x))
          cols->seen[i]++;
        if (ieq(v, "Total"))
          cols->has_total[i] = 1;
        else
          cols->has_other[i] = 1;
      }
      continue;
    }
    r->rows_read++;
    if (sp_csv_check_width(csv, tmp) != SP_OK) {
      sp__ev_errs_add(&r->errs, line, "", "%s", sp_ctx_errmsg(tmp));
      continue;
    }
    const char *gl = sp_csv_field(csv, (size_t)cols->geo);
    enum geo g = geo_level(gl);
    if (g == GEO_UNKNOWN) {
      sp__ev_errs_add(&r->errs, line, "geographic_level",
                      "unknown geographic level \"%.60s\" (Local authority district, Local "
                      "skills improvement plan area, National, Regional, or another EES level)",
                      gl);
      continue;
    }
    const char *tp = sp_csv_field(csv, (size_t)cols->tp);
    size_t tpl = strlen(tp);
    long t = (tpl == 4 || tpl == 6) ? sp__ev_parse_count(tp, tpl) : -1;
    if (t < 0 || (tpl == 6 && (t % 100) != (t / 100 + 1) % 100)) {
      sp__ev_errs_add(&r->errs, line, "time_period",
                      "must be a year such as 2021 or an academic or financial year such as "
                      "202122");
      continue;
    }
    if (g == GEO_TOTAL || g == GEO_OTHER) {
      r->rows_ok++;
      s->skipped++;
      continue;
    }
    int ccol = g == GEO_LAD ? (cols->lad >= 0 ? cols->lad : cols->loc)
                            : (cols->lsip >= 0 ? cols->lsip : cols->loc);
    if (ccol < 0) {
      sp__ev_errs_add(&r->errs, line, g == GEO_LAD ? "lad_code" : "lsip_code",
                      "a %s row needs a %s or location_code column",
                      g == GEO_LAD ? "district" : "LSIP area",
                      g == GEO_LAD ? "lad_code" : "lsip_code");
      continue;
    }
    const char *code = sp_csv_field(csv, (size_t)ccol);
    const char *cname = cols->name[ccol];
    if (is_symbol(code)) { /* "z": outside England or unknown */
      r->rows_ok++;
      s->skipped++;
      continue;
    }
    if (g == GEO_LAD) {
      if (strlen(code) != 9 || !strchr("EWSN", code[0]) || sp__ev_parse_count(code + 1, 8) < 0) {
        sp__ev_errs_add(&r->errs, line, cname,
                        "\"%.40s\" is not a local authority district code (E07000223)", code);
        continue;
      }
      if (code[0] != 'E') { /* Wales, Scotland, Northern Ireland: no LSIP area */
        r->rows_ok++;
        s->skipped++;
        continue;
      }
      if (!job->dict->places || !sp__ev_place_known(job->dict->places, code)) {
        sp__ev_errs_add(&r->errs, line, cname,
                        "district %s is in no ONS lookup (data/ons/): a code of 2011 or later "
                        "is needed",
                        code);
        continue;
      }
    } else if (sp__ev_map_get(&job->dict->area_by_code, code, strlen(code)) < 0) {
      sp__ev_errs_add(&r->errs, line, cname, "unknown LSIP area code \"%.40s\"", code);
      continue;
    }
    const char *tid = cols->tid >= 0 ? sp_csv_field(csv, (size_t)cols->tid) : "";
    /* Filters, as an object in header order; the SSA code; Total. */
    int bad = 0, total = 0;
    char ssa[8] = "";
    json_object_clear(fobj ? fobj : (fobj = json_object()));
    if (!fobj) {
      rc = SP_ENOMEM;
      break;
    }
    for (int i = 0; i < cols->n && !bad; i++) {
      if (cols->role[i] != 1)
        continue;
      const char *v = sp_csv_field(csv, (size_t)i);
      if (strlen(v) > EES_MAX_TEXT) {
        sp__ev_errs_add(&r->errs, line, cols->name[i], "longer than %d bytes", EES_MAX_TEXT);
        bad = 1;
        break;
      }
      if (ieq(v, "Total")) {
        if (cols->has_other[i])
          total = 1;
      }
      else if (!ssa[0] && ssa_column(cols->name[i])) {
        const char *c = ssa_match(job->dict, v, ssa_tier(cols->name[i]));
        if (c)
          snprintf(ssa, sizeof(ssa), "%s", c);
      }
      json_object_set_new(fobj, cols->name[i], json_string(v));
    }
    if (bad)
      continue;
    /* Every indicator first checked, so that a bad row adds no cell. */
    double vals[EES_MAX_COLS];
    const char *syms[EES_MAX_COLS];
    for (int i = 0; i < cols->n && !bad; i++) {
      if (cols->role[i] != 2)
        continue;
      const char *v = sp_csv_field(csv, (size_t)i);
      syms[i] = NULL;
      if (is_symbol(v))
        syms[i] = v;
      else if (!parse_number(v, &vals[i])) {
        sp__ev_errs_add(&r->errs, line, cols->name[i],
                        "must be a number or a suppression symbol (c, low, x, z, u, ~, :, !, *, "
                        "-), not \"%.40s\"",
                        v);
        bad = 1;
      }
    }
    if (bad)
      continue;
    char *fs = json_dumps(fobj, JSON_COMPACT | JSON_PRESERVE_ORDER);
    long fid = fs ? pool_id(&s->strs, fs) : -1;
    free(fs);
    long tidx = pool_id(&s->strs, tid);
    if (fid < 0 || tidx < 0) {
      rc = SP_ENOMEM;
      break;
    }
    for (int i = 0; i < cols->n; i++) {
      if (cols->role[i] != 2)
        continue;
      if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        struct ees_cell *nv = sp_realloc(s->c, cap * sizeof(*nv));
        if (!nv) {
          rc = SP_ENOMEM;
          goto out;
        }
        s->c = nv;
        s->cap = cap;
      }
      struct ees_cell *c = &s->c[s->n++];
      memset(c, 0, sizeof(*c));
      c->line = line;
      c->geo = g == GEO_LSIP;
      c->total = total;
      snprintf(c->code, sizeof(c->code), "%s", code);
      snprintf(c->period, sizeof(c->period), "%s", tp);
      snprintf(c->ssa, sizeof(c->ssa), "%s", ssa);
      c->tid = tidx;
      c->filters = fid;
      c->ind = pool_id(&s->strs, cols->name[i]);
      if (c->ind < 0) {
        rc = SP_ENOMEM;
        goto out;
      }
      if (syms[i])
        snprintf(c->symbol, sizeof(c->symbol), "%s", syms[i]);
      else
        c->value = vals[i];
    }
    r->rows_ok++;
  }
out:
  json_decref(fobj);
  sp_csv_close(csv);
  sp_ctx_free(tmp);
  return rc;
}

enum sp_rc sp__ev_read_ees(const struct ev_job *job, const char *data, size_t len,
                           struct ev_scan_result *r) {
  memset(r, 0, sizeof(*r));
  r->errs.keep = job->accept_valid ? 1000000 : 100;
  if (len == 0) {
    sp__ev_errs_add(&r->errs, 1, "", "the file is empty (a header line is required)");
    r->fatal = 1;
    return SP_OK;
  }
  struct ees_state *s = sp_calloc(1, sizeof(*s));
  struct ees_cols *cols = sp_calloc(1, sizeof(*cols));
  if (!s || !cols) {
    sp_free(s);
    sp_free(cols);
    return SP_ENOMEM;
  }
  r->state = s;
  enum sp_rc rc = ees_pass(job, data, len, 0, cols, r, s);
  if (rc == SP_OK && !r->fatal) {
    int nind = 0;
    for (int i = 0; i < cols->n; i++) {
      if (structural(cols->name[i]) || !cols->name[i][0])
        cols->role[i] = 0;
      /* A filter says Total somewhere, or holds words in more than one
       * value in ten; an indicator's few words are then its errors. */
      else if (cols->has_total[i] || cols->seen[i] * 10 > cols->values[i] || !cols->values[i])
        cols->role[i] = 1;
      else
        cols->role[i] = 2, nind++;
    }
    if (nind == 0) {
      sp__ev_errs_add(&r->errs, 1, "",
                      "no indicator column: no column holds only numbers and suppression "
                      "symbols");
      r->fatal = 1;
    }
  }
  if (rc == SP_OK && !r->fatal)
    rc = ees_pass(job, data, len, 1, cols, r, s);
  for (int i = 0; i < EES_MAX_COLS; i++)
    sp_free(cols->own[i]);
  sp_free(cols);
  if (rc == SP_OK && !r->fatal && r->rows_read == 0) {
    sp__ev_errs_add(&r->errs, 2, "", "the file has a header but no rows");
    r->fatal = 1;
  }
  return rc;
}

struct ees_walk {
  struct ees_state *s;
  int64_t import_id;
  size_t i;
  char num[40]; /* the figure as text, borrowed by the bulk writer until the next row */
};

static int ees_next(void *ud, struct sp_bulk_val *v) {
  struct ees_walk *w = ud;
  if (w->i >= w->s->n)
    return 0;
  const struct ees_cell *c = &w->s->c[w->i++];
  const char *f = w->s->strs.s[c->filters], *t = w->s->strs.s[c->tid],
             *ind = w->s->strs.s[c->ind];
  v[0] = (struct sp_bulk_val){SP_BULK_INT, w->import_id, NULL, 0};
  v[1] = (struct sp_bulk_val){SP_BULK_INT, c->line, NULL, 0};
  v[2] = (struct sp_bulk_val){SP_BULK_TEXT, 0, c->geo ? "lsip" : "lad", c->geo ? 4 : 3};
  v[3] = (struct sp_bulk_val){SP_BULK_TEXT, 0, c->code, strlen(c->code)};
  v[4] = (struct sp_bulk_val){SP_BULK_TEXT, 0, c->period, strlen(c->period)};
  v[5] = (struct sp_bulk_val){SP_BULK_TEXT, 0, t, strlen(t)};
  v[6] = (struct sp_bulk_val){SP_BULK_TEXT, 0, f, strlen(f)};
  v[7] = (struct sp_bulk_val){SP_BULK_INT, c->total, NULL, 0};
  v[8] = c->ssa[0] ? (struct sp_bulk_val){SP_BULK_TEXT, 0, c->ssa, strlen(c->ssa)}
                   : (struct sp_bulk_val){SP_BULK_NULL, 0, NULL, 0};
  v[9] = (struct sp_bulk_val){SP_BULK_TEXT, 0, ind, strlen(ind)};
  /* Figures go through text so that 12.5 stays 12.5 and 40 stays 40. */
  char *num = w->num;
  if (c->symbol[0]) {
    v[10] = (struct sp_bulk_val){SP_BULK_NULL, 0, NULL, 0};
    v[11] = (struct sp_bulk_val){SP_BULK_TEXT, 0, c->symbol, strlen(c->symbol)};
  } else {
    snprintf(num, sizeof(w->num), "%.15g", c->value);
    v[10] = (struct sp_bulk_val){SP_BULK_TEXT, 0, num, strlen(num)};
    v[11] = (struct sp_bulk_val){SP_BULK_NULL, 0, NULL, 0};
  }
  return 1;
}

enum sp_rc sp__ev_store_ees(struct sp_ctx *ctx, const struct ev_job *job, void *state,
                            int64_t import_id, long *groups, long *unplaced) {
  struct ees_state *s = state;
  struct ees_walk w = {s, import_id, 0, ""};
  (void)job;
  *unplaced = s->skipped;
  *groups = (long)s->n;
  return sp_store_bulk(sp_ctx_store(ctx), ctx,
                       "INSERT INTO ev_ees_cells(import_id, line, geo, code, period, "
                       "time_identifier, filters, total, ssa_code, indicator, value, symbol) "
                       "SELECT c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, CAST(c10 AS REAL), c11 "
                       "FROM sp_bulk",
                       12, ees_next, &w);
}

/* The LARS sector subject area names (ssa_tier1, ssa_tier2) and the
 * district codes of every lookup. */
enum sp_rc sp__ev_dict_load_ees(struct sp_ctx *ctx, const char *data_dir, struct ev_dict *d) {
  struct sp_stmt *q = NULL;
  int row;
  d->places = sp_calloc(1, sizeof(*d->places));
  if (!d->places)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  enum sp_rc rc = sp__ev_places_load(ctx, data_dir, sp_ctx_today(ctx), d->places);
  if (rc != SP_OK) {
    sp_free(d->places);
    d->places = NULL;
    return rc;
  }
  rc = sp_store_prepare(sp_ctx_store(ctx), ctx,
                        "SELECT code, name, 1 FROM ssa_tier1 UNION ALL "
                        "SELECT code, name, 2 FROM ssa_tier2 ORDER BY 3, 1",
                        &q);
  int cap = 0;
  while (rc == SP_OK && (rc = sp_stmt_step(q, ctx, &row)) == SP_OK && row) {
    if (d->nssa_names == cap) {
      int nc = cap ? cap * 2 : 256;
      struct ev_ssa_name *v = sp_realloc(d->ssa_names, (size_t)nc * sizeof(*v));
      if (!v) {
        rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
        break;
      }
      d->ssa_names = v;
      cap = nc;
    }
    struct ev_ssa_name *n = &d->ssa_names[d->nssa_names++];
    snprintf(n->code, sizeof(n->code), "%s", sp_stmt_text(q, 0));
    snprintf(n->name, sizeof(n->name), "%s", sp_stmt_text(q, 1));
    n->tier = (int)sp_stmt_int(q, 2);
  }
  sp_stmt_free(q);
  return rc;
}
