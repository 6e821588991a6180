/*
 * request.c: reading a request: path parameters, query arguments, headers,
 * urlencoded forms (parsed once into name -> [values], refusing invalid
 * UTF-8) and JSON bodies (parsed once with jansson, which reports the line
 * and column of a syntax error).
 */
#include <string.h>

#include "base/alloc.h"
#include "base/date.h"
#include "base/text.h"
#include "web_int.h"

static int hexval(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

int sp__url_decode(char *s, int form) {
  char *w = s;
  for (char *r = s; *r; r++) {
    if (*r == '%') {
      int h = hexval(r[1]), l = h < 0 ? -1 : hexval(r[2]);
      if (h < 0 || l < 0)
        return 0;
      *w++ = (char)(h * 16 + l);
      r += 2;
    } else if (*r == '+' && form) {
      *w++ = ' ';
    } else {
      *w++ = *r;
    }
  }
  *w = '\0';
  return 1;
}

struct sp_ctx *sp_req_ctx(struct sp_req *req) { return req->ctx; }
const char *sp_req_method(const struct sp_req *req) { return req->method; }
const char *sp_req_path(const struct sp_req *req) { return req->path; }
const char *sp_req_address(const struct sp_req *req) { return req->address; }
const char *sp_req_csrf(const struct sp_req *req) { return req->csrf; }
const char *sp__req_session(const struct sp_req *req) { return req->session; }
int sp_req_is_api(const struct sp_req *req) {
  return req->route ? (req->route->flags & SP_ROUTE_API) != 0 : strncmp(req->path, "/api/", 5) == 0;
}

const char *sp_req_param(const struct sp_req *req, const char *name) {
  for (int i = 0; i < req->nparams; i++)
    if (strcmp(req->param_names[i], name) == 0)
      return req->param_values[i];
  return "";
}

const char *sp_req_query(struct sp_req *req, const char *name) {
  return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *sp_req_header(struct sp_req *req, const char *name) {
  return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *sp_req_body(const struct sp_req *req, size_t *len) {
  if (len)
    *len = req->body.len;
  return sp_buf_str(&req->body);
}

/* Parses the urlencoded body once. Invalid escapes or UTF-8 make the form
 * empty and leave a message on the context. */
static json_t *form(struct sp_req *req) {
  if (req->form)
    return req->form;
  req->form = json_object();
  if (!req->form)
    return NULL;
  const char *ct = sp_req_header(req, "Content-Type");
  if (!ct || strncmp(ct, "application/x-www-form-urlencoded", 33) != 0 || req->body.len == 0)
    return req->form;
  char *copy = sp_strndup(sp_buf_str(&req->body), req->body.len);
  if (!copy)
    return req->form;
  char *save = copy;
  while (save && *save) {
    char *pair = save;
    char *amp = strchr(pair, '&');
    save = amp ? amp + 1 : NULL;
    if (amp)
      *amp = '\0';
    if (!*pair)
      continue;
    char *eq = strchr(pair, '=');
    char *value = eq ? eq + 1 : pair + strlen(pair);
    if (eq)
      *eq = '\0';
    if (!sp__url_decode(pair, 1) || !sp__url_decode(value, 1) ||
        !sp_utf8_valid(pair, strlen(pair)) || !sp_utf8_valid(value, strlen(value))) {
      sp_ctx_fail(req->ctx, SP_EINVAL, pair, "form field %s is not valid UTF-8 text",
                  sp_utf8_valid(pair, strlen(pair)) ? pair : "(name)");
      json_object_clear(req->form);
      break;
    }
    json_t *arr = json_object_get(req->form, pair);
    if (!arr) {
      arr = json_array();
      if (!arr || json_object_set_new(req->form, pair, arr) != 0)
        break;
    }
    json_array_append_new(arr, json_string(value));
  }
  sp_free(copy);
  return req->form;
}

const char *sp_req_form(struct sp_req *req, const char *name) {
  json_t *f = form(req);
  json_t *arr = f ? json_object_get(f, name) : NULL;
  if (!arr || json_array_size(arr) == 0)
    return NULL;
  return json_string_value(json_array_get(arr, 0));
}

json_t *sp_req_form_all(struct sp_req *req, const char *name) {
  json_t *f = form(req);
  json_t *arr = f ? json_object_get(f, name) : NULL;
  if (arr)
    return arr;
  if (!req->empty)
    req->empty = json_array();
  return req->empty;
}

enum sp_rc sp_req_json(struct sp_req *req, json_t **out) {
  if (req->json) {
    *out = req->json;
    return SP_OK;
  }
  const char *ct = sp_req_header(req, "Content-Type");
  if (!ct || strncmp(ct, "application/json", 16) != 0)
    return sp_ctx_fail(req->ctx, SP_EINVAL, NULL,
                       "the request body must be JSON with Content-Type: application/json");
  if (!sp_utf8_valid(sp_buf_str(&req->body), req->body.len))
    return sp_ctx_fail(req->ctx, SP_EINVAL, NULL, "the request body is not valid UTF-8");
  json_error_t err;
  json_t *j = json_loadb(sp_buf_str(&req->body), req->body.len, JSON_REJECT_DUPLICATES, &err);
  if (!j)
    return sp_ctx_fail(req->ctx, SP_EINVAL, NULL, "malformed JSON at line %d, column %d: %s",
                       err.line, err.column, err.text);
  if (!json_is_object(j)) {
    json_decref(j);
    return sp_ctx_fail(req->ctx, SP_EINVAL, NULL, "the request body must be a JSON object");
  }
  req->json = j;
  *out = j;
  return SP_OK;
}

enum sp_rc sp_req_as_of(struct sp_req *req, int32_t *day) {
  const char *s = sp_req_query(req, "as_of");
  if (!s || !*s) {
    *day = sp_ctx_today(req->ctx);
    return SP_OK;
  }
  if (sp_date_parse(s, day) != SP_OK)
    return sp_ctx_fail(req->ctx, SP_EINVAL, "as_of",
                       "as_of must be a real date as YYYY-MM-DD (got '%.20s')", s);
  return SP_OK;
}
