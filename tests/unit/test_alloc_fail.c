/*
 * test_alloc_fail.c: out of memory is an error, never a crash. Makes the
 * Nth allocation fail (sp_alloc_fail_after) for every N until the work
 * succeeds, in the bounded buffer (buf.h) and the CSV reader (csv.h), and
 * checks each failure is SP_ENOMEM, leaves the object safe to free, and
 * (under ASan) leaks nothing.
 */
#include "testutil.h"

#include "base/alloc.h"
#include "base/buf.h"
#include "base/csv.h"

static int teardown(void **state) {
  (void)state;
  sp_alloc_fail_reset();
  return 0;
}

/* Appends enough to grow the buffer several times. */
static enum sp_rc fill(struct sp_buf *b) {
  enum sp_rc rc = SP_OK;
  for (int i = 0; i < 200 && rc == SP_OK; i++) {
    rc = sp_buf_addf(b, "%d: the quick brown fox jumps over the lazy dog; ", i);
    if (rc == SP_OK)
      rc = sp_buf_adds(b, "and again ");
    if (rc == SP_OK)
      rc = sp_buf_addc(b, '.');
  }
  return rc;
}

static void buf_fails_cleanly_at_every_allocation(void **state) {
  (void)state;
  int failures = 0, done = 0;
  for (long n = 0; n < 100 && !done; n++) {
    struct sp_buf b;
    sp_buf_init(&b, 1 << 20);
    sp_alloc_fail_after(n);
    enum sp_rc rc = fill(&b);
    if (rc == SP_OK) {
      done = 1;
      assert_true(b.len > 10000);
      char *s = sp_buf_take(&b);
      sp_alloc_fail_reset();
      assert_non_null(s);
      assert_int_equal(strncmp(s, "0: the quick", 12), 0);
      sp_free(s);
    } else {
      failures++;
      assert_int_equal(rc, SP_ENOMEM);
      assert_true(b.failed);
      /* Sticky: later appends fail too, even with memory back. */
      sp_alloc_fail_reset();
      assert_int_not_equal(sp_buf_adds(&b, "x"), SP_OK);
      assert_null(sp_buf_take(&b));
      assert_string_equal(sp_buf_str(&b), "");
      /* Reset clears the failure; the buffer works again. */
      sp_buf_reset(&b);
      assert_int_equal(sp_buf_adds(&b, "again"), SP_OK);
      assert_string_equal(sp_buf_str(&b), "again");
    }
    sp_buf_free(&b);
  }
  assert_true(done);
  assert_true(failures >= 3); /* it grew several times */
}

static void buf_over_its_maximum(void **state) {
  (void)state;
  struct sp_buf b;
  sp_buf_init(&b, 16);
  assert_int_equal(sp_buf_adds(&b, "0123456789"), SP_OK);
  assert_int_equal(sp_buf_adds(&b, "0123456789"), SP_ETOOBIG);
  assert_null(sp_buf_take(&b));
  sp_buf_free(&b);
  sp_buf_init(&b, 300);
  char big[400];
  memset(big, 'y', sizeof(big) - 1);
  big[sizeof(big) - 1] = '\0';
  assert_int_equal(sp_buf_addf(&b, "%s", big), SP_ETOOBIG);
  sp_buf_free(&b);
}

/* Reads the whole of a CSV text through the reader; returns the first
 * failure or SP_OK, and the number of records read. */
static enum sp_rc read_all(struct sp_ctx *ctx, const char *data, size_t len, int *records) {
  struct sp_csv *c = NULL;
  *records = 0;
  enum sp_rc rc = sp_csv_open_mem(ctx, "oom.csv", data, len, 1 << 16, &c);
  if (rc != SP_OK)
    return rc;
  rc = sp_csv_read_header(c, ctx, NULL);
  while (rc == SP_OK) {
    int eof;
    rc = sp_csv_next(c, ctx, &eof);
    if (rc != SP_OK || eof)
      break;
    (*records)++;
  }
  sp_csv_close(c);
  return rc;
}

static void csv_fails_cleanly_at_every_allocation(void **state) {
  (void)state;
  /* A header, then records whose long quoted field makes the record
   * buffer grow several times. */
  char data[8192];
  size_t len = (size_t)snprintf(data, sizeof(data), "id,text\n");
  for (int r = 0; r < 3; r++) {
    len += (size_t)snprintf(data + len, sizeof(data) - len, "%d,\"", r);
    for (int i = 0; i < 2000; i++)
      data[len++] = (char)('a' + i % 26);
    len += (size_t)snprintf(data + len, sizeof(data) - len, "\"\n");
  }
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  assert_non_null(ctx);
  int failures = 0, done = 0;
  for (long n = 0; n < 100 && !done; n++) {
    int records = 0;
    sp_alloc_fail_after(n);
    enum sp_rc rc = read_all(ctx, data, len, &records);
    sp_alloc_fail_reset();
    if (rc == SP_OK) {
      done = 1;
      assert_int_equal(records, 3);
    } else {
      failures++;
      if (rc != SP_ENOMEM)
        fail_msg("allocation %ld: %s: %s", n, sp_strerror(rc), sp_ctx_errmsg(ctx));
      assert_non_null(strstr(sp_ctx_errmsg(ctx), "out of memory"));
    }
  }
  assert_true(done);
  assert_true(failures >= 4); /* the reader, its copy, the record, the header, growth */
  /* Opening a file fails cleanly too. */
  struct sp_csv *c = NULL;
  sp_alloc_fail_after(0);
  assert_int_equal(sp_csv_open(ctx, t_path("tests/data/csv/bom_crlf.csv"), 1024, &c), SP_ENOMEM);
  sp_alloc_fail_after(1);
  assert_int_equal(sp_csv_open(ctx, t_path("tests/data/csv/bom_crlf.csv"), 1024, &c), SP_ENOMEM);
  sp_alloc_fail_reset();
  sp_ctx_free(ctx);
}

static void context_and_strings(void **state) {
  (void)state;
  sp_alloc_fail_after(0);
  assert_null(sp_ctx_new(NULL));
  assert_null(sp_strdup("x"));
  assert_null(sp_malloc(10));
  assert_null(sp_calloc(2, 10));
  sp_alloc_fail_reset();
  char *s = sp_strndup("abcdef", 3);
  assert_string_equal(s, "abc");
  sp_free(s);
  assert_null(sp_strdup(NULL));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_teardown(buf_fails_cleanly_at_every_allocation, teardown),
      cmocka_unit_test_teardown(buf_over_its_maximum, teardown),
      cmocka_unit_test_teardown(csv_fails_cleanly_at_every_allocation, teardown),
      cmocka_unit_test_teardown(context_and_strings, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
