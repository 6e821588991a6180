/*
 * test_evidence_input.c: bad input to the evidence readers: wrong column
 * counts, negative and non-numeric counts, unknown codes, impossible dates,
 * invalid UTF-8, an empty file, a wrong header, an over-long line, a BOM
 * and CRLF line ends, and --accept-valid with its rejection report; and the
 * five ESFA ILR 2018-19 test files, with the learners that break rules.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include <cmocka.h>

#include "ev_fixture.h"

#define ILR_DIR "ilr/" /* under tests/data/evidence */

#define setup evfx_setup
#define teardown evfx_teardown

static long long count(struct evfx *f, const char *sql) {
  struct sp_stmt *s = NULL;
  int row = 0;
  long long n = -1;
  if (sp_store_prepare(f->store, f->ctx, sql, &s) == SP_OK && sp_stmt_step(s, f->ctx, &row) == SP_OK &&
      row)
    n = sp_stmt_int(s, 0);
  sp_stmt_free(s);
  return n;
}

static int has_error(json_t *res, long line, const char *field, const char *text) {
  size_t i;
  json_t *e;
  json_array_foreach(json_object_get(res, "errors"), i, e) {
    if (json_integer_value(json_object_get(e, "line")) == line &&
        strcmp(json_string_value(json_object_get(e, "field")), field) == 0 &&
        strstr(json_string_value(json_object_get(e, "message")), text))
      return 1;
  }
  return 0;
}

static void test_bad_rows_nothing_imported(void **state) {
  struct evfx *f = *state;
  json_t *r = NULL;
  assert_int_equal(evfx_import(f, SP_EV_PROVISION, "provision_bad.csv", 0, NULL, &r), SP_EINVAL);
  assert_non_null(strstr(sp_ctx_errmsg(f->ctx), "provision_bad.csv:3:starts:"));
  assert_true(has_error(r, 3, "starts", "whole number"));
  assert_true(has_error(r, 4, "starts", "whole number"));
  assert_true(has_error(r, 5, "lad_code", "unknown local authority district E99999999"));
  assert_true(has_error(r, 6, "academic_year", "2023/24"));
  assert_true(has_error(r, 7, "", "expected 12 columns, found 8"));
  assert_true(has_error(r, 8, "level", "E or 1 to 8"));
  json_decref(r);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM ev_supply"), 0);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM ev_imports"), 0);
}

static void test_accept_valid_report(void **state) {
  struct evfx *f = *state;
  char report[] = "/tmp/ev_reportXXXXXX";
  int fd = mkstemp(report);
  assert_true(fd >= 0);
  close(fd);
  json_t *r = NULL;
  assert_int_equal(evfx_import(f, SP_EV_PROVISION, "provision_bad.csv", 1, report, &r), SP_OK);
  assert_int_equal(ji(r, "rows_read"), 8);
  assert_int_equal(ji(r, "rows_imported"), 2);
  assert_int_equal(ji(r, "rows_rejected"), 6);
  json_decref(r);
  assert_int_equal(count(f, "SELECT SUM(starts) FROM ev_supply"), 12);
  FILE *fp = fopen(report, "r");
  assert_non_null(fp);
  char line[512];
  int n = 0, saw6 = 0;
  while (fgets(line, sizeof(line), fp)) {
    n++;
    if (strstr(line, ",6,academic_year,"))
      saw6 = 1;
  }
  fclose(fp);
  unlink(report);
  assert_int_equal(n, 7); /* header and six rejections */
  assert_true(saw6);
}

static void test_dates_utf8_empty_header(void **state) {
  struct evfx *f = *state;
  json_t *r = NULL;
  assert_int_equal(evfx_import(f, SP_EV_VACANCIES, "vacancies_baddate.csv", 0, NULL, &r),
                   SP_EINVAL);
  assert_true(has_error(r, 2, "posted_date", "real date"));
  json_decref(r);
  assert_int_equal(evfx_import(f, SP_EV_VACANCIES, "vacancies_badutf8.csv", 0, NULL, &r),
                   SP_EINVAL);
  assert_true(has_error(r, 3, "", "not valid UTF-8"));
  json_decref(r);
  assert_int_equal(evfx_import(f, SP_EV_NEEDS, "empty.csv", 0, NULL, NULL), SP_EINVAL);
  assert_non_null(strstr(sp_ctx_errmsg(f->ctx), "empty"));
  /* A provision file given as vacancies: the header is wrong. */
  assert_int_equal(evfx_import(f, SP_EV_VACANCIES, "provision.csv", 0, NULL, NULL), SP_EINVAL);
  assert_non_null(strstr(sp_ctx_errmsg(f->ctx), "header must be exactly"));
  assert_int_equal(count(f, "SELECT COUNT(*) FROM ev_imports"), 0);
}

static void write_file(const char *path, const char *head, const char *fill, size_t n,
                       const char *tail) {
  FILE *fp = fopen(path, "wb");
  assert_non_null(fp);
  fputs(head, fp);
  for (size_t i = 0; i < n; i++)
    fputs(fill, fp);
  fputs(tail, fp);
  fclose(fp);
}

static void test_long_line_and_quotes(void **state) {
  struct evfx *f = *state;
  char path[] = "/tmp/ev_longXXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  /* A line of 3 MiB (over the 1 MiB limit) in the middle of good rows. */
  write_file(path, "posted_date,area_code,soc_code,level\n2023-09-05,E69000003,2122,3\n",
             "xxxxxxxxxxxxxxxx", 3 << 16, "\n2023-09-05,E69000003,2122,3\n");
  json_t *r = NULL;
  assert_int_equal(evfx_import(f, SP_EV_VACANCIES, path, 0, NULL, &r), SP_EINVAL);
  assert_true(has_error(r, 3, "", "over the limit"));
  json_decref(r);
  /* The same inside an unclosed quote. */
  write_file(path, "posted_date,area_code,soc_code,level\n2023-09-05,E69000003,2122,\"3\n",
             "yyyy\n", 10, "");
  assert_int_equal(evfx_import(f, SP_EV_VACANCIES, path, 0, NULL, &r), SP_EINVAL);
  assert_true(has_error(r, 2, "", "not closed"));
  json_decref(r);
  /* Quoted fields, a BOM and CRLF are fine. */
  write_file(path, "\xEF\xBB\xBFposted_date,area_code,soc_code,level\r\n",
             "\"2023-09-05\",E69000003,\"2122\",3\r\n", 3, "");
  assert_int_equal(evfx_import(f, SP_EV_VACANCIES, path, 0, NULL, &r), SP_OK);
  assert_int_equal(ji(r, "rows_imported"), 3);
  json_decref(r);
  unlink(path);
  assert_int_equal(count(f, "SELECT SUM(vacancies) FROM ev_vacancies"), 3);
}

static void test_threads_agree(void **state) {
  struct evfx *f = *state;
  /* 60,000 rows (over 1 MiB, so split over 2 threads) with one bad row late on. */
  char path[] = "/tmp/ev_thrXXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  FILE *fp = fopen(path, "w");
  fputs("posted_date,area_code,soc_code,level\n", fp);
  for (int i = 0; i < 60000; i++)
    fprintf(fp, "2023-%02d-15,%s,%s,%d\n", 1 + i % 12, i % 3 ? "E69000003" : "E07000095",
            i % 2 ? "2122" : "5241", 2 + i % 3);
  fputs("2023-09-05,E69000003,2122,x\n", fp);
  fclose(fp);
  json_t *r = NULL;
  assert_int_equal(evfx_import(f, SP_EV_VACANCIES, path, 0, NULL, &r), SP_EINVAL);
  assert_true(has_error(r, 60002, "level", "E, 1 to 8"));
  json_decref(r);
  assert_int_equal(evfx_import(f, SP_EV_VACANCIES, path, 1, NULL, &r), SP_OK);
  assert_int_equal(ji(r, "rows_imported"), 60000);
  json_decref(r);
  unlink(path);
  assert_int_equal(count(f, "SELECT SUM(vacancies) FROM ev_vacancies"), 60000);
  assert_int_equal(count(f, "SELECT SUM(vacancies) FROM ev_vacancies WHERE area_code = "
                            "'E69000016'"),
                   20000);
  assert_int_equal(count(f, "SELECT SUM(vacancies) FROM ev_vacancies WHERE level = '3' AND "
                            "pathway_code = 'CBE-BSE'"),
                   10000);
}

static void test_large_file_with_quotes(void **state) {
  struct evfx *f = *state;
  /* Over 1 MiB, so the scanner starts on two threads assuming no quotes;
   * the quoted rows near the end (one with a newline inside its quotes)
   * send it back to the careful path, and every row counts once. */
  char path[] = "/tmp/ev_qXXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  FILE *fp = fopen(path, "w");
  fputs("employer,size_band,sector,area_code,route_code,pathway_code,level,survey_date,people,"
        "hard_to_fill,skill\n", fp);
  for (int i = 0; i < 20000; i++)
    fprintf(fp, "Employer %d,small,C,E69000003,EM,EM-EDD,3,2023-10-01,1,no,welding\n", i);
  fputs("\"Smith, Jones & Co\",micro,F,E69000003,EM,EM-EDD,3,2023-10-01,5,yes,\"wiring,\nand "
        "testing\"\n", fp);
  fputs("Last Ltd,micro,F,E69000003,EM,EM-EDD,3,2023-10-01,2,no,x\n", fp);
  fclose(fp);
  json_t *r = NULL;
  assert_int_equal(evfx_import(f, SP_EV_NEEDS, path, 0, NULL, &r), SP_OK);
  assert_int_equal(ji(r, "rows_read"), 20002);
  json_decref(r);
  unlink(path);
  assert_int_equal(count(f, "SELECT SUM(micro_people + small_people + medium_people + large_people) FROM ev_needs"), 20000 + 5 + 2);
  assert_int_equal(count(f, "SELECT SUM(micro_people) FROM ev_needs"), 7);
}

static void test_ilr_files(void **state) {
  struct evfx *f = *state;
  json_t *r = NULL;
  /* Every learner of the ESFA test files breaks a rule on purpose (each
   * learner named with its rule: test_evidence_ilr.c): strict imports are
   * refused whole, naming the first learner; --accept-valid imports the
   * learners not caught and reports the rest. */
  static const struct {
    const char *file, *rule;
    long learners;
  } bad[] = {
      {"field-length--ILR-10033670-1819-20181026-121441-03.xml", "field length", 100},
      {"field-occurance--ILR-10033670-1819-20181030-142641-03.xml", "occurrence", 11},
      {"field-pattern--ILR-10033670-1819-20181029-154541-03.xml", "pattern", 43},
      {"field-range--ILR-10033670-1819-20181030-161401-03.xml", "range", 24},
      {"mandatory-fields--ILR-10033670-1819-20181026-101922-03.xml", "mandatory", 54},
  };
  for (size_t i = 0; i < SP_ARRAY_LEN(bad); i++) {
    char path[512];
    snprintf(path, sizeof(path), ILR_DIR "%s", bad[i].file);
    r = NULL;
    assert_int_equal(evfx_import(f, SP_EV_ILR, path, 0, NULL, &r), SP_EINVAL);
    assert_non_null(strstr(sp_ctx_errmsg(f->ctx), "LearnRefNumber"));
    int rule = 0;
    size_t k;
    json_t *e;
    json_array_foreach(json_object_get(r, "errors"), k, e) rule |=
        strstr(json_string_value(json_object_get(e, "message")), bad[i].rule) != NULL;
    if (!rule)
      fprintf(stderr, "%s: %s\n", bad[i].file, sp_ctx_errmsg(f->ctx));
    assert_true(rule);
    json_decref(r);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM ev_imports"), 0);
  }
  /* With --accept-valid: one learner of the mandatory-fields file goes in
   * (M217DPLrnRf: its broken destination record cannot be tied to it), 53
   * are reported; every delivery is at ZZ99 9ZZ, so it is unplaced. */
  assert_int_equal(evfx_import(f, SP_EV_ILR, ILR_DIR "mandatory-fields--ILR-10033670-1819-"
                                             "20181026-101922-03.xml",
                               1, NULL, &r),
                   SP_OK);
  assert_int_equal(ji(r, "rows_read"), 54);
  assert_int_equal(ji(r, "rows_imported"), 1);
  assert_int_equal(ji(r, "rows_rejected"), 53);
  assert_int_equal(ji(r, "rows_unplaced"), 1);
  json_decref(r);
}

static void test_ilr_malformed(void **state) {
  struct evfx *f = *state;
  char path[] = "/tmp/ev_ilrXXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  /* The first 2,000 bytes of a real file: truncated XML. */
  char src_path[1024];
  snprintf(src_path, sizeof(src_path), "%s/" ILR_DIR "%s", f->tdata,
           "mandatory-fields--ILR-10033670-1819-20181026-101922-03.xml");
  FILE *in = fopen(src_path, "rb");
  assert_non_null(in);
  char buf[2000];
  size_t n = fread(buf, 1, sizeof(buf), in);
  fclose(in);
  FILE *out = fopen(path, "wb");
  fwrite(buf, 1, n, out);
  fclose(out);
  assert_int_equal(evfx_import(f, SP_EV_ILR, path, 0, NULL, NULL), SP_EINVAL);
  assert_non_null(strstr(sp_ctx_errmsg(f->ctx), "XML"));
  assert_int_equal(evfx_import(f, SP_EV_ILR, path, 1, NULL, NULL), SP_EINVAL);
  unlink(path);
  assert_int_equal(count(f, "SELECT COUNT(*) FROM ev_imports"), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_bad_rows_nothing_imported, setup, teardown),
      cmocka_unit_test_setup_teardown(test_accept_valid_report, setup, teardown),
      cmocka_unit_test_setup_teardown(test_dates_utf8_empty_header, setup, teardown),
      cmocka_unit_test_setup_teardown(test_long_line_and_quotes, setup, teardown),
      cmocka_unit_test_setup_teardown(test_threads_agree, setup, teardown),
      cmocka_unit_test_setup_teardown(test_large_file_with_quotes, setup, teardown),
      cmocka_unit_test_setup_teardown(test_ilr_files, setup, teardown),
      cmocka_unit_test_setup_teardown(test_ilr_malformed, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
