/*
 * pages_plan.c: the ERB's plan as GOV.UK pages, one thing per page: the
 * sections and their records. The task list is pages_plan_tasks.c, the
 * check-answers pages before a decision pages_plan_check.c; what the three
 * share is in lsip_pages.h.
 *
 *   /areas/{code}/plan                      the task list ("Complete multiple
 *                                           tasks"): each task with its status
 *                                           tag and what is due next
 *   /areas/{code}/plan/{section}            a list of records (needs,
 *                                           priorities, actions, evidence,
 *                                           interests) with Change and Delete
 *                                           links, or a one-record form
 *                                           (start, details, net-zero,
 *                                           delivery-plan, progress-report,
 *                                           policy, mca-statement, part1 ...)
 *   /areas/{code}/plan/{section}/new        add a record
 *   /areas/{code}/plan/{section}/{id}       change it
 *   /areas/{code}/plan/{section}/{id}/delete  confirm, then delete
 *   /areas/{code}/plan/{section}/{id}/move  move a priority up or down
 *   /areas/{code}/plan/check/{action}       check answers before submit,
 *                                           return, approve, publish, review,
 *                                           update
 *   /areas/{code}/plan/mca-statement/withdraw  confirm, then withdraw
 *
 * Every form is declared in lsip_forms.c and read, checked and re-rendered
 * by the form layer (form.h); the writes go through the same dispatcher as
 * the API (lsip_ops.c) or the edit functions (core/lsip/edit.h). After each
 * action a notification banner on the next page says what happened and
 * what comes next.
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

void sp__plan_area_free(struct sp__plan_area *a) {
  json_decref(a->row);
  json_decref(a->plan);
}

json_t *sp__plan_rows(struct sp_ctx *ctx, const char *sql, const char *types, ...) {
  struct sp_stmt *st = NULL;
  json_t *out = NULL;
  va_list ap;
  va_start(ap, types);
  int ok = sp_store_prepare(sp_ctx_store(ctx), ctx, sql, &st) == SP_OK;
  for (int i = 0; ok && types[i]; i++) {
    if (types[i] == 's')
      ok = sp_stmt_bind_text(st, i + 1, va_arg(ap, const char *)) == SP_OK;
    else
      ok = sp_stmt_bind_int(st, i + 1, va_arg(ap, int64_t)) == SP_OK;
  }
  va_end(ap);
  if (!ok || sp_stmt_all_json(st, ctx, &out) != SP_OK)
    out = NULL;
  sp_stmt_free(st);
  if (!out)
    sp_ctx_clear(ctx);
  return out ? out : json_array();
}

static int editable_state(const char *s) {
  return s && (!strcmp(s, "draft") || !strcmp(s, "returned") || !strcmp(s, "under_review"));
}

enum sp_rc sp__plan_area_load(struct sp_req *req, struct sp__plan_area *a) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  memset(a, 0, sizeof(*a));
  a->code = sp_req_param(req, "code");
  json_t *r = sp__plan_rows(ctx,
                   "SELECT a.code, a.valid_to, (SELECT n.name FROM area_names n WHERE n.code ="
                   " a.code ORDER BY n.valid_to IS NULL DESC, n.valid_to DESC LIMIT 1) AS name"
                   " FROM areas a WHERE a.code = ?",
                   "s", a->code);
  if (!json_array_size(r)) {
    json_decref(r);
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "code", "There is no area with the code %.40s", a->code);
  }
  a->row = json_incref(json_array_get(r, 0));
  json_decref(r);
  if (!sp_rec_str(a->row, "name", NULL))
    json_object_set_new(a->row, "name", json_string(a->code));
  enum sp_role role = sp_ctx_role(ctx);
  a->is_dfe = role == SP_ROLE_DFE_ADMIN;
  r = sp__plan_rows(ctx, "SELECT org_id FROM lsip_designations WHERE area_code = ? AND live = 1", "s",
           a->code);
  a->body = sp_rec_int(json_array_get(r, 0), "org_id");
  json_decref(r);
  a->own_erb = role == SP_ROLE_ERB_EDITOR && a->body && a->body == sp_ctx_org_id(ctx);
  if (role == SP_ROLE_MCA_REVIEWER) {
    r = sp__plan_rows(ctx, "SELECT 1 AS x FROM org_areas WHERE area_code = ? AND org_id = ?", "si",
             a->code, (int64_t)sp_ctx_org_id(ctx));
    a->mca_here = json_array_size(r) > 0;
    json_decref(r);
  }
  r = sp__plan_rows(ctx,
           role == SP_ROLE_PUBLIC ? "SELECT id FROM lsip_plans WHERE area_code = ? AND published_on"
                                    " IS NOT NULL ORDER BY version DESC LIMIT 1"
                                  : "SELECT id FROM lsip_plans WHERE area_code = ? ORDER BY"
                                    " version DESC LIMIT 1",
           "s", a->code);
  a->plan_id = sp_rec_int(json_array_get(r, 0), "id");
  json_decref(r);
  if (a->plan_id && sp_lsip_plan_get(ctx, a->plan_id, &a->plan) != SP_OK) {
    a->plan = NULL;
    sp_ctx_clear(ctx);
  }
  a->state = a->plan ? sp_rec_str(a->plan, "state", NULL) : NULL;
  a->editable = editable_state(a->state);
  return SP_OK;
}

/* The page data every plan page starts from. */
json_t *sp__plan_base_data(struct sp_req *req, const struct sp__plan_area *a) {
  char back[96];
  snprintf(back, sizeof(back), "/areas/%s/plan", a->code);
  json_t *d = json_pack("{s:O, s:s, s:b, s:b, s:b}", "area", a->row, "back", back, "own_erb",
                        a->own_erb, "is_dfe_here", a->is_dfe, "mca_here", a->mca_here);
  json_object_set(d, "plan", a->plan ? a->plan : json_null());
  json_t *flash = sp_flash_take(req);
  json_object_set_new(d, "flash", flash ? flash : json_null());
  return d;
}

/* The choices the forms offer: the area's own organisations first. */
json_t *sp__plan_choices(struct sp_req *req, const struct sp__plan_area *a) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  json_t *c = json_object();
  json_object_set_new(c, "routes",
                      sp__plan_rows(ctx, "SELECT code AS value, name AS label FROM routes ORDER BY name", ""));
  json_object_set_new(c, "pathways",
                      sp__plan_rows(ctx,
                           "SELECT p.code AS value, r.name || ': ' || p.name AS label FROM"
                           " pathways p JOIN routes r ON r.code = p.route_code ORDER BY r.name,"
                           " p.name",
                           ""));
  json_object_set_new(c, "levels", sp__plan_rows(ctx,
                                        "SELECT code AS value, name AS label FROM levels ORDER BY"
                                        " ord",
                                        ""));
  json_object_set_new(
      c, "providers",
      sp__plan_rows(ctx,
           "SELECT o.id AS value, o.name || CASE WHEN EXISTS (SELECT 1 FROM org_areas oa WHERE"
           " oa.org_id = o.id AND oa.area_code = ?1) THEN '' ELSE ' (works elsewhere)' END AS"
           " label FROM orgs o JOIN org_kinds k ON k.code = o.kind WHERE k.is_provider = 1 ORDER"
           " BY EXISTS (SELECT 1 FROM org_areas oa WHERE oa.org_id = o.id AND oa.area_code = ?1)"
           " DESC, o.name",
           "s", a->code));
  json_object_set_new(
      c, "owners",
      sp__plan_rows(ctx,
           "SELECT o.id AS value, o.name || CASE WHEN EXISTS (SELECT 1 FROM org_areas oa WHERE"
           " oa.org_id = o.id AND oa.area_code = ?1) THEN '' ELSE ' (works elsewhere)' END AS"
           " label FROM orgs o ORDER BY EXISTS (SELECT 1 FROM org_areas oa WHERE oa.org_id ="
           " o.id AND oa.area_code = ?1) DESC, o.name",
           "s", a->code));
  json_object_set_new(c, "people",
                      sp__plan_rows(ctx,
                           "SELECT id AS value, name AS label FROM users WHERE org_id = ? AND"
                           " disabled = 0 ORDER BY name",
                           "i", a->body));
  json_object_set_new(c, "priority_choices",
                      sp__plan_rows(ctx,
                           "SELECT id AS value, title AS label FROM lsip_priorities WHERE plan_id"
                           " = ? ORDER BY ord, id",
                           "i", a->plan_id));
  json_object_set_new(c, "erb_choices",
                      sp__plan_rows(ctx,
                           "SELECT id AS value, name AS label FROM orgs WHERE kind = 'erb' ORDER"
                           " BY name",
                           ""));
  return c;
}

/* ---- the sections ---- */

enum who { ERB, MCA };

struct section {
  const char *slug;  /* the URL segment */
  const char *kind;  /* edit.h kind; NULL for a one-record form */
  const char *op;    /* the sp__web_lsip_op that adds or saves it ("part": the report's text) */
  const struct sp_form *form;
  const char *noun;  /* "priority" */
  const char *heading;
  const char *intro;
  const char *list;  /* the plan's list of these records */
  int needs_plan;
  enum who who;
  const char *submit;
  const char *done;  /* banner heading after saving */
  const char *next;  /* banner body: what comes next */
};

static const struct section sections[] = {
    {"needs", "need", "need", &sp__form_need, "employer need", "Stage A: employer needs",
     "The skills needs employers told you about, and which employers have them (section 5.2.1).",
     "needs", 1, ERB, "Save the need", "Employer need saved",
     "Add the next need, or go on to the priorities (stage B)."},
    {"priorities", "priority", "priority", &sp__form_priority, "priority",
     "Stage B: priorities",
     "The priorities you agreed with providers, each on a route, pathway and levels (sections "
     "5.2.2, 6.2). Their order here is their order in the plan.",
     "priorities", 1, ERB, "Save the priority", "Priority saved",
     "Check it has a route, providers and at least one action before you submit."},
    {"actions", "action", "action", &sp__form_action, "action", "Stage C: actions",
     "What will be done, by whom and by when: the roadmap of actions (sections 5.2.3, 6.3).",
     "actions", 1, ERB, "Save the action", "Action saved",
     "Every action needs an owner before you submit."},
    {"evidence", "evidence", "evidence", &sp__form_evidence, "evidence source",
     "Evidence sources", "The evidence behind the plan and why it is robust (section 6.4).",
     "evidence", 1, ERB, "Save the evidence source", "Evidence source saved",
     "The annex lists it with the methodology."},
    {"interests", "interest", "interest", &sp__form_interest, "interest",
     "Register of interests",
     "Published for anyone to read. People with an interest in a provider take no decision about "
     "it (section 4.2).",
     NULL, 0, ERB, "Add the interest", "Interest added to the register",
     "The register is public on the area's page."},
    {"start", NULL, "plan_create", &sp__form_plan_create, "plan", "Start the plan", NULL, NULL, 0,
     ERB, "Start the plan", "Plan started",
     "Record employer needs first (stage A), then priorities and actions."},
    {"details", NULL, "plan_edit", &sp__form_details, "plan",
     "Title, summary and MCA/GLA engagement", NULL, NULL, 1, ERB, "Save", "Plan details saved",
     NULL},
    {"net-zero", NULL, "plan_edit", &sp__form_net_zero, "plan", "Net zero", NULL, NULL, 1, ERB,
     "Save", "Net zero saved", NULL},
    {"delivery-plan", NULL, "delivery_plan", &sp__form_delivery_plan, "delivery plan",
     "File the delivery plan", NULL, NULL, 0, ERB, "File the delivery plan",
     "Delivery plan filed",
     "The department will approve it or return it with reasons (section 4.2.1)."},
    {"progress-report", NULL, "progress_report", &sp__form_progress_report, "progress report",
     "File a progress report", "Progress reports are due every six weeks (section 4.3.1).", NULL,
     0, ERB, "File the progress report", "Progress report filed",
     "The next one is due six weeks from now."},
    {"policy", NULL, "policy", &sp__form_policy, "policy", "Conflict of interest policy", NULL,
     NULL, 0, ERB, "Publish the policy", "Conflict of interest policy published",
     "It is shown with the register of interests."},
    {"mca-statement", NULL, "mca_statement", &sp__form_mca_statement, "statement",
     "Your statement on the plan",
     "The statement goes with the plan to the department (section 3.5). Giving it again replaces "
     "the one given before.",
     NULL, 1, MCA, "Give the statement", "Statement given",
     "It goes to the department with the plan. You can change or withdraw it until the plan is "
     "submitted."},
    {"part1", NULL, "part", &sp__form_part, "part", "Part 1: The LSIP priorities",
     "The key challenges, why tackling them supports local growth, the evidence from employers "
     "and providers, and the changes sought (guidance 6.1).",
     NULL, 1, ERB, "Save", "Part 1 saved", NULL},
    {"part2", NULL, "part", &sp__form_part, "part", "Part 2: Taking the LSIP priorities forward",
     "The outcomes employers want, the skills they struggle to find, and where and why provision "
     "must change (guidance 6.2).",
     NULL, 1, ERB, "Save", "Part 2 saved", NULL},
    {"part3", NULL, "part", &sp__form_part, "part", "Part 3: Delivering the LSIP priorities",
     "What needs to happen locally and the roadmap of actions by owner (guidance 6.3).", NULL, 1,
     ERB, "Save", "Part 3 saved", NULL},
    {"delivery", NULL, "part", &sp__form_part, "part", "Managing delivery, review and benefits",
     "How delivery is managed and reviewed and its benefits seen (guidance 6.3, footnote 19).",
     NULL, 1, ERB, "Save", "Managing delivery saved", NULL},
    {"annex", NULL, "part", &sp__form_part, "part", "Annex: Background and methodology",
     "The methodology and process used to develop the plan (guidance 6.4).", NULL, 1, ERB, "Save",
     "Annex saved", NULL},
};

static void item_heading(const struct section *s, int64_t id, char *buf, size_t n);

static const struct section *section_of(const char *slug) {
  for (size_t i = 0; i < SP_ARRAY_LEN(sections); i++)
    if (!strcmp(sections[i].slug, slug))
      return &sections[i];
  return NULL;
}

/* May the actor use this section's form now? Fails with a message saying why not. */
static enum sp_rc may_use(struct sp_ctx *ctx, const struct sp__plan_area *a, const struct section *s) {
  if (s->who == MCA) {
    if (!a->mca_here)
      return sp_ctx_fail(ctx, SP_EFORBIDDEN, NULL,
                         "Only the mayoral combined authority or GLA covering this area gives the "
                         "statement on its plan (section 3.5).");
  } else if (!a->own_erb) {
    return sp_ctx_fail(ctx, SP_EFORBIDDEN, NULL,
                       "Only the employer representative body designated for this area changes "
                       "its plan and records (section 4.1).");
  }
  if (s->needs_plan && !a->plan_id)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, NULL, "This area has no plan yet: start the plan first.");
  if (s->needs_plan && !a->editable)
    return sp_ctx_fail(ctx, SP_ESTATE, NULL,
                       "The plan is %s: it is frozen once submitted. Changes go into the next "
                       "version (sections 6.5, 6.6).",
                       a->state ? a->state : "not editable");
  if (!strcmp(s->slug, "start") && a->plan_id)
    return sp_ctx_fail(ctx, SP_ECONFLICT, NULL, "This area already has a plan.");
  return SP_OK;
}

/* ---- record <-> form conversions the declarations cannot say ---- */

/* A stored record as the form shows it. New reference. */
static json_t *record_for_form(const struct section *s, const json_t *rec) {
  json_t *r = json_deep_copy(rec);
  if (!r)
    return NULL;
  if (!strcmp(s->slug, "needs")) {
    char big[6000] = "", small[6000] = "";
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(rec, "employers"), i, e) {
      char *dst = json_is_true(json_object_get(e, "small_firm")) ? small : big;
      size_t len = strlen(dst);
      snprintf(dst + len, sizeof(big) - len, "%s%s", len ? "\n" : "", sp_rec_str(e, "name", NULL));
    }
    json_object_set_new(r, "employers", json_string(big));
    json_object_set_new(r, "small_employers", json_string(small));
  } else if (!strcmp(s->slug, "details")) {
    const char *st = sp_rec_str(rec, "mca_engagement_stages", NULL);
    json_t *list = json_array();
    for (const char *p = st ? st : ""; *p; p++)
      if (*p == 'A' || *p == 'B' || *p == 'C')
        json_array_append_new(list, json_stringn(p, 1));
    json_object_set_new(r, "mca_engagement_stages", list);
  }
  return r;
}

/* The typed record from the form as the library takes it. */
static void record_for_library(const struct section *s, json_t *rec) {
  if (!strcmp(s->slug, "needs")) {
    json_t *list = json_array();
    const char *keys[2] = {"employers", "small_employers"};
    for (int pass = 0; pass < 2; pass++) {
      const char *p = sp_rec_str(rec, keys[pass], NULL);
      while (p && *p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        size_t start = 0;
        while (start < n && (p[start] == ' ' || p[start] == '\t'))
          start++;
        while (n > start && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
          n--;
        if (n > start)
          json_array_append_new(list, json_pack("{s:s%, s:b}", "name", p + start, n - start,
                                                "small_firm", pass));
        p = e ? e + 1 : p + strlen(p);
      }
      json_object_del(rec, keys[pass]);
    }
    json_object_set_new(rec, "employers", list);
  } else if (!strcmp(s->slug, "details")) {
    char st[16] = "";
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(rec, "mca_engagement_stages"), i, x) {
      size_t len = strlen(st);
      snprintf(st + len, sizeof(st) - len, "%s%s", len ? "," : "", json_string_value(x));
    }
    json_object_set_new(rec, "mca_engagement_stages", json_string(st));
  }
}

/* ---- rendering ---- */

static enum sp_rc form_page(struct sp_req *req, int status, const struct sp__plan_area *a,
                            const struct section *s, const char *heading, const char *action,
                            const json_t *values, const json_t *record, json_t *errors,
                            const char *rev, const char *delete_href, json_t *choices_) {
  json_t *d = sp__plan_base_data(req, a);
  json_t *shown = record ? record_for_form(s, record) : NULL;
  json_object_set_new(d, "fields", sp_form_view(s->form, values, shown, errors, choices_));
  json_decref(shown);
  json_object_set_new(d, "form_errors", errors ? json_incref(errors) : json_array());
  json_object_set_new(d, "heading", json_string(heading));
  json_object_set_new(d, "caption", json_string(sp_rec_str(a->row, "name", NULL)));
  json_object_set_new(d, "intro", s->intro ? json_string(s->intro) : json_null());
  json_object_set_new(d, "action", json_string(action));
  json_object_set_new(d, "form_id", json_string(s->form->id));
  json_object_set_new(d, "submit", json_string(s->submit));
  json_object_set_new(d, "rev", rev ? json_string(rev) : json_null());
  json_object_set_new(d, "delete_href", delete_href ? json_string(delete_href) : json_null());
  char del_label[120];
  if (!strcmp(s->slug, "mca-statement"))
    snprintf(del_label, sizeof(del_label), "Withdraw your statement");
  else
    snprintf(del_label, sizeof(del_label), "Delete this %s", s->noun);
  json_object_set_new(d, "delete_label", json_string(del_label));
  json_object_set_new(d, "noun", json_string(s->noun));
  if (s->kind) {
    char back[128];
    snprintf(back, sizeof(back), "/areas/%s/plan/%s", a->code, s->slug);
    json_object_set_new(d, "back", json_string(back));
  }
  json_decref(choices_);
  char title[300];
  snprintf(title, sizeof(title), "%s%s", json_array_size(errors) ? "Error: " : "", heading);
  json_decref(errors);
  return sp_resp_page(req, status, "lsip_form", title, d);
}

/* One summary row; href NULL for none. */
void sp__plan_row(json_t *list, const char *key, const char *value, const char *href) {
  json_array_append_new(list, json_pack("{s:s, s:s, s:o, s:n}", "key", key, "value",
                                        value && *value ? value : "Not given", "href",
                                        href ? json_string(href) : json_null(), "action"));
}

const char *sp__plan_label_of(const json_t *choices_, const char *key, const char *value) {
  size_t i;
  json_t *c;
  char buf[32];
  json_array_foreach(json_object_get(choices_, key), i, c) {
    json_t *v = json_object_get(c, "value");
    const char *cv = json_is_integer(v) ? (snprintf(buf, sizeof(buf), "%lld",
                                                    (long long)json_integer_value(v)),
                                           buf)
                                        : json_string_value(v);
    if (cv && value && !strcmp(cv, value))
      return sp_rec_str(c, "label", NULL);
  }
  return value;
}

/* The rows that show one record of a section. */
static json_t *item_rows(const struct section *s, const json_t *r, const json_t *ch) {
  json_t *l = json_array();
  char buf[64];
  if (!strcmp(s->slug, "needs")) {
    sp__plan_row(l, "Description", sp_rec_str(r, "description", NULL), NULL);
    char emp[4000] = "";
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(r, "employers"), i, e) {
      size_t len = strlen(emp);
      snprintf(emp + len, sizeof(emp) - len, "%s%s%s", len ? "\n" : "", sp_rec_str(e, "name", NULL),
               sp_rec_int(e, "small_firm") ? " (small firm)" : "");
    }
    sp__plan_row(l, "Employers", emp, NULL);
  } else if (!strcmp(s->slug, "priorities")) {
    sp__plan_row(l, "Route", sp_rec_str(r, "route_code", NULL) ? sp__plan_label_of(ch, "routes", sp_rec_str(r, "route_code", NULL))
                                          : "No route: this blocks submission",
        NULL);
    sp__plan_row(l, "Pathway", sp__plan_label_of(ch, "pathways", sp_rec_str(r, "pathway_code", NULL)), NULL);
    snprintf(buf, sizeof(buf), "%s to %s", sp_rec_str(r, "level_min", NULL) ? sp_rec_str(r, "level_min", NULL) : "any",
             sp_rec_str(r, "level_max", NULL) ? sp_rec_str(r, "level_max", NULL) : "any");
    sp__plan_row(l, "Levels", buf, NULL);
    sp__plan_row(l, "Outcome", sp_rec_str(r, "outcome", NULL), NULL);
    sp__plan_row(l, "Skills", sp_rec_str(r, "skills_components", NULL), NULL);
    sp__plan_row(l, "Change needed", sp_rec_str(r, "change_needed", NULL), NULL);
    sp__plan_row(l, "Providers", sp_rec_str(r, "providers", NULL), NULL);
  } else if (!strcmp(s->slug, "actions")) {
    sp__plan_row(l, "Who", sp_rec_str(r, "owner_kind", NULL), NULL);
    sp__plan_row(l, "Owner", sp_rec_str(r, "owner_org_name", NULL) ? sp_rec_str(r, "owner_org_name", NULL)
                                              : "No owner: this blocks submission",
        NULL);
    snprintf(buf, sizeof(buf), "%lld", (long long)sp_rec_int(r, "priority_id"));
    sp__plan_row(l, "Priority", sp_rec_int(r, "priority_id") ? sp__plan_label_of(ch, "priority_choices", buf)
                                              : "The whole plan",
        NULL);
    char due[40];
    sp__plan_row(l, "Due", sp_rec_str(r, "due_date", NULL) ? sp_form_date_text(sp_rec_str(r, "due_date", NULL), due,
                                                                    sizeof(due))
                                               : NULL,
                 NULL);
    sp__plan_row(l, "Progress", sp_rec_str(r, "status", NULL), NULL);
  } else if (!strcmp(s->slug, "evidence")) {
    sp__plan_row(l, "Source", sp_rec_str(r, "source", NULL), NULL);
    sp__plan_row(l, "Why it is robust", sp_rec_str(r, "why_robust", NULL), NULL);
  } else if (!strcmp(s->slug, "interests")) {
    sp__plan_row(l, "Interest in", sp_rec_str(r, "interest_org_name", NULL), NULL);
    sp__plan_row(l, "Nature", sp_rec_str(r, "nature", NULL), NULL);
    sp__plan_row(l, "Training interests", sp_rec_str(r, "training_interests", NULL), NULL);
    char on[40];
    sp__plan_row(l, "Declared", sp_form_date_text(sp_rec_str(r, "declared_on", NULL), on, sizeof(on)), NULL);
    if (sp_rec_str(r, "ended_on", NULL))
      sp__plan_row(l, "Ended", sp_form_date_text(sp_rec_str(r, "ended_on", NULL), on, sizeof(on)), NULL);
  }
  return l;
}

static const char *item_title(const struct section *s, const json_t *r) {
  if (!strcmp(s->slug, "interests"))
    return sp_rec_str(r, "person_name", NULL);
  return sp_rec_str(r, "title", NULL);
}

static enum sp_rc list_page(struct sp_req *req, const struct sp__plan_area *a, const struct section *s) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  json_t *list = NULL;
  if (s->list) {
    list = json_incref(a->plan ? json_object_get(a->plan, s->list) : NULL);
  } else {
    json_t *reg = NULL;
    if (sp_lsip_register(ctx, a->code, &reg) == SP_OK)
      list = json_incref(json_object_get(reg, "interests"));
    json_decref(reg);
    sp_ctx_clear(ctx);
  }
  if (!list)
    list = json_array();
  int can = a->own_erb && (s->needs_plan ? a->editable : 1);
  json_t *ch = sp__plan_choices(req, a), *items = json_array();
  size_t i, n = json_array_size(list);
  json_t *r;
  json_array_foreach(list, i, r) {
    char href[160];
    snprintf(href, sizeof(href), "/areas/%s/plan/%s/%lld", a->code, s->slug,
             (long long)sp_rec_int(r, "id"));
    int ended = sp_rec_str(r, "ended_on", NULL) != NULL;
    json_array_append_new(
        items, json_pack("{s:I, s:s, s:s, s:o, s:b, s:b, s:b, s:b, s:b}", "id",
                         (json_int_t)sp_rec_int(r, "id"), "title",
                         item_title(s, r) ? item_title(s, r) : "", "href", href, "summary_rows",
                         item_rows(s, r, ch), "can_edit", can && !ended, "can_end",
                         can && !ended && !strcmp(s->slug, "interests"), "movable",
                         can && !strcmp(s->slug, "priorities") && n > 1, "first", i == 0, "last",
                         i + 1 == n));
  }
  json_decref(list);
  json_decref(ch);
  json_t *d = sp__plan_base_data(req, a);
  char add[160];
  snprintf(add, sizeof(add), "/areas/%s/plan/%s/new", a->code, s->slug);
  json_object_set_new(d, "items", items);
  json_object_set_new(d, "heading", json_string(s->heading));
  json_object_set_new(d, "intro", json_string(s->intro));
  json_object_set_new(d, "noun", json_string(s->noun));
  json_object_set_new(d, "add_href", json_string(add));
  char add_label[120];
  item_heading(s, 0, add_label, sizeof(add_label));
  json_object_set_new(d, "add_label", json_string(add_label));
  json_object_set_new(d, "can_add", json_boolean(can));
  json_object_set_new(d, "section", json_string(s->slug));
  if (!strcmp(s->slug, "interests")) {
    char pol[160];
    snprintf(pol, sizeof(pol), "/areas/%s/plan/policy", a->code);
    json_object_set_new(d, "policy_href", json_string(pol));
  }
  return sp_resp_page(req, 200, "lsip_section", s->heading, d);
}

/* ---- sections and records ---- */

/* The record id of a section URL, or 0 for "new". */
static int64_t item_id(struct sp_req *req) {
  const char *s = sp_req_param(req, "id");
  return strcmp(s, "new") ? sp__parse_id(s) : 0;
}

/* The stored record a one-record form shows. New reference or NULL. */
static json_t *single_record(struct sp_ctx *ctx, const struct sp__plan_area *a, const struct section *s) {
  if (!strcmp(s->op, "plan_edit"))
    return json_incref(a->plan);
  if (!strcmp(s->op, "part")) {
    json_t *t = sp__plan_rows(ctx, "SELECT body AS text FROM report_part_texts WHERE plan_id = ? AND part = ?",
                     "is", a->plan_id, s->slug);
    json_t *r = json_incref(json_array_get(t, 0));
    json_decref(t);
    return r;
  }
  if (!strcmp(s->op, "mca_statement")) {
    json_t *st = json_array_get(json_object_get(a->plan, "mca_statements"), 0);
    if (!st)
      return NULL;
    json_t *r = json_deep_copy(st);
    json_object_set_new(r, "engaged", json_boolean(sp_rec_int(st, "engaged")));
    json_object_set_new(r, "had_opportunity", json_boolean(sp_rec_int(st, "had_opportunity")));
    return r;
  }
  if (!strcmp(s->op, "policy")) {
    json_t *reg = NULL;
    if (sp_lsip_register(ctx, a->code, &reg) != SP_OK) {
      sp_ctx_clear(ctx);
      return NULL;
    }
    return reg;
  }
  return NULL;
}

/* The digest of what a one-record form shows of its record ("" when there is
 * no record yet), carried in the form to refuse a stale save. */
static void single_rev(struct sp_ctx *ctx, const struct sp__plan_area *a, const struct section *s,
                       char out[17]) {
  json_t *rec = single_record(ctx, a, s), *shown = json_object();
  out[0] = '\0';
  if (rec) {
    for (size_t i = 0; i < s->form->nfields; i++) {
      json_t *v = json_object_get(rec, s->form->fields[i].name);
      if (v)
        json_object_set(shown, s->form->fields[i].name, v);
    }
    char *dump = json_dumps(shown, JSON_COMPACT | JSON_SORT_KEYS);
    uint64_t h = 1469598103934665603ULL;
    for (const char *p = dump ? dump : ""; *p; p++) {
      h ^= (unsigned char)*p;
      h *= 1099511628211ULL;
    }
    free(dump);
    snprintf(out, 17, "%016llx", (unsigned long long)h);
  }
  json_decref(shown);
  json_decref(rec);
}

enum sp_rc sp__h_plan_section(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  const struct section *s = section_of(sp_req_param(req, "section"));
  if (!s)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, NULL, "There is no such part of the plan.");
  struct sp__plan_area a;
  enum sp_rc rc = sp__plan_area_load(req, &a);
  if (rc != SP_OK)
    return rc;
  if (s->kind) {
    rc = list_page(req, &a, s);
    sp__plan_area_free(&a);
    return rc;
  }
  if ((rc = may_use(ctx, &a, s)) != SP_OK) {
    sp__plan_area_free(&a);
    return rc;
  }
  char action[160];
  snprintf(action, sizeof(action), "/areas/%s/plan/%s", a.code, s->slug);
  json_t *rec = single_record(ctx, &a, s);
  const char *withdraw = NULL;
  char wbuf[160];
  if (!strcmp(s->slug, "mca-statement") && rec) {
    snprintf(wbuf, sizeof(wbuf), "/areas/%s/plan/mca-statement/withdraw", a.code);
    withdraw = wbuf;
  }
  char rev[17];
  single_rev(ctx, &a, s, rev);
  rc = form_page(req, 200, &a, s, s->heading, action, NULL, rec, NULL, *rev ? rev : NULL, withdraw,
                 sp__plan_choices(req, &a));
  json_decref(rec);
  sp__plan_area_free(&a);
  return rc;
}

/* Runs the write of a section's form: add (id 0) or edit. */
static enum sp_rc save(struct sp_ctx *ctx, const struct sp__plan_area *a, const struct section *s,
                       int64_t id, json_t *rec, int64_t *new_id) {
  json_t *result = NULL;
  enum sp_rc rc;
  *new_id = 0;
  if (id)
    return sp_lsip_item_edit(ctx, s->kind, id, rec);
  if (!strcmp(s->op, "part"))
    return sp_report_part_set(ctx, a->code, 0, s->slug, sp_rec_str(rec, "text", NULL) ? sp_rec_str(rec, "text", NULL) : "");
  if (!strcmp(s->op, "mca_statement"))
    return sp_lsip_mca_statement_give(ctx, a->plan_id, rec, new_id);
  int plan_level = s->needs_plan;
  rc = sp__web_lsip_op(ctx, s->op, a->code, plan_level ? a->plan_id : 0, rec, &result);
  if (rc == SP_OK)
    *new_id = sp_rec_int(result, "id");
  json_decref(result);
  return rc;
}

/* Reads, checks and saves a form; on success flashes and redirects to
 * `done`, otherwise re-renders with every error and every value kept. */
static enum sp_rc post_form(struct sp_req *req, struct sp__plan_area *a, const struct section *s,
                            int64_t id, const char *heading, const char *action,
                            const char *done) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  json_t *ch = sp__plan_choices(req, a);
  json_t *rec = NULL, *vals = NULL, *errs = NULL;
  enum sp_rc rc = sp_form_read(req, s->form, ch, &rec, &vals, &errs);
  if (rc != SP_OK) {
    json_decref(ch);
    return rc;
  }
  const char *rev = sp_req_form(req, "rev");
  if (!id && !s->kind && rev && *rev) {
    /* a one-record form opened before someone else saved it */
    char now[17];
    single_rev(ctx, a, s, now);
    if (strcmp(now, rev))
      sp_form_error(s->form, errs, "rev",
                    "Someone else changed this after you opened the page. Your change was not "
                    "saved: check it as it is now and make your change again.");
  }
  if (!json_array_size(errs)) {
    if (id) {
      /* an edit sends every field: an empty choice clears it */
      for (size_t i = 0; i < s->form->nfields; i++)
        if (!json_object_get(rec, s->form->fields[i].name))
          json_object_set_new(rec, s->form->fields[i].name, json_null());
      if (rev)
        json_object_set_new(rec, "rev", json_string(rev));
    }
    record_for_library(s, rec);
    int64_t new_id = 0;
    rc = save(ctx, a, s, id, rec, &new_id);
    if (rc == SP_OK) {
      json_decref(rec);
      json_decref(vals);
      json_decref(errs);
      json_decref(ch);
      sp_flash(req, s->done, s->next);
      return sp_resp_redirect(req, done);
    }
    if (rc == SP_ENOMEM || rc == SP_ESTORE || rc == SP_EINTERNAL) {
      json_decref(rec);
      json_decref(vals);
      json_decref(errs);
      json_decref(ch);
      return rc;
    }
    sp_form_ctx_error(ctx, s->form, errs);
  }
  json_decref(rec);
  char del[200];
  if (id)
    snprintf(del, sizeof(del), "%s/delete", action);
  /* the page shows the record's rev as it is now, so that a person who has
   * seen the message and checked can save */
  char cur[17] = "";
  json_t *now = NULL;
  if (id && sp_lsip_item_get(ctx, s->kind, id, &now) == SP_OK)
    snprintf(cur, sizeof(cur), "%s", sp_rec_str(now, "rev", NULL) ? sp_rec_str(now, "rev", NULL) : "");
  else if (!id && !s->kind)
    single_rev(ctx, a, s, cur);
  json_decref(now);
  sp_ctx_clear(ctx);
  rc = form_page(req, 400, a, s, heading, action, vals, NULL, errs, *cur ? cur : rev,
                 id ? del : NULL, ch);
  json_decref(vals);
  return rc;
}

enum sp_rc sp__h_plan_section_post(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  const struct section *s = section_of(sp_req_param(req, "section"));
  if (!s || s->kind)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, NULL, "There is no such form.");
  struct sp__plan_area a;
  enum sp_rc rc = sp__plan_area_load(req, &a);
  if (rc != SP_OK)
    return rc;
  if ((rc = may_use(ctx, &a, s)) == SP_OK) {
    char action[160], done[160];
    snprintf(action, sizeof(action), "/areas/%s/plan/%s", a.code, s->slug);
    snprintf(done, sizeof(done), "/areas/%s/plan", a.code);
    rc = post_form(req, &a, s, 0, s->heading, action, done);
  }
  sp__plan_area_free(&a);
  return rc;
}

/* The heading of a record's page: "Add a priority", "Change the priority". */
static void item_heading(const struct section *s, int64_t id, char *buf, size_t n) {
  const char *art = strchr("aeiou", s->noun[0]) ? "an" : "a";
  if (id)
    snprintf(buf, n, "Change the %s", s->noun);
  else
    snprintf(buf, n, "Add %s %s", art, s->noun);
}

enum sp_rc sp__h_plan_item(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  const struct section *s = section_of(sp_req_param(req, "section"));
  if (!s || !s->kind)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, NULL, "There is no such part of the plan.");
  int64_t id = item_id(req);
  if (!id && strcmp(sp_req_param(req, "id"), "new"))
    return sp_ctx_fail(ctx, SP_ENOTFOUND, NULL, "There is no such %s.", s->noun);
  struct sp__plan_area a;
  enum sp_rc rc = sp__plan_area_load(req, &a);
  if (rc != SP_OK)
    return rc;
  json_t *rec = NULL;
  if ((rc = may_use(ctx, &a, s)) != SP_OK ||
      (id && (rc = sp_lsip_item_get(ctx, s->kind, id, &rec)) != SP_OK))
    goto out;
  if (rec && strcmp(sp_rec_str(rec, "area_code", NULL) ? sp_rec_str(rec, "area_code", NULL) : "", a.code)) {
    rc = sp_ctx_fail(ctx, SP_ENOTFOUND, NULL, "There is no such %s in this area.", s->noun);
    goto out;
  }
  char heading[120], action[200], done[160];
  item_heading(s, id, heading, sizeof(heading));
  snprintf(action, sizeof(action), "/areas/%s/plan/%s/%s", a.code, s->slug,
           sp_req_param(req, "id"));
  snprintf(done, sizeof(done), "/areas/%s/plan/%s", a.code, s->slug);
  if (!strcmp(sp_req_method(req), "POST")) {
    rc = post_form(req, &a, s, id, heading, action, done);
  } else {
    char del[220];
    snprintf(del, sizeof(del), "%s/delete", action);
    rc = form_page(req, 200, &a, s, heading, action, NULL, rec, NULL,
                   rec ? sp_rec_str(rec, "rev", NULL) : NULL, id ? del : NULL, sp__plan_choices(req, &a));
  }
out:
  json_decref(rec);
  sp__plan_area_free(&a);
  return rc;
}

/* The confirm page (delete, withdraw): the record's rows and one button. */
static enum sp_rc confirm_page(struct sp_req *req, const struct sp__plan_area *a, const char *heading,
                               json_t *rows_, const char *warning, const char *button,
                               const char *action, const char *rev, json_t *errors) {
  json_t *d = sp__plan_base_data(req, a);
  json_object_set_new(d, "heading", json_string(heading));
  json_object_set_new(d, "caption", json_string(sp_rec_str(a->row, "name", NULL)));
  json_object_set_new(d, "summary_rows", rows_);
  json_object_set_new(d, "has_rows", json_true());
  json_object_set_new(d, "warning", warning ? json_string(warning) : json_null());
  json_object_set_new(d, "action", json_string(action));
  json_object_set_new(d, "form_id", json_string("form-confirm"));
  json_object_set_new(d, "submit", json_string(button));
  json_object_set_new(d, "button_class", json_string("govuk-button--warning"));
  json_object_set_new(d, "rev", rev ? json_string(rev) : json_null());
  json_object_set_new(d, "fields", json_array());
  json_object_set_new(d, "form_errors", errors ? errors : json_array());
  return sp_resp_page(req, errors ? 409 : 200, "lsip_form", heading, d);
}

enum sp_rc sp__h_plan_item_verb(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  const struct section *s = section_of(sp_req_param(req, "section"));
  const char *verb = sp_req_param(req, "verb");
  int64_t id = item_id(req);
  if (!s || !s->kind || !id)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, NULL, "There is no such record.");
  struct sp__plan_area a;
  enum sp_rc rc = sp__plan_area_load(req, &a);
  if (rc != SP_OK)
    return rc;
  json_t *rec = NULL;
  if ((rc = may_use(ctx, &a, s)) != SP_OK || (rc = sp_lsip_item_get(ctx, s->kind, id, &rec)) != SP_OK)
    goto out;
  if (strcmp(sp_rec_str(rec, "area_code", NULL) ? sp_rec_str(rec, "area_code", NULL) : "", a.code)) {
    rc = sp_ctx_fail(ctx, SP_ENOTFOUND, NULL, "There is no such %s in this area.", s->noun);
    goto out;
  }
  char list[160], action[220], heading[200];
  snprintf(list, sizeof(list), "/areas/%s/plan/%s", a.code, s->slug);
  snprintf(action, sizeof(action), "%s/%lld/%s", list, (long long)id, verb);
  int post = !strcmp(sp_req_method(req), "POST");
  if (!strcmp(verb, "move") && post) {
    const char *dir = sp_req_form(req, "dir");
    rc = sp_lsip_priority_move(ctx, id, dir && !strcmp(dir, "up") ? -1 : 1);
    if (rc == SP_OK) {
      char msg[700];
      snprintf(msg, sizeof(msg), "“%s” moved %s", sp_rec_str(rec, "title", NULL),
               dir && !strcmp(dir, "up") ? "up" : "down");
      sp_flash(req, msg, "The plan lists its priorities in this order.");
      rc = sp_resp_redirect(req, list);
    }
    goto out;
  }
  if (!strcmp(verb, "end") && !strcmp(s->slug, "interests")) {
    /* an interest that has ceased stays on the register, marked as ended */
    json_t *rows_ = json_array();
    sp__plan_row(rows_, "Person", sp_rec_str(rec, "person_name", NULL), NULL);
    sp__plan_row(rows_, "Interest in", sp_rec_str(rec, "interest_org_name", NULL), NULL);
    sp__plan_row(rows_, "Nature", sp_rec_str(rec, "nature", NULL), NULL);
    if (!post) {
      rc = confirm_page(req, &a, "Has this interest ended?", rows_,
                        "It stays on the public register, marked as ended today.",
                        "Yes, it has ended", action, NULL, NULL);
      goto out;
    }
    json_decref(rows_);
    if ((rc = sp_lsip_interest_end(ctx, id)) == SP_OK) {
      char msg[400];
      snprintf(msg, sizeof(msg), "The interest of %s has ended", sp_rec_str(rec, "person_name", NULL));
      sp_flash(req, msg, "The register shows it as ended today.");
      rc = sp_resp_redirect(req, list);
    }
    goto out;
  }
  if (strcmp(verb, "delete")) {
    rc = sp_ctx_fail(ctx, SP_ENOTFOUND, NULL, "There is no such page.");
    goto out;
  }
  json_t *ch = sp__plan_choices(req, &a);
  snprintf(heading, sizeof(heading), "Are you sure you want to delete this %s?", s->noun);
  json_t *rows_ = item_rows(s, rec, ch);
  json_array_insert_new(rows_, 0,
                        json_pack("{s:s, s:s, s:n, s:n}", "key",
                                  !strcmp(s->slug, "interests") ? "Person" : "Title", "value",
                                  item_title(s, rec) ? item_title(s, rec) : "", "href", "action"));
  json_decref(ch);
  const char *warning = !strcmp(s->slug, "priorities")
                            ? "Its actions stay in the plan, serving the whole plan. The audit log "
                              "keeps what it said."
                            : "The audit log keeps what it said.";
  if (!post) {
    rc = confirm_page(req, &a, heading, rows_, warning, "Yes, delete it", action, sp_rec_str(rec, "rev", NULL),
                      NULL);
    goto out;
  }
  rc = sp_lsip_item_delete(ctx, s->kind, id, sp_req_form(req, "rev"));
  if (rc == SP_OK) {
    json_decref(rows_);
    char msg[700];
    snprintf(msg, sizeof(msg), "“%s” deleted", item_title(s, rec) ? item_title(s, rec) : s->noun);
    sp_flash(req, msg, "It is no longer part of the plan.");
    rc = sp_resp_redirect(req, list);
  } else if (rc == SP_ECONFLICT || rc == SP_ESTATE || rc == SP_EINVAL) {
    json_t *errs = json_array();
    sp_form_ctx_error(ctx, NULL, errs);
    rc = confirm_page(req, &a, heading, rows_, warning, "Yes, delete it", action, sp_rec_str(rec, "rev", NULL),
                      errs);
  } else {
    json_decref(rows_);
  }
out:
  json_decref(rec);
  sp__plan_area_free(&a);
  return rc;
}

enum sp_rc sp__h_plan_mca_withdraw(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  const struct section *s = section_of("mca-statement");
  struct sp__plan_area a;
  enum sp_rc rc = sp__plan_area_load(req, &a);
  if (rc != SP_OK)
    return rc;
  if ((rc = may_use(ctx, &a, s)) != SP_OK)
    goto out;
  char action[160], done[160];
  snprintf(action, sizeof(action), "/areas/%s/plan/mca-statement/withdraw", a.code);
  snprintf(done, sizeof(done), "/areas/%s/plan", a.code);
  if (strcmp(sp_req_method(req), "POST")) {
    const json_t *st = json_array_get(json_object_get(a.plan, "mca_statements"), 0);
    if (!st) {
      rc = sp_ctx_fail(ctx, SP_ENOTFOUND, NULL, "There is no statement on this plan to withdraw.");
      goto out;
    }
    json_t *r = json_array();
    sp__plan_row(r, "Given on", sp_rec_str(st, "given_on", NULL), NULL);
    sp__plan_row(r, "Statement", sp_rec_str(st, "statement", NULL), NULL);
    rc = confirm_page(req, &a, "Are you sure you want to withdraw your statement?", r,
                      "A plan for this area cannot be submitted without the statement.",
                      "Yes, withdraw it", action, NULL, NULL);
    goto out;
  }
  if ((rc = sp_lsip_mca_statement_withdraw(ctx, a.plan_id)) == SP_OK) {
    sp_flash(req, "Statement withdrawn",
             "The body cannot submit the plan until you give a statement again (section 3.5).");
    rc = sp_resp_redirect(req, done);
  }
out:
  sp__plan_area_free(&a);
  return rc;
}

