/*
 * api_lsip.c: the LSIP JSON API: deadlines (the statutory clock), DfE's
 * board, designations and notices, registers of interests, provider
 * relevance, monitoring records, plans, and every write through one
 * dispatcher (lsip_ops.c), which first checks a record with the page
 * form's rules (lsip_forms.c) and answers every error at once as
 * error.errors; and the edit, delete, reorder and withdraw endpoints
 * (core/lsip/edit.h). Role rules are the library's: each write asks the
 * policy table and then the module's own rules (own area, own records,
 * recusal), so the API refuses exactly what the pages refuse.
 */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "core/lsip/edit.h"
#include "core/lsip/lsip.h"
#include "core/policy.h"
#include "handlers.h"
#include "handlers_lsip.h"
#include "lsip_forms.h"
#include "store/store.h"

enum sp_rc sp__api_lsip_deadlines(struct sp_req *req) {
  int32_t as_of;
  json_t *items = NULL;
  enum sp_rc rc = sp_req_as_of(req, &as_of);
  const char *area = sp_req_query(req, "area");
  if (rc != SP_OK ||
      (rc = sp_lsip_deadlines(sp_req_ctx(req), area && *area ? area : NULL, as_of, &items)) != SP_OK)
    return rc;
  char d[SP_DATE_BUFSZ];
  return sp_resp_json(req, 200,
                      json_pack("{s:s, s:i, s:I, s:o}", "as_of", sp_date_format(as_of, d),
                                "due_within_days", 14, "count", (json_int_t)json_array_size(items),
                                "items", items));
}

enum sp_rc sp__api_lsip_board(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  int32_t as_of;
  json_t *rows = NULL;
  enum sp_rc rc = sp_policy_check(ctx, SP_ACT_PLAN_DECIDE);
  if (rc != SP_OK || (rc = sp_req_as_of(req, &as_of)) != SP_OK ||
      (rc = sp_lsip_board(ctx, as_of, sp_req_query(req, "sort"), sp_req_query(req, "status"),
                          sp_req_query(req, "state"), &rows)) != SP_OK)
    return rc;
  char d[SP_DATE_BUFSZ];
  return sp_resp_json(req, 200,
                      json_pack("{s:s, s:I, s:o}", "as_of", sp_date_format(as_of, d), "count",
                                (json_int_t)json_array_size(rows), "items", rows));
}

static enum sp_rc list(struct sp_req *req, enum sp_rc (*fn)(struct sp_ctx *, const char *, json_t **),
                       const char *area) {
  json_t *out = NULL;
  enum sp_rc rc = fn(sp_req_ctx(req), area && *area ? area : NULL, &out);
  if (rc != SP_OK)
    return rc;
  return sp_resp_json(req, 200, json_pack("{s:I, s:o}", "count", (json_int_t)json_array_size(out),
                                          "items", out));
}

enum sp_rc sp__api_lsip_designations(struct sp_req *req) {
  return list(req, sp_lsip_designations, sp_req_query(req, "area"));
}

enum sp_rc sp__api_lsip_notices(struct sp_req *req) {
  return list(req, sp_lsip_notices, sp_req_query(req, "area"));
}

enum sp_rc sp__api_lsip_relevance(struct sp_req *req) {
  return list(req, sp_lsip_relevance_list, sp_req_param(req, "code"));
}

enum sp_rc sp__api_lsip_register(struct sp_req *req) {
  json_t *out = NULL;
  enum sp_rc rc = sp_lsip_register(sp_req_ctx(req), sp_req_param(req, "code"), &out);
  if (rc != SP_OK)
    return rc;
  return sp_resp_json(req, 200, out);
}

enum sp_rc sp__api_lsip_monitoring(struct sp_req *req) {
  json_t *out = NULL;
  enum sp_rc rc = sp_lsip_monitoring(sp_req_ctx(req), sp_req_param(req, "code"), &out);
  if (rc != SP_OK)
    return rc;
  return sp_resp_json(req, 200, out);
}

static enum sp_rc plan_answer(struct sp_req *req, int64_t id) {
  json_t *out = NULL;
  enum sp_rc rc = sp_lsip_plan_get(sp_req_ctx(req), id, &out);
  if (rc != SP_OK)
    return rc;
  return sp_resp_json(req, 200, out);
}

enum sp_rc sp__api_lsip_area_plan(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  const char *area = sp_req_param(req, "code");
  int64_t id = 0;
  /* the latest version the actor may read: drafts only for those the policy
   * lets read them (sp_lsip_may_read_draft), the latest published otherwise */
  enum sp_rc rc = sp_lsip_plan_readable(ctx, area, &id);
  if (rc != SP_OK)
    return rc;
  if (!id)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "code", "area %.40s has no %splan", area,
                       sp_lsip_may_read_draft(ctx, area) ? "" : "published ");
  return plan_answer(req, id);
}

enum sp_rc sp__api_lsip_plan(struct sp_req *req) {
  int64_t id = sp__parse_id(sp_req_param(req, "id"));
  if (!id)
    return sp_ctx_fail(sp_req_ctx(req), SP_ENOTFOUND, "id", "there is no plan '%.40s'",
                       sp_req_param(req, "id"));
  return plan_answer(req, id);
}

enum sp_rc sp__api_lsip_provider_records(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  int64_t org = sp__parse_id(sp_req_param(req, "org"));
  if (!org)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "org", "there is no organisation '%.40s'",
                       sp_req_param(req, "org"));
  json_t *out = NULL;
  enum sp_rc rc = sp_lsip_provider_records(ctx, sp_req_param(req, "code"), org, &out);
  if (rc != SP_OK)
    return rc;
  return sp_resp_json(req, 200, out);
}

/* URL segment -> op, for the POST routes. */
static const struct {
  const char *segment, *op;
} area_ops[] = {
    {"designation", "designate"},        {"terms", "terms"},
    {"removal", "remove"},               {"delivery-plans", "delivery_plan"},
    {"delivery-plan-decision", "delivery_plan_decision"},
    {"progress-reports", "progress_report"},
    {"interventions", "intervene"},      {"coi-policy", "policy"},
    {"interests", "interest"},           {"plans", "plan_create"},
    {"plan-replacement", "plan_replace"}, {"relevance", "relevance"},
    {"cooperation", "cooperation"},      {"section5-reviews", "section5"},
},
  plan_ops[] = {
      {"needs", "need"},       {"priorities", "priority"},         {"actions", "action"},
      {"evidence", "evidence"}, {"mca-statement", "mca_statement"}, {"transitions", "transition"},
},
  item_ops[] = {
      {"interests/end", "interest_end"},
      {"priorities/contributions", "contribution"},
      {"actions/status", "action_status"},
};

static enum sp_rc run(struct sp_req *req, const char *op, const char *area, int64_t id) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  json_t *in = NULL, *result = NULL;
  size_t len = 0;
  sp_req_body(req, &len);
  enum sp_rc rc = len ? sp_req_json(req, &in) : SP_OK;
  if (rc != SP_OK)
    return rc;
  json_t *body = in ? json_deep_copy(in) : json_object();
  if (!body)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  /* the rules the page form checks, all at once, with the same messages */
  const struct sp_form *form = sp__web_lsip_form(op);
  json_t *errs = NULL;
  if (form && (rc = sp_form_read_json(ctx, form, body, 0, NULL, &errs)) != SP_OK) {
    json_decref(body);
    return rc;
  }
  if (json_array_size(errs)) {
    json_decref(body);
    return sp_form_api_error(req, errs);
  }
  json_decref(errs);
  rc = sp__web_lsip_op(ctx, op, area, id, body, &result);
  json_decref(body);
  if (rc != SP_OK)
    return rc;
  return sp_resp_json(req, 201, result);
}

enum sp_rc sp__api_lsip_post_root(struct sp_req *req) {
  return run(req, "designate", NULL, 0);
}

enum sp_rc sp__api_lsip_post_area(struct sp_req *req) {
  const char *what = sp_req_param(req, "what");
  for (size_t i = 0; i < SP_ARRAY_LEN(area_ops); i++)
    if (!strcmp(what, area_ops[i].segment))
      return run(req, area_ops[i].op, sp_req_param(req, "code"), 0);
  return sp_ctx_fail(sp_req_ctx(req), SP_ENOTFOUND, NULL, "there is no LSIP action '%.40s'", what);
}

enum sp_rc sp__api_lsip_post_plan(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  int64_t id = sp__parse_id(sp_req_param(req, "id"));
  if (!id)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "id", "there is no plan '%.40s'", sp_req_param(req, "id"));
  if (!strcmp(sp_req_method(req), "PATCH"))
    return run(req, "plan_edit", NULL, id);
  const char *what = sp_req_param(req, "what");
  for (size_t i = 0; i < SP_ARRAY_LEN(plan_ops); i++)
    if (!strcmp(what, plan_ops[i].segment))
      return run(req, plan_ops[i].op, NULL, id);
  return sp_ctx_fail(ctx, SP_ENOTFOUND, NULL, "there is no plan action '%.40s'", what);
}

enum sp_rc sp__api_lsip_post_item(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  int64_t id = sp__parse_id(sp_req_param(req, "id"));
  char key[96];
  snprintf(key, sizeof(key), "%s/%s", sp_req_param(req, "kind"), sp_req_param(req, "what"));
  for (size_t i = 0; i < SP_ARRAY_LEN(item_ops); i++)
    if (!strcmp(key, item_ops[i].segment))
      return run(req, item_ops[i].op, NULL, id);
  return sp_ctx_fail(ctx, SP_ENOTFOUND, NULL, "there is no LSIP action '%.60s'", key);
}

/* ---- reading, changing and taking back plan records (core/lsip/edit.h) ---- */

static const struct {
  const char *segment, *kind;
  const struct sp_form *form; /* the page's rules, where JSON takes the same shape */
} item_kinds[] = {
    {"needs", "need", NULL},
    {"priorities", "priority", &sp__form_priority},
    {"actions", "action", &sp__form_action},
    {"evidence", "evidence", &sp__form_evidence},
    {"interests", "interest", &sp__form_interest},
};

/* The kind and id of /api/lsip/{kind}/{id}; SP_ENOTFOUND naming them. */
static enum sp_rc item_of(struct sp_req *req, size_t *k, int64_t *id) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  const char *seg = sp_req_param(req, "kind");
  *k = SP_ARRAY_LEN(item_kinds);
  for (size_t i = 0; i < SP_ARRAY_LEN(item_kinds); i++)
    if (!strcmp(seg, item_kinds[i].segment))
      *k = i;
  if (*k == SP_ARRAY_LEN(item_kinds))
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "kind",
                       "there are no plan records called '%.40s' (needs, priorities, actions, "
                       "evidence, interests)",
                       seg);
  *id = sp__parse_id(sp_req_param(req, "id"));
  if (!*id)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "id", "there is no record '%.40s'",
                       sp_req_param(req, "id"));
  return SP_OK;
}

static enum sp_rc item_answer(struct sp_req *req, const char *kind, int64_t id) {
  json_t *out = NULL;
  enum sp_rc rc = sp_lsip_item_get(sp_req_ctx(req), kind, id, &out);
  if (rc != SP_OK)
    return rc;
  return sp_resp_json(req, 200, out);
}

enum sp_rc sp__api_lsip_item_get(struct sp_req *req) {
  size_t k;
  int64_t id;
  enum sp_rc rc = item_of(req, &k, &id);
  if (rc != SP_OK)
    return rc;
  return item_answer(req, item_kinds[k].kind, id);
}

enum sp_rc sp__api_lsip_item_patch(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  size_t k;
  int64_t id;
  json_t *in = NULL, *errs = NULL;
  enum sp_rc rc = item_of(req, &k, &id);
  if (rc != SP_OK || (rc = sp_req_json(req, &in)) != SP_OK)
    return rc;
  if (item_kinds[k].form) {
    if ((rc = sp_form_read_json(ctx, item_kinds[k].form, in, 1, NULL, &errs)) != SP_OK)
      return rc;
    if (json_array_size(errs))
      return sp_form_api_error(req, errs);
    json_decref(errs);
  }
  if ((rc = sp_lsip_item_edit(ctx, item_kinds[k].kind, id, in)) != SP_OK)
    return rc;
  return item_answer(req, item_kinds[k].kind, id);
}

enum sp_rc sp__api_lsip_item_delete(struct sp_req *req) {
  size_t k;
  int64_t id;
  enum sp_rc rc = item_of(req, &k, &id);
  if (rc != SP_OK)
    return rc;
  const char *rev = sp_req_query(req, "rev");
  if ((rc = sp_lsip_item_delete(sp_req_ctx(req), item_kinds[k].kind, id, rev)) != SP_OK)
    return rc;
  return sp_resp_json(req, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "deleted", 1));
}

enum sp_rc sp__api_lsip_item_move(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  int64_t id = sp__parse_id(sp_req_param(req, "id"));
  json_t *in = NULL;
  enum sp_rc rc = sp_req_json(req, &in);
  if (rc != SP_OK)
    return rc;
  json_t *dir = json_object_get(in, "dir");
  const char *d = json_is_string(dir) ? json_string_value(dir) : "";
  if (strcmp(d, "up") && strcmp(d, "down"))
    return sp_ctx_fail(ctx, SP_EINVAL, "dir", "dir must be up or down");
  if (!id)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "id", "there is no priority '%.40s'",
                       sp_req_param(req, "id"));
  if ((rc = sp_lsip_priority_move(ctx, id, !strcmp(d, "up") ? -1 : 1)) != SP_OK)
    return rc;
  return item_answer(req, "priority", id);
}

enum sp_rc sp__api_lsip_mca_withdraw(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  int64_t id = sp__parse_id(sp_req_param(req, "id"));
  if (!id)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, "id", "there is no plan '%.40s'", sp_req_param(req, "id"));
  enum sp_rc rc = sp_lsip_mca_statement_withdraw(ctx, id);
  if (rc != SP_OK)
    return rc;
  return sp_resp_json(req, 200, json_pack("{s:I, s:b}", "plan_id", (json_int_t)id, "withdrawn", 1));
}
