-- Employer needs: one row per group and import with the four size bands as
-- columns, instead of one row per band (a quarter of the rows to write and
-- read; an import of 2 million needs rows wrote 245,000 band rows). sectors
-- is the set of SIC 2007 sections that named the need in any band (bit i =
-- section A + i). Rows already stored are folded into the new shape.
CREATE TABLE ev_needs_bands (
  import_id INTEGER NOT NULL REFERENCES ev_imports(id),
  area_code TEXT NOT NULL,
  route_code TEXT NOT NULL,
  pathway_code TEXT NOT NULL,
  level TEXT,
  year INTEGER NOT NULL,
  sectors INTEGER NOT NULL,
  micro_people INTEGER NOT NULL DEFAULT 0,
  micro_hard INTEGER NOT NULL DEFAULT 0,
  micro_rows INTEGER NOT NULL DEFAULT 0,
  small_people INTEGER NOT NULL DEFAULT 0,
  small_hard INTEGER NOT NULL DEFAULT 0,
  small_rows INTEGER NOT NULL DEFAULT 0,
  medium_people INTEGER NOT NULL DEFAULT 0,
  medium_hard INTEGER NOT NULL DEFAULT 0,
  medium_rows INTEGER NOT NULL DEFAULT 0,
  large_people INTEGER NOT NULL DEFAULT 0,
  large_hard INTEGER NOT NULL DEFAULT 0,
  large_rows INTEGER NOT NULL DEFAULT 0
);
INSERT INTO ev_needs_bands
SELECT import_id, area_code, route_code, pathway_code, level, year,
       MAX(CASE size_band WHEN 'micro' THEN sectors ELSE 0 END)
         | MAX(CASE size_band WHEN 'small' THEN sectors ELSE 0 END)
         | MAX(CASE size_band WHEN 'medium' THEN sectors ELSE 0 END)
         | MAX(CASE size_band WHEN 'large' THEN sectors ELSE 0 END),
       SUM(CASE size_band WHEN 'micro' THEN people ELSE 0 END),
       SUM(CASE size_band WHEN 'micro' THEN hard_to_fill_people ELSE 0 END),
       SUM(CASE size_band WHEN 'micro' THEN rows ELSE 0 END),
       SUM(CASE size_band WHEN 'small' THEN people ELSE 0 END),
       SUM(CASE size_band WHEN 'small' THEN hard_to_fill_people ELSE 0 END),
       SUM(CASE size_band WHEN 'small' THEN rows ELSE 0 END),
       SUM(CASE size_band WHEN 'medium' THEN people ELSE 0 END),
       SUM(CASE size_band WHEN 'medium' THEN hard_to_fill_people ELSE 0 END),
       SUM(CASE size_band WHEN 'medium' THEN rows ELSE 0 END),
       SUM(CASE size_band WHEN 'large' THEN people ELSE 0 END),
       SUM(CASE size_band WHEN 'large' THEN hard_to_fill_people ELSE 0 END),
       SUM(CASE size_band WHEN 'large' THEN rows ELSE 0 END)
FROM ev_needs
GROUP BY import_id, area_code, route_code, pathway_code, level, year;
DROP TABLE ev_needs;
ALTER TABLE ev_needs_bands RENAME TO ev_needs;
CREATE INDEX ev_needs_area ON ev_needs(area_code, year);
