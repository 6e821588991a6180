/*
 * delivery.c: the designated body's delivery plan (due 28 days after
 * designation, section 4.2.1) and DfE's decision on it, six-weekly progress
 * reports (section 4.3.1), and DfE's interventions in order of escalation
 * (section 4.3.2: working level, leadership level, funding decision,
 * removal of designation) -- all of the statutory guidance,
 * seeds/004_34ac84fe2e6428e6.txt.
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "../policy.h"
#include "../../store/store.h"
#include "lsip.h"
#include "lsip_int.h"
#include "base/record.h"

static enum sp_rc not_before_designation(struct sp_ctx *ctx, const char *field, int32_t day,
                                         int32_t effective, const char *what) {
  if (day != SP_DATE_NONE && effective != SP_DATE_NONE && day < effective) {
    char a[SP_DATE_BUFSZ], b[SP_DATE_BUFSZ];
    return sp_ctx_fail(ctx, SP_EINVAL, field,
                       "%s dated %s is before the designation took effect on %s: %s follow "
                       "designation (section 4.2.1)",
                       what, sp_date_format(day, a), sp_date_format(effective, b), what);
  }
  return SP_OK;
}

/* Inserts with sql/types..., then audits the new row of `table`. */
static enum sp_rc audited_insert(struct sp_ctx *ctx, const char *table, int64_t *id_out,
                                 enum sp_rc insert_rc) {
  if (insert_rc != SP_OK)
    return insert_rc;
  int64_t id = sp_store_last_id(sp_ctx_store(ctx));
  json_t *after = NULL;
  char sql[128];
  snprintf(sql, sizeof(sql), "SELECT * FROM %s WHERE id = ?", table); /* table is a constant */
  enum sp_rc rc = sp__lsip_row(ctx, &after, sql, "i", id);
  if (rc == SP_OK)
    rc = sp__lsip_audit(ctx, "create", table, id, NULL, after);
  json_decref(after);
  if (rc == SP_OK && id_out)
    *id_out = id;
  return rc;
}

static const char *const dp_fields[] = {"engagement", "estimated_funding_pence", NULL};

enum sp_rc sp_lsip_delivery_plan_submit(struct sp_ctx *ctx, const char *area, const json_t *in,
                                        int64_t *id_out) {
  int64_t did = 0;
  int32_t eff = SP_DATE_NONE;
  enum sp_rc rc = sp__lsip_erb_of_area(ctx, area, &did, &eff);
  if (rc != SP_OK)
    return rc;
  const char *engagement = NULL;
  if ((rc = sp__lsip_known_fields(ctx, in, dp_fields)) != SP_OK ||
      (rc = sp__lsip_need_text(ctx, in, "engagement", 20000,
                               "how the body will engage employers, providers and stakeholders, "
                               "section 4.2.1",
                               &engagement)) != SP_OK)
    return rc;
  json_t *f = json_object_get(in, "estimated_funding_pence");
  if (!json_is_integer(f) || json_integer_value(f) < 0)
    return sp_ctx_fail(ctx, SP_EINVAL, "estimated_funding_pence",
                       "estimated_funding_pence must be a whole number of pence, zero or more: the "
                       "delivery plan sets out the estimated funding required (section 4.2.1)");
  if ((rc = not_before_designation(ctx, "submitted_on", sp_ctx_today(ctx), eff,
                                   "a delivery plan")) != SP_OK)
    return rc;
  struct sp_store *store = sp_ctx_store(ctx);
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  int64_t approved = 0;
  if ((rc = sp__lsip_int(ctx, &approved, NULL,
                         "SELECT COUNT(*) FROM lsip_delivery_plans WHERE designation_id = ? AND"
                         " state IN ('approved','submitted')",
                         "i", did)) != SP_OK)
    goto out;
  if (approved) {
    rc = sp_ctx_fail(ctx, SP_ESTATE, "state",
                     "area %s already has a delivery plan awaiting decision or approved: file a new "
                     "one only after the department returns it (section 4.2.1)",
                     area);
    goto out;
  }
  rc = audited_insert(
      ctx, "lsip_delivery_plans", id_out,
      sp__lsip_exec(ctx,
                    "INSERT INTO lsip_delivery_plans(designation_id, engagement,"
                    " estimated_funding_pence, submitted_on, state) VALUES (?,?,?,?,'submitted')",
                    "isid", did, engagement, (int64_t)json_integer_value(f), sp_ctx_today(ctx)));
  if (rc == SP_OK)
    rc = sp_store_commit(store, ctx);
out:
  if (rc != SP_OK)
    sp_store_rollback(store);
  return rc;
}

enum sp_rc sp_lsip_delivery_plan_decide(struct sp_ctx *ctx, const char *area, int approve,
                                        const char *reasons) {
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_PLAN_DECIDE);
  if (rc != SP_OK)
    return rc;
  if (!approve && (!reasons || !*reasons))
    return sp_ctx_fail(ctx, SP_EINVAL, "reasons",
                       "returning a delivery plan needs the reasons, so the body can address them "
                       "(section 4.2.1)");
  int64_t did = 0, org = 0;
  if ((rc = sp__lsip_live_designation(ctx, area, &did, &org, NULL)) != SP_OK)
    return rc;
  if ((rc = sp__lsip_recusal(ctx, org, "decide the delivery plan of")) != SP_OK)
    return rc;
  struct sp_store *store = sp_ctx_store(ctx);
  json_t *before = NULL, *after = NULL;
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  if ((rc = sp__lsip_row(ctx, &before,
                         "SELECT * FROM lsip_delivery_plans WHERE designation_id = ? ORDER BY id"
                         " DESC LIMIT 1",
                         "i", did)) != SP_OK)
    goto out;
  if (!before || strcmp(sp_rec_str(before, "state", NULL), "submitted") != 0) {
    rc = sp_ctx_fail(ctx, SP_ESTATE, "state",
                     "area %s has no delivery plan awaiting a decision (%s): the department "
                     "approves or returns a submitted delivery plan (section 4.2.1)",
                     area, before ? sp_rec_str(before, "state", NULL) : "none filed");
    goto out;
  }
  int64_t id = json_integer_value(json_object_get(before, "id"));
  if ((rc = sp__lsip_exec(ctx,
                          "UPDATE lsip_delivery_plans SET state = ?, decided_on = ?,"
                          " decision_reasons = ? WHERE id = ?",
                          "sdsi", approve ? "approved" : "returned", sp_ctx_today(ctx), reasons,
                          id)) != SP_OK ||
      (rc = sp__lsip_row(ctx, &after, "SELECT * FROM lsip_delivery_plans WHERE id = ?", "i", id)) !=
          SP_OK ||
      (rc = sp__lsip_audit(ctx, approve ? "approve" : "return", "lsip_delivery_plans", id, before,
                           after)) != SP_OK)
    goto out;
  rc = sp_store_commit(store, ctx);
out:
  json_decref(before);
  json_decref(after);
  if (rc != SP_OK)
    sp_store_rollback(store);
  return rc;
}

static const char *const pr_fields[] = {"rag", "risks", "mitigations", "body", "period_start",
                                        "period_end", NULL};

enum sp_rc sp_lsip_progress_report(struct sp_ctx *ctx, const char *area, const json_t *in,
                                   int64_t *id_out) {
  int64_t did = 0;
  int32_t eff = SP_DATE_NONE;
  enum sp_rc rc = sp__lsip_erb_of_area(ctx, area, &did, &eff);
  if (rc != SP_OK) {
    if (rc == SP_ENOTFOUND)
      sp_ctx_fail(ctx, rc, "area",
                  "a progress report needs a designation: area %s has no designated body "
                  "reporting against a delivery plan (sections 4.1, 4.3.1)",
                  area ? area : "");
    return rc;
  }
  if ((rc = sp__lsip_known_fields(ctx, in, pr_fields)) != SP_OK)
    return rc;
  const char *rag = sp_rec_str(in, "rag", NULL);
  if (!rag || (strcmp(rag, "red") && strcmp(rag, "amber") && strcmp(rag, "green")))
    return sp_ctx_fail(ctx, SP_EINVAL, "rag",
                       "rag must be red, amber or green: the report's status against the "
                       "delivery plan (section 4.3.1)");
  int32_t today = sp_ctx_today(ctx), start, end;
  json_t *lastrow = NULL;
  int32_t dflt_start = eff;
  if ((rc = sp__lsip_row(ctx, &lastrow,
                         "SELECT MAX(period_end) AS e FROM lsip_progress_reports WHERE"
                         " designation_id = ?",
                         "i", did)) != SP_OK)
    return rc;
  int32_t le;
  if (lastrow && sp_rec_str(lastrow, "e", NULL) && sp_date_parse(sp_rec_str(lastrow, "e", NULL), &le) == SP_OK)
    dflt_start = le + 1 > today ? today : le + 1;
  json_decref(lastrow);
  if ((rc = sp__lsip_date(ctx, in, "period_start", dflt_start, &start)) != SP_OK ||
      (rc = sp__lsip_date(ctx, in, "period_end", today, &end)) != SP_OK)
    return rc;
  if ((rc = not_before_designation(ctx, "period_start", start, eff, "progress reports")) != SP_OK ||
      (rc = not_before_designation(ctx, "submitted_on", today, eff, "progress reports")) != SP_OK)
    return rc;
  if (end < start)
    return sp_ctx_fail(ctx, SP_EINVAL, "period_end", "period_end is before period_start");
  if (end > today)
    return sp_ctx_fail(ctx, SP_EINVAL, "period_end",
                       "period_end is after the date of the report: a report covers what has "
                       "happened (section 4.3.1)");
  const char *risks = sp_rec_str(in, "risks", NULL), *mit = sp_rec_str(in, "mitigations", NULL),
             *body = sp_rec_str(in, "body", NULL);
  if (strcmp(rag, "green") && (!risks || !*risks))
    return sp_ctx_fail(ctx, SP_EINVAL, "risks",
                       "a %s report must state its risks, with mitigations, so the department can "
                       "judge the support needed (section 4.3.1)",
                       rag);
  struct sp_store *store = sp_ctx_store(ctx);
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  rc = audited_insert(ctx, "lsip_progress_reports", id_out,
                      sp__lsip_exec(ctx,
                                    "INSERT INTO lsip_progress_reports(designation_id,"
                                    " period_start, period_end, submitted_on, rag, risks,"
                                    " mitigations, body) VALUES (?,?,?,?,?,?,?,?)",
                                    "idddssss", did, start, end, today, rag, risks ? risks : "",
                                    mit ? mit : "", body ? body : ""));
  if (rc == SP_OK)
    rc = sp_store_commit(store, ctx);
  if (rc != SP_OK)
    sp_store_rollback(store);
  return rc;
}

/* Escalation order of section 4.3.2. */
static const char *const levels[] = {"working", "leadership", "funding", "removal"};

static const char *const iv_fields[] = {"level", "reason", "funding_after_pence",
                                        "removal_reason", "removal_text", NULL};

enum sp_rc sp_lsip_intervene(struct sp_ctx *ctx, const char *area, const json_t *in,
                             int64_t *id_out) {
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_PLAN_DECIDE);
  if (rc != SP_OK)
    return rc;
  if ((rc = sp__lsip_known_fields(ctx, in, iv_fields)) != SP_OK)
    return rc;
  const char *level = sp_rec_str(in, "level", NULL), *reason = NULL;
  int li = -1;
  for (int i = 0; level && i < (int)SP_ARRAY_LEN(levels); i++)
    if (!strcmp(level, levels[i]))
      li = i;
  if (li < 0)
    return sp_ctx_fail(ctx, SP_EINVAL, "level",
                       "level must be working, leadership, funding or removal (section 4.3.2)");
  if ((rc = sp__lsip_need_text(ctx, in, "reason", 5000,
                               "why the department intervenes, section 4.3.2", &reason)) != SP_OK)
    return rc;
  int64_t did = 0, org = 0;
  int32_t eff = SP_DATE_NONE;
  if ((rc = sp__lsip_live_designation(ctx, area, &did, &org, &eff)) != SP_OK)
    return rc;
  if ((rc = not_before_designation(ctx, "on_date", sp_ctx_today(ctx), eff, "interventions")) !=
      SP_OK)
    return rc;
  if ((rc = sp__lsip_recusal(ctx, org, "intervene with")) != SP_OK)
    return rc;
  int64_t fund_before = 0, fund_after = 0;
  int has_fund = 0;
  if (li == 2) {
    json_t *f = json_object_get(in, "funding_after_pence");
    if (!json_is_integer(f) || json_integer_value(f) < 0)
      return sp_ctx_fail(ctx, SP_EINVAL, "funding_after_pence",
                         "a funding decision needs the new amount in whole pence, zero or more "
                         "(section 4.3.2)");
    fund_after = json_integer_value(f);
    if ((rc = sp__lsip_int(ctx, &fund_before, &has_fund,
                           "SELECT COALESCE((SELECT funding_after_pence FROM lsip_interventions"
                           " WHERE designation_id = ?1 AND level = 'funding' ORDER BY id DESC"
                           " LIMIT 1), (SELECT estimated_funding_pence FROM lsip_delivery_plans"
                           " WHERE designation_id = ?1 AND state = 'approved' ORDER BY id DESC"
                           " LIMIT 1))",
                           "i", did)) != SP_OK)
      return rc;
    if (!has_fund)
      return sp_ctx_fail(ctx, SP_ESTATE, "funding_after_pence",
                         "area %s has no approved delivery plan, so no funding to decide on "
                         "(sections 4.2.1, 4.3.2)",
                         area);
  }
  const char *rreason = sp_rec_str(in, "removal_reason", NULL);
  const char *rtext = sp_rec_str(in, "removal_text", NULL);
  if (li == 3 && (rc = sp__lsip_check_removal(ctx, rreason, rtext && *rtext ? rtext : reason)) !=
                     SP_OK)
    return rc;
  struct sp_store *store = sp_ctx_store(ctx);
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  if (li > 0) {
    int64_t prev = 0;
    if ((rc = sp__lsip_int(ctx, &prev, NULL,
                           "SELECT COUNT(*) FROM lsip_interventions WHERE designation_id = ? AND"
                           " level = ?",
                           "is", did, levels[li - 1])) != SP_OK)
      goto out;
    if (!prev) {
      rc = sp_ctx_fail(ctx, SP_ESTATE, "level",
                       "a %s-level intervention comes only after a %s-level one: the department "
                       "escalates from working level to leadership level, then a funding "
                       "decision, then removal (section 4.3.2)",
                       levels[li], levels[li - 1]);
      goto out;
    }
  }
  rc = audited_insert(ctx, "lsip_interventions", id_out,
                      sp__lsip_exec(ctx,
                                    "INSERT INTO lsip_interventions(designation_id, level, on_date,"
                                    " by_user_id, by_name, reason, funding_before_pence,"
                                    " funding_after_pence) VALUES (?1,?2,?3,NULLIF(?4,0),?5,?6,"
                                    " CASE WHEN ?2 = 'funding' THEN ?7 END,"
                                    " CASE WHEN ?2 = 'funding' THEN ?8 END)",
                                    "isdissii", did, levels[li], sp_ctx_today(ctx),
                                    sp_ctx_user_id(ctx), sp_ctx_actor_name(ctx), reason, fund_before,
                                    fund_after));
  if (rc != SP_OK)
    goto out;
  if (li == 3 &&
      (rc = sp__lsip_end_designation(ctx, did, rreason, rtext && *rtext ? rtext : reason,
                                     sp_ctx_today(ctx), "removal")) != SP_OK)
    goto out;
  rc = sp_store_commit(store, ctx);
out:
  if (rc != SP_OK)
    sp_store_rollback(store);
  return rc;
}

enum sp_rc sp_lsip_monitoring(struct sp_ctx *ctx, const char *area, json_t **out) {
  *out = NULL;
  if (sp_ctx_role(ctx) == SP_ROLE_PUBLIC)
    return sp_ctx_fail(ctx, SP_EAUTH, NULL, "sign in to see monitoring records");
  json_t *d = NULL, *dp = NULL, *pr = NULL, *iv = NULL;
  enum sp_rc rc = sp__lsip_row(ctx, &d,
                               "SELECT d.id, d.area_code, d.org_id, o.name AS body_name,"
                               " d.effective_date, d.live, d.removal_date, d.removal_reason"
                               " FROM lsip_designations d JOIN orgs o ON o.id = d.org_id"
                               " WHERE d.area_code = ? ORDER BY d.live DESC, d.effective_date DESC,"
                               " d.id DESC",
                               "s", area);
  if (rc != SP_OK)
    return rc;
  if (!d)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "area", "area %s has never had a designated body",
                       area ? area : "");
  int64_t did = json_integer_value(json_object_get(d, "id"));
  /* between the department and the designated body (sections 4.2.1, 4.3) */
  if (sp_ctx_role(ctx) != SP_ROLE_DFE_ADMIN &&
      !(sp_ctx_role(ctx) == SP_ROLE_ERB_EDITOR &&
        json_integer_value(json_object_get(d, "org_id")) == sp_ctx_org_id(ctx))) {
    rc = sp_ctx_fail(ctx, SP_EFORBIDDEN, "area",
                     "delivery plans, progress reports and interventions are seen by the "
                     "department and the designated body only (sections 4.2.1, 4.3)");
    goto out;
  }
  if ((rc = sp__lsip_rows(ctx, &dp, "SELECT * FROM lsip_delivery_plans WHERE designation_id = ?"
                                    " ORDER BY id", "i", did)) != SP_OK ||
      (rc = sp__lsip_rows(ctx, &pr, "SELECT * FROM lsip_progress_reports WHERE designation_id = ?"
                                    " ORDER BY submitted_on, id", "i", did)) != SP_OK ||
      (rc = sp__lsip_rows(ctx, &iv, "SELECT * FROM lsip_interventions WHERE designation_id = ?"
                                    " ORDER BY id", "i", did)) != SP_OK)
    goto out;
  *out = json_pack("{s:O, s:O, s:O, s:O}", "designation", d, "delivery_plans", dp,
                   "progress_reports", pr, "interventions", iv);
  if (!*out)
    rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
out:
  json_decref(d);
  json_decref(dp);
  json_decref(pr);
  json_decref(iv);
  return rc;
}
