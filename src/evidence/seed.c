/*
 * seed.c: small loaders of static tables the evidence engine reads: the
 * area -> ONS region table that defines neighbouring areas
 * (data/evidence/area_regions.csv), and, for tests and the benchmark on a
 * store that the reference loader has not filled, the areas, districts,
 * routes and pathways straight from the ONS and guidance CSV files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/audit.h"
#include "../core/csv.h"
#include "../core/policy.h"
#include "../core/text.h"
#include "../store/store.h"
#include "evidence.h"

static int64_t count_rows(struct sp_ctx *ctx, const char *sql) {
  struct sp_stmt *s = NULL;
  int row = 0;
  int64_t n = -1;
  if (sp_store_prepare(sp_ctx_store(ctx), ctx, sql, &s) == SP_OK &&
      sp_stmt_step(s, ctx, &row) == SP_OK && row)
    n = sp_stmt_int(s, 0);
  sp_stmt_free(s);
  return n;
}

/* Runs one INSERT with up to 4 text parameters. */
static enum sp_rc insert4(struct sp_ctx *ctx, const char *sql, const char *a, const char *b,
                          const char *c, const char *d) {
  struct sp_stmt *s = NULL;
  const char *v[4] = {a, b, c, d};
  enum sp_rc rc = sp_store_prepare(sp_ctx_store(ctx), ctx, sql, &s);
  for (int i = 0; rc == SP_OK && i < 4 && v[i]; i++)
    rc = sp_stmt_bind_text(s, i + 1, v[i]);
  if (rc == SP_OK)
    rc = sp_stmt_run(s, ctx);
  sp_stmt_free(s);
  return rc;
}

enum sp_rc sp_evidence_load_regions(struct sp_ctx *ctx, const char *data_dir) {
  static const char *const want[] = {"lsip_code", "region_code", "region_name", NULL};
  struct sp_store *st = sp_ctx_store(ctx);
  struct sp_csv *csv = NULL;
  char path[1024];
  int eof;
  if (count_rows(ctx, "SELECT COUNT(*) FROM ev_area_regions") > 0)
    return SP_OK;
  snprintf(path, sizeof(path), "%s/evidence/area_regions.csv", data_dir);
  enum sp_rc rc = sp_csv_open(ctx, path, 4096, &csv);
  if (rc != SP_OK)
    return rc;
  rc = sp_csv_read_header(csv, ctx, want);
  int tx = 0;
  if (rc == SP_OK && !sp_store_in_tx(st)) {
    rc = sp_store_begin(st, ctx);
    tx = rc == SP_OK;
  }
  while (rc == SP_OK && (rc = sp_csv_next(csv, ctx, &eof)) == SP_OK && !eof)
    rc = insert4(ctx,
                 "INSERT OR IGNORE INTO ev_area_regions(area_code, region_code, region_name) "
                 "VALUES (?1,?2,?3)",
                 sp_csv_get(csv, "lsip_code"), sp_csv_get(csv, "region_code"),
                 sp_csv_get(csv, "region_name"), NULL);
  sp_csv_close(csv);
  if (tx) {
    if (rc == SP_OK)
      rc = sp_store_commit(st, ctx);
    else
      sp_store_rollback(st);
  }
  return rc;
}

enum sp_rc sp_evidence_seed_reference(struct sp_ctx *ctx, const char *lad_csv,
                                      const char *routes_csv) {
  static const char *const lad_cols[] = {"most_recent_year_included", "lad_name", "lsip_name",
                                         "lad_code", "lsip_code", NULL};
  static const char *const route_cols[] = {"route_code", "route", "pathway_code", "pathway",
                                           NULL};
  struct sp_store *st = sp_ctx_store(ctx);
  struct sp_csv *csv = NULL;
  int eof;
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_EVIDENCE_IMPORT);
  if (rc != SP_OK)
    return rc;
  rc = sp_store_begin(st, ctx);
  if (rc != SP_OK)
    return rc;
  if (count_rows(ctx, "SELECT COUNT(*) FROM pathways") == 0) {
    rc = sp_csv_open(ctx, routes_csv, 4096, &csv);
    if (rc == SP_OK)
      rc = sp_csv_read_header(csv, ctx, route_cols);
    while (rc == SP_OK && (rc = sp_csv_next(csv, ctx, &eof)) == SP_OK && !eof) {
      rc = insert4(ctx, "INSERT OR IGNORE INTO routes(code, name) VALUES (?1,?2)",
                   sp_csv_get(csv, "route_code"), sp_csv_get(csv, "route"), NULL, NULL);
      if (rc == SP_OK)
        rc = insert4(ctx, "INSERT INTO pathways(code, route_code, name) VALUES (?1,?2,?3)",
                     sp_csv_get(csv, "pathway_code"), sp_csv_get(csv, "route_code"),
                     sp_csv_get(csv, "pathway"), NULL);
    }
    sp_csv_close(csv);
    csv = NULL;
  }
  if (rc == SP_OK && count_rows(ctx, "SELECT COUNT(*) FROM area_lads") == 0) {
    /* Two passes: the latest year first, then its pairings. */
    long latest = 0;
    for (int pass = 0; rc == SP_OK && pass < 2; pass++) {
      rc = sp_csv_open(ctx, lad_csv, 4096, &csv);
      if (rc == SP_OK)
        rc = sp_csv_read_header(csv, ctx, lad_cols);
      while (rc == SP_OK && (rc = sp_csv_next(csv, ctx, &eof)) == SP_OK && !eof) {
        long y = strtol(sp_csv_get(csv, "most_recent_year_included"), NULL, 10);
        if (pass == 0) {
          if (y > latest)
            latest = y;
          continue;
        }
        if (y != latest)
          continue;
        char name[256];
        sp_trim_copy(name, sizeof(name), sp_csv_get(csv, "lsip_name"));
        const char *a = sp_csv_get(csv, "lsip_code"), *l = sp_csv_get(csv, "lad_code");
        rc = insert4(ctx, "INSERT OR IGNORE INTO areas(code) VALUES (?1)", a, NULL, NULL, NULL);
        if (rc == SP_OK)
          rc = insert4(ctx, "INSERT OR IGNORE INTO area_names(code, name) VALUES (?1,?2)", a,
                       name, NULL, NULL);
        if (rc == SP_OK)
          rc = insert4(ctx, "INSERT OR IGNORE INTO lads(code, name) VALUES (?1,?2)", l,
                       sp_csv_get(csv, "lad_name"), NULL, NULL);
        if (rc == SP_OK)
          rc = insert4(ctx, "INSERT OR IGNORE INTO area_lads(area_code, lad_code) VALUES (?1,?2)",
                       a, l, NULL, NULL);
      }
      sp_csv_close(csv);
      csv = NULL;
    }
  }
  if (rc == SP_OK)
    rc = sp_audit_append(ctx, "seed", "reference", "evidence", NULL, NULL);
  if (rc == SP_OK)
    return sp_store_commit(st, ctx);
  sp_store_rollback(st);
  return rc;
}
