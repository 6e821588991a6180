/*
 * lsip_ops.c: one dispatcher from an operation name and a JSON record to the
 * LSIP library's writes (src/core/lsip/lsip.h), shared by the JSON API and
 * the HTML forms. Every rule and role check is the library's.
 */
#include <string.h>

#include "base/date.h"
#include "core/lsip/edit.h"
#include "core/lsip/lsip.h"
#include "handlers_lsip.h"
#include "base/record.h"

static enum sp_rc need_area(struct sp_ctx *ctx, const char *area) {
  if (!area || !*area)
    return sp_ctx_fail(ctx, SP_EINVAL, "area", "an area code is required");
  return SP_OK;
}

static enum sp_rc need_id(struct sp_ctx *ctx, int64_t id, const char *what) {
  if (id <= 0)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "id", "there is no %s with that id", what);
  return SP_OK;
}

enum sp_rc sp__web_lsip_op(struct sp_ctx *ctx, const char *op, const char *area, int64_t id,
                       json_t *in, json_t **result) {
  *result = NULL;
  int64_t new_id = 0;
  enum sp_rc rc;
  if (!json_is_object(in))
    return sp_ctx_fail(ctx, SP_EINVAL, NULL, "the request body must be a JSON object");
  if (!strcmp(op, "designate")) {
    if (area && !json_object_get(in, "area_code"))
      json_object_set_new(in, "area_code", json_string(area));
    rc = sp_lsip_designate(ctx, in, &new_id);
  } else if (!strcmp(op, "terms")) {
    rc = need_area(ctx, area);
    if (rc == SP_OK)
      rc = sp_lsip_modify_terms(ctx, area, sp_rec_str(in, "terms", NULL));
  } else if (!strcmp(op, "remove")) {
    int32_t day = SP_DATE_NONE;
    const char *d = sp_rec_str(in, "removal_date", NULL);
    if ((rc = need_area(ctx, area)) != SP_OK)
      return rc;
    if (d && *d && sp_date_parse(d, &day) != SP_OK)
      return sp_ctx_fail(ctx, SP_EINVAL, "removal_date",
                         "removal_date must be a date written YYYY-MM-DD");
    rc = sp_lsip_remove(ctx, area, sp_rec_str(in, "reason", NULL), sp_rec_str(in, "text", NULL), day);
  } else if (!strcmp(op, "delivery_plan")) {
    rc = need_area(ctx, area);
    if (rc == SP_OK)
      rc = sp_lsip_delivery_plan_submit(ctx, area, in, &new_id);
  } else if (!strcmp(op, "delivery_plan_decision")) {
    const char *dec = sp_rec_str(in, "decision", NULL);
    if ((rc = need_area(ctx, area)) != SP_OK)
      return rc;
    if (!dec || (strcmp(dec, "approve") && strcmp(dec, "return")))
      return sp_ctx_fail(ctx, SP_EINVAL, "decision",
                         "decision must be approve or return (section 4.2.1)");
    rc = sp_lsip_delivery_plan_decide(ctx, area, !strcmp(dec, "approve"), sp_rec_str(in, "reasons", NULL));
  } else if (!strcmp(op, "progress_report")) {
    rc = need_area(ctx, area);
    if (rc == SP_OK)
      rc = sp_lsip_progress_report(ctx, area, in, &new_id);
  } else if (!strcmp(op, "intervene")) {
    rc = need_area(ctx, area);
    if (rc == SP_OK)
      rc = sp_lsip_intervene(ctx, area, in, &new_id);
  } else if (!strcmp(op, "policy")) {
    rc = need_area(ctx, area);
    if (rc == SP_OK)
      rc = sp_lsip_coi_policy_set(ctx, area, sp_rec_str(in, "policy", NULL));
  } else if (!strcmp(op, "interest")) {
    rc = need_area(ctx, area);
    if (rc == SP_OK)
      rc = sp_lsip_interest_add(ctx, area, in, &new_id);
  } else if (!strcmp(op, "interest_end")) {
    rc = need_id(ctx, id, "register entry");
    if (rc == SP_OK)
      rc = sp_lsip_interest_end(ctx, id);
  } else if (!strcmp(op, "plan_create")) {
    rc = need_area(ctx, area);
    if (rc == SP_OK)
      rc = sp_lsip_plan_create(ctx, area, sp_rec_str(in, "title", NULL), &new_id);
  } else if (!strcmp(op, "plan_replace")) {
    rc = need_area(ctx, area);
    if (rc == SP_OK)
      rc = sp_lsip_plan_replace(ctx, area, &new_id);
  } else if (!strcmp(op, "plan_edit")) {
    rc = need_id(ctx, id, "plan");
    if (rc == SP_OK)
      rc = sp_lsip_plan_update(ctx, id, in);
  } else if (!strcmp(op, "need") || !strcmp(op, "priority") || !strcmp(op, "action") ||
             !strcmp(op, "evidence") || !strcmp(op, "mca_statement")) {
    if ((rc = need_id(ctx, id, "plan")) != SP_OK)
      return rc;
    if (!strcmp(op, "need"))
      rc = sp_lsip_need_add(ctx, id, in, &new_id);
    else if (!strcmp(op, "priority"))
      rc = sp_lsip_priority_add(ctx, id, in, &new_id);
    else if (!strcmp(op, "action"))
      rc = sp_lsip_action_add(ctx, id, in, &new_id);
    else if (!strcmp(op, "evidence"))
      rc = sp_lsip_evidence_add(ctx, id, in, &new_id);
    else /* one current statement per plan version: a new one replaces it */
      rc = sp_lsip_mca_statement_give(ctx, id, in, &new_id);
  } else if (!strcmp(op, "transition")) {
    rc = need_id(ctx, id, "plan");
    if (rc == SP_OK)
      rc = sp_lsip_plan_transition(ctx, id, sp_rec_str(in, "action", NULL), sp_rec_str(in, "note", NULL));
    new_id = id;
  } else if (!strcmp(op, "relevance")) {
    rc = need_area(ctx, area);
    if (rc == SP_OK)
      rc = sp_lsip_relevance_decide(ctx, area, in, result);
    return rc;
  } else if (!strcmp(op, "cooperation")) {
    rc = need_area(ctx, area);
    if (rc == SP_OK)
      rc = sp_lsip_cooperation_add(ctx, area, in, &new_id);
  } else if (!strcmp(op, "contribution")) {
    rc = need_id(ctx, id, "priority");
    if (rc == SP_OK)
      rc = sp_lsip_contribution_add(ctx, id, sp_rec_str(in, "activity", NULL), &new_id);
  } else if (!strcmp(op, "action_status")) {
    rc = need_id(ctx, id, "action");
    if (rc == SP_OK)
      rc = sp_lsip_action_status(ctx, id, sp_rec_str(in, "status", NULL));
  } else if (!strcmp(op, "section5")) {
    rc = need_area(ctx, area);
    if (rc == SP_OK)
      rc = sp_lsip_section5_add(ctx, area, in, &new_id);
  } else {
    return sp_ctx_fail(ctx, SP_ENOTFOUND, NULL, "there is no LSIP action '%.40s'", op);
  }
  if (rc == SP_OK) {
    *result = new_id ? json_pack("{s:I}", "id", (json_int_t)new_id) : json_object();
    if (!*result)
      rc = sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  }
  return rc;
}
