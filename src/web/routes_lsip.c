/*
 * routes_lsip.c: the LSIP module's routes: the area's LSIP page and its
 * forms, the plan's task list and its one-thing-per-page forms (pages_plan.c),
 * DfE's board, notices and their Atom feed, the iCalendar feed per
 * area, and the JSON API under /api/.
 */
#include "handlers_lsip.h"

const struct sp_route sp_routes_lsip[] = {
    {"GET", "/areas/{code}/lsip", sp__h_lsip_area, 0},
    {"POST", "/areas/{code}/lsip/{what}", sp__h_lsip_area_post, SP_ROUTE_AUTH},
    {"GET", "/areas/{code}/deadlines.ics", sp__h_lsip_ics, 0},
    {"GET", "/areas/{code}/decide/{what}", sp__h_lsip_decide, SP_ROUTE_AUTH},
    {"POST", "/areas/{code}/decide/{what}", sp__h_lsip_decide, SP_ROUTE_AUTH},
    {"GET", "/areas/{code}/plan", sp__h_plan_tasks, SP_ROUTE_AUTH},
    {"GET", "/areas/{code}/plan/{section}", sp__h_plan_section, SP_ROUTE_AUTH},
    {"POST", "/areas/{code}/plan/{section}", sp__h_plan_section_post, SP_ROUTE_AUTH},
    {"GET", "/areas/{code}/plan/{section}/{id}", sp__h_plan_item, SP_ROUTE_AUTH},
    {"POST", "/areas/{code}/plan/{section}/{id}", sp__h_plan_item, SP_ROUTE_AUTH},
    {"GET", "/areas/{code}/plan/{section}/{id}/{verb}", sp__h_plan_item_verb, SP_ROUTE_AUTH},
    {"POST", "/areas/{code}/plan/{section}/{id}/{verb}", sp__h_plan_item_verb, SP_ROUTE_AUTH},
    {"GET", "/areas/{code}/plan/mca-statement/withdraw", sp__h_plan_mca_withdraw, SP_ROUTE_AUTH},
    {"POST", "/areas/{code}/plan/mca-statement/withdraw", sp__h_plan_mca_withdraw, SP_ROUTE_AUTH},
    {"GET", "/areas/{code}/plan/check/{action}", sp__h_plan_check, SP_ROUTE_AUTH},
    {"POST", "/areas/{code}/plan/check/{action}", sp__h_plan_check, SP_ROUTE_AUTH},
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
    {"GET", "/api/lsip/{kind}/{id}", sp__api_lsip_item_get, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"PATCH", "/api/lsip/{kind}/{id}", sp__api_lsip_item_patch, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"DELETE", "/api/lsip/{kind}/{id}", sp__api_lsip_item_delete, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"POST", "/api/lsip/priorities/{id}/move", sp__api_lsip_item_move,
     SP_ROUTE_API | SP_ROUTE_AUTH},
    {"DELETE", "/api/plans/{id}/mca-statement", sp__api_lsip_mca_withdraw,
     SP_ROUTE_API | SP_ROUTE_AUTH},
    {0},
};
