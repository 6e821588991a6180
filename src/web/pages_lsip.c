/*
 * pages_lsip.c: the LSIP pages (GOV.UK Design System, no JavaScript needed):
 * an area's LSIP page with what each role may do there (DfE designates,
 * decides and publishes; the designated ERB files and writes; the MCA/GLA
 * gives its statement; providers record co-operation; the public reads the
 * notices, the published plan and the register of interests), its forms,
 * DfE's board (sortable and filterable by query parameters), the notices
 * page and its Atom feed, and the iCalendar feed of an area's deadlines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "core/lsip/clock.h"
#include "core/lsip/lsip.h"
#include "core/policy.h"
#include "handlers.h"
#include "form.h"
#include "handlers_lsip.h"
#include "store/store.h"
#include "base/record.h"
#include "base/escape.h"

/* Runs sql with one optional text parameter; an empty array on failure. */
static json_t *rows(struct sp_ctx *ctx, const char *sql, const char *text) {
  struct sp_stmt *st = NULL;
  json_t *out = NULL;
  if (sp_store_prepare(sp_ctx_store(ctx), ctx, sql, &st) == SP_OK &&
      (!text || sp_stmt_bind_text(st, 1, text) == SP_OK) &&
      sp_stmt_all_json(st, ctx, &out) != SP_OK)
    out = NULL;
  sp_stmt_free(st);
  return out ? out : json_array();
}

static int state_in(const char *state, const char *const *set) {
  for (size_t i = 0; state && set[i]; i++)
    if (!strcmp(state, set[i]))
      return 1;
  return 0;
}

/* Everything the area's LSIP page shows, for the context's actor. */
static enum sp_rc area_data(struct sp_req *req, const char *code, json_t **out) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  enum sp_role role = sp_ctx_role(ctx);
  json_t *area = rows(ctx,
                      "SELECT a.code, a.valid_from, a.valid_to, (SELECT n.name FROM area_names n"
                      " WHERE n.code = a.code ORDER BY n.valid_to IS NULL DESC, n.valid_to DESC"
                      " LIMIT 1) AS name FROM areas a WHERE a.code = ?",
                      code);
  if (json_array_size(area) == 0) {
    json_decref(area);
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "code", "unknown area code '%.40s'", code);
  }
  json_t *d = json_object();
  json_object_set(d, "area", json_array_get(area, 0));
  json_decref(area);
  int32_t today = sp_ctx_today(ctx);
  char ds[SP_DATE_BUFSZ];
  json_object_set_new(d, "today", json_string(sp_date_format(today, ds)));
  json_t *hist = NULL, *notices = NULL, *reg = NULL, *items = NULL, *rel = NULL, *plan = NULL,
         *mon = NULL;
  if (sp_lsip_designations(ctx, code, &hist) != SP_OK)
    hist = json_array();
  json_t *live = NULL;
  size_t i;
  json_t *r;
  json_array_foreach(hist, i, r) {
    const char *rd = sp_rec_str(r, "removal_date", NULL);
    if (json_integer_value(json_object_get(r, "live")) && !live && (!rd || strcmp(rd, ds) > 0))
      live = r;
  }
  json_object_set(d, "designation", live ? live : json_null());
  json_object_set_new(d, "designations", hist);
  if (sp_lsip_notices(ctx, code, &notices) != SP_OK)
    notices = json_array();
  json_object_set_new(d, "notices", notices);
  if (sp_lsip_register(ctx, code, &reg) != SP_OK)
    reg = json_null();
  json_object_set_new(d, "register", reg);
  if (sp_lsip_deadlines(ctx, code, today, &items) != SP_OK)
    items = json_array();
  json_array_foreach(items, i, r) {
    char k[32];
    snprintf(k, sizeof(k), "is_%s", sp_rec_str(r, "status", "x"));
    json_object_set_new(r, k, json_true());
  }
  json_object_set_new(d, "deadlines", items);
  if (sp_lsip_relevance_list(ctx, code, &rel) != SP_OK)
    rel = json_array();
  json_object_set_new(d, "relevance", rel);
  /* the plan: the latest version for those who may read drafts, the latest
   * published for everyone else (sp_lsip_plan_readable) */
  int64_t plan_id = 0;
  if (sp_lsip_plan_readable(ctx, code, &plan_id) != SP_OK)
    plan_id = 0;
  const char *state = NULL;
  if (plan_id && sp_lsip_plan_get(ctx, plan_id, &plan) == SP_OK) {
    state = sp_rec_str(plan, "state", NULL);
    char k[40];
    snprintf(k, sizeof(k), "state_%s", state ? state : "x");
    json_object_set_new(plan, k, json_true());
    json_t *tr = json_object_get(plan, "transitions");
    json_t *last = json_array_get(tr, json_array_size(tr) ? json_array_size(tr) - 1 : 0);
    if (state && !strcmp(state, "returned") && last)
      json_object_set(plan, "feedback", json_object_get(last, "note"));
  }
  json_object_set_new(d, "plan", plan ? plan : json_null());
  sp_ctx_clear(ctx);
  /* what the actor may do here */
  int64_t body = live ? json_integer_value(json_object_get(live, "org_id")) : 0;
  int is_dfe = role == SP_ROLE_DFE_ADMIN;
  int own_erb = role == SP_ROLE_ERB_EDITOR && body && body == sp_ctx_org_id(ctx);
  int area_open = !sp_rec_str(json_object_get(d, "area"), "valid_to", NULL);
  static const char *const editable[] = {"draft", "returned", "under_review", NULL};
  static const char *const submittable[] = {"draft", "returned", NULL};
  static const char *const deciding[] = {"submitted", "resubmitted", NULL};
  static const char *const live_plan[] = {"published", "updated", NULL};
  int mca_here = 0;
  if (role == SP_ROLE_MCA_REVIEWER) {
    struct sp_stmt *st = NULL;
    int row = 0;
    if (sp_store_prepare(sp_ctx_store(ctx), ctx,
                         "SELECT 1 FROM org_areas WHERE area_code = ? AND org_id = ?", &st) == SP_OK &&
        sp_stmt_bind_text(st, 1, code) == SP_OK &&
        sp_stmt_bind_int(st, 2, sp_ctx_org_id(ctx)) == SP_OK &&
        sp_stmt_step(st, ctx, &row) == SP_OK)
      mca_here = row;
    sp_stmt_free(st);
    sp_ctx_clear(ctx);
  }
  json_t *can = json_pack(
      "{s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:b}", "designate",
      is_dfe && !live && area_open, "manage_designation", is_dfe && live, "own_erb", own_erb,
      "create_plan", own_erb && !plan_id, "edit_plan", own_erb && state_in(state, editable),
      "submit", own_erb && state_in(state, submittable), "decide", is_dfe && state_in(state, deciding),
      "publish", is_dfe && state && !strcmp(state, "approved"), "review",
      (own_erb || is_dfe) && state_in(state, live_plan), "update",
      own_erb && state && !strcmp(state, "under_review"), "replace",
      own_erb && (state_in(state, live_plan) || (state && !strcmp(state, "under_review"))),
      "mca_statement", mca_here && state_in(state, editable), "provider",
      role == SP_ROLE_PROVIDER_EDITOR && area_open, "relevance", (is_dfe && area_open) || own_erb,
      "signed_in", role != SP_ROLE_PUBLIC);
  json_object_set_new(can, "tasks", json_boolean(role != SP_ROLE_PUBLIC && (plan_id || own_erb)));
  json_object_set_new(d, "can", can);
  json_t *flash = sp_flash_take(req);
  json_object_set_new(d, "flash", flash ? flash : json_null());
  if (role != SP_ROLE_PUBLIC && live && sp_lsip_monitoring(ctx, code, &mon) == SP_OK) {
    /* money in pounds and pence, as people read it */
    static const char *const money[][3] = {
        {"delivery_plans", "estimated_funding_pence", "estimated_funding"},
        {"interventions", "funding_before_pence", "funding_before"},
        {"interventions", "funding_after_pence", "funding_after"}};
    for (size_t m = 0; m < SP_ARRAY_LEN(money); m++) {
      json_array_foreach(json_object_get(mon, money[m][0]), i, r) {
        json_t *v = json_object_get(r, money[m][1]);
        char buf[48];
        if (json_is_integer(v))
          json_object_set_new(r, money[m][2],
                              json_string(sp_form_money(json_integer_value(v), buf, sizeof(buf))));
      }
    }
    json_object_set_new(d, "monitoring", mon);
  }
  sp_ctx_clear(ctx);
  /* choices for the forms */
  if (is_dfe)
    json_object_set_new(d, "erb_orgs", rows(ctx, "SELECT id, name FROM orgs WHERE kind = 'erb'"
                                                 " ORDER BY name", NULL));
  if (own_erb || is_dfe) {
    json_object_set_new(d, "routes", rows(ctx, "SELECT code, name FROM routes ORDER BY name", NULL));
    json_object_set_new(d, "pathways", rows(ctx, "SELECT p.code, p.name, r.name AS route_name"
                                                 " FROM pathways p JOIN routes r ON r.code ="
                                                 " p.route_code ORDER BY r.name, p.name", NULL));
    json_object_set_new(d, "levels", rows(ctx, "SELECT code, name FROM levels ORDER BY ord", NULL));
    if (own_erb) {
      char idbuf[32];
      snprintf(idbuf, sizeof(idbuf), "%lld", (long long)body);
      json_object_set_new(d, "people", rows(ctx, "SELECT id, name FROM users WHERE org_id = ?"
                                                 " AND disabled = 0 ORDER BY name", idbuf));
    }
    json_object_set_new(d, "providers", rows(ctx, "SELECT o.id, o.name FROM orgs o JOIN org_kinds"
                                                  " k ON k.code = o.kind WHERE k.is_provider = 1"
                                                  " ORDER BY o.name", NULL));
  }
  sp_ctx_clear(ctx);
  json_object_set_new(d, "removal_reasons",
                      json_pack("[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}, {s:s, s:s}]", "code",
                                "no_longer_meets_requirements", "name",
                                "No longer meets the requirements for designation", "code",
                                "no_longer_eligible", "name", "No longer an eligible body", "code",
                                "no_regard_or_breach_of_terms", "name",
                                "Does not have regard to guidance or comply with the terms",
                                "code", "necessary_or_expedient", "name",
                                "Removal is necessary or expedient (give the reasons)"));
  *out = d;
  return SP_OK;
}

enum sp_rc sp__web_lsip_area_summary(struct sp_ctx *ctx, const char *code, json_t **out) {
  *out = NULL;
  json_t *des = rows(ctx,
                     "SELECT o.name AS body_name, d.effective_date FROM lsip_designations d JOIN"
                     " orgs o ON o.id = d.org_id WHERE d.area_code = ? AND d.live = 1",
                     code);
  json_t *ids = rows(ctx,
                     "SELECT id FROM lsip_plans WHERE area_code = ? AND published_on IS NOT NULL"
                     " ORDER BY version DESC LIMIT 1",
                     code);
  int64_t plan_id = json_integer_value(json_object_get(json_array_get(ids, 0), "id"));
  json_decref(ids);
  json_t *plan = NULL, *reg = NULL;
  /* both public: a published plan and the register */
  if (plan_id && sp_lsip_plan_get(ctx, plan_id, &plan) != SP_OK)
    plan = NULL;
  if (sp_lsip_register(ctx, code, &reg) != SP_OK)
    reg = NULL;
  sp_ctx_clear(ctx);
  json_t *d = json_array_size(des) ? json_incref(json_array_get(des, 0)) : json_null();
  json_decref(des);
  *out = json_pack("{s:o, s:o, s:o}", "designation", d, "plan", plan ? plan : json_null(),
                   "register", reg ? reg : json_null());
  if (!*out)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  return SP_OK;
}

enum sp_rc sp__h_lsip_area(struct sp_req *req) {
  json_t *d = NULL;
  const char *code = sp_req_param(req, "code");
  enum sp_rc rc = area_data(req, code, &d);
  if (rc != SP_OK)
    return rc;
  char title[300];
  snprintf(title, sizeof(title), "LSIP: %s",
           sp_rec_str(json_object_get(d, "area"), "name", code));
  return sp_resp_page(req, 200, "lsip_area", title, d);
}

/*
 * The two small forms left on the area's page post here: progress on an
 * action (its ERB) and starting the replacement plan. Every other form has
 * its page (pages_plan.c, pages_decide.c, through the form layer).
 */
enum sp_rc sp__h_lsip_area_post(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  const char *code = sp_req_param(req, "code");
  const char *op = sp_req_param(req, "what");
  json_t *in = NULL, *result = NULL;
  int64_t id = 0;
  enum sp_rc rc;
  if (!strcmp(op, "action_status")) {
    id = sp__parse_id(sp_req_form(req, "action_id"));
    const char *st = sp_req_form(req, "status");
    in = json_pack("{s:s}", "status", st ? st : "");
  } else if (!strcmp(op, "plan_replace")) {
    in = json_object();
  } else {
    return sp_ctx_fail(ctx, SP_ENOTFOUND, NULL,
                       "There is no such form here: the forms of the plan are on its task list, "
                       "/areas/%.40s/plan.",
                       code);
  }
  rc = sp__web_lsip_op(ctx, op, code, id, in, &result);
  json_decref(result);
  json_decref(in);
  if (rc != SP_OK) {
    /* the page again, with the error in its summary */
    char msg[1100], field[96];
    snprintf(msg, sizeof(msg), "%s", sp_ctx_errmsg(ctx));
    snprintf(field, sizeof(field), "%s", sp_ctx_errfield(ctx));
    json_t *d = NULL;
    enum sp_rc rc2 = area_data(req, code, &d);
    if (rc2 != SP_OK)
      return rc2;
    sp_ctx_fail(ctx, rc, *field ? field : NULL, "%s", msg);
    return sp_resp_form_error(req, rc, "lsip_area", "LSIP", d);
  }
  /* what happened and what comes next, on the page the redirect shows */
  char loc[160];
  if (!strcmp(op, "plan_replace")) {
    sp_flash(req, "Replacement plan started",
             "It starts as a copy of the published plan: change it through the plan's tasks.");
    snprintf(loc, sizeof(loc), "/areas/%.40s/plan", code);
  } else {
    sp_flash(req, "Progress on the action recorded", "It shows on the plan.");
    snprintf(loc, sizeof(loc), "/areas/%.40s/lsip#actions", code);
  }
  return sp_resp_redirect(req, loc);
}

enum sp_rc sp__h_lsip_board(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  int32_t as_of;
  json_t *rows_ = NULL;
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_PLAN_DECIDE);
  if (rc != SP_OK || (rc = sp_req_as_of(req, &as_of)) != SP_OK)
    return rc;
  const char *sort = sp_req_query(req, "sort"), *status = sp_req_query(req, "status"),
             *state = sp_req_query(req, "state");
  if ((rc = sp_lsip_board(ctx, as_of, sort, status, state, &rows_)) != SP_OK)
    return rc;
  size_t i;
  json_t *r;
  json_array_foreach(rows_, i, r) {
    char k[32];
    snprintf(k, sizeof(k), "is_%s", sp_rec_str(r, "worst_status", "x"));
    json_object_set_new(r, k, json_true());
  }
  char d[SP_DATE_BUFSZ];
  sp_date_format(as_of, d);
  json_t *sorts = json_array(), *statuses = json_array(), *states = json_array();
  static const char *const sort_names[][2] = {{"area", "Area code"}, {"name", "Area name"},
                                              {"body", "Designated body"}, {"state", "Plan state"},
                                              {"next_due", "Next due date"},
                                              {"status", "Worst status"}};
  for (size_t k = 0; k < SP_ARRAY_LEN(sort_names); k++)
    json_array_append_new(sorts, json_pack("{s:s, s:s, s:b}", "code", sort_names[k][0], "name",
                                           sort_names[k][1], "selected",
                                           sort && !strcmp(sort, sort_names[k][0])));
  static const char *const st_names[] = {"overdue", "due", "upcoming", "met", "none"};
  for (size_t k = 0; k < SP_ARRAY_LEN(st_names); k++)
    json_array_append_new(statuses, json_pack("{s:s, s:b}", "code", st_names[k], "selected",
                                              status && !strcmp(status, st_names[k])));
  static const char *const pl_names[] = {"none", "draft", "submitted", "returned", "resubmitted",
                                         "approved", "published", "under_review", "updated"};
  for (size_t k = 0; k < SP_ARRAY_LEN(pl_names); k++)
    json_array_append_new(states, json_pack("{s:s, s:b}", "code", pl_names[k], "selected",
                                            state && !strcmp(state, pl_names[k])));
  return sp_resp_page(req, 200, "lsip_board", "LSIP board",
                      json_pack("{s:s, s:o, s:I, s:o, s:o, s:o}", "as_of", d, "rows", rows_,
                                "count", (json_int_t)json_array_size(rows_), "sorts", sorts,
                                "statuses", statuses, "states", states));
}

enum sp_rc sp__h_lsip_notices(struct sp_req *req) {
  json_t *n = NULL;
  enum sp_rc rc = sp_lsip_notices(sp_req_ctx(req), NULL, &n);
  if (rc != SP_OK)
    return rc;
  return sp_resp_page(req, 200, "lsip_notices", "Designation notices",
                      json_pack("{s:o}", "notices", n));
}

enum sp_rc sp__h_lsip_feed(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  json_t *n = NULL;
  enum sp_rc rc = sp_lsip_notices(ctx, NULL, &n);
  if (rc != SP_OK)
    return rc;
  struct sp_buf b;
  sp_buf_init(&b, 8u << 20);
  const char *updated = json_array_size(n) ? sp_rec_str(json_array_get(n, 0), "published_on", NULL) : NULL;
  int bad = sp_buf_adds(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                            "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
                            "  <title>LSIP designation notices</title>\n"
                            "  <id>urn:skillplan:lsip:notices</id>\n"
                            "  <link rel=\"alternate\" href=\"/notices\"/>\n") != SP_OK ||
            sp_buf_addf(&b, "  <updated>%sT00:00:00Z</updated>\n", updated ? updated : "2022-01-01") !=
                SP_OK ||
            sp_buf_adds(&b, "  <author><name>Department for Education</name></author>\n") != SP_OK;
  size_t i;
  json_t *r;
  static const char *const kinds[][2] = {{"designation", "Designation"},
                                         {"terms_modified", "Terms modified"},
                                         {"removal", "Removal of designation"},
                                         {"area_terminated", "Designation ended: area terminated"}};
  json_array_foreach(n, i, r) {
    if (bad)
      break;
    const char *kind = sp_rec_str(r, "kind", NULL), *label = kind;
    for (size_t k = 0; k < SP_ARRAY_LEN(kinds); k++)
      if (kind && !strcmp(kind, kinds[k][0]))
        label = kinds[k][1];
    bad = sp_buf_adds(&b, "  <entry>\n    <title>") != SP_OK || sp_html_escape(&b, label) ||
          sp_buf_adds(&b, ": ") != SP_OK || sp_html_escape(&b, sp_rec_str(r, "body_name", NULL)) ||
          sp_buf_adds(&b, ", ") != SP_OK || sp_html_escape(&b, sp_rec_str(r, "area_name", NULL)) ||
          sp_buf_addf(&b, "</title>\n    <id>urn:skillplan:lsip:notice:%lld</id>\n",
                      (long long)json_integer_value(json_object_get(r, "id"))) != SP_OK ||
          sp_buf_addf(&b, "    <updated>%sT00:00:00Z</updated>\n", sp_rec_str(r, "published_on", NULL)) != SP_OK ||
          sp_buf_addf(&b, "    <link rel=\"alternate\" href=\"/areas/%s/lsip\"/>\n",
                      sp_rec_str(r, "area_code", NULL)) != SP_OK ||
          sp_buf_adds(&b, "    <summary>") != SP_OK || sp_html_escape(&b, sp_rec_str(r, "body_name", NULL)) ||
          sp_buf_adds(&b, " for ") != SP_OK || sp_html_escape(&b, sp_rec_str(r, "area_name", NULL)) ||
          sp_buf_adds(&b, " (") != SP_OK || sp_html_escape(&b, sp_rec_str(r, "area_code", NULL)) ||
          sp_buf_adds(&b, "), effective ") != SP_OK || sp_html_escape(&b, sp_rec_str(r, "effective_date", NULL)) ||
          sp_buf_adds(&b, ". Terms: ") != SP_OK || sp_html_escape(&b, sp_rec_str(r, "terms", NULL)) ||
          (sp_rec_str(r, "reason", NULL) &&
           (sp_buf_adds(&b, " Reason: ") != SP_OK || sp_html_escape(&b, sp_rec_str(r, "reason", NULL)))) ||
          sp_buf_adds(&b, "</summary>\n  </entry>\n") != SP_OK;
  }
  json_decref(n);
  if (bad || sp_buf_adds(&b, "</feed>\n") != SP_OK) {
    sp_buf_free(&b);
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory writing the feed");
  }
  rc = sp_resp_bytes(req, 200, "application/atom+xml; charset=utf-8", sp_buf_str(&b), b.len);
  sp_buf_free(&b);
  return rc;
}

enum sp_rc sp__h_lsip_ics(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  const char *code = sp_req_param(req, "code");
  int32_t as_of;
  json_t *items = NULL;
  enum sp_rc rc = sp_req_as_of(req, &as_of);
  if (rc != SP_OK || (rc = sp_lsip_deadlines(ctx, code, as_of, &items)) != SP_OK)
    return rc;
  struct sp_buf b;
  sp_buf_init(&b, 8u << 20);
  char d[SP_DATE_BUFSZ], stamp[32], name[120];
  sp_date_format(as_of, d);
  snprintf(stamp, sizeof(stamp), "%.4s%.2s%.2sT000000Z", d, d + 5, d + 8);
  snprintf(name, sizeof(name), "LSIP deadlines %.40s",
           json_array_size(items) ? sp_rec_str(json_array_get(items, 0), "area_name", NULL) : code);
  if (sp_clock_ics(items, name, stamp, &b) != SP_OK) {
    json_decref(items);
    sp_buf_free(&b);
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory writing the calendar");
  }
  json_decref(items);
  char disp[120];
  snprintf(disp, sizeof(disp), "inline; filename=\"lsip-%.40s.ics\"", code);
  sp_resp_header(req, "Content-Disposition", disp);
  rc = sp_resp_bytes(req, 200, "text/calendar; charset=utf-8", sp_buf_str(&b), b.len);
  sp_buf_free(&b);
  return rc;
}
