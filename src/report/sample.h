/*
 * sample.h: a complete, plausible plan built in memory, for the report's
 * tests, its benchmark and previews before a store holds real plans. The
 * text is deterministic (no clock, no randomness) so page counts are stable.
 */
#ifndef SP_REPORT_SAMPLE_H
#define SP_REPORT_SAMPLE_H

#include "base/sp.h"
#include "plan.h"

/*
 * Builds a plan for "Example Area" with npriorities priorities (each on a
 * route, pathway and level, with two actions that have owners), every part's
 * text, evidence sources with their robustness, stages A-C, the net zero
 * consideration, an MCA with its statement, and ncharts charts in Part 1.
 * para_repeat (>= 1) repeats each priority's text to make the plan longer.
 * *out is a new plan the caller frees with sp_report_plan_free.
 */
SP_MUST_USE enum sp_rc sp_report_sample_plan(int npriorities, int ncharts, int para_repeat,
                                             struct sp_report_plan **out);

#endif
