/*
 * response.c: answering a request. Each sp_resp_* builds an MHD response and
 * keeps it on the request; server.c queues it on the final callback with the
 * security headers and cookies. Pages render their template, then the
 * layout around it.
 */
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/text.h"
#include "shell.h"
#include "web_int.h"

static enum sp_rc set_resp(struct sp_req *req, int status, const char *ctype, const void *body,
                           size_t len) {
  if (req->answered)
    return sp_ctx_fail(req->ctx, SP_EINTERNAL, NULL, "answered twice");
  struct MHD_Response *r =
      MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
  if (!r)
    return sp_ctx_fail(req->ctx, SP_ENOMEM, NULL, "out of memory building a response");
  if (ctype)
    MHD_add_response_header(r, "Content-Type", ctype);
  req->resp = r;
  req->status = status;
  req->resp_bytes = len;
  req->answered = 1;
  req->etag[0] = '\0';
  if (status == 200 && (strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0)) {
    sp__etag(body, len, req->etag);
    MHD_add_response_header(r, "ETag", req->etag);
    sp__cache_keep(req, body, len);
  }
  return SP_OK;
}

void sp_resp_header(struct sp_req *req, const char *name, const char *value) {
  if (req->nheaders >= SP_WEB_MAX_HEADERS)
    return;
  req->header_names[req->nheaders] = sp_strdup(name);
  req->header_values[req->nheaders] = sp_strdup(value);
  req->nheaders++;
}

enum sp_rc sp_resp_bytes(struct sp_req *req, int status, const char *content_type,
                         const void *body, size_t len) {
  return set_resp(req, status, content_type, body, len);
}

enum sp_rc sp_resp_json(struct sp_req *req, int status, json_t *body) {
  sp__shell_cite(body, 1); /* a readable citation beside each source key */
  char *s = body ? json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
  json_decref(body);
  if (!s)
    return sp_ctx_fail(req->ctx, SP_ENOMEM, NULL, "out of memory writing JSON");
  enum sp_rc rc = set_resp(req, status, "application/json; charset=utf-8", s, strlen(s));
  free(s);
  return rc;
}

int sp_web_local_path(const char *s) {
  if (!s || s[0] != '/' || s[1] == '/' || s[1] == '\\')
    return 0;
  size_t n = strlen(s);
  if (n > 1024 || !sp_utf8_valid(s, n))
    return 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if (*p < 0x20 || *p == 0x7F || *p == '\\')
      return 0;
  return 1;
}

enum sp_rc sp_resp_redirect(struct sp_req *req, const char *location) {
  if (!sp_web_local_path(location))
    location = "/";
  enum sp_rc rc = set_resp(req, 303, "text/plain; charset=utf-8", "", 0);
  if (rc == SP_OK)
    MHD_add_response_header(req->resp, "Location", location);
  return rc;
}

static void add_layout_fields(struct sp_req *req, json_t *data, const char *title) {
  struct sp_ctx *ctx = req->ctx;
  enum sp_role role = sp_ctx_role(ctx);
  json_object_set_new(data, "title", json_string(title ? title : "skillplan"));
  json_object_set_new(data, "csrf_token", json_string(req->csrf));
  json_object_set_new(data, "path", json_string(req->path));
  if (role != SP_ROLE_PUBLIC) {
    json_object_set_new(data, "user",
                        json_pack("{s:s, s:s, s:I}", "name", sp_ctx_actor_name(ctx), "role",
                                  sp_role_name(role), "org_id", (json_int_t)sp_ctx_org_id(ctx)));
    char flag[64];
    snprintf(flag, sizeof(flag), "is_%s", sp_role_name(role));
    json_object_set_new(data, flag, json_true());
  } else {
    json_object_set_new(data, "user", json_null());
  }
  sp__shell_layout(req, data); /* navigation by role, the role in words */
}

enum sp_rc sp_resp_page(struct sp_req *req, int status, const char *name, const char *title,
                        json_t *data) {
  struct sp_buf inner, page;
  enum sp_rc rc;
  if (!data)
    data = json_object();
  if (!data)
    return sp_ctx_fail(req->ctx, SP_ENOMEM, NULL, "out of memory");
  add_layout_fields(req, data, title);
  sp__shell_cite(data, 0); /* citations as the documents' titles */
  sp_buf_init(&inner, SP_WEB_MAX_PAGE);
  sp_buf_init(&page, SP_WEB_MAX_PAGE);
  rc = sp_template_render(req->ctx, req->web->templates, name, data, &inner);
  if (rc != SP_OK)
    goto out;
  json_object_set_new(data, "content", json_string(sp_buf_str(&inner)));
  rc = sp_template_render(req->ctx, req->web->templates, "layout", data, &page);
  if (rc != SP_OK)
    goto out;
  /* A page that carries the CSRF token (in a form) hands it out: the
   * anonymous cookie goes with it, and the page is not cached. */
  if (req->csrf[0] && strstr(sp_buf_str(&page), req->csrf))
    req->csrf_used = 1;
  rc = set_resp(req, status, "text/html; charset=utf-8", sp_buf_str(&page), page.len);
out:
  sp_buf_free(&inner);
  sp_buf_free(&page);
  json_decref(data);
  return rc;
}

static json_t *error_list(struct sp_ctx *ctx) {
  const char *field = sp_ctx_errfield(ctx);
  char href[96];
  snprintf(href, sizeof(href), "#%s", *field ? field : "main-content");
  return json_pack("[{s:s, s:s, s:s}]", "field", field, "message", sp_ctx_errmsg(ctx), "href",
                   href);
}

enum sp_rc sp_resp_form_error(struct sp_req *req, enum sp_rc rc, const char *name,
                              const char *title, json_t *data) {
  if (!data)
    data = json_object();
  if (!data)
    return sp_ctx_fail(req->ctx, SP_ENOMEM, NULL, "out of memory");
  json_object_set_new(data, "error_summary", json_pack("{s:o}", "items", error_list(req->ctx)));
  const char *field = sp_ctx_errfield(req->ctx);
  if (*field) {
    char key[96];
    snprintf(key, sizeof(key), "error_%s", field);
    json_object_set_new(data, key, json_string(sp_ctx_errmsg(req->ctx)));
  }
  char t[256];
  snprintf(t, sizeof(t), "Error: %s", title);
  return sp_resp_page(req, sp_rc_http(rc), name, t, data);
}

/* Writes the request target percent-encoded for a query value. */
static void encode_target(const char *s, char *out, size_t n) {
  static const char hex[] = "0123456789ABCDEF";
  size_t w = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p && w + 4 < n; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        strchr("/-._~", *p)) {
      out[w++] = (char)*p;
    } else {
      out[w++] = '%';
      out[w++] = hex[*p >> 4];
      out[w++] = hex[*p & 15];
    }
  }
  out[w] = '\0';
}

/* The last answer when even the error could not be built (out of memory,
 * or text jansson refused): a fixed body, never nothing. */
static enum sp_rc answer_fallback(struct sp_req *req, int status) {
  static const char json_body[] =
      "{\"error\":{\"code\":\"internal\",\"message\":\"the answer could not be built\","
      "\"field\":null}}";
  static const char html_body[] =
      "<!DOCTYPE html><title>Error</title><p>There is a problem.</p>";
  if (req->answered) {
    MHD_destroy_response(req->resp);
    req->resp = NULL;
    req->answered = 0;
  }
  return sp_req_is_api(req) ? set_resp(req, status, "application/json; charset=utf-8", json_body,
                                       sizeof(json_body) - 1)
                            : set_resp(req, status, "text/html; charset=utf-8", html_body,
                                       sizeof(html_body) - 1);
}

enum sp_rc sp_resp_error(struct sp_req *req, enum sp_rc rc) {
  struct sp_ctx *ctx = req->ctx;
  if (rc == SP_OK)
    rc = SP_EINTERNAL;
  if (sp_ctx_rc(ctx) == SP_OK || !*sp_ctx_errmsg(ctx))
    sp_ctx_fail(ctx, rc, NULL, "%s", sp_strerror(rc));
  int status = sp_rc_http(rc);
  if (req->answered) {
    MHD_destroy_response(req->resp);
    req->resp = NULL;
    req->answered = 0;
  }
  /* The message and field may echo what the client sent: show any bytes
   * that are not UTF-8 escaped, so the answer is always valid UTF-8. */
  char text[1100], field[128];
  sp__text_escape(sp_ctx_errmsg(ctx), strlen(sp_ctx_errmsg(ctx)), text, sizeof(text));
  sp__text_escape(sp_ctx_errfield(ctx), strlen(sp_ctx_errfield(ctx)), field, sizeof(field));
  if (sp_req_is_api(req)) {
    json_t *body = json_pack("{s:{s:s, s:s, s:o}}", "error", "code", sp_rc_code(rc), "message",
                             text, "field", *field ? json_string(field) : json_null());
    if (!body || sp_resp_json(req, status, body) != SP_OK)
      return answer_fallback(req, status);
    return SP_OK;
  }
  if (rc == SP_EAUTH && strcmp(req->method, "GET") == 0) {
    char loc[1100], enc[1024];
    encode_target(req->target ? req->target : req->path, enc, sizeof(enc));
    snprintf(loc, sizeof(loc), "/sign-in?next=%s", enc);
    return sp_resp_redirect(req, loc);
  }
  const char *heading = status == 404   ? "Page not found"
                        : status == 403 ? "You cannot do this"
                        : status == 401 ? "Sign in to continue"
                        : status >= 500 ? "Sorry, there is a problem with the service"
                                        : "There is a problem";
  char msg[1100];
  /* Internal errors are logged, not shown. */
  if (status >= 500) {
    char shown[512];
    sp__text_escape(req->path, strlen(req->path), shown, sizeof(shown));
    fprintf(stderr, "skillplan: %s %s: %s\n", req->method, shown, text);
    snprintf(msg, sizeof(msg), "Try again later.");
  } else {
    snprintf(msg, sizeof(msg), "%s", text);
  }
  json_t *data = json_pack("{s:i, s:s, s:s}", "status", status, "heading", heading, "message", msg);
  if (!data || sp_resp_page(req, status, "error", heading, data) != SP_OK)
    return answer_fallback(req, status);
  return SP_OK;
}
