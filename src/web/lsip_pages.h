/*
 * lsip_pages.h: what the LSIP page files share (pages_plan.c defines it,
 * pages_decide.c uses it): the area, the actor and the latest plan as one
 * page sees them, the page data every LSIP page starts from (with the
 * banner of the last action), the choices the forms offer, and small
 * helpers for summary rows.
 */
#ifndef SP_LSIP_PAGES_H
#define SP_LSIP_PAGES_H

#include <jansson.h>
#include <stdint.h>

#include "web.h"

struct sp__plan_area {
  const char *code; /* borrowed from the request */
  json_t *row;      /* {code, name, valid_to} */
  int64_t body;     /* the live designation's organisation, 0 when none */
  int own_erb;      /* the actor is an ERB editor of that body */
  int is_dfe;
  int mca_here;     /* an MCA/GLA reviewer whose organisation covers the area */
  int64_t plan_id;
  json_t *plan;     /* sp_lsip_plan_get of the latest version, or NULL */
  const char *state;
  int editable;     /* the plan's state lets the body change it */
};

/* Loads the area of the {code} parameter; SP_ENOTFOUND for an unknown code.
 * Free with sp__plan_area_free. */
SP_MUST_USE enum sp_rc sp__plan_area_load(struct sp_req *req, struct sp__plan_area *a);
void sp__plan_area_free(struct sp__plan_area *a);
/* {area, back, own_erb, is_dfe_here, mca_here, plan, flash} (new reference);
 * takes the flash message, if any. */
json_t *sp__plan_base_data(struct sp_req *req, const struct sp__plan_area *a);
/* The choice lists of the forms ([{value, label}]), the area's own
 * organisations first. New reference. */
json_t *sp__plan_choices(struct sp_req *req, const struct sp__plan_area *a);
/* Runs sql with bindings by type letter (s text, i int64_t): a JSON array of
 * rows, empty on failure (the error cleared). New reference. */
json_t *sp__plan_rows(struct sp_ctx *ctx, const char *sql, const char *types, ...);
/* Appends a summary row {key, value, href, action}; href NULL for none. */
void sp__plan_row(json_t *list, const char *key, const char *value, const char *href);
/* The label of value in the choice list `key` of choices (value when none). */
const char *sp__plan_label_of(const json_t *choices, const char *key, const char *value);

#endif
