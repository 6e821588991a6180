/*
 * lsip_int.h: helpers shared by the files of the LSIP module (src/core/lsip/)
 * and nobody else: one-shot queries with typed bindings, JSON field readers,
 * area and designation look-ups, and the actor rules every write applies
 * (an ERB only in its own area, the recusal rule of section 4.2).
 *
 * Bindings are described by a type string, one letter per `?` placeholder:
 *   s  const char *   (NULL binds SQL NULL)
 *   i  int64_t        (pass a real int64_t: cast literals)
 *   d  int32_t date   (SP_DATE_NONE binds NULL)
 */
#ifndef SP_LSIP_INT_H
#define SP_LSIP_INT_H

#include <jansson.h>
#include <stdint.h>

#include "base/sp.h"

#define SP_LSIP_SRC "statutory guidance (seeds/004_34ac84fe2e6428e6.txt)"

/* Runs a statement that returns no rows. */
SP_MUST_USE enum sp_rc sp__lsip_exec(struct sp_ctx *ctx, const char *sql, const char *types, ...);
/* Runs a query; *out is a JSON array of row objects (new reference). */
SP_MUST_USE enum sp_rc sp__lsip_rows(struct sp_ctx *ctx, json_t **out, const char *sql,
                                     const char *types, ...);
/* Runs a query; *out is the first row object or NULL when there is none. */
SP_MUST_USE enum sp_rc sp__lsip_row(struct sp_ctx *ctx, json_t **out, const char *sql,
                                    const char *types, ...);
/* Runs a query; *out is the first column of the first row as an integer,
 * *found 0 (and *out 0) when there is no row or it is NULL. */
SP_MUST_USE enum sp_rc sp__lsip_int(struct sp_ctx *ctx, int64_t *out, int *found, const char *sql,
                                    const char *types, ...);

/* Field readers on a borrowed JSON object (strings: sp_rec_str, base/record.h).
 * 1 for true, 0 for false, -1 when absent or not a boolean (0/1 integers accepted). */
int sp__lsip_bool(const json_t *in, const char *key);
/* SP_OK when key is a non-empty string (trimmed length >= 1, <= max bytes);
 * otherwise fails naming the field and the rule text. */
SP_MUST_USE enum sp_rc sp__lsip_need_text(struct sp_ctx *ctx, const json_t *in, const char *key,
                                          size_t max, const char *rule, const char **out);
/* Reads an optional ISO date field; absent gives dflt. Bad dates fail. */
SP_MUST_USE enum sp_rc sp__lsip_date(struct sp_ctx *ctx, const json_t *in, const char *key,
                                     int32_t dflt, int32_t *out);
/* Refuses fields of `in` not listed in the NULL-terminated `allowed`. */
SP_MUST_USE enum sp_rc sp__lsip_known_fields(struct sp_ctx *ctx, const json_t *in,
                                             const char *const *allowed);

/* SP_OK when the area exists and is in operation on `on` (not yet
 * terminated); otherwise SP_ENOTFOUND / SP_ECONFLICT naming the code. */
SP_MUST_USE enum sp_rc sp__lsip_area_open(struct sp_ctx *ctx, const char *code, int32_t on);
/* The area's name valid on `on` into buf (the code when it has no name). */
void sp__lsip_area_name(struct sp_ctx *ctx, const char *code, int32_t on, char *buf, size_t n);
/* 1 when the area is covered by a mayoral combined authority or the GLA on
 * `on` (derived from its districts: sp_area_mayoral_on), 0 when not, -1 on a
 * store failure (message on ctx). */
int sp__lsip_area_mayoral(struct sp_ctx *ctx, const char *code, int32_t on);

/*
 * The live designation of `area` (*id, *org_id, *effective). SP_ENOTFOUND
 * naming section 4.1 when the area has no designated body.
 */
SP_MUST_USE enum sp_rc sp__lsip_live_designation(struct sp_ctx *ctx, const char *area, int64_t *id,
                                                 int64_t *org_id, int32_t *effective);

/*
 * The write rule of the ERB: the actor must be an erb_editor of the body
 * designated for `area` (policy action SP_ACT_PLAN_EDIT first). On success
 * *designation_id and *effective are the live designation's.
 */
SP_MUST_USE enum sp_rc sp__lsip_erb_of_area(struct sp_ctx *ctx, const char *area,
                                            int64_t *designation_id, int32_t *effective);

/*
 * The recusal rule (section 4.2): when the actor is recorded in any live
 * register of interests as having an interest in org_id, fails with
 * SP_EFORBIDDEN naming the interest; SP_OK otherwise. `what` names the
 * decision ("decide the relevance of").
 */
/* 1 when the actor may read the area's unpublished plans (plan.read_draft):
 * DfE; the area's ERB (live designation, or designation_id, the plan's
 * own); an MCA covering the area; a provider decided relevant for it. */
int sp__lsip_may_read_draft(struct sp_ctx *ctx, const char *area, int64_t designation_id);

SP_MUST_USE enum sp_rc sp__lsip_recusal(struct sp_ctx *ctx, int64_t org_id, const char *what);

/* The organisation's name into buf ("" when none); returns 1 when it exists. */
int sp__lsip_org_name(struct sp_ctx *ctx, int64_t org_id, char *buf, size_t n);

/* Audits one write with the entity id as a number. */
SP_MUST_USE enum sp_rc sp__lsip_audit(struct sp_ctx *ctx, const char *action, const char *entity,
                                      int64_t id, const json_t *before, const json_t *after);

/* Ends designation `id` on `on` with reason/text and publishes a notice of
 * notice_kind ('removal' or 'area_terminated'). Inside a transaction. */
SP_MUST_USE enum sp_rc sp__lsip_end_designation(struct sp_ctx *ctx, int64_t id, const char *reason,
                                                const char *text, int32_t on,
                                                const char *notice_kind);

/* SP_OK when reason is one of the removal reasons of section 4.1 (with text
 * for necessary_or_expedient); otherwise fails naming them. */
SP_MUST_USE enum sp_rc sp__lsip_check_removal(struct sp_ctx *ctx, const char *reason,
                                              const char *text);

/* SP_OK when the actor's organisation covers area, else SP_EFORBIDDEN
 * naming the rule: only the MCA or GLA whose area the plan covers gives or
 * withdraws its statement (section 3.5). */
SP_MUST_USE enum sp_rc sp__lsip_mca_covers(struct sp_ctx *ctx, const char *area);

#endif
