/*
 * demo_lsip.c: demo data for the LSIP process (sp_demo_lsip, lsip.h): areas
 * at every stage as of 23 November 2026, built through the same domain
 * functions users call (each write checked and audited), acting in turn as
 * DfE, the designated bodies, MCAs and providers on the dates events happen:
 *
 *   E69000014 Greater Manchester  published 2024, reviewed yearly; review upcoming
 *   E69000028 South Yorkshire     draft; progress reports missed; plan overdue
 *   E69000018 Kent and Medway     submitted, awaiting DfE's decision
 *   E69000012 Greater Lincolnshire (terminated 2025-09-29): published plan ended
 *   E69000041 Greater Lincolnshire (new)  returned with feedback
 *   E69000038 York and North Yorkshire    approved, awaiting publication
 *   E69000031 Tees Valley          designated only; delivery plan overdue
 *   E69000025 Oxfordshire          interventions, removal, redesignation; draft
 *
 * West Yorkshire (E69000037), where the foundation demo's ERB and MCA
 * accounts work, is left undesignated: the designation journey starts there.
 * Uses the organisations of the foundation demo by name and creates the ERB
 * and MCA organisations it misses. Needs the reference data (areas, routes).
 */
#include <stdio.h>
#include <string.h>

#include "../audit.h"
#include "base/date.h"
#include "../../store/store.h"
#include "lsip.h"
#include "lsip_int.h"

#define TRY(x)                                                                                     \
  do {                                                                                             \
    rc = (x);                                                                                      \
    if (rc != SP_OK)                                                                               \
      goto out;                                                                                    \
  } while (0)

static void act(struct sp_ctx *ctx, enum sp_role role, int64_t org, const char *name,
                const char *day) {
  int32_t d = SP_DATE_NONE;
  if (sp_date_parse(day, &d) != SP_OK)
    d = sp_ctx_today(ctx);
  sp_ctx_set_actor(ctx, 0, org, role, name);
  sp_ctx_set_today(ctx, d);
}

/* The id of the organisation named `name`; creates it (kind, area) when absent. */
static enum sp_rc org_id(struct sp_ctx *ctx, const char *name, const char *kind, const char *area,
                         int64_t *id) {
  int found = 0;
  enum sp_rc rc = sp__lsip_int(ctx, id, &found, "SELECT id FROM orgs WHERE name = ?", "s", name);
  if (rc != SP_OK || found)
    return rc;
  struct sp_store *store = sp_ctx_store(ctx);
  if ((rc = sp_store_begin(store, ctx)) != SP_OK)
    return rc;
  json_t *after = NULL;
  rc = sp__lsip_exec(ctx, "INSERT INTO orgs(name, kind) VALUES (?, ?)", "ss", name, kind);
  if (rc == SP_OK) {
    *id = sp_store_last_id(store);
    rc = sp__lsip_exec(ctx, "INSERT INTO org_areas(org_id, area_code) VALUES (?, ?)", "is", *id,
                       area);
  }
  if (rc == SP_OK)
    rc = sp__lsip_row(ctx, &after, "SELECT * FROM orgs WHERE id = ?", "i", *id);
  if (rc == SP_OK)
    rc = sp__lsip_audit(ctx, "create", "org", *id, NULL, after);
  json_decref(after);
  if (rc == SP_OK)
    rc = sp_store_commit(store, ctx);
  if (rc != SP_OK)
    sp_store_rollback(store);
  return rc;
}

static const char *route_or_null(struct sp_ctx *ctx, const char *code) {
  int64_t x;
  int found = 0;
  if (sp__lsip_int(ctx, &x, &found, "SELECT 1 FROM routes WHERE code = ?", "s", code) != SP_OK)
    return NULL;
  return found ? code : NULL;
}

static const char *pathway_or_null(struct sp_ctx *ctx, const char *code) {
  int64_t x;
  int found = 0;
  if (sp__lsip_int(ctx, &x, &found, "SELECT 1 FROM pathways WHERE code = ?", "s", code) != SP_OK)
    return NULL;
  return found ? code : NULL;
}

static enum sp_rc designate(struct sp_ctx *ctx, const char *area, int64_t org, const char *eff,
                            const char *terms) {
  act(ctx, SP_ROLE_DFE_ADMIN, 0, "DfE LSIP team (demo)", eff);
  char ref[64];
  snprintf(ref, sizeof(ref), "DfE/LSIP/%s/consent", area);
  json_t *in = json_pack("{s:s, s:I, s:s, s:b, s:b, s:b, s:b, s:b, s:b, s:s, s:s, s:s}",
                         "area_code", area, "org_id", (json_int_t)org, "effective_date", eff,
                         "body_corporate", 1, "not_crown_servant", 1, "not_sos_appointed", 1,
                         "not_public_authority", 1, "capable", 1, "reasonably_representative", 1,
                         "consent_date", eff, "consent_ref", ref, "terms", terms);
  if (!in)
    return sp_ctx_fail(ctx, SP_ENOMEM, NULL, "out of memory");
  enum sp_rc rc = sp_lsip_designate(ctx, in, NULL);
  json_decref(in);
  return rc;
}

static const char terms[] =
    "Designated under section 2 of the Skills and Post-16 Education Act 2022. The body will "
    "have regard to the LSIP statutory guidance, file a delivery plan within 28 days, report "
    "progress six-weekly and publish a conflict of interest policy and register of interests.";

static enum sp_rc delivery_plan(struct sp_ctx *ctx, const char *area, int64_t erb, const char *filed,
                                const char *approved, long long pence) {
  act(ctx, SP_ROLE_ERB_EDITOR, erb, "ERB LSIP lead (demo)", filed);
  json_t *in = json_pack("{s:s, s:I}", "engagement",
                         "Sector round tables, a small-firm survey with the local growth hub, "
                         "termly provider workshops and a stakeholder steering group including "
                         "the combined authority or LEP.",
                         "estimated_funding_pence", (json_int_t)pence);
  enum sp_rc rc = sp_lsip_delivery_plan_submit(ctx, area, in, NULL);
  json_decref(in);
  if (rc == SP_OK && approved) {
    act(ctx, SP_ROLE_DFE_ADMIN, 0, "DfE LSIP team (demo)", approved);
    rc = sp_lsip_delivery_plan_decide(ctx, area, 1, NULL);
  }
  return rc;
}

static enum sp_rc report(struct sp_ctx *ctx, const char *area, int64_t erb, const char *day,
                         const char *rag) {
  act(ctx, SP_ROLE_ERB_EDITOR, erb, "ERB LSIP lead (demo)", day);
  json_t *in = json_pack("{s:s, s:s, s:s, s:s}", "rag", rag, "risks",
                         strcmp(rag, "green") ? "Low response from micro employers" : "",
                         "mitigations",
                         strcmp(rag, "green") ? "Extra sessions with the growth hub" : "",
                         "body", "Progress against the delivery plan this period.");
  enum sp_rc rc = sp_lsip_progress_report(ctx, area, in, NULL);
  json_decref(in);
  return rc;
}

/* Stage A, B, C records, evidence and the annex on a plan. */
static enum sp_rc content(struct sp_ctx *ctx, int64_t plan, int64_t provider, const char *sector,
                          const char *route, const char *pathway, const char *due) {
  enum sp_rc rc;
  json_t *in = NULL;
  char title[200];
  snprintf(title, sizeof(title), "%s employers cannot recruit technicians at level 3", sector);
  in = json_pack("{s:s, s:s, s:[{s:s, s:b}, {s:s, s:b}, {s:s, s:b}]}", "title", title,
                 "description", "Found through round tables and the small-firm survey.",
                 "employers", "name", "Brightwater Engineering Ltd", "small_firm", 0, "name",
                 "Hollins Bakery Ltd", "small_firm", 0, "name", "Three small firms (survey)",
                 "small_firm", 1);
  TRY(sp_lsip_need_add(ctx, plan, in, NULL));
  json_decref(in);
  snprintf(title, sizeof(title), "%s technicians", sector);
  in = json_pack("{s:s, s:s?, s:s?, s:s, s:s, s:s, s:s, s:s, s:s, s:[I]}", "title", title,
                 "route_code", route, "pathway_code", pathway, "level_min", "3", "level_max", "5",
                 "outcome", "Employers fill technician vacancies locally within two years",
                 "skills_components", "Automation and control, fault finding, data literacy",
                 "change_needed", "A new level 4 HTQ and more evening level 3 provision",
                 "retain_expand", "expand", "providers", (json_int_t)provider);
  int64_t prio = 0;
  TRY(sp_lsip_priority_add(ctx, plan, in, &prio));
  json_decref(in);
  in = json_pack("{s:s, s:s, s:I, s:s, s:I}", "title", "Co-design the level 4 curriculum",
                 "owner_kind", "provider", "owner_org_id", (json_int_t)provider, "due_date", due,
                 "priority_id", (json_int_t)prio);
  TRY(sp_lsip_action_add(ctx, plan, in, NULL));
  json_decref(in);
  in = json_pack("{s:s, s:s, s:s}", "title", "Offer work placements for T Level students",
                 "owner_kind", "employer", "due_date", due);
  TRY(sp_lsip_action_add(ctx, plan, in, NULL));
  json_decref(in);
  in = json_pack("{s:s, s:s, s:s}", "title", "Employer skills survey", "source",
                 "ERB survey of 640 employers, 41% small firms",
                 "why_robust", "Weighted to the business population; repeated annually");
  TRY(sp_lsip_evidence_add(ctx, plan, in, NULL));
  json_decref(in);
  in = json_pack("{s:s, s:s, s:s, s:s}", "summary",
                 "Three priorities for change and what to keep, co-created with providers.",
                 "net_zero", "Retrofit, heat pump and EV maintenance skills run through every "
                 "priority.",
                 "mca_engagement_stages", "A,B", "mca_engagement_how",
                 "Combined authority analysts joined the evidence panel; its adult skills "
                 "priorities shaped priority 1.");
  TRY(sp_lsip_plan_update(ctx, plan, in));
out:
  json_decref(in);
  return rc;
}

static enum sp_rc mca_statement(struct sp_ctx *ctx, int64_t plan, int64_t mca, const char *day) {
  act(ctx, SP_ROLE_MCA_REVIEWER, mca, "Combined authority skills lead (demo)", day);
  json_t *in = json_pack("{s:b, s:b, s:s}", "engaged", 1, "had_opportunity", 1, "statement",
                         "The combined authority was engaged at stages A and B and had the "
                         "opportunity to give its views on the skills needs of its area.");
  enum sp_rc rc = sp_lsip_mca_statement(ctx, plan, in, NULL);
  json_decref(in);
  return rc;
}

static enum sp_rc step(struct sp_ctx *ctx, int64_t plan, int64_t erb, const char *action,
                       const char *day, const char *note) {
  if (!strcmp(action, "submit") || !strcmp(action, "update"))
    act(ctx, SP_ROLE_ERB_EDITOR, erb, "ERB LSIP lead (demo)", day);
  else
    act(ctx, SP_ROLE_DFE_ADMIN, 0, "DfE LSIP team (demo)", day);
  return sp_lsip_plan_transition(ctx, plan, action, note);
}

static enum sp_rc start_plan(struct sp_ctx *ctx, const char *area, int64_t erb, const char *day,
                             const char *title, int64_t *plan) {
  act(ctx, SP_ROLE_ERB_EDITOR, erb, "ERB LSIP lead (demo)", day);
  return sp_lsip_plan_create(ctx, area, title, plan);
}

enum sp_rc sp_demo_lsip(struct sp_ctx *ctx) {
  int64_t n = 0;
  enum sp_rc rc = sp__lsip_int(ctx, &n, NULL, "SELECT COUNT(*) FROM lsip_designations", "");
  if (rc != SP_OK || n > 0)
    return rc;
  if ((rc = sp__lsip_int(ctx, &n, NULL,
                         "SELECT COUNT(*) FROM areas WHERE code IN ('E69000014','E69000028',"
                         "'E69000018','E69000012','E69000041','E69000038','E69000031',"
                         "'E69000025')",
                         "")) != SP_OK)
    return rc;
  if (n < 8)
    return sp_ctx_fail(ctx, SP_ENOTFOUND, NULL,
                       "the LSIP demo needs the reference data's areas: load it first");
  int64_t save_user = sp_ctx_user_id(ctx), save_org = sp_ctx_org_id(ctx);
  enum sp_role save_role = sp_ctx_role(ctx);
  char save_name[128];
  snprintf(save_name, sizeof(save_name), "%s", sp_ctx_actor_name(ctx));
  int32_t save_today = sp_ctx_today(ctx);
  const char *em = route_or_null(ctx, "EM"), *em_p = pathway_or_null(ctx, "EM-EMPC");
  const char *dig = route_or_null(ctx, "DIG"), *dig_p = pathway_or_null(ctx, "DIG-DSS");
  const char *hs = route_or_null(ctx, "HS"), *hs_p = pathway_or_null(ctx, "HS-HEA");
  int64_t gm_erb, gm_mca, gm_col, wy_erb, wy_mca, kent_erb, kent_col, lin_erb, lin_mca,
      yny_erb, yny_mca, tees_erb, ox_erb, ox_erb2, itp, plan = 0;
  int ended = 0;
  json_t *in = NULL;
  act(ctx, SP_ROLE_DFE_ADMIN, 0, "DfE LSIP team (demo)", "2022-08-01");
  TRY(org_id(ctx, "Irwell and Mersey Chamber of Commerce", "erb", "E69000014", &gm_erb));
  TRY(org_id(ctx, "Greater Manchester Combined Authority", "mca", "E69000014", &gm_mca));
  TRY(org_id(ctx, "Irwell Valley College", "fe_college", "E69000014", &gm_col));
  TRY(org_id(ctx, "Don Valley Chamber of Commerce", "erb", "E69000028", &wy_erb));
  TRY(org_id(ctx, "South Yorkshire Mayoral Combined Authority", "mca", "E69000028", &wy_mca));
  TRY(org_id(ctx, "Kent Coast Chamber of Commerce", "erb", "E69000018", &kent_erb));
  TRY(org_id(ctx, "Medway Riverside College", "fe_college", "E69000018", &kent_col));
  TRY(org_id(ctx, "Wolds and Fens Business Federation", "erb", "E69000041", &lin_erb));
  TRY(org_id(ctx, "Greater Lincolnshire Combined County Authority", "mca", "E69000041", &lin_mca));
  TRY(org_id(ctx, "Dales and Vale Chamber of Commerce", "erb", "E69000038", &yny_erb));
  TRY(org_id(ctx, "York and North Yorkshire Combined Authority", "mca", "E69000038", &yny_mca));
  TRY(org_id(ctx, "Tees Enterprise Chamber", "erb", "E69000031", &tees_erb));
  TRY(org_id(ctx, "Oxford Business Forum", "erb", "E69000025", &ox_erb));
  TRY(org_id(ctx, "Thames and Cherwell Chamber", "erb", "E69000025", &ox_erb2));
  TRY(org_id(ctx, "Northgate Training Ltd", "itp", "E69000014", &itp));

  /* Greater Manchester: designated on a month end, published, reviewed yearly */
  TRY(designate(ctx, "E69000014", gm_erb, "2023-05-31", terms));
  TRY(delivery_plan(ctx, "E69000014", gm_erb, "2023-06-26", "2023-07-03", 18500000));
  static const char *gm_reports[] = {"2023-07-10", "2023-08-21", "2023-10-02", "2023-11-13",
                                     "2023-12-22", "2024-02-05"};
  for (size_t i = 0; i < SP_ARRAY_LEN(gm_reports); i++)
    TRY(report(ctx, "E69000014", gm_erb, gm_reports[i], i == 2 ? "amber" : "green"));
  act(ctx, SP_ROLE_ERB_EDITOR, gm_erb, "ERB LSIP lead (demo)", "2023-06-05");
  TRY(sp_lsip_coi_policy_set(ctx, "E69000014",
                             "Board members and staff declare interests on appointment and yearly; "
                             "anyone with an interest leaves the room for decisions about it."));
  in = json_pack("{s:s, s:I, s:s, s:s}", "person_name", "Tom Hardcastle", "interest_org_id",
                 (json_int_t)gm_col, "nature", "Governor of Irwell Valley College",
                 "training_interests", "The chamber runs leadership courses with the college");
  TRY(sp_lsip_interest_add(ctx, "E69000014", in, NULL));
  json_decref(in);
  in = NULL;
  TRY(start_plan(ctx, "E69000014", gm_erb, "2023-07-15", "Greater Manchester LSIP 2024-2027",
                 &plan));
  TRY(content(ctx, plan, gm_col, "Advanced manufacturing", em, em_p, "2024-09-30"));
  TRY(mca_statement(ctx, plan, gm_mca, "2024-01-10"));
  TRY(step(ctx, plan, gm_erb, "submit", "2024-01-15", NULL));
  TRY(step(ctx, plan, gm_erb, "approve", "2024-02-20", NULL));
  TRY(step(ctx, plan, gm_erb, "publish", "2024-03-15", NULL));
  TRY(step(ctx, plan, gm_erb, "review", "2025-02-20", NULL));
  TRY(step(ctx, plan, gm_erb, "update", "2025-03-01", "Digital priority widened to level 2"));
  TRY(step(ctx, plan, gm_erb, "review", "2026-02-10", NULL));
  TRY(step(ctx, plan, gm_erb, "update", "2026-02-25", "Retrofit actions refreshed"));
  act(ctx, SP_ROLE_PROVIDER_EDITOR, gm_col, "Irwell Valley College (demo)", "2024-04-10");
  int64_t gm_prio = 0;
  TRY(sp__lsip_int(ctx, &gm_prio, NULL, "SELECT MIN(id) FROM lsip_priorities WHERE plan_id = ?",
                   "i", plan));
  TRY(sp_lsip_contribution_add(ctx, gm_prio, "New level 4 HTQ in automation from September 2024",
                               NULL));
  in = json_pack("{s:s, s:s}", "how_well",
                 "Engineering provision meets most needs; gaps at level 4 and for adults in work.",
                 "actions", "Launch an HTQ with Northgate Training and shift evening provision.");
  TRY(sp_lsip_section5_add(ctx, "E69000014", in, NULL));
  json_decref(in);
  in = NULL;

  /* South Yorkshire: a draft with missed reports and an intervention */
  TRY(designate(ctx, "E69000028", wy_erb, "2025-12-01", terms));
  TRY(delivery_plan(ctx, "E69000028", wy_erb, "2025-12-20", "2026-01-05", 21000000));
  static const char *wy_reports[] = {"2026-01-10", "2026-02-20", "2026-04-03", "2026-05-15",
                                     "2026-06-26"};
  for (size_t i = 0; i < SP_ARRAY_LEN(wy_reports); i++)
    TRY(report(ctx, "E69000028", wy_erb, wy_reports[i], i >= 3 ? "amber" : "green"));
  act(ctx, SP_ROLE_ERB_EDITOR, wy_erb, "Sam Whitworth", "2025-12-10");
  TRY(sp_lsip_coi_policy_set(ctx, "E69000028",
                             "Interests are declared on the register; members with an interest "
                             "take no part in decisions about that organisation."));
  in = json_pack("{s:s, s:I, s:s, s:s}", "person_name", "Sam Whitworth", "interest_org_id",
                 (json_int_t)itp, "nature", "Director of Northgate Training Ltd",
                 "training_interests", "Northgate delivers apprenticeships in the area");
  TRY(sp_lsip_interest_add(ctx, "E69000028", in, NULL));
  json_decref(in);
  in = NULL;
  TRY(start_plan(ctx, "E69000028", wy_erb, "2026-02-01", "South Yorkshire LSIP 2027-2030", &plan));
  TRY(content(ctx, plan, itp, "Digital", dig, dig_p, "2027-06-30"));
  act(ctx, SP_ROLE_DFE_ADMIN, 0, "DfE LSIP team (demo)", "2026-09-15");
  in = json_pack("{s:s, s:s}", "level", "working", "reason",
                 "Plan not ready nine months after designation; reports since August missing");
  TRY(sp_lsip_intervene(ctx, "E69000028", in, NULL));
  json_decref(in);
  in = NULL;

  /* Kent and Medway: submitted, awaiting a decision (no MCA: no statement needed) */
  TRY(designate(ctx, "E69000018", kent_erb, "2026-01-15", terms));
  TRY(delivery_plan(ctx, "E69000018", kent_erb, "2026-02-05", "2026-02-16", 16000000));
  static const char *kent_reports[] = {"2026-02-25", "2026-04-08", "2026-05-20", "2026-07-01",
                                       "2026-08-12", "2026-09-23", "2026-11-03"};
  for (size_t i = 0; i < SP_ARRAY_LEN(kent_reports); i++)
    TRY(report(ctx, "E69000018", kent_erb, kent_reports[i], "green"));
  TRY(start_plan(ctx, "E69000018", kent_erb, "2026-03-01", "Kent and Medway LSIP 2027-2030",
                 &plan));
  TRY(content(ctx, plan, kent_col, "Health and care", hs, hs_p, "2027-09-30"));
  TRY(step(ctx, plan, kent_erb, "submit", "2026-10-01", NULL));

  /* Greater Lincolnshire: the old area's plan ends with it on 2025-09-29 */
  TRY(designate(ctx, "E69000012", lin_erb, "2022-09-01", terms));
  TRY(delivery_plan(ctx, "E69000012", lin_erb, "2022-09-20", "2022-10-01", 14000000));
  TRY(start_plan(ctx, "E69000012", lin_erb, "2022-10-15", "Greater Lincolnshire LSIP 2023-2026",
                 &plan));
  TRY(content(ctx, plan, kent_col, "Food processing", em, em_p, "2024-03-31"));
  TRY(step(ctx, plan, lin_erb, "submit", "2023-04-20", NULL));
  TRY(step(ctx, plan, lin_erb, "approve", "2023-05-15", NULL));
  TRY(step(ctx, plan, lin_erb, "publish", "2023-05-30", NULL));
  act(ctx, SP_ROLE_DFE_ADMIN, 0, "DfE LSIP team (demo)", "2025-10-01");
  TRY(sp_lsip_sync_areas(ctx, &ended));
  /* ... and the new Greater Lincolnshire area: returned with feedback */
  TRY(designate(ctx, "E69000041", lin_erb, "2025-10-15", terms));
  TRY(delivery_plan(ctx, "E69000041", lin_erb, "2025-11-05", "2025-11-12", 15000000));
  TRY(start_plan(ctx, "E69000041", lin_erb, "2025-11-20", "Greater Lincolnshire LSIP 2026-2029",
                 &plan));
  TRY(content(ctx, plan, kent_col, "Agri-food", em, em_p, "2027-03-31"));
  static const char *lin_reports[] = {"2025-11-25", "2026-01-05", "2026-02-16", "2026-03-30",
                                      "2026-05-11", "2026-06-22", "2026-08-03", "2026-09-14",
                                      "2026-10-26"};
  for (size_t i = 0; i < SP_ARRAY_LEN(lin_reports); i++)
    TRY(report(ctx, "E69000041", lin_erb, lin_reports[i], "green"));
  TRY(mca_statement(ctx, plan, lin_mca, "2026-07-01"));
  TRY(step(ctx, plan, lin_erb, "submit", "2026-07-10", NULL));
  TRY(step(ctx, plan, lin_erb, "return", "2026-11-10",
           "The annex does not show how small firms were reached; please add the survey "
           "method and response by firm size (section 6.4)."));

  /* York and North Yorkshire: approved, awaiting publication */
  TRY(designate(ctx, "E69000038", yny_erb, "2025-11-01", terms));
  TRY(delivery_plan(ctx, "E69000038", yny_erb, "2025-11-20", "2025-12-01", 12000000));
  static const char *yny_reports[] = {"2025-12-12", "2026-01-23", "2026-03-06", "2026-04-17",
                                      "2026-05-29", "2026-07-10", "2026-08-21", "2026-10-02",
                                      "2026-11-13"};
  for (size_t i = 0; i < SP_ARRAY_LEN(yny_reports); i++)
    TRY(report(ctx, "E69000038", yny_erb, yny_reports[i], "green"));
  TRY(start_plan(ctx, "E69000038", yny_erb, "2025-12-15", "York and North Yorkshire LSIP", &plan));
  TRY(content(ctx, plan, itp, "Visitor economy and agri-tech", dig, dig_p, "2027-07-31"));
  TRY(mca_statement(ctx, plan, yny_mca, "2026-07-20"));
  TRY(step(ctx, plan, yny_erb, "submit", "2026-08-01", NULL));
  TRY(step(ctx, plan, yny_erb, "approve", "2026-11-15", NULL));

  /* Tees Valley: designated only; the delivery plan is overdue */
  TRY(designate(ctx, "E69000031", tees_erb, "2026-10-20", terms));

  /* Oxfordshire: escalation to removal, then a new body */
  TRY(designate(ctx, "E69000025", ox_erb, "2024-01-10", terms));
  TRY(delivery_plan(ctx, "E69000025", ox_erb, "2024-02-01", "2024-02-12", 13000000));
  static const struct {
    const char *level, *day, *reason;
    long long after;
  } steps[] = {
      {"working", "2024-06-01", "Three progress reports missed", 0},
      {"leadership", "2024-09-01", "No recovery plan from the working-level meeting", 0},
      {"funding", "2024-12-01", "Insufficient progress: funding reduced for value for money",
       8000000},
      {"removal", "2025-03-31", "Terms of designation not complied with", 0},
  };
  for (size_t i = 0; i < SP_ARRAY_LEN(steps); i++) {
    act(ctx, SP_ROLE_DFE_ADMIN, 0, "DfE LSIP team (demo)", steps[i].day);
    in = json_pack("{s:s, s:s}", "level", steps[i].level, "reason", steps[i].reason);
    if (steps[i].after)
      json_object_set_new(in, "funding_after_pence", json_integer(steps[i].after));
    if (!strcmp(steps[i].level, "removal"))
      json_object_set_new(in, "removal_reason", json_string("no_regard_or_breach_of_terms"));
    TRY(sp_lsip_intervene(ctx, "E69000025", in, NULL));
    json_decref(in);
    in = NULL;
  }
  TRY(designate(ctx, "E69000025", ox_erb2, "2025-05-01", terms));
  act(ctx, SP_ROLE_DFE_ADMIN, 0, "DfE LSIP team (demo)", "2025-07-01");
  TRY(sp_lsip_modify_terms(ctx, "E69000025",
                           "As the standard terms, and a monthly check-in with the department "
                           "for the first six months."));
  TRY(delivery_plan(ctx, "E69000025", ox_erb2, "2025-05-20", "2025-06-01", 13000000));
  TRY(start_plan(ctx, "E69000025", ox_erb2, "2025-06-15", "Oxfordshire LSIP 2026-2029", &plan));
  TRY(content(ctx, plan, itp, "Life sciences", hs, hs_p, "2026-12-31"));
out:
  json_decref(in);
  sp_ctx_set_actor(ctx, save_user, save_org, save_role, save_name);
  sp_ctx_set_today(ctx, save_today);
  return rc;
}
