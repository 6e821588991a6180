/*
 * pages_plan_check.c: check answers before a decision on the plan
 * (/areas/{code}/plan/check/{action}: submit, return, approve, publish,
 * review, update): the plan summarised, what the decision does, and the
 * button that makes it; a refusal re-renders the page with the reason.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/record.h"
#include "core/lsip/edit.h"
#include "core/lsip/lsip.h"
#include "handlers.h"
#include "handlers_lsip.h"
#include "lsip_forms.h"
#include "lsip_pages.h"
#include "report/compose.h"
#include "store/store.h"

/* ---- check answers before a decision ---- */

static const struct {
  const char *action, *heading, *button, *done, *next;
} checks[] = {
    {"submit", "Check your plan before you submit it", "Submit the plan for approval",
     "Plan submitted for approval",
     "The department will approve it or return it with feedback (section 6.5). The plan is now "
     "frozen: changes go into the next version."},
    {"return", "Return the plan with feedback", "Return the plan", "Plan returned to the body",
     "The body will address your feedback and submit it again (section 6.5)."},
    {"approve", "Check the plan before you approve it", "Approve the plan", "Plan approved",
     "Publish it when ready (section 6.6)."},
    {"publish", "Check the plan before you publish it", "Publish the plan", "Plan published",
     "Anyone can now read it. It is reviewed at least once a year (section 6.6)."},
    {"review", "Start the annual review", "Start the review", "Annual review started",
     "The body can change the plan while it is under review (section 6.6)."},
    {"update", "Finish the review", "Finish the review", "Review finished",
     "The plan is kept current; the next review is due in a year (section 6.6)."},
};

/* The plan's contents as summary rows with Change links (the body's). */
static json_t *plan_rows(const struct sp__plan_area *a, int links) {
  json_t *r = json_array();
  char h[8][160], v[8][200];
  const json_t *p = a->plan;
  static const struct {
    const char *key, *list, *slug, *one, *many;
  } lists[] = {{"Employer needs", "needs", "needs", "need", "needs"},
               {"Priorities", "priorities", "priorities", "priority", "priorities"},
               {"Actions", "actions", "actions", "action", "actions"},
               {"Evidence sources", "evidence", "evidence", "source", "sources"}};
  sp__plan_row(r, "Title", sp_rec_str(p, "title", NULL), NULL);
  for (size_t i = 0; i < SP_ARRAY_LEN(lists); i++) {
    size_t n = json_array_size(json_object_get(p, lists[i].list));
    snprintf(v[i], sizeof(v[i]), "%zu %s", n, n == 1 ? lists[i].one : lists[i].many);
    snprintf(h[i], sizeof(h[i]), "/areas/%s/plan/%s", a->code, lists[i].slug);
    sp__plan_row(r, lists[i].key, v[i], links ? h[i] : NULL);
  }
  snprintf(h[4], sizeof(h[4]), "/areas/%s/plan/net-zero", a->code);
  sp__plan_row(r, "Net zero", sp_rec_str(p, "net_zero", NULL), links ? h[4] : NULL);
  const json_t *st = json_array_get(json_object_get(p, "mca_statements"), 0);
  if (st) {
    snprintf(v[5], sizeof(v[5]), "%s, %s: %s", sp_rec_str(st, "org_name", NULL), sp_rec_str(st, "given_on", NULL),
             sp_rec_int(st, "engaged") ? "engaged in the plan" : "not engaged in the plan");
    sp__plan_row(r, "MCA/GLA statement", v[5], NULL);
  } else if (json_is_true(json_object_get(p, "mca_statement_required"))) {
    sp__plan_row(r, "MCA/GLA statement", "Not given yet: needed before submission", NULL);
  }
  return r;
}

static enum sp_rc check_page(struct sp_req *req, int status, const struct sp__plan_area *a, size_t k,
                             const json_t *values, json_t *errors) {
  int is_return = !strcmp(checks[k].action, "return");
  json_t *d = sp__plan_base_data(req, a);
  char action[160];
  snprintf(action, sizeof(action), "/areas/%s/plan/check/%s", a->code, checks[k].action);
  json_object_set_new(d, "heading", json_string(checks[k].heading));
  json_object_set_new(d, "caption", json_string(sp_rec_str(a->row, "name", NULL)));
  json_object_set_new(d, "summary_rows", plan_rows(a, a->own_erb && a->editable));
  json_object_set_new(d, "has_rows", json_true());
  json_object_set_new(d, "action", json_string(action));
  json_object_set_new(d, "form_id", json_string("form-check"));
  json_object_set_new(d, "submit", json_string(checks[k].button));
  json_object_set_new(d, "rev", json_null());
  json_object_set_new(d, "fields", is_return ? sp_form_view(&sp__form_return, values, NULL,
                                                            errors, NULL)
                                             : json_array());
  json_object_set_new(d, "form_errors", errors ? json_incref(errors) : json_array());
  json_object_set_new(d, "confirm_heading",
                      json_string(is_return ? "Your feedback" : "Now confirm"));
  char title[200];
  snprintf(title, sizeof(title), "%s%s", json_array_size(errors) ? "Error: " : "",
           checks[k].heading);
  json_decref(errors);
  return sp_resp_page(req, status, "lsip_form", title, d);
}

enum sp_rc sp__h_plan_check(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  const char *act = sp_req_param(req, "action");
  size_t k = SP_ARRAY_LEN(checks);
  for (size_t i = 0; i < SP_ARRAY_LEN(checks); i++)
    if (!strcmp(checks[i].action, act))
      k = i;
  if (k == SP_ARRAY_LEN(checks))
    return sp_ctx_fail(ctx, SP_ENOTFOUND, NULL, "There is no such decision.");
  struct sp__plan_area a;
  enum sp_rc rc = sp__plan_area_load(req, &a);
  if (rc != SP_OK)
    return rc;
  if (!a.plan_id) {
    rc = sp_ctx_fail(ctx, SP_ENOTFOUND, NULL, "This area has no plan yet.");
    goto out;
  }
  if (strcmp(sp_req_method(req), "POST")) {
    rc = check_page(req, 200, &a, k, NULL, NULL);
    goto out;
  }
  json_t *rec = NULL, *vals = NULL, *errs = NULL;
  if (!strcmp(act, "return")) {
    if ((rc = sp_form_read(req, &sp__form_return, NULL, &rec, &vals, &errs)) != SP_OK)
      goto out;
  } else {
    rec = json_object();
    errs = json_array();
  }
  if (!json_array_size(errs)) {
    rc = sp_lsip_plan_transition(ctx, a.plan_id, act, sp_rec_str(rec, "note", NULL));
    if (rc == SP_OK) {
      sp_flash(req, checks[k].done, checks[k].next);
      char done[160];
      snprintf(done, sizeof(done), "/areas/%s/plan", a.code);
      rc = sp_resp_redirect(req, done);
    } else if (rc == SP_EINVAL || rc == SP_ESTATE || rc == SP_ECONFLICT || rc == SP_EFORBIDDEN) {
      enum sp_rc why = rc;
      sp_form_ctx_error(ctx, &sp__form_return, errs);
      rc = check_page(req, sp_rc_http(why), &a, k, vals, errs);
      errs = NULL;
    }
  } else {
    rc = check_page(req, 400, &a, k, vals, errs);
    errs = NULL;
  }
  json_decref(rec);
  json_decref(vals);
  json_decref(errs);
out:
  sp__plan_area_free(&a);
  return rc;
}
