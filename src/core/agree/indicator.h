/*
 * indicator.h: indicators: a measure with its unit, a baseline, targets
 * (value, due date, target or aspiration, source) and measured values
 * (value, date, source), as public bodies report against them
 * (002_ff544af7dd4315b9.txt: figures against targets and aspirations).
 *
 * For each target the module shows progress (latest measured value over the
 * target), the date the linear trend reaches the target, and a status
 * (on_track, at_risk, met, missed), defined in indicator.c.
 *
 * Indicator JSON as read:
 *   {id, code, name, unit, agreement_id, baseline_value, baseline_date, source,
 *    values: [{value, on_date, source}],
 *    targets: [{value, due_date, kind, source, progress, latest_value,
 *               latest_date, trend_reaches_on, status, reason}]}
 */
#ifndef SP_INDICATOR_H
#define SP_INDICATOR_H

#include <jansson.h>
#include <stdint.h>

#include "base/sp.h"

enum sp_ind_status {
  SP_IND_ON_TRACK = 0,
  SP_IND_AT_RISK,
  SP_IND_MET,
  SP_IND_MISSED
};

/* "on_track", "at_risk", "met", "missed". */
const char *sp_ind_status_name(enum sp_ind_status s);

struct sp_ind_point {
  int32_t day;
  double value;
};

struct sp_ind_assessment {
  enum sp_ind_status status;
  double progress;         /* latest / target; NAN when no value or target 0 */
  double latest;           /* latest value on or before as_of; NAN when none */
  int32_t latest_day;      /* SP_DATE_NONE when none */
  int32_t reaches_on;      /* the day the trend reaches the target; SP_DATE_NONE: never/unknown */
  const char *reason;      /* a constant sentence explaining the status */
};

/*
 * Assesses one target (value `target` due on `due`) against points
 * (borrowed, any order, n >= 0; include the baseline as a point if there is
 * one) as of `as_of`. Pure: no store, no allocation.
 */
void sp_indicator_assess(const struct sp_ind_point *pts, int n, double target, int32_t due,
                         int32_t as_of, struct sp_ind_assessment *out);

/*
 * Creates an indicator from `in` (borrowed): {code, name, unit, source,
 * agreement_id?, baseline_value?, baseline_date?, targets?: [{value, due_date,
 * kind, source}], values?: [{value, on_date, source, basis?}]}. Needs agreement.edit
 * (DfE, funders) or party rights on agreement_id. *id_out is the new id.
 */
SP_MUST_USE enum sp_rc sp_indicator_create(struct sp_ctx *ctx, const json_t *in, int64_t *id_out);

/* Records a measured value for the indicator `code` (basis body). */
SP_MUST_USE enum sp_rc sp_indicator_add_value(struct sp_ctx *ctx, const char *code, double value,
                                              int32_t on_date, const char *source);
/*
 * The same with its basis: "body" (NULL: the figure where the source
 * reports it in full) or "summary" (a restatement in a summary or headline).
 * A date holds at most one value of each basis; on a date with both the
 * status uses the body figure (indicator.c; issue 13).
 */
SP_MUST_USE enum sp_rc sp_indicator_add_value_as(struct sp_ctx *ctx, const char *code, double value,
                                                 int32_t on_date, const char *source, const char *basis);

/* One indicator (by code) assessed as of as_of; SP_ENOTFOUND when unknown. */
SP_MUST_USE enum sp_rc sp_indicator_get(struct sp_ctx *ctx, const char *code, int32_t as_of,
                                        json_t **out);

/* Every indicator, assessed as of as_of, sorted by code. */
SP_MUST_USE enum sp_rc sp_indicator_list(struct sp_ctx *ctx, int32_t as_of, json_t **out);

#endif
