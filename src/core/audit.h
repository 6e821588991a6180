/*
 * audit.h: the audit log. Every write to a record appends one entry (actor,
 * action, entity, entity id, the record before and after as JSON, time) in
 * the same transaction as the write: call sp_audit_append between
 * sp_store_begin and sp_store_commit. The log is append-only (triggers in
 * migration 0001 refuse UPDATE and DELETE).
 */
#ifndef SP_AUDIT_H
#define SP_AUDIT_H

#include <jansson.h>

#include "base/sp.h"

/*
 * Appends an entry for the context's actor. action is a verb such as
 * "create", "update", "designate"; entity a table-like name ("org");
 * before/after may be NULL (borrowed, serialised compactly with sorted keys).
 * Fails with SP_EINTERNAL when no transaction is open on the context's store.
 */
SP_MUST_USE enum sp_rc sp_audit_append(struct sp_ctx *ctx, const char *action, const char *entity,
                                       const char *entity_id, const json_t *before,
                                       const json_t *after);

/* Lists entries newest first, at most limit (1..1000), optionally only one
 * entity kind (NULL for all) and only ids below before_id (0 for no bound),
 * as a JSON array (new reference in *out). Needs the dfe_admin role. */
SP_MUST_USE enum sp_rc sp_audit_list(struct sp_ctx *ctx, const char *entity, int64_t before_id,
                                     int limit, json_t **out);

#endif
