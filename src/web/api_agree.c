/*
 * api_agree.c: the JSON API for agreements, indicators, funding and
 * eligibility (issue 6). Handlers are thin: they parse the request, call the
 * library (src/core/agree/), and answer with the JSON it returns. Who may do
 * what is the library's: parties and funders edit; the public reads
 * agreements once published.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/agree/agree.h"
#include "core/agree/eligible.h"
#include "core/agree/funding.h"
#include "core/agree/indicator.h"
#include "base/alloc.h"
#include "base/date.h"
#include "handlers.h"
#include "handlers_agree.h"

enum sp_rc sp__web_agree_path_id(struct sp_req *req, const char *what, int64_t *id) {
  *id = sp__parse_id(sp_req_param(req, "id"));
  if (!*id)
    return sp_ctx_fail(sp_req_ctx(req), SP_ENOTFOUND, "id", "there is no %s '%s'", what, sp_req_param(req, "id"));
  return SP_OK;
}

/* A required or optional date member of a JSON body. */
static enum sp_rc body_date(struct sp_req *req, const json_t *body, const char *key, int required, int32_t *out) {
  json_t *v = json_object_get(body, key);
  *out = SP_DATE_NONE;
  if (!v || json_is_null(v)) {
    if (required)
      return sp_ctx_fail(sp_req_ctx(req), SP_EINVAL, key, "%s is required (a date as YYYY-MM-DD)", key);
    return SP_OK;
  }
  if (!json_is_string(v) || sp_date_parse(json_string_value(v), out) != SP_OK)
    return sp_ctx_fail(sp_req_ctx(req), SP_EINVAL, key, "%s must be a real date as YYYY-MM-DD", key);
  return SP_OK;
}

enum sp_rc sp__api_agreements(struct sp_req *req) {
  const char *kind = sp_req_query(req, "kind");
  json_t *list = NULL;
  enum sp_rc rc = sp_agreement_list(sp_req_ctx(req), kind && *kind ? kind : NULL, &list);
  if (rc != SP_OK)
    return rc;
  return sp_resp_json(req, 200, json_pack("{s:I, s:o}", "count", (json_int_t)json_array_size(list), "items", list));
}

enum sp_rc sp__api_agreement_vocabulary(struct sp_req *req) {
  json_t *out = NULL;
  enum sp_rc rc = sp_agreement_vocabulary(sp_req_ctx(req), &out);
  if (rc != SP_OK)
    return rc;
  return sp_resp_json(req, 200, out);
}

enum sp_rc sp__api_agreement(struct sp_req *req) {
  int64_t id;
  int32_t as_of;
  json_t *a = NULL;
  enum sp_rc rc = sp__web_agree_path_id(req, "agreement", &id);
  if (rc != SP_OK || (rc = sp_req_as_of(req, &as_of)) != SP_OK ||
      (rc = sp_agreement_get(sp_req_ctx(req), id, as_of, &a)) != SP_OK)
    return rc;
  return sp_resp_json(req, 200, a);
}

enum sp_rc sp__api_agreement_create(struct sp_req *req) {
  json_t *body;
  int64_t id;
  enum sp_rc rc = sp_req_json(req, &body);
  if (rc != SP_OK || (rc = sp_agreement_create(sp_req_ctx(req), body, &id)) != SP_OK)
    return rc;
  json_t *a = NULL;
  if ((rc = sp_agreement_get(sp_req_ctx(req), id, sp_ctx_today(sp_req_ctx(req)), &a)) != SP_OK)
    return rc;
  return sp_resp_json(req, 201, a);
}

enum sp_rc sp__api_agreement_publish(struct sp_req *req) {
  int64_t id;
  enum sp_rc rc = sp__web_agree_path_id(req, "agreement", &id);
  if (rc != SP_OK || (rc = sp_agreement_publish(sp_req_ctx(req), id)) != SP_OK)
    return rc;
  return sp_resp_json(req, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "state", "published"));
}

enum sp_rc sp__api_agreement_party(struct sp_req *req) {
  int64_t id;
  json_t *body;
  enum sp_rc rc = sp__web_agree_path_id(req, "agreement", &id);
  if (rc != SP_OK || (rc = sp_req_json(req, &body)) != SP_OK)
    return rc;
  json_t *org = json_object_get(body, "org_id");
  const char *role = json_string_value(json_object_get(body, "role"));
  if (!json_is_integer(org))
    return sp_ctx_fail(sp_req_ctx(req), SP_EINVAL, "org_id", "org_id must be an organisation id");
  if (!role)
    return sp_ctx_fail(sp_req_ctx(req), SP_EINVAL, "role", "role is required");
  if ((rc = sp_agreement_add_party(sp_req_ctx(req), id, json_integer_value(org), role)) != SP_OK)
    return rc;
  return sp_resp_json(req, 201, json_pack("{s:I, s:O, s:s}", "agreement_id", (json_int_t)id, "org_id", org, "role", role));
}

enum sp_rc sp__api_agreement_target(struct sp_req *req) {
  int64_t id;
  json_t *body;
  enum sp_rc rc = sp__web_agree_path_id(req, "agreement", &id);
  if (rc != SP_OK || (rc = sp_req_json(req, &body)) != SP_OK ||
      (rc = sp_agreement_add_target(sp_req_ctx(req), id, body)) != SP_OK)
    return rc;
  return sp_resp_json(req, 201, json_incref(body));
}

static enum sp_rc add_part(struct sp_req *req, enum sp_rc (*fn)(struct sp_ctx *, int64_t, const json_t *)) {
  int64_t id;
  json_t *body;
  enum sp_rc rc = sp__web_agree_path_id(req, "agreement", &id);
  if (rc != SP_OK || (rc = sp_req_json(req, &body)) != SP_OK || (rc = fn(sp_req_ctx(req), id, body)) != SP_OK)
    return rc;
  return sp_resp_json(req, 201, json_incref(body));
}

enum sp_rc sp__api_agreement_flexibility(struct sp_req *req) {
  return add_part(req, sp_agreement_add_flexibility);
}

enum sp_rc sp__api_agreement_qualification(struct sp_req *req) {
  return add_part(req, sp_agreement_add_qualification);
}

static enum sp_rc put(struct sp_req *req, enum sp_rc (*fn)(struct sp_ctx *, const json_t *)) {
  json_t *body;
  enum sp_rc rc = sp_req_json(req, &body);
  if (rc != SP_OK || (rc = fn(sp_req_ctx(req), body)) != SP_OK)
    return rc;
  return sp_resp_json(req, 201, json_incref(body));
}

enum sp_rc sp__api_qualification_put(struct sp_req *req) {
  return put(req, sp_qualification_put);
}

enum sp_rc sp__api_learner_put(struct sp_req *req) {
  return put(req, sp_learner_put);
}

enum sp_rc sp__api_agreement_sign(struct sp_req *req) {
  int64_t id;
  int32_t on;
  json_t *body;
  enum sp_rc rc = sp__web_agree_path_id(req, "agreement", &id);
  if (rc != SP_OK || (rc = sp_req_json(req, &body)) != SP_OK ||
      (rc = body_date(req, body, "signed_on", 1, &on)) != SP_OK)
    return rc;
  json_t *org = json_object_get(body, "org_id");
  if (!json_is_integer(org))
    return sp_ctx_fail(sp_req_ctx(req), SP_EINVAL, "org_id", "org_id must be an organisation id");
  if ((rc = sp_agreement_sign(sp_req_ctx(req), id, json_integer_value(org), on)) != SP_OK)
    return rc;
  return sp_resp_json(req, 201, json_incref(body));
}

enum sp_rc sp__api_agreement_review(struct sp_req *req) {
  int64_t id;
  int32_t held, due;
  json_t *body;
  enum sp_rc rc = sp__web_agree_path_id(req, "agreement", &id);
  if (rc != SP_OK || (rc = sp_req_json(req, &body)) != SP_OK ||
      (rc = body_date(req, body, "held_on", 1, &held)) != SP_OK ||
      (rc = body_date(req, body, "scheduled_for", 0, &due)) != SP_OK)
    return rc;
  json_t *notes = json_object_get(body, "notes");
  if (notes && !json_is_null(notes) && !json_is_string(notes))
    return sp_ctx_fail(sp_req_ctx(req), SP_EINVAL, "notes", "notes must be text");
  if ((rc = sp_agreement_record_review(sp_req_ctx(req), id, due, held, json_string_value(notes))) != SP_OK)
    return rc;
  json_t *rev = NULL, *a = NULL;
  if ((rc = sp_agreement_get(sp_req_ctx(req), id, held, &a)) != SP_OK)
    return rc;
  rev = json_incref(json_object_get(a, "reviews"));
  json_decref(a);
  return sp_resp_json(req, 201, json_pack("{s:I, s:o}", "agreement_id", (json_int_t)id, "reviews", rev));
}

enum sp_rc sp__api_agreement_action(struct sp_req *req) {
  int64_t id, aid;
  json_t *body;
  enum sp_rc rc = sp__web_agree_path_id(req, "agreement", &id);
  if (rc != SP_OK || (rc = sp_req_json(req, &body)) != SP_OK ||
      (rc = sp_agreement_add_action(sp_req_ctx(req), id, body, &aid)) != SP_OK)
    return rc;
  return sp_resp_json(req, 201, json_pack("{s:I, s:I}", "agreement_id", (json_int_t)id, "id", (json_int_t)aid));
}

enum sp_rc sp__api_action_patch(struct sp_req *req) {
  int64_t id;
  json_t *body;
  enum sp_rc rc = sp__web_agree_path_id(req, "action", &id);
  if (rc != SP_OK || (rc = sp_req_json(req, &body)) != SP_OK)
    return rc;
  const char *status = json_string_value(json_object_get(body, "status"));
  json_t *p = json_object_get(body, "progress");
  if (!status)
    return sp_ctx_fail(sp_req_ctx(req), SP_EINVAL, "status", "status is required");
  if (p && !json_is_integer(p))
    return sp_ctx_fail(sp_req_ctx(req), SP_EINVAL, "progress", "progress must be a whole number 0 to 100");
  json_int_t pv = p ? json_integer_value(p) : 0;
  if (pv < 0 || pv > 100)
    return sp_ctx_fail(sp_req_ctx(req), SP_EINVAL, "progress", "progress must be 0 to 100 per cent");
  if ((rc = sp_agreement_update_action(sp_req_ctx(req), id, status, (int)pv)) != SP_OK)
    return rc;
  return sp_resp_json(req, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "status", status));
}

enum sp_rc sp__api_agreement_report(struct sp_req *req) {
  int64_t id;
  long year;
  json_t *out = NULL;
  enum sp_rc rc = sp__web_agree_path_id(req, "agreement", &id);
  if (rc != SP_OK || (rc = sp__query_int(req, "year", 1, 50, 1, &year)) != SP_OK ||
      (rc = sp_agreement_report(sp_req_ctx(req), id, (int)year, &out)) != SP_OK)
    return rc;
  return sp_resp_json(req, 200, out);
}

/* ---- indicators ----------------------------------------------------------- */

enum sp_rc sp__api_indicators(struct sp_req *req) {
  int32_t as_of;
  json_t *list = NULL;
  enum sp_rc rc = sp_req_as_of(req, &as_of);
  if (rc != SP_OK || (rc = sp_indicator_list(sp_req_ctx(req), as_of, &list)) != SP_OK)
    return rc;
  char d[SP_DATE_BUFSZ];
  return sp_resp_json(req, 200, json_pack("{s:s, s:I, s:o}", "as_of", sp_date_format(as_of, d), "count",
                                          (json_int_t)json_array_size(list), "items", list));
}

enum sp_rc sp__api_indicator(struct sp_req *req) {
  int32_t as_of;
  json_t *out = NULL;
  enum sp_rc rc = sp_req_as_of(req, &as_of);
  if (rc != SP_OK || (rc = sp_indicator_get(sp_req_ctx(req), sp_req_param(req, "code"), as_of, &out)) != SP_OK)
    return rc;
  return sp_resp_json(req, 200, out);
}

enum sp_rc sp__api_indicator_create(struct sp_req *req) {
  json_t *body, *out = NULL;
  enum sp_rc rc = sp_req_json(req, &body);
  if (rc != SP_OK || (rc = sp_indicator_create(sp_req_ctx(req), body, NULL)) != SP_OK)
    return rc;
  const char *code = json_string_value(json_object_get(body, "code"));
  if ((rc = sp_indicator_get(sp_req_ctx(req), code, sp_ctx_today(sp_req_ctx(req)), &out)) != SP_OK)
    return rc;
  return sp_resp_json(req, 201, out);
}

enum sp_rc sp__api_indicator_value(struct sp_req *req) {
  json_t *body;
  int32_t on;
  enum sp_rc rc = sp_req_json(req, &body);
  if (rc != SP_OK || (rc = body_date(req, body, "on_date", 1, &on)) != SP_OK)
    return rc;
  json_t *v = json_object_get(body, "value");
  const char *source = json_string_value(json_object_get(body, "source"));
  if (!json_is_number(v) || !isfinite(json_number_value(v)))
    return sp_ctx_fail(sp_req_ctx(req), SP_EINVAL, "value", "value must be a number");
  if (!source || !*source)
    return sp_ctx_fail(sp_req_ctx(req), SP_EINVAL, "source", "source is required: every figure names its source");
  json_t *basis = json_object_get(body, "basis");
  if (basis && !json_is_null(basis) && !json_is_string(basis))
    return sp_ctx_fail(sp_req_ctx(req), SP_EINVAL, "basis", "basis must be body or summary");
  if ((rc = sp_indicator_add_value_as(sp_req_ctx(req), sp_req_param(req, "code"), json_number_value(v), on, source,
                                      json_string_value(basis))) != SP_OK)
    return rc;
  return sp_resp_json(req, 201, json_incref(body));
}

/* ---- funding -------------------------------------------------------------- */

static enum sp_rc record(struct sp_req *req, enum sp_rc (*fn)(struct sp_ctx *, const json_t *, int64_t *)) {
  json_t *body;
  int64_t id = 0;
  enum sp_rc rc = sp_req_json(req, &body);
  if (rc != SP_OK || (rc = fn(sp_req_ctx(req), body, &id)) != SP_OK)
    return rc;
  json_t *out = json_deep_copy(body);
  json_object_set_new(out, "id", json_integer(id));
  return sp_resp_json(req, 201, out);
}

enum sp_rc sp__api_contract_create(struct sp_req *req) {
  return record(req, sp_funding_add_contract);
}

enum sp_rc sp__api_allocation_create(struct sp_req *req) {
  return record(req, sp_funding_allocate);
}

enum sp_rc sp__api_spend_create(struct sp_req *req) {
  return record(req, sp_funding_record_spend);
}

enum sp_rc sp__api_allocations(struct sp_req *req) {
  long ag;
  json_t *list = NULL;
  enum sp_rc rc = sp__query_int(req, "agreement", 0, 999999999, 0, &ag);
  if (rc != SP_OK || (rc = sp_funding_allocations(sp_req_ctx(req), ag, &list)) != SP_OK)
    return rc;
  return sp_resp_json(req, 200, json_pack("{s:I, s:o}", "count", (json_int_t)json_array_size(list), "items", list));
}

enum sp_rc sp__api_moves(struct sp_req *req) {
  long ag;
  json_t *list = NULL;
  enum sp_rc rc = sp__query_int(req, "agreement", 0, 999999999, 0, &ag);
  if (rc != SP_OK || (rc = sp_funding_moves(sp_req_ctx(req), ag, &list)) != SP_OK)
    return rc;
  return sp_resp_json(req, 200, json_pack("{s:I, s:o}", "count", (json_int_t)json_array_size(list), "items", list));
}

enum sp_rc sp__api_reallocate(struct sp_req *req) {
  json_t *body, *out = NULL;
  int32_t as_of;
  enum sp_rc rc = sp_req_json(req, &body);
  if (rc != SP_OK || (rc = body_date(req, body, "as_of", 1, &as_of)) != SP_OK)
    return rc;
  json_t *dry = json_object_get(body, "dry_run");
  if (dry && !json_is_boolean(dry))
    return sp_ctx_fail(sp_req_ctx(req), SP_EINVAL, "dry_run", "dry_run must be true or false");
  if ((rc = sp_funding_reallocate(sp_req_ctx(req), as_of, json_is_true(dry), &out)) != SP_OK)
    return rc;
  return sp_resp_json(req, json_is_true(dry) ? 200 : 201, out);
}

enum sp_rc sp__api_move_create(struct sp_req *req) {
  json_t *body;
  int32_t as_of;
  enum sp_rc rc = sp_req_json(req, &body);
  if (rc != SP_OK || (rc = body_date(req, body, "as_of", 1, &as_of)) != SP_OK)
    return rc;
  json_t *from = json_object_get(body, "from_agreement_id"), *to = json_object_get(body, "to_agreement_id"),
         *amount = json_object_get(body, "amount_pence");
  const char *reason = json_string_value(json_object_get(body, "reason"));
  if (!json_is_integer(from) || !json_is_integer(to))
    return sp_ctx_fail(sp_req_ctx(req), SP_EINVAL, "from_agreement_id",
                       "from_agreement_id and to_agreement_id must be agreement ids");
  if (!json_is_integer(amount))
    return sp_ctx_fail(sp_req_ctx(req), SP_EINVAL, "amount_pence", "amount_pence must be a whole number of pence");
  if ((rc = sp_funding_move(sp_req_ctx(req), json_integer_value(from), json_integer_value(to),
                            json_integer_value(amount), reason, as_of)) != SP_OK)
    return rc;
  return sp_resp_json(req, 201, json_incref(body));
}

enum sp_rc sp__api_duplicates(struct sp_req *req) {
  json_t *out = NULL;
  enum sp_rc rc = sp_funding_duplicates(sp_req_ctx(req), &out);
  if (rc != SP_OK)
    return rc;
  return sp_resp_json(req, 200, out);
}

enum sp_rc sp__api_export(struct sp_req *req) {
  const char *format = sp_req_query(req, "format");
  char *s = NULL;
  enum sp_rc rc = sp_funding_export(sp_req_ctx(req), format ? format : "", &s);
  if (rc != SP_OK)
    return rc;
  int csv = strstr(format, "csv") != NULL;
  char disp[128];
  snprintf(disp, sizeof(disp), "attachment; filename=\"skillplan-%s.%s\"", format, csv ? "csv" : "json");
  sp_resp_header(req, "Content-Disposition", disp);
  rc = sp_resp_bytes(req, 200, csv ? "text/csv; charset=utf-8" : "application/json", s, strlen(s));
  sp_free(s);
  return rc;
}

/* ---- eligibility ---------------------------------------------------------- */

enum sp_rc sp__web_agree_eligibility_request(struct sp_req *req, struct sp_elig_request *r) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  const char *start = sp_req_query(req, "start");
  const char *emp = sp_req_query(req, "employer"), *ag = sp_req_query(req, "agreement");
  long size;
  memset(r, 0, sizeof(*r));
  r->learner = sp_req_query(req, "learner");
  r->qualification = sp_req_query(req, "qualification");
  r->programme = sp_req_query(req, "programme");
  r->provider = sp_req_query(req, "provider");
  if (r->provider && !*r->provider)
    r->provider = NULL;
  r->start = SP_DATE_NONE;
  if (start && *start && sp_date_parse(start, &r->start) != SP_OK)
    return sp_ctx_fail(ctx, SP_EINVAL, "start", "start must be a real date as YYYY-MM-DD");
  if (emp && *emp && !(r->employer_org_id = sp__parse_id(emp)))
    return sp_ctx_fail(ctx, SP_EINVAL, "employer", "employer must be an organisation id");
  if (ag && *ag && !(r->agreement_id = sp__parse_id(ag)))
    return sp_ctx_fail(ctx, SP_EINVAL, "agreement", "agreement must be an agreement id");
  enum sp_rc rc = sp__query_int(req, "employer_size", -1, 10000000, -1, &size);
  r->employer_size = size;
  return rc;
}

enum sp_rc sp__api_eligibility(struct sp_req *req) {
  struct sp_elig_request r;
  json_t *out = NULL;
  enum sp_rc rc = sp__web_agree_eligibility_request(req, &r);
  if (rc != SP_OK || (rc = sp_eligible(sp_req_ctx(req), &r, &out)) != SP_OK)
    return rc;
  return sp_resp_json(req, 200, out);
}

enum sp_rc sp__api_eligibility_rules(struct sp_req *req) {
  json_t *out = NULL;
  enum sp_rc rc = sp_eligibility_rules(sp_req_ctx(req), &out);
  if (rc != SP_OK)
    return rc;
  return sp_resp_json(req, 200, json_pack("{s:o}", "items", out));
}
