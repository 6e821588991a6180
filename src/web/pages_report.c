/*
 * pages_report.c: the LSIP report's pages. The public list of a plan's
 * published versions, each with its report as HTML and PDF (older versions
 * stay readable: they render from their own records); and the ERB's preview
 * of a version: the readiness findings, each naming its guidance section,
 * the text of each part in a form, and the report as it will read.
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "report/compose.h"
#include "report/doc.h"
#include "report/html.h"
#include "report_handlers.h"

static const struct {
  const char *name, *label, *hint;
} parts[] = {
    {"part1", "Part 1: The LSIP priorities",
     "The key challenges, why tackling them supports local growth, the evidence from employers "
     "and providers, and the changes sought (guidance 6.1)."},
    {"part2", "Part 2: Taking the LSIP priorities forward",
     "The outcomes employers want, the skills they struggle to find, and where and why "
     "provision must change (guidance 6.2)."},
    {"part3", "Part 3: Delivering the LSIP priorities",
     "What needs to happen locally and the roadmap of actions by owner (guidance 6.3)."},
    {"delivery", "Managing delivery, review and benefits",
     "How delivery is managed and reviewed and its benefits seen; qualitative indicators are "
     "fine (guidance 6.3, footnote 19)."},
    {"annex", "Annex: Background and methodology",
     "The methodology and process used to develop the plan (guidance 6.4)."},
};

enum sp_rc sp__h_report_versions(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  const char *code = sp_req_param(req, "code");
  json_t *list = NULL;
  enum sp_rc rc = sp_report_versions(ctx, code, &list);
  if (rc != SP_OK)
    return rc;
  char title[128];
  snprintf(title, sizeof(title), "Local Skills Improvement Plan reports for %s", code);
  return sp_resp_page(req, 200, "report_versions", title,
                      json_pack("{s:s, s:o}", "area_code", code, "versions", list));
}

/* The text of part `name` in plan p. */
static const char *part_text(const struct sp_report_plan *p, const char *name) {
  if (!strcmp(name, "delivery"))
    return p->delivery;
  for (int i = 0; i < SP_PART__COUNT; i++)
    if (!strcmp(name, sp_report_part_names[i]))
      return p->part_text[i];
  return NULL;
}

/* Renders the preview. With status >= 400 the form shows the submitted
 * values and the context's error (the save was refused). */
static enum sp_rc preview(struct sp_req *req, int status, enum sp_rc failed) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  const char *code = sp_req_param(req, "code");
  char errmsg[1100] = "", errfield[64] = "";
  if (failed != SP_OK) {
    snprintf(errmsg, sizeof(errmsg), "%s", sp_ctx_errmsg(ctx));
    snprintf(errfield, sizeof(errfield), "%s", sp_ctx_errfield(ctx));
    sp_ctx_clear(ctx);
  }
  int version;
  struct sp_report_plan *plan = NULL;
  struct sp_readiness *r = NULL;
  struct sp_doc *doc = NULL;
  struct sp_buf html;
  sp_buf_init(&html, SP_HTML_MAX_BYTES);
  enum sp_rc rc = sp__report_version(req, &version);
  if (rc == SP_OK)
    rc = sp_report_load(ctx, code, version, &plan, NULL);
  if (rc == SP_OK)
    rc = sp_report_check(ctx, plan, -1, &r);
  if (rc == SP_OK)
    rc = sp_report_build(ctx, plan, &doc);
  if (rc == SP_OK)
    rc = sp_report_html(ctx, doc, SP_HTML_FRAGMENT, &html);
  if (rc != SP_OK)
    goto out;
  json_t *findings = json_array(), *ps = json_array();
  for (size_t i = 0; i < r->n; i++)
    json_array_append_new(
        findings, json_pack("{s:s, s:b, s:s, s:s, s:s}", "severity",
                            r->findings[i].severity == SP_SEV_BLOCKING ? "blocking" : "warning",
                            "blocking", r->findings[i].severity == SP_SEV_BLOCKING, "code",
                            r->findings[i].code, "section", r->findings[i].section, "message",
                            r->findings[i].message));
  for (size_t i = 0; i < SP_ARRAY_LEN(parts); i++) {
    const char *t = part_text(plan, parts[i].name);
    if (status >= 400 && sp_req_form(req, parts[i].name))
      t = sp_req_form(req, parts[i].name);
    json_array_append_new(ps, json_pack("{s:s, s:s, s:s, s:s, s:b}", "name", parts[i].name,
                                        "label", parts[i].label, "hint", parts[i].hint, "text",
                                        t ? t : "", "error", !strcmp(errfield, parts[i].name)));
  }
  json_t *stages = json_array();
  for (char sc = 'A'; sc <= 'C'; sc++) {
    const struct sp_report_stage *sg = NULL;
    for (size_t i = 0; i < plan->nstages; i++)
      if (plan->stages[i]->code == sc)
        sg = plan->stages[i];
    char name[2] = {sc, '\0'};
    const char *f[4] = {sg ? sg->started : NULL, sg ? sg->completed : NULL,
                        sg ? sg->participants : NULL, sg ? sg->summary : NULL};
    static const char *const keys[4] = {"started_on", "completed_on", "participants", "summary"};
    if (status >= 400)
      for (int k = 0; k < 4; k++) {
        char field[32];
        snprintf(field, sizeof(field), "stage_%c_%s", sc, keys[k]);
        if (sp_req_form(req, field))
          f[k] = sp_req_form(req, field);
      }
    json_array_append_new(stages, json_pack("{s:s, s:s, s:s, s:s, s:s}", "code", name,
                                            "started_on", f[0] ? f[0] : "", "completed_on",
                                            f[1] ? f[1] : "", "participants", f[2] ? f[2] : "",
                                            "summary", f[3] ? f[3] : ""));
  }
  char q[32] = "";
  if (version)
    snprintf(q, sizeof(q), "?version=%d", version);
  json_t *data = json_pack(
      "{s:s, s:s, s:i, s:s, s:b, s:b, s:I, s:I, s:i, s:i, s:o, s:o, s:s, s:s, s:s}", "area_code",
      code, "area_name", plan->area_name ? plan->area_name : code, "version", plan->version,
      "state", plan->status ? plan->status : "", "ready", r->blocking == 0, "can_submit",
      sp_report_can_edit(ctx, code, plan->version),
      "blocking",
      (json_int_t)r->blocking, "warnings", (json_int_t)(r->n - r->blocking), "pages_counted",
      r->pages_counted, "page_limit", SP_REPORT_MAX_PAGES, "findings", findings, "parts", ps,
      "report_html", sp_buf_str(&html), "query", q, "error", errmsg);
  if (!data) {
    json_decref(stages);
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    goto out;
  }
  json_object_set_new(data, "stages", stages);
  char title[256];
  snprintf(title, sizeof(title), "Preview the plan for %.200s", plan->area_name ? plan->area_name : code);
  rc = sp_resp_page(req, status, "report_preview", title, data);
out:
  sp_buf_free(&html);
  sp_doc_free(doc);
  sp_readiness_free(r);
  sp_report_plan_free(plan);
  return rc;
}

enum sp_rc sp__h_report_preview(struct sp_req *req) { return preview(req, 200, SP_OK); }

enum sp_rc sp__report_preview_failed(struct sp_req *req, enum sp_rc rc) {
  return preview(req, rc == SP_EINVAL ? 400 : rc == SP_EFORBIDDEN ? 403 : 409, rc);
}

enum sp_rc sp__h_report_preview_save(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  const char *code = sp_req_param(req, "code");
  int version;
  struct sp_report_plan *plan = NULL;
  enum sp_rc rc = sp__report_version(req, &version);
  if (rc == SP_OK)
    rc = sp_report_load(ctx, code, version, &plan, NULL);
  /* save the parts whose text changed; each write is its own audited change */
  for (size_t i = 0; rc == SP_OK && i < SP_ARRAY_LEN(parts); i++) {
    const char *t = sp_req_form(req, parts[i].name);
    const char *old = part_text(plan, parts[i].name);
    if (!t || !strcmp(t, old ? old : ""))
      continue;
    rc = sp_report_part_set(ctx, code, plan->version, parts[i].name, t);
  }
  int ver = plan ? plan->version : 0;
  sp_report_plan_free(plan);
  if (rc != SP_OK)
    return rc == SP_EINVAL || rc == SP_ESTATE || rc == SP_EFORBIDDEN
               ? sp__report_preview_failed(req, rc)
               : rc;
  char loc[256];
  snprintf(loc, sizeof(loc), "/areas/%s/plan/preview?version=%d", code, ver);
  /* code came from the path: keep the redirect local and plain */
  for (const char *s = code; *s; s++)
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
          *s == '-' || *s == '_'))
      return sp_ctx_fail(ctx, SP_ENOTFOUND, "area", "no such area");
  return sp_resp_redirect(req, loc);
}

/* Saves stages A, B and C from the preview's form: each stage whose fields
 * are not all empty is recorded (sp_report_stage_set checks the dates). */
enum sp_rc sp__h_report_stages_save(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  const char *code = sp_req_param(req, "code");
  int version;
  enum sp_rc rc = sp__report_version(req, &version);
  static const char *const keys[4] = {"started_on", "completed_on", "participants", "summary"};
  for (char st = 'A'; rc == SP_OK && st <= 'C'; st++) {
    char name[2] = {st, '\0'};
    json_t *in = json_pack("{s:s}", "stage", name);
    int any = 0;
    for (int k = 0; in && k < 4; k++) {
      char field[32];
      snprintf(field, sizeof(field), "stage_%c_%s", st, keys[k]);
      const char *v = sp_req_form(req, field);
      if (v && *v) {
        any = 1;
        json_object_set_new(in, keys[k], json_string(v));
      }
    }
    if (!in)
      rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    else if (any)
      rc = sp_report_stage_set(ctx, code, version, in);
    json_decref(in);
  }
  if (rc != SP_OK)
    return rc == SP_EINVAL || rc == SP_ESTATE || rc == SP_EFORBIDDEN
               ? sp__report_preview_failed(req, rc)
               : rc;
  for (const char *p = code; *p; p++)
    if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
      return sp_ctx_fail(ctx, SP_ENOTFOUND, "area", "no such area");
  char loc[128];
  snprintf(loc, sizeof(loc), "/areas/%s/plan/preview?version=%d#stages", code, version);
  return sp_resp_redirect(req, loc);
}

/* The report of a version inside the site's layout: the article the API
 * serves as report.html, placed under the page's own heading, with links
 * to the PDF and the other versions. Who may read it is sp_report_load's
 * rule (published versions for everyone). */
enum sp_rc sp__h_report_page(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  const char *code = sp_req_param(req, "code");
  int version;
  struct sp_report_plan *plan = NULL;
  struct sp_doc *doc = NULL;
  struct sp_buf html;
  sp_buf_init(&html, SP_HTML_MAX_BYTES);
  enum sp_rc rc = sp__report_version(req, &version);
  if (rc == SP_OK)
    rc = sp_report_load(ctx, code, version, &plan, NULL);
  if (rc == SP_OK)
    rc = sp_report_build(ctx, plan, &doc);
  if (rc == SP_OK)
    rc = sp_report_html(ctx, doc, SP_HTML_FRAGMENT, &html);
  if (rc != SP_OK)
    goto out;
  char title[256];
  snprintf(title, sizeof(title), "Local skills improvement plan for %.200s",
           plan->area_name ? plan->area_name : code);
  json_t *data = json_pack("{s:s, s:s, s:i, s:s, s:s, s:s}", "area_code", code, "area_name",
                           plan->area_name ? plan->area_name : code, "version", plan->version,
                           "state", plan->status ? plan->status : "", "heading", title,
                           "report_html", sp_buf_str(&html));
  if (!data) {
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
    goto out;
  }
  rc = sp_resp_page(req, 200, "report_page", title, data);
out:
  sp_buf_free(&html);
  sp_doc_free(doc);
  sp_report_plan_free(plan);
  return rc;
}
