/*
 * test_report_html.c: the HTML report and the charts' SVG: GOV.UK classes,
 * headings in order with no level skipped, tables with header cells scoped
 * to columns, charts as inline SVG with role="img", <title> and <desc>,
 * every piece of user text escaped, the chart's text alternative, and the
 * chart API's limits. Also cairo drawing of odd charts onto an image.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/alloc.h"
#include "report/chart.h"
#include "report/doc.h"
#include "report/evidence_charts.h"
#include "report/html.h"
#include "report/pdf.h"
#include "report/plan.h"
#include "report/sample.h"

static size_t count(const char *s, const char *needle) {
  size_t n = 0;
  for (const char *p = s; (p = strstr(p, needle)) != NULL; p++)
    n++;
  return n;
}

static char *render(const struct sp_doc *doc, int flags) {
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  struct sp_buf b;
  sp_buf_init(&b, SP_HTML_MAX_BYTES);
  assert_int_equal(sp_report_html(ctx, doc, flags, &b), SP_OK);
  sp_ctx_free(ctx);
  return sp_buf_take(&b);
}

static void sample_report_is_accessible(void **state) {
  (void)state;
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  struct sp_report_plan *p = NULL;
  struct sp_doc *doc = NULL;
  assert_int_equal(sp_report_sample_plan(5, 3, 1, &p), SP_OK);
  assert_int_equal(sp_report_build(ctx, p, &doc), SP_OK);
  char *html = render(doc, 0);
  assert_non_null(strstr(html, "<!DOCTYPE html>"));
  assert_non_null(strstr(html, "<html lang=\"en\""));
  assert_int_equal(count(html, "<h1"), 1);
  for (int i = 0; i < SP_PART__COUNT; i++)
    assert_non_null(strstr(html, sp_report_part_heading[i]));
  assert_non_null(strstr(html, "class=\"govuk-heading-l\""));
  assert_non_null(strstr(html, "class=\"govuk-body\""));
  assert_non_null(strstr(html, "class=\"govuk-table\""));
  /* every header cell is scoped, and there are as many as the tables' columns */
  assert_int_equal(count(html, "<th "), count(html, "<th scope=\"col\""));
  assert_true(count(html, "<th scope=\"col\"") >= 4 + 5 + 4 + 4);
  /* charts: inline SVG with role, title and desc, in a figure with a caption */
  assert_int_equal(count(html, "<svg "), 3);
  assert_int_equal(count(html, "role=\"img\""), 3);
  assert_int_equal(count(html, "<title id=\"figure-"), 3);
  assert_int_equal(count(html, "<desc id=\"figure-"), 3);
  assert_int_equal(count(html, "<figcaption"), 3);
  assert_non_null(strstr(html, "aria-labelledby=\"figure-1-title figure-1-desc\""));
  /* print CSS */
  assert_non_null(strstr(html, "@media print"));
  /* headings in order: never more than one level deeper than the last */
  int last = 0;
  for (const char *s = html; (s = strstr(s, "<h")) != NULL; s++) {
    if (s[2] < '1' || s[2] > '6')
      continue;
    int lv = s[2] - '0';
    assert_true(lv <= last + 1);
    last = lv;
  }
  /* contents links to every part */
  assert_non_null(strstr(html, "href=\"#part-1\""));
  assert_non_null(strstr(html, "href=\"#annex\""));
  assert_non_null(strstr(html, "id=\"annex\""));
  sp_free(html);
  /* a fragment has no page around it */
  html = render(doc, SP_HTML_FRAGMENT);
  assert_null(strstr(html, "<html"));
  assert_non_null(strstr(html, "<article class=\"sp-report\">"));
  sp_free(html);
  sp_doc_free(doc);
  sp_report_plan_free(p);
  sp_ctx_free(ctx);
}

static void text_is_escaped(void **state) {
  (void)state;
  struct sp_doc *doc = sp_doc_new();
  assert_int_equal(sp_doc_set_meta(doc, "<b>T</b>", "A & \"B\"", "<script>x</script>", NULL,
                                   NULL, NULL),
                   SP_OK);
  assert_int_equal(sp_doc_heading(doc, 1, "h\"><script>", "<img src=x onerror=alert(1)>"), SP_OK);
  assert_int_equal(sp_doc_para(doc, "line one <i>\nline 'two'\n\nsecond paragraph"), SP_OK);
  const char *head[] = {"<th>", "x"};
  struct sp_doc_table *t;
  assert_int_equal(sp_doc_table(doc, "<caption>", 2, head, &t), SP_OK);
  const char *row[] = {"</td><td>", "a&b"};
  assert_int_equal(sp_doc_table_row(t, row), SP_OK);
  struct sp_chart *c = sp_chart_new(SP_CHART_BAR, "</title><script>", "<x>", "<y>");
  const char *cats[] = {"<cat>"};
  double v[] = {3};
  assert_int_equal(sp_chart_set_categories(c, 1, cats), SP_OK);
  assert_int_equal(sp_chart_add_series(c, "<s>", v), SP_OK);
  assert_int_equal(sp_doc_chart_take(doc, c), SP_OK);
  char *html = render(doc, 0);
  assert_null(strstr(html, "<script"));
  assert_null(strstr(html, "<img"));
  assert_null(strstr(html, "<cat>"));
  assert_null(strstr(html, "<i>"));
  assert_null(strstr(html, "</td><td>"));
  assert_non_null(strstr(html, "&lt;script&gt;x&lt;/script&gt;"));
  assert_non_null(strstr(html, "A &amp; &quot;B&quot;"));
  assert_non_null(strstr(html, "line one &lt;i&gt;<br>line &#39;two&#39;"));
  assert_int_equal(count(html, "<p class=\"govuk-body\">"), 2);
  assert_non_null(strstr(html, "&lt;/td&gt;&lt;td&gt;"));
  assert_non_null(strstr(html, "&lt;cat&gt;"));
  sp_free(html);
  sp_doc_free(doc);
}

static void chart_svg_and_alt_text(void **state) {
  (void)state;
  struct sp_chart *c = sp_chart_new(SP_CHART_LINE, "Trend", "Year", "Starts");
  assert_int_equal(sp_chart_add_series(c, "no categories yet", (double[]){1}), SP_EINVAL);
  const char *years[] = {"2022", "2023", "2024"};
  assert_int_equal(sp_chart_set_categories(c, 3, years), SP_OK);
  assert_int_equal(sp_chart_set_categories(c, 3, years), SP_EINVAL);
  double a[] = {10, NAN, 30.5};
  assert_int_equal(sp_chart_add_series(c, "Digital", a), SP_OK);
  struct sp_buf b;
  sp_buf_init(&b, 1u << 20);
  assert_int_equal(sp_chart_alt_text(c, &b), SP_OK);
  assert_string_equal(sp_buf_str(&b),
                      "Line chart: Trend. Digital: 2022 10, 2023 no value, 2024 30.5.");
  sp_buf_reset(&b);
  assert_int_equal(sp_chart_svg(c, "bad id\"", 640, 360, &b), SP_OK);
  const char *svg = sp_buf_str(&b);
  assert_true(strncmp(svg, "<svg ", 5) == 0);
  assert_non_null(strstr(svg, "aria-labelledby=\"chart-title chart-desc\""));
  assert_non_null(strstr(svg, "<title id=\"chart-title\">Trend</title>"));
  /* one marker per finite value, one segment between neighbours only */
  assert_int_equal(count(svg, "<circle"), 2);
  assert_non_null(strstr(svg, "</svg>"));
  sp_buf_free(&b);
  assert_int_equal(sp_chart_set_desc(c, "Starts rose threefold."), SP_OK);
  sp_buf_init(&b, 1u << 20);
  assert_int_equal(sp_chart_alt_text(c, &b), SP_OK);
  assert_string_equal(sp_buf_str(&b), "Starts rose threefold.");
  sp_buf_free(&b);
  /* a buffer too small is refused */
  sp_buf_init(&b, 100);
  assert_int_not_equal(sp_chart_svg(c, NULL, 640, 360, &b), SP_OK);
  sp_buf_free(&b);

  /* grouped bars: one rect per finite value plus the background */
  struct sp_chart *g = sp_chart_new(SP_CHART_BAR, "Grouped", "Route", "People");
  const char *cats[] = {"A", "B"};
  assert_int_equal(sp_chart_set_categories(g, 2, cats), SP_OK);
  assert_int_equal(sp_chart_add_series(g, "one", (double[]){1, 2}), SP_OK);
  assert_int_equal(sp_chart_add_series(g, "two", (double[]){-3, INFINITY}), SP_OK);
  sp_buf_init(&b, 1u << 20);
  assert_int_equal(sp_chart_svg(g, "g1", 640, 360, &b), SP_OK);
  /* background + 2 legend swatches + 3 bars */
  assert_int_equal(count(sp_buf_str(&b), "<rect"), 6);
  sp_buf_free(&b);

  /* cairo drawing of these and of an empty chart does not fail */
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 400, 300);
  cairo_t *cr = cairo_create(s);
  struct sp_chart *e = sp_chart_new(SP_CHART_HBAR, NULL, NULL, NULL);
  sp_chart_cairo(c, cr, 0, 0, 400, 300, NULL);
  sp_chart_cairo(e, cr, 0, 0, 400, 300, NULL);
  sp_chart_cairo(e, cr, 0, 0, 5, 5, NULL);
  sp_chart_cairo(g, cr, 10, 10, 380, 280, "DejaVu Sans");
  assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
  /* the grouped chart painted its first bar in GOV.UK blue somewhere */
  cairo_surface_flush(s);
  const unsigned char *px = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s), blue = 0;
  for (int y = 0; y < 300 && !blue; y++)
    for (int x = 0; x < 400; x++) {
      const unsigned char *q = px + y * stride + x * 4; /* BGRA */
      if (q[0] == 0xb8 && q[1] == 0x70 && q[2] == 0x1d) {
        blue = 1;
        break;
      }
    }
  assert_true(blue);
  cairo_destroy(cr);
  cairo_surface_destroy(s);
  struct sp_chart *copy = sp_chart_clone(g);
  assert_non_null(copy);
  assert_int_equal(copy->nseries, 2);
  assert_true(copy->series[1].values[0] == -3);
  sp_chart_free(copy);
  sp_chart_free(e);
  sp_chart_free(g);
  sp_chart_free(c);
}

static void doc_text_is_cleaned(void **state) {
  (void)state;
  char *s = sp_doc_clean_text("a\x01" "b\tc\xFF" "d\xE2\x82" "e\nf\x7F", 1);
  assert_string_equal(s, "ab c\xEF\xBF\xBD" "d\xEF\xBF\xBD\xEF\xBF\xBD" "e\nf");
  sp_free(s);
  s = sp_doc_clean_text("x\ny", 0);
  assert_string_equal(s, "x y");
  sp_free(s);
  s = sp_doc_clean_text(NULL, 0);
  assert_string_equal(s, "");
  sp_free(s);
  /* surrogates and overlongs are invalid */
  s = sp_doc_clean_text("\xED\xA0\x80|\xC0\xAF|\xF4\x90\x80\x80", 0);
  assert_null(strstr(s, "\xED\xA0\x80"));
  assert_int_equal(count(s, "\xEF\xBF\xBD"), 3 + 2 + 4);
  sp_free(s);
}

static void out_of_memory_is_returned(void **state) {
  (void)state;
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  /* fail the Nth allocation for every N until building succeeds */
  for (long n = 0; n < 5000; n++) {
    struct sp_report_plan *p = NULL;
    struct sp_doc *doc = NULL;
    sp_alloc_fail_after(n);
    enum sp_rc rc = sp_report_sample_plan(2, 1, 1, &p);
    if (rc == SP_OK)
      rc = sp_report_build(ctx, p, &doc);
    sp_alloc_fail_reset();
    sp_doc_free(doc);
    sp_report_plan_free(p);
    if (rc == SP_OK)
      break;
    assert_int_equal(rc, SP_ENOMEM);
  }
  /* rendering with the Nth allocation failing: an error, never a crash */
  struct sp_report_plan *p = NULL;
  struct sp_doc *doc = NULL;
  assert_int_equal(sp_report_sample_plan(3, 2, 1, &p), SP_OK);
  assert_int_equal(sp_report_build(ctx, p, &doc), SP_OK);
  int html_ok = 0, pdf_ok = 0;
  for (long n = 0; n < 400 && !(html_ok && pdf_ok); n++) {
    struct sp_buf b;
    sp_buf_init(&b, SP_HTML_MAX_BYTES);
    struct sp_pdf_info info;
    sp_alloc_fail_after(n);
    enum sp_rc h = sp_report_html(ctx, doc, 0, &b);
    sp_alloc_fail_reset();
    sp_buf_free(&b);
    assert_true(h == SP_OK || h == SP_ETOOBIG || h == SP_ENOMEM);
    html_ok |= h == SP_OK;
    sp_alloc_fail_after(n);
    enum sp_rc q = sp_report_pdf_count(ctx, doc, &info);
    sp_alloc_fail_reset();
    assert_true(q == SP_OK || q == SP_ENOMEM);
    pdf_ok |= q == SP_OK;
  }
  assert_true(html_ok && pdf_ok);
  sp_doc_free(doc);
  sp_report_plan_free(p);
  sp_ctx_free(ctx);
}

/* Charts from the evidence engine's gap table (its documented JSON shape). */
static void charts_from_gap_table(void **state) {
  (void)state;
  json_t *gaps = json_pack(
      "{s:s, s:[{s:s, s:s, s:i, s:i, s:i, s:i}, {s:s, s:s, s:i, s:i, s:i, s:i},"
      " {s:s, s:s, s:i, s:i, s:i, s:i}, {s:s, s:s, s:i, s:i, s:i, s:i}]}",
      "area_code", "E69000014", "rows",
      "route_code", "DIG", "level", "3", "year", 2023, "demand", 100, "achievements", 40, "gap", 60,
      "route_code", "DIG", "level", "4", "year", 2024, "demand", 150, "achievements", 50, "gap", 100,
      "route_code", "EM", "level", "3", "year", 2024, "demand", 90, "achievements", 80, "gap", 10,
      "route_code", "EM", "level", "3", "year", 2024, "demand", 10, "achievements", 0, "gap", 10);
  json_t *names = json_pack("{s:s}", "DIG", "Digital");
  struct sp_report_plan *p = sp_report_plan_new();
  assert_int_equal(sp_report_charts_from_gaps(p, gaps, names), SP_OK);
  assert_int_equal(p->ncharts, 3);
  const struct sp_chart *c = p->charts[0].chart;
  assert_int_equal(p->charts[0].part, SP_PART_1);
  assert_int_equal(c->kind, SP_CHART_HBAR);
  assert_non_null(strstr(c->title, "2024"));
  assert_int_equal(c->ncats, 2);
  assert_string_equal(c->cats[0], "Digital"); /* most demand first, named */
  assert_string_equal(c->cats[1], "EM");
  assert_true(c->series[0].values[0] == 150 && c->series[0].values[1] == 100);
  assert_true(c->series[1].values[1] == 80);
  c = p->charts[1].chart; /* gap by level, 2024 */
  assert_int_equal(c->kind, SP_CHART_BAR);
  assert_int_equal(c->ncats, 9);
  assert_true(c->series[0].values[3] == 20 && c->series[0].values[4] == 100);
  c = p->charts[2].chart; /* trend: 2023, 2024; EM has no 2023 row */
  assert_int_equal(c->kind, SP_CHART_LINE);
  assert_int_equal(c->ncats, 2);
  assert_string_equal(c->cats[0], "2023");
  assert_string_equal(c->series[0].name, "Digital");
  assert_true(c->series[0].values[0] == 60 && c->series[0].values[1] == 100);
  assert_true(isnan(c->series[1].values[0]));
  /* an empty table adds nothing */
  json_t *empty = json_pack("{s:[]}", "rows");
  assert_int_equal(sp_report_charts_from_gaps(p, empty, NULL), SP_OK);
  assert_int_equal(p->ncharts, 3);
  json_decref(empty);
  json_decref(gaps);
  json_decref(names);
  sp_report_plan_free(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(sample_report_is_accessible),
      cmocka_unit_test(text_is_escaped),
      cmocka_unit_test(chart_svg_and_alt_text),
      cmocka_unit_test(doc_text_is_cleaned),
      cmocka_unit_test(out_of_memory_is_returned),
      cmocka_unit_test(charts_from_gap_table),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
