/*
 * sqlite.c: the SQLite back end of the store interface (store.h). One
 * sqlite3 connection per store, WAL journal, foreign keys on, a busy
 * timeout so concurrent writers queue (past it, SP_EUNAVAIL), and the
 * built-in migrations applied in order at open, each in its own
 * transaction, after a copy of an existing file is kept beside it; a schema
 * newer than the program is refused. Backups through the online backup API
 * (sp_store_backup, sp_store_restore). Each public function first hands a
 * PostgreSQL store (store->pg) to its twin in postgres.c.
 */
#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../base/alloc.h"
#include "../base/date.h"
#include "migrations.h"
#include "pg_int.h"
#include "sqlite_int.h"
#include "store.h"

enum sp_rc sp__sqlite_fail(struct sp_store *s, struct sp_ctx *ctx, int code, const char *what) {
  int base = code & 0xff;
  enum sp_rc rc = (base == SQLITE_CONSTRAINT) ? SP_ECONFLICT : SP_ESTORE;
  if (base == SQLITE_NOMEM)
    rc = SP_ENOMEM;
  else if (base == SQLITE_BUSY || base == SQLITE_LOCKED) /* waited busy_timeout in vain */
    rc = SP_EUNAVAIL;
  return sp_ctx_fail(ctx, rc, NULL, "%s: %s", what, s && s->db ? sqlite3_errmsg(s->db) : "");
}

/* 1 when migration `version` is recorded; each is checked on its own so a
 * lower-numbered migration merged later still runs. */
static int applied(struct sp_store *s, int version) {
  sqlite3_stmt *st = NULL;
  int found = 0;
  if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM schema_migrations WHERE version = ?", -1, &st,
                         NULL) == SQLITE_OK) {
    sqlite3_bind_int(st, 1, version);
    found = sqlite3_step(st) == SQLITE_ROW;
  }
  sqlite3_finalize(st);
  return found;
}

/* Before the first migration changes an existing file store, a copy is
 * kept beside it (PATH.before-NNNN); a new or in-memory store has nothing
 * to keep. */
static enum sp_rc keep_copy(struct sp_store *s, struct sp_ctx *ctx, const char *path,
                            int version) {
  if (!path || !*path || strcmp(path, ":memory:") == 0 || sp_store_schema_version(s) == 0)
    return SP_OK;
  char dest[1100];
  snprintf(dest, sizeof(dest), "%s.before-%04d", path, version);
  enum sp_rc rc = sp_store_backup(s, ctx, dest);
  if (rc != SP_OK)
    return sp_ctx_fail(ctx, rc, "db",
                       "the store was not changed: a copy could not be kept before migrating: %s",
                       sp_ctx_errmsg(ctx));
  return SP_OK;
}

static enum sp_rc migrate(struct sp_store *s, struct sp_ctx *ctx, const char *path) {
  enum sp_rc rc = sp_store_exec(s, ctx,
                                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                                " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                                " applied_at TEXT NOT NULL DEFAULT (datetime('now')))");
  if (rc != SP_OK)
    return rc;
  int have = sp_store_schema_version(s);
  int known = sp__migration_count ? sp__migrations[sp__migration_count - 1].version : 0;
  if (have > known)
    return sp_ctx_fail(ctx, SP_ESTORE, "db",
                       "the database's schema (migration %04d) is newer than this program knows"
                       " (%04d): run a newer skillplan on it",
                       have, known);
  int kept = 0;
  for (int i = 0; i < sp__migration_count; i++) {
    const struct sp__migration *m = &sp__migrations[i];
    if (applied(s, m->version))
      continue;
    if (!kept && (rc = keep_copy(s, ctx, path, m->version)) != SP_OK)
      return rc;
    kept = 1;
    struct sp_stmt *st = NULL;
    if ((rc = sp_store_begin(s, ctx)) != SP_OK)
      return rc;
    rc = sp_store_exec(s, ctx, m->sql);
    if (rc == SP_OK)
      rc = sp_store_prepare(s, ctx, "INSERT INTO schema_migrations(version, name) VALUES (?, ?)",
                            &st);
    if (rc == SP_OK && ((rc = sp_stmt_bind_int(st, 1, m->version)) != SP_OK ||
                        (rc = sp_stmt_bind_text(st, 2, m->name)) != SP_OK))
      sp_ctx_fail(ctx, rc, NULL, "binding migration %s", m->name);
    if (rc == SP_OK)
      rc = sp_stmt_run(st, ctx);
    sp_stmt_free(st);
    if (rc == SP_OK)
      rc = sp_store_commit(s, ctx);
    if (rc != SP_OK) {
      char msg[1024];
      snprintf(msg, sizeof(msg), "%s", sp_ctx_errmsg(ctx));
      sp_store_rollback(s);
      return sp_ctx_fail(ctx, rc, NULL, "migration %s failed: %s", m->name, msg);
    }
  }
  return SP_OK;
}

/* Process-wide settings, made once before SQLite's first use: no memory
 * statistics (Debian's build keeps them, which takes a global mutex on every
 * allocation of every connection). */
static pthread_once_t config_once = PTHREAD_ONCE_INIT;
static void configure(void) { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

enum sp_rc sp_store_open(struct sp_ctx *ctx, const char *url, struct sp_store **out) {
  const char *path = url;
  pthread_once(&config_once, configure);
  if (strncmp(url, "sqlite:", 7) == 0)
    path = url + 7;
  if (sp__pg_url(url))
    return sp__pg_open(ctx, url, out);
  struct sp_store *s = sp_calloc(1, sizeof(*s));
  if (!s)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory opening %s", url);
  snprintf(s->url, sizeof(s->url), "%s", url);
  enum sp_rc rc;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int code = sqlite3_open_v2(path, &s->db, flags, NULL);
  if (code != SQLITE_OK) {
    rc = sp_ctx_fail(ctx, SP_ESTORE, "db", "cannot open database %s: %s", path,
                     s->db ? sqlite3_errmsg(s->db) : "out of memory");
    goto out;
  }
  sqlite3_busy_timeout(s->db, 10000);
  sqlite3_extended_result_codes(s->db, 1);
  rc = sp_store_exec(s, ctx,
                     "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"
                     " PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;");
  if (rc != SP_OK)
    goto out;
  rc = sp__sqlite_bulk_register(s, ctx);
  if (rc == SP_OK)
    rc = migrate(s, ctx, path);
out:
  if (rc != SP_OK) {
    sp_store_close(s);
    return rc;
  }
  *out = s;
  return SP_OK;
}

void sp_store_close(struct sp_store *s) {
  if (s && s->pg) {
    sp__pg_close(s);
    return;
  }
  if (!s)
    return;
  if (s->db)
    sqlite3_close_v2(s->db);
  sp_free(s);
}

int sp_store_schema_version(struct sp_store *s) {
  if (s->pg)
    return sp__pg_schema_version(s);
  sqlite3_stmt *st = NULL;
  int v = 0;
  if (sqlite3_prepare_v2(s->db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", -1,
                         &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return v;
}

int sp_store_migration_count(void) { return sp__migration_count; }

/* Nesting: the first level is BEGIN IMMEDIATE ... COMMIT; a level inside
 * it is SAVEPOINT sp_N ... RELEASE, and its rollback undoes only its own
 * writes (ROLLBACK TO), so a function that runs its writes in a
 * transaction also runs inside a caller's, all or nothing with it. */
enum sp_rc sp_store_begin(struct sp_store *s, struct sp_ctx *ctx) {
  if (s->pg)
    return sp__pg_begin(s, ctx);
  char sql[48];
  if (s->depth == 0)
    snprintf(sql, sizeof(sql), "BEGIN IMMEDIATE");
  else
    snprintf(sql, sizeof(sql), "SAVEPOINT sp_%d", s->depth);
  enum sp_rc rc = sp_store_exec(s, ctx, sql);
  if (rc == SP_OK)
    s->depth++;
  return rc;
}

enum sp_rc sp_store_commit(struct sp_store *s, struct sp_ctx *ctx) {
  if (s->pg)
    return sp__pg_commit(s, ctx);
  char sql[48];
  if (s->depth == 0)
    return sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "commit without a transaction");
  if (s->depth == 1)
    snprintf(sql, sizeof(sql), "COMMIT");
  else
    snprintf(sql, sizeof(sql), "RELEASE sp_%d", s->depth - 1);
  enum sp_rc rc = sp_store_exec(s, ctx, sql);
  if (rc == SP_OK)
    s->depth--;
  return rc;
}

void sp_store_rollback(struct sp_store *s) {
  if (s && s->pg) {
    sp__pg_rollback(s);
    return;
  }
  if (!s || !s->db)
    return;
  if (sqlite3_get_autocommit(s->db)) { /* none open (SQLite may have ended it on an error) */
    s->depth = 0;
    return;
  }
  if (s->depth <= 1) {
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->depth = 0;
    return;
  }
  char sql[64];
  snprintf(sql, sizeof(sql), "ROLLBACK TO sp_%d; RELEASE sp_%d", s->depth - 1, s->depth - 1);
  sqlite3_exec(s->db, sql, NULL, NULL, NULL);
  s->depth--;
}

int sp_store_in_tx(const struct sp_store *s) { return s->depth > 0; }

enum sp_rc sp_store_exec(struct sp_store *s, struct sp_ctx *ctx, const char *sql) {
  if (s->pg)
    return sp__pg_exec(s, ctx, sql);
  char *err = NULL;
  int code = sqlite3_exec(s->db, sql, NULL, NULL, &err);
  if (code != SQLITE_OK) {
    int base = code & 0xff;
    enum sp_rc rc = base == SQLITE_CONSTRAINT                     ? SP_ECONFLICT
                    : base == SQLITE_NOMEM                        ? SP_ENOMEM
                    : base == SQLITE_BUSY || base == SQLITE_LOCKED ? SP_EUNAVAIL
                                                                  : SP_ESTORE;
    sp_ctx_fail(ctx, rc, NULL, "database: %s", err ? err : sqlite3_errstr(code));
    sqlite3_free(err);
    return rc;
  }
  return SP_OK;
}

enum sp_rc sp_store_prepare(struct sp_store *s, struct sp_ctx *ctx, const char *sql,
                            struct sp_stmt **out) {
  if (s->pg)
    return sp__pg_prepare(s, ctx, sql, out);
  struct sp_stmt *st = sp_calloc(1, sizeof(*st));
  if (!st)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory preparing a statement");
  st->store = s;
  int code = sqlite3_prepare_v2(s->db, sql, -1, &st->st, NULL);
  if (code != SQLITE_OK) {
    enum sp_rc rc = sp__sqlite_fail(s, ctx, code, "preparing a statement");
    sp_free(st);
    return rc;
  }
  *out = st;
  return SP_OK;
}

void sp_stmt_free(struct sp_stmt *st) {
  if (st && st->pg) {
    sp__pg_stmt_free(st);
    return;
  }
  if (!st)
    return;
  sqlite3_finalize(st->st);
  sp_free(st);
}

void sp_stmt_reset(struct sp_stmt *st) {
  if (st->pg) {
    sp__pg_stmt_reset(st);
    return;
  }
  sqlite3_reset(st->st);
  sqlite3_clear_bindings(st->st);
}

static enum sp_rc bind_rc(int code) {
  if (code == SQLITE_OK)
    return SP_OK;
  return code == SQLITE_NOMEM ? SP_ENOMEM : SP_EINTERNAL;
}

enum sp_rc sp_stmt_bind_int(struct sp_stmt *st, int idx, int64_t v) {
  if (st->pg)
    return sp__pg_bind_int(st, idx, v);
  return bind_rc(sqlite3_bind_int64(st->st, idx, v));
}

enum sp_rc sp_stmt_bind_double(struct sp_stmt *st, int idx, double v) {
  if (st->pg)
    return sp__pg_bind_double(st, idx, v);
  return bind_rc(sqlite3_bind_double(st->st, idx, v));
}

enum sp_rc sp_stmt_bind_text(struct sp_stmt *st, int idx, const char *s) {
  if (st->pg)
    return sp__pg_bind_text(st, idx, s);
  if (!s)
    return bind_rc(sqlite3_bind_null(st->st, idx));
  return bind_rc(sqlite3_bind_text(st->st, idx, s, -1, SQLITE_TRANSIENT));
}

enum sp_rc sp_stmt_bind_null(struct sp_stmt *st, int idx) {
  if (st->pg)
    return sp__pg_bind_null(st, idx);
  return bind_rc(sqlite3_bind_null(st->st, idx));
}

enum sp_rc sp_stmt_bind_date(struct sp_stmt *st, int idx, int32_t day) {
  if (day == SP_DATE_NONE)
    return sp_stmt_bind_null(st, idx);
  char buf[SP_DATE_BUFSZ];
  return sp_stmt_bind_text(st, idx, sp_date_format(day, buf));
}

enum sp_rc sp_stmt_step(struct sp_stmt *st, struct sp_ctx *ctx, int *row) {
  if (st->pg)
    return sp__pg_step(st, ctx, row);
  int code = sqlite3_step(st->st);
  if (code == SQLITE_ROW) {
    *row = 1;
    return SP_OK;
  }
  *row = 0;
  if (code == SQLITE_DONE)
    return SP_OK;
  enum sp_rc rc = sp__sqlite_fail(st->store, ctx, code, "database");
  sqlite3_reset(st->st);
  return rc;
}

enum sp_rc sp_stmt_run(struct sp_stmt *st, struct sp_ctx *ctx) {
  int row;
  enum sp_rc rc;
  do {
    rc = sp_stmt_step(st, ctx, &row);
  } while (rc == SP_OK && row);
  return rc;
}

int sp_stmt_columns(struct sp_stmt *st) {
  return st->pg ? sp__pg_columns(st) : sqlite3_column_count(st->st);
}
const char *sp_stmt_column_name(struct sp_stmt *st, int col) {
  if (st->pg)
    return sp__pg_column_name(st, col);
  return sqlite3_column_name(st->st, col);
}
int sp_stmt_is_null(struct sp_stmt *st, int col) {
  if (st->pg)
    return sp__pg_is_null(st, col);
  return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}
int64_t sp_stmt_int(struct sp_stmt *st, int col) {
  return st->pg ? sp__pg_int(st, col) : sqlite3_column_int64(st->st, col);
}
double sp_stmt_double(struct sp_stmt *st, int col) {
  return st->pg ? sp__pg_double(st, col) : sqlite3_column_double(st->st, col);
}
const char *sp_stmt_text(struct sp_stmt *st, int col) {
  if (st->pg)
    return sp__pg_text(st, col);
  const unsigned char *t = sqlite3_column_text(st->st, col);
  return t ? (const char *)t : "";
}

int32_t sp_stmt_date(struct sp_stmt *st, int col) {
  int32_t d;
  if (sp_stmt_is_null(st, col) || sp_date_parse(sp_stmt_text(st, col), &d) != SP_OK)
    return SP_DATE_NONE;
  return d;
}

json_t *sp_stmt_row_json(struct sp_stmt *st) {
  if (st->pg)
    return sp__pg_row_json(st);
  json_t *o = json_object();
  if (!o)
    return NULL;
  int n = sqlite3_column_count(st->st);
  for (int i = 0; i < n; i++) {
    json_t *v;
    switch (sqlite3_column_type(st->st, i)) {
    case SQLITE_INTEGER:
      v = json_integer(sqlite3_column_int64(st->st, i));
      break;
    case SQLITE_FLOAT:
      v = json_real(sqlite3_column_double(st->st, i));
      break;
    case SQLITE_NULL:
      v = json_null();
      break;
    default:
      v = json_stringn((const char *)sqlite3_column_text(st->st, i),
                       (size_t)sqlite3_column_bytes(st->st, i));
      break;
    }
    /* Column names come from our own SQL: ASCII, no need to check them
     * as UTF-8 for every row. */
    if (!v || json_object_set_new_nocheck(o, sqlite3_column_name(st->st, i), v) != 0) {
      json_decref(o);
      return NULL;
    }
  }
  return o;
}

enum sp_rc sp_stmt_all_json(struct sp_stmt *st, struct sp_ctx *ctx, json_t **out) {
  json_t *arr = json_array();
  if (!arr)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  for (;;) {
    int row;
    enum sp_rc rc = sp_stmt_step(st, ctx, &row);
    if (rc != SP_OK) {
      json_decref(arr);
      return rc;
    }
    if (!row)
      break;
    json_t *o = sp_stmt_row_json(st);
    if (!o || json_array_append_new(arr, o) != 0) {
      json_decref(arr);
      return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    }
  }
  *out = arr;
  return SP_OK;
}

int64_t sp_store_last_id(struct sp_store *s) {
  return s->pg ? sp__pg_last_id(s) : sqlite3_last_insert_rowid(s->db);
}
int64_t sp_store_changes(struct sp_store *s) {
  return s->pg ? sp__pg_changes(s) : sqlite3_changes64(s->db);
}
const char *sp_store_engine(const struct sp_store *s) {
  return s->pg ? "postgresql" : "sqlite";
}
const char *sp_store_url(const struct sp_store *s) { return s->url; }

/* Copies every page of src's main database into dst's, retrying while a
 * writer holds it (the online backup API restarts if the source changes). */
static int copy_db(sqlite3 *dst, sqlite3 *src) {
  sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
  if (!b)
    return sqlite3_errcode(dst);
  int code;
  do {
    code = sqlite3_backup_step(b, 256);
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
      sqlite3_sleep(20);
  } while (code == SQLITE_OK || code == SQLITE_BUSY || code == SQLITE_LOCKED);
  int fin = sqlite3_backup_finish(b);
  return code == SQLITE_DONE ? fin : code;
}

enum sp_rc sp_store_backup(struct sp_store *s, struct sp_ctx *ctx, const char *path) {
  if (s->pg)
    return sp_ctx_fail(ctx, SP_EINVAL, "db",
                       "a PostgreSQL store is backed up with pg_dump (see README, Backups)");
  char tmp[1100];
  snprintf(tmp, sizeof(tmp), "%s.partial", path);
  sqlite3 *dst = NULL;
  int code = sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (code == SQLITE_OK)
    code = copy_db(dst, s->db);
  const char *why = dst ? sqlite3_errmsg(dst) : sqlite3_errstr(code);
  char msg[512];
  snprintf(msg, sizeof(msg), "%s", code == SQLITE_OK ? "" : why);
  sqlite3_close_v2(dst);
  if (code == SQLITE_OK && rename(tmp, path) != 0) {
    snprintf(msg, sizeof(msg), "%s", strerror(errno));
    code = SQLITE_CANTOPEN;
  }
  if (code != SQLITE_OK) {
    unlink(tmp);
    return sp_ctx_fail(ctx, SP_EIO, "file", "%s: cannot write the backup: %s", path, msg);
  }
  return SP_OK;
}

enum sp_rc sp_store_restore(struct sp_store *s, struct sp_ctx *ctx, const char *path) {
  if (s->pg)
    return sp_ctx_fail(ctx, SP_EINVAL, "db",
                       "a PostgreSQL store is restored with pg_restore (see README, Backups)");
  if (s->depth > 0)
    return sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "restore inside a transaction");
  sqlite3 *src = NULL;
  enum sp_rc rc = SP_OK;
  int code = sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL);
  sqlite3_stmt *st = NULL;
  if (code == SQLITE_OK)
    code = sqlite3_prepare_v2(src, "SELECT COUNT(*) FROM schema_migrations", -1, &st, NULL);
  if (code == SQLITE_OK && sqlite3_step(st) != SQLITE_ROW)
    code = sqlite3_errcode(src);
  sqlite3_finalize(st);
  if (code != SQLITE_OK) {
    rc = sp_ctx_fail(ctx, SP_EINVAL, "file", "%s: not a skillplan backup: %s", path,
                     src ? sqlite3_errmsg(src) : sqlite3_errstr(code));
    goto out;
  }
  code = copy_db(s->db, src);
  if (code != SQLITE_OK)
    rc = sp_ctx_fail(ctx, SP_ESTORE, "db", "restoring %s: %s", path, sqlite3_errmsg(s->db));
out:
  sqlite3_close_v2(src);
  return rc;
}
