/*
 * routes_report.c: the LSIP report's routes: the rendered report as PDF and
 * HTML for any version the actor may see (the public: published versions),
 * its readiness check, the ERB's text for each part and the stage records,
 * the list of published versions, and the ERB's preview page.
 */
#include "report_handlers.h"

const struct sp_route sp_routes_report[] = {
    {"GET", "/areas/{code}/plan/reports", sp__h_report_versions, 0},
    {"GET", "/areas/{code}/plan/report", sp__h_report_page, 0},
    {"GET", "/areas/{code}/plan/preview", sp__h_report_preview, SP_ROUTE_AUTH},
    {"POST", "/areas/{code}/plan/preview", sp__h_report_preview_save, SP_ROUTE_AUTH},
    {"POST", "/areas/{code}/plan/stages", sp__h_report_stages_save, SP_ROUTE_AUTH},

    {"GET", "/api/areas/{code}/plan/report.pdf", sp__api_report_pdf, SP_ROUTE_API},
    {"GET", "/api/areas/{code}/plan/report.html", sp__api_report_html, SP_ROUTE_API},
    {"GET", "/api/areas/{code}/plan/readiness", sp__api_report_readiness, SP_ROUTE_API},
    {"GET", "/api/areas/{code}/plan/versions", sp__api_report_versions, SP_ROUTE_API},
    {"POST", "/api/areas/{code}/plan/parts/{part}", sp__api_report_part,
     SP_ROUTE_API | SP_ROUTE_AUTH},
    {"POST", "/api/areas/{code}/plan/stages", sp__api_report_stage, SP_ROUTE_API | SP_ROUTE_AUTH},
    {0},
};
