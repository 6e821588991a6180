/*
 * store.h: the one way the library reaches its database.
 *
 * Callers write SQL in a portable subset (standard SQL, `?` placeholders,
 * no engine-specific functions: docs/architecture.md, "Writing SQL for both
 * back ends") and run it through prepared statements with bound parameters
 * only; no SQL is ever built from user text. Two back ends: SQLite
 * (sqlite.c) and PostgreSQL 15 through libpq (postgres.c), which rewrites
 * what it must (placeholders become $1.., NULL tests, group_concat). Only
 * files under src/store/ include an engine's header: callers see opaque
 * handles.
 *
 * A store is one connection and is used by one thread at a time; the web
 * server keeps a pool of them. Schema migrations (src/store/migrations/, built
 * into the binary) are applied in order by sp_store_open.
 */
#ifndef SP_STORE_H
#define SP_STORE_H

#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>

#include "../base/sp.h"

struct sp_store;
struct sp_stmt;

/*
 * Opens the database named by url: a file path (SQLite, created if absent),
 * "sqlite:PATH", ":memory:", or "postgresql://user@host:port/dbname" (also
 * postgres://; PostgreSQL 15 through libpq, a 5 s connect timeout unless the
 * url sets connect_timeout). On SQLite turns on WAL and foreign keys.
 * Applies pending migrations (PostgreSQL: under an advisory lock, so
 * instances starting together apply each once); refuses a database whose
 * schema is newer than this program. PostgreSQL out of reach is
 * SP_EUNAVAIL. On failure writes the reason on ctx. The caller owns
 * *out and closes it with sp_store_close.
 */
SP_MUST_USE enum sp_rc sp_store_open(struct sp_ctx *ctx, const char *url, struct sp_store **out);
void sp_store_close(struct sp_store *store);

/*
 * Runs sql (no parameters, outside a transaction) on the PostgreSQL server
 * named by url without applying migrations: CREATE DATABASE and DROP
 * DATABASE for the tests and tools that make a database per run. SP_EINVAL
 * for a url that is not PostgreSQL.
 */
SP_MUST_USE enum sp_rc sp_store_admin_exec(struct sp_ctx *ctx, const char *url, const char *sql);

/*
 * Backups of a SQLite store through SQLite's online backup API: consistent
 * while other connections (a running server) read and write.
 *   backup  copies the store into the file at path (replaced if present);
 *           a path that cannot be written is SP_EIO with the reason, the
 *           store untouched and no partial file left behind.
 *   restore replaces the store's contents with the backup at path, which
 *           must be a skillplan database (it has schema_migrations); the
 *           store's own migrations then bring it up to date on next open.
 * On PostgreSQL both are SP_EINVAL naming pg_dump / pg_restore (README).
 * Before migrations change an existing SQLite file, sp_store_open keeps a
 * copy beside it: PATH.before-NNNN (NNNN the first migration applied).
 */
SP_MUST_USE enum sp_rc sp_store_backup(struct sp_store *store, struct sp_ctx *ctx,
                                       const char *path);
SP_MUST_USE enum sp_rc sp_store_restore(struct sp_store *store, struct sp_ctx *ctx,
                                        const char *path);

/* The highest migration applied, and how many the binary carries. */
int sp_store_schema_version(struct sp_store *store);
int sp_store_migration_count(void);

/* Transactions. begin is IMMEDIATE on SQLite so writers queue rather than
 * fail. They nest: a begin inside a transaction opens a savepoint, whose
 * commit keeps its writes for the outer commit and whose rollback undoes
 * only them; nothing is durable until the outermost commit. */
SP_MUST_USE enum sp_rc sp_store_begin(struct sp_store *store, struct sp_ctx *ctx);
SP_MUST_USE enum sp_rc sp_store_commit(struct sp_store *store, struct sp_ctx *ctx);
/* Rolls back the innermost level if one is open; safe to call when none is. */
void sp_store_rollback(struct sp_store *store);
int sp_store_in_tx(const struct sp_store *store);

/* Runs SQL without parameters (may hold several statements). */
SP_MUST_USE enum sp_rc sp_store_exec(struct sp_store *store, struct sp_ctx *ctx, const char *sql);

/* Prepares one statement. The caller frees it with sp_stmt_free before
 * closing the store. A statement's errors may show here (SQLite) or at its
 * first step (PostgreSQL, which runs it once its bindings are known). */
SP_MUST_USE enum sp_rc sp_store_prepare(struct sp_store *store, struct sp_ctx *ctx,
                                        const char *sql, struct sp_stmt **out);
void sp_stmt_free(struct sp_stmt *stmt);
/* Clears bindings' results so the statement can run again with new ones. */
void sp_stmt_reset(struct sp_stmt *stmt);

/*
 * Prepares sql on the context's store and binds its parameters from fmt, one
 * letter per parameter in order: i int64_t; s const char * (NULL binds
 * NULL); d int32_t date (SP_DATE_NONE binds NULL); f double; I int64_t with
 * 0 bound as NULL; J int64_t with a negative value bound as NULL. The caller
 * frees *out. A bad letter is SP_EINTERNAL.
 */
SP_MUST_USE enum sp_rc sp_store_preparef(struct sp_ctx *ctx, struct sp_stmt **out,
                                         const char *sql, const char *fmt, ...);
SP_MUST_USE enum sp_rc sp_store_vpreparef(struct sp_ctx *ctx, struct sp_stmt **out,
                                          const char *sql, const char *fmt, va_list ap);

/*
 * One-shot statements bound as sp_store_preparef, taking a va_list so that
 * modules can wrap them in their own variadic helpers:
 *   vexecf runs a statement that returns no rows; *id_out (may be NULL)
 *          gets the last inserted rowid;
 *   vrowsf gives every row as a JSON array of objects (new reference);
 *   vrowf  gives the first row as a JSON object, or *out = NULL when none.
 */
SP_MUST_USE enum sp_rc sp_store_vexecf(struct sp_ctx *ctx, int64_t *id_out, const char *sql,
                                       const char *fmt, va_list ap);
SP_MUST_USE enum sp_rc sp_store_vrowsf(struct sp_ctx *ctx, json_t **out, const char *sql,
                                       const char *fmt, va_list ap);
SP_MUST_USE enum sp_rc sp_store_rowsf(struct sp_ctx *ctx, json_t **out, const char *sql,
                                      const char *fmt, ...);
SP_MUST_USE enum sp_rc sp_store_vrowf(struct sp_ctx *ctx, json_t **out, const char *sql,
                                      const char *fmt, va_list ap);

/*
 * Bulk writes without a statement per row. sql is one statement reading
 * the rows from the table sp_bulk, whose columns are c0 .. c23, e.g.
 *   INSERT INTO t(a, b) SELECT c0, c1 FROM sp_bulk
 * The rows come from fn: it fills vals[0 .. ncols) and returns 1 for a
 * row, 0 at the end, or -1 to stop: the statement's work is undone and
 * sp_store_bulk fails with SP_EINTERNAL (a caller that knows why writes
 * its own message on ctx afterwards). Text is
 * borrowed until fn is called again. SQLite reads sp_bulk as a virtual
 * table (SQLite's own bulk path, several times faster than binding and
 * stepping a prepared insert per row); a PostgreSQL back end would COPY.
 */
#define SP_BULK_MAXCOLS 24
enum sp_bulk_type { SP_BULK_NULL, SP_BULK_INT, SP_BULK_TEXT };
struct sp_bulk_val {
  enum sp_bulk_type type;
  int64_t i;
  const char *s; /* SP_BULK_TEXT: n bytes, borrowed */
  size_t n;
};
typedef int (*sp_bulk_fn)(void *ud, struct sp_bulk_val *vals);
SP_MUST_USE enum sp_rc sp_store_bulk(struct sp_store *store, struct sp_ctx *ctx, const char *sql,
                                     int ncols, sp_bulk_fn fn, void *ud);

/* Readies the connection for a large write (an evidence import): on
 * SQLite a 64 MiB page cache, so summaries are written once at commit
 * rather than spilled page by page; nothing on PostgreSQL. */
SP_MUST_USE enum sp_rc sp_store_tune_bulk(struct sp_store *store, struct sp_ctx *ctx);

/* Binds parameter idx (1-based). Text is copied; NULL text binds SQL NULL. */
SP_MUST_USE enum sp_rc sp_stmt_bind_int(struct sp_stmt *stmt, int idx, int64_t v);
SP_MUST_USE enum sp_rc sp_stmt_bind_double(struct sp_stmt *stmt, int idx, double v);
SP_MUST_USE enum sp_rc sp_stmt_bind_text(struct sp_stmt *stmt, int idx, const char *s);
SP_MUST_USE enum sp_rc sp_stmt_bind_null(struct sp_stmt *stmt, int idx);
/* Binds a date as ISO text, or NULL for SP_DATE_NONE. */
SP_MUST_USE enum sp_rc sp_stmt_bind_date(struct sp_stmt *stmt, int idx, int32_t day);

/*
 * Steps the statement: SP_OK with *row = 1 when a row is ready, *row = 0
 * when done. A UNIQUE, CHECK or FOREIGN KEY failure is SP_ECONFLICT, with
 * the engine's words on ctx; other failures are SP_ESTORE.
 */
SP_MUST_USE enum sp_rc sp_stmt_step(struct sp_stmt *stmt, struct sp_ctx *ctx, int *row);
/* Steps a statement that returns no rows (INSERT/UPDATE/DELETE). */
SP_MUST_USE enum sp_rc sp_stmt_run(struct sp_stmt *stmt, struct sp_ctx *ctx);

int sp_stmt_columns(struct sp_stmt *stmt);
const char *sp_stmt_column_name(struct sp_stmt *stmt, int col);
int sp_stmt_is_null(struct sp_stmt *stmt, int col);
int64_t sp_stmt_int(struct sp_stmt *stmt, int col);
double sp_stmt_double(struct sp_stmt *stmt, int col);
/* Column text, "" for NULL; valid until the next step, reset or free. */
const char *sp_stmt_text(struct sp_stmt *stmt, int col);
/* Column as a date (ISO text column), SP_DATE_NONE when NULL or not a date. */
int32_t sp_stmt_date(struct sp_stmt *stmt, int col);

/* The current row as a JSON object keyed by column name (integers, reals,
 * strings, null). New reference; NULL on out of memory. */
json_t *sp_stmt_row_json(struct sp_stmt *stmt);

/*
 * Runs a prepared, bound statement to the end and returns every row as a
 * JSON array of objects (new reference in *out). The statement is left
 * done; the caller still frees it.
 */
SP_MUST_USE enum sp_rc sp_stmt_all_json(struct sp_stmt *stmt, struct sp_ctx *ctx, json_t **out);

/* Rowid of the last INSERT on this connection, and rows changed by the last
 * statement. */
int64_t sp_store_last_id(struct sp_store *store);
int64_t sp_store_changes(struct sp_store *store);

/* Name of the engine ("sqlite" or "postgresql") and the url it was opened
 * with. */
const char *sp_store_engine(const struct sp_store *store);
const char *sp_store_url(const struct sp_store *store);

#endif
