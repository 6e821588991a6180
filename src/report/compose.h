/*
 * compose.h: the report composed from the store: a plan version's records
 * (0100_lsip.sql: the plan, its stage A needs, priorities on routes and
 * pathways, actions with owners, evidence, the MCA/GLA statement) plus the
 * text the ERB writes for each part and the stage dates (0400_report.sql),
 * loaded into the report's plan model (plan.h). Also the writes of that
 * text, and the readiness check of a stored plan.
 *
 * Visibility follows the plan's: a plan that was never published is seen by
 * signed-in actors only (the lsip module's rule); the public sees published
 * versions, older ones included.
 */
#ifndef SP_REPORT_COMPOSE_H
#define SP_REPORT_COMPOSE_H

#include <jansson.h>
#include <stdint.h>

#include "base/sp.h"
#include "plan.h"
#include "readiness.h"

/*
 * Loads version `version` of area's plan (0: the latest the actor may see)
 * into a new plan model (*out; free with sp_report_plan_free). *plan_id_out
 * (may be NULL) gets the plan's id. SP_ENOTFOUND names the area and version.
 */
SP_MUST_USE enum sp_rc sp_report_load(struct sp_ctx *ctx, const char *area, int version,
                                      struct sp_report_plan **out, int64_t *plan_id_out);

/* The part names of report_part_texts: "part1", "part2", "part3", "annex",
 * "delivery". */
extern const char *const sp_report_part_names[5];

/*
 * Sets the ERB's text of one part of a plan version (the area's designated
 * body only, while the plan is draft, returned or under review; guidance
 * sections 6.5, 6.6). text: at most 20000 characters; empty clears it.
 * Audited. SP_EINVAL names the part or the text's rule.
 */
SP_MUST_USE enum sp_rc sp_report_part_set(struct sp_ctx *ctx, const char *area, int version,
                                          const char *part, const char *text);

/* 1 when the actor may write the part texts and stages of this version now
 * (the area's designated body, the version editable); never fails: any
 * refusal is cleared from ctx. */
int sp_report_can_edit(struct sp_ctx *ctx, const char *area, int version);

/*
 * Records stage A, B or C of a plan version (guidance 5.2): in has "stage"
 * and any of "started_on", "completed_on" (ISO dates, completed not before
 * started), "participants", "summary" (text). Same actor and states as
 * sp_report_part_set. Audited.
 */
SP_MUST_USE enum sp_rc sp_report_stage_set(struct sp_ctx *ctx, const char *area, int version,
                                           const json_t *in);

/* Loads the plan and checks it (readiness.h); pages counted on the PDF as it
 * would be rendered. *out as sp_report_check's. */
SP_MUST_USE enum sp_rc sp_report_check_stored(struct sp_ctx *ctx, const char *area, int version,
                                              struct sp_readiness **out);

/*
 * The readiness gate on submission (guidance 6.5; issue 5: "submission is
 * refused while a blocking finding stands"): checks the plan with this id
 * and returns SP_ESTATE naming the blocking findings (the first in full), or
 * SP_OK when none blocks. Call before sp_lsip_plan_transition(.., "submit").
 */
SP_MUST_USE enum sp_rc sp_report_submit_gate(struct sp_ctx *ctx, int64_t plan_id);

/* The versions of area's plan the actor may see, newest first, as a JSON
 * array of {version, state, published_on, title} (new reference). */
SP_MUST_USE enum sp_rc sp_report_versions(struct sp_ctx *ctx, const char *area, json_t **out);

#endif
