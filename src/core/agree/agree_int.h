/*
 * agree_int.h: helpers shared by the files of the agreements module
 * (src/core/agree/) and nobody else: running a bound statement in one call,
 * and reading typed fields out of JSON input with messages that name the
 * field. Names carry the module-internal sp__agree_ prefix.
 */
#ifndef SP_AGREE_INT_H
#define SP_AGREE_INT_H

#include <jansson.h>
#include <stdint.h>

#include "base/sp.h"

/*
 * Runs sql on the context's store with parameters bound from the varargs
 * according to fmt, one letter per `?`: 'i' int64_t, 'I' int64_t with 0 binding NULL, 'J'
 * int64_t with a negative value binding NULL, 's' const char * (NULL
 * binds NULL), 'd' int32_t civil date (SP_DATE_NONE binds NULL), 'f' double.
 * sp__agree_rows returns every row as a JSON array (new reference in *out);
 * sp__agree_row returns the first row or SP_ENOTFOUND (with what_missing as
 * the message) when there is none; sp__agree_exec runs a write and, when
 * id_out is not NULL, gives the new rowid.
 */
SP_MUST_USE enum sp_rc sp__agree_rows(struct sp_ctx *ctx, json_t **out, const char *sql,
                                      const char *fmt, ...);
SP_MUST_USE enum sp_rc sp__agree_row(struct sp_ctx *ctx, json_t **out, const char *what_missing,
                                     const char *sql, const char *fmt, ...);
SP_MUST_USE enum sp_rc sp__agree_exec(struct sp_ctx *ctx, int64_t *id_out, const char *sql,
                                      const char *fmt, ...);

/* The largest magnitude a number in an agreement or indicator may have
 * (sp__agree_num): counts, values and targets are far below it, and a bound
 * keeps every number finite and printable (issue 10, finding 5). */
#define SP_AGREE_NUM_MAX 1e15

/* Field readers over a JSON object. sp__agree_num refuses non-finite
 * numbers and those beyond SP_AGREE_NUM_MAX. Each returns SP_OK and leaves *out
 * untouched when the field is absent and not required; refuses a field of
 * the wrong type naming it (prefix may be "" or e.g. "targets[2]."). */
SP_MUST_USE enum sp_rc sp__agree_str(struct sp_ctx *ctx, const json_t *o, const char *prefix,
                                     const char *key, int required, size_t max_chars,
                                     const char **out);
SP_MUST_USE enum sp_rc sp__agree_int(struct sp_ctx *ctx, const json_t *o, const char *prefix,
                                     const char *key, int required, int64_t *out);
SP_MUST_USE enum sp_rc sp__agree_date(struct sp_ctx *ctx, const json_t *o, const char *prefix,
                                      const char *key, int required, int32_t *out);
SP_MUST_USE enum sp_rc sp__agree_num(struct sp_ctx *ctx, const json_t *o, const char *prefix,
                                     const char *key, int required, double *out);

/* Refuses any key of o not in the NULL-terminated list, naming it. */
SP_MUST_USE enum sp_rc sp__agree_known_keys(struct sp_ctx *ctx, const json_t *o,
                                            const char *prefix, const char *const *keys);

/* The integer member of a row object (0 when absent or null); string members
 * are read with sp_rec_str (base/record.h). */
int64_t sp__agree_jint(const json_t *row, const char *key);
/* A date member parsed, SP_DATE_NONE when absent or not a date. */
int32_t sp__agree_jdate(const json_t *row, const char *key);

/* Runs fn inside one transaction: begin, fn, commit; rolls back on failure. */
typedef enum sp_rc (*sp__agree_tx_fn)(struct sp_ctx *ctx, void *arg);
SP_MUST_USE enum sp_rc sp__agree_tx(struct sp_ctx *ctx, sp__agree_tx_fn fn, void *arg);

/* SP_OK when the actor may change agreement id: DfE, or the agreement's
 * owner (its creating organisation, or a party in a funding role). */
SP_MUST_USE enum sp_rc sp__agree_may_edit(struct sp_ctx *ctx, int64_t id);
/* SP_OK when the actor may record progress on agreement id's action plan:
 * as sp__agree_may_edit, or any party to it. */
SP_MUST_USE enum sp_rc sp__agree_may_update_action(struct sp_ctx *ctx, int64_t id);
/* 1 when the actor's organisation owns agreement id; no error left. */
int sp__agree_actor_owns(struct sp_ctx *ctx, int64_t id);
/* The action plan as a tree with rolled-up progress, and the review clock,
 * as of a date (new references; NULL with *rc set on failure). */
json_t *sp__agree_actions_tree(struct sp_ctx *ctx, int64_t id, int32_t as_of, enum sp_rc *rc);
json_t *sp__agree_reviews(struct sp_ctx *ctx, int64_t id, int32_t as_of, enum sp_rc *rc);

#endif
