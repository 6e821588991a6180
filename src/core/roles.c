/*
 * roles.c: the words for roles and permissions (see roles.h). The tables
 * follow the order of enum sp_role and enum sp_action.
 */
#include "core/roles.h"

const char *sp_role_words(enum sp_role role) {
  static const char *const words[SP_ROLE__COUNT] = {
      [SP_ROLE_PUBLIC] = "member of the public",
      [SP_ROLE_DFE_ADMIN] = "Department for Education LSIP team administrator",
      [SP_ROLE_ERB_EDITOR] = "employer representative body editor",
      [SP_ROLE_PROVIDER_EDITOR] = "education and training provider editor",
      [SP_ROLE_MCA_REVIEWER] = "mayoral combined authority or GLA reviewer",
      [SP_ROLE_FUNDER] = "funder or sector body",
      [SP_ROLE_VIEWER] = "viewer",
  };
  if ((unsigned)role >= SP_ROLE__COUNT)
    return "unknown role";
  return words[role];
}

const char *sp_action_words(enum sp_action action) {
  static const char *const words[SP_ACT__COUNT] = {
      [SP_ACT_ORG_CREATE] = "add organisations",
      [SP_ACT_ORG_EDIT] = "change any organisation",
      [SP_ACT_ORG_EDIT_OWN] = "change their own organisation",
      [SP_ACT_ORG_IMPORT] = "import organisations",
      [SP_ACT_USER_MANAGE] = "manage accounts",
      [SP_ACT_AUDIT_READ] = "read the audit log",
      [SP_ACT_DESIGNATE] = "designate or remove an employer representative body",
      [SP_ACT_PLAN_EDIT] = "change a local skills improvement plan",
      [SP_ACT_PLAN_DECIDE] = "approve, return, publish or intervene in a plan",
      [SP_ACT_MCA_STATEMENT] = "give the mayoral combined authority or GLA statement",
      [SP_ACT_PROVIDER_RECORD] = "record a provider's co-operation, reviews or contributions",
      [SP_ACT_EVIDENCE_IMPORT] = "import evidence",
      [SP_ACT_AGREEMENT_EDIT] = "change agreements",
      [SP_ACT_FUNDING_EDIT] = "change funding",
      [SP_ACT_REFERENCE_LOAD] = "reload reference data",
      [SP_ACT_AGREEMENT_PARTY_EDIT] = "change an agreement their organisation is party to",
      [SP_ACT_AGREEMENT_CREATE] = "create agreements",
      [SP_ACT_AGREEMENT_PUBLISH] = "publish agreements",
      [SP_ACT_AGREEMENT_SIGN] = "sign up to an agreement for an organisation",
      [SP_ACT_ORG_GOVERN] =
          "make or change a government body, mayoral authority or employer representative body",
      [SP_ACT_ORG_CONTACTS_READ] = "read organisations' contact details",
      [SP_ACT_PLAN_DRAFT_READ] = "read a plan that is not published",
      [SP_ACT_PROVIDER_RECORDS_READ] = "read providers' records",
      [SP_ACT_FUNDING_PREVIEW] = "preview a reallocation of funding",
  };
  if ((unsigned)action >= SP_ACT__COUNT || !words[action])
    return "do this";
  return words[action];
}
