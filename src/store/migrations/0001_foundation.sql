-- 0001_foundation.sql: reference data (areas dated, districts, routes,
-- levels, LARS sector subject areas and standards), organisations, accounts,
-- sessions, login attempts and the audit log. Dates are ISO 8601 text;
-- money is integer pence.

CREATE TABLE areas (
  code TEXT PRIMARY KEY,                 -- ONS LSIP code, E69000001 onward
  slug TEXT UNIQUE,                      -- the guidance-era slug, when the area had one
  parent_code TEXT REFERENCES areas(code),
  valid_from TEXT,                       -- NULL: since the areas were first specified (2022)
  valid_to TEXT,                         -- exclusive; NULL: still in operation
  CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to > valid_from)
);

-- An area's names over time (renamed areas keep their code).
CREATE TABLE area_names (
  code TEXT NOT NULL REFERENCES areas(code),
  name TEXT NOT NULL,
  valid_from TEXT,
  valid_to TEXT,
  PRIMARY KEY (code, valid_from)
);

-- Kind and whether a mayoral combined authority or the GLA covers it, dated.
CREATE TABLE area_attributes (
  code TEXT NOT NULL REFERENCES areas(code),
  valid_from TEXT,
  valid_to TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('combined_authority','gla','gla_subregion','lep')),
  mayoral INTEGER NOT NULL CHECK (mayoral IN (0,1)),
  functional_economic_area TEXT,
  source TEXT NOT NULL,
  PRIMARY KEY (code, valid_from)
);

-- History events shown on an area's page (created, renamed, terminated).
CREATE TABLE area_events (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL REFERENCES areas(code),
  on_date TEXT NOT NULL,
  event TEXT NOT NULL CHECK (event IN ('created','renamed','terminated','specified')),
  detail TEXT NOT NULL
);

CREATE TABLE lads (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL
);

CREATE TABLE area_lads (
  area_code TEXT NOT NULL REFERENCES areas(code),
  lad_code TEXT NOT NULL REFERENCES lads(code),
  valid_from TEXT,
  valid_to TEXT,
  PRIMARY KEY (area_code, lad_code, valid_from)
);
CREATE INDEX area_lads_lad ON area_lads(lad_code);

CREATE TABLE routes (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL
);

CREATE TABLE pathways (
  code TEXT PRIMARY KEY,
  route_code TEXT NOT NULL REFERENCES routes(code),
  name TEXT NOT NULL
);

CREATE TABLE levels (
  code TEXT PRIMARY KEY,      -- 'E','1'..'8'
  ord INTEGER NOT NULL UNIQUE,
  name TEXT NOT NULL
);

CREATE TABLE ssa_tier1 (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  valid_from TEXT,
  valid_to TEXT
);

CREATE TABLE ssa_tier2 (
  code TEXT PRIMARY KEY,
  tier1_code TEXT NOT NULL REFERENCES ssa_tier1(code),
  name TEXT NOT NULL,
  valid_from TEXT,
  valid_to TEXT
);

CREATE TABLE lars_standards (
  code INTEGER NOT NULL,
  version INTEGER NOT NULL,
  name TEXT NOT NULL,
  level INTEGER,
  ssa_tier2 TEXT,
  valid_from TEXT,
  last_date_starts TEXT,
  valid_to TEXT,
  PRIMARY KEY (code, version)
);

CREATE TABLE org_kinds (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  is_provider INTEGER NOT NULL CHECK (is_provider IN (0,1)),
  ord INTEGER NOT NULL
);

CREATE TABLE orgs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL REFERENCES org_kinds(code),
  ukprn TEXT UNIQUE,
  companies_house TEXT,
  size_band TEXT CHECK (size_band IS NULL OR size_band IN ('micro','small','medium','large')),
  website TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX orgs_kind ON orgs(kind);

CREATE TABLE org_areas (
  org_id INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  area_code TEXT NOT NULL REFERENCES areas(code),
  PRIMARY KEY (org_id, area_code)
);

CREATE TABLE org_contacts (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  email TEXT,
  phone TEXT,
  role TEXT
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  role TEXT NOT NULL CHECK (role IN ('dfe_admin','erb_editor','provider_editor',
                                     'mca_reviewer','funder','viewer')),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);

-- Sessions: only the SHA-256 of the token is stored.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf TEXT NOT NULL,
  created_at INTEGER NOT NULL,   -- unix seconds
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_attempts (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL,
  address TEXT NOT NULL,
  at INTEGER NOT NULL,           -- unix seconds
  ok INTEGER NOT NULL
);
CREATE INDEX login_attempts_email ON login_attempts(email, at);
CREATE INDEX login_attempts_address ON login_attempts(address, at);

-- The audit log: appended in the same transaction as the write it records.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  user_id INTEGER,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

INSERT INTO org_kinds(code, name, is_provider, ord) VALUES
 ('erb','Employer representative body',0,1),
 ('fe_college','FE college',1,2),
 ('sixth_form_college','Sixth form college',1,3),
 ('designated_institution','Designated institution',1,4),
 ('itp','Independent training provider',1,5),
 ('hei','Higher education institution',1,6),
 ('school','School',1,7),
 ('academy_16_19','16-19 academy',1,8),
 ('la_provider','Local authority provider',1,9),
 ('mca','Mayoral combined authority',0,10),
 ('gla','Greater London Authority',0,11),
 ('lep','Local enterprise partnership',0,12),
 ('local_authority','Local authority',0,13),
 ('sector_body','Sector skills council or sector body',0,14),
 ('employer','Employer',0,15),
 ('vcs','Voluntary and community sector organisation',0,16),
 ('trade_union','Trade union',0,17),
 ('government','Government department or agency',0,18),
 ('careers','Careers (CEIAG) provider',0,19);

INSERT INTO levels(code, ord, name) VALUES
 ('E',0,'Entry level'),('1',1,'Level 1'),('2',2,'Level 2'),('3',3,'Level 3'),
 ('4',4,'Level 4'),('5',5,'Level 5'),('6',6,'Level 6'),('7',7,'Level 7'),('8',8,'Level 8');
