-- 0200_evidence.sql: the evidence engine's store (issue 4). Bulk files are
-- not kept row by row: each import leaves one record in ev_imports and its
-- rows are summarised into grouped counts (area, route, pathway, level,
-- academic year, and the dimensions each measure needs), so that an area's
-- gap table is a GROUP BY over at most a few thousand rows. Employer needs
-- keep a bounded sample of rows per group in the employers' own words.
-- level is 'E','1'..'8', or NULL when the source does not say. year is the
-- first calendar year of an academic year (2023 = 2023/24, 1 Aug to 31 Jul).
-- The SQL of every measure is written out in docs/data-formats.md.

CREATE TABLE ev_imports (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('provision','ees','ilr','needs','vacancies','postcodes')),
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL UNIQUE,          -- the same file is never counted twice
  bytes INTEGER NOT NULL,
  rows_read INTEGER NOT NULL,           -- data rows (or ILR learning deliveries)
  rows_imported INTEGER NOT NULL,
  rows_rejected INTEGER NOT NULL,       -- only with --accept-valid
  rows_unplaced INTEGER NOT NULL,       -- valid rows with no area or no occupational route
  seconds REAL NOT NULL,
  imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  who TEXT NOT NULL,
  user_id INTEGER
);

-- Provision (provision CSV and ILR): starts and achievements.
CREATE TABLE ev_supply (
  import_id INTEGER NOT NULL REFERENCES ev_imports(id),
  area_code TEXT NOT NULL,
  route_code TEXT NOT NULL,
  pathway_code TEXT NOT NULL,
  level TEXT,
  year INTEGER NOT NULL,
  starts INTEGER NOT NULL,
  achievements INTEGER NOT NULL,
  rows INTEGER NOT NULL
);
CREATE INDEX ev_supply_area ON ev_supply(area_code, year);

-- The same by provider, for provider alignment: one row per provider, area
-- and year, its groups packed as a JSON object {"PATHWAY|LEVEL": [starts,
-- achievements]} (level "" when not known) so that a national file leaves
-- tens of thousands of rows here rather than a million.
CREATE TABLE ev_provider_supply (
  import_id INTEGER NOT NULL REFERENCES ev_imports(id),
  ukprn TEXT NOT NULL,
  area_code TEXT NOT NULL,
  year INTEGER NOT NULL,
  starts INTEGER NOT NULL,
  achievements INTEGER NOT NULL,
  groups TEXT NOT NULL
);
CREATE INDEX ev_provider_supply_ukprn ON ev_provider_supply(ukprn, year);

-- Employer needs: people needed, by employer size band; sectors is the set
-- of SIC 2007 sections that named the need (bit i = section A + i).
CREATE TABLE ev_needs (
  import_id INTEGER NOT NULL REFERENCES ev_imports(id),
  area_code TEXT NOT NULL,
  route_code TEXT NOT NULL,
  pathway_code TEXT NOT NULL,
  level TEXT,
  year INTEGER NOT NULL,
  size_band TEXT NOT NULL CHECK (size_band IN ('micro','small','medium','large')),
  people INTEGER NOT NULL,
  hard_to_fill_people INTEGER NOT NULL,
  rows INTEGER NOT NULL,
  sectors INTEGER NOT NULL
);
CREATE INDEX ev_needs_area ON ev_needs(area_code, year);

-- Up to two needs rows per (area, pathway, level, year) and import: the first lines of the file.
CREATE TABLE ev_needs_sample (
  import_id INTEGER NOT NULL REFERENCES ev_imports(id),
  line INTEGER NOT NULL,
  area_code TEXT NOT NULL,
  route_code TEXT NOT NULL,
  pathway_code TEXT NOT NULL,
  level TEXT,
  year INTEGER NOT NULL,
  employer TEXT NOT NULL,
  size_band TEXT NOT NULL,
  sector TEXT NOT NULL,
  people INTEGER NOT NULL,
  hard_to_fill INTEGER NOT NULL,
  skill TEXT NOT NULL
);
CREATE INDEX ev_needs_sample_area ON ev_needs_sample(area_code, pathway_code);

-- Vacancies (one row per advert in the source), counted.
CREATE TABLE ev_vacancies (
  import_id INTEGER NOT NULL REFERENCES ev_imports(id),
  area_code TEXT NOT NULL,
  route_code TEXT NOT NULL,
  pathway_code TEXT NOT NULL,
  level TEXT,
  year INTEGER NOT NULL,
  vacancies INTEGER NOT NULL
);
CREATE INDEX ev_vacancies_area ON ev_vacancies(area_code, year);

-- Explore education statistics "Further education and skills": published
-- totals by area, level, provision type and age. Suppressed cells (low, x,
-- z, c) are counted in *_suppressed and never added as 0 or as a number.
CREATE TABLE ev_ees (
  import_id INTEGER NOT NULL REFERENCES ev_imports(id),
  area_code TEXT NOT NULL,
  level TEXT,
  year INTEGER NOT NULL,
  provision_type TEXT NOT NULL,
  age_summary TEXT NOT NULL,
  starts INTEGER NOT NULL,
  participation INTEGER NOT NULL,
  achievements INTEGER NOT NULL,
  starts_suppressed INTEGER NOT NULL,
  participation_suppressed INTEGER NOT NULL,
  achievements_suppressed INTEGER NOT NULL,
  rows INTEGER NOT NULL
);
CREATE INDEX ev_ees_area ON ev_ees(area_code, year);

-- Postcode lookup (postcode -> local authority district), imported by the user.
CREATE TABLE ev_postcodes (
  postcode TEXT PRIMARY KEY,            -- upper case, one space before the inward code
  lad_code TEXT NOT NULL,
  import_id INTEGER NOT NULL REFERENCES ev_imports(id)
);

-- Neighbouring areas for convergence: areas in the same ONS region
-- (data/evidence/area_regions.csv, loaded on first use).
CREATE TABLE ev_area_regions (
  area_code TEXT PRIMARY KEY,
  region_code TEXT NOT NULL,
  region_name TEXT NOT NULL
);

-- The gap table, kept up to date by every import (the sum over imports of
-- the summaries above, per area, pathway, level and year; level '' when not
-- known), clustered by area so that an area's table is one range scan.
-- docs/data-formats.md gives the SQL over the summaries that it equals.
CREATE TABLE ev_gap (
  area_code TEXT NOT NULL,
  route_code TEXT NOT NULL,
  pathway_code TEXT NOT NULL,
  level TEXT NOT NULL,
  year INTEGER NOT NULL,
  needs INTEGER NOT NULL DEFAULT 0,
  needs_small INTEGER NOT NULL DEFAULT 0,
  hard_to_fill INTEGER NOT NULL DEFAULT 0,
  sectors INTEGER NOT NULL DEFAULT 0,
  vacancies INTEGER NOT NULL DEFAULT 0,
  starts INTEGER NOT NULL DEFAULT 0,
  achievements INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (area_code, pathway_code, level, year)
) WITHOUT ROWID;
CREATE INDEX ev_gap_group ON ev_gap(pathway_code, level, year);

-- Candidate priorities an ERB turned into plan priorities (stage B of the
-- LSIP, lsip_priorities), with the evidence behind each as it stood then.
CREATE TABLE ev_adopted (
  priority_id INTEGER PRIMARY KEY REFERENCES lsip_priorities(id),
  lsip_evidence_id INTEGER REFERENCES lsip_evidence(id),
  area_code TEXT NOT NULL,
  route_code TEXT NOT NULL,
  pathway_code TEXT NOT NULL,
  level TEXT,
  year INTEGER NOT NULL,
  evidence_json TEXT NOT NULL,
  adopted_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  who TEXT NOT NULL
);
CREATE INDEX ev_adopted_area ON ev_adopted(area_code, year);
