/*
 * api_auth.c: the sign-in throttle on the web (issue 10, finding 4;
 * docs/security.md): the Retry-After of a 429 sign-in, and DfE's view of
 * sign-in blocks, as JSON (GET/DELETE /api/sign-in-blocks) and as a page
 * (GET /sign-in-blocks, POST /sign-in-blocks/clear). Handlers are thin: the
 * rules and the counts live in src/core/auth.c.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/auth.h"
#include "handlers.h"

const char *sp__signin_address(struct sp_req *req) {
  /* The one place sign-in takes the client's address from: the client
   * address the http layer gives (the peer, or behind --trusted-proxy the
   * last X-Forwarded-For hop that proxy added). */
  return sp_req_address(req);
}

void sp__signin_retry_header(struct sp_req *req, const char *email) {
  int64_t wait = sp_signin_retry_after(sp_req_ctx(req), email ? email : "", sp__signin_address(req),
                                       (int64_t)time(NULL));
  char v[32];
  snprintf(v, sizeof(v), "%lld", (long long)(wait > 0 ? wait : 1));
  sp_resp_header(req, "Retry-After", v);
}

enum sp_rc sp__api_signin_blocks(struct sp_req *req) {
  json_t *out = NULL;
  enum sp_rc rc = sp_signin_blocks(sp_req_ctx(req), (int64_t)time(NULL), &out);
  if (rc != SP_OK)
    return rc;
  return sp_resp_json(req, 200,
                      json_pack("{s:I, s:o}", "count", (json_int_t)json_array_size(out), "items", out));
}

/* A string member, NULL when absent or null; SP_EINVAL naming it when it is
 * another type. */
static enum sp_rc member(struct sp_ctx *ctx, const json_t *in, const char *key, const char **out) {
  json_t *v = json_object_get(in, key);
  *out = NULL;
  if (!v || json_is_null(v))
    return SP_OK;
  if (!json_is_string(v))
    return sp_ctx_fail(ctx, SP_EINVAL, key, "%s must be text", key);
  *out = json_string_value(v);
  return SP_OK;
}

enum sp_rc sp__api_signin_unblock(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  json_t *in = NULL;
  const char *email = NULL, *address = NULL;
  enum sp_rc rc = sp_req_json(req, &in);
  if (rc != SP_OK)
    return rc;
  const char *key;
  json_t *v;
  json_object_foreach(in, key, v) {
    if (strcmp(key, "email") != 0 && strcmp(key, "address") != 0)
      return sp_ctx_fail(ctx, SP_EINVAL, key, "unknown field '%.40s'; give email and/or address",
                         key);
  }
  if ((rc = member(ctx, in, "email", &email)) != SP_OK ||
      (rc = member(ctx, in, "address", &address)) != SP_OK)
    return rc;
  int64_t cleared = 0;
  if ((rc = sp_signin_unblock(ctx, email, address, &cleared)) != SP_OK)
    return rc;
  return sp_resp_json(req, 200, json_pack("{s:I}", "cleared", (json_int_t)cleared));
}

enum sp_rc sp__h_signin_blocks(struct sp_req *req) {
  json_t *out = NULL;
  enum sp_rc rc = sp_signin_blocks(sp_req_ctx(req), (int64_t)time(NULL), &out);
  if (rc != SP_OK)
    return rc;
  size_t i;
  json_t *b;
  json_array_foreach(out, i, b) {
    time_t until = (time_t)json_integer_value(json_object_get(b, "until"));
    struct tm tm;
    char when[32];
    gmtime_r(&until, &tm);
    strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm);
    json_object_set_new(b, "until_text", json_string(when));
    json_object_set_new(b, "is_account", json_boolean(!strcmp(
                                             json_string_value(json_object_get(b, "kind")), "account")));
  }
  json_t *data = json_pack("{s:o, s:b, s:s?}", "blocks", out, "none", json_array_size(out) == 0,
                           "cleared", sp_req_query(req, "cleared"));
  return sp_resp_page(req, 200, "sign_in_blocks", "Sign-in blocks", data);
}

enum sp_rc sp__h_signin_unblock(struct sp_req *req) {
  int64_t cleared = 0;
  enum sp_rc rc = sp_signin_unblock(sp_req_ctx(req), sp_req_form(req, "email"),
                                    sp_req_form(req, "address"), &cleared);
  if (rc != SP_OK)
    return rc;
  char to[64];
  snprintf(to, sizeof(to), "/sign-in-blocks?cleared=%lld", (long long)cleared);
  return sp_resp_redirect(req, to);
}
