/*
 * pages_evidence_upload.c: evidence files uploaded in the browser and
 * through the API, and the imports they leave. From an area's evidence page
 * the ERB (its own area) or DfE uploads a provision, EES, ILR, employer
 * needs, vacancies or postcode file: the body is streamed to a temporary
 * file (upload.c), the same importer as the CLI runs on it, all or nothing,
 * and the result page says what was imported, or what was refused with
 * file:line:field and the rule, with the rejected rows as a CSV download.
 * The imports page lists every import; DfE withdraws one from it.
 *
 *   GET  /areas/{code}/evidence/upload          the form (limit stated)
 *   POST /areas/{code}/evidence/upload          the upload -> result page
 *   POST /api/areas/{code}/evidence/imports     the same, JSON
 *   GET  /evidence/rejections/{token}           the rejected rows as CSV
 *   GET  /evidence/imports                      every import
 *   POST /evidence/imports/{id}/withdraw        DfE: withdraw (-> imports page)
 *   POST /api/evidence/imports/{id}/withdraw    the same, JSON
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/text.h"
#include "handlers_evidence.h"

static const char *const kind_labels[SP_EV__COUNT] = {
    "Provision: starts and achievements (CSV)",
    "Explore education statistics table (CSV as downloaded)",
    "Individualised Learner Record, 2018 to 2019 (XML)",
    "Employer skills needs (CSV)",
    "Vacancies (CSV)",
    "Postcode to district lookup (CSV)",
};

static json_t *kinds_json(const char *selected) {
  json_t *a = json_array();
  for (int k = 0; a && k < SP_EV__COUNT; k++)
    json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", sp_ev_kind_name(k), "label",
                                       kind_labels[k], "selected",
                                       selected && strcmp(selected, sp_ev_kind_name(k)) == 0));
  return a;
}

static json_t *limit_json(void) {
  char t[32];
  uint64_t l = sp_upload_limit();
  if (l >= ((uint64_t)1 << 20))
    snprintf(t, sizeof(t), "%llu MB", (unsigned long long)(l >> 20));
  else
    snprintf(t, sizeof(t), "%llu KB", (unsigned long long)((l + 1023) >> 10));
  return json_pack("{s:I, s:s}", "bytes", (json_int_t)l, "text", t);
}

/* The file name as the person would recognise it: the last part of a path
 * a browser may send (C:\Users\...\file.csv), and refused when it holds
 * control characters or is not UTF-8 (it is only ever shown, never used as
 * a path). */
static enum sp_rc clean_name(struct sp_ctx *ctx, const char *sent, char *out, size_t n) {
  const char *b = sent;
  for (const char *p = sent; *p; p++)
    if (*p == '/' || *p == '\\')
      b = p + 1;
  size_t len = strlen(b);
  if (len == 0 || strcmp(b, ".") == 0 || strcmp(b, "..") == 0)
    return sp_ctx_fail(ctx, SP_EINVAL, "file",
                       "the file has no name; choose the file again and upload it");
  if (len >= n || !sp_utf8_valid(b, len))
    return sp_ctx_fail(ctx, SP_EINVAL, "file",
                       "the file's name is too long or not readable text; rename the file "
                       "(letters, digits, spaces, - _ .) and upload it again");
  for (const unsigned char *p = (const unsigned char *)b; *p; p++)
    if (*p < 0x20 || *p == 0x7f)
      return sp_ctx_fail(ctx, SP_EINVAL, "file",
                         "the file's name holds control characters; rename the file and upload "
                         "it again");
  memcpy(out, b, len + 1);
  return SP_OK;
}

/*
 * Runs the upload to its result: *res is {imported, kind, file_name,
 * record | message, errors, rows_read, rows_rejected, rejections}. Returns
 * SP_OK when imported; otherwise the error (on ctx), with *res saying what
 * was refused when there is anything to say.
 */
static enum sp_rc run_upload(struct sp_req *req, json_t **res) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  const char *area = sp_req_param(req, "code");
  const struct sp_upload *up = sp_req_upload(req);
  char name[256], report[256] = "";
  enum sp_ev_kind kind;
  json_t *out = NULL;
  *res = NULL;
  enum sp_rc rc = sp_evidence_may_upload(ctx, area);
  if (rc != SP_OK)
    return rc;
  if (!up)
    return sp_ctx_fail(ctx, SP_EINVAL, "file",
                       "send the file as multipart/form-data, in a part named file");
  if (up->too_big)
    return sp_ctx_fail(ctx, SP_ETOOBIG, "file",
                       "the file is over the upload limit of %llu bytes; nothing was imported. "
                       "Split it, or ask DfE to import it from the command line",
                       (unsigned long long)sp_upload_limit());
  if (up->cut_off)
    return sp_ctx_fail(ctx, SP_EINVAL, "file",
                       "the upload was cut off before the end of the file; nothing was "
                       "imported. Upload it again");
  const char *ks = sp_req_form(req, "kind");
  if (!ks || sp_ev_kind_parse(ks, &kind) != SP_OK)
    return sp_ctx_fail(ctx, SP_EINVAL, "kind",
                       "choose what kind of file this is: provision, ees, ilr, needs, vacancies "
                       "or postcodes");
  if (!up->path[0] || !up->file_name[0])
    return sp_ctx_fail(ctx, SP_EINVAL, "file", "choose a file to upload");
  if ((rc = clean_name(ctx, up->file_name, name, sizeof(name))) != SP_OK)
    return rc;
  const char *tmp = getenv("TMPDIR");
  snprintf(report, sizeof(report), "%s/skillplan-rejections-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  int fd = mkstemp(report);
  if (fd < 0)
    report[0] = '\0';
  else
    close(fd);
  struct sp_ev_import_opts o = {.report_path = report[0] ? report : NULL,
                                .threads = 2,
                                .file_name = name};
  rc = sp_evidence_import(ctx, kind, up->path, &o, &out);
  if (rc == SP_OK) {
    *res = json_pack("{s:b, s:s, s:s, s:O}", "imported", 1, "kind", sp_ev_kind_name(kind),
                     "file_name", name, "record", out);
  } else {
    /* Keep the rejected rows for download when the reader listed any. */
    char token[33] = "";
    enum sp_rc keep = SP_ENOTFOUND;
    struct sp_ctx *side = NULL;
    if (report[0] && out && json_array_size(json_object_get(out, "errors")) > 0) {
      side = sp_ctx_new(sp_ctx_store(ctx));
      if (side) {
        sp_ctx_set_actor(side, sp_ctx_user_id(ctx), sp_ctx_org_id(ctx), sp_ctx_role(ctx),
                         sp_ctx_actor_name(ctx));
        keep = sp_evidence_rejections_save(side, name, report, token);
        sp_ctx_free(side);
      }
    }
    char url[96] = "";
    if (keep == SP_OK)
      snprintf(url, sizeof(url), "/evidence/rejections/%s", token);
    *res = json_pack("{s:b, s:s, s:s, s:s, s:O?, s:O?, s:O?, s:s?}", "imported", 0, "kind",
                     sp_ev_kind_name(kind), "file_name", name, "message", sp_ctx_errmsg(ctx),
                     "errors", out ? json_object_get(out, "errors") : NULL, "rows_read",
                     out ? json_object_get(out, "rows_read") : NULL, "rows_rejected",
                     out ? json_object_get(out, "rows_rejected") : NULL, "rejections",
                     url[0] ? url : NULL);
  }
  if (report[0])
    unlink(report);
  json_decref(out);
  if (!*res && rc == SP_OK)
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  return rc;
}

enum sp_rc sp__h_upload_form(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  const char *code = sp_req_param(req, "code");
  enum sp_rc rc = sp_evidence_may_upload(ctx, code);
  if (rc != SP_OK)
    return rc;
  json_t *data = json_pack("{s:s, s:o, s:o}", "area_code", code, "kinds", kinds_json(NULL),
                           "limit", limit_json());
  return sp_resp_page(req, 200, "evidence_upload", "Upload an evidence file", data);
}

enum sp_rc sp__h_upload(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  const char *code = sp_req_param(req, "code");
  json_t *res = NULL;
  enum sp_rc rc = run_upload(req, &res);
  if (rc == SP_EFORBIDDEN || rc == SP_EAUTH || rc == SP_ENOMEM) {
    json_decref(res);
    return rc;
  }
  json_t *data = json_pack("{s:s, s:o, s:o}", "area_code", code, "kinds",
                           kinds_json(sp_req_form(req, "kind")), "limit", limit_json());
  if (!data) {
    json_decref(res);
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  }
  if (res)
    json_object_set_new(data, "result", res);
  else
    json_object_set_new(data, "result",
                        json_pack("{s:b, s:s}", "imported", 0, "message", sp_ctx_errmsg(ctx)));
  return sp_resp_page(req, rc == SP_OK ? 200 : sp_rc_http(rc), "evidence_upload",
                      rc == SP_OK ? "File imported" : "Nothing was imported", data);
}

enum sp_rc sp__api_upload(struct sp_req *req) {
  json_t *res = NULL;
  enum sp_rc rc = run_upload(req, &res);
  if (rc == SP_OK)
    return sp_resp_json(req, 201, res);
  if (!res)
    return rc;
  /* The error in the API's shape, with what was refused. */
  struct sp_ctx *ctx = sp_req_ctx(req);
  const char *field = sp_ctx_errfield(ctx);
  json_t *body = json_pack("{s:{s:s, s:s, s:o}, s:o}", "error", "code", sp_rc_code(rc),
                           "message", sp_ctx_errmsg(ctx), "field",
                           *field ? json_string(field) : json_null(), "result", res);
  if (!body)
    return rc;
  return sp_resp_json(req, sp_rc_http(rc), body);
}

enum sp_rc sp__h_rejections_csv(struct sp_req *req) {
  json_t *r = NULL;
  enum sp_rc rc = sp_evidence_rejections_get(sp_req_ctx(req), sp_req_param(req, "token"), &r);
  if (rc != SP_OK)
    return rc;
  const char *csv = json_string_value(json_object_get(r, "csv"));
  char disp[400], safe[256];
  size_t k = 0;
  for (const char *p = json_string_value(json_object_get(r, "file_name")); *p && k < 200; p++)
    if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
        *p == '-' || *p == '_' || *p == '.')
      safe[k++] = *p;
  safe[k] = '\0';
  snprintf(disp, sizeof(disp), "attachment; filename=\"rejected-%s.csv\"", safe);
  sp_resp_header(req, "Content-Disposition", disp);
  rc = sp_resp_bytes(req, 200, "text/csv; charset=utf-8", csv, strlen(csv));
  json_decref(r);
  return rc;
}

enum sp_rc sp__h_imports(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  json_t *list = NULL;
  enum sp_rc rc = sp_evidence_imports(ctx, &list);
  if (rc != SP_OK)
    return rc;
  int dfe = sp_ctx_role(ctx) == SP_ROLE_DFE_ADMIN;
  size_t i;
  json_t *r;
  json_array_foreach(list, i, r) {
    json_object_set_new(r, "can_withdraw",
                        json_boolean(dfe && json_is_null(json_object_get(r, "withdrawn_at"))));
  }
  json_t *data = json_pack("{s:o, s:b}", "imports", list, "is_dfe", dfe);
  const char *w = sp_req_query(req, "withdrawn");
  if (data && w && *w)
    json_object_set_new(data, "withdrawn_notice", json_string(w));
  return sp_resp_page(req, 200, "evidence_imports", "Evidence imports", data);
}

static enum sp_rc import_id(struct sp_req *req, int64_t *id) {
  const char *s = sp_req_param(req, "id");
  char *end;
  long long v = strtoll(s, &end, 10);
  if (!*s || *end || v <= 0)
    return sp_ctx_fail(sp_req_ctx(req), SP_ENOTFOUND, "id", "there is no import %s", s);
  *id = v;
  return SP_OK;
}

enum sp_rc sp__h_import_withdraw(struct sp_req *req) {
  int64_t id = 0;
  json_t *out = NULL;
  enum sp_rc rc = import_id(req, &id);
  if (rc == SP_OK)
    rc = sp_evidence_withdraw(sp_req_ctx(req), id, &out);
  if (rc != SP_OK)
    return rc;
  json_decref(out);
  char loc[64];
  snprintf(loc, sizeof(loc), "/evidence/imports?withdrawn=%lld", (long long)id);
  return sp_resp_redirect(req, loc);
}

enum sp_rc sp__api_import_withdraw(struct sp_req *req) {
  int64_t id = 0;
  json_t *out = NULL;
  enum sp_rc rc = import_id(req, &id);
  if (rc == SP_OK)
    rc = sp_evidence_withdraw(sp_req_ctx(req), id, &out);
  if (rc != SP_OK)
    return rc;
  return sp_resp_json(req, 200, out);
}
