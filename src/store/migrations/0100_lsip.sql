-- 0100_lsip.sql: the LSIP process of the statutory guidance
-- (seeds/004_34ac84fe2e6428e6.txt, sections 3 to 6): designations of
-- employer representative bodies (ERBs) with their notices, registers of
-- interests, delivery plans, progress reports and interventions; the plan
-- with its versions, states, stages A/B/C, evidence, the MCA/GLA statement;
-- providers' relevance decisions, co-operation, accountability agreement
-- contributions and section 5 reviews. Dates are ISO 8601 text; money is
-- integer pence. Rules that need more than a CHECK live in src/core/lsip/.

-- Section 4.1: designation of an ERB for an area. One live designation per
-- area at a time (checked in code and by the partial unique index below).
CREATE TABLE lsip_designations (
  id INTEGER PRIMARY KEY,
  area_code TEXT NOT NULL REFERENCES areas(code),
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  effective_date TEXT NOT NULL,
  -- eligibility (section 4.1 footnote 17) and the Secretary of State's tests
  body_corporate INTEGER NOT NULL CHECK (body_corporate = 1),
  not_crown_servant INTEGER NOT NULL CHECK (not_crown_servant = 1),
  not_sos_appointed INTEGER NOT NULL CHECK (not_sos_appointed = 1),
  not_public_authority INTEGER NOT NULL CHECK (not_public_authority = 1),
  capable INTEGER NOT NULL CHECK (capable = 1),
  reasonably_representative INTEGER NOT NULL CHECK (reasonably_representative = 1),
  consent_date TEXT NOT NULL,
  consent_ref TEXT NOT NULL,
  terms TEXT NOT NULL,
  removal_date TEXT,
  removal_reason TEXT CHECK (removal_reason IS NULL OR removal_reason IN
    ('no_longer_meets_requirements','no_longer_eligible','no_regard_or_breach_of_terms',
     'necessary_or_expedient','area_terminated')),
  removal_text TEXT,
  live INTEGER NOT NULL DEFAULT 1 CHECK (live IN (0,1)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  CHECK (removal_date IS NULL OR removal_reason IS NOT NULL)
);
CREATE UNIQUE INDEX lsip_designations_one_live ON lsip_designations(area_code) WHERE live = 1;
CREATE INDEX lsip_designations_org ON lsip_designations(org_id);

-- Section 4.1: notices published on designation, on a change of terms
-- (republished), on removal, and when the area itself is terminated.
CREATE TABLE lsip_notices (
  id INTEGER PRIMARY KEY,
  designation_id INTEGER NOT NULL REFERENCES lsip_designations(id),
  kind TEXT NOT NULL CHECK (kind IN ('designation','terms_modified','removal','area_terminated')),
  published_on TEXT NOT NULL,
  effective_date TEXT NOT NULL,
  area_code TEXT NOT NULL,
  area_name TEXT NOT NULL,
  body_name TEXT NOT NULL,
  terms TEXT NOT NULL,
  reason TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX lsip_notices_area ON lsip_notices(area_code);

-- Section 4.2: the conflict of interest policy and the register of interests.
CREATE TABLE lsip_coi_policies (
  designation_id INTEGER PRIMARY KEY REFERENCES lsip_designations(id),
  policy TEXT NOT NULL,
  adopted_on TEXT NOT NULL
);

CREATE TABLE lsip_interests (
  id INTEGER PRIMARY KEY,
  designation_id INTEGER NOT NULL REFERENCES lsip_designations(id),
  person_name TEXT NOT NULL,
  user_id INTEGER REFERENCES users(id),
  interest_org_id INTEGER REFERENCES orgs(id),
  interest_org_name TEXT NOT NULL,
  nature TEXT NOT NULL,
  training_interests TEXT NOT NULL DEFAULT '',
  declared_on TEXT NOT NULL,
  ended_on TEXT
);
CREATE INDEX lsip_interests_user ON lsip_interests(user_id, interest_org_id);

-- Section 4.2.1: the delivery plan, due 28 days after designation.
CREATE TABLE lsip_delivery_plans (
  id INTEGER PRIMARY KEY,
  designation_id INTEGER NOT NULL REFERENCES lsip_designations(id),
  engagement TEXT NOT NULL,
  estimated_funding_pence INTEGER NOT NULL CHECK (estimated_funding_pence >= 0),
  submitted_on TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('submitted','approved','returned')),
  decided_on TEXT,
  decision_reasons TEXT
);

-- Section 4.3.1: six-weekly progress reports against the delivery plan.
CREATE TABLE lsip_progress_reports (
  id INTEGER PRIMARY KEY,
  designation_id INTEGER NOT NULL REFERENCES lsip_designations(id),
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  submitted_on TEXT NOT NULL,
  rag TEXT NOT NULL CHECK (rag IN ('red','amber','green')),
  risks TEXT NOT NULL DEFAULT '',
  mitigations TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  CHECK (period_end >= period_start)
);

-- Section 4.3.2: interventions in order of escalation.
CREATE TABLE lsip_interventions (
  id INTEGER PRIMARY KEY,
  designation_id INTEGER NOT NULL REFERENCES lsip_designations(id),
  level TEXT NOT NULL CHECK (level IN ('working','leadership','funding','removal')),
  on_date TEXT NOT NULL,
  by_user_id INTEGER,
  by_name TEXT NOT NULL,
  reason TEXT NOT NULL,
  funding_before_pence INTEGER,
  funding_after_pence INTEGER CHECK (funding_after_pence IS NULL OR funding_after_pence >= 0)
);

-- Sections 5 and 6: the plan, one row per version. A replacement (after
-- three years, section 6.6) is a new row that starts as a copy.
CREATE TABLE lsip_plans (
  id INTEGER PRIMARY KEY,
  area_code TEXT NOT NULL REFERENCES areas(code),
  designation_id INTEGER NOT NULL REFERENCES lsip_designations(id),
  version INTEGER NOT NULL,
  previous_plan_id INTEGER REFERENCES lsip_plans(id),
  state TEXT NOT NULL CHECK (state IN ('draft','submitted','returned','resubmitted','approved',
                                       'published','under_review','updated','replaced','ended')),
  title TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  net_zero TEXT NOT NULL DEFAULT '',             -- section 6.4
  mca_engagement_stages TEXT NOT NULL DEFAULT '', -- section 6.4: 'A', 'A,B' ...
  mca_engagement_how TEXT NOT NULL DEFAULT '',
  created_on TEXT NOT NULL,
  first_submitted_on TEXT,
  approved_on TEXT,
  published_on TEXT,
  ended_on TEXT,
  UNIQUE (area_code, version)
);

-- Every state change of a plan (also kept in the audit log).
CREATE TABLE lsip_plan_transitions (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES lsip_plans(id),
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  action TEXT NOT NULL,
  on_date TEXT NOT NULL,
  by_user_id INTEGER,
  by_name TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX lsip_plan_transitions_plan ON lsip_plan_transitions(plan_id);

-- Stage A (section 5.2.1): employer needs, with which employers.
CREATE TABLE lsip_needs (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES lsip_plans(id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_on TEXT NOT NULL
);
CREATE TABLE lsip_need_employers (
  need_id INTEGER NOT NULL REFERENCES lsip_needs(id),
  employer_name TEXT NOT NULL,
  org_id INTEGER REFERENCES orgs(id),
  small_firm INTEGER NOT NULL DEFAULT 0 CHECK (small_firm IN (0,1)),
  PRIMARY KEY (need_id, employer_name)
);

-- Stage B (section 5.2.2, 6.2): priorities co-created with named providers.
CREATE TABLE lsip_priorities (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES lsip_plans(id),
  title TEXT NOT NULL,
  route_code TEXT REFERENCES routes(code),
  pathway_code TEXT REFERENCES pathways(code),
  level_min TEXT REFERENCES levels(code),
  level_max TEXT REFERENCES levels(code),
  outcome TEXT NOT NULL,
  skills_components TEXT NOT NULL,
  change_needed TEXT NOT NULL,
  retain_expand TEXT NOT NULL DEFAULT 'change' CHECK (retain_expand IN ('change','retain','expand')),
  created_on TEXT NOT NULL
);
CREATE TABLE lsip_priority_providers (
  priority_id INTEGER NOT NULL REFERENCES lsip_priorities(id),
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  PRIMARY KEY (priority_id, org_id)
);

-- Stage C (section 5.2.3, 6.3): actions with an owner.
CREATE TABLE lsip_actions (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES lsip_plans(id),
  priority_id INTEGER REFERENCES lsip_priorities(id),
  title TEXT NOT NULL,
  owner_kind TEXT NOT NULL CHECK (owner_kind IN ('employer','provider','stakeholder')),
  owner_org_id INTEGER REFERENCES orgs(id),
  due_date TEXT,
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','in_progress','done','dropped'))
);

-- Section 6.4: evidence sources and why each is robust.
CREATE TABLE lsip_evidence (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES lsip_plans(id),
  title TEXT NOT NULL,
  source TEXT NOT NULL,
  why_robust TEXT NOT NULL
);

-- Sections 3.5 and 6.4: the MCA/GLA statement that goes with a submission.
CREATE TABLE lsip_mca_statements (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES lsip_plans(id),
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  by_user_id INTEGER,
  engaged INTEGER NOT NULL CHECK (engaged IN (0,1)),
  had_opportunity INTEGER NOT NULL CHECK (had_opportunity IN (0,1)),
  statement TEXT NOT NULL,
  given_on TEXT NOT NULL
);

-- Section 3.4: is a provider a relevant provider under the duties for an area?
CREATE TABLE lsip_provider_relevance (
  id INTEGER PRIMARY KEY,
  area_code TEXT NOT NULL REFERENCES areas(code),
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  relevant INTEGER NOT NULL CHECK (relevant IN (0,1)),
  reason TEXT NOT NULL,
  delivers_technical INTEGER NOT NULL CHECK (delivers_technical IN (0,1)),
  publicly_funded INTEGER NOT NULL CHECK (publicly_funded IN (0,1)),
  ofsted_inspected INTEGER NOT NULL CHECK (ofsted_inspected IN (0,1)),
  teaches_in_area INTEGER NOT NULL CHECK (teaches_in_area IN (0,1)),
  decided_on TEXT NOT NULL,
  decided_by TEXT NOT NULL,
  UNIQUE (area_code, org_id)
);

-- Section 3.4.1: providers' co-operation with the ERB.
CREATE TABLE lsip_cooperation (
  id INTEGER PRIMARY KEY,
  area_code TEXT NOT NULL REFERENCES areas(code),
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  kind TEXT NOT NULL CHECK (kind IN ('meeting','response','evidence')),
  on_date TEXT NOT NULL,
  detail TEXT NOT NULL
);

-- Section 3.4.2: which of a provider's activities contribute to which priority.
CREATE TABLE lsip_contributions (
  id INTEGER PRIMARY KEY,
  priority_id INTEGER NOT NULL REFERENCES lsip_priorities(id),
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  activity TEXT NOT NULL,
  recorded_on TEXT NOT NULL
);

-- Section 3.4 (section 5 of the Act): how well provision meets local needs.
CREATE TABLE lsip_section5_reviews (
  id INTEGER PRIMARY KEY,
  area_code TEXT NOT NULL REFERENCES areas(code),
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  reviewed_on TEXT NOT NULL,
  how_well TEXT NOT NULL,
  actions TEXT NOT NULL
);
