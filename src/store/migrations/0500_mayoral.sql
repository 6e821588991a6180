-- 0500_mayoral.sql: mayoral cover as dated records (issue 13). Section 3.5
-- of the statutory guidance (../shared/seeds/004_34ac84fe2e6428e6.txt) puts
-- a duty on the Secretary of State where an LSIP area covers any part of a
-- mayoral combined authority or the Greater London Authority on the date
-- the plan is submitted. Which districts each combined authority holds, and
-- when each first had a directly elected mayor, are loaded from
-- data/ons/lad24_cauth24_lookup.csv, lad25_cauth25_lookup.csv,
-- mayoral_authorities.csv and data/combined_authority_districts.csv (see
-- data/SOURCES.md). An area's cover on a day is derived from the districts
-- it holds that day (src/core/reference_cover.c), so the constant flag
-- area_attributes.mayoral, which changed only at the 2025 redraw, goes.

-- Combined authorities, combined county authorities and the GLA.
CREATE TABLE combined_authorities (
  code TEXT PRIMARY KEY,            -- ONS CAUTH code (E47...), E61000001 for the GLA
  name TEXT NOT NULL,
  first_mayor_elected TEXT,         -- the first directly elected mayor's polling day; NULL: none
  note TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL
);

-- Which districts belong to which authority, dated: a row holds on day d
-- when valid_from <= d < valid_to (a NULL bound is open).
CREATE TABLE combined_authority_lads (
  id INTEGER PRIMARY KEY,
  ca_code TEXT NOT NULL REFERENCES combined_authorities(code),
  lad_code TEXT NOT NULL,
  valid_from TEXT,
  valid_to TEXT,
  source TEXT NOT NULL,
  UNIQUE (ca_code, lad_code, valid_from)
);
CREATE INDEX combined_authority_lads_lad ON combined_authority_lads(lad_code);

ALTER TABLE area_attributes DROP COLUMN mayoral;
