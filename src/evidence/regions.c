/*
 * regions.c: loads the area -> ONS region table that defines neighbouring
 * areas for convergence (data/evidence/area_regions.csv).
 */
#include <stdio.h>
#include <string.h>

#include "../base/csv.h"
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
                 "INSERT INTO ev_area_regions(area_code, region_code, region_name) "
                 "VALUES (?1,?2,?3) ON CONFLICT DO NOTHING",
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
