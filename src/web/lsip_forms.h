/*
 * lsip_forms.h: the LSIP forms, declared once (form.h) and used by the pages
 * (pages_plan.c, pages_lsip.c) and the API (api_lsip.c), so both refuse the
 * same input with the same messages.
 */
#ifndef SP_LSIP_FORMS_H
#define SP_LSIP_FORMS_H

#include "form.h"

extern const struct sp_form sp__form_need, sp__form_priority, sp__form_action,
    sp__form_evidence, sp__form_interest, sp__form_delivery_plan, sp__form_progress_report,
    sp__form_net_zero, sp__form_details, sp__form_mca_statement, sp__form_plan_create,
    sp__form_return, sp__form_policy, sp__form_part, sp__form_designate, sp__form_remove,
    sp__form_terms, sp__form_dp_decision, sp__form_intervene, sp__form_relevance,
    sp__form_cooperation, sp__form_section5, sp__form_contribution;

/* The form that checks op's JSON record in the API (an sp__web_lsip_op name), or
 * NULL. (A need's employers are a list in JSON, lines on the page: its page
 * form is not used for JSON.) */
const struct sp_form *sp__web_lsip_form(const char *op);

#endif
