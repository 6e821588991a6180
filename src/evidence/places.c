/*
 * places.c: districts of any date placed in the areas of any date. A
 * district code from 2011 on is followed through its successors (the ONS
 * lookups vendored in data/ons/: lad11_lad21_lookup.csv, the 2019-2021
 * reorganisations; lad22_lad23_changes.csv, those of 2023-04-01; and
 * lad_change_dates.csv, our dated list of the 2011-2021 changes and the
 * later recodings the ONS files lack) until it reaches a code that an area
 * held on the asked date (area_lads pairings valid that day). Taunton Deane
 * (E07000190, until 2019) goes through Somerset West and Taunton
 * (E07000246, 2019-2023) to Somerset (E06000066), in Heart of the
 * South-West on 2024-01-01 and in Somerset on 2026-01-01. Each code reaches
 * exactly one area, so the land of a merged district is counted once.
 */
#include <stdio.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/csv.h"
#include "../base/date.h"
#include "../base/text.h"
#include "../store/store.h"
#include "ev_int.h"

#define PLACE_MAX_HOPS 8

void sp__ev_places_free(struct ev_places *p) {
  if (!p)
    return;
  sp__ev_map_free(&p->succ);
  sp__ev_map_free(&p->known);
  sp__ev_map_free(&p->lad_area);
  sp__ev_map_free(&p->lsip);
  sp_free(p->sv);
  sp_free(p->acode);
  sp_free(p->aname);
  memset(p, 0, sizeof(*p));
}

static enum sp_rc add_succ(struct sp_ctx *ctx, struct ev_places *p, const char *from,
                           const char *to, const char *effective) {
  if (strlen(from) != 9 || strlen(to) != 9)
    return sp_ctx_fail(ctx, SP_EINVAL, "code", "district codes are 9 characters: %s -> %s", from,
                       to);
  int32_t i = sp__ev_map_get(&p->succ, from, 9);
  if (i == EV_UNKNOWN) {
    if (p->nsv == p->capsv) {
      size_t cap = p->capsv ? p->capsv * 2 : 64;
      struct ev_succ *v = sp_realloc(p->sv, cap * sizeof(*v));
      if (!v)
        return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
      p->sv = v;
      p->capsv = cap;
    }
    i = (int32_t)p->nsv++;
    memset(&p->sv[i], 0, sizeof(p->sv[i]));
    if (sp__ev_map_put(&p->succ, from, 9, i) != SP_OK)
      return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  }
  snprintf(p->sv[i].from, sizeof(p->sv[i].from), "%s", from);
  snprintf(p->sv[i].to, sizeof(p->sv[i].to), "%s", to);
  if (effective && *effective)
    snprintf(p->sv[i].effective, sizeof(p->sv[i].effective), "%s", effective);
  if (sp__ev_map_put(&p->known, from, 9, 1) != SP_OK || sp__ev_map_put(&p->known, to, 9, 1))
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  return SP_OK;
}

/* Reads one lookup file: for each row, cols[0] -> cols[1] (effective from
 * cols[2] when given), skipping rows whose two codes are the same. */
static enum sp_rc read_lookup(struct sp_ctx *ctx, struct ev_places *p, const char *data_dir,
                              const char *file, const char *const *want, int dates_only) {
  char path[1024];
  struct sp_csv *csv = NULL;
  int eof;
  snprintf(path, sizeof(path), "%s/ons/%s", data_dir, file);
  enum sp_rc rc = sp_csv_open(ctx, path, 4096, &csv);
  if (rc == SP_OK)
    rc = sp_csv_read_header(csv, ctx, want);
  while (rc == SP_OK && (rc = sp_csv_next(csv, ctx, &eof)) == SP_OK && !eof) {
    const char *from = sp_csv_get(csv, want[0]), *to = sp_csv_get(csv, want[1]);
    const char *eff = want[2] ? sp_csv_get(csv, want[2]) : NULL;
    if (strcmp(from, to) == 0)
      continue;
    if (eff && *eff) {
      int y, m, d;
      if (sscanf(eff, "%4d-%2d-%2d", &y, &m, &d) != 3 || strlen(eff) != 10 ||
          !sp_date_valid_ymd(y, m, d)) {
        rc = sp_csv_fail(csv, ctx, SP_EINVAL, want[2], "must be a date YYYY-MM-DD");
        break;
      }
    }
    int32_t i = sp__ev_map_get(&p->succ, from, strlen(from));
    if (dates_only && i >= 0 && strcmp(p->sv[i].to, to) != 0) {
      rc = sp_csv_fail(csv, ctx, SP_EINVAL, want[1],
                       "%s is followed by %s in the ONS lookup, not by %s", from, p->sv[i].to,
                       to);
      break;
    }
    rc = add_succ(ctx, p, from, to, eff);
  }
  sp_csv_close(csv);
  return rc;
}

/* The successions of every district code from 2011 on. */
static enum sp_rc load_successions(struct sp_ctx *ctx, struct ev_places *p,
                                   const char *data_dir) {
  static const char *const l11[] = {"LAD11CD", "LAD21CD", NULL, NULL};
  static const char *const l22[] = {"LAD22CD", "LAD23CD", "effective", NULL};
  static const char *const dates[] = {"old_code", "new_code", "effective", NULL};
  enum sp_rc rc = read_lookup(ctx, p, data_dir, "lad11_lad21_lookup.csv", l11, 0);
  if (rc == SP_OK)
    rc = read_lookup(ctx, p, data_dir, "lad22_lad23_changes.csv", l22, 0);
  if (rc == SP_OK)
    rc = read_lookup(ctx, p, data_dir, "lad_change_dates.csv", dates, 1);
  for (size_t i = 0; rc == SP_OK && i < p->nsv; i++)
    if (!p->sv[i].effective[0])
      rc = sp_ctx_fail(ctx, SP_EINVAL, "effective",
                       "%s/ons/lad_change_dates.csv: no date for the change of %s to %s",
                       data_dir, p->sv[i].from, p->sv[i].to);
  return rc;
}

enum sp_rc sp__ev_places_load(struct sp_ctx *ctx, const char *data_dir, int32_t day,
                              struct ev_places *p) {
  struct sp_store *st = sp_ctx_store(ctx);
  struct sp_stmt *s = NULL;
  char iso[11];
  int row;
  memset(p, 0, sizeof(*p));
  p->day = day;
  sp_date_format(day, iso);
  enum sp_rc rc = load_successions(ctx, p, data_dir);
  if (rc != SP_OK)
    goto fail;
  /* The areas live on the day, with their names that day. */
  rc = sp_store_prepare(
      st, ctx,
      "SELECT a.code, COALESCE((SELECT n.name FROM area_names n WHERE n.code = a.code AND "
      "(n.valid_from IS NULL OR n.valid_from <= ?1) AND (n.valid_to IS NULL OR n.valid_to > ?1) "
      "ORDER BY n.valid_from DESC LIMIT 1), a.code) FROM areas a WHERE (a.valid_from IS NULL OR "
      "a.valid_from <= ?1) AND (a.valid_to IS NULL OR a.valid_to > ?1) ORDER BY a.code",
      &s);
  if (rc == SP_OK)
    rc = sp_stmt_bind_text(s, 1, iso);
  while (rc == SP_OK && (rc = sp_stmt_step(s, ctx, &row)) == SP_OK && row) {
    const char *c = sp_stmt_text(s, 0);
    if (strlen(c) > 15)
      continue;
    if (p->nareas % 32 == 0) {
      char(*ac)[16] = sp_realloc(p->acode, (size_t)(p->nareas + 32) * 16);
      if (ac)
        p->acode = ac;
      char(*an)[96] = sp_realloc(p->aname, (size_t)(p->nareas + 32) * 96);
      if (an)
        p->aname = an;
      if (!ac || !an) {
        rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
        break;
      }
    }
    snprintf(p->acode[p->nareas], 16, "%s", c);
    sp_trim_copy(p->aname[p->nareas], 96, sp_stmt_text(s, 1));
    if (sp__ev_map_put(&p->lsip, c, strlen(c), p->nareas) != SP_OK) {
      rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
      break;
    }
    p->nareas++;
  }
  sp_stmt_free(s);
  s = NULL;
  if (rc != SP_OK)
    goto fail;
  /* Every district code the store knows (any date), and those paired on the day. */
  rc = sp_store_prepare(st, ctx,
                        "SELECT lad_code, area_code, (valid_from IS NULL OR valid_from <= ?1) AND "
                        "(valid_to IS NULL OR valid_to > ?1) FROM area_lads ORDER BY lad_code, "
                        "area_code",
                        &s);
  if (rc == SP_OK)
    rc = sp_stmt_bind_text(s, 1, iso);
  while (rc == SP_OK && (rc = sp_stmt_step(s, ctx, &row)) == SP_OK && row) {
    const char *lad = sp_stmt_text(s, 0), *a = sp_stmt_text(s, 1);
    size_t n = strlen(lad);
    if (n == 0 || n > 15)
      continue;
    if (sp__ev_map_put(&p->known, lad, n, 1) != SP_OK) {
      rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
      break;
    }
    int32_t ai = sp__ev_map_get(&p->lsip, a, strlen(a));
    /* As dict.c: the first area by code keeps a district paired twice. */
    if (sp_stmt_int(s, 2) && ai >= 0 && sp__ev_map_get(&p->lad_area, lad, n) == EV_UNKNOWN &&
        sp__ev_map_put(&p->lad_area, lad, n, ai) != SP_OK) {
      rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
      break;
    }
  }
  sp_stmt_free(s);
  s = NULL;
  if (rc != SP_OK)
    goto fail;
  if (p->lad_area.n == 0) {
    rc = sp_ctx_fail(ctx, SP_ESTATE, NULL,
                     "no local authority districts are paired with areas on %s: load the "
                     "reference data first (skillplan init)",
                     iso);
    goto fail;
  }
  return SP_OK;
fail:
  sp__ev_places_free(p);
  return rc;
}

int sp__ev_place_lad(const struct ev_places *p, const char *code, int *hops) {
  size_t n = strlen(code);
  if (hops)
    *hops = 0;
  for (int h = 0; h <= PLACE_MAX_HOPS; h++) {
    int32_t a = sp__ev_map_get(&p->lad_area, code, n);
    if (a >= 0) {
      if (hops)
        *hops = h;
      return a;
    }
    int32_t s = sp__ev_map_get(&p->succ, code, n);
    if (s < 0)
      return sp__ev_map_get(&p->known, code, n) >= 0 || h > 0 ? -2 : -1;
    code = p->sv[s].to;
    n = strlen(code);
  }
  return -2;
}

int sp__ev_place_known(const struct ev_places *p, const char *code) {
  return sp__ev_map_get(&p->known, code, strlen(code)) >= 0;
}

enum sp_rc sp_evidence_place(struct sp_ctx *ctx, const char *data_dir, const char *lad,
                             int32_t day, char area[16]) {
  struct ev_places p;
  area[0] = '\0';
  enum sp_rc rc =
      sp__ev_places_load(ctx, data_dir ? data_dir : SP_SOURCE_DIR "/data", day, &p);
  if (rc != SP_OK)
    return rc;
  int a = sp__ev_place_lad(&p, lad, NULL);
  char iso[11];
  if (a >= 0)
    snprintf(area, 16, "%s", p.acode[a]);
  else if (a == -1)
    rc = sp_ctx_fail(ctx, SP_ENOTFOUND, "lad_code",
                     "%s is not a local authority district code of any lookup", lad);
  else
    rc = sp_ctx_fail(ctx, SP_ENOTFOUND, "lad_code", "no area held %s on %s", lad,
                     sp_date_format(day, iso));
  sp__ev_places_free(&p);
  return rc;
}

enum sp_rc sp__ev_dict_add_successors(struct sp_ctx *ctx, const char *data_dir,
                                      struct ev_dict *d) {
  struct ev_places p;
  memset(&p, 0, sizeof(p));
  enum sp_rc rc = load_successions(ctx, &p, data_dir);
  /* An old code goes to the area its newest successor is paired with today. */
  for (size_t i = 0; rc == SP_OK && i < p.nsv; i++) {
    const char *code = p.sv[i].from;
    if (sp__ev_map_get(&d->area_by_lad, code, 9) >= 0)
      continue;
    int32_t a = EV_UNKNOWN;
    const char *c = code;
    for (int h = 0; h <= PLACE_MAX_HOPS && a < 0; h++) {
      int32_t s = sp__ev_map_get(&p.succ, c, 9);
      if (s < 0)
        break;
      c = p.sv[s].to;
      a = sp__ev_map_get(&d->area_by_lad, c, 9);
    }
    if (a >= 0 && (sp__ev_map_put(&d->area_by_lad, code, 9, a) != SP_OK ||
                   sp__ev_map_put(&d->area_by_any, code, 9, a) != SP_OK))
      rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  }
  sp__ev_places_free(&p);
  return rc;
}
