/*
 * orgs.h: the registry of organisations: every body by kind (org_kinds in
 * migration 0001), its identifiers (UKPRN for providers: 8 digits; a
 * Companies House number where it has one), the areas it works in, and its
 * contacts. Records travel as JSON objects with snake_case fields:
 *
 *   {id, name, kind, kind_name, is_provider, ukprn, companies_house,
 *    size_band, website, areas: [code...], contacts: [{name, email, phone, role}],
 *    created_at, updated_at}
 *
 * Only DfE creates a government body, turns an existing organisation into
 * a government body, an MCA, the GLA or an ERB, or changes the name, kind
 * or identifiers of one (org.govern); names are unique within a kind, and
 * only DfE gives any organisation a government body's name (issue 10,
 * finding 2).
 *
 * Writes check the actor's role against the policy table (policy.h), run in
 * one transaction with their audit entry, and change nothing when refused.
 * Unknown fields are refused, naming the field.
 */
#ifndef SP_ORGS_H
#define SP_ORGS_H

#include <jansson.h>
#include <stdint.h>

#include "base/sp.h"

/* [{code, name, is_provider}] in display order. */
SP_MUST_USE enum sp_rc sp_org_kinds(struct sp_ctx *ctx, json_t **out);

/*
 * Lists organisations, sorted by name; filter fields (all optional, NULL for
 * none): kind, area code, q (case-insensitive substring of the name).
 * limit 1..1000, offset >= 0. *out is {total, items: [...]}. The area
 * filter takes an ONS code or a guidance slug. Items carry their areas but
 * not their contacts (sp_org_get gives those).
 */
SP_MUST_USE enum sp_rc sp_orgs_list(struct sp_ctx *ctx, const char *kind, const char *area,
                                    const char *q, int limit, int offset, json_t **out);

/* One organisation; SP_ENOTFOUND when there is none. Contacts carry email
 * and phone only for DfE and the organisation's own accounts
 * (sp_org_may_read_contacts); for everyone else name and role only, and the
 * record has contact_details_hidden: true. */
SP_MUST_USE enum sp_rc sp_org_get(struct sp_ctx *ctx, int64_t id, json_t **out);

/* 1 when the actor may read the contact emails and phones of organisation
 * id: DfE (org.contacts_read), or a signed-in account of that organisation. */
int sp_org_may_read_contacts(struct sp_ctx *ctx, int64_t id);

/*
 * Validates `in` (borrowed): name (required, <= 200 chars), kind (a known
 * code), ukprn (8 digits; required for provider kinds except schools,
 * refused for others), companies_house, size_band (employers only),
 * website, areas (known area codes), contacts (<= 20). Creates the record
 * and its audit entry; *id_out is the new id.
 */
SP_MUST_USE enum sp_rc sp_org_create(struct sp_ctx *ctx, const json_t *in, int64_t *id_out);

/* Applies the fields present in `patch` (same rules; areas/contacts replace
 * the lists). */
SP_MUST_USE enum sp_rc sp_org_update(struct sp_ctx *ctx, int64_t id, const json_t *patch);

/*
 * Imports organisations from a CSV file with the header
 *   name,kind,ukprn,companies_house,size_band,website,areas
 * (areas separated by ';'). All-or-nothing: the first bad row is reported as
 * "file:line: field: rule" and nothing is written. *count is rows created.
 */
SP_MUST_USE enum sp_rc sp_orgs_import_csv(struct sp_ctx *ctx, const char *path, int64_t *count);

#endif
