/*
 * sp.h: the skillplan library's shared vocabulary: the one status enum, the
 * per-request context that carries the human-readable error, and the
 * attributes every public header uses.
 *
 * Every fallible function in the library returns enum sp_rc. When it fails
 * it also writes a message (which field, which rule, which file:line) onto
 * the context it was given, with sp_ctx_fail(). Front ends read the message
 * back with sp_ctx_errmsg() and map the code to an HTTP status or an exit
 * code with sp_rc_http() / sp_rc_exit().
 */
#ifndef SP_H
#define SP_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define SP_MUST_USE __attribute__((warn_unused_result))
#define SP_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define SP_MUST_USE
#define SP_PRINTF(a, b)
#endif

#define SP_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* The library's status codes. Never renumber; only append. */
enum sp_rc {
  SP_OK = 0,
  SP_ENOMEM = 1,     /* an allocation failed */
  SP_EINVAL = 2,     /* input breaks a rule; the message names field and rule */
  SP_ENOTFOUND = 3,  /* the record asked for does not exist */
  SP_ECONFLICT = 4,  /* the write clashes with the state of the records */
  SP_EFORBIDDEN = 5, /* the actor's role or interests do not allow it */
  SP_EAUTH = 6,      /* not signed in, or wrong credentials */
  SP_ESTORE = 7,     /* the database failed */
  SP_EIO = 8,        /* a file could not be read or written */
  SP_ETOOBIG = 9,    /* input over a stated limit */
  SP_ELIMIT = 10,    /* rate limit reached; try later */
  SP_EINTERNAL = 11, /* a bug: an invariant did not hold */
  SP_ESTATE = 12,    /* a transition out of order in a state machine */
  SP_EUNAVAIL = 13,  /* the database is out of reach or too busy; nothing was changed */
};

/* Returns a short constant name for rc ("not found"); never NULL. */
const char *sp_strerror(enum sp_rc rc);

/* Maps rc to the HTTP status the API answers with (400, 404, 409, ...). */
int sp_rc_http(enum sp_rc rc);

/* Maps rc to the CLI's documented exit code: 0 ok, 2 bad input, 3 internal. */
int sp_rc_exit(enum sp_rc rc);

/* Maps rc to the stable snake_case code used in JSON errors ("not_found"). */
const char *sp_rc_code(enum sp_rc rc);

/*
 * The context: one per request or per CLI command. It holds the store the
 * work runs on (borrowed, not owned), who is acting, the date "today" for
 * rules, and the last error. Opaque; create with sp_ctx_new.
 */
struct sp_ctx;
struct sp_store;

/* Actor roles, in the order of the policy table. SP_ROLE_PUBLIC is nobody signed in. */
enum sp_role {
  SP_ROLE_PUBLIC = 0,
  SP_ROLE_DFE_ADMIN,
  SP_ROLE_ERB_EDITOR,
  SP_ROLE_PROVIDER_EDITOR,
  SP_ROLE_MCA_REVIEWER,
  SP_ROLE_FUNDER,
  SP_ROLE_VIEWER,
  SP_ROLE__COUNT
};

/* "dfe_admin" etc.; "public" for SP_ROLE_PUBLIC. */
const char *sp_role_name(enum sp_role role);
/* Parses a role name; returns SP_EINVAL for an unknown or "public" name. */
SP_MUST_USE enum sp_rc sp_role_parse(const char *name, enum sp_role *out);

/* Creates a context over store (borrowed; may be NULL for pure work).
 * Returns NULL on out of memory. Free with sp_ctx_free. */
struct sp_ctx *sp_ctx_new(struct sp_store *store);
void sp_ctx_free(struct sp_ctx *ctx);

struct sp_store *sp_ctx_store(const struct sp_ctx *ctx);

/* Sets who acts. user_id 0 and SP_ROLE_PUBLIC for nobody. name is copied. */
void sp_ctx_set_actor(struct sp_ctx *ctx, int64_t user_id, int64_t org_id,
                      enum sp_role role, const char *name);
int64_t sp_ctx_user_id(const struct sp_ctx *ctx);
int64_t sp_ctx_org_id(const struct sp_ctx *ctx);
enum sp_role sp_ctx_role(const struct sp_ctx *ctx);
/* The actor's display name ("system" when none was set). */
const char *sp_ctx_actor_name(const struct sp_ctx *ctx);

/* "Today" for rules, in days since 1970-01-01. Defaults to the UTC date at
 * sp_ctx_new; tests and --as-of set it. */
void sp_ctx_set_today(struct sp_ctx *ctx, int32_t day);
int32_t sp_ctx_today(const struct sp_ctx *ctx);

/*
 * Records a failure: rc, the field it concerns (may be NULL), and a message
 * formatted like printf. Returns rc so callers can write
 *   return sp_ctx_fail(ctx, SP_EINVAL, "ukprn", "must be 8 digits");
 * A later call overwrites an earlier one. Messages over 1 KiB are cut.
 */
enum sp_rc sp_ctx_fail(struct sp_ctx *ctx, enum sp_rc rc, const char *field,
                       const char *fmt, ...) SP_PRINTF(4, 5);
enum sp_rc sp_ctx_failv(struct sp_ctx *ctx, enum sp_rc rc, const char *field,
                        const char *fmt, va_list ap);

/* Clears the recorded error. */
void sp_ctx_clear(struct sp_ctx *ctx);
/* The last error's code, message ("" when none) and field ("" when none). */
enum sp_rc sp_ctx_rc(const struct sp_ctx *ctx);
const char *sp_ctx_errmsg(const struct sp_ctx *ctx);
const char *sp_ctx_errfield(const struct sp_ctx *ctx);

#endif
