/*
 * report_submit.c: submitting a plan from the ERB's preview, refused while a
 * blocking finding of the readiness check stands (guidance section 6.5; the
 * check is src/report/readiness.c). The state change itself is the lsip
 * module's (sp_lsip_plan_transition "submit"), with its own rules (the
 * MCA/GLA statement, the actor, the state). Routes: the page form
 * POST /areas/{code}/plan/submit and POST /api/areas/{code}/plan/submit.
 */
#include <stdio.h>
#include <string.h>

#include "core/lsip/lsip.h"
#include "report/compose.h"
#include "report_handlers.h"

/* Submits through the lsip transition, which runs the readiness gate
 * (sp_report_submit_gate, installed by main.c); on a blocking finding
 * SP_ESTATE naming the count and the first finding. *version_out gets the
 * plan's version. */
static enum sp_rc submit(struct sp_req *req, int *version_out) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  int version;
  int64_t plan_id = 0;
  struct sp_report_plan *plan = NULL;
  enum sp_rc rc = sp__report_version(req, &version);
  if (rc == SP_OK)
    rc = sp_report_load(ctx, sp_req_param(req, "code"), version, &plan, &plan_id);
  if (rc == SP_OK) {
    *version_out = plan->version;
    /* The transition runs the readiness gate (installed by main.c). */
    rc = sp_lsip_plan_transition(ctx, plan_id, "submit", NULL);
  }
  sp_report_plan_free(plan);
  return rc;
}

static enum sp_rc h_submit(struct sp_req *req) {
  int version = 0;
  enum sp_rc rc = submit(req, &version);
  if (rc == SP_ESTATE || rc == SP_EFORBIDDEN || rc == SP_EINVAL)
    return sp__report_preview_failed(req, rc);
  if (rc != SP_OK)
    return rc;
  const char *code = sp_req_param(req, "code");
  for (const char *s = code; *s; s++)
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
      return sp_ctx_fail(sp_req_ctx(req), SP_ENOTFOUND, "area", "no such area");
  char loc[128];
  snprintf(loc, sizeof(loc), "/areas/%s/plan/preview?version=%d", code, version);
  return sp_resp_redirect(req, loc);
}

static enum sp_rc api_submit(struct sp_req *req) {
  int version = 0;
  enum sp_rc rc = submit(req, &version);
  if (rc != SP_OK)
    return rc;
  return sp_resp_json(req, 200, json_pack("{s:s, s:i, s:s}", "area", sp_req_param(req, "code"),
                                          "version", version, "state", "submitted"));
}

const struct sp_route sp_routes_report_submit[] = {
    {"POST", "/areas/{code}/plan/submit", h_submit, SP_ROUTE_AUTH},
    {"POST", "/api/areas/{code}/plan/submit", api_submit, SP_ROUTE_API | SP_ROUTE_AUTH},
    {0},
};
