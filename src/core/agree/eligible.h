/*
 * eligible.h: may this learner's qualification be funded under this
 * programme, starting on this date? The rules are data (table
 * eligibility_rules in migration 0300: order, wording, source); the engine in
 * eligible.c implements each rule code and answers with the rule that
 * decided, every rule's outcome, and the agreement that made it possible.
 */
#ifndef SP_ELIGIBLE_H
#define SP_ELIGIBLE_H

#include <jansson.h>
#include <stdint.h>

#include "base/sp.h"

struct sp_elig_request {
  const char *learner;       /* learner reference (learners.ref); required */
  const char *qualification; /* LARS learning aim reference; required */
  const char *programme;     /* funding_programmes.code; required */
  int32_t start;             /* start date; required */
  const char *provider;      /* org id or 8-digit UKPRN; NULL: not checked */
  int64_t employer_org_id;   /* 0: the learner's employer, if recorded */
  int64_t employer_size;     /* employees; -1: from the employer's size band, if any */
  int64_t agreement_id;      /* 0: any agreement in force */
};

/*
 * Decides a request. Unknown learner, qualification, programme, provider,
 * employer or agreement codes are refused with SP_EINVAL naming the field.
 * *out: {eligible, decided_by: {code, title, source}, agreement: {id, title}
 * or null, message, checks: [{code, title, source, outcome
 * ("pass"|"fail"|"not_applicable"), detail}], qualification: {code, title,
 * level, ssa}, learner_sector: {sector, from} (the employer's sector and
 * where it came from; null when not known or not reached)}.
 */
SP_MUST_USE enum sp_rc sp_eligible(struct sp_ctx *ctx, const struct sp_elig_request *req, json_t **out);

/* The rules table: [{code, ord, title, source}]. */
SP_MUST_USE enum sp_rc sp_eligibility_rules(struct sp_ctx *ctx, json_t **out);

#endif
