/*
 * cmd_report.c: `skillplan report --area CODE [--version N] --pdf FILE |
 * --html FILE`: renders a plan version's LSIP report (guidance section 6) to
 * PDF and/or HTML, and prints the page count that the 30-page rule uses.
 * The CLI reads as the database's operator: unpublished versions included.
 * --sample renders the built-in example plan without a database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "report/doc.h"
#include "report/html.h"
#include "report/pdf.h"
#include "report/compose.h"
#include "report/sample.h"
#include "report_args.h"

static const char usage_text[] =
    "usage: skillplan report --area CODE [--version N] (--pdf FILE | --html FILE)...\n"
    "       skillplan report --sample (--pdf FILE | --html FILE)...\n"
    "Renders the LSIP report of the area's plan (the latest version unless --version).\n";

int sp_cli_report_args(struct sp_cli *cli, const char *help, int argc, char **argv,
                       struct sp_report_args *a, int outputs) {
  memset(a, 0, sizeof(*a));
  const char *version = NULL;
  struct sp_cli_opt opts[] = {SP_OPT_FLAG("sample", &a->sample), SP_OPT_STR("area", &a->area),
                              SP_OPT_STR("version", &version),   SP_OPT_STR("pdf", &a->pdf),
                              SP_OPT_STR("html", &a->html),      SP_OPT_END};
  if (!outputs)
    opts[3] = (struct sp_cli_opt)SP_OPT_END; /* check-plan writes no file */
  int code = sp_cli_parse_args(cli, help, opts, &argc, &argv, 0, 0);
  if (code != SP_CLI_GO)
    return code;
  if (version) {
    char *end = NULL;
    long v = strtol(version, &end, 10);
    if (!*version || *end || v < 1 || v > 100000) {
      fprintf(stderr, "skillplan: --version must be a whole number from 1\n");
      return SP_EXIT_USAGE;
    }
    a->version = (int)v;
  }
  if (!a->sample && (!a->area || !*a->area)) {
    fprintf(stderr, "skillplan: --area CODE is required\n");
    return SP_EXIT_USAGE;
  }
  if (outputs && !a->pdf && !a->html) {
    fprintf(stderr, "skillplan: give --pdf FILE or --html FILE (or both)\n");
    return SP_EXIT_USAGE;
  }
  return SP_CLI_GO;
}

int sp_cli_report_load(struct sp_cli *cli, const struct sp_report_args *a,
                       struct sp_store **store, struct sp_ctx **ctx,
                       struct sp_report_plan **plan) {
  *store = NULL;
  *plan = NULL;
  if (a->sample) {
    *ctx = sp_ctx_new(NULL);
    if (!*ctx || sp_report_sample_plan(8, 6, 2, plan) != SP_OK) {
      fprintf(stderr, "skillplan: out of memory\n");
      return SP_EXIT_INTERNAL;
    }
    return SP_EXIT_OK;
  }
  int code = sp_cli_open(cli, store, ctx);
  if (code != SP_EXIT_OK)
    return code;
  /* the operator of the database reads every version, drafts included */
  sp_ctx_set_actor(*ctx, 0, 0, SP_ROLE_DFE_ADMIN, "cli");
  enum sp_rc rc = sp_report_load(*ctx, a->area, a->version, plan, NULL);
  return rc == SP_OK ? SP_EXIT_OK : sp_cli_fail(*ctx, rc);
}

static int write_file(struct sp_ctx *ctx, const char *path, const struct sp_buf *b) {
  FILE *f = fopen(path, "wb");
  if (!f)
    return sp_cli_fail(ctx, sp_ctx_fail(ctx, SP_EIO, "html", "cannot write %s", path));
  size_t w = fwrite(b->data ? b->data : "", 1, b->len, f);
  if (fclose(f) != 0 || w != b->len)
    return sp_cli_fail(ctx, sp_ctx_fail(ctx, SP_EIO, "html", "cannot write %s", path));
  return SP_EXIT_OK;
}

int sp_cmd_report(struct sp_cli *cli, int argc, char **argv) {
  struct sp_report_args a;
  int code = sp_cli_report_args(cli, usage_text, argc, argv, &a, 1);
  if (code != SP_CLI_GO)
    return code;
  struct sp_store *store = NULL;
  struct sp_ctx *ctx = NULL;
  struct sp_report_plan *plan = NULL;
  struct sp_doc *doc = NULL;
  code = sp_cli_report_load(cli, &a, &store, &ctx, &plan);
  if (code != SP_EXIT_OK)
    goto out;
  enum sp_rc rc = sp_report_build(ctx, plan, &doc);
  if (rc != SP_OK) {
    code = sp_cli_fail(ctx, rc);
    goto out;
  }
  json_t *res = json_object();
  if (a.pdf) {
    struct sp_pdf_info info;
    rc = sp_report_pdf_file(ctx, doc, a.pdf, &info);
    if (rc != SP_OK) {
      json_decref(res);
      code = sp_cli_fail(ctx, rc);
      goto out;
    }
    json_object_set_new(res, "pdf", json_pack("{s:s, s:i, s:i, s:i, s:i}", "file", a.pdf,
                                              "pages", info.pages_total, "pages_counted",
                                              info.pages_counted, "contents_pages",
                                              info.contents_pages, "annex_pages",
                                              info.annex_pages));
    if (!cli->json)
      printf("wrote %s: %d pages; %d count towards the 30-page limit (guidance section 6: "
             "excluding the title, %d contents and %d annex pages)\n",
             a.pdf, info.pages_total, info.pages_counted, info.contents_pages,
             info.annex_pages);
  }
  if (a.html) {
    struct sp_buf b;
    sp_buf_init(&b, SP_HTML_MAX_BYTES);
    rc = sp_report_html(ctx, doc, 0, &b);
    if (rc == SP_OK)
      code = write_file(ctx, a.html, &b);
    else
      code = sp_cli_fail(ctx, rc);
    if (code == SP_EXIT_OK) {
      json_object_set_new(res, "html", json_pack("{s:s, s:I}", "file", a.html, "bytes",
                                                 (json_int_t)b.len));
      if (!cli->json)
        printf("wrote %s: %zu bytes\n", a.html, b.len);
    }
    sp_buf_free(&b);
  }
  if (code == SP_EXIT_OK && cli->json)
    sp_cli_print_json(res);
  json_decref(res);
out:
  sp_doc_free(doc);
  sp_report_plan_free(plan);
  if (store)
    sp_cli_close(store, ctx);
  else
    sp_ctx_free(ctx);
  return code;
}
