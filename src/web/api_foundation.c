/*
 * api_foundation.c: the foundation's JSON API: areas as of a date, routes
 * and levels, organisations (list, read, create, patch), the session (sign
 * in and out) and the audit log. Handlers are thin: they parse the request,
 * call the library, and answer with the JSON it returns.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "core/auth.h"
#include "base/date.h"
#include "core/orgs.h"
#include "core/reference.h"
#include "handlers.h"

int64_t sp__parse_id(const char *s) {
  if (!s || !*s || strlen(s) > 18)
    return 0;
  int64_t v = 0;
  for (const char *p = s; *p; p++) {
    if (*p < '0' || *p > '9')
      return 0;
    v = v * 10 + (*p - '0');
  }
  return v;
}

enum sp_rc sp__query_int(struct sp_req *req, const char *name, long lo, long hi, long dflt,
                         long *out) {
  const char *s = sp_req_query(req, name);
  if (!s || !*s) {
    *out = dflt;
    return SP_OK;
  }
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || *end || v < lo || v > hi)
    return sp_ctx_fail(sp_req_ctx(req), SP_EINVAL, name, "%s must be a whole number from %ld to %ld",
                       name, lo, hi);
  *out = v;
  return SP_OK;
}

enum sp_rc sp__api_areas(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  int32_t as_of;
  json_t *areas;
  enum sp_rc rc = sp_req_as_of(req, &as_of);
  if (rc != SP_OK || (rc = sp_areas_list(ctx, as_of, &areas)) != SP_OK)
    return rc;
  char d[SP_DATE_BUFSZ];
  return sp_resp_json(req, 200,
                      json_pack("{s:s, s:I, s:o}", "as_of", sp_date_format(as_of, d), "count",
                                (json_int_t)json_array_size(areas), "items", areas));
}

enum sp_rc sp__api_area(struct sp_req *req) {
  int32_t as_of;
  json_t *area;
  enum sp_rc rc = sp_req_as_of(req, &as_of);
  if (rc != SP_OK || (rc = sp_area_get(sp_req_ctx(req), sp_req_param(req, "code"), as_of, &area)) != SP_OK)
    return rc;
  return sp_resp_json(req, 200, area);
}

enum sp_rc sp__api_routes(struct sp_req *req) {
  json_t *routes;
  enum sp_rc rc = sp_routes_list(sp_req_ctx(req), &routes);
  if (rc != SP_OK)
    return rc;
  return sp_resp_json(req, 200, json_pack("{s:o}", "items", routes));
}

enum sp_rc sp__api_levels(struct sp_req *req) {
  json_t *levels;
  enum sp_rc rc = sp_levels_list(sp_req_ctx(req), &levels);
  if (rc != SP_OK)
    return rc;
  return sp_resp_json(req, 200, json_pack("{s:o}", "items", levels));
}

enum sp_rc sp__api_org_kinds(struct sp_req *req) {
  json_t *kinds;
  enum sp_rc rc = sp_org_kinds(sp_req_ctx(req), &kinds);
  if (rc != SP_OK)
    return rc;
  return sp_resp_json(req, 200, json_pack("{s:o}", "items", kinds));
}

static json_t *session_json(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  if (sp_ctx_role(ctx) == SP_ROLE_PUBLIC)
    return json_pack("{s:b}", "signed_in", 0);
  return json_pack("{s:b, s:{s:I, s:s, s:s, s:I}, s:s}", "signed_in", 1, "user", "id",
                   (json_int_t)sp_ctx_user_id(ctx), "name", sp_ctx_actor_name(ctx), "role",
                   sp_role_name(sp_ctx_role(ctx)), "org_id", (json_int_t)sp_ctx_org_id(ctx),
                   "csrf_token", sp_req_csrf(req));
}

enum sp_rc sp__api_session_get(struct sp_req *req) {
  return sp_resp_json(req, 200, session_json(req));
}

static enum sp_rc check_fields(struct sp_ctx *ctx, json_t *in, const char *const *allowed) {
  const char *key;
  json_t *v;
  json_object_foreach(in, key, v) {
    int ok = 0;
    for (size_t i = 0; allowed[i]; i++)
      ok |= strcmp(key, allowed[i]) == 0;
    if (!ok)
      return sp_ctx_fail(ctx, SP_EINVAL, key, "unknown field '%s'", key);
  }
  return SP_OK;
}

/* Sets the session cookie on the answer. */
static void session_cookie(struct sp_req *req, const char *token, long max_age) {
  char c[256];
  snprintf(c, sizeof(c), "sp_session=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%ld", token,
           max_age);
  sp_resp_header(req, "Set-Cookie", c);
}

enum sp_rc sp__api_session_create(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  json_t *in;
  const char *email = NULL, *password = NULL;
  static const char *const allowed[] = {"email", "password", NULL};
  enum sp_rc rc = sp_req_json(req, &in);
  if (rc != SP_OK || (rc = check_fields(ctx, in, allowed)) != SP_OK)
    return rc;
  json_error_t err;
  if (json_unpack_ex(in, &err, 0, "{s:s, s:s}", "email", &email, "password", &password) != 0)
    return sp_ctx_fail(ctx, SP_EINVAL, !json_is_string(json_object_get(in, "email")) ? "email" : "password",
                       "%s", err.text);
  char token[SP_TOKEN_HEX], csrf[SP_TOKEN_HEX];
  rc = sp_session_create(ctx, email, password, sp__signin_address(req), (int64_t)time(NULL), token, csrf);
  if (rc == SP_ELIMIT)
    sp__signin_retry_header(req, email);
  if (rc != SP_OK)
    return rc;
  rc = sp_session_resume(ctx, token, (int64_t)time(NULL), csrf);
  if (rc != SP_OK)
    return rc;
  session_cookie(req, token, SP_SESSION_SECONDS);
  return sp_resp_json(req, 201,
                      json_pack("{s:b, s:{s:I, s:s, s:s, s:I}, s:s}", "signed_in", 1, "user", "id",
                                (json_int_t)sp_ctx_user_id(ctx), "name", sp_ctx_actor_name(ctx),
                                "role", sp_role_name(sp_ctx_role(ctx)), "org_id",
                                (json_int_t)sp_ctx_org_id(ctx), "csrf_token", csrf));
}

enum sp_rc sp__api_session_delete(struct sp_req *req) {
  enum sp_rc rc = sp_session_delete(sp_req_ctx(req), sp__req_session(req));
  if (rc != SP_OK)
    return rc;
  session_cookie(req, "", 0);
  return sp_resp_json(req, 200, json_pack("{s:b}", "signed_in", 0));
}

enum sp_rc sp__api_orgs(struct sp_req *req) {
  long limit = 100, offset = 0;
  json_t *out;
  struct sp_ctx *ctx = sp_req_ctx(req);
  enum sp_rc rc;
  if ((rc = sp__query_int(req, "limit", 1, 1000, 100, &limit)) != SP_OK ||
      (rc = sp__query_int(req, "offset", 0, 100000000, 0, &offset)) != SP_OK)
    return rc;
  rc = sp_orgs_list(ctx, sp_req_query(req, "kind"), sp_req_query(req, "area"),
                    sp_req_query(req, "q"), (int)limit, (int)offset, &out);
  if (rc != SP_OK)
    return rc;
  return sp_resp_json(req, 200, out);
}

enum sp_rc sp__org_id(struct sp_req *req, int64_t *id) {
  *id = sp__parse_id(sp_req_param(req, "id"));
  if (!*id)
    return sp_ctx_fail(sp_req_ctx(req), SP_ENOTFOUND, "id", "there is no organisation '%.40s'",
                       sp_req_param(req, "id"));
  return SP_OK;
}

enum sp_rc sp__api_org(struct sp_req *req) {
  int64_t id;
  json_t *org;
  enum sp_rc rc = sp__org_id(req, &id);
  if (rc != SP_OK || (rc = sp_org_get(sp_req_ctx(req), id, &org)) != SP_OK)
    return rc;
  return sp_resp_json(req, 200, org);
}

enum sp_rc sp__api_org_create(struct sp_req *req) {
  json_t *in, *org;
  int64_t id;
  enum sp_rc rc = sp_req_json(req, &in);
  if (rc != SP_OK || (rc = sp_org_create(sp_req_ctx(req), in, &id)) != SP_OK ||
      (rc = sp_org_get(sp_req_ctx(req), id, &org)) != SP_OK)
    return rc;
  char loc[64];
  snprintf(loc, sizeof(loc), "/api/orgs/%lld", (long long)id);
  sp_resp_header(req, "Location", loc);
  return sp_resp_json(req, 201, org);
}

enum sp_rc sp__api_org_patch(struct sp_req *req) {
  json_t *in, *org;
  int64_t id;
  enum sp_rc rc = sp__org_id(req, &id);
  if (rc != SP_OK || (rc = sp_req_json(req, &in)) != SP_OK ||
      (rc = sp_org_update(sp_req_ctx(req), id, in)) != SP_OK ||
      (rc = sp_org_get(sp_req_ctx(req), id, &org)) != SP_OK)
    return rc;
  return sp_resp_json(req, 200, org);
}

enum sp_rc sp__api_audit(struct sp_req *req) {
  long limit = 100, before = 0;
  json_t *out;
  enum sp_rc rc;
  if ((rc = sp__query_int(req, "limit", 1, 1000, 100, &limit)) != SP_OK ||
      (rc = sp__query_int(req, "before", 0, 0x7fffffffL, 0, &before)) != SP_OK)
    return rc;
  rc = sp_audit_list(sp_req_ctx(req), sp_req_query(req, "entity"), before, (int)limit, &out);
  if (rc != SP_OK)
    return rc;
  return sp_resp_json(req, 200, json_pack("{s:o}", "items", out));
}
