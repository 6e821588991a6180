/*
 * agree.h: agreements on one model: sector compacts (000_7a3ba3d30b329542.txt),
 * local compacts (003_74d2a3b73f9382d8.txt), sector skills and productivity
 * alliances (001_9b32e24159a7efe3.txt) and Skills Pledges (000 Q12). Each has
 * parties in roles, a term, aims, flexibilities, target volumes by period and
 * measure, an eligible qualification list, signatories against a target, an
 * action plan with progress rolled up from sub-actions, reviews on its
 * kind's cadence, and an annual report assembled from the records.
 *
 * Records travel as JSON (snake_case). An agreement as read:
 *   {id, kind, kind_name, title, sector, area_code, term_start, term_end,
 *    state, employees_covered, source, aims: [text],
 *    parties: [{org_id, org_name, org_kind, role, role_name, core}],
 *    flexibilities: [{id, kind, name, conditions, period_start, period_end, source}],
 *    targets: [{id, measure, measure_name, unit, period_start, period_end, volume, achieved}],
 *    qualifications: [{code, title, level, ssa, valid_from, valid_to}],
 *    signatories: {items: [{org_id, name, kind, signed_on}], signed, target_kind,
 *                  target_count, target_date, status},
 *    actions: [{id, title, owner_org_id, owner_name, due_date, status, progress,
 *               overdue, sub_actions: [...]}],
 *    reviews: [{due, formal, status, held_on, notes}]}
 *
 * Who may do what (docs/security.md; issue 10, finding 2): funders and DfE
 * create agreements ("agreement.create"); the creator's organisation owns
 * the agreement, with any party in a funding role (funding_agency,
 * funding_body). DfE and the owner add parties, targets, flexibilities,
 * qualifications, actions and reviews; DfE and an owning funder publish
 * ("agreement.publish"); a provider signs up only for itself and only to a
 * published agreement, and the owner
 * or DfE record any provider's signature ("agreement.sign"); any party also
 * records progress on the action plan. Drafts are read by funders, DfE and
 * parties; the public reads published agreements.
 * Every write runs in one transaction with its audit entry and changes nothing
 * when refused; refusals name the field and the rule with its source.
 */
#ifndef SP_AGREE_H
#define SP_AGREE_H

#include <jansson.h>
#include <stdint.h>

#include "base/sp.h"

/*
 * Creates an agreement (state draft) from `in` (borrowed):
 *   {kind, title, sector?, area_code?, term_start, term_end?, employees_covered?,
 *    signatory_target_kind?, signatory_target_date?, source?, aims?: [text],
 *    parties?: [{org_id, role}], flexibilities?: [{kind, conditions?, period_start,
 *    period_end}], targets?: [{measure, period_start, period_end, volume, achieved?}],
 *    qualifications?: [code]}
 * Refuses: a sector compact's term over three years (000 Q1, Q3), a role the
 * kind does not have, flexibility or target periods outside the term,
 * negative volumes, unknown qualification codes. *id_out is the new id.
 */
SP_MUST_USE enum sp_rc sp_agreement_create(struct sp_ctx *ctx, const json_t *in, int64_t *id_out);

/* One agreement as above, reviews and overdue flags as of `as_of`.
 * SP_ENOTFOUND for a missing agreement or a draft the actor may not read. */
SP_MUST_USE enum sp_rc sp_agreement_get(struct sp_ctx *ctx, int64_t id, int32_t as_of,
                                        json_t **out);

/* [{id, kind, kind_name, title, sector, term_start, term_end, state, parties}]
 * sorted by kind then title; kind may be NULL for all. Drafts only for
 * actors who may read them. */
SP_MUST_USE enum sp_rc sp_agreement_list(struct sp_ctx *ctx, const char *kind, json_t **out);

/*
 * The model's vocabulary, for forms and clients: {kinds: [{code, name,
 * max_term_months, first_review_months, cadence_months, source, roles:
 * [{code, name, core, source}]}], flexibility_kinds: [{code, name, source}],
 * measures: [{code, name, unit, source}], programmes: [{code, name, source}]}.
 */
SP_MUST_USE enum sp_rc sp_agreement_vocabulary(struct sp_ctx *ctx, json_t **out);

/* 1 when the context's actor may change agreement id (editors, or a party);
 * leaves no error on the context. */
int sp_agreement_may_edit(struct sp_ctx *ctx, int64_t id);

/* 1 when the actor may publish agreement id (DfE, or an owning funder);
 * 1 when it may record signatories (DfE, an owning funder, or a provider
 * for itself). Leave no error on the context; for showing forms. */
int sp_agreement_may_publish(struct sp_ctx *ctx, int64_t id);
int sp_agreement_may_sign(struct sp_ctx *ctx, int64_t id);

/* Publishes a draft. Refused unless every core role of its kind is filled
 * (000 Q1; 001 section 1; 003; 000 Q12). */
SP_MUST_USE enum sp_rc sp_agreement_publish(struct sp_ctx *ctx, int64_t id);

/* Adds a party in a role of the agreement's kind. */
SP_MUST_USE enum sp_rc sp_agreement_add_party(struct sp_ctx *ctx, int64_t id, int64_t org_id,
                                              const char *role);

/* Adds a target volume {measure, period_start, period_end, volume, achieved?};
 * refused outside the term or negative. */
SP_MUST_USE enum sp_rc sp_agreement_add_target(struct sp_ctx *ctx, int64_t id, const json_t *in);

/* Adds a flexibility {kind, conditions?, period_start?, period_end?} (the
 * period defaults to the term and must lie inside it). */
SP_MUST_USE enum sp_rc sp_agreement_add_flexibility(struct sp_ctx *ctx, int64_t id, const json_t *in);

/* Puts a qualification on the agreement's eligible list: {code, valid_from?,
 * valid_to?}; the code must be a known qualification (000 Q8, Q13). */
SP_MUST_USE enum sp_rc sp_agreement_add_qualification(struct sp_ctx *ctx, int64_t id, const json_t *in);

/* Records a signatory. Refused unless the organisation is a provider: a
 * provider kind or the holder of a funding contract on that date
 * (003 "Looking for success": funded providers sign up). DfE and the
 * agreement's owner record any; a provider_editor only its own
 * organisation, once the agreement is published (SP_ESTATE before). */
SP_MUST_USE enum sp_rc sp_agreement_sign(struct sp_ctx *ctx, int64_t id, int64_t org_id,
                                         int32_t signed_on);

/* Adds an action {title, owner_org_id?, due_date?, status?, progress?,
 * parent_id?} to the action plan; *action_id is the new id. */
SP_MUST_USE enum sp_rc sp_agreement_add_action(struct sp_ctx *ctx, int64_t id, const json_t *in,
                                               int64_t *action_id);

/* Sets an action's status and progress (0-100; "done" sets 100). */
SP_MUST_USE enum sp_rc sp_agreement_update_action(struct sp_ctx *ctx, int64_t action_id,
                                                  const char *status, int progress);

/*
 * Records a review held on held_on. scheduled_for is the due date it answers
 * (SP_DATE_NONE: the earliest scheduled review not yet met). Refused when
 * the kind has no review cadence, or the date matches no scheduled review.
 */
SP_MUST_USE enum sp_rc sp_agreement_record_review(struct sp_ctx *ctx, int64_t id,
                                                  int32_t scheduled_for, int32_t held_on,
                                                  const char *notes);

/*
 * The annual report for year `year` (1 = the first twelve months of the
 * term), assembled from the records: {agreement, year, period_start,
 * period_end, targets, signatories, reviews, actions, funding (null unless the
 * actor may edit funding)}
 * (003 "Shared aims": a brief report each year; 000 Q3 formal reviews).
 */
SP_MUST_USE enum sp_rc sp_agreement_report(struct sp_ctx *ctx, int64_t id, int year, json_t **out);

/* The review clock, a pure function. */
enum sp_review_status {
  SP_REVIEW_UPCOMING = 0, /* more than SP_REVIEW_DUE_WINDOW days away */
  SP_REVIEW_DUE,          /* due within the window, or today */
  SP_REVIEW_OVERDUE,      /* past due and not held */
  SP_REVIEW_MET           /* held */
};
#define SP_REVIEW_DUE_WINDOW 28

/* "upcoming", "due", "overdue", "met". */
const char *sp_review_status_name(enum sp_review_status s);

/* Status of a review due on `due`, held on held_on (SP_DATE_NONE if not),
 * as of as_of. */
enum sp_review_status sp_review_status_at(int32_t due, int32_t held_on, int32_t as_of);

/*
 * Writes into due[] (up to max) the scheduled review dates from term_start:
 * the first after first_months, then every cadence_months, up to term_end
 * (inclusive) or, when term_end is SP_DATE_NONE, up to horizon. formal[i] is
 * 1 for every formal_every-th review (0: none formal). Returns the count.
 */
int sp_review_schedule(int32_t term_start, int32_t term_end, int32_t horizon, int first_months,
                       int cadence_months, int formal_every, int32_t *due, int *formal, int max);

/*
 * Adds or replaces a qualification (LARS learning aim) the eligibility rules
 * and compact lists refer to: {code, title, level ("E", "1".."8"), ssa?,
 * valid_from, valid_to?}. Needs agreement.edit (DfE, funders).
 */
SP_MUST_USE enum sp_rc sp_qualification_put(struct sp_ctx *ctx, const json_t *in);

/*
 * Records a learner and what they already hold, for the eligibility rules:
 * {ref, employer_org_id?, achievements?: [{level, qual_code?, achieved_on}]}.
 * Achievements are added to any already recorded. Needs funding.edit.
 */
SP_MUST_USE enum sp_rc sp_learner_put(struct sp_ctx *ctx, const json_t *in);

/*
 * Records an employer's sector, from which the eligibility rules take the
 * sector of its learners when it is no sector compact's covered employer
 * (000 Q6; issue 13): {org_id, sector, source?}. The sector is matched to a
 * compact's sector ignoring case and surrounding spaces. Needs funding.edit.
 */
SP_MUST_USE enum sp_rc sp_employer_sector_put(struct sp_ctx *ctx, const json_t *in);

#endif
