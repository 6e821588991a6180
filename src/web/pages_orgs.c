/*
 * pages_orgs.c: the organisation registry's pages: the list with filters and
 * pages, one organisation, and the create and change forms. A form is turned
 * into the same JSON the API takes, so the rules are the library's alone.
 */
#include <stdio.h>
#include <string.h>

#include "core/orgs.h"
#include "core/policy.h"
#include "core/reference.h"
#include "core/roles.h"
#include "core/home.h"
#include "handlers.h"

#define PAGE_SIZE 50

/* Marks the element whose `code` equals value with `flag: true`. */
static void mark(json_t *list, const char *value, const char *flag) {
  size_t i;
  json_t *el;
  json_array_foreach(list, i, el) {
    const char *c = json_string_value(json_object_get(el, "code"));
    if (value && c && strcmp(c, value) == 0)
      json_object_set_new(el, flag, json_true());
  }
}

static int can_edit(struct sp_ctx *ctx, int64_t org_id) {
  enum sp_role role = sp_ctx_role(ctx);
  return sp_policy_allows(role, SP_ACT_ORG_EDIT) ||
         (sp_policy_allows(role, SP_ACT_ORG_EDIT_OWN) && sp_ctx_org_id(ctx) == org_id);
}

/* Appends "name=value" to a query string, URL-encoding the value. */
static void add_query(char *q, size_t n, const char *name, const char *value) {
  if (!value || !*value)
    return;
  size_t len = strlen(q);
  int w = snprintf(q + len, n - len, "%s%s=", len ? "&" : "", name);
  if (w < 0 || (size_t)w >= n - len)
    return;
  len += (size_t)w;
  for (const unsigned char *p = (const unsigned char *)value; *p && len + 4 < n; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        *p == '-' || *p == '_' || *p == '.')
      q[len++] = (char)*p;
    else
      len += (size_t)snprintf(q + len, n - len, "%%%02X", *p);
  }
  q[len] = '\0';
}

enum sp_rc sp__h_orgs(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  const char *kind = sp_req_query(req, "kind"), *area = sp_req_query(req, "area"),
             *q = sp_req_query(req, "q");
  if (kind && !*kind)
    kind = NULL;
  if (area && !*area)
    area = NULL;
  if (q && !*q)
    q = NULL;
  long page;
  json_t *list = NULL, *kinds = NULL, *areas = NULL;
  enum sp_rc rc = sp__query_int(req, "page", 1, 100000, 1, &page);
  if (rc != SP_OK)
    return rc;
  if ((rc = sp_orgs_list(ctx, kind, area, q, PAGE_SIZE, (int)((page - 1) * PAGE_SIZE), &list)) !=
          SP_OK ||
      (rc = sp_org_kinds(ctx, &kinds)) != SP_OK ||
      (rc = sp_areas_list(ctx, sp_ctx_today(ctx), &areas)) != SP_OK)
    goto out;
  mark(kinds, kind, "selected");
  mark(areas, area, "selected");
  json_int_t total = json_integer_value(json_object_get(list, "total"));
  char base[1024] = "", link[1200];
  add_query(base, sizeof(base), "kind", kind);
  add_query(base, sizeof(base), "area", area);
  add_query(base, sizeof(base), "q", q);
  json_t *pages = json_object();
  if (page > 1) {
    snprintf(link, sizeof(link), "/orgs?%s%spage=%ld", base, *base ? "&" : "", page - 1);
    json_object_set_new(pages, "prev", json_string(link));
  }
  if (page * PAGE_SIZE < total) {
    snprintf(link, sizeof(link), "/orgs?%s%spage=%ld", base, *base ? "&" : "", page + 1);
    json_object_set_new(pages, "next", json_string(link));
  }
  json_t *data = json_pack("{s:O, s:O, s:o, s:o, s:s, s:b, s:b}", "items",
                           json_object_get(list, "items"), "total", json_object_get(list, "total"),
                           "kinds", kinds, "areas", areas, "q", q ? q : "", "filtered",
                           kind || area || q, "can_create",
                           sp_policy_allows(sp_ctx_role(ctx), SP_ACT_ORG_CREATE));
  kinds = areas = NULL;
  if (json_object_size(pages))
    json_object_set_new(data, "pages", pages);
  else
    json_decref(pages);
  json_decref(list);
  return sp_resp_page(req, 200, "orgs", "Organisations", data);
out:
  json_decref(list);
  json_decref(kinds);
  json_decref(areas);
  return rc;
}

enum sp_rc sp__h_org(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  int64_t id;
  json_t *org, *areas;
  enum sp_rc rc = sp__org_id(req, &id);
  if (rc != SP_OK || (rc = sp_org_get(ctx, id, &org)) != SP_OK)
    return rc;
  json_t *links = json_array();
  size_t i;
  json_t *code;
  json_array_foreach(json_object_get(org, "areas"), i, code) {
    json_t *area = NULL;
    const char *c = json_string_value(code);
    if (c && sp_area_get(ctx, c, sp_ctx_today(ctx), &area) == SP_OK) {
      json_array_append_new(links, json_pack("{s:s, s:O}", "code", c, "name",
                                             json_object_get(area, "name")));
      json_decref(area);
    }
  }
  (void)areas;
  /* A provider's records, for the provider, its areas' ERBs and DfE. */
  json_t *records = NULL;
  enum sp_role role = sp_ctx_role(ctx);
  if (json_is_true(json_object_get(org, "is_provider")) &&
      (role == SP_ROLE_DFE_ADMIN || role == SP_ROLE_ERB_EDITOR ||
       (role == SP_ROLE_PROVIDER_EDITOR && sp_ctx_org_id(ctx) == id))) {
    if (sp_home_provider_records(ctx, NULL, id, &records) == SP_OK)
      sp__home_records_words(records);
    else
      sp_ctx_clear(ctx);
  }
  const char *name = json_string_value(json_object_get(org, "name"));
  char title[256];
  snprintf(title, sizeof(title), "%s", name ? name : "Organisation");
  return sp_resp_page(req, 200, "org", title,
                      json_pack("{s:o, s:o, s:b, s:o}", "org", org, "area_links", links,
                                "can_edit", can_edit(ctx, id), "records",
                                records ? records : json_null()));
}

/* The form's options: kinds, size bands and areas, marked from `f`. */
static json_t *form_data(struct sp_ctx *ctx, json_t *f, const char *heading, const char *action,
                         const char *button) {
  json_t *kinds = NULL, *areas = NULL;
  if (sp_org_kinds(ctx, &kinds) != SP_OK)
    kinds = json_array();
  if (sp_areas_list(ctx, sp_ctx_today(ctx), &areas) != SP_OK)
    areas = json_array();
  mark(kinds, json_string_value(json_object_get(f, "kind")), "selected");
  size_t i;
  json_t *code;
  json_array_foreach(json_object_get(f, "areas"), i, code)
      mark(areas, json_string_value(code), "checked");
  json_t *bands = json_pack("[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}, {s:s, s:s}, {s:s, s:s}]", "code",
                            "", "name", "Not an employer", "code", "micro", "name",
                            "Micro (fewer than 10 employees)", "code", "small", "name",
                            "Small (10 to 49)", "code", "medium", "name", "Medium (50 to 249)",
                            "code", "large", "name", "Large (250 or more)");
  mark(bands, json_string_value(json_object_get(f, "size_band")), "selected");
  return json_pack("{s:o, s:o, s:o, s:o, s:s, s:s, s:s}", "f", f, "kinds", kinds, "areas", areas,
                   "size_bands", bands, "heading", heading, "action", action, "button", button);
}

enum sp_rc sp__h_org_new(struct sp_req *req) {
  enum sp_rc rc = sp_policy_check(sp_req_ctx(req), SP_ACT_ORG_CREATE);
  if (rc != SP_OK)
    return rc;
  return sp_resp_page(req, 200, "org_form", "Add an organisation",
                      form_data(sp_req_ctx(req), json_object(), "Add an organisation", "/orgs",
                                "Save organisation"));
}

/* Reads the form into the fields the library takes. Empty optional fields
 * become null (cleared); the contact is added when it has a name. The form
 * values themselves are kept in `echo` for re-display. */
static json_t *read_form(struct sp_req *req, json_t **echo) {
  static const char *const fields[] = {"name", "kind", "ukprn", "companies_house", "size_band",
                                       "website"};
  json_t *in = json_object();
  *echo = json_object();
  for (size_t i = 0; i < SP_ARRAY_LEN(fields); i++) {
    const char *v = sp_req_form(req, fields[i]);
    json_object_set_new(*echo, fields[i], json_string(v ? v : ""));
    if (i < 2)
      json_object_set_new(in, fields[i], json_string(v ? v : ""));
    else
      json_object_set_new(in, fields[i], v && *v ? json_string(v) : json_null());
  }
  json_t *areas = sp_req_form_all(req, "areas");
  json_object_set(in, "areas", areas);
  json_object_set(*echo, "areas", areas);
  static const char *const contact[] = {"name", "role", "email", "phone"};
  json_t *c = json_object();
  for (size_t i = 0; i < SP_ARRAY_LEN(contact); i++) {
    char key[32];
    snprintf(key, sizeof(key), "contact_%s", contact[i]);
    const char *v = sp_req_form(req, key);
    json_object_set_new(*echo, key, json_string(v ? v : ""));
    if (v && *v)
      json_object_set_new(c, contact[i], json_string(v));
  }
  if (json_object_get(c, "name") || json_object_size(c))
    json_object_set_new(in, "contacts", json_pack("[o]", c));
  else {
    json_decref(c);
    json_object_set_new(in, "contacts", json_array());
  }
  return in;
}

enum sp_rc sp__h_org_create(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  json_t *echo;
  json_t *in = read_form(req, &echo);
  int64_t id;
  enum sp_rc rc = sp_ctx_rc(ctx) != SP_OK ? sp_ctx_rc(ctx) : sp_org_create(ctx, in, &id);
  json_decref(in);
  if (rc != SP_OK) {
    if (rc == SP_EINVAL || rc == SP_ECONFLICT)
      return sp_resp_form_error(req, rc, "org_form", "Add an organisation",
                                form_data(ctx, echo, "Add an organisation", "/orgs",
                                          "Save organisation"));
    json_decref(echo);
    return rc;
  }
  json_decref(echo);
  char loc[64];
  snprintf(loc, sizeof(loc), "/orgs/%lld", (long long)id);
  return sp_resp_redirect(req, loc);
}

enum sp_rc sp__h_org_edit(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  int64_t id;
  json_t *org;
  enum sp_rc rc = sp__org_id(req, &id);
  if (rc != SP_OK || (rc = sp_org_get(ctx, id, &org)) != SP_OK)
    return rc;
  if (!can_edit(ctx, id)) {
    json_decref(org);
    return sp_ctx_fail(ctx, SP_EFORBIDDEN, NULL,
                       "An account with the role %s cannot change this organisation",
                       sp_role_words(sp_ctx_role(ctx)));
  }
  json_t *c = json_array_get(json_object_get(org, "contacts"), 0);
  static const char *const contact[] = {"name", "role", "email", "phone"};
  for (size_t i = 0; i < SP_ARRAY_LEN(contact); i++) {
    char key[32];
    snprintf(key, sizeof(key), "contact_%s", contact[i]);
    json_t *v = c ? json_object_get(c, contact[i]) : NULL;
    json_object_set_new(org, key, json_string(json_is_string(v) ? json_string_value(v) : ""));
  }
  char action[64], heading[300];
  snprintf(action, sizeof(action), "/orgs/%lld/edit", (long long)id);
  snprintf(heading, sizeof(heading), "Change %s", json_string_value(json_object_get(org, "name")));
  return sp_resp_page(req, 200, "org_form", heading,
                      form_data(ctx, org, heading, action, "Save changes"));
}

enum sp_rc sp__h_org_update(struct sp_req *req) {
  struct sp_ctx *ctx = sp_req_ctx(req);
  int64_t id;
  enum sp_rc rc = sp__org_id(req, &id);
  if (rc != SP_OK)
    return rc;
  json_t *echo;
  json_t *in = read_form(req, &echo);
  rc = sp_ctx_rc(ctx) != SP_OK ? sp_ctx_rc(ctx) : sp_org_update(ctx, id, in);
  json_decref(in);
  char loc[64];
  snprintf(loc, sizeof(loc), "/orgs/%lld", (long long)id);
  if (rc != SP_OK) {
    if (rc == SP_EINVAL || rc == SP_ECONFLICT) {
      char action[80];
      snprintf(action, sizeof(action), "%s/edit", loc);
      return sp_resp_form_error(req, rc, "org_form", "Change organisation",
                                form_data(ctx, echo, "Change organisation", action,
                                          "Save changes"));
    }
    json_decref(echo);
    return rc;
  }
  json_decref(echo);
  return sp_resp_redirect(req, loc);
}
