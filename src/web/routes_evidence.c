/*
 * routes_evidence.c: the evidence engine's routes: the area's evidence page
 * (gap charts, drill-down by route, trend, tables, candidate priorities),
 * its CSV download, the ERB's "make this a plan priority", and the JSON
 * API: gaps, priorities, adoption, provider alignment, the EES sums and the
 * import records; uploads of evidence files (streamed to disk), the imports
 * page and withdrawing an import (pages_evidence_upload.c).
 */
#include "handlers_evidence.h"

const struct sp_route sp_routes_evidence[] = {
    {"GET", "/areas/{code}/evidence", sp__h_evidence, 0},
    {"GET", "/areas/{code}/evidence.csv", sp__h_evidence_csv, 0},
    {"POST", "/areas/{code}/evidence/adopt", sp__h_evidence_adopt, SP_ROUTE_AUTH},
    {"GET", "/api/areas/{code}/gaps", sp__api_gaps, SP_ROUTE_API},
    {"GET", "/api/areas/{code}/priorities", sp__api_priorities, SP_ROUTE_API},
    {"GET", "/api/areas/{code}/ees", sp__api_ees, SP_ROUTE_API},
    {"POST", "/api/areas/{code}/priorities/adopt", sp__api_priority_adopt,
     SP_ROUTE_API | SP_ROUTE_AUTH},
    {"GET", "/api/providers/{ukprn}/alignment", sp__api_alignment, SP_ROUTE_API},
    {"GET", "/api/evidence/imports", sp__api_evidence_imports, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"GET", "/areas/{code}/evidence/upload", sp__h_upload_form, SP_ROUTE_AUTH},
    {"POST", "/areas/{code}/evidence/upload", sp__h_upload, SP_ROUTE_AUTH | SP_ROUTE_UPLOAD},
    {"POST", "/api/areas/{code}/evidence/imports", sp__api_upload,
     SP_ROUTE_API | SP_ROUTE_AUTH | SP_ROUTE_UPLOAD},
    {"GET", "/evidence/rejections/{token}", sp__h_rejections_csv, SP_ROUTE_AUTH},
    {"GET", "/evidence/imports", sp__h_imports, SP_ROUTE_AUTH},
    {"POST", "/evidence/imports/{id}/withdraw", sp__h_import_withdraw, SP_ROUTE_AUTH},
    {"POST", "/api/evidence/imports/{id}/withdraw", sp__api_import_withdraw,
     SP_ROUTE_API | SP_ROUTE_AUTH},
    {0},
};
