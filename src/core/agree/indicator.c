/*
 * indicator.c: indicators with targets and measured values (see
 * indicator.h), and the assessment of each target.
 *
 * Definitions (targets are "at least" targets: higher is better, as every
 * figure in 002_ff544af7dd4315b9.txt is):
 *  - latest: the measured value with the latest date on or before as_of.
 *  - progress: latest / target (1.0 = the target reached).
 *  - trend: the least-squares straight line through the points (baseline
 *    and measured values on or before as_of; dates in days). It needs two
 *    points on different dates. trend_reaches_on is the first day on which
 *    the line reaches the target: the date the latest value reached it if it
 *    already has, otherwise where the rising line crosses it; none when the
 *    line is flat or falling.
 *  - status, in this order:
 *      met      a value dated on or before the due date (and on or before
 *               as_of) is at or above the target;
 *      missed   as_of is after the due date and no such value exists;
 *      on_track not yet due, and the trend reaches the target on or before
 *               the due date;
 *      at_risk  not yet due, and the trend reaches the target after the due
 *               date, never, or cannot be drawn (fewer than two points).
 *
 * Two sources on one date (issue 13; migration 0502): a value's basis is
 * 'body' (the figure where the source reports it in full: a numbered
 * paragraph, a table) or 'summary' (a restatement in a summary or headline,
 * often rounded: "nearly 7.5 million"). On a date with both, the points
 * above use the body figure, the most specific statement; every value is
 * listed with `used` and `why`.
 */
#include <math.h>
#include <string.h>

#include "agree_int.h"
#include "core/audit.h"
#include "base/date.h"
#include "base/record.h"
#include "core/policy.h"
#include "indicator.h"

const char *sp_ind_status_name(enum sp_ind_status s) {
  switch (s) {
  case SP_IND_ON_TRACK:
    return "on_track";
  case SP_IND_AT_RISK:
    return "at_risk";
  case SP_IND_MET:
    return "met";
  case SP_IND_MISSED:
    return "missed";
  }
  return "unknown";
}

void sp_indicator_assess(const struct sp_ind_point *pts, int n, double target, int32_t due,
                         int32_t as_of, struct sp_ind_assessment *out) {
  out->latest = NAN;
  out->latest_day = SP_DATE_NONE;
  out->progress = NAN;
  out->reaches_on = SP_DATE_NONE;
  int met_by_due = 0;
  int32_t first_reach = SP_DATE_NONE;
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  int m = 0;
  int32_t x0 = as_of; /* centre x near the data to keep the sums well conditioned */
  for (int i = 0; i < n; i++) {
    if (pts[i].day > as_of)
      continue;
    if (out->latest_day == SP_DATE_NONE || pts[i].day > out->latest_day) {
      out->latest_day = pts[i].day;
      out->latest = pts[i].value;
    }
    if (pts[i].value >= target) {
      if (pts[i].day <= due)
        met_by_due = 1;
      if (first_reach == SP_DATE_NONE || pts[i].day < first_reach)
        first_reach = pts[i].day;
    }
    double x = (double)(pts[i].day - x0);
    sx += x;
    sy += pts[i].value;
    sxx += x * x;
    sxy += x * pts[i].value;
    m++;
  }
  if (!isnan(out->latest) && target != 0)
    out->progress = out->latest / target;
  double denom = m * sxx - sx * sx;
  int have_trend = m >= 2 && denom > 0;
  if (first_reach != SP_DATE_NONE && out->latest >= target) {
    out->reaches_on = first_reach;
  } else if (have_trend) {
    double slope = (m * sxy - sx * sy) / denom;
    double icpt = (sy - slope * sx) / m;
    if (slope > 0) {
      double x = (target - icpt) / slope;
      double day = ceil(x) + x0;
      if (day < as_of)
        day = as_of;
      if (day < 2958465.0) /* stay within year 9999 */
        out->reaches_on = (int32_t)day;
    }
  }
  if (met_by_due) {
    out->status = SP_IND_MET;
    out->reason = "a measured value on or before the due date reached the target";
  } else if (as_of > due) {
    out->status = SP_IND_MISSED;
    out->reason = "the due date has passed without a measured value reaching the target";
  } else if (!have_trend) {
    out->status = SP_IND_AT_RISK;
    out->reason = "fewer than two dated points: no trend can show the target will be reached";
  } else if (out->reaches_on != SP_DATE_NONE && out->reaches_on <= due) {
    out->status = SP_IND_ON_TRACK;
    out->reason = "the linear trend reaches the target on or before the due date";
  } else {
    out->status = SP_IND_AT_RISK;
    out->reason = "the linear trend reaches the target after the due date, or never";
  }
}

/* ---- store --------------------------------------------------------------- */

static enum sp_rc check_edit(struct sp_ctx *ctx, int64_t agreement_id) {
  if (agreement_id)
    return sp__agree_may_edit(ctx, agreement_id);
  return sp_policy_check(ctx, SP_ACT_AGREEMENT_EDIT);
}

static enum sp_rc insert_value(struct sp_ctx *ctx, int64_t ind, const json_t *v, const char *prefix) {
  static const char *const keys[] = {"value", "on_date", "source", "basis", NULL};
  double value = 0;
  int32_t on = SP_DATE_NONE;
  const char *source = NULL, *basis = NULL;
  enum sp_rc rc;
  if (!json_is_object(v))
    return sp_ctx_fail(ctx, SP_EINVAL, prefix, "%s must be an object", prefix);
  if ((rc = sp__agree_known_keys(ctx, v, prefix, keys)) != SP_OK ||
      (rc = sp__agree_num(ctx, v, prefix, "value", 1, &value)) != SP_OK ||
      (rc = sp__agree_date(ctx, v, prefix, "on_date", 1, &on)) != SP_OK ||
      (rc = sp__agree_str(ctx, v, prefix, "source", 1, 1000, &source)) != SP_OK ||
      (rc = sp__agree_str(ctx, v, prefix, "basis", 0, 20, &basis)) != SP_OK)
    return rc;
  if (value < 0)
    return sp_ctx_fail(ctx, SP_EINVAL, "value", "%svalue must not be negative", prefix);
  if (!basis || !*basis)
    basis = "body";
  if (strcmp(basis, "body") != 0 && strcmp(basis, "summary") != 0)
    return sp_ctx_fail(ctx, SP_EINVAL, "basis",
                       "%sbasis must be body (the figure where the source reports it in full) or "
                       "summary (a restatement in a summary or headline)",
                       prefix);
  rc = sp__agree_exec(ctx, NULL,
                      "INSERT INTO indicator_values(indicator_id, value, on_date, source, basis) VALUES (?,?,?,?,?)",
                      "ifdss", ind, value, on, source, basis);
  if (rc == SP_ECONFLICT)
    rc = sp_ctx_fail(ctx, SP_ECONFLICT, "on_date",
                     "%sa %s figure is already recorded on that date: a second source for the date is "
                     "recorded with the other basis (body or summary), and the body figure is used",
                     prefix, basis);
  return rc;
}

static enum sp_rc insert_target(struct sp_ctx *ctx, int64_t ind, const json_t *v, const char *prefix) {
  static const char *const keys[] = {"value", "due_date", "kind", "source", NULL};
  double value = 0;
  int32_t due = SP_DATE_NONE;
  const char *source = NULL, *kind = "target";
  enum sp_rc rc;
  if (!json_is_object(v))
    return sp_ctx_fail(ctx, SP_EINVAL, prefix, "%s must be an object", prefix);
  if ((rc = sp__agree_known_keys(ctx, v, prefix, keys)) != SP_OK ||
      (rc = sp__agree_num(ctx, v, prefix, "value", 1, &value)) != SP_OK ||
      (rc = sp__agree_date(ctx, v, prefix, "due_date", 1, &due)) != SP_OK ||
      (rc = sp__agree_str(ctx, v, prefix, "kind", 0, 20, &kind)) != SP_OK ||
      (rc = sp__agree_str(ctx, v, prefix, "source", 1, 1000, &source)) != SP_OK)
    return rc;
  if (value < 0)
    return sp_ctx_fail(ctx, SP_EINVAL, "value", "%svalue must not be negative", prefix);
  if (strcmp(kind, "target") != 0 && strcmp(kind, "aspiration") != 0)
    return sp_ctx_fail(ctx, SP_EINVAL, "kind",
                       "%skind must be target or aspiration (002_ff544af7dd4315b9.txt reports "
                       "figures against targets and aspirations)",
                       prefix);
  return sp__agree_exec(ctx, NULL,
                        "INSERT INTO indicator_targets(indicator_id, value, due_date, kind, source) VALUES (?,?,?,?,?)",
                        "ifdss", ind, value, due, kind, source);
}

struct create_arg {
  const json_t *in;
  int64_t id;
};

static enum sp_rc create_tx(struct sp_ctx *ctx, void *arg) {
  struct create_arg *a = arg;
  static const char *const keys[] = {"code", "name", "unit", "source", "agreement_id", "baseline_value",
                                     "baseline_date", "targets", "values", NULL};
  const char *code = NULL, *name = NULL, *unit = NULL, *source = NULL;
  int64_t agreement = 0;
  double baseline = NAN;
  int32_t bdate = SP_DATE_NONE;
  enum sp_rc rc;
  if (!json_is_object(a->in))
    return sp_ctx_fail(ctx, SP_EINVAL, NULL, "an indicator must be a JSON object");
  if ((rc = sp__agree_known_keys(ctx, a->in, "", keys)) != SP_OK ||
      (rc = sp__agree_str(ctx, a->in, "", "code", 1, 60, &code)) != SP_OK ||
      (rc = sp__agree_str(ctx, a->in, "", "name", 1, 300, &name)) != SP_OK ||
      (rc = sp__agree_str(ctx, a->in, "", "unit", 1, 60, &unit)) != SP_OK ||
      (rc = sp__agree_str(ctx, a->in, "", "source", 1, 1000, &source)) != SP_OK ||
      (rc = sp__agree_int(ctx, a->in, "", "agreement_id", 0, &agreement)) != SP_OK ||
      (rc = sp__agree_num(ctx, a->in, "", "baseline_value", 0, &baseline)) != SP_OK ||
      (rc = sp__agree_date(ctx, a->in, "", "baseline_date", !isnan(baseline), &bdate)) != SP_OK)
    return rc;
  if ((rc = check_edit(ctx, agreement)) != SP_OK)
    return rc;
  if (!isnan(baseline) && baseline < 0)
    return sp_ctx_fail(ctx, SP_EINVAL, "baseline_value", "baseline_value must not be negative");
  rc = sp__agree_exec(ctx, &a->id, "INSERT INTO indicators(code, name, unit, agreement_id, baseline_date, source)"
                                   " VALUES (?,?,?,?,?,?)",
                      "sssIds", code, name, unit, agreement, bdate, source);
  if (rc == SP_ECONFLICT)
    return sp_ctx_fail(ctx, SP_ECONFLICT, "code", "an indicator with code '%s' already exists", code);
  if (rc != SP_OK)
    return rc;
  if (!isnan(baseline) &&
      (rc = sp__agree_exec(ctx, NULL, "UPDATE indicators SET baseline_value=? WHERE id=?", "fi", baseline, a->id)) !=
          SP_OK)
    return rc;
  char field[48];
  size_t i;
  json_t *v;
  json_array_foreach(json_object_get(a->in, "targets"), i, v) {
    snprintf(field, sizeof(field), "targets[%zu].", i);
    if ((rc = insert_target(ctx, a->id, v, field)) != SP_OK)
      return rc;
  }
  json_array_foreach(json_object_get(a->in, "values"), i, v) {
    snprintf(field, sizeof(field), "values[%zu].", i);
    if ((rc = insert_value(ctx, a->id, v, field)) != SP_OK)
      return rc;
  }
  return sp_audit_append(ctx, "create", "indicator", code, NULL, a->in);
}

enum sp_rc sp_indicator_create(struct sp_ctx *ctx, const json_t *in, int64_t *id_out) {
  struct create_arg a = {in, 0};
  enum sp_rc rc = sp__agree_tx(ctx, create_tx, &a);
  if (rc == SP_OK && id_out)
    *id_out = a.id;
  return rc;
}

struct value_arg {
  const char *code;
  json_t *v;
};

static enum sp_rc value_tx(struct sp_ctx *ctx, void *arg) {
  struct value_arg *a = arg;
  json_t *row = NULL;
  char msg[128];
  snprintf(msg, sizeof(msg), "there is no indicator '%.80s'", a->code);
  enum sp_rc rc = sp__agree_row(ctx, &row, msg, "SELECT id, coalesce(agreement_id,0) AS agreement_id FROM indicators"
                                                " WHERE code=?",
                                "s", a->code);
  if (rc != SP_OK)
    return rc;
  if ((rc = check_edit(ctx, sp__agree_jint(row, "agreement_id"))) == SP_OK &&
      (rc = insert_value(ctx, sp__agree_jint(row, "id"), a->v, "")) == SP_OK)
    rc = sp_audit_append(ctx, "add_value", "indicator", a->code, NULL, a->v);
  json_decref(row);
  return rc;
}

enum sp_rc sp_indicator_add_value(struct sp_ctx *ctx, const char *code, double value, int32_t on_date,
                                  const char *source) {
  return sp_indicator_add_value_as(ctx, code, value, on_date, source, NULL);
}

enum sp_rc sp_indicator_add_value_as(struct sp_ctx *ctx, const char *code, double value, int32_t on_date,
                                     const char *source, const char *basis) {
  char d[SP_DATE_BUFSZ];
  if (on_date == SP_DATE_NONE)
    return sp_ctx_fail(ctx, SP_EINVAL, "on_date", "on_date is required");
  if (!isfinite(value) || fabs(value) > SP_AGREE_NUM_MAX)
    return sp_ctx_fail(ctx, SP_EINVAL, "value",
                       "value must be a number between -1,000,000,000,000,000 and "
                       "1,000,000,000,000,000 (1e15); %g is out of range",
                       value);
  struct value_arg a = {code ? code : "",
                        json_pack("{s:f, s:s, s:s?, s:s?}", "value", value, "on_date", sp_date_format(on_date, d),
                                  "source", source, "basis", basis)};
  if (!a.v)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  enum sp_rc rc = sp__agree_tx(ctx, value_tx, &a);
  json_decref(a.v);
  return rc;
}

static json_t *num_or_null(double v) {
  return isnan(v) ? json_null() : json_real(v);
}

static enum sp_rc assess_one(struct sp_ctx *ctx, json_t *ind, int32_t as_of) {
  int64_t id = sp__agree_jint(ind, "id");
  json_t *values = NULL, *targets = NULL;
  enum sp_rc rc = sp__agree_rows(ctx, &values, "SELECT value, on_date, source, basis FROM indicator_values"
                                               " WHERE indicator_id=? ORDER BY on_date,"
                                               " CASE basis WHEN 'body' THEN 0 ELSE 1 END, id",
                                 "i", id);
  if (rc != SP_OK)
    return rc;
  rc = sp__agree_rows(ctx, &targets, "SELECT value, due_date, kind, source FROM indicator_targets"
                                     " WHERE indicator_id=? ORDER BY due_date, id",
                      "i", id);
  if (rc != SP_OK) {
    json_decref(values);
    return rc;
  }
  struct sp_ind_point pts[256];
  int m = 0;
  json_t *bv = json_object_get(ind, "baseline_value");
  if (json_is_number(bv) && sp__agree_jdate(ind, "baseline_date") != SP_DATE_NONE)
    pts[m++] = (struct sp_ind_point){sp__agree_jdate(ind, "baseline_date"), json_number_value(bv)};
  size_t i;
  json_t *v;
  /* one point per date: the first of its date in body-then-summary order */
  const char *prev = NULL;
  json_array_foreach(values, i, v) {
    const char *on = sp_rec_str(v, "on_date", "");
    int first = !prev || strcmp(prev, on) != 0;
    const json_t *next = json_array_get(values, i + 1);
    int shared = !first || (next && strcmp(sp_rec_str(next, "on_date", ""), on) == 0);
    prev = on;
    json_object_set_new(v, "used", json_boolean(first));
    json_object_set_new(
        v, "why",
        json_string(!shared ? "the only figure for its date"
                    : first ? "two sources give this date: the body text's figure is used over a summary's "
                              "(the most specific statement; docs/agreements.md)"
                            : "a summary's figure for a date the body text also gives: the body figure is "
                              "used (docs/agreements.md)"));
    if (!first || m >= 256)
      continue;
    pts[m++] = (struct sp_ind_point){sp__agree_jdate(v, "on_date"), json_number_value(json_object_get(v, "value"))};
  }
  json_array_foreach(targets, i, v) {
    struct sp_ind_assessment as;
    sp_indicator_assess(pts, m, json_number_value(json_object_get(v, "value")), sp__agree_jdate(v, "due_date"),
                        as_of, &as);
    char b1[SP_DATE_BUFSZ], b2[SP_DATE_BUFSZ];
    json_object_set_new(v, "progress", num_or_null(as.progress));
    json_object_set_new(v, "latest_value", num_or_null(as.latest));
    json_object_set_new(v, "latest_date",
                        as.latest_day == SP_DATE_NONE ? json_null() : json_string(sp_date_format(as.latest_day, b1)));
    json_object_set_new(v, "trend_reaches_on",
                        as.reaches_on == SP_DATE_NONE ? json_null() : json_string(sp_date_format(as.reaches_on, b2)));
    json_object_set_new(v, "status", json_string(sp_ind_status_name(as.status)));
    json_object_set_new(v, "reason", json_string(as.reason));
  }
  json_object_set_new(ind, "values", values);
  json_object_set_new(ind, "targets", targets);
  return SP_OK;
}

enum sp_rc sp_indicator_get(struct sp_ctx *ctx, const char *code, int32_t as_of, json_t **out) {
  char msg[128];
  snprintf(msg, sizeof(msg), "there is no indicator '%.80s'", code ? code : "");
  json_t *ind = NULL;
  enum sp_rc rc = sp__agree_row(ctx, &ind, msg,
                                "SELECT id, code, name, unit, agreement_id, baseline_value, baseline_date, source"
                                " FROM indicators WHERE code=?",
                                "s", code);
  if (rc != SP_OK)
    return rc;
  if ((rc = assess_one(ctx, ind, as_of)) != SP_OK) {
    json_decref(ind);
    return rc;
  }
  *out = ind;
  return SP_OK;
}

enum sp_rc sp_indicator_list(struct sp_ctx *ctx, int32_t as_of, json_t **out) {
  json_t *all = NULL;
  enum sp_rc rc = sp__agree_rows(ctx, &all,
                                 "SELECT id, code, name, unit, agreement_id, baseline_value, baseline_date, source"
                                 " FROM indicators ORDER BY code",
                                 "");
  if (rc != SP_OK)
    return rc;
  size_t i;
  json_t *v;
  json_array_foreach(all, i, v) {
    if ((rc = assess_one(ctx, v, as_of)) != SP_OK) {
      json_decref(all);
      return rc;
    }
  }
  *out = all;
  return SP_OK;
}
