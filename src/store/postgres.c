/*
 * postgres.c: the PostgreSQL back end of the store interface (store.h),
 * through libpq. One connection per store (the web server's pool holds one
 * per worker), opened with a connect timeout so an unreachable server is a
 * quick, clear failure. The callers' portable SQL is rewritten first
 * (pg_sql.c: placeholders, NULL tests, NULL order, group_concat; the
 * migrations' DDL); an INSERT into a table whose id is an identity column
 * gets RETURNING id, which is what sp_store_last_id gives back.
 * Parameters go as text; integers are typed bigint and reals double so
 * arithmetic on them works, text and NULL are left for PostgreSQL to type
 * from their context. A statement is executed at its first step (when its
 * bindings are known) with PQexecParams; results are read as text and typed
 * by the column's type for JSON. Migrations are applied under an advisory
 * lock, so two instances starting together apply each once. A lost
 * connection fails the statement with SP_EUNAVAIL (503) and is reset before
 * the next transaction; a lone statement that loses a deadlock or
 * serialisation check is retried; a write waits on another's lock 10 s at
 * most. Bulk writes COPY into a temporary sp_bulk table.
 */
#include <ctype.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "migrations.h"
#include "pg_int.h"
#include "store.h"

/* Type OIDs from PostgreSQL's catalogue (pg_type.h is a server header). */
enum { OID_BOOL = 16, OID_INT8 = 20, OID_TEXT = 25, OID_INT2 = 21, OID_INT4 = 23, OID_FLOAT4 = 700,
       OID_FLOAT8 = 701, OID_NUMERIC = 1700 };

/* The advisory lock held while migrations are applied (0x5350534b, "SPSK");
 * every instance on the database uses the same key. */
#define MIGRATION_LOCK "1397772107"


/* Each connection's settings: quiet notices, UTC, and a write that waits
 * on another's lock gives up after 10 s (SP_EUNAVAIL, 503), as SQLite's
 * busy timeout does. */
#define SESSION_SETTINGS                                                                     \
  "SET client_min_messages = warning; SET TIME ZONE 'UTC'; SET lock_timeout = '10s'"

#define MAX_NULLTESTS 32

struct sp__pg {
  PGconn *conn;
  char **idtabs; /* tables whose id is an identity column */
  size_t nidtabs;
  int64_t last_id;
  int64_t changes;
};

struct sp__pgstmt {
  char *sql;      /* rewritten text */
  int nparams;    /* $1 .. $nparams from the caller's placeholders */
  int nnull;      /* then one boolean parameter per NULL test */
  int nulltest[MAX_NULLTESTS];
  unsigned char used[32]; /* bit n: $n appears in the text (n < 256) */
  char **vals;    /* nparams bound values as text; NULL binds NULL */
  unsigned *types;/* nparams type OIDs (0: PostgreSQL decides) */
  int returning_id;
  char explicit_id[64]; /* the table, when the INSERT gives its id itself */
  PGresult *res;
  int cur;        /* current row in res */
  int done;       /* executed and no more rows */
};

int sp__pg_url(const char *url) {
  return strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0;
}

/* ---- errors and the connection ---- */

static enum sp_rc pg_fail(struct sp_store *s, struct sp_ctx *ctx, const PGresult *res,
                          const char *what) {
  const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
  const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
  if (!msg)
    msg = PQerrorMessage(s->pg->conn);
  char clean[512];
  snprintf(clean, sizeof(clean), "%s", msg ? msg : "");
  size_t n = strlen(clean);
  while (n && (clean[n - 1] == '\n' || clean[n - 1] == ' '))
    clean[--n] = '\0';
  if (PQstatus(s->pg->conn) != CONNECTION_OK)
    return sp_ctx_fail(ctx, SP_EUNAVAIL, NULL,
                       "%s: the connection to PostgreSQL was lost (%s); try again", what, clean);
  enum sp_rc rc = SP_ESTORE;
  /* The constraint's kind in the words SQLite uses, so a message reads the
   * same on both engines. */
  static const char *const kinds[][2] = {{"23505", "UNIQUE constraint failed"},
                                         {"23503", "FOREIGN KEY constraint failed"},
                                         {"23514", "CHECK constraint failed"},
                                         {"23502", "NOT NULL constraint failed"}};
  for (size_t i = 0; state && i < SP_ARRAY_LEN(kinds); i++)
    if (strcmp(state, kinds[i][0]) == 0) {
      char tmp[sizeof(clean)];
      if (snprintf(tmp, sizeof(tmp), "%s: %s", kinds[i][1], clean) >= (int)sizeof(tmp))
        tmp[sizeof(tmp) - 1] = '\0'; /* a long message is cut; snprintf ended it */
      memcpy(clean, tmp, sizeof(clean));
    }
  if (state) {
    if (strncmp(state, "23", 2) == 0 || strcmp(state, "P0001") == 0)
      rc = SP_ECONFLICT;
    else if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
             strcmp(state, "55P03") == 0 || strncmp(state, "08", 2) == 0 ||
             strncmp(state, "57P", 3) == 0 || strncmp(state, "53", 2) == 0)
      rc = SP_EUNAVAIL;
  }
  if (detail)
    return sp_ctx_fail(ctx, rc, NULL, "%s: %s (%s)", what, clean, detail);
  return sp_ctx_fail(ctx, rc, NULL, "%s: %s", what, clean);
}

/* Before a statement outside a transaction: a connection lost since the
 * last one is opened again. */
static enum sp_rc alive(struct sp_store *s, struct sp_ctx *ctx) {
  if (PQstatus(s->pg->conn) == CONNECTION_OK)
    return SP_OK;
  if (s->depth > 0)
    return sp_ctx_fail(ctx, SP_EUNAVAIL, NULL,
                       "database: the connection to PostgreSQL was lost mid-transaction; try again");
  s->depth = 0;
  PQreset(s->pg->conn);
  if (PQstatus(s->pg->conn) != CONNECTION_OK)
    return sp_ctx_fail(ctx, SP_EUNAVAIL, NULL, "database: PostgreSQL cannot be reached: %s",
                       PQerrorMessage(s->pg->conn));
  PQclear(PQexec(s->pg->conn, SESSION_SETTINGS));
  return SP_OK;
}

static void quiet(void *arg, const char *message) {
  (void)arg;
  (void)message;
}

/* Runs sql without parameters; SP_OK when it succeeded. */
static enum sp_rc run_plain(struct sp_store *s, struct sp_ctx *ctx, const char *sql) {
  PGresult *res = PQexec(s->pg->conn, sql);
  ExecStatusType st = PQresultStatus(res);
  enum sp_rc rc = SP_OK;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
    rc = pg_fail(s, ctx, res, "database");
  else if (*PQcmdTuples(res))
    s->pg->changes = strtoll(PQcmdTuples(res), NULL, 10);
  PQclear(res);
  return rc;
}

static void free_idtabs(struct sp__pg *pg) {
  for (size_t i = 0; i < pg->nidtabs; i++)
    sp_free(pg->idtabs[i]);
  sp_free(pg->idtabs);
  pg->idtabs = NULL;
  pg->nidtabs = 0;
}

/* Learns which tables number their rows with an identity id. */
static enum sp_rc load_idtabs(struct sp_store *s, struct sp_ctx *ctx) {
  PGresult *res = PQexec(s->pg->conn,
                         "SELECT table_name FROM information_schema.columns WHERE column_name = 'id'"
                         " AND is_identity = 'YES' AND table_schema = current_schema()");
  if (PQresultStatus(res) != PGRES_TUPLES_OK) {
    enum sp_rc rc = pg_fail(s, ctx, res, "reading the schema");
    PQclear(res);
    return rc;
  }
  free_idtabs(s->pg);
  int n = PQntuples(res);
  s->pg->idtabs = sp_calloc((size_t)n + 1, sizeof(char *));
  if (!s->pg->idtabs) {
    PQclear(res);
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  }
  for (int i = 0; i < n; i++)
    if ((s->pg->idtabs[s->pg->nidtabs] = sp_strdup(PQgetvalue(res, i, 0))))
      s->pg->nidtabs++;
  PQclear(res);
  return SP_OK;
}

static int is_idtab(struct sp__pg *pg, const char *name, size_t n) {
  for (size_t i = 0; i < pg->nidtabs; i++)
    if (strlen(pg->idtabs[i]) == n && strncmp(pg->idtabs[i], name, n) == 0)
      return 1;
  return 0;
}

/* The table an INSERT writes to (its name in *name, length returned), or 0. */
static size_t insert_target(const char *sql, const char **name) {
  const char *p = sql;
  size_t n;
  while (isspace((unsigned char)*p))
    p++;
  if (!(n = sp__pg_word(p, "INSERT")))
    return 0;
  p += n;
  while (isspace((unsigned char)*p))
    p++;
  if (!(n = sp__pg_word(p, "INTO")))
    return 0;
  p += n;
  while (isspace((unsigned char)*p))
    p++;
  *name = p;
  while (sp__pg_ident_char(*p))
    p++;
  return (size_t)(p - *name);
}

static int contains_word(const char *sql, const char *word) {
  for (const char *p = sql; (p = strcasestr(p, word)); p++)
    if ((p == sql || !sp__pg_ident_char(p[-1])) && !sp__pg_ident_char(p[strlen(word)]))
      return 1;
  return 0;
}

/* The identity sequence of table moves past its highest id. */
static void resync_table(struct sp_store *s, const char *table) {
  char q[512];
  snprintf(q, sizeof(q),
           "SELECT setval(pg_get_serial_sequence('%s', 'id'), GREATEST((SELECT max(id) FROM %s), 1))",
           table, table);
  PQclear(PQexec(s->pg->conn, q));
}

/* After text that inserts explicit ids (test fixtures, demo data), each
 * identity sequence it touched moves past the highest id. */
static void resync_ids(struct sp_store *s, const char *sql) {
  for (size_t i = 0; i < s->pg->nidtabs; i++) {
    char pat[160];
    snprintf(pat, sizeof(pat), "INTO %s(id", s->pg->idtabs[i]);
    char pat2[160];
    snprintf(pat2, sizeof(pat2), "INTO %s (id", s->pg->idtabs[i]);
    if (strcasestr(sql, pat) || strcasestr(sql, pat2))
      resync_table(s, s->pg->idtabs[i]);
  }
}

/* ---- opening, migrations ---- */

static int applied(struct sp_store *s, int version) {
  char v[16];
  snprintf(v, sizeof(v), "%d", version);
  const char *vals[1] = {v};
  PGresult *res = PQexecParams(s->pg->conn, "SELECT 1 FROM schema_migrations WHERE version = $1",
                               1, NULL, vals, NULL, NULL, 0);
  int found = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0;
  PQclear(res);
  return found;
}

static enum sp_rc migrate(struct sp_store *s, struct sp_ctx *ctx) {
  enum sp_rc rc = run_plain(s, ctx,
                            "CREATE TABLE IF NOT EXISTS schema_migrations ("
                            " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL"
                            " DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')))");
  if (rc != SP_OK)
    return rc;
  int have = sp__pg_schema_version(s);
  int known = sp__migration_count ? sp__migrations[sp__migration_count - 1].version : 0;
  if (have > known)
    return sp_ctx_fail(ctx, SP_ESTORE, "db",
                       "the database's schema (migration %04d) is newer than this program knows"
                       " (%04d): run a newer skillplan on it",
                       have, known);
  for (int i = 0; i < sp__migration_count; i++) {
    const struct sp__migration *m = &sp__migrations[i];
    if (applied(s, m->version))
      continue;
    char *ddl = sp__pg_ddl(m->sql);
    if (!ddl)
      return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory rewriting %s", m->name);
    rc = sp__pg_begin(s, ctx);
    if (rc == SP_OK)
      rc = run_plain(s, ctx, ddl);
    sp_free(ddl);
    if (rc == SP_OK) {
      char v[16];
      snprintf(v, sizeof(v), "%d", m->version);
      const char *vals[2] = {v, m->name};
      PGresult *res = PQexecParams(s->pg->conn,
                                   "INSERT INTO schema_migrations(version, name) VALUES ($1, $2)", 2,
                                   NULL, vals, NULL, NULL, 0);
      if (PQresultStatus(res) != PGRES_COMMAND_OK)
        rc = pg_fail(s, ctx, res, "recording the migration");
      PQclear(res);
    }
    if (rc == SP_OK)
      rc = sp__pg_commit(s, ctx);
    if (rc != SP_OK) {
      char msg[1024];
      snprintf(msg, sizeof(msg), "%s", sp_ctx_errmsg(ctx));
      sp__pg_rollback(s);
      return sp_ctx_fail(ctx, rc == SP_EUNAVAIL ? SP_EUNAVAIL : SP_ESTORE, NULL,
                         "migration %s failed and was rolled back: %s", m->name, msg);
    }
  }
  return SP_OK;
}

enum sp_rc sp__pg_open(struct sp_ctx *ctx, const char *url, struct sp_store **out) {
  struct sp_store *s = sp_calloc(1, sizeof(*s));
  enum sp_rc rc = SP_OK;
  if (!s || !(s->pg = sp_calloc(1, sizeof(*s->pg)))) {
    sp_free(s);
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory opening %s", url);
  }
  snprintf(s->url, sizeof(s->url), "%s", url);
  /* connect_timeout first: a value in the URL overrides it */
  const char *const keys[] = {"connect_timeout", "application_name", "dbname", NULL};
  const char *const vals[] = {"5", "skillplan", url, NULL};
  s->pg->conn = PQconnectdbParams(keys, vals, 1);
  if (!s->pg->conn) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory connecting to PostgreSQL");
    goto out;
  }
  if (PQstatus(s->pg->conn) != CONNECTION_OK) {
    char msg[512];
    snprintf(msg, sizeof(msg), "%s", PQerrorMessage(s->pg->conn));
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
      msg[--n] = '\0';
    rc = sp_ctx_fail(ctx, SP_EUNAVAIL, "db", "cannot connect to PostgreSQL (database %s on %s port %s): %s",
                     PQdb(s->pg->conn) ? PQdb(s->pg->conn) : "?",
                     PQhost(s->pg->conn) ? PQhost(s->pg->conn) : "?",
                     PQport(s->pg->conn) ? PQport(s->pg->conn) : "?", msg);
    goto out;
  }
  PQsetNoticeProcessor(s->pg->conn, quiet, NULL);
  rc = run_plain(s, ctx, SESSION_SETTINGS);
  if (rc != SP_OK)
    goto out;
  /* Two instances starting together: the second waits here, then finds
   * every migration recorded. */
  rc = run_plain(s, ctx, "SET lock_timeout = 0; SELECT pg_advisory_lock(" MIGRATION_LOCK ")");
  if (rc != SP_OK)
    goto out;
  rc = migrate(s, ctx);
  PQclear(PQexec(s->pg->conn, "SELECT pg_advisory_unlock(" MIGRATION_LOCK "); " SESSION_SETTINGS));
  if (rc == SP_OK)
    rc = load_idtabs(s, ctx);
out:
  if (rc != SP_OK) {
    sp__pg_close(s);
    return rc;
  }
  *out = s;
  return SP_OK;
}

void sp__pg_close(struct sp_store *s) {
  if (s->pg) {
    if (s->pg->conn)
      PQfinish(s->pg->conn);
    free_idtabs(s->pg);
    sp_free(s->pg);
  }
  sp_free(s);
}

int sp__pg_schema_version(struct sp_store *s) {
  PGresult *res = PQexec(s->pg->conn, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  int v = 0;
  if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
    v = (int)strtol(PQgetvalue(res, 0, 0), NULL, 10);
  PQclear(res);
  return v;
}

/* ---- transactions ---- */

enum sp_rc sp__pg_begin(struct sp_store *s, struct sp_ctx *ctx) {
  char sql[48];
  enum sp_rc rc;
  if (s->depth == 0) {
    if ((rc = alive(s, ctx)) != SP_OK)
      return rc;
    snprintf(sql, sizeof(sql), "BEGIN");
  } else {
    snprintf(sql, sizeof(sql), "SAVEPOINT sp_%d", s->depth);
  }
  rc = run_plain(s, ctx, sql);
  if (rc == SP_OK)
    s->depth++;
  return rc;
}

enum sp_rc sp__pg_commit(struct sp_store *s, struct sp_ctx *ctx) {
  char sql[48];
  if (s->depth == 0)
    return sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "commit without a transaction");
  if (PQtransactionStatus(s->pg->conn) == PQTRANS_INERROR) {
    /* PostgreSQL would answer COMMIT with a rollback: say so. */
    return sp_ctx_fail(ctx, SP_ESTORE, NULL,
                       "database: a statement in this transaction failed; nothing was written");
  }
  if (s->depth == 1)
    snprintf(sql, sizeof(sql), "COMMIT");
  else
    snprintf(sql, sizeof(sql), "RELEASE SAVEPOINT sp_%d", s->depth - 1);
  enum sp_rc rc = run_plain(s, ctx, sql);
  if (rc == SP_OK)
    s->depth--;
  else if (s->depth == 1 && PQtransactionStatus(s->pg->conn) == PQTRANS_IDLE)
    s->depth = 0; /* the commit failed and ended the transaction */
  return rc;
}

void sp__pg_rollback(struct sp_store *s) {
  PGTransactionStatusType ts = PQtransactionStatus(s->pg->conn);
  if (PQstatus(s->pg->conn) != CONNECTION_OK || ts == PQTRANS_IDLE || ts == PQTRANS_UNKNOWN) {
    s->depth = 0;
    return;
  }
  if (s->depth <= 1) {
    PQclear(PQexec(s->pg->conn, "ROLLBACK"));
    s->depth = 0;
    return;
  }
  char sql[96];
  snprintf(sql, sizeof(sql), "ROLLBACK TO SAVEPOINT sp_%d; RELEASE SAVEPOINT sp_%d",
           s->depth - 1, s->depth - 1);
  PQclear(PQexec(s->pg->conn, sql));
  s->depth--;
}

/* ---- statements ---- */

enum sp_rc sp__pg_exec(struct sp_store *s, struct sp_ctx *ctx, const char *sql) {
  enum sp_rc rc = alive(s, ctx);
  if (rc != SP_OK)
    return rc;
  /* Text run whole may hold DDL (tests, tools): it gets the migrations'
   * rewriting too. */
  int np, nn, nt[MAX_NULLTESTS];
  char *ddl = sp__pg_ddl(sql);
  char *text = ddl ? sp__pg_sql(ddl, &np, &nn, nt, 0, NULL) : NULL;
  sp_free(ddl);
  if (!text)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  rc = run_plain(s, ctx, text);
  sp_free(text);
  if (rc == SP_OK)
    resync_ids(s, sql);
  return rc;
}

enum sp_rc sp__pg_prepare(struct sp_store *s, struct sp_ctx *ctx, const char *sql,
                          struct sp_stmt **out) {
  struct sp_stmt *st = sp_calloc(1, sizeof(*st));
  struct sp__pgstmt *p = sp_calloc(1, sizeof(*p));
  if (!st || !p)
    goto oom;
  st->store = s;
  st->pg = p;
  p->sql = sp__pg_sql(sql, &p->nparams, &p->nnull, p->nulltest, MAX_NULLTESTS, p->used);
  if (!p->sql)
    goto oom;
  const char *name;
  size_t n = insert_target(p->sql, &name);
  if (n && n < sizeof(p->explicit_id) && is_idtab(s->pg, name, n)) {
    const char *c = name + n;
    while (*c == ' ')
      c++;
    if (*c == '(' && sp__pg_word(c + 1 + strspn(c + 1, " "), "id"))
      snprintf(p->explicit_id, sizeof(p->explicit_id), "%.*s", (int)n, name);
  }
  if (n && is_idtab(s->pg, name, n) && !contains_word(p->sql, "RETURNING")) {
    size_t len = strlen(p->sql);
    while (len && (isspace((unsigned char)p->sql[len - 1]) || p->sql[len - 1] == ';'))
      len--;
    char *w = sp_malloc(len + 16);
    if (!w)
      goto oom;
    memcpy(w, p->sql, len);
    memcpy(w + len, " RETURNING id", 14);
    sp_free(p->sql);
    p->sql = w;
    p->returning_id = 1;
  }
  if (p->nparams > 0) {
    p->vals = sp_calloc((size_t)p->nparams, sizeof(char *));
    p->types = sp_calloc((size_t)p->nparams, sizeof(unsigned));
    if (!p->vals || !p->types)
      goto oom;
  }
  *out = st;
  return SP_OK;
oom:
  if (st && st->pg)
    sp__pg_stmt_free(st);
  else {
    sp_free(p);
    sp_free(st);
  }
  return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory preparing a statement");
}

static void clear_binds(struct sp__pgstmt *p) {
  for (int i = 0; i < p->nparams; i++) {
    sp_free(p->vals[i]);
    p->vals[i] = NULL;
    p->types[i] = 0;
  }
}

void sp__pg_stmt_free(struct sp_stmt *st) {
  struct sp__pgstmt *p = st->pg;
  if (p) {
    if (p->vals)
      clear_binds(p);
    sp_free(p->vals);
    sp_free(p->types);
    PQclear(p->res);
    sp_free(p->sql);
    sp_free(p);
  }
  sp_free(st);
}

void sp__pg_stmt_reset(struct sp_stmt *st) {
  struct sp__pgstmt *p = st->pg;
  PQclear(p->res);
  p->res = NULL;
  p->done = 0;
  p->cur = 0;
  if (p->vals)
    clear_binds(p);
}

static enum sp_rc bind(struct sp_stmt *st, int idx, char *v, unsigned type) {
  struct sp__pgstmt *p = st->pg;
  if (idx < 1 || idx > p->nparams) {
    sp_free(v);
    return SP_EINTERNAL;
  }
  sp_free(p->vals[idx - 1]);
  p->vals[idx - 1] = v;
  p->types[idx - 1] = type;
  return SP_OK;
}

enum sp_rc sp__pg_bind_int(struct sp_stmt *st, int idx, int64_t v) {
  char buf[32];
  snprintf(buf, sizeof(buf), "%lld", (long long)v);
  char *c = sp_strdup(buf);
  return c ? bind(st, idx, c, OID_INT8) : SP_ENOMEM;
}

enum sp_rc sp__pg_bind_double(struct sp_stmt *st, int idx, double v) {
  char buf[40];
  snprintf(buf, sizeof(buf), "%.17g", v);
  char *c = sp_strdup(buf);
  return c ? bind(st, idx, c, OID_FLOAT8) : SP_ENOMEM;
}

enum sp_rc sp__pg_bind_text(struct sp_stmt *st, int idx, const char *s) {
  if (!s)
    return bind(st, idx, NULL, 0);
  char *c = sp_strdup(s);
  return c ? bind(st, idx, c, 0) : SP_ENOMEM;
}

enum sp_rc sp__pg_bind_null(struct sp_stmt *st, int idx) { return bind(st, idx, NULL, 0); }

static int retryable(const PGresult *res) {
  const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
  return state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0);
}

static enum sp_rc execute(struct sp_stmt *st, struct sp_ctx *ctx) {
  struct sp__pgstmt *p = st->pg;
  struct sp_store *s = st->store;
  enum sp_rc rc = alive(s, ctx);
  if (rc != SP_OK)
    return rc;
  int n = p->nparams + p->nnull;
  const char *vals[n > 0 ? n : 1];
  unsigned types[n > 0 ? n : 1];
  for (int i = 0; i < p->nparams; i++) {
    vals[i] = p->vals[i];
    types[i] = p->types[i];
    /* a parameter the text never reads (?4 used, ?2 not) must still have a
     * type */
    int n1 = i + 1;
    if (!types[i] && n1 < 256 && !(p->used[n1 / 8] & (1u << (n1 % 8))))
      types[i] = OID_TEXT;
  }
  for (int k = 0; k < p->nnull; k++) {
    int src = p->nulltest[k] < 0 ? -p->nulltest[k] : p->nulltest[k];
    int isnull = src > p->nparams || p->vals[src - 1] == NULL;
    if (p->nulltest[k] < 0)
      isnull = !isnull;
    vals[p->nparams + k] = isnull ? "t" : "f";
    types[p->nparams + k] = OID_BOOL;
  }
  PGresult *res = PQexecParams(s->pg->conn, p->sql, n, types, vals, NULL, NULL, 0);
  /* A statement on its own (no transaction open) that lost a deadlock or
   * a serialisation check is run again, up to three times; inside a
   * transaction only the caller can start again (it gets SP_EUNAVAIL, 503,
   * and everything is rolled back). */
  for (int tries = 1; tries < 4 && s->depth == 0 && retryable(res); tries++) {
    PQclear(res);
    struct timespec pause = {0, 20000000L * tries};
    nanosleep(&pause, NULL);
    res = PQexecParams(s->pg->conn, p->sql, n, types, vals, NULL, NULL, 0);
  }
  ExecStatusType status = PQresultStatus(res);
  if ((status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) && p->explicit_id[0])
    resync_table(s, p->explicit_id);
  if (status == PGRES_TUPLES_OK && p->returning_id) {
    int nt = PQntuples(res);
    if (nt > 0)
      s->pg->last_id = strtoll(PQgetvalue(res, nt - 1, 0), NULL, 10);
    s->pg->changes = nt;
    PQclear(res);
    p->done = 1;
    return SP_OK;
  }
  if (status == PGRES_TUPLES_OK) {
    p->res = res;
    p->cur = -1;
    return SP_OK;
  }
  if (status == PGRES_COMMAND_OK) {
    s->pg->changes = strtoll(PQcmdTuples(res), NULL, 10);
    PQclear(res);
    p->done = 1;
    return SP_OK;
  }
  rc = pg_fail(s, ctx, res, "database");
  if (getenv("SP_PG_TRACE")) /* a developer's aid: which statement failed */
    fprintf(stderr, "postgres: %s\n  in: %s\n", sp_ctx_errmsg(ctx), p->sql);
  PQclear(res);
  return rc;
}

enum sp_rc sp__pg_step(struct sp_stmt *st, struct sp_ctx *ctx, int *row) {
  struct sp__pgstmt *p = st->pg;
  *row = 0;
  if (p->done)
    return SP_OK;
  if (!p->res) {
    enum sp_rc rc = execute(st, ctx);
    if (rc != SP_OK)
      return rc;
    if (p->done)
      return SP_OK;
  }
  p->cur++;
  if (p->cur < PQntuples(p->res)) {
    *row = 1;
    return SP_OK;
  }
  p->done = 1;
  return SP_OK;
}

/* Columns are known once the statement ran; asking before runs it. */
static PGresult *result(struct sp_stmt *st) {
  struct sp__pgstmt *p = st->pg;
  if (!p->res && !p->done) {
    struct sp_ctx *ctx = sp_ctx_new(NULL);
    if (ctx) {
      (void)execute(st, ctx);
      sp_ctx_free(ctx);
    }
  }
  return p->res;
}

static int valid(struct sp_stmt *st, int col) {
  struct sp__pgstmt *p = st->pg;
  return p->res && p->cur >= 0 && p->cur < PQntuples(p->res) && col >= 0 &&
         col < PQnfields(p->res);
}

int sp__pg_columns(struct sp_stmt *st) {
  PGresult *r = result(st);
  return r ? PQnfields(r) : 0;
}

const char *sp__pg_column_name(struct sp_stmt *st, int col) {
  PGresult *r = result(st);
  return r && col >= 0 && col < PQnfields(r) ? PQfname(r, col) : NULL;
}

int sp__pg_is_null(struct sp_stmt *st, int col) {
  return !valid(st, col) || PQgetisnull(st->pg->res, st->pg->cur, col);
}

static int is_bool(struct sp_stmt *st, int col) { return PQftype(st->pg->res, col) == OID_BOOL; }

int64_t sp__pg_int(struct sp_stmt *st, int col) {
  if (sp__pg_is_null(st, col))
    return 0;
  const char *v = PQgetvalue(st->pg->res, st->pg->cur, col);
  if (is_bool(st, col))
    return v[0] == 't';
  unsigned t = PQftype(st->pg->res, col);
  if (t == OID_FLOAT8 || t == OID_FLOAT4 || t == OID_NUMERIC)
    return (int64_t)strtod(v, NULL);
  return strtoll(v, NULL, 10);
}

double sp__pg_double(struct sp_stmt *st, int col) {
  if (sp__pg_is_null(st, col))
    return 0;
  const char *v = PQgetvalue(st->pg->res, st->pg->cur, col);
  if (is_bool(st, col))
    return v[0] == 't';
  return strtod(v, NULL);
}

const char *sp__pg_text(struct sp_stmt *st, int col) {
  if (sp__pg_is_null(st, col))
    return "";
  const char *v = PQgetvalue(st->pg->res, st->pg->cur, col);
  if (is_bool(st, col))
    return v[0] == 't' ? "1" : "0"; /* as SQLite, whose booleans are 1 and 0 */
  return v;
}

json_t *sp__pg_row_json(struct sp_stmt *st) {
  json_t *o = json_object();
  PGresult *r = st->pg->res;
  if (!o || !r)
    return o;
  int n = PQnfields(r);
  for (int i = 0; i < n; i++) {
    json_t *v;
    if (PQgetisnull(r, st->pg->cur, i)) {
      v = json_null();
    } else {
      const char *t = PQgetvalue(r, st->pg->cur, i);
      switch (PQftype(r, i)) {
      case OID_INT2:
      case OID_INT4:
      case OID_INT8:
        v = json_integer(strtoll(t, NULL, 10));
        break;
      case OID_BOOL:
        v = json_integer(t[0] == 't');
        break;
      case OID_FLOAT4:
      case OID_FLOAT8:
        v = json_real(strtod(t, NULL));
        break;
      case OID_NUMERIC: /* sum() of bigints: an integer unless it has a fraction */
        v = strpbrk(t, ".eE") ? json_real(strtod(t, NULL)) : json_integer(strtoll(t, NULL, 10));
        break;
      default:
        v = json_stringn(t, (size_t)PQgetlength(r, st->pg->cur, i));
        break;
      }
    }
    if (!v || json_object_set_new_nocheck(o, PQfname(r, i), v) != 0) {
      json_decref(o);
      return NULL;
    }
  }
  return o;
}

int64_t sp__pg_last_id(struct sp_store *s) { return s->pg->last_id; }
int64_t sp__pg_changes(struct sp_store *s) { return s->pg->changes; }

/* ---- bulk writes through COPY ---- */

/* The columns of the bulk statement's target, in order, and the select
 * list read from sp_bulk: "INSERT INTO t(a, b) SELECT c0, f(c1) FROM sp_bulk".
 * types[k] gets the target column's type when select item i is exactly ck;
 * other columns stay text. */
static void bulk_types(struct sp_store *s, const char *sql, int ncols, char types[][64]) {
  for (int k = 0; k < ncols; k++)
    snprintf(types[k], sizeof(types[k]), "text");
  const char *name;
  size_t nlen = insert_target(sql, &name);
  if (!nlen || nlen > 63)
    return;
  const char *lp = name + nlen;
  while (isspace((unsigned char)*lp))
    lp++;
  if (*lp != '(')
    return;
  const char *rp = strchr(lp, ')');
  const char *sel = rp ? strcasestr(rp, "SELECT") : NULL;
  const char *from = sel ? strcasestr(sel, "FROM sp_bulk") : NULL;
  if (!from)
    return;
  char tname[64];
  snprintf(tname, sizeof(tname), "%.*s", (int)nlen, name);
  const char *v[1] = {tname};
  PGresult *res = PQexecParams(s->pg->conn,
                               "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
                               " WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped",
                               1, NULL, v, NULL, NULL, 0);
  if (PQresultStatus(res) != PGRES_TUPLES_OK) {
    PQclear(res);
    return;
  }
  /* walk the column list and the select list together */
  const char *c = lp + 1, *e = sel + 6;
  for (;;) {
    while (isspace((unsigned char)*c) || *c == ',')
      c++;
    const char *cs = c;
    while (sp__pg_ident_char(*c))
      c++;
    size_t cl = (size_t)(c - cs);
    while (isspace((unsigned char)*e))
      e++;
    const char *es = e;
    int depth = 0;
    while (e < from && !(depth == 0 && *e == ',')) {
      if (*e == '(')
        depth++;
      else if (*e == ')')
        depth--;
      e++;
    }
    const char *ee = e;
    while (ee > es && isspace((unsigned char)ee[-1]))
      ee--;
    if (!cl || es >= from)
      break;
    if (es[0] == 'c' && ee - es >= 2 && ee - es <= 3) {
      int k = (int)strtol(es + 1, NULL, 10), ok = 1;
      for (const char *d = es + 1; d < ee; d++)
        ok &= isdigit((unsigned char)*d) != 0;
      if (ok && k < ncols)
        for (int r = 0; r < PQntuples(res); r++)
          if (strlen(PQgetvalue(res, r, 0)) == cl && strncmp(PQgetvalue(res, r, 0), cs, cl) == 0)
            snprintf(types[k], sizeof(types[k]), "%s", PQgetvalue(res, r, 1));
    }
    if (*e == ',')
      e++;
    if (*c != ',' || e >= from)
      break;
  }
  PQclear(res);
}

static void copy_escape(struct sp_buf *b, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char ch = s[i];
    switch (ch) {
    case '\\': KEEP(sp_buf_add(b, "\\\\", 2)); break;
    case '\n': KEEP(sp_buf_add(b, "\\n", 2)); break;
    case '\r': KEEP(sp_buf_add(b, "\\r", 2)); break;
    case '\t': KEEP(sp_buf_add(b, "\\t", 2)); break;
    default: KEEP(sp_buf_addc(b, ch)); break;
    }
  }
}

enum sp_rc sp__pg_bulk(struct sp_store *s, struct sp_ctx *ctx, const char *sql, int ncols,
                       sp_bulk_fn fn, void *ud) {
  if (ncols < 1 || ncols > SP_BULK_MAXCOLS)
    return sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "sp_store_bulk: bad column count");
  enum sp_rc rc = alive(s, ctx);
  if (rc != SP_OK)
    return rc;
  char types[SP_BULK_MAXCOLS][64];
  bulk_types(s, sql, ncols, types);
  struct sp_buf b;
  sp_buf_init(&b, 1u << 20);
  KEEP(sp_buf_adds(&b, "DROP TABLE IF EXISTS pg_temp.sp_bulk; CREATE TEMP TABLE sp_bulk ("));
  for (int k = 0; k < ncols; k++)
    KEEP(sp_buf_addf(&b, "%sc%d %s", k ? ", " : "", k, types[k]));
  KEEP(sp_buf_adds(&b, ")"));
  if (b.failed)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  rc = run_plain(s, ctx, sp_buf_str(&b));
  sp_buf_reset(&b);
  if (rc != SP_OK)
    goto out;
  PGresult *res = PQexec(s->pg->conn, "COPY sp_bulk FROM STDIN");
  if (PQresultStatus(res) != PGRES_COPY_IN) {
    rc = pg_fail(s, ctx, res, "bulk write");
    PQclear(res);
    goto out;
  }
  PQclear(res);
  int failed = 0;
  for (;;) {
    struct sp_bulk_val vals[SP_BULK_MAXCOLS];
    memset(vals, 0, sizeof(vals));
    int k = fn(ud, vals);
    if (k < 0) {
      failed = 1;
      break;
    }
    if (k == 0)
      break;
    for (int c = 0; c < ncols; c++) {
      if (c)
        KEEP(sp_buf_addc(&b, '\t'));
      if (vals[c].type == SP_BULK_INT)
        KEEP(sp_buf_addf(&b, "%lld", (long long)vals[c].i));
      else if (vals[c].type == SP_BULK_TEXT)
        copy_escape(&b, vals[c].s, vals[c].n);
      else
        KEEP(sp_buf_add(&b, "\\N", 2));
    }
    KEEP(sp_buf_addc(&b, '\n'));
    if (b.failed) {
      failed = 2;
      break;
    }
    if (b.len > 256 * 1024) {
      if (PQputCopyData(s->pg->conn, b.data, (int)b.len) != 1) {
        failed = 3;
        break;
      }
      sp_buf_reset(&b);
    }
  }
  if (!failed && b.len && PQputCopyData(s->pg->conn, b.data, (int)b.len) != 1)
    failed = 3;
  sp_buf_reset(&b);
  PQputCopyEnd(s->pg->conn, failed ? "the rows failed" : NULL);
  while ((res = PQgetResult(s->pg->conn))) {
    if (PQresultStatus(res) != PGRES_COMMAND_OK && rc == SP_OK && !failed)
      rc = pg_fail(s, ctx, res, "bulk write");
    PQclear(res);
  }
  if (failed == 1)
    rc = sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "a bulk write's rows failed");
  else if (failed == 2)
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory in a bulk write");
  else if (failed == 3 && rc == SP_OK)
    rc = pg_fail(s, ctx, NULL, "bulk write");
  if (rc == SP_OK) {
    struct sp_stmt *st = NULL;
    rc = sp__pg_prepare(s, ctx, sql, &st);
    int row;
    if (rc == SP_OK)
      rc = sp__pg_step(st, ctx, &row);
    if (st)
      sp__pg_stmt_free(st);
  }
  /* Outside sp_store_bulk, sp_bulk reads as empty, as on SQLite. */
  if (PQtransactionStatus(s->pg->conn) != PQTRANS_INERROR)
    PQclear(PQexec(s->pg->conn, "DROP TABLE IF EXISTS pg_temp.sp_bulk; CREATE TEMP TABLE sp_bulk"
                                " (c0 text, c1 text, c2 text, c3 text, c4 text, c5 text, c6 text,"
                                " c7 text, c8 text, c9 text, c10 text, c11 text, c12 text, c13 text,"
                                " c14 text, c15 text, c16 text, c17 text, c18 text, c19 text,"
                                " c20 text, c21 text, c22 text, c23 text)"));
out:
  sp_buf_free(&b);
  return rc;
}

enum sp_rc sp_store_admin_exec(struct sp_ctx *ctx, const char *url, const char *sql) {
  if (!sp__pg_url(url))
    return sp_ctx_fail(ctx, SP_EINVAL, "db", "%s is not a PostgreSQL url", url);
  const char *const keys[] = {"connect_timeout", "application_name", "dbname", NULL};
  const char *const vals[] = {"5", "skillplan", url, NULL};
  PGconn *c = PQconnectdbParams(keys, vals, 1);
  enum sp_rc rc = SP_OK;
  if (!c || PQstatus(c) != CONNECTION_OK) {
    rc = sp_ctx_fail(ctx, SP_EUNAVAIL, "db", "cannot connect to PostgreSQL: %s",
                     c ? PQerrorMessage(c) : "out of memory");
  } else {
    PQsetNoticeProcessor(c, quiet, NULL);
    PGresult *res = PQexec(c, sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
      rc = sp_ctx_fail(ctx, SP_ESTORE, NULL, "database: %s", PQresultErrorMessage(res));
    PQclear(res);
  }
  PQfinish(c);
  return rc;
}
