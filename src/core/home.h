/*
 * home.h: what each signed-in person has to do, for their home page: the
 * records that wait on their role and organisation. Read-only; it spans the
 * LSIP and agreements modules and reads only what the actor may see.
 */
#ifndef SP_HOME_H
#define SP_HOME_H

#include <jansson.h>
#include <stdint.h>

#include "base/sp.h"

/*
 * Fills *out (new reference) for the context's actor as of `today`:
 *   every role: {role, org_id, org_name}
 *   erb_editor:      areas [{code, name, designated}] (its designations, then
 *                    the areas its organisation works in)
 *   dfe_admin:       delivery_plans [{area_code, area_name, submitted_on}]
 *                    waiting for a decision; plans [{area_code, area_name,
 *                    version, state, first_submitted_on}] submitted or
 *                    resubmitted; overdue [deadline rows with status overdue]
 *   provider_editor: areas [{code, name}], decisions [relevance decisions for
 *                    the organisation, with area_name], records (as
 *                    sp_home_provider_records gives them), priorities [plan priorities naming it]
 *   mca_reviewer:    plans [{plan_id, area_code, area_name, version, state,
 *                    mayoral, statement_given}] of the areas it works in,
 *                    waiting (the count of those without its statement)
 *   funder:          agreements [{id, title, kind, role, term_end}] it is party
 *                    to, actions_due [{agreement_id, agreement_title, title,
 *                    due_date, status, overdue}] not done
 * SP_EAUTH when nobody is signed in.
 */
SP_MUST_USE enum sp_rc sp_home_worklist(struct sp_ctx *ctx, int32_t today, json_t **out);

/*
 * Providers' records (co-operation, section 5 reviews, contributions to
 * priorities) as {cooperation, section5_reviews, contributions}, each row
 * with org_id, org_name, area_code and area_name, newest first. area NULL:
 * every area; org_id 0: every provider. Who sees what (issue 11): DfE every
 * record; a provider_editor only its own organisation's; an erb_editor only
 * those of the areas its body is designated for (SP_EFORBIDDEN when `area`
 * is not one of them). Anyone else: SP_EFORBIDDEN.
 */
SP_MUST_USE enum sp_rc sp_home_provider_records(struct sp_ctx *ctx, const char *area,
                                                int64_t org_id, json_t **out);

#endif
