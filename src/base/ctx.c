/*
 * ctx.c: the per-request context (actor, today, last error) and the status
 * code tables. The error message lives here, never in a global, so two
 * requests on two threads never see each other's errors.
 */
#include "sp.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "date.h"

struct sp_ctx {
  struct sp_store *store; /* borrowed */
  int64_t user_id;
  int64_t org_id;
  enum sp_role role;
  char actor_name[128];
  int32_t today;
  enum sp_rc rc;
  char field[64];
  char msg[1024];
};

static const struct {
  const char *text;
  const char *code;
  int http;
  int exit;
} rc_table[] = {
    [SP_OK] = {"ok", "ok", 200, 0},
    [SP_ENOMEM] = {"out of memory", "out_of_memory", 503, 3},
    [SP_EINVAL] = {"invalid input", "invalid", 400, 2},
    [SP_ENOTFOUND] = {"not found", "not_found", 404, 2},
    [SP_ECONFLICT] = {"conflict", "conflict", 409, 2},
    [SP_EFORBIDDEN] = {"forbidden", "forbidden", 403, 2},
    [SP_EAUTH] = {"not signed in", "unauthenticated", 401, 2},
    [SP_ESTORE] = {"database error", "store_error", 500, 3},
    [SP_EIO] = {"input/output error", "io_error", 500, 2},
    [SP_ETOOBIG] = {"too big", "too_big", 413, 2},
    [SP_ELIMIT] = {"rate limited", "rate_limited", 429, 2},
    [SP_EINTERNAL] = {"internal error", "internal", 500, 3},
    [SP_ESTATE] = {"transition not allowed", "invalid_transition", 409, 2},
    [SP_EUNAVAIL] = {"service unavailable", "unavailable", 503, 3},
};

const char *sp_strerror(enum sp_rc rc) {
  if ((size_t)rc >= SP_ARRAY_LEN(rc_table) || !rc_table[rc].text)
    return "unknown error";
  return rc_table[rc].text;
}

const char *sp_rc_code(enum sp_rc rc) {
  if ((size_t)rc >= SP_ARRAY_LEN(rc_table) || !rc_table[rc].code)
    return "internal";
  return rc_table[rc].code;
}

int sp_rc_http(enum sp_rc rc) {
  if ((size_t)rc >= SP_ARRAY_LEN(rc_table))
    return 500;
  return rc_table[rc].http;
}

int sp_rc_exit(enum sp_rc rc) {
  if ((size_t)rc >= SP_ARRAY_LEN(rc_table))
    return 3;
  return rc_table[rc].exit;
}

static const char *const role_names[SP_ROLE__COUNT] = {
    [SP_ROLE_PUBLIC] = "public",
    [SP_ROLE_DFE_ADMIN] = "dfe_admin",
    [SP_ROLE_ERB_EDITOR] = "erb_editor",
    [SP_ROLE_PROVIDER_EDITOR] = "provider_editor",
    [SP_ROLE_MCA_REVIEWER] = "mca_reviewer",
    [SP_ROLE_FUNDER] = "funder",
    [SP_ROLE_VIEWER] = "viewer",
};

const char *sp_role_name(enum sp_role role) {
  if ((unsigned)role >= SP_ROLE__COUNT)
    return "public";
  return role_names[role];
}

enum sp_rc sp_role_parse(const char *name, enum sp_role *out) {
  if (!name)
    return SP_EINVAL;
  for (int r = SP_ROLE_DFE_ADMIN; r < SP_ROLE__COUNT; r++) {
    if (strcmp(name, role_names[r]) == 0) {
      *out = (enum sp_role)r;
      return SP_OK;
    }
  }
  return SP_EINVAL;
}

struct sp_ctx *sp_ctx_new(struct sp_store *store) {
  struct sp_ctx *ctx = sp_calloc(1, sizeof(*ctx));
  if (!ctx)
    return NULL;
  ctx->store = store;
  ctx->role = SP_ROLE_PUBLIC;
  ctx->today = sp_date_today();
  return ctx;
}

void sp_ctx_free(struct sp_ctx *ctx) { sp_free(ctx); }

struct sp_store *sp_ctx_store(const struct sp_ctx *ctx) { return ctx->store; }

void sp_ctx_set_actor(struct sp_ctx *ctx, int64_t user_id, int64_t org_id,
                      enum sp_role role, const char *name) {
  ctx->user_id = user_id;
  ctx->org_id = org_id;
  ctx->role = role;
  snprintf(ctx->actor_name, sizeof(ctx->actor_name), "%s", name ? name : "");
}

int64_t sp_ctx_user_id(const struct sp_ctx *ctx) { return ctx->user_id; }
int64_t sp_ctx_org_id(const struct sp_ctx *ctx) { return ctx->org_id; }
enum sp_role sp_ctx_role(const struct sp_ctx *ctx) { return ctx->role; }
const char *sp_ctx_actor_name(const struct sp_ctx *ctx) {
  return ctx->actor_name[0] ? ctx->actor_name : "system";
}

void sp_ctx_set_today(struct sp_ctx *ctx, int32_t day) { ctx->today = day; }
int32_t sp_ctx_today(const struct sp_ctx *ctx) { return ctx->today; }

enum sp_rc sp_ctx_failv(struct sp_ctx *ctx, enum sp_rc rc, const char *field,
                        const char *fmt, va_list ap) {
  /* Format into locals first: callers may pass the context's own message
   * or field back in (re-wrapping an error), and overlapping copies are
   * undefined behaviour. */
  char f[sizeof(ctx->field)], m[sizeof(ctx->msg)];
  snprintf(f, sizeof(f), "%s", field ? field : "");
  vsnprintf(m, sizeof(m), fmt, ap);
  ctx->rc = rc;
  memcpy(ctx->field, f, sizeof(f));
  memcpy(ctx->msg, m, sizeof(m));
  return rc;
}

enum sp_rc sp_ctx_fail(struct sp_ctx *ctx, enum sp_rc rc, const char *field,
                       const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  sp_ctx_failv(ctx, rc, field, fmt, ap);
  va_end(ap);
  return rc;
}

void sp_ctx_clear(struct sp_ctx *ctx) {
  ctx->rc = SP_OK;
  ctx->field[0] = '\0';
  ctx->msg[0] = '\0';
}

enum sp_rc sp_ctx_rc(const struct sp_ctx *ctx) { return ctx->rc; }
const char *sp_ctx_errmsg(const struct sp_ctx *ctx) { return ctx->msg; }
const char *sp_ctx_errfield(const struct sp_ctx *ctx) { return ctx->field; }
