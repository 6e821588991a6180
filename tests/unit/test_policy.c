/*
 * test_policy.c: the policy table (policy.c) against the specification
 * written out again here, cell by cell: for each role, which actions it may
 * take. Nobody signed in gets SP_EAUTH; a role without the right gets
 * SP_EFORBIDDEN with a message naming the role and the action.
 */
#include "testutil.h"

#include "core/policy.h"
#include "core/roles.h"

/* The expected table: role columns public, dfe_admin, erb_editor,
 * provider_editor, mca_reviewer, funder, viewer. */
static const struct {
  enum sp_action action;
  const char *name;
  unsigned char allow[SP_ROLE__COUNT];
} expected[] = {
    {SP_ACT_ORG_CREATE, "org.create", {0, 1, 1, 0, 0, 1, 0}},
    {SP_ACT_ORG_EDIT, "org.edit", {0, 1, 0, 0, 0, 0, 0}},
    {SP_ACT_ORG_EDIT_OWN, "org.edit_own", {0, 1, 1, 1, 1, 1, 0}},
    {SP_ACT_ORG_IMPORT, "org.import", {0, 1, 0, 0, 0, 0, 0}},
    {SP_ACT_USER_MANAGE, "user.manage", {0, 1, 0, 0, 0, 0, 0}},
    {SP_ACT_AUDIT_READ, "audit.read", {0, 1, 0, 0, 0, 0, 0}},
    {SP_ACT_DESIGNATE, "designation.decide", {0, 1, 0, 0, 0, 0, 0}},
    {SP_ACT_PLAN_EDIT, "plan.edit", {0, 0, 1, 0, 0, 0, 0}},
    {SP_ACT_PLAN_DECIDE, "plan.decide", {0, 1, 0, 0, 0, 0, 0}},
    {SP_ACT_MCA_STATEMENT, "plan.mca_statement", {0, 0, 0, 0, 1, 0, 0}},
    {SP_ACT_PROVIDER_RECORD, "provider.record", {0, 0, 0, 1, 0, 0, 0}},
    {SP_ACT_EVIDENCE_IMPORT, "evidence.import", {0, 1, 1, 0, 0, 0, 0}},
    {SP_ACT_AGREEMENT_EDIT, "agreement.edit", {0, 1, 0, 0, 0, 1, 0}},
    {SP_ACT_FUNDING_EDIT, "funding.edit", {0, 1, 0, 0, 0, 1, 0}},
    {SP_ACT_REFERENCE_LOAD, "reference.load", {0, 1, 0, 0, 0, 0, 0}},
    {SP_ACT_AGREEMENT_PARTY_EDIT, "agreement.party_edit", {0, 1, 1, 1, 1, 1, 0}},
    /* issue 10, findings 2 and 9 (docs/security.md) */
    {SP_ACT_AGREEMENT_CREATE, "agreement.create", {0, 1, 0, 0, 0, 1, 0}},
    {SP_ACT_AGREEMENT_PUBLISH, "agreement.publish", {0, 1, 0, 0, 0, 1, 0}},
    {SP_ACT_AGREEMENT_SIGN, "agreement.sign", {0, 1, 0, 1, 0, 1, 0}},
    {SP_ACT_ORG_GOVERN, "org.govern", {0, 1, 0, 0, 0, 0, 0}},
    {SP_ACT_ORG_CONTACTS_READ, "org.contacts_read", {0, 1, 0, 0, 0, 0, 0}},
    {SP_ACT_PLAN_DRAFT_READ, "plan.read_draft", {0, 1, 1, 1, 1, 0, 0}},
    {SP_ACT_PROVIDER_RECORDS_READ, "provider.records_read", {0, 1, 1, 1, 0, 0, 0}},
    {SP_ACT_FUNDING_PREVIEW, "funding.preview", {0, 1, 0, 0, 0, 1, 0}},
};

/* Every action is in the specification above, so a new row cannot slip in
 * untested. */
static void every_action_is_specified(void **state) {
  (void)state;
  assert_int_equal(SP_ARRAY_LEN(expected), SP_ACT__COUNT);
  /* DfE's cells never wait on the record; a record rule only narrows a 1. */
  for (int a = 0; a < SP_ACT__COUNT; a++) {
    assert_false(sp_policy_needs_record(SP_ROLE_DFE_ADMIN, (enum sp_action)a));
    for (int r = 0; r < SP_ROLE__COUNT; r++)
      if (sp_policy_needs_record((enum sp_role)r, (enum sp_action)a))
        assert_true(sp_policy_allows((enum sp_role)r, (enum sp_action)a));
  }
}

static void table_matches_specification(void **state) {
  (void)state;
  for (size_t i = 0; i < SP_ARRAY_LEN(expected); i++) {
    assert_string_equal(sp_action_name(expected[i].action), expected[i].name);
    for (int r = 0; r < SP_ROLE__COUNT; r++) {
      if (sp_policy_allows((enum sp_role)r, expected[i].action) != expected[i].allow[r])
        fail_msg("%s for %s: table says %d, specification %d", expected[i].name,
                 sp_role_name((enum sp_role)r),
                 sp_policy_allows((enum sp_role)r, expected[i].action), expected[i].allow[r]);
    }
  }
}

static void every_action_has_a_unique_name(void **state) {
  (void)state;
  for (int a = 0; a < SP_ACT__COUNT; a++) {
    const char *n = sp_action_name((enum sp_action)a);
    assert_string_not_equal(n, "unknown");
    for (int b = a + 1; b < SP_ACT__COUNT; b++)
      assert_string_not_equal(n, sp_action_name((enum sp_action)b));
  }
  assert_string_equal(sp_action_name(SP_ACT__COUNT), "unknown");
  assert_false(sp_policy_allows(SP_ROLE__COUNT, SP_ACT_ORG_CREATE));
  assert_false(sp_policy_allows(SP_ROLE_DFE_ADMIN, SP_ACT__COUNT));
}

static void public_may_write_nothing(void **state) {
  (void)state;
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  for (int a = 0; a < SP_ACT__COUNT; a++) {
    assert_false(sp_policy_allows(SP_ROLE_PUBLIC, (enum sp_action)a));
    assert_int_equal(sp_policy_check(ctx, (enum sp_action)a), SP_EAUTH);
    assert_non_null(strstr(sp_ctx_errmsg(ctx), "Sign in to "));
    assert_non_null(strstr(sp_ctx_errmsg(ctx), sp_action_words((enum sp_action)a)));
  }
  sp_ctx_free(ctx);
}

static void check_names_role_and_action(void **state) {
  (void)state;
  struct sp_ctx *ctx = sp_ctx_new(NULL);
  for (size_t i = 0; i < SP_ARRAY_LEN(expected); i++) {
    for (int r = SP_ROLE_DFE_ADMIN; r < SP_ROLE__COUNT; r++) {
      sp_ctx_set_actor(ctx, 1, 1, (enum sp_role)r, "someone");
      sp_ctx_clear(ctx);
      enum sp_rc rc = sp_policy_check(ctx, expected[i].action);
      if (expected[i].allow[r]) {
        assert_int_equal(rc, SP_OK);
      } else {
        assert_int_equal(rc, SP_EFORBIDDEN);
        /* In words, never as keys (issue 11): "An account with the role
         * viewer cannot approve, return, publish or intervene in a plan". */
        assert_non_null(strstr(sp_ctx_errmsg(ctx), sp_role_words((enum sp_role)r)));
        assert_non_null(strstr(sp_ctx_errmsg(ctx), sp_action_words(expected[i].action)));
        assert_null(strstr(sp_ctx_errmsg(ctx), expected[i].name));
      }
    }
  }
  sp_ctx_free(ctx);
}

static void roles_parse_and_print(void **state) {
  (void)state;
  enum sp_role r;
  for (int i = SP_ROLE_DFE_ADMIN; i < SP_ROLE__COUNT; i++) {
    assert_int_equal(sp_role_parse(sp_role_name((enum sp_role)i), &r), SP_OK);
    assert_int_equal(r, i);
  }
  assert_int_equal(sp_role_parse("public", &r), SP_EINVAL);
  assert_int_equal(sp_role_parse("admin", &r), SP_EINVAL);
  assert_int_equal(sp_role_parse(NULL, &r), SP_EINVAL);
  assert_int_equal(sp_rc_http(SP_EAUTH), 401);
  assert_int_equal(sp_rc_http(SP_EFORBIDDEN), 403);
  assert_int_equal(sp_rc_exit(SP_EINVAL), 2);
  assert_int_equal(sp_rc_exit(SP_EINTERNAL), 3);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(table_matches_specification),
      cmocka_unit_test(every_action_is_specified),
      cmocka_unit_test(every_action_has_a_unique_name),
      cmocka_unit_test(public_may_write_nothing),
      cmocka_unit_test(check_names_role_and_action),
      cmocka_unit_test(roles_parse_and_print),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
