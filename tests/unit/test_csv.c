/*
 * test_csv.c: the CSV reader (csv.h) on the files in tests/data/csv/ and on
 * memory: byte-order mark, CRLF, quoted commas, quotes and newlines, line
 * numbers in messages, a bad quote, an unclosed quote, the wrong number of
 * columns, invalid UTF-8, a record over the limit, an empty file, headers.
 */
#include "testutil.h"

#include "base/csv.h"

struct fix {
  struct sp_ctx *ctx;
};

static int setup(void **state) {
  struct fix *f = calloc(1, sizeof(*f));
  f->ctx = sp_ctx_new(NULL);
  *state = f;
  return f->ctx ? 0 : -1;
}

static int teardown(void **state) {
  struct fix *f = *state;
  sp_ctx_free(f->ctx);
  free(f);
  return 0;
}

static struct sp_csv *open_file(struct fix *f, const char *name) {
  char rel[256];
  snprintf(rel, sizeof(rel), "tests/data/csv/%s", name);
  struct sp_csv *c = NULL;
  if (sp_csv_open(f->ctx, t_path(rel), 4096, &c) != SP_OK)
    fail_msg("open %s: %s", name, sp_ctx_errmsg(f->ctx));
  return c;
}

static void next_ok(struct fix *f, struct sp_csv *c) {
  int eof = 1;
  if (sp_csv_next(c, f->ctx, &eof) != SP_OK)
    fail_msg("next: %s", sp_ctx_errmsg(f->ctx));
  assert_false(eof);
}

static void bom_and_crlf(void **state) {
  struct fix *f = *state;
  struct sp_csv *c = open_file(f, "bom_crlf.csv");
  static const char *const want[] = {"code", "name", NULL};
  assert_int_equal(sp_csv_read_header(c, f->ctx, want), SP_OK);
  assert_int_equal(sp_csv_col(c, "code"), 0); /* the BOM is not part of the name */
  next_ok(f, c);
  assert_string_equal(sp_csv_get(c, "code"), "E1");
  assert_string_equal(sp_csv_get(c, "name"), "One"); /* no stray \r */
  assert_int_equal(sp_csv_line(c), 2);
  next_ok(f, c);
  assert_string_equal(sp_csv_get(c, "name"), "Two, with comma");
  assert_int_equal(sp_csv_line(c), 3);
  int eof = 0;
  assert_int_equal(sp_csv_next(c, f->ctx, &eof), SP_OK);
  assert_true(eof);
  sp_csv_close(c);
}

static void text_starting_with_0xef_is_not_a_bom(void **state) {
  struct fix *f = *state;
  struct sp_csv *c = open_file(f, "starts_with_fullwidth.csv");
  assert_int_equal(sp_csv_read_header(c, f->ctx, NULL), SP_OK);
  assert_string_equal(sp_csv_field(c, 0), "\xef\xbc\x81"); /* U+FF01, kept whole */
  next_ok(f, c);
  assert_string_equal(sp_csv_field(c, 1), "2");
  sp_csv_close(c);
  /* A lone 0xEF is not text. */
  assert_int_equal(sp_csv_open_mem(f->ctx, "ef.csv", "\xef", 1, 100, &c), SP_OK);
  int eof;
  assert_int_equal(sp_csv_next(c, f->ctx, &eof), SP_EINVAL);
  assert_non_null(strstr(sp_ctx_errmsg(f->ctx), "ef.csv:1:"));
  sp_csv_close(c);
}

static void error_message_may_wrap_itself(void **state) {
  struct fix *f = *state;
  sp_ctx_fail(f->ctx, SP_EINVAL, "field", "inner %d", 1);
  sp_ctx_fail(f->ctx, SP_EINVAL, sp_ctx_errfield(f->ctx), "outer: %s", sp_ctx_errmsg(f->ctx));
  assert_string_equal(sp_ctx_errmsg(f->ctx), "outer: inner 1");
  assert_string_equal(sp_ctx_errfield(f->ctx), "field");
}

static void quoted_newlines_keep_line_numbers(void **state) {
  struct fix *f = *state;
  struct sp_csv *c = open_file(f, "quoted_newlines.csv");
  assert_int_equal(sp_csv_read_header(c, f->ctx, NULL), SP_OK);
  next_ok(f, c);
  assert_string_equal(sp_csv_field(c, 1), "line one\nline two");
  assert_string_equal(sp_csv_field(c, 2), "a");
  assert_int_equal(sp_csv_line(c), 2);
  next_ok(f, c);
  assert_string_equal(sp_csv_field(c, 1), "she said \"hi\"");
  assert_int_equal(sp_csv_line(c), 4);
  next_ok(f, c); /* the blank line 5 is skipped */
  assert_string_equal(sp_csv_field(c, 0), "3");
  assert_int_equal(sp_csv_line(c), 6);
  assert_string_equal(sp_csv_field(c, 9), ""); /* past the end */
  sp_csv_close(c);
}

/* Reads records until one fails; returns its rc and leaves the message. */
static enum sp_rc read_to_error(struct fix *f, struct sp_csv *c, int check_width) {
  for (;;) {
    int eof;
    enum sp_rc rc = sp_csv_next(c, f->ctx, &eof);
    if (rc == SP_OK && !eof && check_width)
      rc = sp_csv_check_width(c, f->ctx);
    if (rc != SP_OK || eof)
      return rc;
  }
}

static void assert_msg_has(struct fix *f, const char *part) {
  if (!strstr(sp_ctx_errmsg(f->ctx), part))
    fail_msg("message '%s' lacks '%s'", sp_ctx_errmsg(f->ctx), part);
}

static void bad_quote_names_line(void **state) {
  struct fix *f = *state;
  struct sp_csv *c = open_file(f, "bad_quote.csv");
  assert_int_equal(read_to_error(f, c, 0), SP_EINVAL);
  assert_msg_has(f, "bad_quote.csv:3:");
  assert_msg_has(f, "after its closing quote");
  sp_csv_close(c);
}

static void unclosed_quote_names_line(void **state) {
  struct fix *f = *state;
  struct sp_csv *c = open_file(f, "unclosed_quote.csv");
  assert_int_equal(read_to_error(f, c, 0), SP_EINVAL);
  assert_msg_has(f, "unclosed_quote.csv:2:");
  assert_msg_has(f, "not closed");
  sp_csv_close(c);
}

static void wrong_width_names_file_and_line(void **state) {
  struct fix *f = *state;
  struct sp_csv *c = open_file(f, "wrong_width.csv");
  assert_int_equal(sp_csv_read_header(c, f->ctx, NULL), SP_OK);
  assert_int_equal(read_to_error(f, c, 1), SP_EINVAL);
  assert_msg_has(f, "wrong_width.csv:3: expected 3 columns, found 2");
  sp_csv_close(c);
}

static void invalid_utf8_refused(void **state) {
  struct fix *f = *state;
  struct sp_csv *c = open_file(f, "bad_utf8.csv");
  assert_int_equal(sp_csv_read_header(c, f->ctx, NULL), SP_OK);
  next_ok(f, c);
  assert_string_equal(sp_csv_field(c, 1), "caf\xc3\xa9");
  int eof;
  assert_int_equal(sp_csv_next(c, f->ctx, &eof), SP_EINVAL);
  assert_msg_has(f, "bad_utf8.csv:3: field 2 is not valid UTF-8");
  sp_csv_close(c);
}

static void empty_file_has_no_header(void **state) {
  struct fix *f = *state;
  struct sp_csv *c = open_file(f, "empty.csv");
  assert_int_equal(sp_csv_read_header(c, f->ctx, NULL), SP_EINVAL);
  assert_msg_has(f, "empty.csv: the file is empty");
  sp_csv_close(c);
  c = open_file(f, "header_only.csv");
  static const char *const want[] = {"name", "kind", NULL};
  assert_int_equal(sp_csv_read_header(c, f->ctx, want), SP_OK);
  int eof = 0;
  assert_int_equal(sp_csv_next(c, f->ctx, &eof), SP_OK);
  assert_true(eof);
  sp_csv_close(c);
}

static void missing_header_column_named(void **state) {
  struct fix *f = *state;
  struct sp_csv *c = open_file(f, "header_only.csv");
  static const char *const want[] = {"name", "ukprn", NULL};
  assert_int_equal(sp_csv_read_header(c, f->ctx, want), SP_EINVAL);
  assert_string_equal(sp_ctx_errfield(f->ctx), "ukprn");
  assert_msg_has(f, "header_only.csv:1: the header has no column 'ukprn'");
  sp_csv_close(c);
}

static void record_too_long(void **state) {
  struct fix *f = *state;
  char data[600];
  memset(data, 'x', sizeof(data));
  memcpy(data, "a\n1\n", 4);
  data[sizeof(data) - 1] = '\n';
  struct sp_csv *c = NULL;
  assert_int_equal(sp_csv_open_mem(f->ctx, "mem.csv", data, sizeof(data), 100, &c), SP_OK);
  int eof;
  assert_int_equal(sp_csv_next(c, f->ctx, &eof), SP_OK);
  assert_int_equal(sp_csv_next(c, f->ctx, &eof), SP_OK);
  assert_int_equal(sp_csv_next(c, f->ctx, &eof), SP_ETOOBIG);
  assert_msg_has(f, "mem.csv:3: record longer than 100 bytes");
  sp_csv_close(c);
}

static void nul_byte_and_missing_file(void **state) {
  struct fix *f = *state;
  static const char data[] = {'a', ',', 'b', '\n', '1', 0, '2', '\n'};
  struct sp_csv *c = NULL;
  assert_int_equal(sp_csv_open_mem(f->ctx, "nul.csv", data, sizeof(data), 100, &c), SP_OK);
  int eof;
  assert_int_equal(sp_csv_next(c, f->ctx, &eof), SP_OK);
  assert_int_equal(sp_csv_next(c, f->ctx, &eof), SP_EINVAL);
  assert_msg_has(f, "nul.csv:2: a NUL byte");
  sp_csv_close(c);
  assert_int_equal(sp_csv_open(f->ctx, "/nonexistent/x.csv", 100, &c), SP_EIO);
  assert_msg_has(f, "/nonexistent/x.csv: cannot open");
}

static void last_record_without_newline(void **state) {
  struct fix *f = *state;
  static const char data[] = "a,b\n1,\"2\"";
  struct sp_csv *c = NULL;
  assert_int_equal(sp_csv_open_mem(f->ctx, "m", data, sizeof(data) - 1, 100, &c), SP_OK);
  assert_int_equal(sp_csv_read_header(c, f->ctx, NULL), SP_OK);
  next_ok(f, c);
  assert_int_equal(sp_csv_nfields(c), 2);
  assert_string_equal(sp_csv_field(c, 1), "2");
  assert_int_equal(sp_csv_check_width(c, f->ctx), SP_OK);
  int eof = 0;
  assert_int_equal(sp_csv_next(c, f->ctx, &eof), SP_OK);
  assert_true(eof);
  sp_csv_close(c);
}

static void fail_formats_file_line_field(void **state) {
  struct fix *f = *state;
  static const char data[] = "a\nx\n";
  struct sp_csv *c = NULL;
  assert_int_equal(sp_csv_open_mem(f->ctx, "f.csv", data, sizeof(data) - 1, 100, &c), SP_OK);
  assert_int_equal(sp_csv_read_header(c, f->ctx, NULL), SP_OK);
  next_ok(f, c);
  assert_int_equal(sp_csv_fail(c, f->ctx, SP_EINVAL, "a", "must be %d digits", 8), SP_EINVAL);
  assert_string_equal(sp_ctx_errmsg(f->ctx), "f.csv:2: a: must be 8 digits");
  assert_string_equal(sp_ctx_errfield(f->ctx), "a");
  sp_csv_close(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(bom_and_crlf, setup, teardown),
      cmocka_unit_test_setup_teardown(quoted_newlines_keep_line_numbers, setup, teardown),
      cmocka_unit_test_setup_teardown(text_starting_with_0xef_is_not_a_bom, setup, teardown),
      cmocka_unit_test_setup_teardown(error_message_may_wrap_itself, setup, teardown),
      cmocka_unit_test_setup_teardown(bad_quote_names_line, setup, teardown),
      cmocka_unit_test_setup_teardown(unclosed_quote_names_line, setup, teardown),
      cmocka_unit_test_setup_teardown(wrong_width_names_file_and_line, setup, teardown),
      cmocka_unit_test_setup_teardown(invalid_utf8_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(empty_file_has_no_header, setup, teardown),
      cmocka_unit_test_setup_teardown(missing_header_column_named, setup, teardown),
      cmocka_unit_test_setup_teardown(record_too_long, setup, teardown),
      cmocka_unit_test_setup_teardown(nul_byte_and_missing_file, setup, teardown),
      cmocka_unit_test_setup_teardown(last_record_without_newline, setup, teardown),
      cmocka_unit_test_setup_teardown(fail_formats_file_line_field, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
