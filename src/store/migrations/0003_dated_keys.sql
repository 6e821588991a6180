-- 0003_dated_keys.sql: keys for the dated reference tables that PostgreSQL
-- accepts. Migration 0001 keyed area_names, area_attributes and area_lads on
-- (..., valid_from), but valid_from is NULL for rows that hold "since the
-- areas were first specified" (data/SOURCES.md), and PostgreSQL refuses NULL
-- in a primary key. Each table gets a surrogate id and a UNIQUE constraint
-- on the old key instead (UNIQUE admits NULLs in both engines; the
-- reference loader checks that dated rows neither gap nor overlap). Rows
-- are copied across, so a database need not be re-initialised.

CREATE TABLE area_names_new (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL REFERENCES areas(code),
  name TEXT NOT NULL,
  valid_from TEXT,
  valid_to TEXT,
  UNIQUE (code, valid_from)
);
INSERT INTO area_names_new(code, name, valid_from, valid_to)
  SELECT code, name, valid_from, valid_to FROM area_names;
DROP TABLE area_names;
ALTER TABLE area_names_new RENAME TO area_names;

CREATE TABLE area_attributes_new (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL REFERENCES areas(code),
  valid_from TEXT,
  valid_to TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('combined_authority','gla','gla_subregion','lep')),
  mayoral INTEGER NOT NULL CHECK (mayoral IN (0,1)),
  functional_economic_area TEXT,
  source TEXT NOT NULL,
  UNIQUE (code, valid_from)
);
INSERT INTO area_attributes_new(code, valid_from, valid_to, kind, mayoral,
                                functional_economic_area, source)
  SELECT code, valid_from, valid_to, kind, mayoral, functional_economic_area, source
  FROM area_attributes;
DROP TABLE area_attributes;
ALTER TABLE area_attributes_new RENAME TO area_attributes;

CREATE TABLE area_lads_new (
  id INTEGER PRIMARY KEY,
  area_code TEXT NOT NULL REFERENCES areas(code),
  lad_code TEXT NOT NULL REFERENCES lads(code),
  valid_from TEXT,
  valid_to TEXT,
  UNIQUE (area_code, lad_code, valid_from)
);
INSERT INTO area_lads_new(area_code, lad_code, valid_from, valid_to)
  SELECT area_code, lad_code, valid_from, valid_to FROM area_lads;
DROP TABLE area_lads;
ALTER TABLE area_lads_new RENAME TO area_lads;
CREATE INDEX area_lads_lad ON area_lads(lad_code);
CREATE INDEX area_lads_area ON area_lads(area_code);
