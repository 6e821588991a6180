/*
 * test_base_write.c: the base layer's one helper each for escaping HTML
 * (escape.h), writing CSV (csv.h, "Writing") and reading a string field of a
 * record (record.h): the five characters escaped and the rest copied; CSV
 * fields as they are, quoted with quotes doubled, formula-like text guarded,
 * JSON values by type, records; and the round trip of a written CSV through
 * the reader. Each case would fail if the helper broke.
 */
#include "testutil.h"

#include "base/buf.h"
#include "base/csv.h"
#include "base/escape.h"
#include "base/record.h"

static void escape_cases(void **state) {
  (void)state;
  struct sp_buf b;
  sp_buf_init(&b, 1024);
  assert_int_equal(sp_html_escape(&b, "a<b> & \"c\" 'd' \xc3\xa9"), SP_OK);
  assert_string_equal(sp_buf_str(&b), "a&lt;b&gt; &amp; &quot;c&quot; &#39;d&#39; \xc3\xa9");
  sp_buf_reset(&b);
  assert_int_equal(sp_html_escape(&b, NULL), SP_OK);
  assert_int_equal(sp_html_escape(&b, "plain"), SP_OK);
  assert_string_equal(sp_buf_str(&b), "plain");
  sp_buf_free(&b);
  /* past the buffer's maximum: an error, and it stays failed */
  sp_buf_init(&b, 8);
  assert_int_not_equal(sp_html_escape(&b, "<<<<"), SP_OK);
  assert_int_not_equal(sp_html_escape(&b, "x"), SP_OK);
  sp_buf_free(&b);
}

static const char *put(struct sp_buf *b, const char *s) {
  sp_buf_reset(b);
  assert_int_equal(sp_csv_put(b, s), SP_OK);
  return sp_buf_str(b);
}

static void csv_fields(void **state) {
  (void)state;
  struct sp_buf b;
  sp_buf_init(&b, 1024);
  assert_string_equal(put(&b, "plain text"), "plain text");
  assert_string_equal(put(&b, ""), "");
  assert_string_equal(put(&b, NULL), "");
  assert_string_equal(put(&b, "a,b"), "\"a,b\"");
  assert_string_equal(put(&b, "say \"hi\""), "\"say \"\"hi\"\"\"");
  assert_string_equal(put(&b, "two\nlines"), "\"two\nlines\"");
  assert_string_equal(put(&b, "\"\""), "\"\"\"\"\"\"");
  /* formulas are not run by a spreadsheet that opens the file */
  assert_string_equal(put(&b, "=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  assert_string_equal(put(&b, "+1"), "\"'+1\"");
  assert_string_equal(put(&b, "-5"), "\"'-5\"");
  assert_string_equal(put(&b, "@SUM(A1)"), "\"'@SUM(A1)\"");
  assert_string_equal(put(&b, "a=b"), "a=b");
  sp_buf_free(&b);
}

static void csv_json_and_rows(void **state) {
  (void)state;
  struct sp_buf b;
  sp_buf_init(&b, 1024);
  json_t *v = json_pack("[s, I, f, b, n]", "x,y", (json_int_t)-42, 0.25, 1);
  for (size_t i = 0; i < json_array_size(v); i++) {
    if (i)
      assert_int_equal(sp_buf_addc(&b, ','), SP_OK);
    assert_int_equal(sp_csv_put_json(&b, json_array_get(v, i)), SP_OK);
  }
  assert_int_equal(sp_csv_put_json(&b, NULL), SP_OK);
  /* numbers are numbers: -42 is not guarded as a formula */
  assert_string_equal(sp_buf_str(&b), "\"x,y\",-42,0.25,true,");
  json_decref(v);
  sp_buf_reset(&b);
  const char *rec[] = {"id", "name, full", "note"};
  assert_int_equal(sp_csv_row(&b, rec, 3, "\r\n"), SP_OK);
  const char *rec2[] = {"1", "O'Neil \"Ltd\"", ""};
  assert_int_equal(sp_csv_row(&b, rec2, 3, "\r\n"), SP_OK);
  assert_string_equal(sp_buf_str(&b),
                      "id,\"name, full\",note\r\n1,\"O'Neil \"\"Ltd\"\"\",\r\n");
  sp_buf_free(&b);
}

/* What the writer writes, the reader reads back as it was. */
static void csv_round_trip(void **state) {
  (void)state;
  static const char *const vals[] = {"a", "b,c", "d \"e\"", "f\r\ng", "\xe2\x82\xac 5"};
  struct sp_buf b;
  sp_buf_init(&b, 4096);
  static const char *const head[] = {"v1", "v2", "v3", "v4", "v5"};
  assert_int_equal(sp_csv_row(&b, head, 5, "\r\n"), SP_OK);
  assert_int_equal(sp_csv_row(&b, vals, 5, "\r\n"), SP_OK);
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  struct sp_csv *c = NULL;
  assert_int_equal(sp_csv_open_mem(ctx, "round.csv", sp_buf_str(&b), b.len, 4096, &c), SP_OK);
  int eof = 0;
  assert_int_equal(sp_csv_next(c, ctx, &eof), SP_OK); /* header */
  assert_int_equal(sp_csv_next(c, ctx, &eof), SP_OK);
  assert_false(eof);
  assert_int_equal(sp_csv_nfields(c), 5);
  for (size_t i = 0; i < 5; i++)
    assert_string_equal(sp_csv_field(c, i), vals[i]);
  sp_csv_close(c);
  sp_ctx_free(ctx);
  sp_buf_free(&b);
}

static void record_strings(void **state) {
  (void)state;
  json_t *r = json_pack("{s:s, s:i, s:n, s:s}", "name", "Greater Essex", "n", 3, "gone", "empty", "");
  assert_string_equal(sp_rec_str(r, "name", NULL), "Greater Essex");
  assert_string_equal(sp_rec_str(r, "empty", NULL), "");
  assert_null(sp_rec_str(r, "n", NULL));     /* a number is not a string */
  assert_null(sp_rec_str(r, "gone", NULL));  /* null */
  assert_null(sp_rec_str(r, "absent", NULL));
  assert_string_equal(sp_rec_str(r, "absent", ""), "");
  assert_string_equal(sp_rec_str(NULL, "name", "-"), "-");
  json_t *arr = json_array();
  assert_string_equal(sp_rec_str(arr, "name", "x"), "x"); /* not an object */
  json_decref(arr);
  json_decref(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(escape_cases),     cmocka_unit_test(csv_fields),
      cmocka_unit_test(csv_json_and_rows), cmocka_unit_test(csv_round_trip),
      cmocka_unit_test(record_strings),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
