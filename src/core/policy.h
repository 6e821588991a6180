/*
 * policy.h: the one table of who may do what. Each row is an action; each
 * column a role. Every write in the library asks sp_policy_check before it
 * touches the store, and the web layer asks sp_policy_allows to decide which
 * buttons to show. Public reads need no row: they are always allowed.
 */
#ifndef SP_POLICY_H
#define SP_POLICY_H

#include "base/sp.h"

enum sp_action {
  SP_ACT_ORG_CREATE = 0,
  SP_ACT_ORG_EDIT,          /* any organisation */
  SP_ACT_ORG_EDIT_OWN,      /* the actor's own organisation */
  SP_ACT_ORG_IMPORT,
  SP_ACT_USER_MANAGE,
  SP_ACT_AUDIT_READ,
  SP_ACT_DESIGNATE,         /* designate / remove an ERB (issue 3) */
  SP_ACT_PLAN_EDIT,         /* ERB edits its own area's plan */
  SP_ACT_PLAN_DECIDE,       /* approve, return, publish, intervene */
  SP_ACT_MCA_STATEMENT,
  SP_ACT_PROVIDER_RECORD,   /* a provider's own co-operation records */
  SP_ACT_EVIDENCE_IMPORT,
  SP_ACT_AGREEMENT_EDIT,
  SP_ACT_FUNDING_EDIT,
  SP_ACT_REFERENCE_LOAD,    /* reload reference data (a local operator's job) */
  SP_ACT_AGREEMENT_PARTY_EDIT, /* progress on an action of an agreement the actor's
                                  organisation is party to (issue 6) */
  /* Issue 10 (findings 2 and 9): writes and reads decided by the record too. */
  SP_ACT_AGREEMENT_CREATE,  /* create an agreement (the creator's organisation owns it) */
  SP_ACT_AGREEMENT_PUBLISH, /* publish; funders only agreements they own */
  SP_ACT_AGREEMENT_SIGN,    /* record a signatory; a provider only itself */
  SP_ACT_ORG_GOVERN,        /* make an organisation a government body, MCA or ERB, or change
                               the name, kind or identifiers of one */
  SP_ACT_ORG_CONTACTS_READ, /* contact emails and phones of any organisation (and, for
                               every signed-in role, its own organisation's) */
  SP_ACT_PLAN_DRAFT_READ,   /* an unpublished plan: DfE any; the area's ERB, MCA and
                               relevant providers their area's */
  SP_ACT_PROVIDER_RECORDS_READ, /* co-operation, section 5 reviews, contributions: DfE any;
                                   the provider its own; the area's ERB its area's */
  SP_ACT_FUNDING_PREVIEW,   /* a reallocation dry run */
  SP_ACT__COUNT
};

/* "org.create" etc. */
const char *sp_action_name(enum sp_action a);

/* "Record" rules: a 1 in the table for an action marked here still needs
 * the record to agree (own organisation, own area, agreement owned). The
 * module that owns the record checks that after the table has said yes;
 * docs/security.md lists both. 1 for such actions. */
int sp_policy_needs_record(enum sp_role role, enum sp_action action);

/* 1 when `role` may take `action` according to the table. */
int sp_policy_allows(enum sp_role role, enum sp_action action);

/* SP_OK, or SP_EAUTH when nobody is signed in, or SP_EFORBIDDEN naming the
 * role and the action, written on ctx. */
SP_MUST_USE enum sp_rc sp_policy_check(struct sp_ctx *ctx, enum sp_action action);

#endif
