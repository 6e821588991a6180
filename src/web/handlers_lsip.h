/*
 * handlers_lsip.h: the LSIP module's web handlers (pages in pages_lsip.c,
 * JSON API in api_lsip.c, the route table in routes_lsip.c) and the one
 * dispatcher both use to run a write (lsip_ops.c), so a page form and an
 * API call reach the library the same way.
 */
#ifndef SP_HANDLERS_LSIP_H
#define SP_HANDLERS_LSIP_H

#include "web.h"

/*
 * Runs the LSIP write named `op` with the record `in` (borrowed): area is
 * the area code for area-level writes, id the plan, priority or register
 * entry for the others. *result (new reference) is {"id": n} or the
 * record the write returns. Ops: designate, terms, remove,
 * delivery_plan, delivery_plan_decision, progress_report, intervene, policy,
 * interest, interest_end, plan_create, plan_replace, plan_edit, need,
 * priority, action, evidence, mca_statement, transition, relevance,
 * cooperation, contribution, action_status, section5. Unknown ops are SP_ENOTFOUND.
 */
SP_MUST_USE enum sp_rc sp__web_lsip_op(struct sp_ctx *ctx, const char *op, const char *area,
                                   int64_t id, json_t *in, json_t **result);

/*
 * What an area's own page (/areas/{code}) shows of its LSIP, for the public:
 * {designation: {body_name, effective_date} | null, plan: {id, title, state,
 * published_on, version, priorities: [...]} | null (the latest published
 * version), register: {policy, interests} | null}. *out is a new reference.
 * The area handler sets it as "lsip" in the page data; area_extra.html
 * renders it.
 */
SP_MUST_USE enum sp_rc sp__web_lsip_area_summary(struct sp_ctx *ctx, const char *code, json_t **out);

enum sp_rc sp__api_lsip_deadlines(struct sp_req *req);
enum sp_rc sp__api_lsip_board(struct sp_req *req);
enum sp_rc sp__api_lsip_designations(struct sp_req *req);
enum sp_rc sp__api_lsip_notices(struct sp_req *req);
enum sp_rc sp__api_lsip_register(struct sp_req *req);
enum sp_rc sp__api_lsip_relevance(struct sp_req *req);
enum sp_rc sp__api_lsip_monitoring(struct sp_req *req);
enum sp_rc sp__api_lsip_area_plan(struct sp_req *req);
enum sp_rc sp__api_lsip_plan(struct sp_req *req);
enum sp_rc sp__api_lsip_provider_records(struct sp_req *req);
enum sp_rc sp__api_lsip_post_root(struct sp_req *req);
enum sp_rc sp__api_lsip_post_area(struct sp_req *req);
enum sp_rc sp__api_lsip_post_plan(struct sp_req *req);
enum sp_rc sp__api_lsip_post_item(struct sp_req *req);

/* pages_plan.c: the plan as a task list and one thing per page */
enum sp_rc sp__h_plan_tasks(struct sp_req *req);
enum sp_rc sp__h_plan_section(struct sp_req *req);
enum sp_rc sp__h_plan_section_post(struct sp_req *req);
enum sp_rc sp__h_plan_item(struct sp_req *req);
enum sp_rc sp__h_plan_item_verb(struct sp_req *req);
enum sp_rc sp__h_plan_mca_withdraw(struct sp_req *req);
enum sp_rc sp__h_plan_check(struct sp_req *req);
/* pages_decide.c: DfE's decisions on a designation, each through check answers */
enum sp_rc sp__h_lsip_decide(struct sp_req *req);

/* api_lsip.c: reading, changing and taking back plan records */
enum sp_rc sp__api_lsip_item_get(struct sp_req *req);
enum sp_rc sp__api_lsip_item_patch(struct sp_req *req);
enum sp_rc sp__api_lsip_item_delete(struct sp_req *req);
enum sp_rc sp__api_lsip_item_move(struct sp_req *req);
enum sp_rc sp__api_lsip_mca_withdraw(struct sp_req *req);

enum sp_rc sp__h_lsip_area(struct sp_req *req);
enum sp_rc sp__h_lsip_area_post(struct sp_req *req);
enum sp_rc sp__h_lsip_board(struct sp_req *req);
enum sp_rc sp__h_lsip_notices(struct sp_req *req);
enum sp_rc sp__h_lsip_feed(struct sp_req *req);
enum sp_rc sp__h_lsip_ics(struct sp_req *req);

#endif
