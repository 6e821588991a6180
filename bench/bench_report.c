/*
 * bench_report.c: times the LSIP report: a sample plan of about 30 body
 * pages with 15 charts (src/report/sample.c) rendered to PDF (target under
 * one second) and to HTML (target under 50 ms). Prints one line per format
 * with the best and median of N runs. Usage:
 *   bench_report [RUNS] [OUTDIR]
 * With OUTDIR, also writes OUTDIR/bench_report.pdf and .html to look at.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "base/sp.h"
#include "report/doc.h"
#include "report/html.h"
#include "report/pdf.h"
#include "report/plan.h"
#include "report/sample.h"

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static void write_file(const char *dir, const char *name, const struct sp_buf *b) {
  char path[4096];
  snprintf(path, sizeof(path), "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (!f)
    return;
  fwrite(b->data, 1, b->len, f);
  fclose(f);
}

int main(int argc, char **argv) {
  int runs = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 5;
  if (runs < 1)
    runs = 1;
  const char *outdir = argc > 2 ? argv[2] : NULL;
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  struct sp_report_plan *plan = NULL;
  struct sp_doc *doc = NULL;
  /* 22 priorities with their text repeated five times: about 30 body pages */
  if (!ctx || sp_report_sample_plan(22, 15, 5, &plan) != SP_OK ||
      sp_report_build(ctx, plan, &doc) != SP_OK) {
    fprintf(stderr, "bench_report: cannot build the sample plan\n");
    return 3;
  }
  double *pdf_t = calloc((size_t)runs, sizeof(double)), *html_t = calloc((size_t)runs, sizeof(double));
  struct sp_pdf_info info = {0};
  size_t pdf_bytes = 0, html_bytes = 0;
  for (int i = 0; i < runs; i++) {
    struct sp_buf b;
    sp_buf_init(&b, SP_PDF_MAX_BYTES);
    double t0 = now_ms();
    if (sp_report_pdf(ctx, doc, &b, &info) != SP_OK) {
      fprintf(stderr, "bench_report: PDF failed: %s\n", sp_ctx_errmsg(ctx));
      return 3;
    }
    pdf_t[i] = now_ms() - t0;
    pdf_bytes = b.len;
    if (outdir && i == 0)
      write_file(outdir, "bench_report.pdf", &b);
    sp_buf_free(&b);
    sp_buf_init(&b, SP_HTML_MAX_BYTES);
    t0 = now_ms();
    if (sp_report_html(ctx, doc, 0, &b) != SP_OK) {
      fprintf(stderr, "bench_report: HTML failed: %s\n", sp_ctx_errmsg(ctx));
      return 3;
    }
    html_t[i] = now_ms() - t0;
    html_bytes = b.len;
    if (outdir && i == 0)
      write_file(outdir, "bench_report.html", &b);
    sp_buf_free(&b);
  }
  qsort(pdf_t, (size_t)runs, sizeof(double), cmp);
  qsort(html_t, (size_t)runs, sizeof(double), cmp);
  printf("report pdf : %d pages (%d counted, %d contents, %d annex), 15 charts, %zu bytes: "
         "best %.1f ms, median %.1f ms over %d runs (target < 1000 ms)\n",
         info.pages_total, info.pages_counted, info.contents_pages, info.annex_pages, pdf_bytes,
         pdf_t[0], pdf_t[runs / 2], runs);
  printf("report html: %zu bytes: best %.2f ms, median %.2f ms over %d runs (target < 50 ms)\n",
         html_bytes, html_t[0], html_t[runs / 2], runs);
  free(pdf_t);
  free(html_t);
  sp_doc_free(doc);
  sp_report_plan_free(plan);
  sp_ctx_free(ctx);
  return 0;
}
