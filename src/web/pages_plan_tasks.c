/*
 * pages_plan_tasks.c: the ERB's plan as a task list ("Complete multiple
 * tasks"), /areas/{code}/plan: each task with its status tag (Not started,
 * In progress, Completed, Cannot start yet), what is due next on the
 * statutory clock, and the readiness check's blocking findings, each
 * linking to the page that fixes it. The pages of each task are
 * pages_plan.c's.
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

/* ---- the task list ---- */

static json_t *task(const char *id, const char *title, const char *href, const char *hint,
                    const char *status) {
  const char *cls = NULL;
  int cannot = 0;
  if (!strcmp(status, "Not started"))
    cls = "govuk-tag--blue";
  else if (!strcmp(status, "In progress"))
    cls = "govuk-tag--light-blue";
  else if (!strcmp(status, "Cannot start yet")) {
    cannot = 1;
    href = NULL;
  } else if (strcmp(status, "Completed"))
    cls = "govuk-tag--yellow";
  return json_pack("{s:s, s:s, s:o, s:o, s:s, s:o, s:b}", "id", id, "title", title, "href",
                   href ? json_string(href) : json_null(), "hint",
                   hint ? json_string(hint) : json_null(), "status", status, "tag_class",
                   cls ? json_string(cls) : json_null(), "cannot_start", cannot);
}

static const char *count_hint(char *buf, size_t n, size_t count, const char *one,
                              const char *many) {
  if (!count)
    return NULL;
  snprintf(buf, n, "%zu %s", count, count == 1 ? one : many);
  return buf;
}

/* "Next due 30 June 2027" or "Overdue: due 2 February 2026" for the first
 * occurrence of clock rule `rule` not yet met; NULL when none. */
static const char *next_due(const json_t *items, const char *rule, char *buf, size_t n) {
  size_t i;
  json_t *x;
  json_array_foreach(items, i, x) {
    const char *r = sp_rec_str(x, "rule", NULL), *st = sp_rec_str(x, "status", NULL);
    if (!r || strcmp(r, rule) || !st || !strcmp(st, "met"))
      continue;
    char when[40];
    sp_form_date_text(sp_rec_str(x, "due_date", NULL), when, sizeof(when));
    snprintf(buf, n, "%s %s", !strcmp(st, "overdue") ? "Overdue: it was due" : "Next due", when);
    return buf;
  }
  return NULL;
}

/* The page that fixes a readiness finding (readiness.c codes). */
static const char *fix_of(const char *code) {
  static const char *const map[][2] = {
      {"priority_no_action", "actions"}, {"priority_", "priorities"},
      {"no_priorities", "priorities"}, {"part_1", "part1"}, {"part_2", "part2"},
      {"part_3", "part3"}, {"action_", "actions"},
      {"plan_action", "actions"},  {"evidence_", "evidence"},       {"net_zero", "net-zero"},
      {"mca_statement", "mca-statement"}, {"mca_engagement", "details"}, {"annex", "annex"},
      {"delivery", "delivery"},    {"untitled", "details"},
      {"stage_", "preview#stages"},
  };
  for (size_t i = 0; i < SP_ARRAY_LEN(map); i++)
    if (!strncmp(code, map[i][0], strlen(map[i][0])))
      return map[i][1];
  return "preview";
}

enum sp_rc sp__h_plan_tasks(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  struct sp__plan_area a;
  enum sp_rc rc = sp__plan_area_load(req, &a);
  if (rc != SP_OK)
    return rc;
  json_t *d = sp__plan_base_data(req, &a);
  char h[64][160];
  int hi = 0;
#define HREF(fmt) (snprintf(h[hi], sizeof(h[hi]), "/areas/%s/plan/" fmt, a.code), h[hi++])
  int erb = a.own_erb;
  /* the statutory clock, for what is due next */
  json_t *items = NULL;
  if (sp_lsip_deadlines(ctx, a.code, sp_ctx_today(ctx), &items) != SP_OK)
    items = json_array();
  sp_ctx_clear(ctx);
  char dueb[3][120];
  /* the monitoring records: delivery plan, progress reports, register */
  json_t *mon = NULL, *reg = NULL;
  if (a.body && (erb || a.is_dfe) && sp_lsip_monitoring(ctx, a.code, &mon) != SP_OK)
    mon = NULL;
  sp_ctx_clear(ctx);
  if (sp_lsip_register(ctx, a.code, &reg) != SP_OK)
    reg = NULL;
  sp_ctx_clear(ctx);
  json_t *dps = json_object_get(mon, "delivery_plans");
  const char *dp_state = json_array_size(dps)
                             ? sp_rec_str(json_array_get(dps, json_array_size(dps) - 1), "state", NULL)
                             : NULL;
  size_t nreports = json_array_size(json_object_get(mon, "progress_reports"));
  size_t ninterests = json_array_size(json_object_get(reg, "interests"));
  int has_policy = sp_rec_str(reg, "policy", NULL) != NULL;
  char buf[16][120];
  int bi = 0;
  json_t *before = json_array();
  if (!a.body) {
    json_array_append_new(before, task("delivery-plan", "Delivery plan", NULL,
                                       "Once a body is designated", "Cannot start yet"));
  } else {
    json_array_append_new(
        before, task("delivery-plan", "Delivery plan",
                     erb && (!dp_state || !strcmp(dp_state, "returned")) ? HREF("delivery-plan")
                     : a.is_dfe && dp_state && !strcmp(dp_state, "submitted")
                         ? (snprintf(h[hi], sizeof(h[0]), "/areas/%s/decide/delivery-plan", a.code),
                            h[hi++])
                         : NULL,
                     dp_state ? (snprintf(buf[bi], sizeof(buf[bi]), "Filed: %s", dp_state), buf[bi++])
                     : next_due(items, "delivery_plan", dueb[0], sizeof(dueb[0]))
                         ? dueb[0]
                         : "Due 28 days after designation",
                     !dp_state                           ? "Not started"
                     : !strcmp(dp_state, "approved")     ? "Completed"
                                                         : "In progress"));
    const char *pr_due = next_due(items, "progress_report", dueb[1], sizeof(dueb[1]));
    snprintf(buf[bi], sizeof(buf[0]), "%zu report%s filed%s%s", nreports, nreports == 1 ? "" : "s",
             pr_due ? ". " : "", pr_due ? pr_due : "");
    json_array_append_new(before, task("progress-report", "Progress reports",
                                       erb ? HREF("progress-report") : NULL, buf[bi++],
                                       nreports ? "In progress" : "Not started"));
    json_array_append_new(
        before, task("interests", "Register of interests and conflict policy", HREF("interests"),
                     count_hint(buf[bi++], sizeof(buf[0]), ninterests, "entry", "entries"),
                     has_policy && ninterests ? "Completed"
                     : has_policy || ninterests ? "In progress"
                                                : "Not started"));
  }
  json_decref(mon);
  json_decref(reg);
  /* the plan's own tasks */
  json_t *writing = json_array(), *finishing = json_array(), *blocking = json_array();
  const json_t *p = a.plan;
  int can = erb && a.editable;
  size_t nn = json_array_size(json_object_get(p, "needs"));
  size_t np = json_array_size(json_object_get(p, "priorities"));
  size_t na = json_array_size(json_object_get(p, "actions"));
  size_t ne = json_array_size(json_object_get(p, "evidence"));
  size_t nm = json_array_size(json_object_get(p, "mca_statements"));
  int prio_gaps = 0, action_gaps = 0;
  size_t i;
  json_t *x;
  json_array_foreach(json_object_get(p, "priorities"), i, x) if (!sp_rec_str(x, "route_code", NULL) ||
                                                                 !sp_rec_str(x, "providers", NULL)) prio_gaps++;
  json_array_foreach(json_object_get(p, "actions"), i, x) if (!sp_rec_int(x, "owner_org_id")) action_gaps++;
  if (!a.plan_id) {
    json_array_append_new(writing, task("start", "Start the plan", erb && a.body ? HREF("start") : NULL,
                                        a.body ? "Give it a title" : "Once a body is designated",
                                        erb && a.body ? "Not started" : "Cannot start yet"));
  } else {
    const char *sum = sp_rec_str(p, "summary", NULL);
    json_array_append_new(writing, task("details", "Title, summary and MCA/GLA engagement",
                                        can ? HREF("details") : NULL, sp_rec_str(p, "title", NULL),
                                        sum && *sum ? "Completed" : "In progress"));
    json_array_append_new(writing, task("needs", "Stage A: employer needs", HREF("needs"),
                                        count_hint(buf[bi++], sizeof(buf[0]), nn, "need", "needs"),
                                        nn ? "Completed" : "Not started"));
    snprintf(buf[bi], sizeof(buf[0]), "%zu priorit%s%s", np, np == 1 ? "y" : "ies",
             prio_gaps ? ", some without a route or providers" : "");
    json_array_append_new(writing, task("priorities", "Stage B: priorities co-created with providers",
                                        HREF("priorities"), np ? buf[bi] : NULL,
                                        !np ? "Not started" : prio_gaps ? "In progress" : "Completed"));
    bi++;
    snprintf(buf[bi], sizeof(buf[0]), "%zu action%s%s", na, na == 1 ? "" : "s",
             action_gaps ? ", some without an owner" : "");
    json_array_append_new(writing, task("actions", "Stage C: actions", HREF("actions"),
                                        na ? buf[bi] : NULL,
                                        !na ? (np ? "Not started" : "Cannot start yet")
                                        : action_gaps ? "In progress"
                                                      : "Completed"));
    bi++;
    json_array_append_new(writing, task("evidence", "Evidence sources", HREF("evidence"),
                                        count_hint(buf[bi++], sizeof(buf[0]), ne, "source", "sources"),
                                        ne ? "Completed" : "Not started"));
    const char *nz = sp_rec_str(p, "net_zero", NULL);
    json_array_append_new(writing, task("net-zero", "Net zero", can ? HREF("net-zero") : NULL,
                                        NULL, nz && *nz ? "Completed" : "Not started"));
    /* the dates and participants of stages A, B and C (guidance 5.2), on the preview page */
    json_t *sg = sp__plan_rows(ctx,
                               "SELECT COUNT(*) AS n FROM report_stages WHERE plan_id = ? AND"
                               " started_on IS NOT NULL AND completed_on IS NOT NULL AND"
                               " participants <> ''",
                               "i", a.plan_id);
    int64_t nstages = sp_rec_int(json_array_get(sg, 0), "n");
    json_decref(sg);
    snprintf(h[hi], sizeof(h[0]), "/areas/%s/plan/preview#stages", a.code);
    json_array_append_new(writing, task("stages", "Dates and participants of stages A, B and C",
                                        can ? h[hi] : NULL, NULL,
                                        nstages >= 3 ? "Completed"
                                        : nstages   ? "In progress"
                                                    : "Not started"));
    hi++;
    /* the report's parts */
    static const char *const parts[][2] = {{"part1", "Part 1: The LSIP priorities"},
                                           {"part2", "Part 2: Taking the priorities forward"},
                                           {"part3", "Part 3: Delivering the priorities"},
                                           {"delivery", "Managing delivery, review and benefits"},
                                           {"annex", "Annex: Background and methodology"}};
    for (size_t k = 0; k < SP_ARRAY_LEN(parts); k++) {
      json_t *t = sp__plan_rows(ctx, "SELECT length(body) AS n FROM report_part_texts WHERE plan_id = ? AND"
                            " part = ?",
                       "is", a.plan_id, parts[k][0]);
      int has = sp_rec_int(json_array_get(t, 0), "n") > 0;
      json_decref(t);
      snprintf(h[hi], sizeof(h[0]), "/areas/%s/plan/%s", a.code, parts[k][0]);
      json_array_append_new(writing, task(parts[k][0], parts[k][1], can ? h[hi] : NULL, NULL,
                                          has ? "Completed" : "Not started"));
      hi++;
    }
    if (json_is_true(json_object_get(p, "mca_statement_required")) || nm) {
      const json_t *st = json_array_get(json_object_get(p, "mca_statements"), 0);
      json_array_append_new(
          writing, task("mca-statement", "MCA/GLA statement",
                        a.mca_here && a.editable ? HREF("mca-statement") : NULL,
                        st ? (snprintf(buf[bi], sizeof(buf[0]), "Given by %s on %s",
                                       sp_rec_str(st, "org_name", NULL),
                                       sp_form_date_text(sp_rec_str(st, "given_on", NULL), dueb[2],
                                                         sizeof(dueb[2]))),
                              buf[bi])
                           : "Given by the mayoral combined authority or GLA (section 3.5)",
                        nm ? "Completed" : "Not started"));
      bi++;
    }
    /* readiness: the report's check, the same the submission runs */
    struct sp_report_plan *rp = NULL;
    struct sp_readiness *r = NULL;
    if (sp_report_load(ctx, a.code, (int)sp_rec_int(p, "version"), &rp, NULL) == SP_OK &&
        sp_report_check(ctx, rp, -1, &r) == SP_OK) {
      for (size_t k = 0; k < r->n; k++)
        if (r->findings[k].severity == SP_SEV_BLOCKING) {
          char fix[160]; /* copied by json_pack */
          snprintf(fix, sizeof(fix), "/areas/%s/plan/%s", a.code, fix_of(r->findings[k].code));
          json_array_append_new(blocking,
                                json_pack("{s:s, s:s, s:s, s:s}", "code", r->findings[k].code,
                                          "section", r->findings[k].section, "message",
                                          r->findings[k].message, "href", fix));
        }
    }
    sp_readiness_free(r);
    sp_report_plan_free(rp);
    sp_ctx_clear(ctx);
    size_t nb = json_array_size(blocking);
    snprintf(buf[bi], sizeof(buf[0]), "%zu blocking finding%s", nb, nb == 1 ? "" : "s");
    snprintf(h[hi], sizeof(h[0]), "/areas/%s/plan/preview", a.code);
    json_array_append_new(finishing, task("readiness", "Check the report is ready", h[hi++],
                                          nb ? buf[bi] : "Nothing blocks submission",
                                          nb ? "In progress" : "Completed"));
    bi++;
    const char *st = a.state ? a.state : "";
    int submittable = !strcmp(st, "draft") || !strcmp(st, "returned");
    json_array_append_new(
        finishing,
        task("submit", "Submit the plan for approval",
             erb && submittable && !nb ? HREF("check/submit") : NULL,
             submittable ? (next_due(items, "plan_ready", dueb[2], sizeof(dueb[2]))
                                ? dueb[2]
                                : nb ? "Once nothing blocks it" : "Check your answers, then submit")
                         : (snprintf(buf[bi], sizeof(buf[0]), "The plan is %s", st), buf[bi]),
             submittable ? (nb ? "Cannot start yet" : "Not started") : "Completed"));
    bi++;
  }
  json_t *groups = json_pack("[{s:s, s:o}, {s:s, s:o}, {s:s, s:o}]", "heading",
                             "Designation and monitoring", "tasks", before, "heading",
                             "Write the plan", "tasks", writing, "heading", "Check and submit",
                             "tasks", finishing);
  json_object_set_new(d, "groups", groups);
  json_object_set_new(d, "blocking", blocking);
  /* what is due next, from the statutory clock */
  json_t *due = json_array();
  {
    json_array_foreach(items, i, x) {
      const char *status = sp_rec_str(x, "status", NULL);
      if (!status || !strcmp(status, "met") || json_array_size(due) >= 3)
        continue;
      char when[40];
      json_array_append_new(due, json_pack("{s:O, s:s, s:O, s:b}", "title",
                                           json_object_get(x, "title"), "due_date",
                                           sp_form_date_text(sp_rec_str(x, "due_date", NULL), when,
                                                             sizeof(when)),
                                           "status",
                                           json_object_get(x, "status"), "overdue",
                                           !strcmp(status, "overdue")));
    }
  }
  json_decref(items);
  sp_ctx_clear(ctx);
  json_object_set_new(d, "due", due);
  /* DfE's decisions and the body's other state changes, each through check answers */
  const char *st = a.state ? a.state : "";
  json_t *decisions = json_array();
  static const struct {
    const char *action, *label, *from1, *from2;
    int dfe;
  } acts[] = {{"approve", "Approve the plan", "submitted", "resubmitted", 1},
              {"return", "Return it with feedback", "submitted", "resubmitted", 1},
              {"publish", "Publish the plan", "approved", NULL, 1},
              {"review", "Start the annual review", "published", "updated", 2},
              {"update", "Finish the review", "under_review", NULL, 0}};
  for (size_t k = 0; k < SP_ARRAY_LEN(acts); k++) {
    int who = acts[k].dfe == 1 ? a.is_dfe : acts[k].dfe == 2 ? (a.is_dfe || erb) : erb;
    if (!who || (strcmp(st, acts[k].from1) && (!acts[k].from2 || strcmp(st, acts[k].from2))))
      continue;
    char href[160];
    snprintf(href, sizeof(href), "/areas/%s/plan/check/%s", a.code, acts[k].action);
    json_array_append_new(decisions, json_pack("{s:s, s:s, s:s}", "action", acts[k].action,
                                               "label", acts[k].label, "href", href));
  }
  json_object_set_new(d, "decisions", decisions);
  json_t *tr = json_object_get(p, "transitions");
  json_t *last = json_array_size(tr) ? json_array_get(tr, json_array_size(tr) - 1) : NULL;
  if (!strcmp(st, "returned") && last)
    json_object_set(d, "feedback", json_object_get(last, "note"));
  char title[300];
  snprintf(title, sizeof(title), "Plan: %s", sp_rec_str(a.row, "name", NULL));
  sp__plan_area_free(&a);
#undef HREF
  return sp_resp_page(req, 200, "lsip_plan", title, d);
}

