/*
 * routes_lsip.c: the LSIP module's routes: the area's LSIP page and its
 * forms, DfE's board, notices and their Atom feed, the iCalendar feed per
 * area, and the JSON API under /api/.
 */
#include "handlers_lsip.h"

const struct sp_route sp_routes_lsip[] = {
    {"GET", "/areas/{code}/lsip", sp__h_lsip_area, 0},
    {"POST", "/areas/{code}/lsip/{what}", sp__h_lsip_area_post, SP_ROUTE_AUTH},
    {"GET", "/areas/{code}/deadlines.ics", sp__h_lsip_ics, 0},
    {"GET", "/lsip/board", sp__h_lsip_board, SP_ROUTE_AUTH},
    {"GET", "/notices", sp__h_lsip_notices, 0},
    {"GET", "/notices.atom", sp__h_lsip_feed, 0},

    {"GET", "/api/deadlines", sp__api_lsip_deadlines, SP_ROUTE_API},
    {"GET", "/api/lsip/board", sp__api_lsip_board, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"GET", "/api/designations", sp__api_lsip_designations, SP_ROUTE_API},
    {"POST", "/api/designations", sp__api_lsip_post_root, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"GET", "/api/notices", sp__api_lsip_notices, SP_ROUTE_API},
    {"GET", "/api/areas/{code}/register", sp__api_lsip_register, SP_ROUTE_API},
    {"GET", "/api/areas/{code}/relevance", sp__api_lsip_relevance, SP_ROUTE_API},
    {"GET", "/api/areas/{code}/monitoring", sp__api_lsip_monitoring, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"GET", "/api/areas/{code}/plan", sp__api_lsip_area_plan, SP_ROUTE_API},
    {"GET", "/api/areas/{code}/providers/{org}/records", sp__api_lsip_provider_records,
     SP_ROUTE_API | SP_ROUTE_AUTH},
    {"POST", "/api/areas/{code}/{what}", sp__api_lsip_post_area, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"GET", "/api/plans/{id}", sp__api_lsip_plan, SP_ROUTE_API},
    {"PATCH", "/api/plans/{id}", sp__api_lsip_post_plan, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"POST", "/api/plans/{id}/{what}", sp__api_lsip_post_plan, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"POST", "/api/{kind}/{id}/{what}", sp__api_lsip_post_item, SP_ROUTE_API | SP_ROUTE_AUTH},
    {0},
};
