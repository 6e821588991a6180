/*
 * pages_auth.c: the sign-in form (CSRF-protected with the anonymous
 * double-submit cookie) and signing out.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/auth.h"
#include "handlers.h"

/* Only paths on this site are followed after sign-in (sp_web_local_path:
 * no "//", no "/\\", no backslash, no control byte such as the tab that
 * made "/\t/evil.example" a way off the site); without one (or "/"), the
 * person goes to their home (/home). */
static const char *safe_next(const char *next) {
  if (!next || strcmp(next, "/") == 0 || !sp_web_local_path(next))
    return "/home";
  return next;
}

enum sp_rc sp__h_sign_in_form(struct sp_req *req) {
  return sp_resp_page(req, 200, "sign_in", "Sign in",
                      json_pack("{s:s}", "next", safe_next(sp_req_query(req, "next"))));
}

enum sp_rc sp__h_sign_in(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  const char *email = sp_req_form(req, "email");
  const char *password = sp_req_form(req, "password");
  const char *next = safe_next(sp_req_form(req, "next"));
  char token[SP_TOKEN_HEX], csrf[SP_TOKEN_HEX];
  enum sp_rc rc = sp_session_create(ctx, email ? email : "", password ? password : "",
                                    sp__signin_address(req), (int64_t)time(NULL), token, csrf);
  if (rc == SP_ELIMIT)
    sp__signin_retry_header(req, email);
  if (rc != SP_OK) {
    json_t *data = json_pack("{s:s, s:s}", "email", email ? email : "", "next", next);
    if (!*sp_ctx_errfield(ctx))
      sp_ctx_fail(ctx, rc, "email", "%s", sp_ctx_errmsg(ctx));
    return sp_resp_form_error(req, rc == SP_EAUTH ? SP_EINVAL : rc, "sign_in", "Sign in", data);
  }
  char c[256];
  snprintf(c, sizeof(c), "sp_session=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d", token,
           SP_SESSION_SECONDS);
  sp_resp_header(req, "Set-Cookie", c);
  return sp_resp_redirect(req, next);
}

enum sp_rc sp__h_sign_out(struct sp_req *req) {
  enum sp_rc rc = sp_session_delete(sp_req_ctx(req), sp__req_session(req));
  if (rc != SP_OK)
    return rc;
  sp_resp_header(req, "Set-Cookie", "sp_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
  return sp_resp_redirect(req, "/");
}
