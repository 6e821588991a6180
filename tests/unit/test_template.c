/*
 * test_template.c: the template layer: escaping by default, raw values,
 * sections over arrays, objects and scalars, inverted sections, dotted and
 * indexed lookups through the context stack, partials, and the errors for
 * broken templates.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "web/template.h"

static char *render(const char *tpl, const char *json, enum sp_rc *rc_out) {
  struct sp_templates *set = NULL;
  assert_int_equal(sp_templates_add(&set, "t", tpl), SP_OK);
  assert_int_equal(sp_templates_add(&set, "p", "[{{name}}]"), SP_OK);
  json_t *data = json_loads(json, 0, NULL);
  assert_non_null(data);
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  struct sp_buf out;
  sp_buf_init(&out, 1 << 20);
  enum sp_rc rc = sp_template_render(ctx, set, "t", data, &out);
  if (rc_out)
    *rc_out = rc;
  else
    assert_int_equal(rc, SP_OK);
  char *s = sp_buf_take(&out);
  json_decref(data);
  sp_ctx_free(ctx);
  sp_templates_free(set);
  return s;
}

static void check(const char *tpl, const char *json, const char *want) {
  char *got = render(tpl, json, NULL);
  assert_string_equal(got, want);
  free(got);
}

static void escapes_by_default(void **state) {
  (void)state;
  check("<p>{{x}}</p>", "{\"x\": \"<script>alert('a&b')</script>\"}",
        "<p>&lt;script&gt;alert(&#39;a&amp;b&#39;)&lt;/script&gt;</p>");
  check("{{{x}}}", "{\"x\": \"<b>raw</b>\"}", "<b>raw</b>");
  check("{{x}}|{{y}}|{{z}}|{{n}}", "{\"x\": 42, \"y\": true, \"z\": null, \"n\": 1.5}",
        "42|true||1.5");
  check("a{{missing}}b", "{}", "ab");
}

static void sections(void **state) {
  (void)state;
  check("{{#items}}<{{name}}>{{/items}}", "{\"items\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}",
        "<a><b>");
  check("{{#items}}{{.}},{{/items}}", "{\"items\": [1, 2, 3]}", "1,2,3,");
  check("{{#o}}{{k}}{{/o}}", "{\"o\": {\"k\": \"v\"}}", "v");
  check("{{#f}}yes{{/f}}{{^f}}no{{/f}}", "{\"f\": false}", "no");
  check("{{#f}}yes{{/f}}{{^f}}no{{/f}}", "{\"f\": \"x\"}", "yes");
  check("{{^items}}none{{/items}}", "{\"items\": []}", "none");
  check("{{#items}}{{outer}}{{/items}}", "{\"outer\": \"O\", \"items\": [{}, {}]}", "OO");
  check("{{#a}}{{#a}}in{{/a}}{{/a}}", "{\"a\": {\"a\": true}}", "in");
}

static void lookups_and_partials(void **state) {
  (void)state;
  check("{{a.b.c}}", "{\"a\": {\"b\": {\"c\": \"deep\"}}}", "deep");
  check("{{list.1.n}}", "{\"list\": [{\"n\": 1}, {\"n\": 2}]}", "2");
  check("{{#list.0}}first{{/list.0}}", "{\"list\": []}", "");
  check("{{> p}}", "{\"name\": \"<x>\"}", "[&lt;x&gt;]");
  check("a{{! a comment }}b", "{}", "ab");
}

static void broken_templates_are_errors(void **state) {
  (void)state;
  const char *bad[] = {"{{#a}}never closed", "{{/a}}", "{{x", "{{> nosuch}}"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    enum sp_rc rc;
    char *s = render(bad[i], "{\"a\": true}", &rc);
    assert_int_not_equal(rc, SP_OK);
    free(s);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(escapes_by_default),
      cmocka_unit_test(sections),
      cmocka_unit_test(lookups_and_partials),
      cmocka_unit_test(broken_templates_are_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
