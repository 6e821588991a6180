/*
 * handlers_agree.h: the agreements module's web handlers (pages in
 * pages_agree.c, API in api_agree.c), shared with its route table in
 * routes_agree.c.
 */
#ifndef SP_HANDLERS_AGREE_H
#define SP_HANDLERS_AGREE_H

#include "core/agree/eligible.h"
#include "web.h"

enum sp_rc sp__h_agreements(struct sp_req *req);
enum sp_rc sp__h_agreement(struct sp_req *req);
enum sp_rc sp__h_agreement_report(struct sp_req *req);
enum sp_rc sp__h_agreement_review(struct sp_req *req);
enum sp_rc sp__h_agreement_party(struct sp_req *req);
enum sp_rc sp__h_agreement_target(struct sp_req *req);
enum sp_rc sp__h_agreement_action(struct sp_req *req);
enum sp_rc sp__h_agreement_action_update(struct sp_req *req);
enum sp_rc sp__h_agreement_publish(struct sp_req *req);
enum sp_rc sp__h_agreement_new(struct sp_req *req);
enum sp_rc sp__h_agreement_create(struct sp_req *req);
enum sp_rc sp__api_agreement_vocabulary(struct sp_req *req);
enum sp_rc sp__h_agreement_sign(struct sp_req *req);
enum sp_rc sp__h_reallocate_preview(struct sp_req *req);
enum sp_rc sp__h_reallocate(struct sp_req *req);
enum sp_rc sp__h_indicators(struct sp_req *req);
enum sp_rc sp__h_duplicates(struct sp_req *req);
enum sp_rc sp__h_eligibility(struct sp_req *req);

enum sp_rc sp__api_agreements(struct sp_req *req);
enum sp_rc sp__api_agreement(struct sp_req *req);
enum sp_rc sp__api_agreement_create(struct sp_req *req);
enum sp_rc sp__api_agreement_publish(struct sp_req *req);
enum sp_rc sp__api_agreement_party(struct sp_req *req);
enum sp_rc sp__api_agreement_target(struct sp_req *req);
enum sp_rc sp__api_agreement_sign(struct sp_req *req);
enum sp_rc sp__api_agreement_flexibility(struct sp_req *req);
enum sp_rc sp__api_agreement_qualification(struct sp_req *req);
enum sp_rc sp__api_qualification_put(struct sp_req *req);
enum sp_rc sp__api_learner_put(struct sp_req *req);
enum sp_rc sp__api_agreement_review(struct sp_req *req);
enum sp_rc sp__api_agreement_action(struct sp_req *req);
enum sp_rc sp__api_action_patch(struct sp_req *req);
enum sp_rc sp__api_agreement_report(struct sp_req *req);
enum sp_rc sp__api_indicators(struct sp_req *req);
enum sp_rc sp__api_indicator(struct sp_req *req);
enum sp_rc sp__api_indicator_create(struct sp_req *req);
enum sp_rc sp__api_indicator_value(struct sp_req *req);
enum sp_rc sp__api_contract_create(struct sp_req *req);
enum sp_rc sp__api_allocation_create(struct sp_req *req);
enum sp_rc sp__api_spend_create(struct sp_req *req);
enum sp_rc sp__api_allocations(struct sp_req *req);
enum sp_rc sp__api_moves(struct sp_req *req);
enum sp_rc sp__api_reallocate(struct sp_req *req);
enum sp_rc sp__api_move_create(struct sp_req *req);
enum sp_rc sp__api_duplicates(struct sp_req *req);
enum sp_rc sp__api_export(struct sp_req *req);
enum sp_rc sp__api_eligibility(struct sp_req *req);
enum sp_rc sp__api_eligibility_rules(struct sp_req *req);

/* The `{id}` path parameter as a positive id; SP_ENOTFOUND naming `what`. */
enum sp_rc sp__web_agree_path_id(struct sp_req *req, const char *what, int64_t *id);
/* Reads an eligibility request from the query string (learner,
 * qualification, programme, start, provider, employer, employer_size,
 * agreement); strings are borrowed from the request. */
enum sp_rc sp__web_agree_eligibility_request(struct sp_req *req, struct sp_elig_request *r);

#endif
