/*
 * lsip_fixture.h: the test fixture the LSIP unit tests share (included by
 * tests/unit/test_lsip_*.c; not a test itself): an in-memory store with a
 * few areas (a non-mayoral one, a mayoral one, the North East whose
 * district's authority first has a mayor on 2024-05-07 in this fixture, and one terminated on
 * 2025-09-29), organisations of each kind and accounts, and helpers to act
 * as a role.
 */
#ifndef LSIP_FIXTURE_H
#define LSIP_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "base/date.h"
#include "core/lsip/lsip.h"
#include "base/sp.h"
#include "store/store.h"
#include "testutil.h"

/* Org ids and user ids the fixture creates. */
enum {
  ORG_DFE = 1, ORG_ERB_A, ORG_ERB_B, ORG_FE, ORG_ITP, ORG_SCHOOL, ORG_MCA, ORG_EMP, ORG_SFC,
  ORG_HEI, ORG_LA
};
enum { U_DFE = 1, U_ERB_A, U_ERB_B, U_FE, U_MCA, U_ERB_A2 };

#define AREA_BUCKS "E69000002"   /* not mayoral */
#define AREA_GM "E69000010"      /* mayoral combined authority */
#define AREA_NE "E69000020"      /* North East: no mayor until 2024-05-07 (footnote 15) */
#define AREA_GONE "E69000030"    /* terminated 2025-09-29 */

struct fx {
  struct sp_store *store;
  struct sp_ctx *ctx;
};

static const char fixture_sql[] =
    "INSERT INTO areas(code, valid_from, valid_to) VALUES ('E69000002',NULL,NULL),"
    " ('E69000010',NULL,NULL),('E69000020',NULL,NULL),('E69000030',NULL,'2025-09-29');"
    "INSERT INTO area_names(code, name, valid_from, valid_to) VALUES"
    " ('E69000002','Buckinghamshire',NULL,NULL),('E69000010','Greater Manchester',NULL,NULL),"
    " ('E69000020','North East',NULL,NULL),('E69000030','Old Area',NULL,'2025-09-29');"
    "INSERT INTO area_attributes(code, valid_from, valid_to, kind, source) VALUES"
    " ('E69000002',NULL,NULL,'lep','test'),('E69000010',NULL,NULL,'combined_authority','test'),"
    " ('E69000020',NULL,NULL,'combined_authority','test footnote 15'),"
    " ('E69000030',NULL,'2025-09-29','lep','test');"
    /* mayoral cover comes from districts and mayoralties (migration 0500) */
    "INSERT INTO lads(code, name) VALUES ('E06000060','Buckinghamshire'),('E08000001','Bolton'),"
    " ('E06000047','County Durham'),('E07000001','Old District');"
    "INSERT INTO area_lads(area_code, lad_code, valid_from, valid_to) VALUES"
    " ('E69000002','E06000060',NULL,NULL),('E69000010','E08000001',NULL,NULL),"
    " ('E69000020','E06000047',NULL,NULL),('E69000030','E07000001',NULL,'2025-09-29');"
    "INSERT INTO combined_authorities(code, name, first_mayor_elected, source) VALUES"
    " ('E47000001','Greater Manchester','2017-05-04','test'),"
    " ('E47000014','North East','2024-05-07','test: no mayor until 2024-05-07 (footnote 15)');"
    "INSERT INTO combined_authority_lads(ca_code, lad_code, valid_from, valid_to, source) VALUES"
    " ('E47000001','E08000001',NULL,NULL,'test'),('E47000014','E06000047',NULL,NULL,'test');"
    "INSERT INTO routes(code, name) VALUES ('ENG','Engineering and manufacturing'),"
    " ('DIG','Digital');"
    "INSERT INTO pathways(code, route_code, name) VALUES ('ENG-MAN','ENG','Manufacturing'),"
    " ('DIG-SW','DIG','Software');"
    "INSERT INTO orgs(id, name, kind, ukprn) VALUES (1,'Department for Education','government',NULL),"
    " (2,'Bucks Chamber','erb',NULL),(3,'Manchester Chamber','erb',NULL),"
    " (4,'Bucks College','fe_college','10000001'),(5,'Skills Ltd','itp','10000002'),"
    " (6,'High School','school','10000003'),(7,'Greater Manchester CA','mca',NULL),"
    " (8,'Acme Engineering','employer',NULL),(9,'Sixth Form College','sixth_form_college','10000004'),"
    " (10,'University','hei','10000005'),(11,'Council Adult Learning','la_provider','10000006');"
    "INSERT INTO org_areas(org_id, area_code) VALUES (7,'E69000010'),(4,'E69000002');"
    "INSERT INTO users(id, email, name, org_id, role, password_hash) VALUES"
    " (1,'dfe@t','Dee Eff',1,'dfe_admin','x'),(2,'erb@t','Erin Bucks',2,'erb_editor','x'),"
    " (3,'erb2@t','Manny Chester',3,'erb_editor','x'),(4,'fe@t','Fran College',4,'provider_editor','x'),"
    " (5,'mca@t','Mayor Office',7,'mca_reviewer','x'),(6,'erb3@t','Eric Bucks',2,'erb_editor','x');";

static inline int fx_setup(void **state) {
  struct fx *f = calloc(1, sizeof(*f));
  struct sp_ctx *c0 = sp_ctx_new(NULL);
  assert_int_equal(sp_store_open(c0, t_db_url(c0), &f->store), SP_OK);
  sp_ctx_free(c0);
  f->ctx = sp_ctx_new(f->store);
  assert_int_equal(sp_store_exec(f->store, f->ctx, fixture_sql), SP_OK);
  *state = f;
  return 0;
}

static inline int fx_teardown(void **state) {
  struct fx *f = *state;
  sp_ctx_free(f->ctx);
  sp_store_close(f->store);
  t_db_drop();
  free(f);
  return 0;
}

static inline int32_t D(const char *iso) {
  int32_t d = SP_DATE_NONE;
  assert_int_equal(sp_date_parse(iso, &d), SP_OK);
  return d;
}

/* Acts as the fixture's user uid on the date iso. */
static inline void as(struct fx *f, int uid, const char *iso) {
  static const struct {
    int64_t org;
    enum sp_role role;
    const char *name;
  } users[] = {{0, SP_ROLE_PUBLIC, "public"},
               {ORG_DFE, SP_ROLE_DFE_ADMIN, "Dee Eff"},
               {ORG_ERB_A, SP_ROLE_ERB_EDITOR, "Erin Bucks"},
               {ORG_ERB_B, SP_ROLE_ERB_EDITOR, "Manny Chester"},
               {ORG_FE, SP_ROLE_PROVIDER_EDITOR, "Fran College"},
               {ORG_MCA, SP_ROLE_MCA_REVIEWER, "Mayor Office"},
               {ORG_ERB_A, SP_ROLE_ERB_EDITOR, "Eric Bucks"}};
  sp_ctx_set_actor(f->ctx, uid, users[uid].org, users[uid].role, users[uid].name);
  sp_ctx_set_today(f->ctx, D(iso));
  sp_ctx_clear(f->ctx);
}

static inline int64_t count(struct fx *f, const char *sql) {
  struct sp_stmt *st = NULL;
  int row = 0;
  assert_int_equal(sp_store_prepare(f->store, f->ctx, sql, &st), SP_OK);
  assert_int_equal(sp_stmt_step(st, f->ctx, &row), SP_OK);
  assert_true(row);
  int64_t v = sp_stmt_int(st, 0);
  sp_stmt_free(st);
  return v;
}

/* A complete designation request for area/org on effective date. */
static inline json_t *designation_in(const char *area, int64_t org, const char *eff) {
  return json_pack("{s:s, s:I, s:s, s:b, s:b, s:b, s:b, s:b, s:b, s:s, s:s, s:s}", "area_code",
                   area, "org_id", (json_int_t)org, "effective_date", eff, "body_corporate", 1,
                   "not_crown_servant", 1, "not_sos_appointed", 1, "not_public_authority", 1,
                   "capable", 1, "reasonably_representative", 1, "consent_date", eff,
                   "consent_ref", "DfE/LSIP/consent/1", "terms", "Standard LSIP terms v1");
}

/* Designates org for area on eff as DfE; returns the designation id. */
static inline int64_t designate(struct fx *f, const char *area, int64_t org, const char *eff) {
  as(f, U_DFE, eff);
  json_t *in = designation_in(area, org, eff);
  int64_t id = 0;
  enum sp_rc rc = sp_lsip_designate(f->ctx, in, &id);
  if (rc != SP_OK)
    fail_msg("designate: %s", sp_ctx_errmsg(f->ctx));
  json_decref(in);
  return id;
}

/* Asserts rc and that the message contains needle. */
#define assert_refused(call, code, needle)                                                         \
  do {                                                                                             \
    enum sp_rc rc_ = (call);                                                                       \
    if (rc_ != (code))                                                                             \
      fail_msg("expected %s, got %s: %s", sp_strerror(code), sp_strerror(rc_),                    \
               sp_ctx_errmsg(f->ctx));                                                             \
    if (!strstr(sp_ctx_errmsg(f->ctx), (needle)))                                                  \
      fail_msg("message '%s' lacks '%s'", sp_ctx_errmsg(f->ctx), (needle));                       \
  } while (0)

#define assert_ok(call)                                                                            \
  do {                                                                                             \
    enum sp_rc rc_ = (call);                                                                       \
    if (rc_ != SP_OK)                                                                              \
      fail_msg("%s failed: %s: %s", #call, sp_strerror(rc_), sp_ctx_errmsg(f->ctx));             \
  } while (0)

#endif
