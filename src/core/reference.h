/*
 * reference.h: the reference data: LSIP areas (dated: names, kinds, whether
 * a mayoral combined authority or the GLA covers them, their local authority
 * districts, their history), occupational routes and pathways, RQF levels,
 * and LARS sector subject areas and standards.
 *
 * sp_reference_load reads the vendored files under a data directory
 * (data/ in the source tree; see data/SOURCES.md) into the store in one
 * transaction; it is all-or-nothing and may be run again (it replaces the
 * reference rows). Queries answer "as of" a date: an area is live on a date
 * when valid_from <= date < valid_to.
 *
 * Every function returning JSON hands the caller a new reference.
 */
#ifndef SP_REFERENCE_H
#define SP_REFERENCE_H

#include <jansson.h>
#include <stdint.h>

#include "base/sp.h"

SP_MUST_USE enum sp_rc sp_reference_load(struct sp_ctx *ctx, const char *data_dir);

/* Areas live on `as_of`, sorted by name: [{code, name, kind, kind_name,
 * mayoral (bool: covered on as_of, as sp_area_mayoral_on), parent_code,
 * valid_from, valid_to, lad_count}]. */
SP_MUST_USE enum sp_rc sp_areas_list(struct sp_ctx *ctx, int32_t as_of, json_t **out);

/*
 * One area as of a date: {code, name, slug, kind, kind_name, mayoral (on
 * as_of, or on the last day the area was live), mayoral_cover (as
 * sp_area_mayoral_cover), parent_code, parent_name, live (bool on as_of), valid_from, valid_to,
 * names: [{name, valid_from, valid_to}], lads: [{code, name}] (on as_of, or
 * on the last day the area was live), subregions: [{code, name}],
 * history: [{on_date, event, detail}]}. Accepts the ONS code or the slug.
 * SP_ENOTFOUND (message names the code) for an unknown area.
 */
SP_MUST_USE enum sp_rc sp_area_get(struct sp_ctx *ctx, const char *code, int32_t as_of,
                                   json_t **out);

/*
 * Mayoral cover, derived from dated records (reference_cover.c): an area is
 * covered on day D when a district it holds on D belongs on D to a combined
 * authority (or the GLA) whose first directly elected mayor was elected on
 * or before D (guidance section 3.5). *out (may be NULL; a new reference)
 * gets every stretch of cover the area has had or will have, by start:
 * [{code, name, first_mayor_elected, from, to (null: open), on_date (bool:
 * the stretch holds on `on`)}]; *covered (may be NULL) gets 1 when any does.
 */
SP_MUST_USE enum sp_rc sp_area_mayoral_cover(struct sp_ctx *ctx, const char *code, int32_t on,
                                             int *covered, json_t **out);
/* 1 when covered on `on`, 0 when not, -1 on a store failure (on ctx). */
int sp_area_mayoral_on(struct sp_ctx *ctx, const char *code, int32_t on);

/* 1 when an area with this ONS code exists (at any date). */
int sp_area_exists(struct sp_ctx *ctx, const char *code);

/* [{code, name, pathways: [{code, name}]}] in the guidance's order. */
SP_MUST_USE enum sp_rc sp_routes_list(struct sp_ctx *ctx, json_t **out);
/* [{code, name}] Entry then 1 to 8. */
SP_MUST_USE enum sp_rc sp_levels_list(struct sp_ctx *ctx, json_t **out);
/* [{code, name, tier2: [{code, name}]}] from LARS. */
SP_MUST_USE enum sp_rc sp_ssa_list(struct sp_ctx *ctx, json_t **out);

#endif
