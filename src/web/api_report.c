/*
 * api_report.c: the LSIP report's API: GET .../plan/report.pdf and
 * .../report.html (rendered on demand from the plan's records, so an older
 * version renders as it stood), .../readiness (the check of guidance section
 * 6 with its findings), .../versions, and the ERB's writes of part texts and
 * stages. ?version=N picks a version; without it, the latest the actor sees.
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "report/compose.h"
#include "report/doc.h"
#include "report/html.h"
#include "report/pdf.h"
#include "report_handlers.h"
#include "handlers.h"

enum sp_rc sp__report_version(struct sp_req *req, int *version) {
  long v = 0;
  enum sp_rc rc = sp__query_int(req, "version", 0, 100000, 0, &v);
  *version = (int)v;
  return rc;
}

/* Loads and builds the document of the requested version. */
static enum sp_rc load_doc(struct sp_req *req, struct sp_report_plan **plan, struct sp_doc **doc) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  int version;
  *plan = NULL;
  *doc = NULL;
  enum sp_rc rc = sp__report_version(req, &version);
  if (rc == SP_OK)
    rc = sp_report_load(ctx, sp_req_param(req, "code"), version, plan, NULL);
  if (rc == SP_OK)
    rc = sp_report_build(ctx, *plan, doc);
  return rc;
}

enum sp_rc sp__api_report_pdf(struct sp_req *req) {
  struct sp_report_plan *plan;
  struct sp_doc *doc;
  enum sp_rc rc = load_doc(req, &plan, &doc);
  struct sp_buf b;
  sp_buf_init(&b, SP_PDF_MAX_BYTES);
  struct sp_pdf_info info;
  if (rc == SP_OK)
    rc = sp_report_pdf(sp_req_ctx(req), doc, &b, &info);
  if (rc == SP_OK) {
    char disp[128], pages[16];
    snprintf(disp, sizeof(disp), "inline; filename=\"lsip-%s-v%d.pdf\"", plan->area_code,
             plan->version);
    snprintf(pages, sizeof(pages), "%d", info.pages_counted);
    sp_resp_header(req, "Content-Disposition", disp);
    sp_resp_header(req, "X-Pages-Counted", pages);
    rc = sp_resp_bytes(req, 200, "application/pdf", b.data, b.len);
  }
  sp_buf_free(&b);
  sp_doc_free(doc);
  sp_report_plan_free(plan);
  return rc;
}

enum sp_rc sp__api_report_html(struct sp_req *req) {
  struct sp_report_plan *plan;
  struct sp_doc *doc;
  enum sp_rc rc = load_doc(req, &plan, &doc);
  struct sp_buf b;
  sp_buf_init(&b, SP_HTML_MAX_BYTES);
  if (rc == SP_OK)
    rc = sp_report_html(sp_req_ctx(req), doc, 0, &b);
  if (rc == SP_OK)
    rc = sp_resp_bytes(req, 200, "text/html; charset=utf-8", b.data, b.len);
  sp_buf_free(&b);
  sp_doc_free(doc);
  sp_report_plan_free(plan);
  return rc;
}

enum sp_rc sp__api_report_readiness(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  int version;
  struct sp_report_plan *plan = NULL;
  struct sp_readiness *r = NULL;
  enum sp_rc rc = sp__report_version(req, &version);
  if (rc == SP_OK)
    rc = sp_report_load(ctx, sp_req_param(req, "code"), version, &plan, NULL);
  if (rc == SP_OK)
    rc = sp_report_check(ctx, plan, -1, &r);
  if (rc == SP_OK) {
    json_t *j = sp_readiness_json(r);
    if (!j) {
      rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    } else {
      json_object_set_new(j, "area", json_string(plan->area_code));
      json_object_set_new(j, "version", json_integer(plan->version));
      json_object_set_new(j, "state", json_string(plan->status ? plan->status : ""));
      rc = sp_resp_json(req, 200, j);
    }
  }
  sp_readiness_free(r);
  sp_report_plan_free(plan);
  return rc;
}

enum sp_rc sp__api_report_versions(struct sp_req *req) {
  json_t *list = NULL;
  enum sp_rc rc = sp_report_versions(sp_req_ctx(req), sp_req_param(req, "code"), &list);
  if (rc != SP_OK)
    return rc;
  return sp_resp_json(req, 200, json_pack("{s:s, s:o}", "area", sp_req_param(req, "code"),
                                          "versions", list));
}

enum sp_rc sp__api_report_part(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  json_t *in;
  int version;
  enum sp_rc rc = sp__report_version(req, &version);
  if (rc != SP_OK || (rc = sp_req_json(req, &in)) != SP_OK)
    return rc;
  json_t *t = json_object_get(in, "text");
  if (!json_is_string(t))
    return sp_ctx_fail(ctx, SP_EINVAL, "text", "text must be a string");
  rc = sp_report_part_set(ctx, sp_req_param(req, "code"), version, sp_req_param(req, "part"),
                          json_string_value(t));
  if (rc != SP_OK)
    return rc;
  return sp_resp_json(req, 200, json_pack("{s:s, s:s}", "part", sp_req_param(req, "part"),
                                          "text", json_string_value(t)));
}

enum sp_rc sp__api_report_stage(struct sp_req *req) {
  json_t *in;
  int version;
  enum sp_rc rc = sp__report_version(req, &version);
  if (rc != SP_OK || (rc = sp_req_json(req, &in)) != SP_OK)
    return rc;
  rc = sp_report_stage_set(sp_req_ctx(req), sp_req_param(req, "code"), version, in);
  if (rc != SP_OK)
    return rc;
  return sp_resp_json(req, 200, json_incref(in));
}
