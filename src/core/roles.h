/*
 * roles.h: roles and permissions in the words a person uses ("employer
 * representative body editor", "approve, return or publish a plan"), for
 * pages and messages; the machine names (erb_editor, plan.decide) stay in
 * the API and the audit log.
 */
#ifndef SP_ROLES_H
#define SP_ROLES_H

#include "base/sp.h"
#include "core/policy.h"

/* The role as a lower-case phrase ("employer representative body editor");
 * "member of the public" for SP_ROLE_PUBLIC. Static storage. */
const char *sp_role_words(enum sp_role role);

/* What the action lets someone do, as a lower-case phrase that follows
 * "cannot" ("approve, return or publish a plan"). Static storage. */
const char *sp_action_words(enum sp_action action);

#endif
