/*
 * demo.c: demo data for agreements, indicators and funding
 * (sp_demo_agree, declared in agree_demo.h):
 *  - the first ten Train to Gain sector compacts with their lead bodies
 *    (shared/reference/sector_compacts_2009.csv; 000_7a3ba3d30b329542.txt Q5),
 *    each between DIUS, the LSC and the lead body (000 Q1);
 *  - the Northwest chemicals Sector Skills & Productivity Alliance with its
 *    core members by role and other key organisations, and its action plan
 *    (001_9b32e24159a7efe3.txt sections 1 and 2.6);
 *  - the Leicestershire VCS learning and skills Compact with its shared
 *    aims, 24 signatories against the target of all VCS providers by the
 *    first anniversary in July 2006 (003_74d2a3b73f9382d8.txt);
 *  - a Skills Pledge (000 Q12);
 *  - the One Year On report's figures as indicators with their sources
 *    (002_ff544af7dd4315b9.txt);
 *  - allocations, commitments and learners so that reallocation,
 *    eligibility and duplication have something to show.
 * What the documents do not give (compact term dates other than the first
 * announcement, target volumes, money, provider names, qualification codes)
 * is illustrative and marked "demo" where it is stored.
 */
#include <string.h>

#include "agree.h"
#include "agree_demo.h"
#include "agree_int.h"
#include "core/audit.h"
#include "base/date.h"
#include "funding.h"
#include "indicator.h"
#include "store/store.h"
#include "base/record.h"

struct org_arg {
  const char *name, *kind, *ukprn, *size;
  int64_t id;
};

static enum sp_rc org_tx(struct sp_ctx *ctx, void *p) {
  struct org_arg *o = p;
  json_t *row = NULL;
  enum sp_rc rc = sp__agree_row(ctx, &row, "none", "SELECT id FROM orgs WHERE name=? AND kind=?", "ss", o->name, o->kind);
  if (rc == SP_OK) {
    o->id = sp__agree_jint(row, "id");
    json_decref(row);
    return SP_OK;
  }
  if (rc != SP_ENOTFOUND)
    return rc;
  sp_ctx_clear(ctx);
  if ((rc = sp__agree_exec(ctx, &o->id, "INSERT INTO orgs(name, kind, ukprn, size_band) VALUES (?,?,?,?)", "ssss",
                           o->name, o->kind, o->ukprn, o->size)) != SP_OK)
    return rc;
  char idbuf[32];
  snprintf(idbuf, sizeof(idbuf), "%lld", (long long)o->id);
  json_t *after = json_pack("{s:s, s:s, s:s?, s:s?}", "name", o->name, "kind", o->kind, "ukprn", o->ukprn,
                            "size_band", o->size);
  rc = sp_audit_append(ctx, "create", "org", idbuf, NULL, after);
  json_decref(after);
  return rc;
}

/* The organisation with this name and kind, created when missing. */
static enum sp_rc org(struct sp_ctx *ctx, const char *name, const char *kind, const char *ukprn, const char *size,
                      int64_t *id) {
  struct org_arg o = {name, kind, ukprn, size, 0};
  enum sp_rc rc = sp__agree_tx(ctx, org_tx, &o);
  *id = o.id;
  return rc;
}

static enum sp_rc sql(struct sp_ctx *ctx, void *p) {
  return sp_store_exec(sp_ctx_store(ctx), ctx, (const char *)p);
}

static enum sp_rc create(struct sp_ctx *ctx, json_t *in, int64_t *id) {
  enum sp_rc rc = in ? sp_agreement_create(ctx, in, id)
                     : sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "demo agreement record could not be built");
  json_decref(in);
  return rc;
}

/* ---- the ten sector compacts --------------------------------------------- */

static const struct {
  const char *sector, *lead;
  const char *quals[2];
} COMPACTS[] = {
    /* shared/reference/sector_compacts_2009.csv; 000_7a3ba3d30b329542.txt Q5 */
    {"Broadcast, film, video and multimedia", "Skillset", {"DEMO0101", NULL}},
    {"Chemicals, Nuclear, Oil and Gas, Petroleum and Polymers", "Cogent", {"DEMO0201", "DEMO0202"}},
    {"Construction", "ConstructionSkills", {"DEMO0301", NULL}},
    {"Engineering construction", "ECITB", {"DEMO0401", NULL}},
    {"Facilities management, housing, property, planning, cleaning, parking", "Asset Skills", {"DEMO0501", NULL}},
    {"Fashion and Textiles", "Skillfast-UK", {"DEMO0601", NULL}},
    {"Hospitality, leisure, travel and tourism", "People 1st", {"DEMO0701", NULL}},
    {"Justice", "Skills for Justice", {"DEMO0801", NULL}},
    {"Process and manufacturing", "Proskills", {"DEMO0901", NULL}},
    {"Science Engineering and Manufacturing technologies", "Semta", {"DEMO1001", NULL}},
};

static const char DEMO_QUALS[] =
    "INSERT INTO qualification_aims(code, title, level, ssa, valid_from, valid_to) VALUES"
    " ('DEMO0101','Demo: Level 3 Diploma in Creative and Digital Media','3','9.3','2008-01-01','2012-07-31'),"
    " ('DEMO0201','Demo: Level 3 NVQ in Process Engineering Maintenance','3','4.1','2008-01-01','2012-07-31'),"
    " ('DEMO0202','Demo: Level 3 NVQ in Laboratory and Associated Technical Activities','3','4.1','2008-01-01',NULL),"
    " ('DEMO0301','Demo: Level 3 NVQ in Occupational Work Supervision (Construction)','3','5.2','2008-01-01',NULL),"
    " ('DEMO0401','Demo: Level 3 NVQ in Engineering Construction','3','5.2','2008-01-01',NULL),"
    " ('DEMO0501','Demo: Level 3 NVQ in Facilities Management','3','15.3','2008-01-01',NULL),"
    " ('DEMO0601','Demo: Level 3 NVQ in Apparel Manufacturing Technology','3','4.2','2008-01-01',NULL),"
    " ('DEMO0701','Demo: Level 3 NVQ in Hospitality Supervision and Leadership','3','7.4','2008-01-01',NULL),"
    " ('DEMO0801','Demo: Level 3 NVQ in Custodial Care','3','1.4','2008-01-01',NULL),"
    " ('DEMO0802','Demo: Level 2 NVQ in Custodial Care','2','1.4','2008-01-01',NULL),"
    " ('DEMO0901','Demo: Level 3 NVQ in Manufacturing Operations','3','4.2','2008-01-01',NULL),"
    " ('DEMO1001','Demo: Level 3 NVQ in Engineering Maintenance','3','4.1','2008-01-01',NULL),"
    " ('DEMO2001','Demo: Level 2 NVQ in Business Administration','2','15.2','2005-01-01',NULL),"
    " ('DEMO2002','Demo: Level 2 Certificate in Adult Literacy','2','14.2','2005-01-01',NULL)"
    " ON CONFLICT DO NOTHING;";

static enum sp_rc sector_compacts(struct sp_ctx *ctx, int64_t dius, int64_t lsc, int64_t ids[10]) {
  enum sp_rc rc;
  int64_t prison = 0;
  if ((rc = org(ctx, "HM Prison Service", "government", NULL, NULL, &prison)) != SP_OK)
    return rc;
  for (size_t i = 0; i < SP_ARRAY_LEN(COMPACTS); i++) {
    int64_t body = 0;
    if ((rc = org(ctx, COMPACTS[i].lead, "sector_body", NULL, NULL, &body)) != SP_OK)
      return rc;
    char title[200];
    snprintf(title, sizeof(title), "Train to Gain sector compact: %s", COMPACTS[i].sector);
    json_t *quals = json_array();
    for (int q = 0; q < 2; q++)
      if (COMPACTS[i].quals[q])
        json_array_append_new(quals, json_string(COMPACTS[i].quals[q]));
    int justice = strcmp(COMPACTS[i].lead, "Skills for Justice") == 0;
    if (justice)
      json_array_append_new(quals, json_string("DEMO0802"));
    json_t *in = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s,"
        " s:[s, s, s],"
        " s:[{s:I, s:s}, {s:I, s:s}, {s:I, s:s}],"
        " s:[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}, {s:s, s:s}],"
        " s:[{s:s, s:s, s:s, s:i}, {s:s, s:s, s:s, s:i}, {s:s, s:s, s:s, s:i}, {s:s, s:s, s:s, s:i},"
        "    {s:s, s:s, s:s, s:i}],"
        " s:o}",
        "kind", "sector_compact", "title", title, "sector", COMPACTS[i].sector, "term_start", "2008-05-28", "term_end",
        "2011-05-27", "source",
        "000_7a3ba3d30b329542.txt Q1, Q5; lead body from shared/reference/sector_compacts_2009.csv. Term: demo "
        "(the Q&A gives only the first announcement, 28 May 2008); volumes and list codes are demo",
        "aims", "Drive up employer demand for skills across the sector through Train to Gain",
        "Make a reality of the 'something for something' deal (Leitch)",
        "Deliver the flexibilities consistently across England in line with demand",
        "parties", "org_id", (json_int_t)dius, "role", "government_department", "org_id", (json_int_t)lsc, "role",
        "funding_agency", "org_id", (json_int_t)body, "role", "sector_body",
        "flexibilities", "kind", "second_level3", "conditions", "Qualifications on the compact's published list only (Q13)",
        "kind", "all_employer_sizes", "conditions", "All employers in the sector regardless of size (Q6)", "kind",
        "repeat_l2_l3", "conditions", "Learners with an existing Level 2 or equivalent (Q9)", "kind",
        "sector_skills_pledge", "conditions", "Builds on the Government Skills Pledge (Q9)",
        "targets", "measure", "employers_engaged", "period_start", "2008-05-28", "period_end", "2009-05-27", "volume",
        (int)(400 + 50 * i), "measure", "learners", "period_start", "2008-05-28", "period_end", "2009-05-27",
        "volume", (int)(2500 + 250 * i), "measure", "pledges", "period_start", "2008-05-28", "period_end",
        "2009-05-27", "volume", (int)(60 + 5 * i), "measure", "learners", "period_start", "2009-05-28",
        "period_end", "2010-05-27", "volume", (int)(3500 + 300 * i), "measure", "qualifications_achieved",
        "period_start", "2009-05-28", "period_end", "2010-05-27", "volume", (int)(2000 + 200 * i),
        "qualifications", quals);
    if ((rc = create(ctx, in, &ids[i])) != SP_OK)
      return rc;
    if (justice && (rc = sp_agreement_add_party(ctx, ids[i], prison, "covered_employer")) != SP_OK)
      return rc;
    if ((rc = sp_agreement_publish(ctx, ids[i])) != SP_OK)
      return rc;
    /* The six-monthly reviews held so far (demo dates). */
    if ((rc = sp_agreement_record_review(ctx, ids[i], SP_DATE_NONE, sp_date_from_ymd(2008, 11, 20),
                                         "Six-monthly review (demo)")) != SP_OK)
      return rc;
    if (i % 3 != 2 && (rc = sp_agreement_record_review(ctx, ids[i], SP_DATE_NONE, sp_date_from_ymd(2009, 5, 20),
                                                       "Formal review at the end of year one (demo)")) != SP_OK)
      return rc;
  }
  return SP_OK;
}

/* ---- the Northwest alliance ---------------------------------------------- */

static enum sp_rc alliance(struct sp_ctx *ctx, int64_t lsc, int64_t *out) {
  static const struct {
    const char *name, *kind, *role;
  } members[] = {
      /* 001_9b32e24159a7efe3.txt section 1 "Membership of the SSPAs" */
      {"NWDA Skills Policy Team", "government", "rda_skills_team"},
      {"Cogent", "sector_body", "sector_skills_council"},
      {"Northwest Regional Intelligence Unit", "government", "regional_intelligence_unit"},
      {"Chemicals Northwest", "sector_body", "cluster_head"},
      {"Business Link Northwest", "government", "business_link"},
      {"Regional Business Adviser (Northwest chemicals)", "government", "regional_business_adviser"},
      {"Jobcentre Plus", "government", "jobcentre_plus"},
      /* "Other Key Organisations" */
      {"Government Office North West", "government", "key_organisation"},
      {"ChemiCol (Centre of Vocational Excellence)", "fe_college", "key_organisation"},
  };
  json_t *parties = json_array();
  enum sp_rc rc;
  json_array_append_new(parties, json_pack("{s:I, s:s}", "org_id", (json_int_t)lsc, "role", "funding_body"));
  int64_t owner[SP_ARRAY_LEN(members)];
  for (size_t i = 0; i < SP_ARRAY_LEN(members); i++) {
    if ((rc = org(ctx, members[i].name, members[i].kind, NULL, NULL, &owner[i])) != SP_OK) {
      json_decref(parties);
      return rc;
    }
    json_array_append_new(parties, json_pack("{s:I, s:s}", "org_id", (json_int_t)owner[i], "role", members[i].role));
  }
  json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:[s, s, s, s, s], s:o}", "kind", "alliance", "title",
                         "Northwest Chemicals Sector Skills & Productivity Alliance", "sector", "Chemicals",
                         "term_start", "2005-04-01", "term_end", "2008-03-31", "source",
                         "001_9b32e24159a7efe3.txt sections 1, 2.6 and 3 (NWDA funded the SSPA co-ordinators until "
                         "March 2008); start date demo",
                         "aims", "Identifying key issues facing the sector",
                         "Developing an Action Plan to address the needs of employers in the sector",
                         "Ensuring that mainstream public funding is aligned to meet the needs of employers",
                         "Taking a major step forward to avoid duplication of activity and funding",
                         "Strengthening and supporting the work of SSCs in the region", "parties", parties);
  if ((rc = create(ctx, in, out)) != SP_OK || (rc = sp_agreement_publish(ctx, *out)) != SP_OK)
    return rc;
  /* The action plan's priorities, 001 section 2.6. */
  static const struct {
    const char *title, *due, *status;
    int progress, owner, parent;
  } actions[] = {
      {"Vocational training: apprenticeship schemes and placements", "2008-03-31", "in_progress", 0, 3, -1},
      {"Develop a Young Apprenticeship in Science for 14-16 year olds", "2007-07-31", "in_progress", 60, 8, 0},
      {"Pilot Programme Led Apprenticeship scheme 2006/7 for 24 apprentices", "2007-07-31", "done", 100, 8, 0},
      {"Produce the Sector Skills Agreement for the sector", "2008-03-31", "in_progress", 70, 1, -1},
      {"Submit an application for a Process Industries National Skills Academy", "2006-12-31", "done", 100, 1, -1},
      {"Develop structured careers information", "2008-03-31", "not_started", 0, 1, -1},
      {"Create Gold Standard role descriptions", "2008-03-31", "in_progress", 40, 3, 5},
      {"Develop a Business Improvement Techniques NVQ for the process industries", "2008-03-31", "in_progress", 30, 1, -1},
  };
  int64_t ids[SP_ARRAY_LEN(actions)];
  for (size_t i = 0; i < SP_ARRAY_LEN(actions); i++) {
    json_t *a = json_pack("{s:s, s:I, s:s, s:s, s:i}", "title", actions[i].title, "owner_org_id",
                          (json_int_t)owner[actions[i].owner], "due_date", actions[i].due, "status", actions[i].status,
                          "progress", actions[i].progress);
    if (actions[i].parent >= 0)
      json_object_set_new(a, "parent_id", json_integer(ids[actions[i].parent]));
    rc = sp_agreement_add_action(ctx, *out, a, &ids[i]);
    json_decref(a);
    if (rc != SP_OK)
      return rc;
  }
  /* A second (draft, demo) alliance that plans one of the same actions, so
   * the duplication check has a pair to show. */
  int64_t second = 0;
  in = json_pack("{s:s, s:s, s:s, s:s, s:s}", "kind", "alliance", "title",
                 "Northwest Polymers Sector Skills & Productivity Alliance (demo)", "sector", "Polymers", "term_start",
                 "2005-04-01", "source", "demo: shows duplicated activity between alliances (001 section 1)");
  if ((rc = create(ctx, in, &second)) != SP_OK)
    return rc;
  json_t *a = json_pack("{s:s, s:s}", "title", "Develop structured careers information.", "due_date", "2008-03-31");
  rc = sp_agreement_add_action(ctx, second, a, NULL);
  json_decref(a);
  return rc;
}

/* ---- the Leicestershire VCS compact -------------------------------------- */

static enum sp_rc vcs_compact(struct sp_ctx *ctx, int64_t *out) {
  int64_t consortium, llsc, group;
  enum sp_rc rc;
  if ((rc = org(ctx, "Leicestershire VCS Learning & Skills Consortium", "vcs", NULL, NULL, &consortium)) != SP_OK ||
      (rc = org(ctx, "Leicestershire Learning and Skills Council", "government", NULL, NULL, &llsc)) != SP_OK ||
      (rc = org(ctx, "Compact Development and Evaluation Group", "vcs", NULL, NULL, &group)) != SP_OK)
    return rc;
  json_t *in = json_pack(
      "{s:s, s:s, s:s, s:s, s:s, s:s, s:[s, s, s], s:[{s:I, s:s}, {s:I, s:s}, {s:I, s:s}]}", "kind",
      "local_compact", "title", "Leicestershire VCS learning and skills Compact", "term_start",
      "2005-07-27", "signatory_target_kind", "vcs", "signatory_target_date", "2006-07-27", "source",
      "003_74d2a3b73f9382d8.txt: launched 27 July (2005); 24 providers signed; all VCS learning and skills providers "
      "by the first anniversary in July 2006",
      "aims", "Widening participation", "Developing the workforce of voluntary sector organisations",
      "Improving the quality and responsiveness of provision", "parties", "org_id", (json_int_t)consortium, "role",
      "vcs_consortium", "org_id", (json_int_t)llsc, "role", "funding_body", "org_id", (json_int_t)group, "role",
      "evaluation_group");
  if ((rc = create(ctx, in, out)) != SP_OK || (rc = sp_agreement_publish(ctx, *out)) != SP_OK)
    return rc;
  /* 24 VCS providers signed at the launch; four more funded VCS providers
   * had not yet signed (demo names; the number of VCS providers is demo). */
  for (int i = 1; i <= 28; i++) {
    char name[120];
    snprintf(name, sizeof(name), "Leicestershire VCS learning provider %02d (demo)", i);
    int64_t id = 0;
    if ((rc = org(ctx, name, "vcs", NULL, NULL, &id)) != SP_OK)
      return rc;
    json_t *c = json_pack("{s:I, s:s, s:I, s:s}", "provider_org_id", (json_int_t)id, "programme", "adult_learning",
                          "funder_org_id", (json_int_t)llsc, "valid_from", "2005-04-01");
    rc = sp_funding_add_contract(ctx, c, NULL);
    json_decref(c);
    if (rc != SP_OK)
      return rc;
    if (i <= 24 && (rc = sp_agreement_sign(ctx, *out, id, sp_date_from_ymd(2005, 7, 27))) != SP_OK)
      return rc;
  }
  static const char *const plan[] = {
      "Raise VCO participation in shaping provision (local partnerships, Strategic Area Reviews, Learning Consortium)",
      "Sign up all voluntary and community sector learning and skills providers by July 2006",
      "Develop the workforce of voluntary sector organisations",
      "Produce the brief annual report and update the action plan"};
  static const char *const due[] = {"2006-07-27", "2006-07-27", "2006-07-27", "2006-07-27"};
  static const int progress[] = {50, 85, 30, 0};
  for (size_t i = 0; i < SP_ARRAY_LEN(plan); i++) {
    json_t *a = json_pack("{s:s, s:I, s:s, s:s, s:i}", "title", plan[i], "owner_org_id", (json_int_t)group,
                          "due_date", due[i], "status", progress[i] ? "in_progress" : "not_started", "progress",
                          progress[i]);
    rc = sp_agreement_add_action(ctx, *out, a, NULL);
    json_decref(a);
    if (rc != SP_OK)
      return rc;
  }
  return sp_agreement_record_review(ctx, *out, SP_DATE_NONE, sp_date_from_ymd(2006, 1, 20),
                                    "Six-month review by the Compact Development and Evaluation Group (demo date)");
}

/* ---- a Skills Pledge ------------------------------------------------------ */

static enum sp_rc pledge(struct sp_ctx *ctx) {
  int64_t employer, broker, id = 0;
  enum sp_rc rc;
  if ((rc = org(ctx, "Northwest Polymer Mouldings Ltd (demo)", "employer", NULL, "medium", &employer)) != SP_OK ||
      (rc = org(ctx, "Train to Gain skills brokerage (demo)", "government", NULL, NULL, &broker)) != SP_OK)
    return rc;
  json_t *in = json_pack(
      "{s:s, s:s, s:s, s:s, s:I, s:s, s:[s, s], s:[{s:I, s:s}, {s:I, s:s}], s:[{s:s, s:s, s:s, s:i}]}", "kind",
      "skills_pledge", "title", "Skills Pledge: Northwest Polymer Mouldings Ltd (demo)", "sector", "Polymers",
      "term_start", "2008-09-01", "employees_covered", (json_int_t)180, "source",
      "000_7a3ba3d30b329542.txt Q12: a public commitment to support staff to skills for life and a first Level 2; "
      "employer demo",
      "aims", "Support every employee to at least skills for life",
      "Support every employee without one to a first Level 2 qualification", "parties", "org_id",
      (json_int_t)employer, "role", "employer", "org_id", (json_int_t)broker, "role", "broker", "targets", "measure",
      "qualifications_achieved", "period_start", "2008-09-01", "period_end", "2009-08-31", "volume", 40);
  if ((rc = create(ctx, in, &id)) != SP_OK)
    return rc;
  return sp_agreement_publish(ctx, id);
}

/* ---- funding -------------------------------------------------------------- */

/* The ONS code of the LSIP area with this slug, when reference data is
 * loaded; "" otherwise (allocations then carry no area). */
static void area_code(struct sp_ctx *ctx, const char *slug, char *out, size_t n) {
  json_t *row = NULL;
  out[0] = '\0';
  if (sp__agree_row(ctx, &row, "none", "SELECT code FROM areas WHERE slug=?", "s", slug) == SP_OK)
    snprintf(out, n, "%s", sp_rec_str(row, "code", ""));
  else
    sp_ctx_clear(ctx);
  json_decref(row);
}

static enum sp_rc funding(struct sp_ctx *ctx, const int64_t compacts[10], int64_t lsc) {
  static const struct {
    const char *name, *kind, *ukprn;
  } providers[] = {
      {"Northwest Skills College (demo)", "fe_college", "10096001"},
      {"Midlands Training Partnership (demo)", "itp", "10096002"},
      {"Southern Work-Based Learning Ltd (demo)", "itp", "10096003"},
  };
  int64_t prov[3];
  enum sp_rc rc;
  for (int i = 0; i < 3; i++) {
    if ((rc = org(ctx, providers[i].name, providers[i].kind, providers[i].ukprn, NULL, &prov[i])) != SP_OK)
      return rc;
    json_t *c = json_pack("{s:I, s:s, s:I, s:s, s:s}", "provider_org_id", (json_int_t)prov[i], "programme",
                          "train_to_gain", "funder_org_id", (json_int_t)lsc, "valid_from", "2008-08-01", "valid_to",
                          "2011-07-31");
    rc = sp_funding_add_contract(ctx, c, NULL);
    json_decref(c);
    if (rc != SP_OK)
      return rc;
  }
  /* 2009/10 allocations to four compacts; demand by the mid-year review
   * (2010-01-31, 184 of 365 days: profile 50.4%) differs. Demo money. */
  static const struct {
    int compact, provider;
    long long pence, committed;
    const char *learner, *qual, *area;
  } rows[] = {
      {0, 0, 50000000, 12000000, "DEMO-L1", "DEMO0101", "greater-manchester"}, /* Skillset: below profile */
      {1, 0, 80000000, 52000000, NULL, NULL, "cheshire-warrington"},          /* Cogent: above */
      {2, 1, 60000000, 20000000, "DEMO-L1", "DEMO0101", "leicester-leicestershire"}, /* below; duplicate learner */
      {7, 2, 40000000, 31000000, NULL, NULL, "lancashire"},                   /* Skills for Justice: above */
  };
  for (size_t i = 0; i < SP_ARRAY_LEN(rows); i++) {
    int64_t alloc = 0;
    json_t *a = json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:I, s:s}", "agreement_id",
                          (json_int_t)compacts[rows[i].compact], "provider_org_id", (json_int_t)prov[rows[i].provider],
                          "funder_org_id", (json_int_t)lsc, "programme", "train_to_gain", "period_start", "2009-08-01",
                          "period_end", "2010-07-31", "amount_pence", (json_int_t)rows[i].pence, "awarded_on",
                          "2009-07-15");
    char area[32];
    area_code(ctx, rows[i].area, area, sizeof(area));
    if (*area && a)
      json_object_set_new(a, "area_code", json_string(area));
    rc = sp_funding_allocate(ctx, a, &alloc);
    json_decref(a);
    if (rc != SP_OK)
      return rc;
    json_t *s = json_pack("{s:I, s:s, s:s, s:I}", "allocation_id", (json_int_t)alloc, "kind", "committed", "on_date",
                          "2009-11-30", "amount_pence", (json_int_t)(rows[i].committed - 150000));
    rc = sp_funding_record_spend(ctx, s, NULL);
    json_decref(s);
    if (rc != SP_OK)
      return rc;
    s = json_pack("{s:I, s:s, s:s, s:I, s:s?, s:s?}", "allocation_id", (json_int_t)alloc, "kind", "delivered",
                  "on_date", "2009-10-15", "amount_pence", (json_int_t)150000, "learner_ref", rows[i].learner,
                  "qual_code", rows[i].qual);
    rc = sp_funding_record_spend(ctx, s, NULL);
    json_decref(s);
    if (rc != SP_OK)
      return rc;
  }
  return SP_OK;
}

static const char DEMO_LEARNERS[] =
    "INSERT INTO learners(ref) VALUES ('DEMO-L1'),('DEMO-L2'),('DEMO-L3'),('DEMO-L4')"
    " ON CONFLICT DO NOTHING;"
    "INSERT INTO learner_achievements(learner_ref, level, achieved_on)"
    " SELECT 'DEMO-L2','2','2006-07-31' WHERE NOT EXISTS (SELECT 1 FROM learner_achievements WHERE learner_ref='DEMO-L2');"
    "INSERT INTO learner_achievements(learner_ref, level, achieved_on)"
    " SELECT 'DEMO-L3','3','2007-07-31' WHERE NOT EXISTS (SELECT 1 FROM learner_achievements WHERE learner_ref='DEMO-L3');";

/* The demo learners DEMO-L2 and DEMO-L3 work for the pledge's employer,
 * recorded in the Chemicals compact's sector (demo): a compact's
 * flexibilities are for the employers of its sector (000 Q6), so the
 * learner's sector comes from the employer (eligible.c). */
static enum sp_rc learner_employers(struct sp_ctx *ctx) {
  int64_t employer = 0;
  enum sp_rc rc = org(ctx, "Northwest Polymer Mouldings Ltd (demo)", "employer", NULL, "medium", &employer);
  if (rc != SP_OK)
    return rc;
  if ((rc = sp__agree_exec(ctx, NULL,
                           "INSERT INTO employer_sectors(org_id, sector, source) VALUES (?, ?, 'demo')"
                           " ON CONFLICT(org_id) DO NOTHING",
                           "is", employer, COMPACTS[1].sector)) != SP_OK)
    return rc;
  return sp__agree_exec(ctx, NULL,
                        "UPDATE learners SET employer_org_id = ? WHERE ref IN ('DEMO-L2','DEMO-L3')"
                        " AND employer_org_id IS NULL",
                        "i", employer);
}

/* ---- indicators from One Year On ----------------------------------------- */

static enum sp_rc indicators(struct sp_ctx *ctx) {
  static const char *const defs[] = {
      "{\"code\":\"skills_pledge_employees\",\"name\":\"Employees covered by the Skills Pledge\",\"unit\":\"employees\","
      "\"source\":\"002_ff544af7dd4315b9.txt Theme Three para 49 (the summary says 'nearly 7.5 million')\","
      "\"targets\":[{\"value\":8000000,\"due_date\":\"2010-03-31\",\"kind\":\"aspiration\","
      "\"source\":\"002_ff544af7dd4315b9.txt para 49: the aspiration of 8 million employees covered by March 2010\"}],"
      "\"values\":[{\"value\":7000000,\"on_date\":\"2010-01-31\",\"source\":\"002_ff544af7dd4315b9.txt para 49: "
      "latest data for January 2010, 25,183 employers covering 7 million employees\"},"
      "{\"value\":7500000,\"on_date\":\"2010-01-31\",\"basis\":\"summary\",\"source\":"
      "\"002_ff544af7dd4315b9.txt executive summary: over 25,000 employers covering nearly 7.5 million "
      "employees\"}]}",
      "{\"code\":\"skills_pledge_employers\",\"name\":\"Employers that have made the Skills Pledge\",\"unit\":\"employers\","
      "\"source\":\"002_ff544af7dd4315b9.txt Theme Three para 49\","
      "\"values\":[{\"value\":25183,\"on_date\":\"2010-01-31\",\"source\":\"002_ff544af7dd4315b9.txt para 49\"}]}",
      "{\"code\":\"apprenticeship_starts\",\"name\":\"Apprenticeship starts, all sectors\",\"unit\":\"starts\","
      "\"source\":\"002_ff544af7dd4315b9.txt Theme Four para 58\","
      "\"values\":[{\"value\":224299,\"on_date\":\"2008-07-31\",\"source\":\"derived: 240,000 is 'an increase of 7 per "
      "cent on 2007/8' (002 para 58)\"},{\"value\":240000,\"on_date\":\"2009-07-31\",\"source\":"
      "\"002_ff544af7dd4315b9.txt para 58: a record 240,000 starts in 2008/9\"}]}",
      "{\"code\":\"health_apprenticeship_starts\",\"name\":\"New apprenticeship starts in health, 2009-10\","
      "\"unit\":\"starts\",\"source\":\"002_ff544af7dd4315b9.txt Theme Four (health and social care)\","
      "\"targets\":[{\"value\":5000,\"due_date\":\"2010-03-31\",\"kind\":\"target\",\"source\":"
      "\"002_ff544af7dd4315b9.txt: a sector-owned target of 5,000 new starts in health in 2009-10\"}],"
      "\"values\":[{\"value\":5000,\"on_date\":\"2010-03-01\",\"source\":\"002_ff544af7dd4315b9.txt: the target "
      "'has been met' (report of March 2010)\"}]}",
      "{\"code\":\"apprenticeship_completions\",\"name\":\"Apprenticeship completions\",\"unit\":\"completions\","
      "\"source\":\"002_ff544af7dd4315b9.txt Theme Four para 57\","
      "\"targets\":[{\"value\":130000,\"due_date\":\"2011-07-31\",\"kind\":\"target\",\"source\":"
      "\"002_ff544af7dd4315b9.txt para 57: Government's target of 130,000 completions by 2010/11\"}],"
      "\"values\":[{\"value\":112598,\"on_date\":\"2008-07-31\",\"source\":\"derived: 143,000 is 'up 27 per cent on "
      "2007/8' (002 para 57)\"},{\"value\":143000,\"on_date\":\"2009-07-31\",\"source\":"
      "\"002_ff544af7dd4315b9.txt para 57: completions at a record high at 143,000\"}]}",
      "{\"code\":\"ulrs_trained\",\"name\":\"Union learning representatives trained since the Union Learning Fund "
      "began\",\"unit\":\"ULRs\",\"source\":\"002_ff544af7dd4315b9.txt Theme Six: The Trade Union Role para 101\","
      "\"targets\":[{\"value\":22000,\"due_date\":\"2010-12-31\",\"kind\":\"target\",\"source\":"
      "\"002_ff544af7dd4315b9.txt para 101: 22,000 trained ULRs by the end of 2010\"}],"
      "\"values\":[{\"value\":23000,\"on_date\":\"2010-03-01\",\"source\":\"002_ff544af7dd4315b9.txt para 101: over "
      "23,000 ULRs have now been trained\"}]}",
      "{\"code\":\"union_learners\",\"name\":\"Learners supported by unions in a year\",\"unit\":\"learners a year\","
      "\"source\":\"002_ff544af7dd4315b9.txt Theme Six para 102\","
      "\"targets\":[{\"value\":250000,\"due_date\":\"2010-12-31\",\"kind\":\"target\",\"source\":"
      "\"002_ff544af7dd4315b9.txt para 102: the target of 250,000 learners a year taking the union route by 2010\"}],"
      "\"values\":[{\"value\":220000,\"on_date\":\"2009-07-31\",\"source\":\"002_ff544af7dd4315b9.txt para 102: "
      "220,000 learners supported by unions in 2008-09\"}]}",
      "{\"code\":\"union_sfl_learners\",\"name\":\"Skills for Life learners directly supported by unions, 2009-10\","
      "\"unit\":\"learners\",\"source\":\"002_ff544af7dd4315b9.txt Theme Five para 97\","
      "\"targets\":[{\"value\":30000,\"due_date\":\"2010-07-31\",\"kind\":\"target\",\"source\":"
      "\"002_ff544af7dd4315b9.txt para 97: Unionlearn has a target of 30,000 (reported 'on track'; no figure given)\"}]}",
  };
  for (size_t i = 0; i < SP_ARRAY_LEN(defs); i++) {
    json_error_t err;
    json_t *in = json_loads(defs[i], 0, &err);
    if (!in)
      return sp_ctx_fail(ctx, SP_EINTERNAL, NULL, "demo indicator %zu: %s", i, err.text);
    enum sp_rc rc = sp_indicator_create(ctx, in, NULL);
    json_decref(in);
    if (rc != SP_OK)
      return rc;
  }
  return SP_OK;
}

enum sp_rc sp_demo_agree(struct sp_ctx *ctx) {
  json_t *row = NULL;
  enum sp_rc rc = sp__agree_row(ctx, &row, "none", "SELECT id FROM agreements WHERE title=?", "s",
                                "Train to Gain sector compact: Broadcast, film, video and multimedia");
  if (rc == SP_OK) {
    json_decref(row);
    return SP_OK; /* already loaded */
  }
  if (rc != SP_ENOTFOUND)
    return rc;
  sp_ctx_clear(ctx);
  /* Act as DfE for the demo's writes, then restore the caller's actor. */
  int64_t uid = sp_ctx_user_id(ctx), oid = sp_ctx_org_id(ctx);
  enum sp_role role = sp_ctx_role(ctx);
  char name[128];
  snprintf(name, sizeof(name), "%s", sp_ctx_actor_name(ctx));
  sp_ctx_set_actor(ctx, uid, oid, SP_ROLE_DFE_ADMIN, "demo");
  int64_t dius = 0, lsc = 0, compacts[10] = {0}, nw = 0, leics = 0;
  if ((rc = sp__agree_tx(ctx, sql, (void *)DEMO_QUALS)) != SP_OK || (rc = sp__agree_tx(ctx, sql, (void *)DEMO_LEARNERS)) != SP_OK ||
      (rc = org(ctx, "Department for Innovation, Universities and Skills", "government", NULL, NULL, &dius)) != SP_OK ||
      (rc = org(ctx, "Learning and Skills Council", "government", NULL, NULL, &lsc)) != SP_OK ||
      (rc = sector_compacts(ctx, dius, lsc, compacts)) != SP_OK || (rc = alliance(ctx, lsc, &nw)) != SP_OK ||
      (rc = vcs_compact(ctx, &leics)) != SP_OK || (rc = pledge(ctx)) != SP_OK ||
      (rc = learner_employers(ctx)) != SP_OK ||
      (rc = funding(ctx, compacts, lsc)) != SP_OK || (rc = indicators(ctx)) != SP_OK)
    goto out;
out:
  sp_ctx_set_actor(ctx, uid, oid, role, name);
  return rc;
}
