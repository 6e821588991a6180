/*
 * report_handlers.h: the LSIP report's web handlers (pages_report.c,
 * api_report.c), shared with their route table in routes_report.c.
 */
#ifndef SP_REPORT_HANDLERS_H
#define SP_REPORT_HANDLERS_H

#include "web.h"

enum sp_rc sp__api_report_pdf(struct sp_req *req);
enum sp_rc sp__api_report_html(struct sp_req *req);
enum sp_rc sp__api_report_readiness(struct sp_req *req);
enum sp_rc sp__api_report_versions(struct sp_req *req);
enum sp_rc sp__api_report_part(struct sp_req *req);
enum sp_rc sp__api_report_stage(struct sp_req *req);

enum sp_rc sp__h_report_versions(struct sp_req *req);
/* GET /areas/{code}/plan/report?version=N: the report inside the layout. */
enum sp_rc sp__h_report_page(struct sp_req *req);
enum sp_rc sp__h_report_preview(struct sp_req *req);
enum sp_rc sp__h_report_preview_save(struct sp_req *req);
enum sp_rc sp__h_report_stages_save(struct sp_req *req);

/* Re-renders the preview with status from rc and the context's error shown
 * (a refused save or submission). */
enum sp_rc sp__report_preview_failed(struct sp_req *req, enum sp_rc rc);

/* The optional ?version=N (0: the latest the actor may see). */
enum sp_rc sp__report_version(struct sp_req *req, int *version);

#endif
