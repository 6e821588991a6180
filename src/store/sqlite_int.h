/*
 * sqlite_int.h: what the SQLite back end's files share (sqlite.c, the
 * connection and statements; sqlite_bulk.c, bulk writes through a virtual
 * table; postgres.c, which shares the two handles). Only files under
 * src/store/ include it.
 */
#ifndef SP_SQLITE_INT_H
#define SP_SQLITE_INT_H

#include <sqlite3.h>

#include "store.h"

/* The rows of the bulk write under way (sp_store_bulk), read by the
 * sp_bulk virtual table's cursor. */
struct sp__bulk_feed {
  sp_bulk_fn fn;
  void *ud;
  int ncols;
  int failed; /* fn returned -1 */
};

struct sp__pg;
struct sp__pgstmt;

/* A store is either engine: db set for SQLite, pg set for PostgreSQL
 * (postgres.c); every public function in sqlite.c hands a PostgreSQL store
 * to its sp__pg_ twin (pg_int.h) on its first line. */
struct sp_store {
  sqlite3 *db;
  struct sp__pg *pg;
  int depth; /* open transaction levels: 1 the transaction, more its savepoints */
  struct sp__bulk_feed *feed; /* set only while sp_store_bulk runs */
  char url[1024];
};

struct sp_stmt {
  struct sp_store *store;
  sqlite3_stmt *st;
  struct sp__pgstmt *pg; /* PostgreSQL: the statement's text, bindings, result */
};

/* The engine's error as an sp_rc, its message on ctx (sqlite.c). */
enum sp_rc sp__sqlite_fail(struct sp_store *s, struct sp_ctx *ctx, int code, const char *what);
/* Registers the sp_bulk module on a new connection (sqlite_bulk.c). */
enum sp_rc sp__sqlite_bulk_register(struct sp_store *s, struct sp_ctx *ctx);

#endif
