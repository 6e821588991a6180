/*
 * api_evidence.c: the evidence engine's JSON API. GET
 * /api/areas/{code}/gaps?route=&level=&year= is the gap table
 * (sp_evidence_gaps); /priorities?year=&limit= the ranked candidates with
 * their evidence; POST /priorities/adopt {pathway_code, level, year, ...}
 * turns one into a plan priority (the area's ERB); GET
 * /api/providers/{ukprn}/alignment?year=&top=; GET /api/evidence/imports
 * (signed in) the import records; GET /api/areas/{code}/ees?as_of= the
 * imported EES figures summed to the area as it stood on the date.
 */
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/text.h"
#include "handlers_evidence.h"

static enum sp_rc int_arg(struct sp_req *req, const char *name, int lo, int hi, int *out) {
  const char *v = sp_req_query(req, name);
  if (!v || !*v)
    return SP_OK;
  char *end;
  long x = strtol(v, &end, 10);
  if (*end || x < lo || x > hi)
    return sp_ctx_fail(sp_req_ctx(req), SP_EINVAL, name, "%s must be a whole number from %d to %d",
                       name, lo, hi);
  *out = (int)x;
  return SP_OK;
}

enum sp_rc sp__evidence_filter(struct sp_req *req, struct sp_ev_filter *f) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  memset(f, 0, sizeof(*f));
  const char *r = sp_req_query(req, "route"), *l = sp_req_query(req, "level");
  f->route = r && *r ? r : NULL;
  f->level = l && *l ? l : NULL;
  if (f->route && strlen(f->route) > 15)
    return sp_ctx_fail(ctx, SP_EINVAL, "route", "route must be a route code such as EM");
  if (f->level && !(strlen(f->level) == 1 && (f->level[0] == 'E' ||
                                              (f->level[0] >= '1' && f->level[0] <= '8'))))
    return sp_ctx_fail(ctx, SP_EINVAL, "level", "level must be E or 1 to 8");
  return int_arg(req, "year", 2000, 2063, &f->year);
}

enum sp_rc sp__api_gaps(struct sp_req *req) {
  struct sp_ev_filter f;
  json_t *out = NULL;
  enum sp_rc rc = sp__evidence_filter(req, &f);
  if (rc == SP_OK)
    rc = sp_evidence_gaps(sp_req_ctx(req), sp_req_param(req, "code"), &f, &out);
  if (rc != SP_OK)
    return rc;
  return sp_resp_json(req, 200, out);
}

enum sp_rc sp__api_priorities(struct sp_req *req) {
  int year = 0, limit = 10;
  json_t *out = NULL;
  enum sp_rc rc = int_arg(req, "year", 2000, 2063, &year);
  if (rc == SP_OK)
    rc = int_arg(req, "limit", 1, 100, &limit);
  if (rc == SP_OK)
    rc = sp_evidence_priorities(sp_req_ctx(req), sp_req_param(req, "code"), year, limit, &out);
  if (rc != SP_OK)
    return rc;
  return sp_resp_json(req, 200, out);
}

enum sp_rc sp__api_priority_adopt(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  json_t *in = NULL, *out = NULL;
  enum sp_rc rc = sp_req_json(req, &in);
  if (rc != SP_OK)
    return rc;
  const char *pathway = json_string_value(json_object_get(in, "pathway_code"));
  const char *level = json_string_value(json_object_get(in, "level"));
  json_t *y = json_object_get(in, "year");
  if (!pathway || !*pathway)
    return sp_ctx_fail(ctx, SP_EINVAL, "pathway_code", "pathway_code is required");
  if (y && !json_is_integer(y))
    return sp_ctx_fail(ctx, SP_EINVAL, "year", "year must be a whole number such as 2023");
  rc = sp_evidence_adopt(ctx, sp_req_param(req, "code"), pathway, level,
                         y ? (int)json_integer_value(y) : 0, in, &out);
  if (rc != SP_OK)
    return rc;
  /* 200 with the existing priority and a message when the plan holds it already. */
  return sp_resp_json(req, json_is_true(json_object_get(out, "existing")) ? 200 : 201, out);
}

enum sp_rc sp__api_alignment(struct sp_req *req) {
  int year = 0, top = 10;
  json_t *out = NULL;
  const char *ukprn = sp_req_param(req, "ukprn");
  if (!sp_ukprn_valid(ukprn))
    return sp_ctx_fail(sp_req_ctx(req), SP_EINVAL, "ukprn",
                       "ukprn must be 8 digits starting with 1");
  enum sp_rc rc = int_arg(req, "year", 2000, 2063, &year);
  if (rc == SP_OK)
    rc = int_arg(req, "top", 1, 100, &top);
  if (rc == SP_OK)
    rc = sp_evidence_alignment(sp_req_ctx(req), ukprn, year, top, &out);
  if (rc != SP_OK)
    return rc;
  return sp_resp_json(req, 200, out);
}

enum sp_rc sp__api_evidence_imports(struct sp_req *req) {
  json_t *out = NULL;
  enum sp_rc rc = sp_evidence_imports(sp_req_ctx(req), &out);
  if (rc != SP_OK)
    return rc;
  return sp_resp_json(req, 200, json_pack("{s:o}", "items", out));
}

enum sp_rc sp__evidence_as_of(struct sp_req *req, int32_t *day) {
  const char *v = sp_req_query(req, "as_of");
  *day = sp_ctx_today(sp_req_ctx(req));
  if (!v || !*v)
    return SP_OK;
  if (sp_date_parse(v, day) != SP_OK)
    return sp_ctx_fail(sp_req_ctx(req), SP_EINVAL, "as_of",
                       "as_of must be a real date written YYYY-MM-DD");
  return SP_OK;
}

enum sp_rc sp__api_ees(struct sp_req *req) {
  int32_t day;
  json_t *out = NULL;
  enum sp_rc rc = sp__evidence_as_of(req, &day);
  if (rc == SP_OK)
    rc = sp_evidence_ees(sp_req_ctx(req), NULL, sp_req_param(req, "code"), day, &out);
  if (rc != SP_OK)
    return rc;
  return sp_resp_json(req, 200, out);
}
