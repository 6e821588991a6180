-- 0300_agreements.sql: agreements on one model (sector compact, local compact,
-- alliance, Skills Pledge): kinds with their review cadence and maximum term,
-- parties in roles, aims, flexibilities, target volumes, eligible
-- qualification lists, signatories, action plans, reviews; indicators with
-- targets and measured values; funding: programmes, provider contracts,
-- allocations, delivery and commitments, reallocation moves; eligibility
-- rules as data. Every rule row carries the document and section it comes
-- from (shared/seeds/NNN_*.txt). Dates are ISO 8601 text; money is integer
-- pence.

-- Kinds of agreement. max_term_months NULL: the documents state no limit.
-- Reviews: first_review_months after the term starts, then every
-- cadence_months; every formal_every-th review is a formal one (0: none).
CREATE TABLE agreement_kinds (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  max_term_months INTEGER,
  first_review_months INTEGER,
  cadence_months INTEGER,
  formal_every INTEGER NOT NULL DEFAULT 0,
  source TEXT NOT NULL
);

INSERT INTO agreement_kinds VALUES
 ('sector_compact','Sector compact',36,6,6,2,
  '000_7a3ba3d30b329542.txt Q1 and Q3: a compact covers up to three years, reviewed six-monthly with a formal review towards the end of each year'),
 ('local_compact','Local compact',NULL,6,12,0,
  '003_74d2a3b73f9382d8.txt "Shared aims": the action plan is kept under review during the first six months and annually thereafter; a brief report each year'),
 ('alliance','Sector skills and productivity alliance',NULL,NULL,NULL,0,
  '001_9b32e24159a7efe3.txt section 1: core membership by role, other key organisations, an action plan'),
 ('skills_pledge','Skills Pledge',NULL,NULL,NULL,0,
  '000_7a3ba3d30b329542.txt Q12: a public commitment by an employer to support staff to skills for life and a first Level 2');

-- Roles a party may hold, per kind. core = 1 for the alliance core membership.
CREATE TABLE agreement_roles (
  kind TEXT NOT NULL REFERENCES agreement_kinds(code),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  core INTEGER NOT NULL DEFAULT 0 CHECK (core IN (0,1)),
  ord INTEGER NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY (kind, code)
);

INSERT INTO agreement_roles VALUES
 ('sector_compact','government_department','Government department',1,1,'000_7a3ba3d30b329542.txt Q1'),
 ('sector_compact','funding_agency','Funding agency (Learning and Skills Council)',1,2,'000_7a3ba3d30b329542.txt Q1'),
 ('sector_compact','sector_body','Sector skills council or sector body',1,3,'000_7a3ba3d30b329542.txt Q1, Q5'),
 ('sector_compact','covered_employer','Employer covered by the compact',0,4,'000_7a3ba3d30b329542.txt Q6; 002_ff544af7dd4315b9.txt para 51'),
 ('local_compact','vcs_consortium','Voluntary and community sector consortium',1,1,'003_74d2a3b73f9382d8.txt opening'),
 ('local_compact','funding_body','Local funding body (local LSC)',1,2,'003_74d2a3b73f9382d8.txt opening'),
 ('local_compact','evaluation_group','Compact development and evaluation group',0,3,'003_74d2a3b73f9382d8.txt "Shared aims"'),
 ('alliance','rda_skills_team','Regional development agency skills team',1,1,'001_9b32e24159a7efe3.txt section 1 "Membership of the SSPAs"'),
 ('alliance','funding_body','Funding body (Learning and Skills Council)',1,2,'001_9b32e24159a7efe3.txt section 1 "Membership of the SSPAs"'),
 ('alliance','sector_skills_council','Sector skills council',1,3,'001_9b32e24159a7efe3.txt section 1 "Membership of the SSPAs"'),
 ('alliance','regional_intelligence_unit','Regional intelligence unit',1,4,'001_9b32e24159a7efe3.txt section 1 "Membership of the SSPAs"'),
 ('alliance','cluster_head','Cluster head',1,5,'001_9b32e24159a7efe3.txt section 1 "Membership of the SSPAs"'),
 ('alliance','business_link','Business Link',1,6,'001_9b32e24159a7efe3.txt section 1 "Membership of the SSPAs"'),
 ('alliance','regional_business_adviser','Regional business adviser',1,7,'001_9b32e24159a7efe3.txt section 1 "Membership of the SSPAs"'),
 ('alliance','jobcentre_plus','Jobcentre Plus',1,8,'001_9b32e24159a7efe3.txt section 1 "Membership of the SSPAs"'),
 ('alliance','key_organisation','Other key organisation',0,9,'001_9b32e24159a7efe3.txt section 1 "Other Key Organisations"'),
 ('skills_pledge','employer','Employer making the pledge',1,1,'000_7a3ba3d30b329542.txt Q12'),
 ('skills_pledge','broker','Skills broker',0,2,'000_7a3ba3d30b329542.txt Q7');

CREATE TABLE flexibility_kinds (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  source TEXT NOT NULL
);

INSERT INTO flexibility_kinds VALUES
 ('repeat_l2_l3','Repeat Level 2 and Level 3 funding for learners with an existing Level 2 or equivalent','000_7a3ba3d30b329542.txt Q9'),
 ('second_level3','Second and subsequent Level 3 qualifications','000_7a3ba3d30b329542.txt Q6, Q13'),
 ('all_employer_sizes','Access for all employers in the sector regardless of size','000_7a3ba3d30b329542.txt Q6'),
 ('sme_access','SME flexibilities (employers with fewer than 250 employees)','000_7a3ba3d30b329542.txt Q6'),
 ('sector_skills_pledge','Sector-specific Skills Pledge','000_7a3ba3d30b329542.txt Q9'),
 ('sector_advice_brokers','Sector-specific support and advice with the skills brokers','000_7a3ba3d30b329542.txt Q9'),
 ('mapping_tools','Occupation and skills mapping tools','000_7a3ba3d30b329542.txt Q9');

CREATE TABLE target_measures (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  unit TEXT NOT NULL,
  source TEXT NOT NULL
);

INSERT INTO target_measures VALUES
 ('learners','Learners','learners','000_7a3ba3d30b329542.txt Q7'),
 ('employers_engaged','Employers engaged','employers','000_7a3ba3d30b329542.txt Q7'),
 ('pledges','Skills Pledges made','pledges','000_7a3ba3d30b329542.txt Q7'),
 ('qualifications_achieved','Qualifications achieved','qualifications','000_7a3ba3d30b329542.txt Q7'),
 ('apprenticeship_starts','Apprenticeship starts','starts','000_7a3ba3d30b329542.txt Q7; 002_ff544af7dd4315b9.txt Theme Four'),
 ('apprenticeship_completions','Apprenticeship completions','completions','002_ff544af7dd4315b9.txt Theme Four para 57');

CREATE TABLE agreements (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL REFERENCES agreement_kinds(code),
  title TEXT NOT NULL,
  sector TEXT,
  area_code TEXT REFERENCES areas(code),
  term_start TEXT NOT NULL,
  term_end TEXT,                       -- inclusive last day; NULL: open-ended
  state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','published')),
  employees_covered INTEGER CHECK (employees_covered IS NULL OR employees_covered >= 0),
  signatory_target_kind TEXT REFERENCES org_kinds(code), -- "all providers of this kind"
  signatory_target_date TEXT,
  source TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  CHECK (term_end IS NULL OR term_end >= term_start)
);
CREATE INDEX agreements_kind ON agreements(kind);

CREATE TABLE agreement_aims (
  id INTEGER PRIMARY KEY,
  agreement_id INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  text TEXT NOT NULL
);

CREATE TABLE agreement_parties (
  agreement_id INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  role TEXT NOT NULL,
  PRIMARY KEY (agreement_id, org_id, role)
);
CREATE INDEX agreement_parties_org ON agreement_parties(org_id);

CREATE TABLE agreement_flexibilities (
  id INTEGER PRIMARY KEY,
  agreement_id INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
  kind TEXT NOT NULL REFERENCES flexibility_kinds(code),
  conditions TEXT,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  CHECK (period_end >= period_start)
);

CREATE TABLE agreement_targets (
  id INTEGER PRIMARY KEY,
  agreement_id INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
  measure TEXT NOT NULL REFERENCES target_measures(code),
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  volume INTEGER NOT NULL CHECK (volume >= 0),
  achieved INTEGER CHECK (achieved IS NULL OR achieved >= 0),
  CHECK (period_end >= period_start),
  UNIQUE (agreement_id, measure, period_start)
);

-- Qualifications (LARS learning aims) as the eligibility rules see them.
CREATE TABLE qualification_aims (
  code TEXT PRIMARY KEY,               -- LARS learning aim reference
  title TEXT NOT NULL,
  level TEXT NOT NULL REFERENCES levels(code),
  ssa TEXT,                            -- sector subject area, e.g. '4.1'
  valid_from TEXT NOT NULL,
  valid_to TEXT                        -- last day funded; NULL: open
);

CREATE TABLE agreement_qualifications (
  agreement_id INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
  qual_code TEXT NOT NULL REFERENCES qualification_aims(code),
  valid_from TEXT,
  valid_to TEXT,
  PRIMARY KEY (agreement_id, qual_code)
);

CREATE TABLE agreement_signatories (
  agreement_id INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  signed_on TEXT NOT NULL,
  PRIMARY KEY (agreement_id, org_id)
);

CREATE TABLE agreement_actions (
  id INTEGER PRIMARY KEY,
  agreement_id INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
  parent_id INTEGER REFERENCES agreement_actions(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  owner_org_id INTEGER REFERENCES orgs(id),
  due_date TEXT,
  status TEXT NOT NULL DEFAULT 'not_started'
    CHECK (status IN ('not_started','in_progress','done','dropped')),
  progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100)
);
CREATE INDEX agreement_actions_agreement ON agreement_actions(agreement_id);

-- Reviews held; the schedule itself is computed from the kind's cadence.
CREATE TABLE agreement_reviews (
  id INTEGER PRIMARY KEY,
  agreement_id INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
  scheduled_for TEXT NOT NULL,
  held_on TEXT NOT NULL,
  formal INTEGER NOT NULL DEFAULT 0 CHECK (formal IN (0,1)),
  notes TEXT,
  UNIQUE (agreement_id, scheduled_for)
);

-- Indicators: a measure with targets and measured values over time.
CREATE TABLE indicators (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  unit TEXT NOT NULL,
  agreement_id INTEGER REFERENCES agreements(id) ON DELETE SET NULL,
  baseline_value REAL,
  baseline_date TEXT,
  source TEXT NOT NULL
);

CREATE TABLE indicator_targets (
  id INTEGER PRIMARY KEY,
  indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  value REAL NOT NULL,
  due_date TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('target','aspiration')),
  source TEXT NOT NULL
);

CREATE TABLE indicator_values (
  id INTEGER PRIMARY KEY,
  indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  value REAL NOT NULL,
  on_date TEXT NOT NULL,
  source TEXT NOT NULL,
  UNIQUE (indicator_id, on_date)
);

-- Funding.
CREATE TABLE funding_programmes (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  source TEXT NOT NULL
);

INSERT INTO funding_programmes VALUES
 ('train_to_gain','Train to Gain','000_7a3ba3d30b329542.txt Q10'),
 ('apprenticeships','Apprenticeships','002_ff544af7dd4315b9.txt Theme Four'),
 ('union_learning_fund','Union Learning Fund','002_ff544af7dd4315b9.txt para 100'),
 ('adult_learning','Adult and community learning','003_74d2a3b73f9382d8.txt');

CREATE TABLE provider_contracts (
  id INTEGER PRIMARY KEY,
  provider_org_id INTEGER NOT NULL REFERENCES orgs(id),
  programme TEXT NOT NULL REFERENCES funding_programmes(code),
  funder_org_id INTEGER REFERENCES orgs(id),
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  UNIQUE (provider_org_id, programme, valid_from)
);

CREATE TABLE allocations (
  id INTEGER PRIMARY KEY,
  agreement_id INTEGER NOT NULL REFERENCES agreements(id),
  provider_org_id INTEGER NOT NULL REFERENCES orgs(id),
  funder_org_id INTEGER REFERENCES orgs(id),
  programme TEXT NOT NULL REFERENCES funding_programmes(code),
  area_code TEXT REFERENCES areas(code),
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  original_pence INTEGER NOT NULL CHECK (original_pence >= 0),
  amount_pence INTEGER NOT NULL CHECK (amount_pence >= 0),
  awarded_on TEXT NOT NULL,
  CHECK (period_end >= period_start)
);
CREATE INDEX allocations_agreement ON allocations(agreement_id);

-- Money used against an allocation: delivered (paid) or committed (promised
-- to a learner or employer). Both count as demand and neither may move.
CREATE TABLE allocation_spend (
  id INTEGER PRIMARY KEY,
  allocation_id INTEGER NOT NULL REFERENCES allocations(id),
  kind TEXT NOT NULL CHECK (kind IN ('delivered','committed')),
  on_date TEXT NOT NULL,
  amount_pence INTEGER NOT NULL CHECK (amount_pence >= 0),
  learner_ref TEXT,
  qual_code TEXT REFERENCES qualification_aims(code)
);
CREATE INDEX allocation_spend_alloc ON allocation_spend(allocation_id);
CREATE INDEX allocation_spend_learner ON allocation_spend(learner_ref, qual_code);

CREATE TABLE reallocation_runs (
  id INTEGER PRIMARY KEY,
  as_of TEXT NOT NULL,
  total_pence INTEGER NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);

CREATE TABLE reallocation_moves (
  id INTEGER PRIMARY KEY,
  run_id INTEGER REFERENCES reallocation_runs(id),
  as_of TEXT NOT NULL,
  from_agreement_id INTEGER NOT NULL REFERENCES agreements(id),
  to_agreement_id INTEGER NOT NULL REFERENCES agreements(id),
  amount_pence INTEGER NOT NULL CHECK (amount_pence > 0),
  reason TEXT NOT NULL
);

-- Learners and what they already hold, for the eligibility rules.
CREATE TABLE learners (
  ref TEXT PRIMARY KEY,
  employer_org_id INTEGER REFERENCES orgs(id)
);

CREATE TABLE learner_achievements (
  learner_ref TEXT NOT NULL REFERENCES learners(ref),
  level TEXT NOT NULL REFERENCES levels(code),
  qual_code TEXT,
  achieved_on TEXT NOT NULL
);

-- Eligibility rules as data, in the order they are applied. The engine in
-- src/core/agree/eligible.c implements each code; this table gives the
-- order, the wording and the source shown with every answer.
CREATE TABLE eligibility_rules (
  code TEXT PRIMARY KEY,
  ord INTEGER NOT NULL UNIQUE,
  title TEXT NOT NULL,
  source TEXT NOT NULL
);

INSERT INTO eligibility_rules VALUES
 ('qualification_validity',1,'The qualification''s validity dates must cover the start date','000_7a3ba3d30b329542.txt Q8, Q13 (lists drawn from the Sector Qualification Strategy, published with dates)'),
 ('provider_contract',2,'The provider must hold the programme''s contract on the start date','000_7a3ba3d30b329542.txt Q10: all providers delivering within the sector compact will be expected to hold a Train to Gain contract'),
 ('central_government',3,'Central government departments and their agencies are not eligible unless covered by the justice sector compact','002_ff544af7dd4315b9.txt Theme Three para 51'),
 ('second_level3',4,'A second or later Level 3 is funded only under a sector compact in force whose list holds the qualification','000_7a3ba3d30b329542.txt Q6 and Q13'),
 ('repeat_level2',5,'A repeat Level 2 for a learner who already holds a Level 2 or equivalent is funded only under a compact flexibility','000_7a3ba3d30b329542.txt Q9'),
 ('sme_flexibility',6,'SME flexibilities are only for employers with fewer than 250 employees','000_7a3ba3d30b329542.txt Q6'),
 ('compact_term',7,'The compact''s term must cover the start date','000_7a3ba3d30b329542.txt Q1, Q6: flexibilities remain in place for the compact''s three years'),
 ('standard_offer',8,'Otherwise the programme''s standard offer applies (a first Level 2 or first Level 3)','000_7a3ba3d30b329542.txt Q12 (skills for life and a first Level 2)');
