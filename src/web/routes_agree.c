/*
 * routes_agree.c: routes for agreements, indicators, funding and
 * eligibility (issue 6): pages and the same under /api/.
 */
#include "handlers_agree.h"

const struct sp_route sp_routes_agree[] = {
    {"GET", "/agreements", sp__h_agreements, 0},
    {"GET", "/agreements/{id}", sp__h_agreement, 0},
    {"GET", "/agreements/{id}/report", sp__h_agreement_report, 0},
    {"POST", "/agreements/{id}/reviews", sp__h_agreement_review, SP_ROUTE_AUTH},
    {"POST", "/agreements/{id}/signatories", sp__h_agreement_sign, SP_ROUTE_AUTH},
    {"GET", "/funding/reallocate", sp__h_reallocate_preview, SP_ROUTE_AUTH},
    {"POST", "/funding/reallocate", sp__h_reallocate, SP_ROUTE_AUTH},
    {"GET", "/funding/duplicates", sp__h_duplicates, SP_ROUTE_AUTH},
    {"GET", "/indicators", sp__h_indicators, 0},
    {"GET", "/eligibility", sp__h_eligibility, SP_ROUTE_AUTH},

    {"GET", "/api/agreements", sp__api_agreements, SP_ROUTE_API},
    {"POST", "/api/agreements", sp__api_agreement_create, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"GET", "/api/agreements/{id}", sp__api_agreement, SP_ROUTE_API},
    {"POST", "/api/agreements/{id}/publish", sp__api_agreement_publish, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"POST", "/api/agreements/{id}/parties", sp__api_agreement_party, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"POST", "/api/agreements/{id}/targets", sp__api_agreement_target, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"POST", "/api/agreements/{id}/signatories", sp__api_agreement_sign, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"POST", "/api/agreements/{id}/reviews", sp__api_agreement_review, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"POST", "/api/agreements/{id}/actions", sp__api_agreement_action, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"GET", "/api/agreements/{id}/report", sp__api_agreement_report, SP_ROUTE_API},
    {"PATCH", "/api/agreement-actions/{id}", sp__api_action_patch, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"GET", "/api/indicators", sp__api_indicators, SP_ROUTE_API},
    {"POST", "/api/indicators", sp__api_indicator_create, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"GET", "/api/indicators/{code}", sp__api_indicator, SP_ROUTE_API},
    {"POST", "/api/indicators/{code}/values", sp__api_indicator_value, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"POST", "/api/funding/contracts", sp__api_contract_create, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"GET", "/api/funding/allocations", sp__api_allocations, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"POST", "/api/funding/allocations", sp__api_allocation_create, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"POST", "/api/funding/spend", sp__api_spend_create, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"GET", "/api/funding/moves", sp__api_moves, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"POST", "/api/funding/moves", sp__api_move_create, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"POST", "/api/funding/reallocate", sp__api_reallocate, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"GET", "/api/funding/duplicates", sp__api_duplicates, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"GET", "/api/funding/export", sp__api_export, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"GET", "/api/eligibility", sp__api_eligibility, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"GET", "/api/eligibility/rules", sp__api_eligibility_rules, SP_ROUTE_API},
    {0},
};
