/*
 * test_store.c: the store (store.h) on SQLite: migrations apply on a fresh
 * database and only once, the schema version, prepared statements that
 * keep user text as data, constraint failures as SP_ECONFLICT, rollback
 * leaving nothing, nested levels as savepoints, and the audit log being
 * append-only and written only inside a transaction.
 */
#include <time.h>
#include <unistd.h>

#include "testutil.h"

#include "core/audit.h"
#include "base/date.h"
#include "store/migrations.h"

static int setup(void **state) {
  struct tenv *e = calloc(1, sizeof(*e));
  t_open(e);
  *state = e;
  return 0;
}

static int teardown(void **state) {
  struct tenv *e = *state;
  t_close(e);
  free(e);
  return 0;
}

static void migrations_apply_on_fresh_db(void **state) {
  struct tenv *e = *state;
  assert_true(sp_store_migration_count() >= 3);
  assert_int_equal(sp_store_schema_version(e->store),
                   sp__migrations[sp__migration_count - 1].version);
  assert_int_equal(t_int(e, "SELECT count(*) FROM schema_migrations"), sp__migration_count);
  /* 0001 made the tables and seeded the kinds and levels; 0002 added ord;
   * 0003 rekeyed the dated tables. */
  assert_int_equal(t_int(e, "SELECT count(*) FROM org_kinds"), 19);
  assert_int_equal(t_int(e, "SELECT count(*) FROM levels"), 9);
  assert_int_equal(t_int(e, "SELECT count(ord) FROM routes"), 0);
  if (t_pg_admin()) {
    assert_string_equal(sp_store_engine(e->store), "postgresql");
    /* ids numbered by the database; the audit log's guard is a trigger */
    assert_int_equal(t_int(e, "SELECT count(*) FROM information_schema.columns WHERE"
                              " table_name = 'orgs' AND column_name = 'id' AND is_identity = 'YES'"),
                     1);
    assert_int_equal(t_int(e, "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'audit_log_no_%'"), 2);
  } else {
    assert_int_equal(t_int(e, "PRAGMA foreign_keys"), 1);
    assert_string_equal(sp_store_engine(e->store), "sqlite");
  }
}

static void dated_tables_have_portable_keys(void **state) {
  struct tenv *e = *state;
  /* Migration 0003: a surrogate id, with the old key kept UNIQUE, so that
   * a NULL valid_from ("since first specified") is legal in PostgreSQL too. */
  T_RC(e, sp_store_exec(e->store, e->ctx,
                        "INSERT INTO areas(code) VALUES ('E69000001');"
                        "INSERT INTO area_names(code, name, valid_from, valid_to)"
                        " VALUES ('E69000001', 'Old', NULL, '2025-09-29'),"
                        " ('E69000001', 'New', '2025-09-29', NULL)"),
       SP_OK);
  assert_int_equal(t_int(e, "SELECT count(id) FROM area_names"), 2);
  T_RC(e, sp_store_exec(e->store, e->ctx,
                        "INSERT INTO area_names(code, name, valid_from)"
                        " VALUES ('E69000001', 'Again', '2025-09-29')"),
       SP_ECONFLICT);
  T_RC(e, sp_store_exec(e->store, e->ctx,
                        "INSERT INTO area_attributes(code, kind, source)"
                        " VALUES ('E69000001', 'county', 'x')"),
       SP_ECONFLICT);
  assert_int_equal(t_int(e, "SELECT count(*) FROM area_attributes"), 0);
}

static void reopen_keeps_data_and_applies_nothing_twice(void **state) {
  (void)state;
  char path[] = "/tmp/sp_test_store_XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  unlink(path);
  struct tenv e;
  struct sp_ctx *boot = sp_ctx_new(NULL);
  assert_int_equal(sp_store_open(boot, path, &e.store), SP_OK);
  e.ctx = sp_ctx_new(e.store);
  T_RC(&e, sp_store_exec(e.store, e.ctx, "INSERT INTO lads(code, name) VALUES ('E1', 'x')"),
       SP_OK);
  int64_t applied = t_int(&e, "SELECT count(*) FROM schema_migrations");
  sp_ctx_free(e.ctx);
  sp_store_close(e.store);
  char url[600];
  snprintf(url, sizeof(url), "sqlite:%s", path);
  assert_int_equal(sp_store_open(boot, url, &e.store), SP_OK);
  e.ctx = sp_ctx_new(e.store);
  assert_int_equal(t_int(&e, "SELECT count(*) FROM schema_migrations"), applied);
  assert_int_equal(t_int(&e, "SELECT count(*) FROM lads"), 1);
  struct sp_stmt *st = NULL;
  int row = 0;
  assert_int_equal(sp_store_prepare(e.store, e.ctx, "PRAGMA journal_mode", &st), SP_OK);
  assert_int_equal(sp_stmt_step(st, e.ctx, &row), SP_OK);
  assert_string_equal(sp_stmt_text(st, 0), "wal"); /* a file database runs in WAL mode */
  sp_stmt_free(st);
  sp_ctx_free(e.ctx);
  sp_store_close(e.store);
  sp_ctx_free(boot);
  unlink(path);
  char side[700];
  snprintf(side, sizeof(side), "%s-wal", path);
  unlink(side);
  snprintf(side, sizeof(side), "%s-shm", path);
  unlink(side);
}

static void unknown_engine_and_bad_path_refused(void **state) {
  (void)state;
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  struct sp_store *s = NULL;
  /* PostgreSQL out of reach: a clear message and SP_EUNAVAIL (exit code 3),
   * at once rather than after a hang (nothing listens on port 1). */
  time_t t0 = time(NULL);
  assert_int_equal(sp_store_open(ctx, "postgresql://nobody@127.0.0.1:1/x", &s), SP_EUNAVAIL);
  assert_non_null(strstr(sp_ctx_errmsg(ctx), "cannot connect to PostgreSQL"));
  assert_int_equal(sp_rc_exit(SP_EUNAVAIL), 3);
  assert_true(time(NULL) - t0 < 6);
  assert_int_equal(sp_store_open(ctx, "/nonexistent-dir/x/y.db", &s), SP_ESTORE);
  sp_ctx_free(ctx);
}

static void prepared_statements_keep_text_as_data(void **state) {
  struct tenv *e = *state;
  static const char evil[] = "x'); DROP TABLE lads; --";
  struct sp_stmt *st = NULL;
  T_RC(e, sp_store_prepare(e->store, e->ctx, "INSERT INTO lads(code, name) VALUES (?, ?)", &st),
       SP_OK);
  assert_int_equal(sp_stmt_bind_text(st, 1, "E2"), SP_OK);
  assert_int_equal(sp_stmt_bind_text(st, 2, evil), SP_OK);
  T_RC(e, sp_stmt_run(st, e->ctx), SP_OK);
  /* The statement runs again after a reset with new bindings. */
  sp_stmt_reset(st);
  assert_int_equal(sp_stmt_bind_text(st, 1, "E3"), SP_OK);
  assert_int_equal(sp_stmt_bind_text(st, 2, "three"), SP_OK);
  T_RC(e, sp_stmt_run(st, e->ctx), SP_OK);
  sp_stmt_free(st);
  T_RC(e, sp_store_prepare(e->store, e->ctx, "SELECT code, name FROM lads ORDER BY code", &st),
       SP_OK);
  json_t *rows = NULL;
  T_RC(e, sp_stmt_all_json(st, e->ctx, &rows), SP_OK);
  sp_stmt_free(st);
  assert_int_equal(json_array_size(rows), 2);
  assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "name")), evil);
  json_decref(rows);
}

static void values_dates_and_json_types(void **state) {
  struct tenv *e = *state;
  struct sp_stmt *st = NULL;
  T_RC(e, sp_store_prepare(e->store, e->ctx, "SELECT ?1 AS i, ?2 AS r, ?3 AS t, ?4 AS n, ?5 AS d",
                           &st),
       SP_OK);
  int32_t day;
  assert_int_equal(sp_date_parse("2025-09-29", &day), SP_OK);
  assert_int_equal(sp_stmt_bind_int(st, 1, 9007199254740993LL), SP_OK);
  assert_int_equal(sp_stmt_bind_double(st, 2, 1.5), SP_OK);
  assert_int_equal(sp_stmt_bind_text(st, 3, "caf\xc3\xa9"), SP_OK);
  assert_int_equal(sp_stmt_bind_null(st, 4), SP_OK);
  assert_int_equal(sp_stmt_bind_date(st, 5, day), SP_OK);
  int row = 0;
  T_RC(e, sp_stmt_step(st, e->ctx, &row), SP_OK);
  assert_true(row);
  assert_int_equal(sp_stmt_columns(st), 5);
  assert_string_equal(sp_stmt_column_name(st, 2), "t");
  assert_true(sp_stmt_is_null(st, 3));
  assert_string_equal(sp_stmt_text(st, 3), "");
  assert_int_equal(sp_stmt_date(st, 4), day);
  assert_int_equal(sp_stmt_date(st, 2), SP_DATE_NONE);
  json_t *o = sp_stmt_row_json(st);
  assert_int_equal(json_integer_value(json_object_get(o, "i")), 9007199254740993LL);
  assert_true(json_is_real(json_object_get(o, "r")));
  assert_true(json_is_null(json_object_get(o, "n")));
  assert_string_equal(json_string_value(json_object_get(o, "d")), "2025-09-29");
  json_decref(o);
  sp_stmt_free(st);
}

static void constraint_failure_is_conflict(void **state) {
  struct tenv *e = *state;
  T_RC(e, sp_store_exec(e->store, e->ctx, "INSERT INTO lads(code, name) VALUES ('E1', 'a')"),
       SP_OK);
  /* UNIQUE (primary key) through a prepared statement. */
  struct sp_stmt *st = NULL;
  T_RC(e, sp_store_prepare(e->store, e->ctx, "INSERT INTO lads(code, name) VALUES ('E1', 'b')",
                           &st),
       SP_OK);
  T_RC(e, sp_stmt_run(st, e->ctx), SP_ECONFLICT);
  assert_non_null(strstr(sp_ctx_errmsg(e->ctx), "UNIQUE"));
  sp_stmt_free(st);
  /* FOREIGN KEY: a district paired with an area that does not exist. */
  T_RC(e, sp_store_exec(e->store, e->ctx,
                        "INSERT INTO area_lads(area_code, lad_code) VALUES ('E69999999', 'E1')"),
       SP_ECONFLICT);
  /* CHECK: an area that ends before it starts. */
  T_RC(e, sp_store_exec(e->store, e->ctx,
                        "INSERT INTO areas(code, valid_from, valid_to)"
                        " VALUES ('E69999998', '2025-01-01', '2024-01-01')"),
       SP_ECONFLICT);
  /* A syntax error is a store error, not a conflict: found at prepare
   * (SQLite) or at the first step (PostgreSQL runs a statement then). */
  enum sp_rc prc = sp_store_prepare(e->store, e->ctx, "SELEKT 1", &st);
  if (prc == SP_OK) {
    int row = 0;
    prc = sp_stmt_step(st, e->ctx, &row);
    sp_stmt_free(st);
  }
  assert_int_equal(prc, SP_ESTORE);
  assert_int_equal(t_int(e, "SELECT count(*) FROM lads"), 1);
}

static void nested_levels(void **state) {
  struct tenv *e = *state;
  /* An inner level rolled back undoes only its own writes. */
  T_RC(e, sp_store_begin(e->store, e->ctx), SP_OK);
  T_RC(e, sp_store_exec(e->store, e->ctx, "INSERT INTO lads(code, name) VALUES ('E1', 'a')"),
       SP_OK);
  T_RC(e, sp_store_begin(e->store, e->ctx), SP_OK);
  T_RC(e, sp_store_exec(e->store, e->ctx, "INSERT INTO lads(code, name) VALUES ('E2', 'b')"),
       SP_OK);
  assert_int_equal(t_int(e, "SELECT count(*) FROM lads"), 2);
  sp_store_rollback(e->store);
  assert_true(sp_store_in_tx(e->store)); /* the outer level is still open */
  assert_int_equal(t_int(e, "SELECT count(*) FROM lads"), 1);
  T_RC(e, sp_store_commit(e->store, e->ctx), SP_OK);
  assert_false(sp_store_in_tx(e->store));
  assert_int_equal(t_int(e, "SELECT count(*) FROM lads"), 1);
  /* An inner level committed is undone with the outer one. */
  T_RC(e, sp_store_begin(e->store, e->ctx), SP_OK);
  T_RC(e, sp_store_begin(e->store, e->ctx), SP_OK);
  T_RC(e, sp_store_begin(e->store, e->ctx), SP_OK);
  T_RC(e, sp_store_exec(e->store, e->ctx, "INSERT INTO lads(code, name) VALUES ('E3', 'c')"),
       SP_OK);
  T_RC(e, sp_store_commit(e->store, e->ctx), SP_OK);
  T_RC(e, sp_store_commit(e->store, e->ctx), SP_OK);
  assert_int_equal(t_int(e, "SELECT count(*) FROM lads"), 2);
  sp_store_rollback(e->store);
  assert_false(sp_store_in_tx(e->store));
  assert_int_equal(t_int(e, "SELECT count(*) FROM lads"), 1);
  T_RC(e, sp_store_commit(e->store, e->ctx), SP_EINTERNAL);
}

static void rollback_leaves_nothing(void **state) {
  struct tenv *e = *state;
  T_RC(e, sp_store_begin(e->store, e->ctx), SP_OK);
  assert_true(sp_store_in_tx(e->store));
  T_RC(e, sp_store_exec(e->store, e->ctx,
                        "INSERT INTO lads(code, name) VALUES ('E1', 'a'), ('E2', 'b')"),
       SP_OK);
  assert_int_equal(t_int(e, "SELECT count(*) FROM lads"), 2); /* visible inside */
  sp_store_rollback(e->store);
  assert_false(sp_store_in_tx(e->store));
  assert_int_equal(t_int(e, "SELECT count(*) FROM lads"), 0);
  sp_store_rollback(e->store); /* harmless with no transaction */
  T_RC(e, sp_store_commit(e->store, e->ctx), SP_EINTERNAL);
  /* And a commit keeps what was written. */
  T_RC(e, sp_store_begin(e->store, e->ctx), SP_OK);
  T_RC(e, sp_store_exec(e->store, e->ctx, "INSERT INTO lads(code, name) VALUES ('E3', 'c')"),
       SP_OK);
  T_RC(e, sp_store_commit(e->store, e->ctx), SP_OK);
  assert_int_equal(t_int(e, "SELECT count(*) FROM lads"), 1);
  assert_int_equal(sp_store_changes(e->store), 1);
}

static void audit_log_is_append_only(void **state) {
  struct tenv *e = *state;
  json_t *after = json_pack("{s:s, s:i}", "name", "x", "n", 1);
  sp_ctx_set_actor(e->ctx, 7, 3, SP_ROLE_DFE_ADMIN, "Ada");
  /* Outside a transaction the audit refuses. */
  T_RC(e, sp_audit_append(e->ctx, "create", "org", "1", NULL, after), SP_EINTERNAL);
  assert_int_equal(t_int(e, "SELECT count(*) FROM audit_log"), 0);
  T_RC(e, sp_store_begin(e->store, e->ctx), SP_OK);
  T_RC(e, sp_audit_append(e->ctx, "create", "org", "1", NULL, after), SP_OK);
  T_RC(e, sp_store_commit(e->store, e->ctx), SP_OK);
  json_decref(after);
  assert_int_equal(t_int(e, "SELECT count(*) FROM audit_log WHERE user_id = 7 AND actor = 'Ada'"
                            " AND after_json = '{\"n\":1,\"name\":\"x\"}' AND before_json IS NULL"),
                   1);
  T_RC(e, sp_store_exec(e->store, e->ctx, "UPDATE audit_log SET actor = 'Eve'"), SP_ECONFLICT);
  assert_non_null(strstr(sp_ctx_errmsg(e->ctx), "append-only"));
  T_RC(e, sp_store_exec(e->store, e->ctx, "DELETE FROM audit_log"), SP_ECONFLICT);
  assert_int_equal(t_int(e, "SELECT count(*) FROM audit_log WHERE actor = 'Ada'"), 1);
  /* Reading needs the dfe_admin role. */
  json_t *list = NULL;
  T_RC(e, sp_audit_list(e->ctx, "org", 0, 10, &list), SP_OK);
  assert_int_equal(json_array_size(list), 1);
  json_decref(list);
  sp_ctx_set_actor(e->ctx, 8, 3, SP_ROLE_VIEWER, "Vic");
  T_RC(e, sp_audit_list(e->ctx, NULL, 0, 10, &list), SP_EFORBIDDEN);
  /* An audit entry rolled back with its transaction leaves nothing. */
  sp_ctx_set_actor(e->ctx, 7, 3, SP_ROLE_DFE_ADMIN, "Ada");
  T_RC(e, sp_store_begin(e->store, e->ctx), SP_OK);
  T_RC(e, sp_audit_append(e->ctx, "update", "org", "1", NULL, NULL), SP_OK);
  sp_store_rollback(e->store);
  assert_int_equal(t_int(e, "SELECT count(*) FROM audit_log"), 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(migrations_apply_on_fresh_db, setup, teardown),
      cmocka_unit_test_setup_teardown(dated_tables_have_portable_keys, setup, teardown),
      cmocka_unit_test(reopen_keeps_data_and_applies_nothing_twice),
      cmocka_unit_test(unknown_engine_and_bad_path_refused),
      cmocka_unit_test_setup_teardown(prepared_statements_keep_text_as_data, setup, teardown),
      cmocka_unit_test_setup_teardown(values_dates_and_json_types, setup, teardown),
      cmocka_unit_test_setup_teardown(constraint_failure_is_conflict, setup, teardown),
      cmocka_unit_test_setup_teardown(rollback_leaves_nothing, setup, teardown),
      cmocka_unit_test_setup_teardown(nested_levels, setup, teardown),
      cmocka_unit_test_setup_teardown(audit_log_is_append_only, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
