/*
 * demo.h: the report module's demo data, wired into `skillplan init --demo`
 * after the LSIP demo (sp_demo_lsip) has made its plans.
 */
#ifndef SP_REPORT_DEMO_H
#define SP_REPORT_DEMO_H

#include "base/sp.h"

#define SP_DEMO_REPORT_ERB "erb.oxfordshire@demo.skillplan.test"

/*
 * Writes the ERB's text for each part of the report (0400_report.sql) for
 * every plan in the store that has none yet, so the demo's published plans
 * render complete reports. Plans still in draft are left without Part 3 and
 * its delivery text, so their preview shows blocking findings to fix.
 * Idempotent (parts already written are kept); one transaction, audited.
 * Also adds the account SP_DEMO_REPORT_ERB (password SP_DEMO_PASSWORD) for
 * the body designated for Oxfordshire, whose draft then has one blocking
 * finding (Part 3): the preview journey's starting point.
 */
SP_MUST_USE enum sp_rc sp_demo_report(struct sp_ctx *ctx);

#endif
