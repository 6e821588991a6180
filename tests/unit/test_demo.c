/*
 * test_demo.c: the foundation's demo data (demo.h): organisations of many
 * kinds that pass the registry's own checks, one account per role that can
 * sign in with the demo password, the caller's actor given back, and a
 * second run that changes nothing.
 */
#include "testutil.h"

#include "core/auth.h"
#include "core/demo.h"
#include "core/reference.h"

static void demo_loads_once_with_one_account_per_role(void **state) {
  (void)state;
  assert_int_equal(sp_auth_init(), SP_OK);
  struct tenv e;
  t_open(&e);
  sp_ctx_set_actor(e.ctx, 0, 0, SP_ROLE_DFE_ADMIN, "loader");
  T_RC(&e, sp_reference_load(e.ctx, t_path("data")), SP_OK);
  /* The demo runs as the system whoever calls it, and gives the actor back. */
  sp_ctx_set_actor(e.ctx, 0, 0, SP_ROLE_PUBLIC, NULL);
  T_RC(&e, sp_demo_foundation(e.ctx), SP_OK);
  assert_int_equal(sp_ctx_role(e.ctx), SP_ROLE_PUBLIC);
  int64_t orgs = t_int(&e, "SELECT count(*) FROM orgs");
  assert_true(orgs >= 25);
  assert_true(t_int(&e, "SELECT count(DISTINCT kind) FROM orgs") >= 12);
  assert_int_equal(t_int(&e, "SELECT count(*) FROM orgs WHERE kind = 'employer'"
                             " AND size_band IS NULL"),
                   0);
  assert_int_equal(t_int(&e, "SELECT count(*) FROM orgs o JOIN org_kinds k ON k.code = o.kind"
                             " WHERE k.is_provider = 1 AND o.kind <> 'school'"
                             " AND (o.ukprn IS NULL OR o.ukprn NOT LIKE '100%')"),
                   0);
  assert_int_equal(t_int(&e, "SELECT count(DISTINCT area_code) FROM org_areas") >= 5, 1);
  assert_int_equal(t_int(&e, "SELECT count(DISTINCT role) FROM users"), 6);
  assert_int_equal(t_int(&e, "SELECT count(*) FROM users"), 6);
  /* Every write was audited, by the demo loader. */
  assert_int_equal(t_int(&e, "SELECT count(*) FROM audit_log WHERE entity = 'org'"
                             " AND actor = 'demo loader'"),
                   orgs);
  static const char *const emails[] = {"dfe", "erb", "provider", "mca", "funder", "viewer"};
  static const enum sp_role roles[] = {SP_ROLE_DFE_ADMIN,    SP_ROLE_ERB_EDITOR,
                                       SP_ROLE_PROVIDER_EDITOR, SP_ROLE_MCA_REVIEWER,
                                       SP_ROLE_FUNDER,       SP_ROLE_VIEWER};
  for (size_t i = 0; i < SP_ARRAY_LEN(emails); i++) {
    char email[64], tok[SP_TOKEN_HEX], csrf[SP_TOKEN_HEX], got[SP_TOKEN_HEX];
    snprintf(email, sizeof(email), "%s@demo.skillplan.test", emails[i]);
    T_RC(&e, sp_session_create(e.ctx, email, SP_DEMO_PASSWORD, "127.0.0.1", 1800000000, tok, csrf),
         SP_OK);
    T_RC(&e, sp_session_resume(e.ctx, tok, 1800000001, got), SP_OK);
    assert_int_equal(sp_ctx_role(e.ctx), roles[i]);
    assert_true(sp_ctx_org_id(e.ctx) > 0);
  }
  /* A second run finds organisations and leaves everything as it was. */
  sp_ctx_set_actor(e.ctx, 0, 0, SP_ROLE_PUBLIC, NULL);
  T_RC(&e, sp_demo_foundation(e.ctx), SP_OK);
  assert_int_equal(t_int(&e, "SELECT count(*) FROM orgs"), orgs);
  assert_int_equal(t_int(&e, "SELECT count(*) FROM users"), 6);
  t_close(&e);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(demo_loads_once_with_one_account_per_role),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
