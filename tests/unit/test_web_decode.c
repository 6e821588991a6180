/*
 * test_web_decode.c: the web layer's one decoder (src/web/request.c):
 * sp__url_decode decodes exactly once ("%2537" is "%37"), refuses a NUL
 * byte (raw or %00), a bad escape and invalid UTF-8 with a message, and
 * never reads past its length; sp__form_decode splits names and values,
 * keeps repeated names in order, and names the field that is wrong;
 * sp__text_escape shows bytes that are not UTF-8 as \xHH.
 */
#include "testutil.h"

#include "web/web_int.h"

/* Decodes a copy of s (len bytes, may hold NULs) with form rules off or on;
 * returns the message (NULL on success) and the result in out. */
static const char *dec(const char *s, size_t len, int form, char *out, size_t *outlen) {
  char *buf = malloc(len + 1);
  assert_non_null(buf);
  memcpy(buf, s, len);
  const char *bad = sp__url_decode(buf, len, form, outlen);
  memcpy(out, buf, *outlen + 1);
  free(buf);
  return bad;
}

static void url_decode_once(void **state) {
  (void)state;
  char out[64];
  size_t n;
  assert_null(dec("E6900000%2537", 13, 0, out, &n));
  assert_string_equal(out, "E6900000%37");
  assert_null(dec("a%20b+c", 7, 0, out, &n));
  assert_string_equal(out, "a b+c");
  assert_null(dec("a%20b+c%2B", 10, 1, out, &n));
  assert_string_equal(out, "a b c+");
  assert_null(dec("D%C3%A9mo", 9, 0, out, &n));
  assert_string_equal(out, "D\xC3\xA9mo");
  assert_int_equal(n, 5);
  assert_null(dec("", 0, 0, out, &n));
  assert_int_equal(n, 0);
}

static void url_decode_refuses(void **state) {
  (void)state;
  char out[64];
  size_t n;
  assert_string_equal(dec("a%00b", 5, 0, out, &n), "contains a NUL byte (%00)");
  assert_string_equal(dec("a\0b", 3, 0, out, &n), "contains a NUL byte (%00)");
  assert_non_null(strstr(dec("a%G0", 4, 0, out, &n), "two hexadecimal digits"));
  assert_non_null(strstr(dec("a%4", 3, 0, out, &n), "two hexadecimal digits"));
  assert_non_null(strstr(dec("a%", 2, 0, out, &n), "two hexadecimal digits"));
  /* "%4" at the end of the given length: the '1' after it is not read. */
  assert_non_null(strstr(dec("%41", 2, 0, out, &n), "two hexadecimal digits"));
  static const char *const not_utf8[] = {"%FF", "%C3%28", "%ED%A0%80", "%C0%AF", "\xFF",
                                         "%F4%90%80%80"};
  for (size_t i = 0; i < SP_ARRAY_LEN(not_utf8); i++)
    assert_string_equal(dec(not_utf8[i], strlen(not_utf8[i]), 0, out, &n),
                        "is not valid UTF-8 text");
}

static void form_decode_fields(void **state) {
  (void)state;
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  json_t *f = NULL;
  static const char body[] = "a=1&b=x+y&a=2&&empty=&flag&c=%26%3D";
  assert_int_equal(sp__form_decode(ctx, body, sizeof(body) - 1, "form field", &f), SP_OK);
  assert_int_equal(json_array_size(json_object_get(f, "a")), 2);
  assert_string_equal(json_string_value(json_array_get(json_object_get(f, "a"), 1)), "2");
  assert_string_equal(json_string_value(json_array_get(json_object_get(f, "b"), 0)), "x y");
  assert_string_equal(json_string_value(json_array_get(json_object_get(f, "empty"), 0)), "");
  assert_string_equal(json_string_value(json_array_get(json_object_get(f, "flag"), 0)), "");
  assert_string_equal(json_string_value(json_array_get(json_object_get(f, "c"), 0)), "&=");
  assert_int_equal(json_object_size(f), 5);
  json_decref(f);
  /* Only len bytes are read: the text need not end with a NUL. */
  assert_int_equal(sp__form_decode(ctx, "q=abcdef", 4, "query argument", &f), SP_OK);
  assert_string_equal(json_string_value(json_array_get(json_object_get(f, "q"), 0)), "ab");
  json_decref(f);
  sp_ctx_free(ctx);
}

static void form_decode_names_the_field(void **state) {
  (void)state;
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  json_t *f = (json_t *)1;
  assert_int_equal(sp__form_decode(ctx, "ok=1&email=a%00b", 16, "form field", &f), SP_EINVAL);
  assert_null(f);
  assert_string_equal(sp_ctx_errfield(ctx), "email");
  assert_non_null(strstr(sp_ctx_errmsg(ctx), "form field email contains a NUL byte"));
  sp_ctx_clear(ctx);
  assert_int_equal(sp__form_decode(ctx, "area=\xFF", 6, "query argument", &f), SP_EINVAL);
  assert_non_null(strstr(sp_ctx_errmsg(ctx), "'\\xFF'"));
  sp_ctx_clear(ctx);
  assert_int_equal(sp__form_decode(ctx, "n%FFm=1", 7, "form field", &f), SP_EINVAL);
  assert_non_null(strstr(sp_ctx_errmsg(ctx), "the name of form field"));
  sp_ctx_free(ctx);
}

static void text_escape(void **state) {
  (void)state;
  char out[32];
  sp__text_escape("ab\xFF\xC3\xA9\x01", 6, out, sizeof(out));
  assert_string_equal(out, "ab\\xFF\xC3\xA9\\x01");
  sp__text_escape("\xE2\x82", 2, out, sizeof(out)); /* a cut sequence */
  assert_string_equal(out, "\\xE2\\x82");
  char small[8];
  sp__text_escape("abcdefghijkl", 12, small, sizeof(small));
  assert_string_equal(small, "abcd...");
  sp__text_escape("\xFF\xFF\xFF", 3, small, sizeof(small));
  assert_string_equal(small, "\\xFF...");
  sp__text_escape("abc\xC3\xA9\xC3\xA9\xC3\xA9", 9, small, sizeof(small)); /* no half character */
  assert_string_equal(small, "abc...");
  char tiny[4];
  sp__text_escape("abcdef", 6, tiny, sizeof(tiny));
  assert_string_equal(tiny, "...");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(url_decode_once),
      cmocka_unit_test(url_decode_refuses),
      cmocka_unit_test(form_decode_fields),
      cmocka_unit_test(form_decode_names_the_field),
      cmocka_unit_test(text_escape),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
