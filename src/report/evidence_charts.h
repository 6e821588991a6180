/*
 * evidence_charts.h: the report's charts from the evidence engine's gap
 * table (sp_evidence_gaps, src/evidence/evidence.h: {area_code, rows:
 * [{route_code, pathway_code, level, year, demand, achievements, gap, ...}],
 * years: [..]}), for Part 1's rationale "drawing on evidence from employers
 * and providers" (guidance 6.1): demand against achievements by route in the
 * latest year, the gap by level, and the gap's trend for the routes with
 * the largest gaps.
 */
#ifndef SP_REPORT_EVIDENCE_CHARTS_H
#define SP_REPORT_EVIDENCE_CHARTS_H

#include <jansson.h>

#include "base/sp.h"
#include "plan.h"

/*
 * Adds up to three charts built from gaps (borrowed) to plan's Part 1.
 * route_names (borrowed, may be NULL) maps route codes to names for the
 * labels. A table with no rows adds nothing. SP_ENOMEM on failure.
 */
SP_MUST_USE enum sp_rc sp_report_charts_from_gaps(struct sp_report_plan *plan, const json_t *gaps,
                                                  const json_t *route_names);

#endif
