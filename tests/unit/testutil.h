/*
 * testutil.h: helpers the unit tests share (header-only, static): opening
 * a fresh in-memory store with a context, finding the source tree's data
 * and test files, counting rows, and copying files for tests that need a
 * damaged copy of the reference data.
 */
#ifndef SP_TESTUTIL_H
#define SP_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/sp.h"
#include "store/store.h"

struct tenv {
  struct sp_store *store;
  struct sp_ctx *ctx;
};

/* The source tree (SP_SOURCE_DIR in the environment, else the build's). */
static inline const char *t_source_dir(void) {
  const char *s = getenv("SP_SOURCE_DIR");
  return s && *s ? s : SP_SOURCE_DIR;
}

/* path = <source>/<rel> into a static buffer (one at a time). */
static inline const char *t_path(const char *rel) {
  static char buf[2][1024];
  static int k;
  k ^= 1;
  snprintf(buf[k], sizeof(buf[k]), "%s/%s", t_source_dir(), rel);
  return buf[k];
}

/*
 * The database a fixture opens: ":memory:" (SQLite), or, when SP_TEST_DB
 * names a PostgreSQL server (postgresql://user@host:port/postgres, as
 * scripts/pg-test-cluster.sh prints), a fresh database on it made for this
 * test (CREATE DATABASE sp_t_<pid>_<n>), dropped by t_close. The first
 * fresh database of a process is migrated once into a template
 * (sp_tmpl_<pid>), which later ones copy; the template is dropped at exit.
 */
static char t_pg_name[64];
static char t_pg_url[1024];
static char t_pg_tmpl[64];

static inline const char *t_pg_admin(void) {
  const char *u = getenv("SP_TEST_DB");
  return u && (strncmp(u, "postgresql://", 13) == 0 || strncmp(u, "postgres://", 11) == 0) ? u
                                                                                          : NULL;
}

/* url with its database name replaced by name, into out. */
static inline void t_pg_with_db(const char *url, const char *name, char *out, size_t n) {
  const char *slash = strrchr(url, '/');
  const char *q = strchr(slash ? slash : url, '?');
  snprintf(out, n, "%.*s/%s%s", (int)(slash - url), url, name, q ? q : "");
}

static inline void t_pg_drop_tmpl(void) {
  if (!t_pg_tmpl[0])
    return;
  struct sp_ctx *c = sp_ctx_new(NULL);
  char sql[128];
  snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", t_pg_tmpl);
  if (sp_store_admin_exec(c, t_pg_admin(), sql) != SP_OK)
    fprintf(stderr, "dropping %s: %s\n", t_pg_tmpl, sp_ctx_errmsg(c));
  sp_ctx_free(c);
}

static inline const char *t_db_url(struct sp_ctx *boot) {
  const char *admin = t_pg_admin();
  if (!admin)
    return ":memory:";
  static int k;
  char sql[256];
  if (!t_pg_tmpl[0]) {
    snprintf(t_pg_tmpl, sizeof(t_pg_tmpl), "sp_tmpl_%d", (int)getpid());
    snprintf(sql, sizeof(sql), "CREATE DATABASE %s", t_pg_tmpl);
    if (sp_store_admin_exec(boot, admin, sql) != SP_OK)
      fail_msg("%s: %s", sql, sp_ctx_errmsg(boot));
    atexit(t_pg_drop_tmpl);
    char tu[1024];
    struct sp_store *st = NULL;
    t_pg_with_db(admin, t_pg_tmpl, tu, sizeof(tu));
    if (sp_store_open(boot, tu, &st) != SP_OK)
      fail_msg("migrating %s: %s", tu, sp_ctx_errmsg(boot));
    sp_store_close(st);
  }
  snprintf(t_pg_name, sizeof(t_pg_name), "sp_t_%d_%d", (int)getpid(), ++k);
  snprintf(sql, sizeof(sql), "CREATE DATABASE %s TEMPLATE %s", t_pg_name, t_pg_tmpl);
  if (sp_store_admin_exec(boot, admin, sql) != SP_OK)
    fail_msg("%s: %s", sql, sp_ctx_errmsg(boot));
  t_pg_with_db(admin, t_pg_name, t_pg_url, sizeof(t_pg_url));
  return t_pg_url;
}

/* Opens a fresh store (t_db_url) and a context over it (public actor). */
static inline void t_open(struct tenv *e) {
  struct sp_ctx *boot = sp_ctx_new(NULL);
  assert_non_null(boot);
  enum sp_rc rc = sp_store_open(boot, t_db_url(boot), &e->store);
  if (rc != SP_OK)
    fail_msg("open: %s", sp_ctx_errmsg(boot));
  sp_ctx_free(boot);
  e->ctx = sp_ctx_new(e->store);
  assert_non_null(e->ctx);
}

/* Drops the database t_db_url made last, if it made one (call after
 * closing its store). */
static inline void t_db_drop(void) {
  if (t_pg_name[0]) {
    struct sp_ctx *c = sp_ctx_new(NULL);
    char sql[128];
    snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", t_pg_name);
    if (sp_store_admin_exec(c, t_pg_admin(), sql) != SP_OK)
      fprintf(stderr, "%s: %s\n", sql, sp_ctx_errmsg(c));
    sp_ctx_free(c);
    t_pg_name[0] = '\0';
  }
}

static inline void t_close(struct tenv *e) {
  sp_ctx_free(e->ctx);
  sp_store_close(e->store);
  e->ctx = NULL;
  e->store = NULL;
  t_db_drop();
}

/* The single integer a query returns (fails the test on error). */
static inline int64_t t_int(struct tenv *e, const char *sql) {
  struct sp_stmt *st = NULL;
  int row = 0;
  if (sp_store_prepare(e->store, e->ctx, sql, &st) != SP_OK)
    fail_msg("prepare %s: %s", sql, sp_ctx_errmsg(e->ctx));
  if (sp_stmt_step(st, e->ctx, &row) != SP_OK || !row)
    fail_msg("step %s: %s", sql, sp_ctx_errmsg(e->ctx));
  int64_t v = sp_stmt_int(st, 0);
  sp_stmt_free(st);
  return v;
}

/* Asserts rc is `want`, printing the context's message when it is not. */
#define T_RC(e, call, want)                                                                  \
  do {                                                                                      \
    enum sp_rc t_rc_ = (call);                                                              \
    if (t_rc_ != (want))                                                                    \
      fail_msg("%s: got %s, want %s: %s", #call, sp_strerror(t_rc_), sp_strerror(want),     \
               sp_ctx_errmsg((e)->ctx));                                                    \
  } while (0)

/* Reads a whole file into a new buffer (free with free). */
static inline char *t_slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  size_t r;
  while (buf && (r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
    n += r;
    if (cap - n < 2) {
      char *nb = realloc(buf, cap * 2);
      if (!nb) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = nb;
      cap *= 2;
    }
  }
  fclose(f);
  if (buf)
    buf[n] = '\0';
  if (len)
    *len = n;
  return buf;
}

static inline void t_spit(const char *path, const char *data, size_t len) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, len, f), len);
  fclose(f);
}

#endif
