/*
 * gaps.c: the measures built on the stored summaries: an area's gap table,
 * its ranked candidate priorities with the evidence behind each, where
 * needs converge (across sectors in the area, and across neighbouring
 * areas: the same ONS region), and a provider's alignment with its areas'
 * priorities. Each measure is one SQL statement over the summary tables,
 * the same SQL that docs/data-formats.md documents and the benchmark runs.
 *
 * Definitions (per area, route, pathway, level and academic year):
 *   demand       = people needed (employer needs) + vacancies
 *   demand_small = people needed by micro and small employers
 *   supply       = starts and achievements (provision, ILR)
 *   gap          = demand - achievements
 *   trend        = gap - gap of the year before (null without that year)
 */
#include <stdio.h>
#include <string.h>

#include "../base/alloc.h"
#include "../store/store.h"
#include "evidence.h"

#define EV_SEEN_YEARS 64

/* The gap table rows of one area (?1) from ev_gap, with the measures. The
 * table is the sum of the summaries (docs/data-formats.md, "The gap table
 * in SQL"): ev_gap only saves adding them up again on every query. */
#define GAP_COLS                                                                                \
  " g.route_code, g.pathway_code, NULLIF(g.level, '') AS level, g.year, g.needs,"              \
  " g.needs_small, g.vacancies, g.needs + g.vacancies AS demand, g.needs_small AS demand_small," \
  " g.hard_to_fill, g.starts, g.achievements, g.needs + g.vacancies - g.achievements AS gap"

#define LEVEL_ORD(col)                                                                          \
  "CASE WHEN " col " = '' THEN 9 WHEN " col " = 'E' THEN 0 ELSE CAST(" col " AS INTEGER) END"

static enum sp_rc area_check(struct sp_ctx *ctx, const char *area, char *name, size_t namesz) {
  struct sp_stmt *s = NULL;
  int row = 0;
  enum sp_rc rc = sp_store_prepare(sp_ctx_store(ctx), ctx,
                                   "SELECT a.code, (SELECT n.name FROM area_names n WHERE n.code "
                                   "= a.code ORDER BY n.valid_from DESC LIMIT 1) FROM areas a "
                                   "WHERE a.code = ?1",
                                   &s);
  if (rc == SP_OK)
    rc = sp_stmt_bind_text(s, 1, area);
  if (rc == SP_OK)
    rc = sp_stmt_step(s, ctx, &row);
  if (rc == SP_OK && !row)
    rc = sp_ctx_fail(ctx, SP_ENOTFOUND, "area", "no area with the code %s", area);
  if (rc == SP_OK)
    snprintf(name, namesz, "%s", sp_stmt_text(s, 1));
  sp_stmt_free(s);
  return rc;
}

static enum sp_rc bind_opt(struct sp_stmt *s, int idx, const char *v) {
  return v && *v ? sp_stmt_bind_text(s, idx, v) : sp_stmt_bind_null(s, idx);
}

/* Runs sql with ?1 = area and up to three more parameters into a JSON array. */
static enum sp_rc run_json(struct sp_ctx *ctx, const char *sql, const char *area,
                           const char *p2, const char *p3, int64_t p4, json_t **out) {
  struct sp_stmt *s = NULL;
  enum sp_rc rc = sp_store_prepare(sp_ctx_store(ctx), ctx, sql, &s);
  if (rc == SP_OK)
    rc = sp_stmt_bind_text(s, 1, area);
  if (rc == SP_OK && strstr(sql, "?2"))
    rc = bind_opt(s, 2, p2);
  if (rc == SP_OK && strstr(sql, "?3"))
    rc = bind_opt(s, 3, p3);
  if (rc == SP_OK && strstr(sql, "?4"))
    rc = sp_stmt_bind_int(s, 4, p4);
  if (rc == SP_OK)
    rc = sp_stmt_all_json(s, ctx, out);
  sp_stmt_free(s);
  return rc;
}

enum sp_rc sp_evidence_gaps(struct sp_ctx *ctx, const char *area, const struct sp_ev_filter *f,
                            json_t **out) {
  static const char *const sql =
      "SELECT" GAP_COLS ", (g.needs + g.vacancies - g.achievements)"
      " - (p.needs + p.vacancies - p.achievements) AS trend"
      " FROM ev_gap g LEFT JOIN ev_gap p ON p.area_code = g.area_code"
      " AND p.pathway_code = g.pathway_code AND p.level = g.level AND p.year = g.year - 1"
      " WHERE g.area_code = ?1 AND (?2 IS NULL OR g.route_code = ?2)"
      " AND (?3 IS NULL OR g.level = ?3) AND (?4 = 0 OR g.year = ?4)"
      " ORDER BY g.route_code, g.pathway_code, " LEVEL_ORD("g.level") ", g.year";
  char name[256];
  json_t *rows = NULL;
  enum sp_rc rc = area_check(ctx, area, name, sizeof(name));
  if (rc != SP_OK)
    return rc;
  rc = run_json(ctx, sql, area, f ? f->route : NULL, f ? f->level : NULL, f ? f->year : 0, &rows);
  if (rc != SP_OK)
    return rc;
  json_t *years = json_array();
  size_t i;
  json_t *r;
  int seen[EV_SEEN_YEARS] = {0};
  json_array_foreach(rows, i, r) {
    json_int_t y = json_integer_value(json_object_get(r, "year"));
    if (y >= 2000 && y < 2000 + EV_SEEN_YEARS)
      seen[y - 2000] = 1;
  }
  for (int y = 0; y < EV_SEEN_YEARS; y++)
    if (seen[y])
      json_array_append_new(years, json_integer(2000 + y));
  *out = json_pack("{s:s, s:s, s:o, s:o}", "area_code", area, "area_name", name, "years", years,
                   "rows", rows);
  return *out ? SP_OK : sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
}

/* The latest year with any evidence for the area; 0 when none. */
static int latest_year(struct sp_ctx *ctx, const char *area) {
  struct sp_stmt *s = NULL;
  int row = 0, y = 0;
  if (sp_store_prepare(sp_ctx_store(ctx), ctx,
                       "SELECT MAX(year) FROM ev_gap WHERE area_code = ?1",
                       &s) == SP_OK &&
      sp_stmt_bind_text(s, 1, area) == SP_OK && sp_stmt_step(s, ctx, &row) == SP_OK && row)
    y = (int)sp_stmt_int(s, 0);
  sp_stmt_free(s);
  return y;
}

/* Candidate priorities of one area and year (no evidence attached). */
static enum sp_rc candidates(struct sp_ctx *ctx, const char *area, int year, int limit,
                             json_t **out) {
  static const char *const sql =
      "SELECT" GAP_COLS ", g.sectors FROM ev_gap g WHERE g.area_code = ?1 AND g.year = ?4"
      " AND g.needs + g.vacancies - g.achievements > 0"
      " ORDER BY gap DESC, demand_small DESC, g.hard_to_fill DESC, g.route_code,"
      " g.pathway_code, " LEVEL_ORD("g.level") " LIMIT ?3";
  struct sp_stmt *s = NULL;
  enum sp_rc rc = sp_store_prepare(sp_ctx_store(ctx), ctx, sql, &s);
  if (rc == SP_OK && (sp_stmt_bind_text(s, 1, area) != SP_OK ||
                      sp_stmt_bind_int(s, 3, limit) != SP_OK ||
                      sp_stmt_bind_int(s, 4, year) != SP_OK))
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  if (rc == SP_OK)
    rc = sp_stmt_all_json(s, ctx, out);
  sp_stmt_free(s);
  return rc;
}

/* The SIC sections of a sector set as ["C", "F", ...]. */
static json_t *sector_list(json_int_t mask) {
  json_t *a = json_array();
  for (int i = 0; a && i < 21; i++)
    if (mask & ((json_int_t)1 << i)) {
      char c[2] = {(char)('A' + i), '\0'};
      json_array_append_new(a, json_string(c));
    }
  return a;
}

/* Runs sql binding ?1 area, ?2 pathway, ?3 level (may be null), ?4 year. */
static enum sp_rc group_json(struct sp_ctx *ctx, const char *sql, const char *area,
                             const char *pathway, const char *level, int year, json_t **out) {
  struct sp_stmt *s = NULL;
  enum sp_rc rc = sp_store_prepare(sp_ctx_store(ctx), ctx, sql, &s);
  if (rc == SP_OK &&
      (sp_stmt_bind_text(s, 1, area) != SP_OK || sp_stmt_bind_text(s, 2, pathway) != SP_OK ||
       bind_opt(s, 3, level) != SP_OK || sp_stmt_bind_int(s, 4, year) != SP_OK))
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  if (rc == SP_OK)
    rc = sp_stmt_all_json(s, ctx, out);
  sp_stmt_free(s);
  return rc;
}

#define GROUP_WHERE                                                                             \
  " WHERE area_code = ?1 AND pathway_code = ?2 AND level IS NOT DISTINCT FROM ?3 AND year = ?4"

/* Areas sharing the ONS region of ?1 (not ?1) where the group's gap > 0. */
static const char *const neighbours_sql =
    "SELECT g.area_code, g.needs + g.vacancies - g.achievements AS gap"
    " FROM ev_area_regions r1 JOIN ev_area_regions r2 ON r2.region_code = r1.region_code"
    " AND r2.area_code <> r1.area_code"
    " JOIN ev_gap g ON g.area_code = r2.area_code AND g.pathway_code = ?2"
    " AND g.level = COALESCE(?3, '') AND g.year = ?4"
    " WHERE r1.area_code = ?1 AND g.needs + g.vacancies - g.achievements > 0"
    " ORDER BY g.area_code";

/* One size band's needs of the group (ev_needs holds the bands as columns). */
#define NEEDS_BAND(o, band)                                                                     \
  "SELECT " #o " AS o, '" band "' AS size_band, SUM(" band "_people) AS people, SUM(" band     \
  "_hard) AS hard_to_fill_people, SUM(" band "_rows) AS rows FROM ev_needs" GROUP_WHERE

static enum sp_rc attach_evidence(struct sp_ctx *ctx, const char *area, int year, json_t *c) {
  const char *pathway = json_string_value(json_object_get(c, "pathway_code"));
  const char *level = json_string_value(json_object_get(c, "level"));
  json_t *needs = NULL, *supply = NULL, *samples = NULL, *nb = NULL;
  enum sp_rc rc = group_json(ctx,
                             "SELECT size_band, people, hard_to_fill_people, rows FROM ("
                             NEEDS_BAND(0, "micro") " UNION ALL " NEEDS_BAND(1, "small")
                             " UNION ALL " NEEDS_BAND(2, "medium") " UNION ALL "
                             NEEDS_BAND(3, "large") ") AS bands WHERE rows > 0 ORDER BY o",
                             area, pathway, level, year, &needs);
  if (rc == SP_OK)
    rc = group_json(ctx,
                    "SELECT 'provision' AS source, SUM(starts) AS starts,"
                    " SUM(achievements) AS achievements, SUM(rows) AS rows FROM ev_supply"
                    GROUP_WHERE " UNION ALL SELECT 'vacancies', SUM(vacancies), NULL, NULL"
                    " FROM ev_vacancies" GROUP_WHERE,
                    area, pathway, level, year, &supply);
  if (rc == SP_OK)
    rc = group_json(ctx,
                    "SELECT employer, size_band, sector, people, hard_to_fill, skill, line,"
                    " import_id FROM ev_needs_sample" GROUP_WHERE " ORDER BY import_id, line"
                    " LIMIT 5",
                    area, pathway, level, year, &samples);
  if (rc == SP_OK)
    rc = group_json(ctx, neighbours_sql, area, pathway, level, year, &nb);
  if (rc == SP_OK) {
    json_int_t mask = json_integer_value(json_object_get(c, "sectors"));
    json_t *list = sector_list(mask);
    json_object_set_new(c, "sectors", json_integer((json_int_t)json_array_size(list)));
    json_object_set_new(c, "sector_codes", list);
    json_object_set_new(c, "neighbours_with_gap", json_integer((json_int_t)json_array_size(nb)));
    json_object_set_new(c, "evidence",
                        json_pack("{s:O, s:O, s:O, s:O}", "needs", needs, "supply", supply,
                                  "samples", samples, "neighbours", nb));
  }
  json_decref(needs);
  json_decref(supply);
  json_decref(samples);
  json_decref(nb);
  return rc;
}

enum sp_rc sp_evidence_priorities(struct sp_ctx *ctx, const char *area, int year, int limit,
                                  json_t **out) {
  char name[256];
  json_t *list = NULL;
  enum sp_rc rc = area_check(ctx, area, name, sizeof(name));
  if (rc != SP_OK)
    return rc;
  if (year == 0)
    year = latest_year(ctx, area);
  if (limit < 1 || limit > 100)
    limit = 10;
  rc = candidates(ctx, area, year, limit, &list);
  if (rc != SP_OK)
    return rc;
  size_t i;
  json_t *c;
  json_array_foreach(list, i, c) {
    json_object_set_new(c, "rank", json_integer((json_int_t)i + 1));
    rc = attach_evidence(ctx, area, year, c);
    if (rc != SP_OK) {
      json_decref(list);
      return rc;
    }
  }
  *out = json_pack("{s:s, s:s, s:i, s:o}", "area_code", area, "area_name", name, "year", year,
                   "priorities", list);
  return *out ? SP_OK : sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
}

enum sp_rc sp_evidence_convergence(struct sp_ctx *ctx, const char *area, int year,
                                   json_t **out) {
  char name[256];
  json_t *within = NULL, *cands = NULL, *across = NULL;
  enum sp_rc rc = area_check(ctx, area, name, sizeof(name));
  if (rc != SP_OK)
    return rc;
  if (year == 0)
    year = latest_year(ctx, area);
  json_t *all = NULL;
  rc = run_json(ctx,
                "SELECT route_code, pathway_code, NULLIF(level, '') AS level, sectors,"
                " needs AS people FROM ev_gap WHERE area_code = ?1 AND year = ?4 AND needs > 0"
                " ORDER BY needs DESC, route_code, pathway_code",
                area, NULL, NULL, year, &all);
  within = json_array();
  if (rc == SP_OK && within) {
    size_t k;
    json_t *g;
    json_array_foreach(all, k, g) {
      json_t *list = sector_list(json_integer_value(json_object_get(g, "sectors")));
      if (json_array_size(list) >= 3) {
        json_object_set_new(g, "sectors", json_integer((json_int_t)json_array_size(list)));
        json_object_set_new(g, "sector_codes", list);
        json_array_append(within, g);
      } else {
        json_decref(list);
      }
    }
  }
  json_decref(all);
  if (rc == SP_OK)
    rc = candidates(ctx, area, year, 100, &cands);
  across = json_array();
  size_t i;
  json_t *c;
  if (rc == SP_OK && across)
    json_array_foreach(cands, i, c) {
      json_t *nb = NULL;
      rc = group_json(ctx, neighbours_sql, area,
                      json_string_value(json_object_get(c, "pathway_code")),
                      json_string_value(json_object_get(c, "level")), year, &nb);
      if (rc != SP_OK)
        break;
      if (json_array_size(nb) > 0) {
        json_t *codes = json_array();
        size_t j;
        json_t *n;
        json_array_foreach(nb, j, n) json_array_append(codes, json_object_get(n, "area_code"));
        json_array_append_new(
            across, json_pack("{s:O, s:O, s:O, s:O, s:o}", "route_code",
                              json_object_get(c, "route_code"), "pathway_code",
                              json_object_get(c, "pathway_code"), "level",
                              json_object_get(c, "level"), "gap", json_object_get(c, "gap"),
                              "areas", codes));
      }
      json_decref(nb);
    }
  json_decref(cands);
  if (rc != SP_OK || !across) {
    json_decref(within);
    json_decref(across);
    return rc != SP_OK ? rc : sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  }
  *out = json_pack("{s:s, s:i, s:o, s:o}", "area_code", area, "year", year, "within", within,
                   "across", across);
  return *out ? SP_OK : sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
}

/* Whether the candidate priorities `cands` hold pathway pw at level lv ("" not known). */
static int is_candidate(json_t *cands, const char *pw, size_t pl, const char *lv) {
  size_t i;
  json_t *c;
  json_array_foreach(cands, i, c) {
    const char *cp = json_string_value(json_object_get(c, "pathway_code"));
    const char *cl = json_string_value(json_object_get(c, "level"));
    if (strlen(cp) == pl && strncmp(cp, pw, pl) == 0 && strcmp(cl ? cl : "", lv) == 0)
      return 1;
  }
  return 0;
}

/* Starts of a provider's packed groups on the candidate priorities `cands`:
 * {"PATHWAY": {"LEVEL": [starts, ach]}} as written now, or the flat
 * {"PATHWAY|LEVEL": [starts, ach]} that stores written before November 2026 hold. */
static long long starts_on(json_t *groups, json_t *cands) {
  long long on = 0;
  const char *k, *lk;
  json_t *v, *lv;
  json_object_foreach(groups, k, v) {
    if (json_is_object(v)) {
      json_object_foreach(v, lk, lv) {
        if (is_candidate(cands, k, strlen(k), lk))
          on += json_integer_value(json_array_get(lv, 0));
      }
    } else {
      const char *bar = strchr(k, '|');
      if (bar && is_candidate(cands, k, (size_t)(bar - k), bar + 1))
        on += json_integer_value(json_array_get(v, 0));
    }
  }
  return on;
}

enum sp_rc sp_evidence_alignment(struct sp_ctx *ctx, const char *ukprn, int year, int top,
                                 json_t **out) {
  struct sp_stmt *s = NULL;
  json_t *rows = NULL, *res = NULL;
  int row = 0;
  enum sp_rc rc;
  if (year == 0) {
    rc = sp_store_prepare(sp_ctx_store(ctx), ctx,
                          "SELECT MAX(year) FROM ev_provider_supply WHERE ukprn = ?1", &s);
    if (rc == SP_OK && sp_stmt_bind_text(s, 1, ukprn) == SP_OK &&
        sp_stmt_step(s, ctx, &row) == SP_OK && row)
      year = (int)sp_stmt_int(s, 0);
    sp_stmt_free(s);
    s = NULL;
  }
  if (top < 1 || top > 100)
    top = 10;
  rc = run_json(ctx,
                "SELECT area_code, starts, groups FROM ev_provider_supply"
                " WHERE ukprn = ?1 AND year = ?4 ORDER BY area_code, import_id",
                ukprn, NULL, NULL, year, &rows);
  if (rc != SP_OK)
    return rc;
  if (json_array_size(rows) == 0) {
    json_decref(rows);
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "ukprn", "no provision recorded for UKPRN %s in %d",
                       ukprn, year);
  }
  res = json_array();
  size_t i = 0;
  while (rc == SP_OK && res && i < json_array_size(rows)) {
    const char *code = json_string_value(json_object_get(json_array_get(rows, i), "area_code"));
    json_t *cands = NULL;
    rc = candidates(ctx, code, year, top, &cands);
    if (rc != SP_OK)
      break;
    long long all = 0, on = 0;
    size_t j = i;
    for (; j < json_array_size(rows); j++) {
      json_t *r = json_array_get(rows, j);
      if (strcmp(json_string_value(json_object_get(r, "area_code")), code) != 0)
        break;
      all += json_integer_value(json_object_get(r, "starts"));
      json_t *g = json_loads(json_string_value(json_object_get(r, "groups")), 0, NULL);
      if (!g) {
        rc = sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "a stored provider summary is not JSON");
        break;
      }
      on += starts_on(g, cands);
      json_decref(g);
    }
    if (rc == SP_OK)
      json_array_append_new(res, json_pack("{s:s, s:I, s:I, s:f, s:i}", "area_code", code,
                                           "starts", (json_int_t)all, "starts_on_priorities",
                                           (json_int_t)on, "share",
                                           all ? (double)on / (double)all : 0.0, "priorities",
                                           (int)json_array_size(cands)));
    json_decref(cands);
    i = j;
  }
  json_decref(rows);
  if (rc != SP_OK || !res) {
    json_decref(res);
    return rc != SP_OK ? rc : sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  }
  *out = json_pack("{s:s, s:i, s:i, s:o}", "ukprn", ukprn, "year", year, "top", top, "areas", res);
  return *out ? SP_OK : sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
}
