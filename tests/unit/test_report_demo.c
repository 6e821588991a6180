/*
 * test_report_demo.c: the demo data's plans render. Builds the demo as
 * `skillplan init --demo` does (reference data, the foundation's, the LSIP
 * process's, then the report's part texts), and renders every published
 * version the public sees to PDF and HTML, within the page limit; checks the
 * preview journey's starting point (Oxfordshire's draft has exactly one
 * blocking finding, and its ERB has an account); and that running the
 * report's demo again changes nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/date.h"
#include "core/demo.h"
#include "core/lsip/lsip.h"
#include "core/reference.h"
#include "evidence/evidence.h"
#include "report/chart.h"
#include "report/compose.h"
#include "report/demo.h"
#include "report/html.h"
#include "report/pdf.h"
#include "store/store.h"
#include "testutil.h"

static int64_t count(struct sp_store *s, struct sp_ctx *ctx, const char *sql) {
  struct sp_stmt *st = NULL;
  int row = 0;
  assert_int_equal(sp_store_prepare(s, ctx, sql, &st), SP_OK);
  assert_int_equal(sp_stmt_step(st, ctx, &row), SP_OK);
  int64_t v = row ? sp_stmt_int(st, 0) : -1;
  sp_stmt_free(st);
  return v;
}

static void demo_plans_render(void **state) {
  (void)state;
  struct sp_ctx *c0 = sp_ctx_new(NULL);
  struct sp_store *store = NULL;
  assert_int_equal(sp_store_open(c0, t_db_url(c0), &store), SP_OK);
  sp_ctx_free(c0);
  struct sp_ctx *ctx = sp_ctx_new(store);
  sp_ctx_set_actor(ctx, 0, 0, SP_ROLE_DFE_ADMIN, "test operator");
  enum sp_rc rc = sp_reference_load(ctx, SP_SOURCE_DIR "/data");
  if (rc == SP_OK)
    rc = sp_demo_foundation(ctx);
  if (rc == SP_OK)
    rc = sp_demo_lsip(ctx);
  if (rc == SP_OK) {
    sp_ctx_set_actor(ctx, 0, 0, SP_ROLE_DFE_ADMIN, "test operator");
    rc = sp_demo_report(ctx);
  }
  if (rc != SP_OK)
    fail_msg("demo: %s", sp_ctx_errmsg(ctx));
  int64_t texts = count(store, ctx, "SELECT COUNT(*) FROM report_part_texts");
  assert_true(texts >= 5);
  assert_int_equal(sp_demo_report(ctx), SP_OK);
  assert_int_equal(count(store, ctx, "SELECT COUNT(*) FROM report_part_texts"), texts);
  assert_int_equal(count(store, ctx, "SELECT COUNT(*) FROM users WHERE email = '"
                                     SP_DEMO_REPORT_ERB "' AND role = 'erb_editor'"),
                   1);

  /* every published version, as the public sees it */
  sp_ctx_set_actor(ctx, 0, 0, SP_ROLE_PUBLIC, "public");
  struct sp_stmt *st = NULL;
  assert_int_equal(sp_store_prepare(store, ctx,
                                    "SELECT DISTINCT area_code FROM lsip_plans "
                                    "WHERE published_on IS NOT NULL ORDER BY area_code",
                                    &st),
                   SP_OK);
  int row = 1, rendered = 0;
  char areas[16][32];
  int nareas = 0;
  while (sp_stmt_step(st, ctx, &row) == SP_OK && row && nareas < 16)
    snprintf(areas[nareas++], sizeof(areas[0]), "%s", sp_stmt_text(st, 0));
  sp_stmt_free(st);
  assert_true(nareas >= 2);
  for (int a = 0; a < nareas; a++) {
    json_t *versions = NULL;
    assert_int_equal(sp_report_versions(ctx, areas[a], &versions), SP_OK);
    size_t i;
    json_t *v;
    json_array_foreach(versions, i, v) {
      int ver = (int)json_integer_value(json_object_get(v, "version"));
      struct sp_report_plan *p = NULL;
      struct sp_doc *doc = NULL;
      if (sp_report_load(ctx, areas[a], ver, &p, NULL) != SP_OK)
        fail_msg("load %s v%d: %s", areas[a], ver, sp_ctx_errmsg(ctx));
      assert_int_equal(sp_report_build(ctx, p, &doc), SP_OK);
      struct sp_buf b;
      sp_buf_init(&b, SP_PDF_MAX_BYTES);
      struct sp_pdf_info info;
      assert_int_equal(sp_report_pdf(ctx, doc, &b, &info), SP_OK);
      assert_memory_equal(b.data, "%PDF-", 5);
      assert_true(info.pages_counted >= 1 && info.pages_counted <= 30);
      sp_buf_free(&b);
      sp_buf_init(&b, SP_HTML_MAX_BYTES);
      assert_int_equal(sp_report_html(ctx, doc, 0, &b), SP_OK);
      assert_non_null(strstr(sp_buf_str(&b), p->priorities[0]->title));
      sp_buf_free(&b);
      sp_doc_free(doc);
      sp_report_plan_free(p);
      rendered++;
    }
    json_decref(versions);
  }
  print_message("rendered %d published versions of %d areas\n", rendered, nareas);
  assert_true(rendered >= 2);

  /* the preview journey starts with one blocking finding in Oxfordshire */
  sp_ctx_set_actor(ctx, 0, 0, SP_ROLE_DFE_ADMIN, "test operator");
  struct sp_readiness *r = NULL;
  assert_int_equal(sp_report_check_stored(ctx, "E69000025", 0, &r), SP_OK);
  assert_int_equal(r->blocking, 1);
  assert_true(sp_readiness_has(r, "part_3_missing"));
  sp_readiness_free(r);
  sp_ctx_free(ctx);
  sp_store_close(store);
  t_db_drop();
}

/* With evidence imported for an area (tests/data/evidence/, area
 * E69000003), its plan's report carries the evidence engine's charts in
 * Part 1, drawn in the PDF and as SVG in the HTML. */
static void evidence_charts_in_the_report(void **state) {
  (void)state;
  struct sp_ctx *c0 = sp_ctx_new(NULL);
  struct sp_store *store = NULL;
  assert_int_equal(sp_store_open(c0, t_db_url(c0), &store), SP_OK);
  sp_ctx_free(c0);
  struct sp_ctx *ctx = sp_ctx_new(store);
  sp_ctx_set_actor(ctx, 0, 0, SP_ROLE_DFE_ADMIN, "test operator");
  sp_ctx_set_today(ctx, sp_date_from_ymd(2026, 1, 1));
  assert_int_equal(sp_reference_load(ctx, SP_SOURCE_DIR "/data"), SP_OK);
  assert_int_equal(sp_demo_foundation(ctx), SP_OK);
  static const struct {
    enum sp_ev_kind kind;
    const char *file;
  } files[] = {{SP_EV_PROVISION, "provision.csv"}, {SP_EV_NEEDS, "needs.csv"},
               {SP_EV_VACANCIES, "vacancies.csv"}};
  for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
    char path[1024];
    snprintf(path, sizeof(path), "%s/tests/data/evidence/%s", SP_SOURCE_DIR, files[i].file);
    struct sp_ev_import_opts o = {.accept_valid = 1, .data_dir = SP_SOURCE_DIR "/data",
                                  .threads = 1};
    json_t *res = NULL;
    if (sp_evidence_import(ctx, files[i].kind, path, &o, &res) != SP_OK)
      fail_msg("import %s: %s", files[i].file, sp_ctx_errmsg(ctx));
    json_decref(res);
  }
  /* a designated body and a draft plan for the area */
  int64_t org = count(store, ctx, "SELECT id FROM orgs WHERE name = 'Calder Valley Chamber of Commerce'");
  assert_true(org > 0);
  json_t *in = json_pack("{s:s, s:I, s:s, s:b, s:b, s:b, s:b, s:b, s:b, s:s, s:s, s:s}",
                         "area_code", "E69000003", "org_id", (json_int_t)org, "effective_date",
                         "2025-12-01", "body_corporate", 1, "not_crown_servant", 1,
                         "not_sos_appointed", 1, "not_public_authority", 1, "capable", 1,
                         "reasonably_representative", 1, "consent_date", "2025-12-01",
                         "consent_ref", "DfE/LSIP/consent/9", "terms", "Standard terms");
  if (sp_lsip_designate(ctx, in, NULL) != SP_OK)
    fail_msg("designate: %s", sp_ctx_errmsg(ctx));
  json_decref(in);
  sp_ctx_set_actor(ctx, 0, org, SP_ROLE_ERB_EDITOR, "Erb Editor");
  int64_t plan = 0;
  if (sp_lsip_plan_create(ctx, "E69000003", "A plan with evidence", &plan) != SP_OK)
    fail_msg("plan: %s", sp_ctx_errmsg(ctx));
  struct sp_report_plan *p = NULL;
  if (sp_report_load(ctx, "E69000003", 0, &p, NULL) != SP_OK)
    fail_msg("load: %s", sp_ctx_errmsg(ctx));
  assert_true(p->ncharts >= 2);
  assert_int_equal(p->charts[0].part, SP_PART_1);
  assert_non_null(strstr(p->charts[0].chart->title, "by route"));
  struct sp_doc *doc = NULL;
  assert_int_equal(sp_report_build(ctx, p, &doc), SP_OK);
  struct sp_buf b;
  sp_buf_init(&b, SP_HTML_MAX_BYTES);
  assert_int_equal(sp_report_html(ctx, doc, 0, &b), SP_OK);
  assert_non_null(strstr(sp_buf_str(&b), "<svg "));
  assert_non_null(strstr(sp_buf_str(&b), "Employer demand and achievements by route"));
  sp_buf_free(&b);
  struct sp_pdf_info info;
  assert_int_equal(sp_report_pdf_count(ctx, doc, &info), SP_OK);
  assert_true(info.pages_total >= 4);
  sp_doc_free(doc);
  sp_report_plan_free(p);
  sp_ctx_free(ctx);
  sp_store_close(store);
  t_db_drop();
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(demo_plans_render),
                                     cmocka_unit_test(evidence_charts_in_the_report)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
