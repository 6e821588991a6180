/*
 * funding.h: money attached to agreements: provider contracts per programme,
 * allocations by agreement, provider and period (integer pence), delivery
 * and commitments recorded against them, reallocation of money from
 * agreements whose demand is below profile to those whose demand exceeds it
 * (000_7a3ba3d30b329542.txt Q12), duplication checks (001_9b32e24159a7efe3.txt
 * section 1: "avoid duplication of activity and funding"), and exports
 * (360Giving JSON and CSV; agreements as CSV and JSON).
 *
 * Writes need the "funding.edit" policy action (DfE, funders), run in one
 * transaction with their audit entries and change nothing when refused.
 */
#ifndef SP_FUNDING_H
#define SP_FUNDING_H

#include <jansson.h>
#include <stdint.h>

#include "base/sp.h"

/* The largest amount one record may carry: £10 trillion in pence. Keeps every
 * sum of amounts well inside int64_t. */
#define SP_FUNDING_MAX_PENCE INT64_C(1000000000000000)

/* A contract: {provider_org_id, programme, funder_org_id?, valid_from, valid_to?}. */
SP_MUST_USE enum sp_rc sp_funding_add_contract(struct sp_ctx *ctx, const json_t *in, int64_t *id_out);

/*
 * An allocation: {agreement_id, provider_org_id, funder_org_id?, programme,
 * area_code?, period_start, period_end, amount_pence, awarded_on?}. Refuses
 * negative amounts, a period outside the agreement's term, and a provider
 * without the programme's contract on period_start (000 Q10).
 */
SP_MUST_USE enum sp_rc sp_funding_allocate(struct sp_ctx *ctx, const json_t *in, int64_t *id_out);

/*
 * Delivery or commitment against an allocation: {allocation_id, kind
 * ("delivered" | "committed"), on_date, amount_pence, learner_ref?,
 * qual_code?}. Refuses negative amounts and spend beyond the allocation.
 */
SP_MUST_USE enum sp_rc sp_funding_record_spend(struct sp_ctx *ctx, const json_t *in, int64_t *id_out);

/* ---- reallocation, the pure part ---------------------------------------- */

struct sp_realloc_item {
  int64_t id;        /* agreement id; unique */
  int64_t allocated; /* pence allocated, live on the review date */
  int64_t used;      /* pence delivered or committed by then (demand) */
  int64_t profile;   /* pence the profile expected by then */
};

struct sp_realloc_move {
  int64_t from, to, amount;
};

/*
 * Plans moves at a review date. Donors: used < profile; each may release
 * min(profile - used, allocated - used), never committed or delivered money.
 * Recipients: used > profile, with excess demand used - profile. The total
 * moved is min(releasable, excess). Donors give in proportion to what they
 * may release, recipients receive in proportion to excess demand, each share
 * rounded by largest remainder with ties to the lower id; donors are matched
 * to recipients in id order. The result depends only on the set of items,
 * not their order. `moves` must hold n entries (matching in id order makes at
 * most donors + recipients - 1 moves). gives/receives (n entries each, may be NULL)
 * receive each item's total change in the input's order. Returns the number
 * of moves, or -1 for bad input (duplicate ids, negative amounts,
 * used > allocated).
 */
int sp_realloc_plan(const struct sp_realloc_item *items, int n, struct sp_realloc_move *moves,
                    int64_t *gives, int64_t *receives);

/*
 * Splits total into n shares in proportion to weights (all >= 0, summing to
 * more than 0), by largest remainder, ties to the lower key; writes out[].
 * Shares sum to total exactly. Returns 0, or -1 for bad input.
 */
int sp_realloc_shares(const int64_t *weights, const int64_t *keys, int n, int64_t total, int64_t *out);

/*
 * Reallocates at as_of across allocations live on that date (period_start
 * <= as_of <= period_end). profile of an allocation = amount x days elapsed
 * (inclusive) / days in its period, rounded down; demand = delivered +
 * committed on or before as_of. With dry_run nothing is written. *out:
 * {as_of, dry_run, run_id, total_before_pence, total_after_pence,
 *  moved_pence, agreements: [{id, title, allocated_pence, used_pence,
 *  profile_pence, position, change_pence}], moves: [{from_agreement_id,
 *  from_title, to_agreement_id, to_title, amount_pence, reason}]}.
 */
SP_MUST_USE enum sp_rc sp_funding_reallocate(struct sp_ctx *ctx, int32_t as_of, int dry_run, json_t **out);

/*
 * Moves amount_pence from one agreement's uncommitted allocation to
 * another's at as_of, with a reason. Refuses a negative or zero amount and
 * any amount above the uncommitted money (allocated less delivered and
 * committed) of the donor's live allocations.
 */
SP_MUST_USE enum sp_rc sp_funding_move(struct sp_ctx *ctx, int64_t from, int64_t to, int64_t amount_pence,
                                       const char *reason, int32_t as_of);

/* [{id, agreement_id, agreement_title, provider, programme, period_start,
 * period_end, original_pence, amount_pence, delivered_pence,
 * committed_pence}] by agreement, provider; agreement_id 0 for all. */
SP_MUST_USE enum sp_rc sp_funding_allocations(struct sp_ctx *ctx, int64_t agreement_id, json_t **out);

/* Recorded moves, newest first: [{id, run_id, as_of, from_agreement_id,
 * to_agreement_id, amount_pence, reason}]; agreement_id 0 for all. */
SP_MUST_USE enum sp_rc sp_funding_moves(struct sp_ctx *ctx, int64_t agreement_id, json_t **out);

/*
 * Duplication (001 section 1): {funding: [{learner_ref, qual_code, a: spend
 * record, b: spend record}] where the same learner and qualification are
 * funded in overlapping periods through two agreements or programmes;
 * actions: [{title, a: action, b: action}] where two alliances plan the same
 * action (titles equal ignoring case, spacing and punctuation)}.
 */
SP_MUST_USE enum sp_rc sp_funding_duplicates(struct sp_ctx *ctx, json_t **out);

/*
 * Exports. format "360giving-json" | "360giving-csv" writes allocations as
 * 360Giving grants (id, title, description, currency GBP, amountAwarded in
 * pounds, awardDate, recipientOrganization, fundingOrganization,
 * beneficiaryLocation with ONS area codes); "agreements-json" |
 * "agreements-csv" writes the published agreements (all, for editors).
 * *out is a new NUL-terminated string the caller frees with sp_free.
 */
SP_MUST_USE enum sp_rc sp_funding_export(struct sp_ctx *ctx, const char *format, char **out);

#endif
