/*
 * lsip_forms.c: the LSIP forms, declared once (see lsip_forms.h and
 * form.h): labels, hints, limits and the messages people see. Limits match
 * the library's (src/core/lsip/), which checks them again.
 */
#include "lsip_forms.h"

#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define DATE_HINT "For example, 27 3 2027"

static const struct sp_form_option yes_no[] = {{"yes", "Yes"}, {"no", "No"}, {0}};

/* ---- stage A: an employer need ---- */
static const struct sp_form_field need_fields[] = {
    {"title", SP_F_TEXT, "The skills need", "In employers' words: what they cannot find or do",
     SP_FF_REQUIRED, 500, NULL, NULL, "Enter the skills need employers have", NULL, 0},
    {"description", SP_F_TEXTAREA, "Description (optional)",
     "What employers told you, and where the need is felt", 0, 5000, NULL, NULL, NULL, NULL, 5},
    {"employers", SP_F_TEXTAREA, "Employers with this need (optional)", "One employer a line",
     0, 5000, NULL, NULL, NULL, NULL, 4},
    {"small_employers", SP_F_TEXTAREA, "Small employers with this need (optional)",
     "One a line: small and micro firms are counted in the report (section 5.2.1)", 0, 5000,
     NULL, NULL, NULL, NULL, 3},
};
const struct sp_form sp__form_need = {"form-need", need_fields, N(need_fields), NULL};

/* ---- stage B: a priority ---- */
static const struct sp_form_option retain_expand[] = {
    {"change", "Change provision"}, {"retain", "Retain provision"}, {"expand", "Expand provision"},
    {0}};
static const struct sp_form_field priority_fields[] = {
    {"title", SP_F_TEXT, "Name of the priority", NULL, SP_FF_REQUIRED, 500, NULL, NULL,
     "Enter the name of the priority", NULL, 0},
    {"route_code", SP_F_SELECT, "Occupational route",
     "Priorities are organised by route, pathway and level (section 5.2.2). A priority on no "
     "route blocks submission.",
     0, 0, NULL, "routes", NULL, "Select an occupational route from the list", 0},
    {"pathway_code", SP_F_SELECT, "Pathway", "A pathway of the route chosen above", 0, 0, NULL,
     "pathways", NULL, "Select a pathway from the list", 0},
    {"level_min", SP_F_SELECT, "Lowest level", NULL, 0, 0, NULL, "levels", NULL,
     "Select the lowest level from the list", 0},
    {"level_max", SP_F_SELECT, "Highest level", NULL, 0, 0, NULL, "levels", NULL,
     "Select the highest level from the list", 0},
    {"outcome", SP_F_TEXTAREA, "The outcome employers want", NULL, SP_FF_REQUIRED, 5000, NULL,
     NULL, "Enter the outcome employers want from provision", NULL, 4},
    {"skills_components", SP_F_TEXTAREA, "The skills employers need", NULL, SP_FF_REQUIRED, 5000,
     NULL, NULL, "Enter the specific skills employers need", NULL, 4},
    {"change_needed", SP_F_TEXTAREA, "Where and why provision must change", NULL, SP_FF_REQUIRED,
     5000, NULL, NULL, "Enter where and why provision must change", NULL, 4},
    {"retain_expand", SP_F_RADIOS, "What should happen to provision", NULL, 0, 0, retain_expand,
     NULL, NULL, NULL, 0},
    {"providers", SP_F_CHECKBOXES, "Providers who co-created it",
     "Providers working in this area are listed first", SP_FF_INT, 0, NULL, "providers", NULL,
     "Select providers from the list", 0},
};
const struct sp_form sp__form_priority = {"form-priority", priority_fields, N(priority_fields),
                                          NULL};

/* ---- stage C: an action ---- */
static const struct sp_form_option owner_kinds[] = {
    {"employer", "Employers"}, {"provider", "A provider"}, {"stakeholder", "Another stakeholder"},
    {0}};
static const struct sp_form_option action_statuses[] = {{"planned", "Planned"},
                                                        {"in_progress", "In progress"},
                                                        {"done", "Done"},
                                                        {"dropped", "Dropped"},
                                                        {0}};
static const struct sp_form_field action_fields[] = {
    {"title", SP_F_TEXT, "What is to be done", NULL, SP_FF_REQUIRED, 1000, NULL, NULL,
     "Enter what is to be done", NULL, 0},
    {"owner_kind", SP_F_RADIOS, "Who does it", NULL, SP_FF_REQUIRED, 0, owner_kinds, NULL,
     "Select who does it", NULL, 0},
    {"owner_org_id", SP_F_SELECT, "Organisation that owns it",
     "Organisations in this area are listed first. An action with no owner blocks submission.",
     SP_FF_INT, 0, NULL, "owners", NULL, "Select the organisation from the list", 0},
    {"priority_id", SP_F_SELECT, "Priority it delivers (optional)",
     "Leave empty when it serves the whole plan", SP_FF_INT, 0, NULL, "priority_choices", NULL,
     "Select a priority of this plan", 0},
    {"due_date", SP_F_DATE, "Due date (optional)", DATE_HINT, 0, 0, NULL, NULL, NULL,
     "Due date must be a real date", 0},
    {"status", SP_F_SELECT, "Progress", NULL, 0, 0, action_statuses, NULL, NULL, NULL, 0},
};
const struct sp_form sp__form_action = {"form-action", action_fields, N(action_fields), NULL};

/* ---- annex: an evidence source ---- */
static const struct sp_form_field evidence_fields[] = {
    {"title", SP_F_TEXT, "Evidence", "For example, Employer skills survey 2026", SP_FF_REQUIRED, 500,
     NULL, NULL, "Enter the name of the evidence", NULL, 0},
    {"source", SP_F_TEXT, "Where it comes from", NULL, SP_FF_REQUIRED, 1000, NULL, NULL,
     "Enter where the evidence comes from", NULL, 0},
    {"why_robust", SP_F_TEXTAREA, "Why it is robust and meaningful", NULL, SP_FF_REQUIRED, 5000,
     NULL, NULL, "Enter why the evidence is robust", NULL, 4},
};
const struct sp_form sp__form_evidence = {"form-evidence", evidence_fields, N(evidence_fields),
                                          NULL};

/* ---- register of interests ---- */
static void interest_rule(const struct sp_form *f, const json_t *rec, json_t *errors) {
  json_t *o = json_object_get(rec, "interest_org_id");
  json_t *n = json_object_get(rec, "interest_org_name");
  if ((!o || json_is_null(o)) && (!json_is_string(n) || !*json_string_value(n)))
    sp_form_error(f, errors, "interest_org_name",
                  "Enter the organisation the interest is in, or choose it from the list");
}
static const struct sp_form_field interest_fields[] = {
    {"person_name", SP_F_TEXT, "Person", NULL, SP_FF_REQUIRED, 200, NULL, NULL,
     "Enter the name of the person with the interest", NULL, 0},
    {"user_id", SP_F_SELECT, "Their account (optional)",
     "With an account named, decisions they may not take are refused", SP_FF_INT, 0, NULL,
     "people", NULL, "Select an account from the list", 0},
    {"interest_org_id", SP_F_SELECT, "Organisation the interest is in",
     "Choose it when it is listed: the recusal rule then applies to decisions about it", SP_FF_INT,
     0, NULL, "providers", NULL, "Select an organisation from the list", 0},
    {"interest_org_name", SP_F_TEXT, "Or type the organisation's name", NULL, 0, 200, NULL, NULL,
     NULL, NULL, 0, "The organisation's name"},
    {"nature", SP_F_TEXT, "Nature of the interest", "For example, Governor of the college",
     SP_FF_REQUIRED, 2000, NULL, NULL, "Enter the nature of the interest", NULL, 0},
    {"training_interests", SP_F_TEXTAREA, "Training provision interests (optional)", NULL, 0,
     2000, NULL, NULL, NULL, NULL, 3},
};
const struct sp_form sp__form_interest = {"form-interest", interest_fields, N(interest_fields),
                                          interest_rule};

static const struct sp_form_field policy_fields[] = {
    {"policy", SP_F_TEXTAREA, "Conflict of interest policy",
     "Published with the register of interests (section 4.2)", SP_FF_REQUIRED, 20000, NULL, NULL,
     "Enter the conflict of interest policy", NULL, 8},
};
const struct sp_form sp__form_policy = {"form-policy", policy_fields, N(policy_fields), NULL};

/* ---- delivery plan and progress reports ---- */
static const struct sp_form_field delivery_plan_fields[] = {
    {"engagement", SP_F_TEXTAREA, "How you will engage employers, providers and stakeholders",
     "Due 28 days after designation (section 4.2.1)", SP_FF_REQUIRED, 20000, NULL, NULL,
     "Enter how you will engage employers, providers and stakeholders", NULL, 8},
    {"estimated_funding_pence", SP_F_MONEY, "Estimated funding",
     "In pounds, for example £250,000", SP_FF_REQUIRED, 100000000, NULL, NULL,
     "Enter the estimated funding required, in pounds",
     "Estimated funding must be an amount in pounds, like £250,000", 0},
};
const struct sp_form sp__form_delivery_plan = {"form-delivery-plan", delivery_plan_fields,
                                               N(delivery_plan_fields), NULL};

static const struct sp_form_option rag[] = {
    {"green", "Green: on track"}, {"amber", "Amber: at risk"}, {"red", "Red: off track"}, {0}};
static void progress_rule(const struct sp_form *f, const json_t *rec, json_t *errors) {
  json_t *r = json_object_get(rec, "rag"), *k = json_object_get(rec, "risks");
  if (json_is_string(r) && strcmp(json_string_value(r), "green") &&
      (!json_is_string(k) || !*json_string_value(k)))
    sp_form_error(f, errors, "risks",
                  "Enter the risks: a report that is amber or red says what puts delivery at risk "
                  "(section 4.3.1)");
}
static const struct sp_form_field progress_fields[] = {
    {"rag", SP_F_RADIOS, "Status against the delivery plan", NULL, SP_FF_REQUIRED, 0, rag, NULL,
     "Select the status against the delivery plan", NULL, 0},
    {"risks", SP_F_TEXTAREA, "Risks", "Needed when the status is amber or red", 0, 5000, NULL,
     NULL, NULL, NULL, 3},
    {"mitigations", SP_F_TEXTAREA, "Mitigations (optional)", NULL, 0, 5000, NULL, NULL, NULL,
     NULL, 3},
    {"body", SP_F_TEXTAREA, "Progress since the last report (optional)", NULL, 0, 10000, NULL,
     NULL, NULL, NULL, 6},
};
const struct sp_form sp__form_progress_report = {"form-progress-report", progress_fields,
                                                 N(progress_fields), progress_rule};

/* ---- the plan's own texts ---- */
static const struct sp_form_field plan_create_fields[] = {
    {"title", SP_F_TEXT, "Title of the plan", "For example, West Yorkshire LSIP 2027 to 2030",
     SP_FF_REQUIRED, 500, NULL, NULL, "Enter the title of the plan", NULL, 0},
};
const struct sp_form sp__form_plan_create = {"form-plan-create", plan_create_fields,
                                             N(plan_create_fields), NULL};

static const struct sp_form_option stages[] = {
    {"A", "Stage A: employer needs"}, {"B", "Stage B: priorities"}, {"C", "Stage C: actions"}, {0}};
static const struct sp_form_field details_fields[] = {
    {"title", SP_F_TEXT, "Title of the plan", NULL, SP_FF_REQUIRED, 500, NULL, NULL,
     "Enter the title of the plan", NULL, 0},
    {"summary", SP_F_TEXTAREA, "Summary", NULL, 0, 20000, NULL, NULL, NULL, NULL, 6},
    {"mca_engagement_stages", SP_F_CHECKBOXES,
     "Stages at which the mayoral combined authority or GLA was engaged", "Section 6.4", 0, 0,
     stages, NULL, NULL, "Select stages from the list", 0},
    {"mca_engagement_how", SP_F_TEXTAREA, "How their views were taken into account", NULL, 0,
     20000, NULL, NULL, NULL, NULL, 4},
};
const struct sp_form sp__form_details = {"form-details", details_fields, N(details_fields), NULL};

static const struct sp_form_field net_zero_fields[] = {
    {"net_zero", SP_F_TEXTAREA, "Net zero, climate adaptation and environmental goals",
     "How the plan considers the skills for net zero and wider environmental goals (section 6.4)",
     SP_FF_REQUIRED, 20000, NULL, NULL,
     "Enter how the plan considers net zero and environmental goals", NULL, 8},
};
const struct sp_form sp__form_net_zero = {"form-net-zero", net_zero_fields, N(net_zero_fields),
                                          NULL};

static const struct sp_form_field part_fields[] = {
    {"text", SP_F_TEXTAREA, "Text", NULL, 0, 20000, NULL, NULL, NULL, NULL, 14},
};
const struct sp_form sp__form_part = {"form-part", part_fields, N(part_fields), NULL};

/* ---- the MCA/GLA statement ---- */
static const struct sp_form_field mca_fields[] = {
    {"engaged", SP_F_RADIOS, "Were you engaged in developing the plan?", NULL,
     SP_FF_REQUIRED | SP_FF_BOOL, 0, yes_no, NULL, "Select yes if you were engaged in the plan",
     NULL, 0},
    {"had_opportunity", SP_F_RADIOS, "Did you have the opportunity to give your views?", NULL,
     SP_FF_REQUIRED | SP_FF_BOOL, 0, yes_no, NULL,
     "Select yes if you had the opportunity to give your views", NULL, 0},
    {"statement", SP_F_TEXTAREA, "Your statement", "It goes to the department with the plan",
     SP_FF_REQUIRED, 20000, NULL, NULL, "Enter your statement on the plan", NULL, 8},
};
const struct sp_form sp__form_mca_statement = {"form-mca", mca_fields, N(mca_fields), NULL};

/* ---- DfE's decisions ---- */
static const struct sp_form_field return_fields[] = {
    {"note", SP_F_TEXTAREA, "Feedback for the body",
     "The department's concerns, so the body can address them (section 6.5)", SP_FF_REQUIRED,
     20000, NULL, NULL, "Enter the feedback for the body", NULL, 6},
};
const struct sp_form sp__form_return = {"form-return", return_fields, N(return_fields), NULL};

static const struct sp_form_option eligibility[] = {
    {"body_corporate", "It is a body corporate"},
    {"not_crown_servant", "It is not a servant or agent of the Crown"},
    {"not_sos_appointed", "The Secretary of State does not appoint its members"},
    {"not_public_authority", "It is not a public authority"},
    {"capable", "It is capable of developing and reviewing the plan effectively and impartially"},
    {"reasonably_representative", "It is reasonably representative of employers in the area"},
    {0}};
static void designate_rule(const struct sp_form *f, const json_t *rec, json_t *errors) {
  static const char *const missing[][2] = {
      {"body_corporate", "Confirm the body is a body corporate (section 4.1, footnote 17)"},
      {"not_crown_servant",
       "Confirm the body is not a servant or agent of the Crown (section 4.1, footnote 17)"},
      {"not_sos_appointed", "Confirm the Secretary of State does not appoint its members (section "
                            "4.1, footnote 17)"},
      {"not_public_authority",
       "Confirm the body is not a public authority (section 4.1, footnote 17)"},
      {"capable", "Confirm the body is capable of developing and reviewing the plan (section 4.1)"},
      {"reasonably_representative",
       "Confirm the body is reasonably representative of employers in the area (section 4.1)"},
  };
  json_t *chosen = json_object_get(rec, "eligibility");
  for (size_t i = 0; i < N(missing); i++) {
    int got = 0;
    size_t k;
    json_t *x;
    json_array_foreach(chosen, k, x) if (json_is_string(x) &&
                                         !strcmp(json_string_value(x), missing[i][0])) got = 1;
    if (json_is_array(chosen) && !got) {
      sp_form_error(f, errors, "eligibility", missing[i][1]);
      break; /* one message beside the field; the first answer missing */
    }
  }
  const char *eff = json_string_value(json_object_get(rec, "effective_date"));
  const char *con = json_string_value(json_object_get(rec, "consent_date"));
  if (eff && con && strcmp(con, eff) > 0)
    sp_form_error(f, errors, "consent_date",
                  "Date of consent must be on or before the date the designation takes effect");
}
static const struct sp_form_field designate_fields[] = {
    {"org_id", SP_F_SELECT, "Employer representative body", NULL, SP_FF_REQUIRED | SP_FF_INT, 0,
     NULL, "erb_choices", "Select the body to designate", "Select a body from the list", 0},
    {"effective_date", SP_F_DATE, "Date the designation takes effect", DATE_HINT, SP_FF_REQUIRED,
     0, NULL, NULL, "Enter the date the designation takes effect, for example 2 11 2026",
     "Date the designation takes effect must be a real date", 0},
    {"eligibility", SP_F_CHECKBOXES, "Eligibility and the Secretary of State's tests",
     "Select all that apply: each must be true (section 4.1, footnote 17)", 0, 0, eligibility,
     NULL, NULL, "Select answers from the list", 0},
    {"consent_date", SP_F_DATE, "Date of written consent", DATE_HINT, SP_FF_REQUIRED, 0, NULL, NULL,
     "Enter the date the body consented, for example 27 3 2023",
     "Date of consent must be a real date", 0},
    {"consent_ref", SP_F_TEXT, "Consent document reference", NULL, SP_FF_REQUIRED, 200, NULL, NULL,
     "Enter the reference of the consent document", NULL, 0},
    {"terms", SP_F_TEXTAREA, "Terms and conditions", NULL, SP_FF_REQUIRED, 20000, NULL, NULL,
     "Enter the terms and conditions", NULL, 5},
};
const struct sp_form sp__form_designate = {"form-designate", designate_fields,
                                           N(designate_fields), designate_rule};

static const struct sp_form_option removal_reasons[] = {
    {"no_longer_meets_requirements", "No longer meets the requirements for designation"},
    {"no_longer_eligible", "No longer an eligible body"},
    {"no_regard_or_breach_of_terms", "Does not have regard to guidance or comply with the terms"},
    {"necessary_or_expedient", "Removal is necessary or expedient (give the reasons)"},
    {0}};
static void remove_rule(const struct sp_form *f, const json_t *rec, json_t *errors) {
  const char *r = json_string_value(json_object_get(rec, "reason"));
  const char *t = json_string_value(json_object_get(rec, "text"));
  if (r && !strcmp(r, "necessary_or_expedient") && (!t || !*t))
    sp_form_error(f, errors, "text",
                  "Enter the reasons: removal as necessary or expedient gives them (section 4.1)");
}
static const struct sp_form_field remove_fields[] = {
    {"reason", SP_F_RADIOS, "Reason for removal", "Section 4.1", SP_FF_REQUIRED, 0,
     removal_reasons, NULL, "Select the reason for removal", NULL, 0},
    {"text", SP_F_TEXTAREA, "The reasons, as the notice will give them", NULL, 0, 5000, NULL, NULL,
     NULL, NULL, 4},
    {"removal_date", SP_F_DATE, "Date of removal",
     "The designation ends that day; a later date is notified now. " DATE_HINT, SP_FF_REQUIRED, 0,
     NULL, NULL, "Enter the date of removal, for example 27 3 2027",
     "Date of removal must be a real date", 0},
};
const struct sp_form sp__form_remove = {"form-remove", remove_fields, N(remove_fields),
                                        remove_rule};

static const struct sp_form_field terms_fields[] = {
    {"terms", SP_F_TEXTAREA, "New terms and conditions",
     "The designation notice is published again with them (section 4.1)", SP_FF_REQUIRED, 20000,
     NULL, NULL, "Enter the new terms and conditions", NULL, 8},
};
const struct sp_form sp__form_terms = {"form-terms", terms_fields, N(terms_fields), NULL};

static const struct sp_form_option dp_decisions[] = {
    {"approve", "Approve the delivery plan"}, {"return", "Return it with reasons"}, {0}};
static void dp_rule(const struct sp_form *f, const json_t *rec, json_t *errors) {
  const char *d = json_string_value(json_object_get(rec, "decision"));
  const char *r = json_string_value(json_object_get(rec, "reasons"));
  if (d && !strcmp(d, "return") && (!r || !*r))
    sp_form_error(f, errors, "reasons",
                  "Enter the reasons: a returned delivery plan says what must change (section "
                  "4.2.1)");
}
static const struct sp_form_field dp_decision_fields[] = {
    {"decision", SP_F_RADIOS, "Your decision on the delivery plan", NULL, SP_FF_REQUIRED, 0,
     dp_decisions, NULL, "Select whether to approve or return the delivery plan", NULL, 0},
    {"reasons", SP_F_TEXTAREA, "Reasons", "Needed to return it", 0, 5000, NULL, NULL, NULL, NULL,
     5},
};
const struct sp_form sp__form_dp_decision = {"form-dp-decision", dp_decision_fields,
                                             N(dp_decision_fields), dp_rule};

static const struct sp_form_option iv_levels[] = {
    {"working", "Working level"},
    {"leadership", "Leadership level"},
    {"funding", "A funding decision"},
    {"removal", "Removal of the designation"},
    {0}};
static void intervene_rule(const struct sp_form *f, const json_t *rec, json_t *errors) {
  const char *l = json_string_value(json_object_get(rec, "level"));
  if (l && !strcmp(l, "funding") && !json_is_integer(json_object_get(rec, "funding_after_pence")))
    sp_form_error(f, errors, "funding_after_pence",
                  "Enter the new funding in pounds: a funding decision sets it (section 4.3.2)");
  if (l && !strcmp(l, "removal") && !json_is_string(json_object_get(rec, "removal_reason")))
    sp_form_error(f, errors, "removal_reason",
                  "Select the reason for removal: removal needs one of the reasons of section 4.1");
}
static const struct sp_form_field intervene_fields[] = {
    {"level", SP_F_RADIOS, "Level of intervention",
     "In order of escalation: each level comes after the one before (section 4.3.2)",
     SP_FF_REQUIRED, 0, iv_levels, NULL, "Select the level of intervention", NULL, 0},
    {"reason", SP_F_TEXTAREA, "Why you are intervening", NULL, SP_FF_REQUIRED, 5000, NULL, NULL,
     "Enter why you are intervening", NULL, 5},
    {"funding_after_pence", SP_F_MONEY, "New funding", "For a funding decision, in pounds", 0,
     100000000, NULL, NULL, NULL, "New funding must be an amount in pounds, like £250,000", 0},
    {"removal_reason", SP_F_SELECT, "Reason for removal", "For a removal (section 4.1)", 0, 0,
     removal_reasons, NULL, NULL, NULL, 0},
};
const struct sp_form sp__form_intervene = {"form-intervene", intervene_fields,
                                           N(intervene_fields), intervene_rule};

/* ---- providers (section 3.4) ---- */
static const struct sp_form_option relevance_answers[] = {
    {"delivers_technical", "It delivers post-16 technical education or training"},
    {"publicly_funded", "It is funded in England from public money"},
    {"ofsted_inspected", "It is subject to inspection by Ofsted"},
    {"teaches_in_area", "Teaching takes place in the area (distance learning counts where delivered)"},
    {0}};
static const struct sp_form_field relevance_fields[] = {
    {"org_id", SP_F_SELECT, "Provider", "Providers working in this area are listed first",
     SP_FF_REQUIRED | SP_FF_INT, 0, NULL, "providers", "Select the provider",
     "Select a provider from the list", 0},
    {"answers", SP_F_CHECKBOXES, "What is true of the provider",
     "Select all that apply. Whether it is under the duties follows from these and its kind "
     "(section 3.4)",
     0, 0, relevance_answers, NULL, NULL, "Select answers from the list", 0},
};
const struct sp_form sp__form_relevance = {"form-relevance", relevance_fields,
                                           N(relevance_fields), NULL};

static const struct sp_form_option coop_kinds[] = {
    {"meeting", "A meeting"}, {"response", "A response"}, {"evidence", "Evidence given"}, {0}};
static const struct sp_form_field cooperation_fields[] = {
    {"kind", SP_F_RADIOS, "What kind of co-operation", NULL, SP_FF_REQUIRED, 0, coop_kinds, NULL,
     "Select what kind of co-operation it was", NULL, 0},
    {"detail", SP_F_TEXTAREA, "What happened", NULL, SP_FF_REQUIRED, 5000, NULL, NULL,
     "Enter what happened", NULL, 5},
    {"on_date", SP_F_DATE, "Date", DATE_HINT, SP_FF_REQUIRED, 0, NULL, NULL,
     "Enter the date, for example 27 3 2027", "Date must be a real date", 0},
};
const struct sp_form sp__form_cooperation = {"form-cooperation", cooperation_fields,
                                             N(cooperation_fields), NULL};

static const struct sp_form_field section5_fields[] = {
    {"how_well", SP_F_TEXTAREA, "How well your provision meets local needs", NULL, SP_FF_REQUIRED,
     20000, NULL, NULL, "Enter how well your provision meets local needs", NULL, 6},
    {"actions", SP_F_TEXTAREA, "What you might do, alone or with others, to meet them better",
     NULL, SP_FF_REQUIRED, 20000, NULL, NULL, "Enter what you might do to meet them better", NULL,
     6},
};
const struct sp_form sp__form_section5 = {"form-section5", section5_fields, N(section5_fields),
                                          NULL};

static const struct sp_form_field contribution_fields[] = {
    {"priority_id", SP_F_SELECT, "Priority", "A priority of the published plan",
     SP_FF_REQUIRED | SP_FF_INT, 0, NULL, "published_priorities", "Select the priority",
     "Select a priority from the list", 0},
    {"activity", SP_F_TEXTAREA, "Your activity that contributes to it",
     "As in your accountability agreement (section 3.4.2)", SP_FF_REQUIRED, 5000, NULL, NULL,
     "Enter your activity", NULL, 5},
};
const struct sp_form sp__form_contribution = {"form-contribution", contribution_fields,
                                              N(contribution_fields), NULL};

const struct sp_form *sp__web_lsip_form(const char *op) {
  static const struct {
    const char *op;
    const struct sp_form *form;
  } t[] = {
      {"priority", &sp__form_priority},
      {"action", &sp__form_action},
      {"evidence", &sp__form_evidence},
      {"interest", &sp__form_interest},
      {"policy", &sp__form_policy},
      {"delivery_plan", &sp__form_delivery_plan},
      {"progress_report", &sp__form_progress_report},
      {"mca_statement", &sp__form_mca_statement},
      {"plan_create", &sp__form_plan_create},
      {"terms", &sp__form_terms},
      {"intervene", &sp__form_intervene},
  };
  for (size_t i = 0; op && i < N(t); i++)
    if (!strcmp(t[i].op, op))
      return t[i].form;
  return NULL;
}
