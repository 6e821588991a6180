/*
 * pages_decide.c: the department's decisions about an area's designation,
 * one thing per page with a check-answers page before each (GOV.UK "Check
 * answers"): designate a body, change the terms, remove the designation,
 * intervene, decide on the delivery plan, and (DfE or the area's body)
 * decide whether a provider is under the duties; and a provider's own
 * records for the area (co-operation, section 5 review, contributions to
 * priorities), each a form on its own page.
 *
 *   GET  /areas/{code}/decide/{what}   the form
 *   POST /areas/{code}/decide/{what}   checked: errors re-render the form with
 *                                      every value kept; a valid form shows
 *                                      the answers to check, carrying them in
 *                                      hidden fields; "Change your answers"
 *                                      goes back to the form with them; the
 *                                      confirm button (confirm=yes) writes,
 *                                      then the area's page says what
 *                                      happened and what comes next.
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "handlers_lsip.h"
#include "lsip_forms.h"
#include "lsip_pages.h"

enum who { DFE, DFE_OR_ERB, PROVIDER };

static const struct decision {
  const char *what; /* URL segment */
  const char *op;   /* sp__web_lsip_op */
  const struct sp_form *form;
  int needs_live;   /* the area must have a designated body (0: must not; -1: either) */
  enum who who;
  int check;        /* a check-answers page comes before the write */
  const char *heading, *check_heading, *button, *done, *next;
  int warning;      /* the confirm button is a warning button */
} decisions[] = {
    {"designate", "designate", &sp__form_designate, 0, DFE, 1, "Designate an employer representative body",
     "Check the designation before you publish it", "Designate and publish the notice",
     "Body designated and notice published",
     "The body files its delivery plan within 28 days (section 4.2.1).", 0},
    {"terms", "terms", &sp__form_terms, 1, DFE, 1, "Change the terms of the designation",
     "Check the new terms before you publish them", "Publish the new terms", "Terms changed",
     "The designation notice was published again with the new terms (section 4.1).", 0},
    {"remove", "remove", &sp__form_remove, 1, DFE, 1, "Remove the designation",
     "Check the removal before you publish it", "Remove the designation",
     "Designation removed and notice published",
     "The area's plan stays with the area for the next body (section 4.1).", 1},
    {"intervene", "intervene", &sp__form_intervene, 1, DFE, 1, "Intervene",
     "Check the intervention before you record it", "Record the intervention",
     "Intervention recorded", "The body is told; the next level comes only after this one (section 4.3.2).",
     1},
    {"delivery-plan", "delivery_plan_decision", &sp__form_dp_decision, 1, DFE, 1,
     "Decide on the delivery plan", "Check your decision on the delivery plan",
     "Record the decision", "Decision on the delivery plan recorded",
     "The body sees it on its plan's tasks.", 0},
    {"relevance", "relevance", &sp__form_relevance, -1, DFE_OR_ERB, 1,
     "Decide whether a provider is under the duties", "Check your decision on the provider",
     "Record the decision", "Decision on the provider recorded",
     "Relevant providers co-operate with the body and review their provision (section 3.4).", 0},
    {"cooperation", "cooperation", &sp__form_cooperation, -1, PROVIDER, 0,
     "Record your co-operation with the body", NULL, NULL, "Co-operation recorded",
     "The body and the department can see it.", 0},
    {"section5", "section5", &sp__form_section5, -1, PROVIDER, 0,
     "Your section 5 review: how well your provision meets local needs", NULL, NULL,
     "Section 5 review recorded", "The body and the department can see it.", 0},
    {"contribution", "contribution", &sp__form_contribution, -1, PROVIDER, 0,
     "Record a contribution to a priority", NULL, NULL, "Contribution recorded",
     "It shows against the priority (accountability agreement, section 3.4.2).", 0},
};

static const struct decision *decision_of(const char *what) {
  for (size_t i = 0; i < SP_ARRAY_LEN(decisions); i++)
    if (!strcmp(decisions[i].what, what))
      return &decisions[i];
  return NULL;
}

/* What was typed, as hidden fields for the check-answers page. */
static json_t *hidden_of(const struct sp_form *f, const json_t *vals) {
  json_t *h = json_array();
  for (size_t i = 0; i < f->nfields; i++) {
    const struct sp_form_field *fd = &f->fields[i];
    json_t *v = json_object_get(vals, fd->name);
    char name[96];
    if (fd->type == SP_F_DATE) {
      static const char *const parts[] = {"day", "month", "year"};
      for (int k = 0; k < 3; k++) {
        snprintf(name, sizeof(name), "%s-%s", fd->name, parts[k]);
        json_array_append_new(h, json_pack("{s:s, s:O}", "name", name, "value",
                                           json_object_get(v, parts[k])));
      }
    } else if (json_is_array(v)) {
      size_t k;
      json_t *x;
      json_array_foreach(v, k, x) json_array_append_new(
          h, json_pack("{s:s, s:O}", "name", fd->name, "value", x));
    } else if (json_is_string(v)) {
      json_array_append_new(h, json_pack("{s:s, s:O}", "name", fd->name, "value", v));
    }
  }
  return h;
}

/* The answers as summary rows: labels of choices, dates, money. */
static json_t *answer_rows(const struct sp_form *f, const json_t *rec, const json_t *ch) {
  json_t *rows = json_array();
  for (size_t i = 0; i < f->nfields; i++) {
    const struct sp_form_field *fd = &f->fields[i];
    json_t *v = json_object_get(rec, fd->name);
    char buf[2048] = "";
    const char *shown = NULL;
    if (fd->type == SP_F_MONEY && json_is_integer(v)) {
      shown = sp_form_money(json_integer_value(v), buf, sizeof(buf));
    } else if (fd->type == SP_F_CHECKBOXES || fd->type == SP_F_SELECT ||
               fd->type == SP_F_RADIOS) {
      json_t *list = json_is_array(v) ? json_incref(v) : json_pack("[O]", v ? v : json_null());
      size_t k;
      json_t *x;
      json_array_foreach(list, k, x) {
        char num[32];
        const char *s = json_is_integer(x) ? (snprintf(num, sizeof(num), "%lld",
                                                       (long long)json_integer_value(x)),
                                              num)
                                           : json_string_value(x);
        if (!s)
          continue;
        const char *label = s;
        for (const struct sp_form_option *o = fd->options; o && o->value; o++)
          if (!strcmp(o->value, s))
            label = o->label;
        if (fd->choices)
          label = sp__plan_label_of(ch, fd->choices, s);
        size_t len = strlen(buf);
        snprintf(buf + len, sizeof(buf) - len, "%s%s", len ? "\n" : "", label);
      }
      json_decref(list);
      shown = buf;
    } else if (fd->type == SP_F_DATE && json_is_string(v)) {
      shown = sp_form_date_text(json_string_value(v), buf, sizeof(buf));
    } else if (json_is_string(v)) {
      shown = json_string_value(v);
    }
    sp__plan_row(rows, fd->label, shown, NULL);
  }
  return rows;
}

static enum sp_rc page(struct sp_req *req, int status, const struct sp__plan_area *a,
                       const struct decision *d, int checking, const json_t *vals,
                       const json_t *rec, json_t *errors, json_t *ch) {
  json_t *data = sp__plan_base_data(req, a);
  char action[160], back[160];
  snprintf(action, sizeof(action), "/areas/%s/decide/%s", a->code, d->what);
  snprintf(back, sizeof(back), "/areas/%s/lsip", a->code);
  json_object_set_new(data, "back", json_string(back));
  json_object_set_new(data, "intro", json_null());
  json_object_set_new(data, "caption", json_string(json_string_value(json_object_get(a->row, "name"))));
  json_object_set_new(data, "action", json_string(action));
  json_object_set_new(data, "form_id", json_string(d->form->id));
  json_object_set_new(data, "rev", json_null());
  json_object_set_new(data, "form_errors", errors ? json_incref(errors) : json_array());
  if (checking) {
    json_object_set_new(data, "heading", json_string(d->check_heading));
    json_object_set_new(data, "summary_rows", answer_rows(d->form, rec, ch));
    json_object_set_new(data, "has_rows", json_true());
    json_object_set_new(data, "hidden", hidden_of(d->form, vals));
    json_object_set_new(data, "fields", json_array());
    json_object_set_new(data, "submit", json_string(d->button));
    json_object_set_new(data, "confirm", json_true());
    json_object_set_new(data, "change_button", json_true());
    json_object_set_new(data, "confirm_heading", json_string("Now confirm"));
    if (d->warning)
      json_object_set_new(data, "button_class", json_string("govuk-button--warning"));
  } else {
    json_object_set_new(data, "heading", json_string(d->heading));
    json_object_set_new(data, "fields", sp_form_view(d->form, vals, NULL, errors, ch));
    json_object_set_new(data, "submit", json_string(d->check ? "Continue" : "Save"));
  }
  char title[200];
  snprintf(title, sizeof(title), "%s%s", json_array_size(errors) ? "Error: " : "",
           checking ? d->check_heading : d->heading);
  json_decref(errors);
  json_decref(ch);
  return sp_resp_page(req, status, "lsip_form", title, data);
}

/* The typed record as the library takes it. */
static void for_library(const struct decision *d, json_t *rec, const char *code) {
  if (!strcmp(d->op, "designate")) {
    static const char *const tests[] = {"body_corporate",       "not_crown_servant",
                                        "not_sos_appointed",    "not_public_authority",
                                        "capable",              "reasonably_representative"};
    json_t *chosen = json_object_get(rec, "eligibility");
    for (size_t i = 0; i < SP_ARRAY_LEN(tests); i++) {
      int got = 0;
      size_t k;
      json_t *x;
      json_array_foreach(chosen, k, x) if (!strcmp(json_string_value(x), tests[i])) got = 1;
      json_object_set_new(rec, tests[i], json_boolean(got));
    }
    json_object_del(rec, "eligibility");
    json_object_set_new(rec, "area_code", json_string(code));
  } else if (!strcmp(d->op, "relevance")) {
    static const char *const answers[] = {"delivers_technical", "publicly_funded",
                                          "ofsted_inspected", "teaches_in_area"};
    json_t *chosen = json_object_get(rec, "answers");
    for (size_t i = 0; i < SP_ARRAY_LEN(answers); i++) {
      int got = 0;
      size_t k;
      json_t *x;
      json_array_foreach(chosen, k, x) if (!strcmp(json_string_value(x), answers[i])) got = 1;
      json_object_set_new(rec, answers[i], json_boolean(got));
    }
    json_object_del(rec, "answers");
  } else if (!strcmp(d->op, "intervene")) {
    const char *level = json_string_value(json_object_get(rec, "level"));
    if (!level || strcmp(level, "funding"))
      json_object_del(rec, "funding_after_pence");
    if (!level || strcmp(level, "removal"))
      json_object_del(rec, "removal_reason");
  }
}

enum sp_rc sp__h_lsip_decide(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  const struct decision *d = decision_of(sp_req_param(req, "what"));
  if (!d)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, NULL, "There is no such decision.");
  struct sp__plan_area a;
  enum sp_rc rc = sp__plan_area_load(req, &a);
  if (rc != SP_OK)
    return rc;
  enum sp_role role = sp_ctx_role(ctx);
  if (d->who == DFE && !a.is_dfe) {
    rc = sp_ctx_fail(ctx, SP_EFORBIDDEN, NULL,
                     "Only the Department for Education takes this decision (section 4).");
    goto out;
  }
  if (d->who == DFE_OR_ERB && !a.is_dfe && !a.own_erb) {
    rc = sp_ctx_fail(ctx, SP_EFORBIDDEN, NULL,
                     "Only the department or the area's designated body decides this (section "
                     "3.4).");
    goto out;
  }
  if (d->who == PROVIDER && role != SP_ROLE_PROVIDER_EDITOR) {
    rc = sp_ctx_fail(ctx, SP_EFORBIDDEN, NULL,
                     "Only a provider records its own co-operation, reviews and contributions "
                     "(section 3.4.1).");
    goto out;
  }
  if (d->needs_live == 1 && !a.body) {
    rc = sp_ctx_fail(ctx, SP_ECONFLICT, NULL, "No body is designated for this area.");
    goto out;
  }
  if (d->needs_live == 0 && a.body) {
    rc = sp_ctx_fail(ctx, SP_ECONFLICT, NULL,
                     "A body is already designated for this area: one body per area at a time "
                     "(section 4.1).");
    goto out;
  }
  json_t *ch = sp__plan_choices(req, &a);
  if (!strcmp(d->op, "contribution")) {
    /* the priorities of the area's published plan */
    json_object_set_new(ch, "published_priorities",
                        sp__plan_rows(ctx,
                                      "SELECT p.id AS value, p.title AS label FROM lsip_priorities p"
                                      " WHERE p.plan_id = (SELECT id FROM lsip_plans WHERE"
                                      " area_code = ? AND published_on IS NOT NULL ORDER BY"
                                      " version DESC LIMIT 1) ORDER BY p.ord, p.id",
                                      "s", a.code));
  }
  if (strcmp(sp_req_method(req), "POST")) {
    rc = page(req, 200, &a, d, 0, NULL, NULL, NULL, ch);
    goto out;
  }
  json_t *rec = NULL, *vals = NULL, *errs = NULL;
  if ((rc = sp_form_read(req, d->form, ch, &rec, &vals, &errs)) != SP_OK) {
    json_decref(ch);
    goto out;
  }
  const char *step = sp_req_form(req, "step"), *confirm = sp_req_form(req, "confirm");
  if (json_array_size(errs) || (step && !strcmp(step, "change"))) {
    rc = page(req, json_array_size(errs) ? 400 : 200, &a, d, 0, vals, NULL, errs, ch);
    errs = NULL;
  } else if (d->check && (!confirm || strcmp(confirm, "yes"))) {
    rc = page(req, 200, &a, d, 1, vals, rec, NULL, ch);
  } else {
    json_t *result = NULL;
    json_t *in = json_deep_copy(rec);
    for_library(d, in, a.code);
    int64_t id = 0;
    if (!strcmp(d->op, "contribution")) { /* the priority is the record written to */
      json_t *pid = json_object_get(in, "priority_id");
      id = json_is_integer(pid) ? json_integer_value(pid) : 0;
      json_object_del(in, "priority_id");
    }
    rc = sp__web_lsip_op(ctx, d->op, a.code, id, in, &result);
    json_decref(in);
    json_decref(result);
    if (rc == SP_OK) {
      json_decref(ch);
      sp_flash(req, d->done, d->next);
      char done[160];
      snprintf(done, sizeof(done), "/areas/%s/lsip", a.code);
      rc = sp_resp_redirect(req, done);
    } else if (rc == SP_EINVAL || rc == SP_ESTATE || rc == SP_ECONFLICT || rc == SP_EFORBIDDEN ||
               rc == SP_ENOTFOUND) {
      enum sp_rc why = rc;
      sp_form_ctx_error(ctx, d->form, errs);
      rc = page(req, sp_rc_http(why), &a, d, 0, vals, NULL, errs, ch);
      errs = NULL;
    } else {
      json_decref(ch);
    }
  }
  json_decref(rec);
  json_decref(vals);
  json_decref(errs);
out:
  sp__plan_area_free(&a);
  return rc;
}
