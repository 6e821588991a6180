/*
 * edit.h: changing and taking back what an ERB or an MCA recorded on a plan
 * while its version is editable (draft, returned, under review; sections
 * 6.5, 6.6): stage A needs, stage B priorities (and their order), stage C
 * actions, evidence sources, entries in the register of interests, and the
 * MCA/GLA statement (one current statement per plan version: giving another
 * replaces it; it can be withdrawn). Once a version is submitted it is
 * frozen; changes go into the next version.
 *
 * Every change runs the same rules as adding the record (an edit is first
 * tried as an add inside a transaction that is rolled back, so no rule is
 * written twice), is one transaction with its audit entry (before and
 * after), and changes nothing when refused.
 *
 * Stale forms: each record read through sp_lsip_item_get carries "rev", a
 * digest of its content. An edit, delete or move given a "rev" that no longer
 * matches is refused with SP_ECONFLICT and a message saying someone else
 * changed it, rather than overwriting their change.
 *
 * Kinds: "need", "priority", "action", "evidence", "interest".
 */
#ifndef SP_LSIP_EDIT_H
#define SP_LSIP_EDIT_H

#include <jansson.h>
#include <stdint.h>

#include "base/sp.h"

/*
 * The record of kind `kind` with id `id`, as the add function takes it
 * (children included: a need's employers, a priority's providers as ids),
 * plus id, plan_id, area_code, plan_state (interests: area_code only),
 * editable (1 when the plan's state lets the body change it) and rev.
 * Signed-in actors only (plans are not public until published). *out is a
 * new reference.
 */
SP_MUST_USE enum sp_rc sp_lsip_item_get(struct sp_ctx *ctx, const char *kind, int64_t id,
                                        json_t **out);

/*
 * Changes record `id` of `kind` (its area's ERB; plan editable). `in` holds
 * the fields to change (absent fields keep their value; null clears an
 * optional one) and optionally "rev". The merged record must pass every rule
 * of the add function.
 */
SP_MUST_USE enum sp_rc sp_lsip_item_edit(struct sp_ctx *ctx, const char *kind, int64_t id,
                                         const json_t *in);

/*
 * Deletes record `id` of `kind` (its area's ERB; plan editable). rev may be
 * NULL. A priority's actions stay in the plan without a priority; a priority
 * that providers have recorded contributions against cannot be deleted.
 */
SP_MUST_USE enum sp_rc sp_lsip_item_delete(struct sp_ctx *ctx, const char *kind, int64_t id,
                                           const char *rev);

/* Moves a priority one place up (dir < 0) or down (dir > 0) in its plan's
 * order (its ERB; plan editable). Moving past either end is refused. */
SP_MUST_USE enum sp_rc sp_lsip_priority_move(struct sp_ctx *ctx, int64_t id, int dir);

/*
 * Gives the MCA/GLA statement on plan `plan_id` (section 3.5), replacing any
 * statement already given on that version: one current statement per plan
 * version. Same rules as sp_lsip_mca_statement.
 */
SP_MUST_USE enum sp_rc sp_lsip_mca_statement_give(struct sp_ctx *ctx, int64_t plan_id,
                                                  const json_t *in, int64_t *id_out);

/* Withdraws the current MCA/GLA statement of plan `plan_id` (an mca_reviewer
 * of an organisation covering the area; plan editable). SP_ENOTFOUND when
 * there is none. */
SP_MUST_USE enum sp_rc sp_lsip_mca_statement_withdraw(struct sp_ctx *ctx, int64_t plan_id);

#endif
