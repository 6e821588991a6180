-- 0501_employer_sector.sql: a compact's flexibilities belong to its sector
-- (issue 13; ../shared/seeds/000_7a3ba3d30b329542.txt Q6: "Access to these
-- flexibilities for all employers within a sector, regardless of size").
-- The eligibility rules find the learner's sector from the employer: the
-- sector compact it is a covered employer of, or else the sector recorded
-- for it here (src/core/agree/eligible.c).

CREATE TABLE employer_sectors (
  org_id INTEGER PRIMARY KEY REFERENCES orgs(id),
  sector TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT ''
);

-- The rule joins the table between central government and the second Level
-- 3; the order numbers make room for it (ord stays unique at every step).
UPDATE eligibility_rules SET ord = ord * 10;
INSERT INTO eligibility_rules(code, ord, title, source) VALUES
 ('compact_sector', 35,
  'A compact''s flexibilities belong to its sector: only a sector compact of the learner''s sector (the employer''s: the compact it is a covered employer of, or its recorded sector) makes an aim fundable',
  '000_7a3ba3d30b329542.txt Q6 (flexibilities "for all employers within a sector")');
