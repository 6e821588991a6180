/*
 * pages_plan.c: the ERB's plan as GOV.UK pages, one thing per page.
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

static const char *jstr(const json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  return json_is_string(v) ? json_string_value(v) : NULL;
}

static int64_t jint(const json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  return json_is_integer(v) ? json_integer_value(v) : 0;
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
  if (!jstr(a->row, "name"))
    json_object_set_new(a->row, "name", json_string(a->code));
  enum sp_role role = sp_ctx_role(ctx);
  a->is_dfe = role == SP_ROLE_DFE_ADMIN;
  r = sp__plan_rows(ctx, "SELECT org_id FROM lsip_designations WHERE area_code = ? AND live = 1", "s",
           a->code);
  a->body = jint(json_array_get(r, 0), "org_id");
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
  a->plan_id = jint(json_array_get(r, 0), "id");
  json_decref(r);
  if (a->plan_id && sp_lsip_plan_get(ctx, a->plan_id, &a->plan) != SP_OK) {
    a->plan = NULL;
    sp_ctx_clear(ctx);
  }
  a->state = a->plan ? jstr(a->plan, "state") : NULL;
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
      snprintf(dst + len, sizeof(big) - len, "%s%s", len ? "\n" : "", jstr(e, "name"));
    }
    json_object_set_new(r, "employers", json_string(big));
    json_object_set_new(r, "small_employers", json_string(small));
  } else if (!strcmp(s->slug, "details")) {
    const char *st = jstr(rec, "mca_engagement_stages");
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
      const char *p = jstr(rec, keys[pass]);
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
  json_object_set_new(d, "caption", json_string(jstr(a->row, "name")));
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
      return jstr(c, "label");
  }
  return value;
}

/* The rows that show one record of a section. */
static json_t *item_rows(const struct section *s, const json_t *r, const json_t *ch) {
  json_t *l = json_array();
  char buf[64];
  if (!strcmp(s->slug, "needs")) {
    sp__plan_row(l, "Description", jstr(r, "description"), NULL);
    char emp[4000] = "";
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(r, "employers"), i, e) {
      size_t len = strlen(emp);
      snprintf(emp + len, sizeof(emp) - len, "%s%s%s", len ? "\n" : "", jstr(e, "name"),
               jint(e, "small_firm") ? " (small firm)" : "");
    }
    sp__plan_row(l, "Employers", emp, NULL);
  } else if (!strcmp(s->slug, "priorities")) {
    sp__plan_row(l, "Route", jstr(r, "route_code") ? sp__plan_label_of(ch, "routes", jstr(r, "route_code"))
                                          : "No route: this blocks submission",
        NULL);
    sp__plan_row(l, "Pathway", sp__plan_label_of(ch, "pathways", jstr(r, "pathway_code")), NULL);
    snprintf(buf, sizeof(buf), "%s to %s", jstr(r, "level_min") ? jstr(r, "level_min") : "any",
             jstr(r, "level_max") ? jstr(r, "level_max") : "any");
    sp__plan_row(l, "Levels", buf, NULL);
    sp__plan_row(l, "Outcome", jstr(r, "outcome"), NULL);
    sp__plan_row(l, "Skills", jstr(r, "skills_components"), NULL);
    sp__plan_row(l, "Change needed", jstr(r, "change_needed"), NULL);
    sp__plan_row(l, "Providers", jstr(r, "providers"), NULL);
  } else if (!strcmp(s->slug, "actions")) {
    sp__plan_row(l, "Who", jstr(r, "owner_kind"), NULL);
    sp__plan_row(l, "Owner", jstr(r, "owner_org_name") ? jstr(r, "owner_org_name")
                                              : "No owner: this blocks submission",
        NULL);
    snprintf(buf, sizeof(buf), "%lld", (long long)jint(r, "priority_id"));
    sp__plan_row(l, "Priority", jint(r, "priority_id") ? sp__plan_label_of(ch, "priority_choices", buf)
                                              : "The whole plan",
        NULL);
    char due[40];
    sp__plan_row(l, "Due", jstr(r, "due_date") ? sp_form_date_text(jstr(r, "due_date"), due,
                                                                    sizeof(due))
                                               : NULL,
                 NULL);
    sp__plan_row(l, "Progress", jstr(r, "status"), NULL);
  } else if (!strcmp(s->slug, "evidence")) {
    sp__plan_row(l, "Source", jstr(r, "source"), NULL);
    sp__plan_row(l, "Why it is robust", jstr(r, "why_robust"), NULL);
  } else if (!strcmp(s->slug, "interests")) {
    sp__plan_row(l, "Interest in", jstr(r, "interest_org_name"), NULL);
    sp__plan_row(l, "Nature", jstr(r, "nature"), NULL);
    sp__plan_row(l, "Training interests", jstr(r, "training_interests"), NULL);
    char on[40];
    sp__plan_row(l, "Declared", sp_form_date_text(jstr(r, "declared_on"), on, sizeof(on)), NULL);
    if (jstr(r, "ended_on"))
      sp__plan_row(l, "Ended", sp_form_date_text(jstr(r, "ended_on"), on, sizeof(on)), NULL);
  }
  return l;
}

static const char *item_title(const struct section *s, const json_t *r) {
  if (!strcmp(s->slug, "interests"))
    return jstr(r, "person_name");
  return jstr(r, "title");
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
             (long long)jint(r, "id"));
    int ended = jstr(r, "ended_on") != NULL;
    json_array_append_new(
        items, json_pack("{s:I, s:s, s:s, s:o, s:b, s:b, s:b, s:b, s:b}", "id",
                         (json_int_t)jint(r, "id"), "title",
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
    const char *r = jstr(x, "rule"), *st = jstr(x, "status");
    if (!r || strcmp(r, rule) || !st || !strcmp(st, "met"))
      continue;
    char when[40];
    sp_form_date_text(jstr(x, "due_date"), when, sizeof(when));
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
                             ? jstr(json_array_get(dps, json_array_size(dps) - 1), "state")
                             : NULL;
  size_t nreports = json_array_size(json_object_get(mon, "progress_reports"));
  size_t ninterests = json_array_size(json_object_get(reg, "interests"));
  int has_policy = jstr(reg, "policy") != NULL;
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
  json_array_foreach(json_object_get(p, "priorities"), i, x) if (!jstr(x, "route_code") ||
                                                                 !jstr(x, "providers")) prio_gaps++;
  json_array_foreach(json_object_get(p, "actions"), i, x) if (!jint(x, "owner_org_id")) action_gaps++;
  if (!a.plan_id) {
    json_array_append_new(writing, task("start", "Start the plan", erb && a.body ? HREF("start") : NULL,
                                        a.body ? "Give it a title" : "Once a body is designated",
                                        erb && a.body ? "Not started" : "Cannot start yet"));
  } else {
    const char *sum = jstr(p, "summary");
    json_array_append_new(writing, task("details", "Title, summary and MCA/GLA engagement",
                                        can ? HREF("details") : NULL, jstr(p, "title"),
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
    const char *nz = jstr(p, "net_zero");
    json_array_append_new(writing, task("net-zero", "Net zero", can ? HREF("net-zero") : NULL,
                                        NULL, nz && *nz ? "Completed" : "Not started"));
    /* the dates and participants of stages A, B and C (guidance 5.2), on the preview page */
    json_t *sg = sp__plan_rows(ctx,
                               "SELECT COUNT(*) AS n FROM report_stages WHERE plan_id = ? AND"
                               " started_on IS NOT NULL AND completed_on IS NOT NULL AND"
                               " participants <> ''",
                               "i", a.plan_id);
    int64_t nstages = jint(json_array_get(sg, 0), "n");
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
      int has = jint(json_array_get(t, 0), "n") > 0;
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
                                       jstr(st, "org_name"),
                                       sp_form_date_text(jstr(st, "given_on"), dueb[2],
                                                         sizeof(dueb[2]))),
                              buf[bi])
                           : "Given by the mayoral combined authority or GLA (section 3.5)",
                        nm ? "Completed" : "Not started"));
      bi++;
    }
    /* readiness: the report's check, the same the submission runs */
    struct sp_report_plan *rp = NULL;
    struct sp_readiness *r = NULL;
    if (sp_report_load(ctx, a.code, (int)jint(p, "version"), &rp, NULL) == SP_OK &&
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
      const char *status = jstr(x, "status");
      if (!status || !strcmp(status, "met") || json_array_size(due) >= 3)
        continue;
      char when[40];
      json_array_append_new(due, json_pack("{s:O, s:s, s:O, s:b}", "title",
                                           json_object_get(x, "title"), "due_date",
                                           sp_form_date_text(jstr(x, "due_date"), when,
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
  snprintf(title, sizeof(title), "Plan: %s", jstr(a.row, "name"));
  sp__plan_area_free(&a);
#undef HREF
  return sp_resp_page(req, 200, "lsip_plan", title, d);
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
    json_object_set_new(r, "engaged", json_boolean(jint(st, "engaged")));
    json_object_set_new(r, "had_opportunity", json_boolean(jint(st, "had_opportunity")));
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
    return sp_report_part_set(ctx, a->code, 0, s->slug, jstr(rec, "text") ? jstr(rec, "text") : "");
  if (!strcmp(s->op, "mca_statement"))
    return sp_lsip_mca_statement_give(ctx, a->plan_id, rec, new_id);
  int plan_level = s->needs_plan;
  rc = sp__web_lsip_op(ctx, s->op, a->code, plan_level ? a->plan_id : 0, rec, &result);
  if (rc == SP_OK)
    *new_id = jint(result, "id");
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
    snprintf(cur, sizeof(cur), "%s", jstr(now, "rev") ? jstr(now, "rev") : "");
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
  if (rec && strcmp(jstr(rec, "area_code") ? jstr(rec, "area_code") : "", a.code)) {
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
                   rec ? jstr(rec, "rev") : NULL, id ? del : NULL, sp__plan_choices(req, &a));
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
  json_object_set_new(d, "caption", json_string(jstr(a->row, "name")));
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
  if (strcmp(jstr(rec, "area_code") ? jstr(rec, "area_code") : "", a.code)) {
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
      snprintf(msg, sizeof(msg), "“%s” moved %s", jstr(rec, "title"),
               dir && !strcmp(dir, "up") ? "up" : "down");
      sp_flash(req, msg, "The plan lists its priorities in this order.");
      rc = sp_resp_redirect(req, list);
    }
    goto out;
  }
  if (!strcmp(verb, "end") && !strcmp(s->slug, "interests")) {
    /* an interest that has ceased stays on the register, marked as ended */
    json_t *rows_ = json_array();
    sp__plan_row(rows_, "Person", jstr(rec, "person_name"), NULL);
    sp__plan_row(rows_, "Interest in", jstr(rec, "interest_org_name"), NULL);
    sp__plan_row(rows_, "Nature", jstr(rec, "nature"), NULL);
    if (!post) {
      rc = confirm_page(req, &a, "Has this interest ended?", rows_,
                        "It stays on the public register, marked as ended today.",
                        "Yes, it has ended", action, NULL, NULL);
      goto out;
    }
    json_decref(rows_);
    if ((rc = sp_lsip_interest_end(ctx, id)) == SP_OK) {
      char msg[400];
      snprintf(msg, sizeof(msg), "The interest of %s has ended", jstr(rec, "person_name"));
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
    rc = confirm_page(req, &a, heading, rows_, warning, "Yes, delete it", action, jstr(rec, "rev"),
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
    rc = confirm_page(req, &a, heading, rows_, warning, "Yes, delete it", action, jstr(rec, "rev"),
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
    sp__plan_row(r, "Given on", jstr(st, "given_on"), NULL);
    sp__plan_row(r, "Statement", jstr(st, "statement"), NULL);
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
  sp__plan_row(r, "Title", jstr(p, "title"), NULL);
  for (size_t i = 0; i < SP_ARRAY_LEN(lists); i++) {
    size_t n = json_array_size(json_object_get(p, lists[i].list));
    snprintf(v[i], sizeof(v[i]), "%zu %s", n, n == 1 ? lists[i].one : lists[i].many);
    snprintf(h[i], sizeof(h[i]), "/areas/%s/plan/%s", a->code, lists[i].slug);
    sp__plan_row(r, lists[i].key, v[i], links ? h[i] : NULL);
  }
  snprintf(h[4], sizeof(h[4]), "/areas/%s/plan/net-zero", a->code);
  sp__plan_row(r, "Net zero", jstr(p, "net_zero"), links ? h[4] : NULL);
  const json_t *st = json_array_get(json_object_get(p, "mca_statements"), 0);
  if (st) {
    snprintf(v[5], sizeof(v[5]), "%s, %s: %s", jstr(st, "org_name"), jstr(st, "given_on"),
             jint(st, "engaged") ? "engaged in the plan" : "not engaged in the plan");
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
  json_object_set_new(d, "caption", json_string(jstr(a->row, "name")));
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
    rc = sp_lsip_plan_transition(ctx, a.plan_id, act, jstr(rec, "note"));
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
