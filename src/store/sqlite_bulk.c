/*
 * sqlite_bulk.c: sp_store_bulk for SQLite. The rows a caller produces are
 * read by one statement (INSERT ... SELECT ... FROM sp_bulk) through an
 * eponymous virtual table whose cursor calls the caller's function for each
 * row: SQLite's own insert loop runs, with no bind, step and reset per row,
 * which at a few hundred thousand summary rows is several times faster.
 * The table has the columns c0 .. c23 (SP_BULK_MAXCOLS); a column past the row's width reads
 * as NULL.
 */
#include <string.h>

#include "../base/alloc.h"
#include "pg_int.h"
#include "sqlite_int.h"

struct bulk_vtab {
  sqlite3_vtab base;
  struct sp_store *store;
};

struct bulk_cursor {
  sqlite3_vtab_cursor base;
  struct sp__bulk_feed *feed;
  struct sp_bulk_val vals[SP_BULK_MAXCOLS];
  sqlite3_int64 row;
  int eof;
};

static int x_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                     sqlite3_vtab **out, char **err) {
  (void)argc;
  (void)argv;
  (void)err;
  int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, "
                                    "c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c20, "
                                    "c21, c22, c23)");
  if (rc != SQLITE_OK)
    return rc;
  struct bulk_vtab *v = sqlite3_malloc(sizeof(*v));
  if (!v)
    return SQLITE_NOMEM;
  memset(v, 0, sizeof(*v));
  v->store = aux;
  *out = &v->base;
  return SQLITE_OK;
}

static int x_disconnect(sqlite3_vtab *vt) {
  sqlite3_free(vt);
  return SQLITE_OK;
}

static int x_best_index(sqlite3_vtab *vt, sqlite3_index_info *info) {
  (void)vt;
  info->estimatedCost = 1e6;
  info->estimatedRows = 1000000;
  return SQLITE_OK;
}

static int x_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out) {
  struct bulk_cursor *c = sqlite3_malloc(sizeof(*c));
  if (!c)
    return SQLITE_NOMEM;
  memset(c, 0, sizeof(*c));
  c->feed = ((struct bulk_vtab *)vt)->store->feed;
  c->eof = 1;
  *out = &c->base;
  return SQLITE_OK;
}

static int x_close(sqlite3_vtab_cursor *cur) {
  sqlite3_free(cur);
  return SQLITE_OK;
}

static int pull(struct bulk_cursor *c) {
  if (!c->feed) {
    c->eof = 1; /* sp_bulk read outside sp_store_bulk: no rows */
    return SQLITE_OK;
  }
  memset(c->vals, 0, sizeof(c->vals));
  int k = c->feed->fn(c->feed->ud, c->vals);
  if (k < 0) {
    c->feed->failed = 1;
    c->eof = 1;
    return SQLITE_ERROR;
  }
  c->eof = k == 0;
  c->row++;
  return SQLITE_OK;
}

static int x_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxstr, int argc,
                    sqlite3_value **argv) {
  (void)idx;
  (void)idxstr;
  (void)argc;
  (void)argv;
  return pull((struct bulk_cursor *)cur);
}

static int x_next(sqlite3_vtab_cursor *cur) { return pull((struct bulk_cursor *)cur); }

static int x_eof(sqlite3_vtab_cursor *cur) { return ((struct bulk_cursor *)cur)->eof; }

static int x_column(sqlite3_vtab_cursor *cur, sqlite3_context *out, int col) {
  struct bulk_cursor *c = (struct bulk_cursor *)cur;
  const struct sp_bulk_val *v = &c->vals[col];
  if (col >= c->feed->ncols || v->type == SP_BULK_NULL)
    sqlite3_result_null(out);
  else if (v->type == SP_BULK_INT)
    sqlite3_result_int64(out, v->i);
  else
    sqlite3_result_text64(out, v->s, v->n, SQLITE_TRANSIENT, SQLITE_UTF8);
  return SQLITE_OK;
}

static int x_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *out) {
  *out = ((struct bulk_cursor *)cur)->row;
  return SQLITE_OK;
}

static const sqlite3_module bulk_module = {
    .iVersion = 0,
    .xCreate = NULL, /* eponymous only: read as "sp_bulk", never created */
    .xConnect = x_connect,
    .xBestIndex = x_best_index,
    .xDisconnect = x_disconnect,
    .xDestroy = x_disconnect,
    .xOpen = x_open,
    .xClose = x_close,
    .xFilter = x_filter,
    .xNext = x_next,
    .xEof = x_eof,
    .xColumn = x_column,
    .xRowid = x_rowid,
};

enum sp_rc sp__sqlite_bulk_register(struct sp_store *s, struct sp_ctx *ctx) {
  int code = sqlite3_create_module_v2(s->db, "sp_bulk", &bulk_module, s, NULL);
  return code == SQLITE_OK ? SP_OK : sp__sqlite_fail(s, ctx, code, "bulk module");
}

enum sp_rc sp_store_bulk(struct sp_store *s, struct sp_ctx *ctx, const char *sql, int ncols,
                         sp_bulk_fn fn, void *ud) {
  if (s->pg)
    return sp__pg_bulk(s, ctx, sql, ncols, fn, ud);
  if (ncols < 1 || ncols > SP_BULK_MAXCOLS || s->feed)
    return sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "sp_store_bulk: bad column count or nested use");
  struct sp__bulk_feed feed = {fn, ud, ncols, 0};
  struct sp_stmt *st = NULL;
  enum sp_rc rc = sp_store_prepare(s, ctx, sql, &st);
  if (rc != SP_OK)
    return rc;
  s->feed = &feed;
  rc = sp_stmt_run(st, ctx);
  s->feed = NULL;
  sp_stmt_free(st);
  if (feed.failed)
    rc = sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "a bulk write's rows failed");
  return rc;
}

enum sp_rc sp_store_tune_bulk(struct sp_store *s, struct sp_ctx *ctx) {
  if (s->pg)
    return SP_OK;
  return sp_store_exec(s, ctx, "PRAGMA cache_size = -65536");
}
