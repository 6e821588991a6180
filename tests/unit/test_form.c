/*
 * test_form.c: the form layer (src/web/form.c) without a server: money in
 * pounds and pence both ways, every error of a JSON record at once with the
 * declared messages, the view that keeps what was typed and puts each error
 * beside its field, and the GOV.UK partials (web/templates/partials/) drawn
 * from it: the error summary links to ids that the fields really have (a
 * date input's day field).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "web/form.h"
#include "web/lsip_forms.h"
#include "web/template.h"

static void money_shown(void **state) {
  (void)state;
  char b[48];
  assert_string_equal(sp_form_money(2500000000LL, b, sizeof(b)), "£25,000,000.00");
  assert_string_equal(sp_form_money(25000050LL, b, sizeof(b)), "£250,000.50");
  assert_string_equal(sp_form_money(5, b, sizeof(b)), "£0.05");
  assert_string_equal(sp_form_money(99999, b, sizeof(b)), "£999.99");
  assert_string_equal(sp_form_money(-150, b, sizeof(b)), "-£1.50");
  assert_string_equal(sp_form_date_text("2027-06-30", b, sizeof(b)), "30 June 2027");
  assert_string_equal(sp_form_date_text("2024-02-29", b, sizeof(b)), "29 February 2024");
  assert_string_equal(sp_form_date_text("not a date", b, sizeof(b)), "not a date");
}

static void money_typed(void **state) {
  (void)state;
  long long p = -1;
  assert_true(sp_form_parse_money("250,000", &p));
  assert_int_equal(p, 25000000);
  assert_true(sp_form_parse_money("£250,000.5", &p));
  assert_int_equal(p, 25000050);
  assert_true(sp_form_parse_money(" 1234.56 ", &p));
  assert_int_equal(p, 123456);
  assert_true(sp_form_parse_money("0", &p));
  assert_int_equal(p, 0);
  static const char *const bad[] = {"", "£", "12.345", "1.2.3", "ten", "-5", ",100", "12.",
                                    "99999999999999999999", "1 000"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
    assert_false(sp_form_parse_money(bad[i], &p));
}

/* The fields named in errors, in order, joined by spaces. */
static void fields_of(const json_t *errors, char *out, size_t n) {
  out[0] = '\0';
  size_t i;
  json_t *e;
  json_array_foreach(errors, i, e) {
    size_t len = strlen(out);
    snprintf(out + len, n - len, "%s%s", len ? " " : "",
             json_string_value(json_object_get(e, "field")));
  }
}

static void json_all_errors_at_once(void **state) {
  (void)state;
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  json_t *in = json_pack("{s:s, s:s, s:s}", "title", "", "owner_kind", "nobody", "due_date",
                         "2027-02-30");
  json_t *errs = NULL;
  assert_int_equal(sp_form_read_json(ctx, &sp__form_action, in, 0, NULL, &errs), SP_OK);
  char f[200];
  fields_of(errs, f, sizeof(f));
  assert_string_equal(f, "title owner_kind due_date");
  assert_string_equal(json_string_value(json_object_get(json_array_get(errs, 0), "message")),
                      "Enter what is to be done");
  assert_string_equal(json_string_value(json_object_get(json_array_get(errs, 2), "href")),
                      "#due_date-day");
  json_decref(errs);
  /* a PATCH checks only what it sends */
  json_t *patch = json_pack("{s:s}", "status", "done");
  assert_int_equal(sp_form_read_json(ctx, &sp__form_action, patch, 1, NULL, &errs), SP_OK);
  assert_int_equal(json_array_size(errs), 0);
  json_decref(errs);
  /* money is integer pence in JSON; a rule across fields runs too */
  json_t *dp = json_pack("{s:s, s:f}", "engagement", "Round tables", "estimated_funding_pence",
                         12.5);
  assert_int_equal(sp_form_read_json(ctx, &sp__form_delivery_plan, dp, 0, NULL, &errs), SP_OK);
  fields_of(errs, f, sizeof(f));
  assert_string_equal(f, "estimated_funding_pence");
  json_decref(errs);
  json_t *pr = json_pack("{s:s}", "rag", "amber");
  assert_int_equal(sp_form_read_json(ctx, &sp__form_progress_report, pr, 0, NULL, &errs), SP_OK);
  fields_of(errs, f, sizeof(f));
  assert_string_equal(f, "risks");
  json_decref(errs);
  /* a text over its limit, counted in characters */
  char big[1100];
  memset(big, 'x', sizeof(big) - 1);
  big[sizeof(big) - 1] = '\0';
  json_t *ev = json_pack("{s:s, s:s, s:s}", "title", "Survey", "source", big, "why_robust", "ok");
  assert_int_equal(sp_form_read_json(ctx, &sp__form_evidence, ev, 0, NULL, &errs), SP_OK);
  assert_string_equal(json_string_value(json_object_get(json_array_get(errs, 0), "message")),
                      "Where it comes from must be 1000 characters or fewer");
  json_decref(errs);
  json_decref(in);
  json_decref(patch);
  json_decref(dp);
  json_decref(pr);
  json_decref(ev);
  sp_ctx_free(ctx);
}

static const json_t *field(const json_t *view, const char *name) {
  size_t i;
  json_t *x;
  json_array_foreach(view, i, x) if (!strcmp(json_string_value(json_object_get(x, "name")),
                                             name)) return x;
  return NULL;
}

static void view_keeps_values_and_errors(void **state) {
  (void)state;
  json_t *values = json_pack("{s:s, s:s, s:{s:s, s:s, s:s}, s:s}", "title", "<b>Bootcamp</b>",
                             "owner_kind", "provider", "due_date", "day", "31", "month", "2",
                             "year", "2027", "status", "done");
  json_t *errors = json_pack("[{s:s, s:s, s:s}]", "field", "due_date", "message",
                             "Due date must be a real date", "href", "#due_date-day");
  json_t *data = json_pack("{s:[{s:I, s:s}]}", "owners", "value", (json_int_t)7, "label",
                           "Northgate Training Ltd");
  json_t *view = sp_form_view(&sp__form_action, values, NULL, errors, data);
  assert_string_equal(json_string_value(json_object_get(field(view, "title"), "value")),
                      "<b>Bootcamp</b>");
  assert_string_equal(json_string_value(json_object_get(field(view, "due_date"), "day")), "31");
  assert_string_equal(json_string_value(json_object_get(field(view, "due_date"), "error")),
                      "Due date must be a real date");
  assert_true(json_is_null(json_object_get(field(view, "title"), "error")));
  /* the radio chosen is selected; the second item's id is NAME-2 */
  json_t *opts = json_object_get(field(view, "owner_kind"), "options");
  assert_true(json_is_true(json_object_get(json_array_get(opts, 1), "selected")));
  assert_string_equal(json_string_value(json_object_get(json_array_get(opts, 1), "id")),
                      "owner_kind-2");
  assert_string_equal(json_string_value(json_object_get(json_array_get(opts, 0), "id")),
                      "owner_kind");
  /* dynamic choices come from the page data */
  json_t *owners = json_object_get(field(view, "owner_org_id"), "options");
  assert_string_equal(json_string_value(json_object_get(json_array_get(owners, 0), "value")), "7");
  json_decref(view);
  /* a stored record: a date split back into its parts, money back into pounds */
  json_t *rec = json_pack("{s:s, s:s}", "title", "Bootcamp", "due_date", "2027-06-30");
  view = sp_form_view(&sp__form_action, NULL, rec, NULL, data);
  assert_int_equal(json_integer_value(json_object_get(field(view, "due_date"), "month")), 6);
  json_decref(view);
  json_t *dp = json_pack("{s:I}", "estimated_funding_pence", (json_int_t)15000050);
  view = sp_form_view(&sp__form_delivery_plan, NULL, dp, NULL, NULL);
  assert_string_equal(json_string_value(json_object_get(field(view, "estimated_funding_pence"),
                                                        "value")),
                      "150000.50");
  json_decref(view);
  json_decref(values);
  json_decref(errors);
  json_decref(data);
  json_decref(rec);
  json_decref(dp);
}

/* The partials drawn from the view: every summary link names an id the
 * fields have, messages sit beside fields, typed HTML is shown as text. */
static void partials_link_to_real_ids(void **state) {
  (void)state;
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  struct sp_templates *set = NULL;
  assert_int_equal(sp_templates_load(ctx, "web/templates", &set), SP_OK);
  assert_int_equal(sp_templates_add(&set, "page",
                                    "{{> partials/error_summary}}{{> partials/form_fields}}"),
                   SP_OK);
  json_t *values = json_pack("{s:s, s:s, s:{s:s, s:s, s:s}}", "title", "<script>x</script>",
                             "owner_kind", "", "due_date", "day", "31", "month", "2", "year",
                             "2027");
  json_t *errors = json_pack("[{s:s, s:s, s:s}, {s:s, s:s, s:s}]", "field", "owner_kind",
                             "message", "Select who does it", "href", "#owner_kind", "field",
                             "due_date", "message", "Due date must be a real date", "href",
                             "#due_date-day");
  json_t *data = json_pack("{s:o, s:O}", "fields",
                           sp_form_view(&sp__form_action, values, NULL, errors, NULL),
                           "form_errors", errors);
  struct sp_buf out;
  sp_buf_init(&out, 1 << 20);
  assert_int_equal(sp_template_render(ctx, set, "page", data, &out), SP_OK);
  const char *html = sp_buf_str(&out);
  assert_non_null(strstr(html, "<a href=\"#owner_kind\">Select who does it</a>"));
  assert_non_null(strstr(html, "<a href=\"#due_date-day\">Due date must be a real date</a>"));
  assert_non_null(strstr(html, "id=\"owner_kind\""));
  assert_non_null(strstr(html, "id=\"due_date-day\""));
  assert_non_null(strstr(html, "id=\"due_date-error\""));
  assert_non_null(strstr(html, "value=\"31\""));
  assert_non_null(strstr(html, "&lt;script&gt;x&lt;/script&gt;"));
  assert_null(strstr(html, "<script>"));
  sp_buf_free(&out);
  json_decref(values);
  json_decref(errors);
  json_decref(data);
  sp_templates_free(set);
  sp_ctx_free(ctx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(money_shown),
      cmocka_unit_test(money_typed),
      cmocka_unit_test(json_all_errors_at_once),
      cmocka_unit_test(view_keeps_values_and_errors),
      cmocka_unit_test(partials_link_to_real_ids),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
