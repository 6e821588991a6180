/*
 * pages_home.c: each signed-in person's home (/home): the employer
 * representative body goes straight to its area's plan; DfE, providers, MCA
 * or GLA officers, funders and viewers see what waits on them
 * (core/home.h). Also /sources, the documents the rules cite.
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "core/home.h"
#include "core/sources.h"
#include "handlers.h"

/* Where an ERB works on its area's plan: the plan as a task list. */
#define SP_ERB_PLAN_PATH "/areas/%s/plan"

/* Marks each row's `state` for a tag: state_label and tag_class. */
static void plan_state_tags(json_t *rows) {
  static const struct {
    const char *state, *label, *tag;
  } tags[] = {
      {"draft", "Draft", "govuk-tag--grey"},
      {"submitted", "Submitted", "govuk-tag--blue"},
      {"resubmitted", "Resubmitted", "govuk-tag--blue"},
      {"returned", "Returned", "govuk-tag--orange"},
      {"approved", "Approved", "govuk-tag--turquoise"},
      {"published", "Published", "govuk-tag--green"},
      {"under_review", "Under review", "govuk-tag--yellow"},
      {"updated", "Updated", "govuk-tag--green"},
  };
  size_t i;
  json_t *r;
  json_array_foreach(rows, i, r) {
    const char *s = json_string_value(json_object_get(r, "state"));
    for (size_t k = 0; s && k < SP_ARRAY_LEN(tags); k++)
      if (strcmp(s, tags[k].state) == 0) {
        json_object_set_new(r, "state_label", json_string(tags[k].label));
        json_object_set_new(r, "tag_class", json_string(tags[k].tag));
      }
  }
}

/* Words for a co-operation kind. */
static void cooperation_words(json_t *rows) {
  size_t i;
  json_t *r;
  json_array_foreach(rows, i, r) {
    const char *k = json_string_value(json_object_get(r, "kind"));
    const char *w = !k                          ? ""
                    : strcmp(k, "meeting") == 0  ? "Meeting"
                    : strcmp(k, "response") == 0 ? "Response to the ERB"
                    : strcmp(k, "evidence") == 0 ? "Evidence given"
                                                 : k;
    json_object_set_new(r, "kind_words", json_string(w));
  }
}

void sp__home_records_words(json_t *records) { cooperation_words(json_object_get(records, "cooperation")); }

enum sp_rc sp__h_my_home(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  json_t *w = NULL;
  enum sp_rc rc = sp_home_worklist(ctx, sp_ctx_today(ctx), &w);
  if (rc != SP_OK)
    return rc;
  enum sp_role role = sp_ctx_role(ctx);
  const char *tpl = "home_viewer";
  char title[128];
  snprintf(title, sizeof(title), "Your home");
  switch (role) {
  case SP_ROLE_ERB_EDITOR: {
    json_t *areas = json_object_get(w, "areas");
    if (json_array_size(areas) == 1) {
      char loc[96];
      snprintf(loc, sizeof(loc), SP_ERB_PLAN_PATH,
               json_string_value(json_object_get(json_array_get(areas, 0), "code")));
      json_decref(w);
      return sp_resp_redirect(req, loc);
    }
    tpl = "home_erb";
    break;
  }
  case SP_ROLE_DFE_ADMIN:
    tpl = "home_dfe";
    plan_state_tags(json_object_get(w, "plans"));
    json_object_set_new(w, "waiting_count",
                        json_integer((json_int_t)(json_array_size(json_object_get(w, "plans")) +
                                                  json_array_size(json_object_get(w, "delivery_plans")))));
    {
      json_int_t total = 0;
      size_t i;
      json_t *o;
      json_array_foreach(json_object_get(w, "overdue"), i, o) total +=
          json_integer_value(json_object_get(o, "count"));
      json_object_set_new(w, "overdue_count", json_integer(total));
    }
    break;
  case SP_ROLE_PROVIDER_EDITOR:
    tpl = "home_provider";
    sp__home_records_words(json_object_get(w, "records"));
    plan_state_tags(json_object_get(w, "priorities"));
    break;
  case SP_ROLE_MCA_REVIEWER:
    tpl = "home_mca";
    plan_state_tags(json_object_get(w, "plans"));
    break;
  case SP_ROLE_FUNDER:
    tpl = "home_funder";
    break;
  default:
    break;
  }
  char today[SP_DATE_BUFSZ];
  json_object_set_new(w, "today", json_string(sp_date_format(sp_ctx_today(ctx), today)));
  return sp_resp_page(req, 200, tpl, title, w);
}

enum sp_rc sp__h_sources(struct sp_req *req) {
  size_t n;
  const struct sp_source *s = sp_sources_list(&n);
  json_t *rows = json_array();
  for (size_t i = 0; rows && i < n; i++)
    json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "file", s[i].file,
                                          "title", s[i].title, "full_title", s[i].full_title,
                                          "publisher", s[i].publisher, "published",
                                          s[i].published, "parts", s[i].parts));
  if (!rows)
    return sp_ctx_fail(sp_req_ctx(req), SP_ENOMEM, NULL, "out of memory");
  return sp_resp_page(req, 200, "sources", "Sources", json_pack("{s:o}", "sources", rows));
}
