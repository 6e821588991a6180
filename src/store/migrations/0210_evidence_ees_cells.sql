-- 0210_evidence_ees_cells.sql: explore-education-statistics figures as
-- published (issue 12), whatever the publication: one row per figure (a
-- data row's indicator), with the district or LSIP code of the row's year
-- (placed in the areas of any date when read, through the ONS successions),
-- the row's filter values as a JSON object in the file's column order, and
-- either the number or the suppression symbol (c, low, x, z, u, ~, :, !, *,
-- -), never a 0 for a figure not shown. total is 1 when a filter that
-- breaks the figures down (its values include Total and others) says
-- Total: the totals kept apart from the detail. ssa_code is the LARS sector
-- subject area code of a filter naming one. Imports may be withdrawn (DfE):
-- the record stays, its rows leave every summary. A refused upload's
-- rejected rows are kept for its uploader to download (ev_rejections).

CREATE TABLE ev_ees_cells (
  import_id INTEGER NOT NULL REFERENCES ev_imports(id),
  line INTEGER NOT NULL,
  geo TEXT NOT NULL CHECK (geo IN ('lad','lsip')),
  code TEXT NOT NULL,
  period TEXT NOT NULL,
  time_identifier TEXT NOT NULL,
  filters TEXT NOT NULL,
  total INTEGER NOT NULL CHECK (total IN (0,1)),
  ssa_code TEXT,
  indicator TEXT NOT NULL,
  value REAL,
  symbol TEXT,
  CHECK ((value IS NULL) <> (symbol IS NULL))
);
CREATE INDEX ev_ees_cells_import ON ev_ees_cells(import_id, geo);

ALTER TABLE ev_imports ADD COLUMN withdrawn_at TEXT;
ALTER TABLE ev_imports ADD COLUMN withdrawn_by TEXT;

-- The rejected rows of a refused upload, kept for the uploader to download
-- as CSV (file,line,field,message) from the result page; token is random.
CREATE TABLE ev_rejections (
  token TEXT PRIMARY KEY,
  user_id INTEGER,
  file_name TEXT NOT NULL,
  csv TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
