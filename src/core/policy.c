/*
 * policy.c: the policy table. One row per action, one column per role
 * (public, dfe_admin, erb_editor, provider_editor, mca_reviewer, funder,
 * viewer). A 1 means the role may take the action; finer rules (an ERB only
 * in its own area, a provider only its own records) are checked by the
 * module that owns the record, after this table has said yes.
 */
#include "policy.h"
#include "roles.h"

static const struct {
  const char *name;
  unsigned char allow[SP_ROLE__COUNT];
} table[SP_ACT__COUNT] = {
    /*                               pub dfe erb prv mca fun vwr */
    [SP_ACT_ORG_CREATE] = {"org.create", {0, 1, 1, 0, 0, 1, 0}},
    [SP_ACT_ORG_EDIT] = {"org.edit", {0, 1, 0, 0, 0, 0, 0}},
    [SP_ACT_ORG_EDIT_OWN] = {"org.edit_own", {0, 1, 1, 1, 1, 1, 0}},
    [SP_ACT_ORG_IMPORT] = {"org.import", {0, 1, 0, 0, 0, 0, 0}},
    [SP_ACT_USER_MANAGE] = {"user.manage", {0, 1, 0, 0, 0, 0, 0}},
    [SP_ACT_AUDIT_READ] = {"audit.read", {0, 1, 0, 0, 0, 0, 0}},
    [SP_ACT_DESIGNATE] = {"designation.decide", {0, 1, 0, 0, 0, 0, 0}},
    [SP_ACT_PLAN_EDIT] = {"plan.edit", {0, 0, 1, 0, 0, 0, 0}},
    [SP_ACT_PLAN_DECIDE] = {"plan.decide", {0, 1, 0, 0, 0, 0, 0}},
    [SP_ACT_MCA_STATEMENT] = {"plan.mca_statement", {0, 0, 0, 0, 1, 0, 0}},
    [SP_ACT_PROVIDER_RECORD] = {"provider.record", {0, 0, 0, 1, 0, 0, 0}},
    [SP_ACT_EVIDENCE_IMPORT] = {"evidence.import", {0, 1, 1, 0, 0, 0, 0}},
    [SP_ACT_AGREEMENT_EDIT] = {"agreement.edit", {0, 1, 0, 0, 0, 1, 0}},
    [SP_ACT_FUNDING_EDIT] = {"funding.edit", {0, 1, 0, 0, 0, 1, 0}},
    [SP_ACT_REFERENCE_LOAD] = {"reference.load", {0, 1, 0, 0, 0, 0, 0}},
    [SP_ACT_AGREEMENT_PARTY_EDIT] = {"agreement.party_edit", {0, 1, 1, 1, 1, 1, 0}},
    [SP_ACT_AGREEMENT_CREATE] = {"agreement.create", {0, 1, 0, 0, 0, 1, 0}},
    [SP_ACT_AGREEMENT_PUBLISH] = {"agreement.publish", {0, 1, 0, 0, 0, 1, 0}},
    [SP_ACT_AGREEMENT_SIGN] = {"agreement.sign", {0, 1, 0, 1, 0, 1, 0}},
    [SP_ACT_ORG_GOVERN] = {"org.govern", {0, 1, 0, 0, 0, 0, 0}},
    [SP_ACT_ORG_CONTACTS_READ] = {"org.contacts_read", {0, 1, 0, 0, 0, 0, 0}},
    [SP_ACT_PLAN_DRAFT_READ] = {"plan.read_draft", {0, 1, 1, 1, 1, 0, 0}},
    [SP_ACT_PROVIDER_RECORDS_READ] = {"provider.records_read", {0, 1, 1, 1, 0, 0, 0}},
    [SP_ACT_FUNDING_PREVIEW] = {"funding.preview", {0, 1, 0, 0, 0, 1, 0}},
};

/* Which allowed cells still depend on the record (see policy.h); DfE's
 * never do. */
static const unsigned char by_record[SP_ACT__COUNT][SP_ROLE__COUNT] = {
    /*                                   pub dfe erb prv mca fun vwr */
    [SP_ACT_ORG_EDIT_OWN] = {0, 0, 1, 1, 1, 1, 0},
    [SP_ACT_PLAN_EDIT] = {0, 0, 1, 0, 0, 0, 0},
    [SP_ACT_MCA_STATEMENT] = {0, 0, 0, 0, 1, 0, 0},
    [SP_ACT_PROVIDER_RECORD] = {0, 0, 0, 1, 0, 0, 0},
    [SP_ACT_AGREEMENT_EDIT] = {0, 0, 0, 0, 0, 1, 0},
    [SP_ACT_AGREEMENT_PARTY_EDIT] = {0, 0, 1, 1, 1, 1, 0},
    [SP_ACT_AGREEMENT_PUBLISH] = {0, 0, 0, 0, 0, 1, 0},
    [SP_ACT_AGREEMENT_SIGN] = {0, 0, 0, 1, 0, 1, 0},
    [SP_ACT_PLAN_DRAFT_READ] = {0, 0, 1, 1, 1, 0, 0},
    [SP_ACT_PROVIDER_RECORDS_READ] = {0, 0, 1, 1, 0, 0, 0},
};

int sp_policy_needs_record(enum sp_role role, enum sp_action action) {
  if ((unsigned)role >= SP_ROLE__COUNT || (unsigned)action >= SP_ACT__COUNT)
    return 0;
  return by_record[action][role];
}

const char *sp_action_name(enum sp_action a) {
  if ((unsigned)a >= SP_ACT__COUNT)
    return "unknown";
  return table[a].name;
}

int sp_policy_allows(enum sp_role role, enum sp_action action) {
  if ((unsigned)role >= SP_ROLE__COUNT || (unsigned)action >= SP_ACT__COUNT)
    return 0;
  return table[action].allow[role];
}

enum sp_rc sp_policy_check(struct sp_ctx *ctx, enum sp_action action) {
  enum sp_role role = sp_ctx_role(ctx);
  /* In words (core/roles.h): people read these on error pages. */
  if (role == SP_ROLE_PUBLIC)
    return sp_ctx_fail(ctx, SP_EAUTH, NULL, "Sign in to %s", sp_action_words(action));
  if (!sp_policy_allows(role, action))
    return sp_ctx_fail(ctx, SP_EFORBIDDEN, NULL, "An account with the role %s cannot %s",
                       sp_role_words(role), sp_action_words(action));
  return SP_OK;
}
