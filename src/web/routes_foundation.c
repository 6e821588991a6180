/*
 * routes_foundation.c: the foundation's routes: areas, routes and levels,
 * organisations, signing in and out, each role's home, accounts, the
 * sources, the audit log, DfE's sign-in blocks, health, and the same under
 * /api/.
 */
#include "handlers.h"

const struct sp_route sp_routes_foundation[] = {
    {"GET", "/healthz", sp__h_healthz, 0},
    {"GET", "/", sp__h_home, 0},
    {"GET", "/areas/{code}", sp__h_area, 0},
    {"GET", "/routes", sp__h_routes, 0},
    {"GET", "/orgs", sp__h_orgs, 0},
    {"GET", "/orgs/new", sp__h_org_new, SP_ROUTE_AUTH},
    {"POST", "/orgs", sp__h_org_create, SP_ROUTE_AUTH},
    {"GET", "/orgs/{id}", sp__h_org, 0},
    {"GET", "/orgs/{id}/edit", sp__h_org_edit, SP_ROUTE_AUTH},
    {"POST", "/orgs/{id}/edit", sp__h_org_update, SP_ROUTE_AUTH},
    {"GET", "/sign-in", sp__h_sign_in_form, 0},
    {"POST", "/sign-in", sp__h_sign_in, 0},
    {"POST", "/sign-out", sp__h_sign_out, SP_ROUTE_AUTH},
    {"GET", "/audit", sp__h_audit, SP_ROUTE_AUTH},
    {"GET", "/sign-in-blocks", sp__h_signin_blocks, SP_ROUTE_AUTH},
    {"POST", "/sign-in-blocks/clear", sp__h_signin_unblock, SP_ROUTE_AUTH},
    {"GET", "/home", sp__h_my_home, SP_ROUTE_AUTH},
    {"GET", "/sources", sp__h_sources, 0},
    {"GET", "/accounts", sp__h_accounts, SP_ROUTE_AUTH},
    {"GET", "/accounts/new", sp__h_account_new, SP_ROUTE_AUTH},
    {"POST", "/accounts", sp__h_account_create, SP_ROUTE_AUTH},
    {"GET", "/accounts/{id}", sp__h_account_edit, SP_ROUTE_AUTH},
    {"POST", "/accounts/{id}", sp__h_account_update, SP_ROUTE_AUTH},
    {"GET", "/account", sp__h_account_own, SP_ROUTE_AUTH},
    {"POST", "/account/password", sp__h_account_password, SP_ROUTE_AUTH},

    {"GET", "/api/areas", sp__api_areas, SP_ROUTE_API},
    {"GET", "/api/areas/{code}", sp__api_area, SP_ROUTE_API},
    {"GET", "/api/routes", sp__api_routes, SP_ROUTE_API},
    {"GET", "/api/levels", sp__api_levels, SP_ROUTE_API},
    {"GET", "/api/org-kinds", sp__api_org_kinds, SP_ROUTE_API},
    {"GET", "/api/session", sp__api_session_get, SP_ROUTE_API},
    {"POST", "/api/session", sp__api_session_create, SP_ROUTE_API | SP_ROUTE_NO_CSRF},
    {"DELETE", "/api/session", sp__api_session_delete, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"GET", "/api/orgs", sp__api_orgs, SP_ROUTE_API},
    {"POST", "/api/orgs", sp__api_org_create, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"GET", "/api/orgs/{id}", sp__api_org, SP_ROUTE_API},
    {"PATCH", "/api/orgs/{id}", sp__api_org_patch, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"GET", "/api/audit", sp__api_audit, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"GET", "/api/sign-in-blocks", sp__api_signin_blocks, SP_ROUTE_API | SP_ROUTE_AUTH},
    {"DELETE", "/api/sign-in-blocks", sp__api_signin_unblock, SP_ROUTE_API | SP_ROUTE_AUTH},
    {0},
};
