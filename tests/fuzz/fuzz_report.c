/*
 * fuzz_report.c: fuzz target for the report renderers. The input describes a
 * document: records separated by 0x1E, each starting with a kind byte
 * ('h' heading, 'p' paragraph, 't' table, 'c' chart, 'a' annex) and, for
 * tables, cells separated by 0x1F. Any bytes (invalid UTF-8, control
 * characters, long words, odd numbers) must render to HTML and lay out as a
 * PDF without crashing; the chart must produce SVG. Inputs over 64 KiB are
 * cut to keep each run short.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "report/chart.h"
#include "report/doc.h"
#include "report/html.h"
#include "report/pdf.h"

static char *dup_n(const uint8_t *p, size_t n) {
  char *s = malloc(n + 1);
  if (!s)
    return NULL;
  memcpy(s, p, n);
  s[n] = '\0';
  return s;
}

static void add_table(struct sp_doc *doc, const uint8_t *p, size_t n) {
  size_t ncols = n ? (size_t)(p[0] % 48) + 1 : 1;
  const char *head[48];
  char *cells[256];
  size_t nc = 0;
  size_t start = n ? 1 : 0;
  for (size_t i = start; i <= n && nc < 256; i++)
    if (i == n || p[i] == 0x1F) {
      cells[nc++] = dup_n(p + start, i - start);
      start = i + 1;
    }
  for (size_t c = 0; c < ncols; c++)
    head[c] = c < nc && cells[c] ? cells[c] : "";
  struct sp_doc_table *t;
  if (sp_doc_table(doc, nc ? cells[0] : NULL, ncols, head, &t) == SP_OK)
    for (size_t r = 0; r * ncols < nc; r++) {
      const char *row[48];
      for (size_t c = 0; c < ncols; c++) {
        size_t k = r * ncols + c;
        row[c] = k < nc && cells[k] ? cells[k] : "";
      }
      if (sp_doc_table_row(t, row) != SP_OK)
        break;
    }
  for (size_t i = 0; i < nc; i++)
    free(cells[i]);
}

static void add_chart(struct sp_doc *doc, const uint8_t *p, size_t n) {
  enum sp_chart_kind kind = (enum sp_chart_kind)(n ? p[0] % 3 + 1 : 1);
  char *title = dup_n(p, n > 40 ? 40 : n);
  struct sp_chart *c = sp_chart_new(kind, title, title, title);
  free(title);
  if (!c)
    return;
  size_t ncats = n > 1 ? (size_t)(p[1] % 12) + 1 : 1;
  const char *cats[12];
  char lab[12][8];
  for (size_t i = 0; i < ncats; i++) {
    lab[i][0] = (char)(i + 'A');
    lab[i][1] = n > i + 2 ? (char)p[i + 2] : 'x';
    lab[i][2] = '\0';
    cats[i] = lab[i];
  }
  if (sp_chart_set_categories(c, ncats, cats) == SP_OK) {
    for (size_t s = 0; s < 3; s++) {
      double v[12];
      for (size_t i = 0; i < ncats; i++) {
        size_t k = 2 + s * ncats + i;
        int b = k < n ? p[k] : 0;
        v[i] = b == 255 ? NAN : b == 254 ? INFINITY : b == 253 ? -1e300 : (double)(b - 100) * 7.5;
      }
      if (sp_chart_add_series(c, "series", v) != SP_OK)
        break;
    }
    struct sp_buf svg;
    sp_buf_init(&svg, 1u << 20);
    if (sp_chart_svg(c, "f", 640, 360, &svg) == SP_OK && !strstr(sp_buf_str(&svg), "</svg>"))
      abort();
    sp_buf_free(&svg);
  }
  if (sp_doc_chart_take(doc, c) != SP_OK)
    return;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 65536)
    size = 65536;
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  struct sp_doc *doc = sp_doc_new();
  if (!ctx || !doc)
    goto out;
  size_t start = 0;
  for (size_t i = 0; i <= size; i++) {
    if (i < size && data[i] != 0x1E)
      continue;
    const uint8_t *rec = data + start;
    size_t n = i - start;
    start = i + 1;
    if (n == 0)
      continue;
    char *text = dup_n(rec + 1, n - 1);
    if (!text)
      break;
    switch (rec[0]) {
    case 'h':
      if (sp_doc_heading(doc, n > 1 ? rec[1] % 4 : 1, NULL, text) != SP_OK)
        break;
      break;
    case 't':
      add_table(doc, rec + 1, n - 1);
      break;
    case 'c':
      add_chart(doc, rec + 1, n - 1);
      break;
    case 'a':
      if (sp_doc_annex(doc) != SP_OK)
        break;
      break;
    default:
      if (sp_doc_para(doc, text) != SP_OK)
        break;
    }
    free(text);
  }
  struct sp_buf html;
  sp_buf_init(&html, SP_HTML_MAX_BYTES);
  if (sp_report_html(ctx, doc, 0, &html) != SP_OK)
    abort(); /* no limit is near: HTML must always render */
  sp_buf_free(&html);
  struct sp_pdf_info info;
  if (sp_report_pdf_count(ctx, doc, &info) != SP_OK || info.pages_total < 3)
    abort();
out:
  sp_doc_free(doc);
  sp_ctx_free(ctx);
  return 0;
}
