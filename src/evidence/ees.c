/*
 * ees.c: reads explore-education-statistics "Further education and skills"
 * tidy CSV files as published (columns found by name; extra columns are
 * allowed). Counts may be suppressed with the publication's symbols: "low"
 * (under 5), "x" (not available), "z" (not applicable), "c" (confidential).
 * A suppressed cell is counted in the group's *_suppressed tally and never
 * added as 0 or as a number. LSIP-level rows are used; district-level rows
 * are summed to areas only when the file has no LSIP-level rows; national
 * and regional rows are skipped (they would count the same learners again).
 * Level "Total" rows are skipped for the same reason.
 */
#include <stdio.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/csv.h"
#include "../store/store.h"
#include "ev_int.h"

#define EES_LSIP "Local skills improvement plan area"
#define EES_LAD "Local authority district"

struct ees_group {
  int area, level, year;
  char ptype[48], age[32];
  long v[3];   /* starts, participation, achievements */
  long sup[3]; /* suppressed cells */
  long rows;
};

struct ees_state {
  struct ees_group *g;
  size_t n, cap;
  long skipped;
};

void sp__ev_ees_free(void *st) {
  struct ees_state *s = st;
  if (!s)
    return;
  sp_free(s->g);
  sp_free(s);
}

/* 1 number, 0 suppressed, -1 neither. */
static int ees_count(const char *s, long *v) {
  if (strcmp(s, "low") == 0 || strcmp(s, "x") == 0 || strcmp(s, "z") == 0 || strcmp(s, "c") == 0)
    return 0;
  *v = sp__ev_parse_count(s, strlen(s));
  return *v >= 0 ? 1 : -1;
}

static int ees_level(const char *s) {
  if (strcmp(s, "Entry level") == 0)
    return 0;
  if (strcmp(s, "Level 4+") == 0 || strcmp(s, "Level 4 and above") == 0)
    return 4;
  if (strncmp(s, "Level ", 6) == 0 && s[6] >= '1' && s[6] <= '8' && s[7] == '\0')
    return s[6] - '0';
  if (strcmp(s, "Total") == 0 || strcmp(s, "Below level 2") == 0 ||
      strcmp(s, "Full level 2") == 0 || strcmp(s, "Full level 3") == 0 ||
      strcmp(s, "Not assigned") == 0 || strcmp(s, "Unknown") == 0)
    return -2; /* an aggregate or overlapping category: skipped */
  return -1;
}

static const char *const measures[3] = {"starts", "participation", "learner_achievements"};

/* One pass; when lsip_only is set, district rows are skipped. */
static enum sp_rc ees_pass(const struct ev_job *job, const char *data, size_t len, int pass,
                           int *has_lsip, struct ev_scan_result *r, struct ees_state *s) {
  static const char *const want[] = {"time_period", "geographic_level", "provision_type",
                                     "level_or_type", "age_summary", "starts",
                                     "participation", "learner_achievements", NULL};
  struct sp_csv *csv = NULL;
  struct sp_ctx *tmp = sp_ctx_new(NULL);
  enum sp_rc rc;
  int eof;
  if (!tmp)
    return SP_ENOMEM;
  size_t off = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  rc = sp_csv_open_mem(tmp, job->name, data + off, len - off, job->max_line, &csv);
  if (rc == SP_OK)
    rc = sp_csv_read_header(csv, tmp, want);
  if (rc == SP_OK && sp_csv_col(csv, "lad_code") < 0 && sp_csv_col(csv, "lsip_code") < 0)
    rc = sp_ctx_fail(tmp, SP_EINVAL, NULL, "%s:1: the header needs lad_code or lsip_code",
                     job->name);
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
      rc = SP_OK;
      break;
    }
    if (eof)
      break;
    long line = sp_csv_line(csv);
    const char *geo = sp_csv_get(csv, "geographic_level");
    int is_lsip = strcmp(geo, EES_LSIP) == 0, is_lad = strcmp(geo, EES_LAD) == 0;
    if (pass == 0) {
      *has_lsip |= is_lsip;
      continue;
    }
    r->rows_read++;
    if (sp_csv_check_width(csv, tmp) != SP_OK) {
      sp__ev_errs_add(&r->errs, line, "", "%s", sp_ctx_errmsg(tmp));
      continue;
    }
    const char *tp = sp_csv_get(csv, "time_period");
    long t = strlen(tp) == 6 ? sp__ev_parse_count(tp, 6) : -1;
    if (t < 0 || (t % 100) != (t / 100 + 1) % 100 || t / 100 < EV_YEAR_MIN ||
        t / 100 >= EV_YEAR_MIN + EV_NYEARS) {
      sp__ev_errs_add(&r->errs, line, "time_period",
                      "must be an academic year written like 202324 (EES convention)");
      continue;
    }
    int area = -1;
    if (is_lsip) {
      const char *c = sp_csv_get(csv, "lsip_code");
      area = sp__ev_map_get(&job->dict->area_by_code, c, strlen(c));
      if (area < 0) {
        sp__ev_errs_add(&r->errs, line, "lsip_code", "unknown LSIP area code %s", c);
        continue;
      }
    } else if (is_lad) {
      const char *c = sp_csv_get(csv, "lad_code");
      area = sp__ev_map_get(&job->dict->area_by_lad, c, strlen(c));
      if (area < 0) {
        sp__ev_errs_add(&r->errs, line, "lad_code",
                        "unknown local authority district %s (no area holds it today)", c);
        continue;
      }
    }
    const char *lv = sp_csv_get(csv, "level_or_type");
    int level = ees_level(lv);
    if (level == -1) {
      sp__ev_errs_add(&r->errs, line, "level_or_type",
                      "unknown level \"%s\" (Entry level, Level 1 to Level 8, Level 4+, Total, "
                      "Below level 2, Full level 2, Full level 3)",
                      lv);
      continue;
    }
    long v[3] = {0, 0, 0};
    int kind[3], bad = 0;
    for (int m = 0; m < 3 && !bad; m++) {
      kind[m] = ees_count(sp_csv_get(csv, measures[m]), &v[m]);
      if (kind[m] < 0) {
        sp__ev_errs_add(&r->errs, line, measures[m],
                        "must be a whole number or a suppression symbol low, x, z or c");
        bad = 1;
      }
    }
    if (bad)
      continue;
    const char *ptype = sp_csv_get(csv, "provision_type"), *age = sp_csv_get(csv, "age_summary");
    if (strlen(ptype) >= 48 || strlen(age) >= 32 || !*ptype || !*age) {
      sp__ev_errs_add(&r->errs, line, "provision_type",
                      "provision_type (under 48 bytes) and age_summary (under 32) are required");
      continue;
    }
    r->rows_ok++;
    if (area < 0 || level == -2 || (is_lad && *has_lsip)) {
      s->skipped++;
      continue;
    }
    int year = (int)(t / 100);
    struct ees_group *g = NULL;
    for (size_t i = 0; i < s->n; i++)
      if (s->g[i].area == area && s->g[i].level == level && s->g[i].year == year &&
          strcmp(s->g[i].ptype, ptype) == 0 && strcmp(s->g[i].age, age) == 0) {
        g = &s->g[i];
        break;
      }
    if (!g) {
      if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        struct ees_group *nv = sp_realloc(s->g, cap * sizeof(*nv));
        if (!nv) {
          rc = SP_ENOMEM;
          goto out;
        }
        s->g = nv;
        s->cap = cap;
      }
      g = &s->g[s->n++];
      memset(g, 0, sizeof(*g));
      g->area = area;
      g->level = level;
      g->year = year;
      snprintf(g->ptype, sizeof(g->ptype), "%s", ptype);
      snprintf(g->age, sizeof(g->age), "%s", age);
    }
    for (int m = 0; m < 3; m++) {
      if (kind[m])
        g->v[m] += v[m];
      else
        g->sup[m]++;
    }
    g->rows++;
  }
out:
  sp_csv_close(csv);
  sp_ctx_free(tmp);
  return rc;
}

enum sp_rc sp__ev_read_ees(const struct ev_job *job, const char *data, size_t len,
                           struct ev_scan_result *r) {
  int has_lsip = 0;
  memset(r, 0, sizeof(*r));
  r->errs.keep = job->accept_valid ? 1000000 : 100;
  if (len == 0) {
    sp__ev_errs_add(&r->errs, 1, "", "the file is empty (a header line is required)");
    r->fatal = 1;
    return SP_OK;
  }
  struct ees_state *s = sp_calloc(1, sizeof(*s));
  if (!s)
    return SP_ENOMEM;
  r->state = s;
  enum sp_rc rc = ees_pass(job, data, len, 0, &has_lsip, r, s);
  if (rc == SP_OK && !r->fatal)
    rc = ees_pass(job, data, len, 1, &has_lsip, r, s);
  if (rc == SP_OK && !r->fatal && r->rows_read == 0) {
    sp__ev_errs_add(&r->errs, 2, "", "the file has a header but no rows");
    r->fatal = 1;
  }
  return rc;
}

enum sp_rc sp__ev_store_ees(struct sp_ctx *ctx, const struct ev_job *job, void *state,
                            int64_t import_id, long *groups, long *unplaced) {
  struct ees_state *s = state;
  *unplaced = s->skipped;
  struct sp_stmt *q = NULL;
  enum sp_rc rc = sp_store_prepare(
      sp_ctx_store(ctx), ctx,
      "INSERT INTO ev_ees(import_id, area_code, level, year, provision_type, age_summary, "
      "starts, participation, achievements, starts_suppressed, participation_suppressed, "
      "achievements_suppressed, rows) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
      &q);
  for (size_t i = 0; rc == SP_OK && i < s->n; i++) {
    const struct ees_group *g = &s->g[i];
    sp_stmt_reset(q);
    if (sp_stmt_bind_int(q, 1, import_id) != SP_OK ||
        sp_stmt_bind_text(q, 2, job->dict->area_code[g->area]) != SP_OK ||
        sp_stmt_bind_text(q, 3, sp__ev_level_code(g->level)) != SP_OK ||
        sp_stmt_bind_int(q, 4, g->year) != SP_OK || sp_stmt_bind_text(q, 5, g->ptype) != SP_OK ||
        sp_stmt_bind_text(q, 6, g->age) != SP_OK || sp_stmt_bind_int(q, 7, g->v[0]) != SP_OK ||
        sp_stmt_bind_int(q, 8, g->v[1]) != SP_OK || sp_stmt_bind_int(q, 9, g->v[2]) != SP_OK ||
        sp_stmt_bind_int(q, 10, g->sup[0]) != SP_OK ||
        sp_stmt_bind_int(q, 11, g->sup[1]) != SP_OK ||
        sp_stmt_bind_int(q, 12, g->sup[2]) != SP_OK || sp_stmt_bind_int(q, 13, g->rows) != SP_OK)
      rc = SP_ENOMEM;
    if (rc == SP_OK)
      rc = sp_stmt_run(q, ctx);
  }
  *groups = (long)s->n;
  sp_stmt_free(q);
  return rc;
}
