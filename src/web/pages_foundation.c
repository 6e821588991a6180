/*
 * pages_foundation.c: the public reference pages (home with the areas as of
 * a date, an area's page, routes and levels), the audit log page for DfE
 * admins, and /healthz.
 */
#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/home.h"
#include "base/date.h"
#include "core/reference.h"
#include "handlers.h"
#include "handlers_lsip.h"
#include "store/store.h"

enum sp_rc sp__h_healthz(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  struct sp_stmt *st = NULL;
  int row = 0;
  enum sp_rc rc = sp_store_prepare(sp_ctx_store(ctx), ctx, "SELECT 1", &st);
  if (rc == SP_OK)
    rc = sp_stmt_step(st, ctx, &row);
  sp_stmt_free(st);
  if (rc != SP_OK || !row)
    return sp_resp_json(req, 503, json_pack("{s:s}", "status", "database unavailable"));
  return sp_resp_json(req, 200, json_pack("{s:s, s:s}", "status", "ok", "store",
                                          sp_store_engine(sp_ctx_store(ctx))));
}

static void long_date(int32_t day, char *buf, size_t n) {
  static const char *const months[] = {"January", "February", "March",     "April",
                                       "May",     "June",     "July",      "August",
                                       "September", "October", "November", "December"};
  int y, m, d;
  sp_date_to_ymd(day, &y, &m, &d);
  snprintf(buf, n, "%d %s %d", d, months[m - 1], y);
}

enum sp_rc sp__h_home(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  int32_t as_of;
  json_t *areas;
  char d[SP_DATE_BUFSZ], longd[64];
  enum sp_rc rc = sp_req_as_of(req, &as_of);
  if (rc != SP_OK) {
    sp_date_format(sp_ctx_today(ctx), d);
    json_t *data = json_pack("{s:s, s:[], s:i, s:s}", "as_of", sp_req_query(req, "as_of"), "areas",
                             "count", 0, "as_of_long", "the date given");
    return sp_resp_form_error(req, rc, "home", "Areas", data);
  }
  if ((rc = sp_areas_list(ctx, as_of, &areas)) != SP_OK)
    return rc;
  size_t i;
  json_t *a;
  sp_date_format(as_of, d);
  json_array_foreach(areas, i, a) json_object_set_new(a, "as_of", json_string(d));
  long_date(as_of, longd, sizeof(longd));
  json_t *data = json_pack("{s:s, s:s, s:I, s:o}", "as_of", d, "as_of_long", longd, "count",
                           (json_int_t)json_array_size(areas), "areas", areas);
  return sp_resp_page(req, 200, "home", "LSIP areas", data);
}

enum sp_rc sp__h_area(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  int32_t as_of;
  json_t *area;
  enum sp_rc rc = sp_req_as_of(req, &as_of);
  if (rc != SP_OK || (rc = sp_area_get(ctx, sp_req_param(req, "code"), as_of, &area)) != SP_OK)
    return rc;
  char d[SP_DATE_BUFSZ];
  const char *name = json_string_value(json_object_get(area, "name"));
  char title[256];
  snprintf(title, sizeof(title), "%s", name ? name : "Area");
  json_t *data = json_pack("{s:o, s:s}", "area", area, "as_of", sp_date_format(as_of, d));
  json_t *lsip = NULL; /* the designated body, published plan and register (area_extra.html) */
  if (data && sp__web_lsip_area_summary(ctx, sp_req_param(req, "code"), &lsip) == SP_OK)
    json_object_set_new(data, "lsip", lsip);
  /* Providers' records, for those who may see them (DfE, the area's ERB, a
   * provider its own); for anyone else the section is left out. */
  json_t *records = NULL;
  enum sp_role role = sp_ctx_role(ctx);
  if (data && (role == SP_ROLE_DFE_ADMIN || role == SP_ROLE_ERB_EDITOR ||
               role == SP_ROLE_PROVIDER_EDITOR)) {
    if (sp_home_provider_records(ctx, sp_req_param(req, "code"), 0, &records) == SP_OK) {
      sp__home_records_words(records);
      json_object_set_new(data, "records", records);
    } else {
      sp_ctx_clear(ctx);
    }
  }
  return sp_resp_page(req, 200, "area", title, data);
}

enum sp_rc sp__h_routes(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  json_t *routes = NULL, *levels = NULL, *ssa = NULL;
  enum sp_rc rc;
  if ((rc = sp_routes_list(ctx, &routes)) != SP_OK || (rc = sp_levels_list(ctx, &levels)) != SP_OK ||
      (rc = sp_ssa_list(ctx, &ssa)) != SP_OK) {
    json_decref(routes);
    json_decref(levels);
    return rc;
  }
  return sp_resp_page(req, 200, "routes", "Routes and levels",
                      json_pack("{s:o, s:o, s:o}", "routes", routes, "levels", levels, "ssa", ssa));
}

enum sp_rc sp__h_audit(struct sp_req *req) {
  long before;
  json_t *entries;
  enum sp_rc rc = sp__query_int(req, "before", 0, 0x7fffffffL, 0, &before);
  if (rc != SP_OK || (rc = sp_audit_list(sp_req_ctx(req), NULL, before, 100, &entries)) != SP_OK)
    return rc;
  json_t *data = json_pack("{s:o}", "entries", entries);
  size_t n = json_array_size(entries);
  if (n == 100)
    json_object_set(data, "next_before",
                    json_object_get(json_array_get(entries, n - 1), "id"));
  return sp_resp_page(req, 200, "audit", "Audit log", data);
}
