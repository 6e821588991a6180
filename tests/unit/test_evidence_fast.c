/*
 * test_evidence_fast.c: the evidence engine's fast paths. The streaming
 * scanner gives the same rows, rejections and line numbers whatever its
 * chunk size and threads (lines cut by a chunk's end, CRLF, a last line
 * without a newline, a line over the limit, UTF-8); sp_store_bulk writes
 * every row or, when its producer fails, none; a batch import imports each
 * file as one import, stops at the first bad file and keeps the ones
 * before; a provider's group passing 2^32 - 1 refuses the file; migration
 * 0201 folds per-band needs rows into one row per group; the alignment
 * still reads the flat provider groups of older stores.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include <cmocka.h>

#include "ev_fixture.h"
#include "evidence/ev_int.h"

#define setup evfx_setup
#define teardown evfx_teardown

/* The first row of sql as a JSON object (binding fmt as sp_store_preparef). */
static json_t *row_of(struct evfx *f, const char *sql, const char *fmt, ...) {
  json_t *r = NULL;
  va_list ap;
  va_start(ap, fmt);
  enum sp_rc rc = sp_store_vrowf(f->ctx, &r, sql, fmt, ap);
  va_end(ap);
  return rc == SP_OK ? r : NULL;
}

static long long count(struct evfx *f, const char *sql) {
  json_t *r = row_of(f, sql, "");
  long long v = -1;
  const char *k;
  json_t *x;
  json_object_foreach(r, k, x) v = json_integer_value(x);
  json_decref(r);
  return v;
}

static enum sp_rc exec1(struct evfx *f, const char *sql, const char *text) {
  struct sp_stmt *s = NULL;
  enum sp_rc rc = sp_store_preparef(f->ctx, &s, sql, "s", text);
  if (rc == SP_OK)
    rc = sp_stmt_run(s, f->ctx);
  sp_stmt_free(s);
  return rc;
}

/* A vacancies file exercising the splitter: about 3,000 lines. */
static char *vacancies_text(size_t *len) {
  size_t cap = 1 << 20, n = 0;
  char *b = malloc(cap);
  assert_non_null(b);
  n += (size_t)snprintf(b + n, cap - n, "posted_date,area_code,soc_code,level\n");
  for (int i = 0; i < 3000; i++) {
    const char *row;
    switch (i % 97) {
    case 5: row = "2023-02-30,E69000003,2122,3\n"; break;           /* impossible date */
    case 11: row = "2023-09-05,E69000003,2122,3\r\n"; break;        /* CRLF */
    case 17: row = "\n"; break;                                      /* blank line */
    case 23: row = "2023-09-05,E69000003,2122\n"; break;             /* three columns */
    case 31: row = "2023-09-05,E69000003,21\xC3\xA9,3\n"; break;     /* UTF-8, bad SOC */
    case 41: row = "2023-09-05,E69000003,2122,\xFF\n"; break;        /* not UTF-8 */
    case 53: row = "2023-09-05,E06000031,5241,\n"; break;            /* district, no level */
    default: row = i % 2 ? "2023-10-10,E69000016,2122,4\n" : "2022-01-31,E07000008,5241,2\n";
    }
    n += (size_t)snprintf(b + n, cap - n, "%s", row);
    if (i == 1500) { /* a line of 5,000 bytes, over the 4,096 limit */
      memset(b + n, 'x', 5000);
      n += 5000;
      b[n++] = '\n';
    }
  }
  n += (size_t)snprintf(b + n, cap - n, "2023-09-05,E69000003,2122,3"); /* no newline */
  *len = n;
  return b;
}

static void scan_with(const struct ev_dict *d, const char *text, size_t len, size_t chunk,
                      int threads, struct ev_scan_result *r) {
  struct ev_job job = {.kind = SP_EV_VACANCIES, .ops = sp__ev_ops(SP_EV_VACANCIES), .dict = d,
                       .name = "v.csv", .accept_valid = 1, .max_line = 4096, .quotes = -1,
                       .threads = threads, .chunk = chunk, .min_split = chunk ? 64 : 0};
  assert_int_equal(sp__ev_scan(&job, text, len, r), SP_OK);
}

static void test_chunks_and_threads_agree(void **state) {
  struct evfx *f = *state;
  struct ev_dict d;
  memset(&d, 0, sizeof(d));
  assert_int_equal(sp__ev_dict_load(f->ctx, f->data, &d), SP_OK);
  size_t len;
  char *text = vacancies_text(&len);
  struct ev_scan_result base;
  scan_with(&d, text, len, 0, 1, &base);
  /* 3,000 rows and the long line; the blank lines are not rows. */
  assert_int_equal(base.rows_read, 3000 - 31 + 1 + 1);
  assert_true(base.errs.total > 100);
  long long_line = 0;
  for (size_t i = 0; i < base.errs.n; i++)
    if (strstr(base.errs.v[i].msg, "over the limit"))
      long_line = base.errs.v[i].line;
  assert_int_equal(long_line, 1 + 1501 + 1); /* header, rows 0..1500, then the long line */
  static const size_t chunks[] = {7, 64, 100, 4095, 4096, 4097, 65536};
  for (size_t c = 0; c < sizeof(chunks) / sizeof(*chunks); c++)
    for (int t = 1; t <= 3; t++) {
      struct ev_scan_result r;
      /* Odd thread counts use the portable splitter, the others AVX2 where present. */
      if (t % 2)
        setenv("SP_EV_SPLIT", "swar", 1);
      scan_with(&d, text, len, chunks[c], t, &r);
      unsetenv("SP_EV_SPLIT");
      assert_int_equal(r.rows_read, base.rows_read);
      assert_int_equal(r.rows_ok, base.rows_ok);
      assert_int_equal(r.errs.total, base.errs.total);
      assert_int_equal(r.errs.n, base.errs.n);
      for (size_t i = 0; i < r.errs.n; i++) {
        assert_int_equal(r.errs.v[i].line, base.errs.v[i].line);
        assert_string_equal(r.errs.v[i].field, base.errs.v[i].field);
      }
      struct ev_job job = {.kind = SP_EV_VACANCIES, .ops = sp__ev_ops(SP_EV_VACANCIES)};
      sp__ev_scan_result_free(&job, &r);
    }
  struct ev_job job = {.kind = SP_EV_VACANCIES, .ops = sp__ev_ops(SP_EV_VACANCIES)};
  sp__ev_scan_result_free(&job, &base);
  sp__ev_dict_free(&d);
  free(text);
}

struct feed {
  int n, fail_at;
};

static int feed_next(void *ud, struct sp_bulk_val *v) {
  struct feed *fd = ud;
  if (fd->n == 1000)
    return 0;
  if (fd->n == fd->fail_at)
    return -1;
  v[0].type = SP_BULK_INT;
  v[0].i = fd->n;
  if (fd->n % 2) {
    v[1].type = SP_BULK_TEXT;
    v[1].s = "odd row, and more";
    v[1].n = 8; /* only "odd row," */
  }
  fd->n++;
  return 1;
}

static void test_bulk_all_or_none(void **state) {
  struct evfx *f = *state;
  struct sp_store *st = f->store;
  assert_int_equal(sp_store_exec(st, f->ctx, "CREATE TABLE t(a INTEGER, b TEXT)"), SP_OK);
  struct feed ok = {0, -1};
  assert_int_equal(
      sp_store_bulk(st, f->ctx, "INSERT INTO t(a, b) SELECT c0, c1 FROM sp_bulk", 2, feed_next, &ok),
      SP_OK);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM t"), 1000);
  assert_int_equal(count(f, "SELECT SUM(a) FROM t"), 999 * 1000 / 2);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM t WHERE b = 'odd row,'"), 500);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM t WHERE b IS NULL"), 500);
  /* A producer failing half way: the statement's rows are undone. */
  struct feed bad = {0, 400};
  assert_int_equal(
      sp_store_bulk(st, f->ctx, "INSERT INTO t(a, b) SELECT c0, c1 FROM sp_bulk", 2, feed_next, &bad),
      SP_EINTERNAL);
  assert_non_null(strstr(sp_ctx_errmsg(f->ctx), "bulk write"));
  assert_int_equal(count(f, "SELECT COUNT(*) FROM t"), 1000);
  /* Outside sp_store_bulk the table reads as empty; bad widths are refused. */
  assert_int_equal(count(f, "SELECT COUNT(*) FROM sp_bulk"), 0);
  assert_int_equal(sp_store_bulk(st, f->ctx, "SELECT 1", 0, feed_next, &ok), SP_EINTERNAL);
  assert_int_equal(sp_store_bulk(st, f->ctx, "SELECT 1", SP_BULK_MAXCOLS + 1, feed_next, &ok),
                   SP_EINTERNAL);
}

static void batch_paths(struct evfx *f, char paths[][1024], const char *const *names, size_t n,
                        struct sp_ev_file *files, const enum sp_ev_kind *kinds) {
  for (size_t i = 0; i < n; i++) {
    snprintf(paths[i], 1024, "%s/%s", f->tdata, names[i]);
    files[i].kind = kinds[i];
    files[i].path = paths[i];
  }
}

static void test_batch(void **state) {
  struct evfx *f = *state;
  struct sp_ev_import_opts o = {.data_dir = f->data, .threads = 2};
  char paths[3][1024];
  struct sp_ev_file files[3];
  json_t *out = NULL;
  /* A bad file in the middle: the first stays imported, the rest are not. */
  static const char *const bad[] = {"needs.csv", "vacancies_baddate.csv", "provision.csv"};
  static const enum sp_ev_kind badk[] = {SP_EV_NEEDS, SP_EV_VACANCIES, SP_EV_PROVISION};
  batch_paths(f, paths, bad, 3, files, badk);
  assert_int_equal(sp_evidence_import_batch(f->ctx, files, 3, &o, &out), SP_EINVAL);
  assert_non_null(strstr(sp_ctx_errmsg(f->ctx), "vacancies_baddate.csv:2:posted_date"));
  assert_int_equal(json_array_size(out), 2);
  assert_string_equal(json_string_value(json_object_get(json_array_get(out, 0), "kind")), "needs");
  assert_string_equal(
      json_string_value(json_object_get(json_array_get(out, 1), "file_name")),
      "vacancies_baddate.csv");
  assert_non_null(json_object_get(json_array_get(out, 1), "errors"));
  json_decref(out);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM ev_imports"), 1);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM ev_supply"), 0);
  /* The rest as a batch: the gap table is as if imported one by one. */
  static const char *const good[] = {"provision.csv", "vacancies.csv"};
  static const enum sp_ev_kind goodk[] = {SP_EV_PROVISION, SP_EV_VACANCIES};
  batch_paths(f, paths, good, 2, files, goodk);
  assert_int_equal(sp_evidence_import_batch(f->ctx, files, 2, &o, &out), SP_OK);
  assert_int_equal(json_array_size(out), 2);
  json_decref(out);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM ev_imports"), 3);
  json_t *g = NULL;
  assert_int_equal(sp_evidence_gaps(f->ctx, "E69000003", NULL, &g), SP_OK);
  json_t *r = evfx_row(g, "EM-EDD", "3", 2023); /* the sums of test_evidence.c */
  assert_int_equal(ji(r, "needs"), 25);
  assert_int_equal(ji(r, "vacancies"), 2);
  assert_int_equal(ji(r, "achievements"), 10);
  assert_int_equal(ji(r, "gap"), 17);
  json_decref(g);
  /* The same file again in a batch is skipped, naming its earlier import,
   * and nothing is counted twice (issue 10, finding 8: a batch re-run after
   * a kill carries on with the rest). */
  assert_int_equal(sp_evidence_import_batch(f->ctx, files, 2, &o, &out), SP_OK);
  assert_int_equal(json_array_size(out), 2);
  for (size_t k = 0; k < 2; k++) {
    json_t *sk = json_array_get(out, k);
    assert_true(json_is_true(json_object_get(sk, "skipped")));
    assert_string_equal(json_string_value(json_object_get(sk, "file_name")), good[k]);
    assert_true(ji(json_object_get(sk, "earlier"), "import_id") > 0);
  }
  json_decref(out);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM ev_imports"), 3);
  /* Given alone, the same file is still refused as a repeat. */
  assert_int_equal(sp_evidence_import(f->ctx, SP_EV_PROVISION, paths[0], &o, &out), SP_ECONFLICT);
  json_decref(out);
}

static void test_batch_postcodes_first(void **state) {
  struct evfx *f = *state;
  struct sp_ev_import_opts o = {.data_dir = f->data};
  char paths[2][1024];
  struct sp_ev_file files[2];
  json_t *out = NULL;
  /* The provision file names postcodes that only the first file brings. */
  static const char *const names[] = {"postcodes.csv", "provision_postcode.csv"};
  static const enum sp_ev_kind kinds[] = {SP_EV_POSTCODES, SP_EV_PROVISION};
  batch_paths(f, paths, names, 2, files, kinds);
  assert_int_equal(sp_evidence_import_batch(f->ctx, files, 2, &o, &out), SP_OK);
  json_decref(out);
  json_t *g = NULL;
  assert_int_equal(sp_evidence_gaps(f->ctx, "E69000003", NULL, &g), SP_OK);
  assert_int_equal(ji(evfx_row(g, "LFA-ACC", "3", 2023), "starts"), 10);
  json_decref(g);
}

static void test_group_overflow(void **state) {
  struct evfx *f = *state;
  char path[] = "/tmp/ev_ovfXXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *fp = fdopen(fd, "w");
  fputs("ukprn,lad_code,postcode,learn_aim_ref,standard_code,ssa_tier2,level,funding_stream,"
        "academic_year,age_band,starts,achievements\n", fp);
  for (int i = 0; i < 5; i++) /* 5 x 999,999,999 starts in one provider's group */
    fputs("10000001,E07000008,,,,4.20,3,loans,2023/24,24+,999999999,0\n", fp);
  fclose(fp);
  assert_int_equal(evfx_import(f, SP_EV_PROVISION, path, 0, NULL, NULL), SP_ETOOBIG);
  assert_non_null(strstr(sp_ctx_errmsg(f->ctx), "4294967295; nothing imported"));
  assert_int_equal(count(f, "SELECT COUNT(*) FROM ev_imports"), 0);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM ev_gap"), 0);
  unlink(path);
}

static void test_needs_migration_folds_bands(void **state) {
  struct evfx *f = *state;
  struct sp_store *st = f->store;
  assert_int_equal(evfx_import(f, SP_EV_NEEDS, "needs.csv", 0, NULL, NULL), SP_OK);
  /* Put ev_needs back in its 0200 shape, one row per band, then fold it. */
  assert_int_equal(
      sp_store_exec(st, f->ctx,
                    "CREATE TABLE old AS SELECT * FROM ev_needs; DROP TABLE ev_needs;"
                    " CREATE TABLE ev_needs (import_id INTEGER NOT NULL, area_code TEXT NOT NULL,"
                    " route_code TEXT NOT NULL, pathway_code TEXT NOT NULL, level TEXT,"
                    " year INTEGER NOT NULL, size_band TEXT NOT NULL, people INTEGER NOT NULL,"
                    " hard_to_fill_people INTEGER NOT NULL, rows INTEGER NOT NULL,"
                    " sectors INTEGER NOT NULL);"
                    " INSERT INTO ev_needs SELECT import_id, area_code, route_code, pathway_code,"
                    " level, year, 'micro', micro_people, micro_hard, micro_rows, 1"
                    " FROM old WHERE micro_rows > 0;"
                    " INSERT INTO ev_needs SELECT import_id, area_code, route_code, pathway_code,"
                    " level, year, 'small', small_people, small_hard, small_rows, 4"
                    " FROM old WHERE small_rows > 0;"
                    " INSERT INTO ev_needs SELECT import_id, area_code, route_code, pathway_code,"
                    " level, year, 'medium', medium_people, medium_hard, medium_rows, 8"
                    " FROM old WHERE medium_rows > 0;"
                    " INSERT INTO ev_needs SELECT import_id, area_code, route_code, pathway_code,"
                    " level, year, 'large', large_people, large_hard, large_rows, 32"
                    " FROM old WHERE large_rows > 0;"),
      SP_OK);
  char path[1024], *sql = NULL;
  snprintf(path, sizeof(path), "%s/src/store/migrations/0201_needs_bands.sql", src_dir());
  FILE *fp = fopen(path, "r");
  assert_non_null(fp);
  sql = calloc(1, 1 << 16);
  assert_true(fread(sql, 1, (1 << 16) - 1, fp) > 0);
  fclose(fp);
  assert_int_equal(sp_store_exec(st, f->ctx, sql), SP_OK);
  free(sql);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM ev_needs"), count(f, "SELECT COUNT(*) FROM old"));
  assert_int_equal(count(f, "SELECT COUNT(*) FROM ev_needs n JOIN old o USING (import_id,"
                            " area_code, pathway_code, year) WHERE n.level IS o.level"
                            " AND n.micro_people = o.micro_people AND n.small_hard = o.small_hard"
                            " AND n.large_rows = o.large_rows AND n.medium_people = o.medium_people"
                            " AND n.sectors = (CASE WHEN o.micro_rows > 0 THEN 1 ELSE 0 END"
                            " | CASE WHEN o.small_rows > 0 THEN 4 ELSE 0 END"
                            " | CASE WHEN o.medium_rows > 0 THEN 8 ELSE 0 END"
                            " | CASE WHEN o.large_rows > 0 THEN 32 ELSE 0 END)"),
                   count(f, "SELECT COUNT(*) FROM old"));
}

static void test_alignment_reads_flat_groups(void **state) {
  struct evfx *f = *state;
  assert_int_equal(evfx_import(f, SP_EV_PROVISION, "provision.csv", 0, NULL, NULL), SP_OK);
  assert_int_equal(evfx_import(f, SP_EV_NEEDS, "needs.csv", 0, NULL, NULL), SP_OK);
  assert_int_equal(evfx_import(f, SP_EV_VACANCIES, "vacancies.csv", 0, NULL, NULL), SP_OK);
  json_t *a = NULL;
  assert_int_equal(sp_evidence_alignment(f->ctx, "10000001", 2023, 1, &a), SP_OK);
  long long on = ji(json_array_get(json_object_get(a, "areas"), 0), "starts_on_priorities");
  json_decref(a);
  assert_int_equal(on, 15);
  /* Rewrite the provider's groups in the flat form of older stores. */
  json_t *row = row_of(f, "SELECT groups FROM ev_provider_supply WHERE ukprn = '10000001'"
                         " AND year = 2023", "");
  assert_non_null(row);
  json_t *nested = json_loads(json_string_value(json_object_get(row, "groups")), 0, NULL);
  json_decref(row);
  assert_non_null(nested);
  json_t *flat = json_object();
  const char *pw, *lv;
  json_t *levels, *pair;
  json_object_foreach(nested, pw, levels) {
    json_object_foreach(levels, lv, pair) {
      char key[64];
      snprintf(key, sizeof(key), "%s|%s", pw, lv);
      json_object_set(flat, key, pair);
    }
  }
  char *text = json_dumps(flat, JSON_COMPACT);
  json_decref(flat);
  json_decref(nested);
  assert_int_equal(exec1(f, "UPDATE ev_provider_supply SET groups = ?1 WHERE ukprn = '10000001'"
                            " AND year = 2023", text), SP_OK);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM ev_provider_supply WHERE groups LIKE '%|%'"), 1);
  free(text);
  assert_int_equal(sp_evidence_alignment(f->ctx, "10000001", 2023, 1, &a), SP_OK);
  assert_int_equal(ji(json_array_get(json_object_get(a, "areas"), 0), "starts_on_priorities"), 15);
  json_decref(a);
}

static void test_key16(void **state) {
  (void)state;
  /* The key of every length against a plain zero-padded copy, with bytes
   * around the key that must not leak in. */
  char buf[48];
  for (size_t i = 0; i < sizeof(buf); i++)
    buf[i] = (char)(0xA0 + i);
  for (size_t n = 1; n <= 15; n++) {
    char k[16] = {0};
    memcpy(k, buf + 8, n);
    uint64_t e0, e1, a0, a1;
    memcpy(&e0, k, 8);
    memcpy(&e1, k + 8, 8);
    sp__ev_key16(buf + 8, n, &a0, &a1);
    assert_true(a0 == e0);
    assert_true(a1 == e1);
  }
}

static void test_parse_count(void **state) {
  (void)state;
  /* Every length, against strtol; a non-digit at each place is refused. */
  char buf[32];
  unsigned x = 12345;
  for (int k = 0; k < 20000; k++) {
    x = x * 1103515245u + 12345u;
    size_t n = 1 + (x >> 8) % 9;
    for (size_t i = 0; i < n; i++) {
      x = x * 1103515245u + 12345u;
      buf[i] = (char)('0' + (x >> 16) % 10);
    }
    buf[n] = '9'; /* a digit after the field must not be read into it */
    char tmp[16];
    memcpy(tmp, buf, n);
    tmp[n] = '\0';
    assert_int_equal(sp__ev_parse_count(buf, n), strtol(tmp, NULL, 10));
    size_t bad = (x >> 4) % n;
    char keep = buf[bad];
    static const char nots[] = {'/', ':', ' ', 'a', '\xB0', '\0', '-', '+'};
    buf[bad] = nots[(x >> 12) % sizeof(nots)];
    assert_int_equal(sp__ev_parse_count(buf, n), -1);
    buf[bad] = keep;
  }
  assert_int_equal(sp__ev_parse_count("", 0), -1);
  assert_int_equal(sp__ev_parse_count("1234567890", 10), -1);
  assert_int_equal(sp__ev_parse_count("99999999", 8), 99999999);
  assert_int_equal(sp__ev_parse_count("00000007", 8), 7);
}

static void test_parse_acyear(void **state) {
  (void)state;
  assert_int_equal(sp__ev_parse_acyear("2023/24", 7), 2023);
  assert_int_equal(sp__ev_parse_acyear("2000/01", 7), 2000);
  assert_int_equal(sp__ev_parse_acyear("2063/64", 7), 2063);
  assert_int_equal(sp__ev_parse_acyear("2099/00", 7), -1); /* past 2063/64 */
  assert_int_equal(sp__ev_parse_acyear("1999/00", 7), -1);
  assert_int_equal(sp__ev_parse_acyear("2023/25", 7), -1); /* not the next year */
  static const char *const bad[] = {"2023-24", "2023/2a", "20x3/24", "2023/24 ", "2023/4",
                                    ("2023\xAF" "24"), "2023024", "2023/:4", ":023/24"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
    assert_int_equal(sp__ev_parse_acyear(bad[i], strlen(bad[i])), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_key16),
      cmocka_unit_test(test_parse_count),
      cmocka_unit_test(test_parse_acyear),
      cmocka_unit_test_setup_teardown(test_chunks_and_threads_agree, setup, teardown),
      cmocka_unit_test_setup_teardown(test_bulk_all_or_none, setup, teardown),
      cmocka_unit_test_setup_teardown(test_batch, setup, teardown),
      cmocka_unit_test_setup_teardown(test_batch_postcodes_first, setup, teardown),
      cmocka_unit_test_setup_teardown(test_group_overflow, setup, teardown),
      cmocka_unit_test_setup_teardown(test_needs_migration_folds_bands, setup, teardown),
      cmocka_unit_test_setup_teardown(test_alignment_reads_flat_groups, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
