/*
 * handlers.h: the foundation's handlers (pages and API), shared between the
 * files that define them and the route table in routes_foundation.c.
 */
#ifndef SP_HANDLERS_H
#define SP_HANDLERS_H

#include "web.h"

enum sp_rc sp__h_healthz(struct sp_req *req);
enum sp_rc sp__h_home(struct sp_req *req);
enum sp_rc sp__h_area(struct sp_req *req);
enum sp_rc sp__h_routes(struct sp_req *req);
enum sp_rc sp__h_orgs(struct sp_req *req);
enum sp_rc sp__h_org(struct sp_req *req);
enum sp_rc sp__h_org_new(struct sp_req *req);
enum sp_rc sp__h_org_create(struct sp_req *req);
enum sp_rc sp__h_org_edit(struct sp_req *req);
enum sp_rc sp__h_org_update(struct sp_req *req);
enum sp_rc sp__h_sign_in_form(struct sp_req *req);
enum sp_rc sp__h_sign_in(struct sp_req *req);
enum sp_rc sp__h_sign_out(struct sp_req *req);
enum sp_rc sp__h_audit(struct sp_req *req);
enum sp_rc sp__h_my_home(struct sp_req *req);
enum sp_rc sp__h_sources(struct sp_req *req);
enum sp_rc sp__h_accounts(struct sp_req *req);
enum sp_rc sp__h_account_new(struct sp_req *req);
enum sp_rc sp__h_account_create(struct sp_req *req);
enum sp_rc sp__h_account_edit(struct sp_req *req);
enum sp_rc sp__h_account_update(struct sp_req *req);
enum sp_rc sp__h_account_own(struct sp_req *req);
enum sp_rc sp__h_account_password(struct sp_req *req);
/* Adds kind_words to a provider-records object's co-operation rows. */
void sp__home_records_words(json_t *records);

enum sp_rc sp__api_areas(struct sp_req *req);
enum sp_rc sp__api_area(struct sp_req *req);
enum sp_rc sp__api_routes(struct sp_req *req);
enum sp_rc sp__api_levels(struct sp_req *req);
enum sp_rc sp__api_org_kinds(struct sp_req *req);
enum sp_rc sp__api_session_get(struct sp_req *req);
enum sp_rc sp__api_session_create(struct sp_req *req);
enum sp_rc sp__api_session_delete(struct sp_req *req);
enum sp_rc sp__api_orgs(struct sp_req *req);
enum sp_rc sp__api_org(struct sp_req *req);
enum sp_rc sp__api_org_create(struct sp_req *req);
enum sp_rc sp__api_org_patch(struct sp_req *req);
enum sp_rc sp__api_audit(struct sp_req *req);

/* api_auth.c: the sign-in throttle (issue 10, finding 4). */
enum sp_rc sp__api_signin_blocks(struct sp_req *req);
enum sp_rc sp__api_signin_unblock(struct sp_req *req);
enum sp_rc sp__h_signin_blocks(struct sp_req *req);
enum sp_rc sp__h_signin_unblock(struct sp_req *req);
/* The client address sign-in counts failures by (one function, so the
 * trusted proxy's address is taken in one place). */
const char *sp__signin_address(struct sp_req *req);
/* Adds Retry-After to a 429 sign-in: the seconds email at the client's
 * address must still wait (at least 1). */
void sp__signin_retry_header(struct sp_req *req, const char *email);

/* The `{id}` path parameter as an organisation id; SP_ENOTFOUND naming it
 * when it is not a positive number. */
enum sp_rc sp__org_id(struct sp_req *req, int64_t *id);
/* Parses a positive decimal id (at most 18 digits); 0 when not one. */
int64_t sp__parse_id(const char *s);
/* Parses an optional integer query argument within [lo, hi]; writes a
 * message naming `name` and returns SP_EINVAL when out of range. */
enum sp_rc sp__query_int(struct sp_req *req, const char *name, long lo, long hi, long dflt,
                         long *out);

#endif
