/*
 * demo_foundation.c: the foundation's demo data (demo.h): organisations of
 * most kinds in West Yorkshire, Greater Manchester, Kent and Medway, London
 * and Lincolnshire, and one account per role.
 *
 * Public bodies (the Department for Education, combined authorities, the
 * GLA, councils, CITB) carry their real names. Chambers, colleges,
 * training providers, employers and the rest are invented: their names,
 * UKPRNs (8 digits from 10099901) and Companies House numbers belong to no
 * real body.
 */
#include "demo.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "orgs.h"
#include "store/store.h"

struct demo_org {
  const char *name, *kind, *ukprn, *companies_house, *size_band, *website;
  const char *areas[3];
  const char *contact_name, *contact_email, *contact_role;
};

static const struct demo_org orgs[] = {
    {"Department for Education", "government", NULL, NULL, NULL,
     "https://www.gov.uk/government/organisations/department-for-education", {NULL},
     "LSIP programme team", "lsip.team@demo.skillplan.test", "Programme team"},
    {"West Yorkshire Combined Authority", "mca", NULL, NULL, NULL, "https://www.westyorks-ca.gov.uk",
     {"E69000037"}, "Adult skills lead", "skills@wyca.demo.skillplan.test", "Skills lead"},
    {"Greater Manchester Combined Authority", "mca", NULL, NULL, NULL,
     "https://www.greatermanchester-ca.gov.uk", {"E69000014"}, NULL, NULL, NULL},
    {"York and North Yorkshire Combined Authority", "mca", NULL, NULL, NULL, NULL,
     {"E69000038"}, NULL, NULL, NULL},
    {"Greater London Authority", "gla", NULL, NULL, NULL, "https://www.london.gov.uk",
     {"E69000013", "E69000039", "E69000044"}, NULL, NULL, NULL},
    {"Calder Valley Chamber of Commerce", "erb", NULL, "05123456", NULL, NULL, {"E69000037"},
     "Priya Shah", "priya.shah@cvcc.demo.skillplan.test", "LSIP project director"},
    {"Irwell and Mersey Chamber of Commerce", "erb", NULL, "04234567", NULL, NULL,
     {"E69000014"}, "Tom Hardcastle", "tom.hardcastle@imcc.demo.skillplan.test", "Head of skills"},
    {"Kent Coast Chamber of Commerce", "erb", NULL, "03345678", NULL, NULL, {"E69000018"}, NULL,
     NULL, NULL},
    {"Wolds and Fens Business Federation", "erb", NULL, "06456789", NULL, NULL,
     {"E69000012", "E69000041"}, NULL, NULL, NULL},
    {"Airedale College", "fe_college", "10099901", NULL, NULL, "https://www.airedale.demo.skillplan.test",
     {"E69000037"}, "Dr Helen Okafor", "h.okafor@airedale.demo.skillplan.test", "Principal"},
    {"Irwell Valley College", "fe_college", "10099902", NULL, NULL, NULL, {"E69000014"}, NULL, NULL,
     NULL},
    {"Medway Riverside College", "fe_college", "10099903", NULL, NULL, NULL, {"E69000018"}, NULL,
     NULL, NULL},
    {"St Aidan's Sixth Form College", "sixth_form_college", "10099904", NULL, NULL, NULL,
     {"E69000037"}, NULL, NULL, NULL},
    {"Northgate Training Ltd", "itp", "10099905", "09876543", NULL, NULL,
     {"E69000037", "E69000014"}, NULL, NULL, NULL},
    {"Pennine Institute of Technology", "hei", "10099906", NULL, NULL, NULL, {"E69000037"}, NULL,
     NULL, NULL},
    {"Thames Gateway Adult Learning Service", "la_provider", "10099907", NULL, NULL, NULL,
     {"E69000013", "E69000044"}, NULL, NULL, NULL},
    {"Bridgewater 16-19 Academy", "academy_16_19", "10099908", NULL, NULL, NULL, {"E69000014"},
     NULL, NULL, NULL},
    {"CITB (Construction Industry Training Board)", "sector_body", NULL, NULL, NULL,
     "https://www.citb.co.uk", {NULL}, "Funding team", "funding@citb.demo.skillplan.test",
     "Grants and funding"},
    {"Digital Skills Alliance North", "sector_body", NULL, "07567890", NULL, NULL,
     {"E69000037", "E69000014"}, NULL, NULL, NULL},
    {"Brightwater Engineering Ltd", "employer", NULL, "01234567", "large", NULL, {"E69000037"},
     "Sam Patel", "s.patel@brightwater.demo.skillplan.test", "Head of people"},
    {"Hollins Bakery Ltd", "employer", NULL, "04567890", "medium", NULL, {"E69000014"}, NULL,
     NULL, NULL},
    {"Fenwick and Shaw Architects LLP", "employer", NULL, "OC123456", "small", NULL,
     {"E69000039"}, NULL, NULL, NULL},
    {"Greenleaf Care Services Ltd", "employer", NULL, "11223344", "micro", NULL, {"E69000018"},
     NULL, NULL, NULL},
    {"Leeds City Council", "local_authority", NULL, NULL, NULL, "https://www.leeds.gov.uk",
     {"E69000037"}, NULL, NULL, NULL},
    {"Kirklees Volunteer Network", "vcs", NULL, NULL, NULL, NULL, {"E69000037"}, NULL, NULL,
     NULL},
    {"Workplace Learning Union", "trade_union", NULL, NULL, NULL, NULL, {"E69000037", "E69000014"},
     NULL, NULL, NULL},
    {"Pathways Careers Service Ltd", "careers", NULL, "08765432", NULL, NULL, {"E69000037"}, NULL,
     NULL, NULL},
};

struct demo_user {
  const char *email, *name, *org, *role;
};

static const struct demo_user users[] = {
    {"dfe@demo.skillplan.test", "Dana Frost (DfE)", "Department for Education", "dfe_admin"},
    {"erb@demo.skillplan.test", "Priya Shah", "Calder Valley Chamber of Commerce", "erb_editor"},
    {"provider@demo.skillplan.test", "Helen Okafor", "Airedale College", "provider_editor"},
    {"mca@demo.skillplan.test", "Marcus Reid", "West Yorkshire Combined Authority",
     "mca_reviewer"},
    {"funder@demo.skillplan.test", "Fiona Lang", "CITB (Construction Industry Training Board)",
     "funder"},
    {"viewer@demo.skillplan.test", "Victor Ames", "Brightwater Engineering Ltd", "viewer"},
};

static json_t *org_json(const struct demo_org *d) {
  json_t *o = json_pack("{s:s, s:s}", "name", d->name, "kind", d->kind);
  json_t *areas = json_array();
  if (!o || !areas)
    goto fail;
  if ((d->ukprn && json_object_set_new(o, "ukprn", json_string(d->ukprn))) ||
      (d->companies_house &&
       json_object_set_new(o, "companies_house", json_string(d->companies_house))) ||
      (d->size_band && json_object_set_new(o, "size_band", json_string(d->size_band))) ||
      (d->website && json_object_set_new(o, "website", json_string(d->website))))
    goto fail;
  for (size_t i = 0; i < SP_ARRAY_LEN(d->areas) && d->areas[i]; i++)
    if (json_array_append_new(areas, json_string(d->areas[i])) != 0)
      goto fail;
  if (json_object_set_new(o, "areas", areas) != 0) {
    areas = NULL;
    goto fail;
  }
  areas = NULL;
  if (d->contact_name) {
    json_t *c = json_pack("[{s:s, s:s, s:s}]", "name", d->contact_name, "email",
                          d->contact_email, "role", d->contact_role);
    if (!c || json_object_set_new(o, "contacts", c) != 0)
      goto fail;
  }
  return o;
fail:
  json_decref(areas);
  json_decref(o);
  return NULL;
}

static int64_t org_id_named(struct sp_ctx *ctx, const char *name) {
  struct sp_stmt *st = NULL;
  int row = 0;
  int64_t id = 0;
  if (sp_store_prepare(sp_ctx_store(ctx), ctx, "SELECT id FROM orgs WHERE name = ?", &st) !=
      SP_OK)
    return 0;
  if (sp_stmt_bind_text(st, 1, name) == SP_OK && sp_stmt_step(st, ctx, &row) == SP_OK && row)
    id = sp_stmt_int(st, 0);
  sp_stmt_free(st);
  return id;
}

static enum sp_rc run_demo(struct sp_ctx *ctx) {
  enum sp_rc rc;
  for (size_t i = 0; i < SP_ARRAY_LEN(orgs); i++) {
    json_t *o = org_json(&orgs[i]);
    if (!o)
      return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory building demo data");
    rc = sp_org_create(ctx, o, NULL);
    json_decref(o);
    if (rc != SP_OK) {
      char msg[900];
      snprintf(msg, sizeof(msg), "%s", sp_ctx_errmsg(ctx));
      return sp_ctx_fail(ctx, rc, NULL, "demo organisation '%s': %s", orgs[i].name, msg);
    }
  }
  for (size_t i = 0; i < SP_ARRAY_LEN(users); i++) {
    int64_t org = org_id_named(ctx, users[i].org);
    if (!org)
      return sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "demo organisation '%s' is missing",
                         users[i].org);
    rc = sp_user_add(ctx, users[i].email, users[i].name, org, users[i].role, SP_DEMO_PASSWORD,
                     NULL);
    if (rc != SP_OK) {
      char msg[900];
      snprintf(msg, sizeof(msg), "%s", sp_ctx_errmsg(ctx));
      return sp_ctx_fail(ctx, rc, NULL, "demo account %s: %s", users[i].email, msg);
    }
  }
  return SP_OK;
}

enum sp_rc sp_demo_foundation(struct sp_ctx *ctx) {
  struct sp_stmt *st = NULL;
  int row = 0;
  enum sp_rc rc = sp_store_prepare(sp_ctx_store(ctx), ctx, "SELECT 1 FROM orgs LIMIT 1", &st);
  if (rc == SP_OK)
    rc = sp_stmt_step(st, ctx, &row);
  sp_stmt_free(st);
  if (rc != SP_OK || row)
    return rc;
  /* Act as the system for the writes, then give the caller's actor back. */
  int64_t uid = sp_ctx_user_id(ctx), org = sp_ctx_org_id(ctx);
  enum sp_role role = sp_ctx_role(ctx);
  char name[128];
  snprintf(name, sizeof(name), "%s", sp_ctx_actor_name(ctx));
  sp_ctx_set_actor(ctx, 0, 0, SP_ROLE_DFE_ADMIN, "demo loader");
  rc = run_demo(ctx);
  sp_ctx_set_actor(ctx, uid, org, role, name);
  return rc;
}
