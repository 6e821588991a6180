/*
 * lsip.h: the Local Skills Improvement Plan process of the statutory
 * guidance (seeds/004_34ac84fe2e6428e6.txt, sections 3 to 6), as records and
 * state machines:
 *
 *   designation of an employer representative body (ERB) and its notices (4.1)
 *   conflict of interest policy, register of interests, recusal (4.2)
 *   delivery plan, progress reports (4.2.1, 4.3.1), interventions (4.3.2)
 *   the plan: stages A, B, C, evidence, net zero, MCA/GLA engagement and
 *   statement, states draft .. published, review, replacement (5, 6)
 *   providers: relevance under the duties, co-operation, accountability
 *   agreement contributions, section 5 reviews (3.4)
 *
 * Every write checks the policy table, then the module's own rules (an ERB
 * only in its own area, a provider only its own records, the recusal rule),
 * runs in one transaction with its audit entry, and changes nothing when
 * refused. Refusals name the rule and its section. Dates of events are the
 * context's "today" (sp_ctx_set_today) unless a field says otherwise.
 * Records in and out are JSON objects (borrowed in; new references out).
 */
#ifndef SP_LSIP_H
#define SP_LSIP_H

#include <jansson.h>
#include <stdint.h>

#include "base/sp.h"

/* ---- designation (section 4.1) ---- */

/*
 * Designates an ERB (dfe_admin). in: area_code, org_id (an organisation of
 * kind erb), effective_date, body_corporate, not_crown_servant,
 * not_sos_appointed, not_public_authority, capable, reasonably_representative
 * (all must be true), consent_date (not after the effective date),
 * consent_ref, terms. Refused when the area already has a designated body.
 * Publishes a designation notice. *id_out is the designation id.
 */
SP_MUST_USE enum sp_rc sp_lsip_designate(struct sp_ctx *ctx, const json_t *in, int64_t *id_out);

/* Modifies the terms and conditions of the area's live designation and
 * republishes its notice (dfe_admin). */
SP_MUST_USE enum sp_rc sp_lsip_modify_terms(struct sp_ctx *ctx, const char *area, const char *terms);

/* The removal reasons of section 4.1, as codes. */
#define SP_LSIP_REMOVAL_REASONS                                                                    \
  "no_longer_meets_requirements, no_longer_eligible, no_regard_or_breach_of_terms, "              \
  "necessary_or_expedient"

/*
 * Removes the live designation of `area` (dfe_admin) on removal_date (not
 * before the effective date) for one of SP_LSIP_REMOVAL_REASONS; text is
 * required for necessary_or_expedient. Publishes a removal notice. A removal
 * date after today is notified now and takes effect on that date (the body
 * may act until then; sp_lsip_sync_areas ends it). The area's plan stays
 * with the area for the next body.
 */
SP_MUST_USE enum sp_rc sp_lsip_remove(struct sp_ctx *ctx, const char *area, const char *reason,
                                      const char *text, int32_t removal_date);

/*
 * Housekeeping for any signed-in actor: ends designations whose notified
 * removal date has come, and the designations and plans of areas terminated
 * on or before today (areas.valid_to) on the termination date, with an
 * 'area_terminated' notice. Records stay readable. *ended is how many
 * designations it ended.
 */
SP_MUST_USE enum sp_rc sp_lsip_sync_areas(struct sp_ctx *ctx, int *ended);

/* Designations (history, newest first) of one area or of all (area NULL),
 * with body name, live flag and removal details. Public. */
SP_MUST_USE enum sp_rc sp_lsip_designations(struct sp_ctx *ctx, const char *area, json_t **out);

/* Published notices, newest first, of one area or all. Public. */
SP_MUST_USE enum sp_rc sp_lsip_notices(struct sp_ctx *ctx, const char *area, json_t **out);

/* ---- interests (section 4.2) ---- */

/* Sets the conflict of interest policy of the area's designated body (its ERB). */
SP_MUST_USE enum sp_rc sp_lsip_coi_policy_set(struct sp_ctx *ctx, const char *area,
                                              const char *policy);

/*
 * Adds an entry to the register of interests of the area's designated body
 * (its ERB). in: person_name, user_id (optional: the account of the person,
 * which the recusal rule uses), interest_org_id (optional) or
 * interest_org_name, nature, training_interests (optional).
 */
SP_MUST_USE enum sp_rc sp_lsip_interest_add(struct sp_ctx *ctx, const char *area, const json_t *in,
                                            int64_t *id_out);

/* Closes a register entry (its ERB) as of today. */
SP_MUST_USE enum sp_rc sp_lsip_interest_end(struct sp_ctx *ctx, int64_t id);

/* {policy, adopted_on, interests: [...]} of the area's live designation
 * (entries ended stay listed with ended_on). Public. */
SP_MUST_USE enum sp_rc sp_lsip_register(struct sp_ctx *ctx, const char *area, json_t **out);

/* ---- delivery, monitoring, intervention (sections 4.2.1, 4.3) ---- */

/* Files the delivery plan (its ERB). in: engagement, estimated_funding_pence
 * (integer >= 0). A returned plan may be filed again; an approved one not. */
SP_MUST_USE enum sp_rc sp_lsip_delivery_plan_submit(struct sp_ctx *ctx, const char *area,
                                                    const json_t *in, int64_t *id_out);

/* DfE approves (approve = 1) or returns (0, reasons required) the area's
 * latest submitted delivery plan. */
SP_MUST_USE enum sp_rc sp_lsip_delivery_plan_decide(struct sp_ctx *ctx, const char *area,
                                                    int approve, const char *reasons);

/* Files a progress report (its ERB). in: rag (red|amber|green), risks,
 * mitigations, body, period_start, period_end (default: since the last
 * report or designation, until today). Needs a designation. */
SP_MUST_USE enum sp_rc sp_lsip_progress_report(struct sp_ctx *ctx, const char *area,
                                               const json_t *in, int64_t *id_out);

/*
 * Records an intervention (dfe_admin) in escalation order: working, then
 * leadership, then funding (in: funding_after_pence), then removal (in:
 * removal_reason, removal_text; removes the designation). in: level, reason.
 */
SP_MUST_USE enum sp_rc sp_lsip_intervene(struct sp_ctx *ctx, const char *area, const json_t *in,
                                         int64_t *id_out);

/* {designation, delivery_plans, progress_reports, interventions} of the area's
 * latest designation. DfE and the designated body's ERB editors only. */
SP_MUST_USE enum sp_rc sp_lsip_monitoring(struct sp_ctx *ctx, const char *area, json_t **out);

/* ---- the plan (sections 5, 6) ---- */

/* Starts the area's first plan as a draft (its ERB). Refused when the area
 * already has a plan that has not ended; see sp_lsip_plan_replace. */
SP_MUST_USE enum sp_rc sp_lsip_plan_create(struct sp_ctx *ctx, const char *area, const char *title,
                                           int64_t *id_out);

/* Updates the plan's text fields (its ERB; draft, returned or under_review):
 * title, summary, net_zero, mca_engagement_stages, mca_engagement_how. */
SP_MUST_USE enum sp_rc sp_lsip_plan_update(struct sp_ctx *ctx, int64_t plan_id, const json_t *in);

/* Stage A need: title, description, employers [{name, org_id?, small_firm}]. */
SP_MUST_USE enum sp_rc sp_lsip_need_add(struct sp_ctx *ctx, int64_t plan_id, const json_t *in,
                                        int64_t *id_out);
/* Stage B priority: title, route_code, pathway_code, level_min, level_max,
 * outcome, skills_components, change_needed, retain_expand, providers [org id]. */
SP_MUST_USE enum sp_rc sp_lsip_priority_add(struct sp_ctx *ctx, int64_t plan_id, const json_t *in,
                                            int64_t *id_out);
/* Stage C action: title, owner_kind, owner_org_id, due_date, status, priority_id. */
SP_MUST_USE enum sp_rc sp_lsip_action_add(struct sp_ctx *ctx, int64_t plan_id, const json_t *in,
                                          int64_t *id_out);
/* Records progress on an action (its ERB; any state but replaced or ended,
 * delivery continuing after publication): planned, in_progress, done, dropped. */
SP_MUST_USE enum sp_rc sp_lsip_action_status(struct sp_ctx *ctx, int64_t action_id,
                                             const char *status);
/* Evidence source: title, source, why_robust. */
SP_MUST_USE enum sp_rc sp_lsip_evidence_add(struct sp_ctx *ctx, int64_t plan_id, const json_t *in,
                                            int64_t *id_out);

/* The MCA/GLA statement (mca_reviewer of an organisation working in the
 * area): engaged, had_opportunity (booleans), statement. */
SP_MUST_USE enum sp_rc sp_lsip_mca_statement(struct sp_ctx *ctx, int64_t plan_id, const json_t *in,
                                             int64_t *id_out);

/*
 * Moves the plan through its states (section 6.5, 6.6). action:
 *   submit   ERB: draft -> submitted, returned -> resubmitted, under_review -> submitted
 *   return   DfE: submitted|resubmitted -> returned (note: the feedback, required)
 *   approve  DfE: submitted|resubmitted -> approved
 *   publish  DfE: approved -> published
 *   review   ERB or DfE: published|updated -> under_review (the annual review)
 *   update   ERB: under_review -> updated (review done, plan kept current)
 * Each change is audited and kept in lsip_plan_transitions.
 */
/*
 * A check run before every submission, whatever the path (page, API, CLI):
 * the report's readiness gate (guidance section 6.5: refused while a
 * blocking finding stands). The report module sits above this one, so the
 * program installs it once at start-up (src/cli/main.c); NULL removes it.
 * Set it before any thread starts; it is read without a lock.
 */
typedef enum sp_rc (*sp_lsip_submit_check)(struct sp_ctx *ctx, int64_t plan_id);
void sp_lsip_set_submit_check(sp_lsip_submit_check fn);

SP_MUST_USE enum sp_rc sp_lsip_plan_transition(struct sp_ctx *ctx, int64_t plan_id,
                                               const char *action, const char *note);

/* Starts the replacement (ERB; section 6.6: plans run three years): a new
 * draft version that starts as a copy of the published plan's content. The
 * old plan becomes 'replaced' when the new one is published. */
SP_MUST_USE enum sp_rc sp_lsip_plan_replace(struct sp_ctx *ctx, const char *area, int64_t *id_out);

/*
 * A plan's state as read on a day (issue 13; docs/lsip.md "Plan states"): a
 * plan of an area terminated on or before that day reads 'ended' from the
 * termination date, whether or not sp_lsip_sync_areas has recorded it yet;
 * a plan already replaced or ended keeps its state. SQL for it, with `p`
 * the lsip_plans alias and `day` the placeholder bound to the day ("?2").
 */
#define SP_LSIP_STATE_ON_READ(p, day)                                                    \
  "(CASE WHEN " p ".state NOT IN ('replaced','ended') AND EXISTS (SELECT 1 FROM areas ea" \
  " WHERE ea.code = " p ".area_code AND ea.valid_to IS NOT NULL AND ea.valid_to <= " day  \
  ") THEN 'ended' ELSE " p ".state END)"

/*
 * The date a plan version is judged on (issue 13; section 3.5 asks about
 * cover "on the date the plan is submitted"): a version that has been
 * submitted for approval and is not back with the body (submitted,
 * resubmitted, approved, published, under_review, updated, replaced, or
 * ended after a submission) is judged as of its latest submission; a draft,
 * a returned version, or one that ended as a draft, as of today.
 */
SP_MUST_USE enum sp_rc sp_lsip_plan_judged_on(struct sp_ctx *ctx, int64_t plan_id, int32_t *out);

/* The plan with its needs, priorities, actions, evidence, MCA statements and
 * transitions. A plan never published is read only by those
 * sp_lsip_may_read_draft allows: others get SP_EFORBIDDEN (signed in) or
 * SP_ENOTFOUND (the public). Issue 10, finding 9; docs/security.md. */
SP_MUST_USE enum sp_rc sp_lsip_plan_get(struct sp_ctx *ctx, int64_t plan_id, json_t **out);
/* 1 when the actor may read the area's unpublished plans (plan.read_draft):
 * DfE; the ERB designated for the area; an MCA or GLA covering the area; a
 * provider decided relevant for the area. Leaves no error on the context. */
int sp_lsip_may_read_draft(struct sp_ctx *ctx, const char *area);
/* The id of the latest version of the area's plan the actor may read (the
 * latest, or the latest published); 0 when none. */
SP_MUST_USE enum sp_rc sp_lsip_plan_readable(struct sp_ctx *ctx, const char *area, int64_t *id);
/* The id of the area's current plan (latest version), 0 when none. */
SP_MUST_USE enum sp_rc sp_lsip_plan_current(struct sp_ctx *ctx, const char *area, int64_t *id);

/* ---- providers (section 3.4) ---- */

/*
 * Decides whether a provider is a relevant provider under the duties for an
 * area (dfe_admin, or the area's ERB; the recusal rule applies). in:
 * org_id, delivers_technical, publicly_funded, ofsted_inspected,
 * teaches_in_area (booleans). The decision and its reason follow from the
 * provider's kind (section 3.4 and footnotes 6, 7, 14). Replaces an earlier
 * decision for the same provider and area.
 */
SP_MUST_USE enum sp_rc sp_lsip_relevance_decide(struct sp_ctx *ctx, const char *area,
                                                const json_t *in, json_t **decision);
/* The decisions for an area. Public. */
SP_MUST_USE enum sp_rc sp_lsip_relevance_list(struct sp_ctx *ctx, const char *area, json_t **out);

/* A provider (provider_editor, own organisation) records co-operation with
 * the area's ERB: kind (meeting|response|evidence), detail, on_date. */
SP_MUST_USE enum sp_rc sp_lsip_cooperation_add(struct sp_ctx *ctx, const char *area,
                                               const json_t *in, int64_t *id_out);
/* A provider records which activity contributes to a priority of a
 * published plan (accountability agreement plan, section 3.4.2): activity. */
SP_MUST_USE enum sp_rc sp_lsip_contribution_add(struct sp_ctx *ctx, int64_t priority_id,
                                                const char *activity, int64_t *id_out);
/* A provider's section 5 review for an area: how_well, actions. */
SP_MUST_USE enum sp_rc sp_lsip_section5_add(struct sp_ctx *ctx, const char *area, const json_t *in,
                                            int64_t *id_out);
/* A provider's records (co-operation, contributions, section 5 reviews) for
 * an area. Read by DfE, the provider itself and the area's ERB
 * (provider.records_read); others get SP_EFORBIDDEN. */
SP_MUST_USE enum sp_rc sp_lsip_provider_records(struct sp_ctx *ctx, const char *area,
                                                int64_t org_id, json_t **out);

/* ---- the clock (see clock.h) and the board ---- */

/*
 * Due items of one area (area non-NULL) or of every area with a designation
 * history, as of a date: [{area_code, area_name, rule, title, source,
 * due_date, status, met_on, late}], ordered by area then date.
 */
SP_MUST_USE enum sp_rc sp_lsip_deadlines(struct sp_ctx *ctx, const char *area, int32_t as_of,
                                         json_t **out);

/*
 * DfE's board: every area in operation on as_of with its designated body,
 * plan state, next due item and worst status. sort: area|name|body|state|
 * next_due|status (NULL: area); filter on status and/or state (NULL: all).
 * For dfe_admin it first runs sp_lsip_sync_areas (terminated areas' records end).
 */
SP_MUST_USE enum sp_rc sp_lsip_board(struct sp_ctx *ctx, int32_t as_of, const char *sort,
                                     const char *status, const char *state, json_t **out);

/* Demo data: several areas at different stages as of the context's today
 * (which it restores); uses the ERB, provider and MCA organisations of the
 * foundation demo when present and creates what it misses. */
SP_MUST_USE enum sp_rc sp_demo_lsip(struct sp_ctx *ctx);

#endif
