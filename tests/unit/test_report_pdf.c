/*
 * test_report_pdf.c: the PDF renderer checked from outside with
 * poppler-utils, as a reader's tools see the file: pdfinfo's page count
 * matches the renderer's, pdftotext finds every part's heading and a
 * priority's text, the contents page's numbers point at the right pages,
 * pdffonts shows every font embedded. Then bad input (Welsh, emoji,
 * right-to-left scripts, combining marks, invalid UTF-8, a 5000-character
 * word, a 40-column table, odd charts, a priority with no actions, missing
 * parts) still makes a PDF that pdfinfo reads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/alloc.h"
#include "report/chart.h"
#include "report/doc.h"
#include "report/pdf.h"
#include "report/plan.h"
#include "report/sample.h"

static char dir[64];

/* Runs cmd and returns its stdout (caller frees with free); asserts exit 0. */
static char *run(const char *cmd) {
  FILE *f = popen(cmd, "r");
  assert_non_null(f);
  size_t cap = 4096, len = 0;
  char *out = malloc(cap);
  assert_non_null(out);
  size_t n;
  while ((n = fread(out + len, 1, cap - len - 1, f)) > 0) {
    len += n;
    if (cap - len < 2) {
      cap *= 2;
      out = realloc(out, cap);
      assert_non_null(out);
    }
  }
  out[len] = '\0';
  int st = pclose(f);
  if (st != 0)
    print_message("command failed (%d): %s\n%s\n", st, cmd, out);
  assert_int_equal(st, 0);
  return out;
}

static int pdfinfo_pages(const char *path) {
  char cmd[512];
  snprintf(cmd, sizeof(cmd), "pdfinfo '%s' 2>&1", path);
  char *out = run(cmd);
  char *p = strstr(out, "Pages:");
  assert_non_null(p);
  int pages = (int)strtol(p + 6, NULL, 10);
  free(out);
  return pages;
}

static char *page_text(const char *path, int first, int last, int layout) {
  char cmd[512];
  if (first > 0)
    snprintf(cmd, sizeof(cmd), "pdftotext %s -f %d -l %d '%s' - 2>&1", layout ? "-layout" : "",
             first, last, path);
  else
    snprintf(cmd, sizeof(cmd), "pdftotext %s '%s' - 2>&1", layout ? "-layout" : "", path);
  return run(cmd);
}

static void write_pdf(const struct sp_doc *doc, const char *name, struct sp_pdf_info *info,
                      char *path, size_t pathsz) {
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  snprintf(path, pathsz, "%s/%s", dir, name);
  enum sp_rc rc = sp_report_pdf_file(ctx, doc, path, info);
  if (rc != SP_OK)
    print_message("pdf: %s\n", sp_ctx_errmsg(ctx));
  assert_int_equal(rc, SP_OK);
  sp_ctx_free(ctx);
}

static int setup(void **state) {
  (void)state;
  snprintf(dir, sizeof(dir), "/tmp/sp_report_pdf_XXXXXX");
  return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  if (getenv("SP_TEST_KEEP")) { /* keep the PDFs to look at */
    print_message("PDFs kept in %s\n", dir);
    return 0;
  }
  char cmd[128];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  return system(cmd) == 0 ? 0 : -1;
}

static void sample_plan_reads_back(void **state) {
  (void)state;
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  struct sp_report_plan *p = NULL;
  struct sp_doc *doc = NULL;
  assert_int_equal(sp_report_sample_plan(8, 4, 2, &p), SP_OK);
  assert_int_equal(sp_report_set(&p->priorities[5]->challenge,
                                 "Retrofit installers are scarce across the whole area."),
                   SP_OK);
  assert_int_equal(sp_report_build(ctx, p, &doc), SP_OK);
  struct sp_pdf_info info = {0}, counted = {0};
  char path[256];
  write_pdf(doc, "sample.pdf", &info, path, sizeof(path));
  assert_int_equal(sp_report_pdf_count(ctx, doc, &counted), SP_OK);
  assert_int_equal(counted.pages_total, info.pages_total);
  assert_int_equal(pdfinfo_pages(path), info.pages_total);
  assert_int_equal(info.pages_counted,
                   info.pages_total - 1 - info.contents_pages - info.annex_pages);
  assert_true(info.annex_pages >= 1);

  char *text = page_text(path, 0, 0, 0);
  for (int i = 0; i < SP_PART__COUNT; i++)
    assert_non_null(strstr(text, sp_report_part_heading[i]));
  assert_non_null(strstr(text, "Retrofit installers are scarce across the whole area."));
  assert_non_null(strstr(text, "Example Chamber of Commerce"));
  assert_non_null(strstr(text, "Contents"));
  char footer[64];
  snprintf(footer, sizeof(footer), "Page 3 of %d", info.pages_total);
  assert_non_null(strstr(text, footer));
  free(text);

  /* the contents page says on which page Part 2 starts: look there */
  char *toc = page_text(path, 2, 2, 1);
  char *line = strstr(toc, sp_report_part_heading[SP_PART_2]);
  assert_non_null(line);
  char *eol = strchr(line, '\n');
  assert_non_null(eol);
  char *num = eol;
  while (num > line && (num[-1] == ' ' || (num[-1] >= '0' && num[-1] <= '9')))
    num--;
  int page = (int)strtol(num, NULL, 10);
  assert_true(page > 2 && page <= info.pages_total);
  char *pt = page_text(path, page, page, 0);
  assert_non_null(strstr(pt, sp_report_part_heading[SP_PART_2]));
  free(pt);
  free(toc);

  /* every font embedded */
  char cmd[512];
  snprintf(cmd, sizeof(cmd), "pdffonts '%s'", path);
  char *fonts = run(cmd);
  int nfonts = 0;
  for (char *l = strstr(fonts, "---"); l && (l = strchr(l, '\n')) != NULL; l++) {
    if (!l[1])
      break;
    nfonts++;
    char row[512];
    snprintf(row, sizeof(row), "%.*s", (int)strcspn(l + 1, "\n"), l + 1);
    assert_non_null(strstr(row, " yes "));
    assert_non_null(strstr(row, "DejaVu"));
  }
  assert_true(nfonts >= 1);
  free(fonts);
  sp_doc_free(doc);
  sp_report_plan_free(p);
  sp_ctx_free(ctx);
}

static char *long_word(size_t n, char c) {
  char *w = sp_malloc(n + 1);
  assert_non_null(w);
  memset(w, c, n);
  w[n] = '\0';
  return w;
}

static size_t count_char(const char *s, char c) {
  size_t n = 0;
  for (; *s; s++)
    n += *s == c;
  return n;
}

static void bad_input_renders(void **state) {
  (void)state;
  struct sp_doc *doc = sp_doc_new();
  assert_non_null(doc);
  char *word = long_word(5000, 'Q');
  assert_int_equal(sp_doc_set_meta(doc, NULL, "Gŵyl ŷd \xF0\x9F\x9A\x80 Caerdydd", word, "v\xFF",
                                   "2026-11-01", NULL),
                   SP_OK);
  assert_int_equal(sp_doc_heading(doc, 1, "part-1", "Rhan 1: Blaenoriaethau ŵ ŷ"), SP_OK);
  assert_int_equal(sp_doc_para(doc, "Cymraeg: Gŵyl ŷd. Emoji: 👩‍🔧 🚀 🇬🇧. "
                                    "Arabic: المهارات المحلية. Hebrew: כישורים מקומיים. "
                                    "Combining: e\xCC\x81\xCC\x82\xCC\x83\xCC\x84 "
                                    "Z\xCD\x91\xCD\x92\xCD\x93\xCD\x94\xCD\x95\xCD\x96 "
                                    "Invalid: \xC3\x28 \xED\xA0\x80 end."),
                   SP_OK);
  assert_int_equal(sp_doc_para(doc, word), SP_OK);
  assert_int_equal(sp_doc_heading(doc, 9, NULL, word), SP_OK);
  /* 40 columns */
  const char *head[40];
  char names[40][8];
  for (int c = 0; c < 40; c++) {
    snprintf(names[c], sizeof(names[c]), "C%02d", c);
    head[c] = names[c];
  }
  struct sp_doc_table *t;
  assert_int_equal(sp_doc_table(doc, "Forty columns", 40, head, &t), SP_OK);
  const char *row[40];
  for (int c = 0; c < 40; c++)
    row[c] = c == 7 ? word : c == 3 ? "مرحبا" : "cell text that wraps";
  for (int r = 0; r < 3; r++)
    assert_int_equal(sp_doc_table_row(t, row), SP_OK);
  /* a long table of one column with a very long cell: rows split over pages */
  const char *h1[] = {"Only"};
  assert_int_equal(sp_doc_table(doc, NULL, 1, h1, &t), SP_OK);
  for (int r = 0; r < 80; r++) {
    const char *cell[] = {r == 40 ? word : "row"};
    assert_int_equal(sp_doc_table_row(t, cell), SP_OK);
  }
  assert_int_equal(sp_doc_table(doc, "bad", 0, head, &t), SP_EINVAL);
  /* odd charts */
  struct sp_chart *c = sp_chart_new(SP_CHART_BAR, "Empty <chart> & \"quotes\"", NULL, NULL);
  assert_non_null(c);
  assert_int_equal(sp_doc_chart_take(doc, c), SP_OK);
  c = sp_chart_new(SP_CHART_LINE, "NaN and negatives", "x", "y");
  const char *cats[] = {"a", "b", "c", "d"};
  double v[] = {NAN, -5, INFINITY, 1e12};
  assert_int_equal(sp_chart_set_categories(c, 4, cats), SP_OK);
  assert_int_equal(sp_chart_add_series(c, word, v), SP_OK);
  assert_int_equal(sp_doc_chart_take(doc, c), SP_OK);
  c = sp_chart_new(SP_CHART_HBAR, word, word, word);
  const char *one[] = {word};
  double z[] = {0};
  assert_int_equal(sp_chart_set_categories(c, 1, one), SP_OK);
  assert_int_equal(sp_chart_add_series(c, "zero", z), SP_OK);
  assert_int_equal(sp_doc_chart_take(doc, c), SP_OK);
  assert_int_equal(sp_doc_annex(doc), SP_OK);
  assert_int_equal(sp_doc_annex(doc), SP_OK);
  assert_int_equal(sp_doc_heading(doc, 1, "annex", "Atodiad"), SP_OK);

  struct sp_pdf_info info = {0};
  char path[256];
  write_pdf(doc, "bad.pdf", &info, path, sizeof(path));
  assert_int_equal(pdfinfo_pages(path), info.pages_total);
  assert_int_equal(info.annex_pages, 1);
  char *text = page_text(path, 0, 0, 0);
  assert_non_null(strstr(text, "Gŵyl ŷd"));
  assert_non_null(strstr(text, "Rhan 1: Blaenoriaethau ŵ ŷ"));
  assert_non_null(strstr(text, "C39"));
  /* the 5000-character word is all there, broken over lines: in the body
   * paragraph, the heading, two table cells, chart labels (cut) and more */
  assert_true(count_char(text, 'Q') >= 4 * 5000);
  free(text);
  sp_free(word);
  sp_doc_free(doc);
}

static void broken_plans_render(void **state) {
  (void)state;
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  struct sp_report_plan *p = NULL;
  assert_int_equal(sp_report_sample_plan(3, 0, 1, &p), SP_OK);
  /* a priority with no actions and nothing else; missing parts */
  assert_non_null(sp_report_add_priority(p));
  for (int i = 0; i < SP_PART__COUNT; i++)
    assert_int_equal(sp_report_set(&p->part_text[i], NULL), SP_OK);
  assert_int_equal(sp_report_set(&p->area_name, NULL), SP_OK);
  struct sp_doc *doc = NULL;
  assert_int_equal(sp_report_build(ctx, p, &doc), SP_OK);
  struct sp_pdf_info info = {0};
  char path[256];
  write_pdf(doc, "broken.pdf", &info, path, sizeof(path));
  assert_int_equal(pdfinfo_pages(path), info.pages_total);
  char *text = page_text(path, 0, 0, 0);
  assert_non_null(strstr(text, "Not yet placed on a route"));
  free(text);
  sp_doc_free(doc);
  sp_report_plan_free(p);

  /* an empty plan and an empty document */
  p = sp_report_plan_new();
  assert_int_equal(sp_report_build(ctx, p, &doc), SP_OK);
  write_pdf(doc, "empty.pdf", &info, path, sizeof(path));
  assert_int_equal(pdfinfo_pages(path), info.pages_total);
  sp_doc_free(doc);
  sp_report_plan_free(p);
  doc = sp_doc_new();
  write_pdf(doc, "nothing.pdf", &info, path, sizeof(path));
  assert_int_equal(pdfinfo_pages(path), 3); /* title, contents, one empty body page */
  assert_int_equal(info.pages_counted, 1);
  sp_doc_free(doc);
  sp_ctx_free(ctx);
}

static void unwritable_path_is_named(void **state) {
  (void)state;
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  struct sp_doc *doc = sp_doc_new();
  assert_int_equal(sp_report_pdf_file(ctx, doc, "/nonexistent/dir/x.pdf", NULL), SP_EIO);
  assert_non_null(strstr(sp_ctx_errmsg(ctx), "/nonexistent/dir/x.pdf"));
  /* a buffer too small for the PDF is refused, not overrun */
  struct sp_buf b;
  sp_buf_init(&b, 100);
  assert_int_equal(sp_report_pdf(ctx, doc, &b, NULL), SP_ETOOBIG);
  sp_buf_free(&b);
  sp_doc_free(doc);
  sp_ctx_free(ctx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(sample_plan_reads_back),
      cmocka_unit_test(bad_input_renders),
      cmocka_unit_test(broken_plans_render),
      cmocka_unit_test(unwritable_path_is_named),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
