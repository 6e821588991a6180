/*
 * pg_int.h: the PostgreSQL back end's entry points (postgres.c), called by
 * the public functions in sqlite.c when the store is a PostgreSQL one
 * (store->pg set). Each has the contract of its store.h namesake. Only
 * files under src/store/ include it; only postgres.c includes libpq-fe.h.
 */
#ifndef SP_PG_INT_H
#define SP_PG_INT_H

#include "sqlite_int.h"

/* Appends whose failure is checked once at the end: an sp_buf that failed
 * stays failed and sp_buf_take gives NULL. */
#define KEEP(call)                                                                           \
  do {                                                                                       \
    if ((call) != SP_OK) {                                                                   \
    }                                                                                        \
  } while (0)

/* 1 for a character of an SQL identifier. */
int sp__pg_ident_char(char c);
/* Length of word (case-insensitive) at p when an identifier does not go
 * on after it, else 0. */
size_t sp__pg_word(const char *p, const char *word);

/* 1 when url names a PostgreSQL database (postgresql:// or postgres://). */
int sp__pg_url(const char *url);

enum sp_rc sp__pg_open(struct sp_ctx *ctx, const char *url, struct sp_store **out);
void sp__pg_close(struct sp_store *s);
int sp__pg_schema_version(struct sp_store *s);
enum sp_rc sp__pg_begin(struct sp_store *s, struct sp_ctx *ctx);
enum sp_rc sp__pg_commit(struct sp_store *s, struct sp_ctx *ctx);
void sp__pg_rollback(struct sp_store *s);
enum sp_rc sp__pg_exec(struct sp_store *s, struct sp_ctx *ctx, const char *sql);
enum sp_rc sp__pg_prepare(struct sp_store *s, struct sp_ctx *ctx, const char *sql,
                          struct sp_stmt **out);
void sp__pg_stmt_free(struct sp_stmt *st);
void sp__pg_stmt_reset(struct sp_stmt *st);
enum sp_rc sp__pg_bind_int(struct sp_stmt *st, int idx, int64_t v);
enum sp_rc sp__pg_bind_double(struct sp_stmt *st, int idx, double v);
enum sp_rc sp__pg_bind_text(struct sp_stmt *st, int idx, const char *s);
enum sp_rc sp__pg_bind_null(struct sp_stmt *st, int idx);
enum sp_rc sp__pg_step(struct sp_stmt *st, struct sp_ctx *ctx, int *row);
int sp__pg_columns(struct sp_stmt *st);
const char *sp__pg_column_name(struct sp_stmt *st, int col);
int sp__pg_is_null(struct sp_stmt *st, int col);
int64_t sp__pg_int(struct sp_stmt *st, int col);
double sp__pg_double(struct sp_stmt *st, int col);
const char *sp__pg_text(struct sp_stmt *st, int col);
json_t *sp__pg_row_json(struct sp_stmt *st);
int64_t sp__pg_last_id(struct sp_store *s);
int64_t sp__pg_changes(struct sp_store *s);
enum sp_rc sp__pg_bulk(struct sp_store *s, struct sp_ctx *ctx, const char *sql, int ncols,
                       sp_bulk_fn fn, void *ud);

/* The migrations' text rewritten for PostgreSQL (new string, caller frees
 * with sp_free; NULL on out of memory). Exposed for the unit test. */
char *sp__pg_ddl(const char *sql);
/* A statement's text rewritten for PostgreSQL: ?/?N become $N, "?N IS
 * [NOT] NULL" a boolean parameter of its own (nulltest[k] = N, negated
 * when N is negative), "a IS [NOT] b" IS [NOT] DISTINCT FROM, group_concat
 * string_agg, rowid ctid, LIKE ILIKE, and each ORDER BY item without NULLS
 * gets SQLite's NULL order. used (may be NULL) gets bit n set for each $n
 * the text reads. New string. */
char *sp__pg_sql(const char *sql, int *nparams, int *nnull, int nulltest[], int maxnull,
                 unsigned char used[32]);

#endif
