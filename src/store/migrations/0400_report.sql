-- 0400_report.sql: what the LSIP report needs beyond the plan's records
-- (0100_lsip.sql): the text the employer representative body writes for
-- each part of the report (../shared/seeds/004_34ac84fe2e6428e6.txt section
-- 6, Table 1), kept per plan version so older versions stay readable, and
-- the dates and participants of stages A, B and C (section 5.2) that the
-- annex reports (6.4). The report itself is rendered from these and the plan
-- records on demand; nothing is typed twice.

-- part: 'part1' (6.1), 'part2' (6.2), 'part3' (6.3), 'annex' (6.4), and
-- 'delivery': Part 3's managing delivery, review and benefits (6.3, fn 19).
CREATE TABLE report_part_texts (
  plan_id INTEGER NOT NULL REFERENCES lsip_plans(id),
  part TEXT NOT NULL CHECK (part IN ('part1','part2','part3','annex','delivery')),
  body TEXT NOT NULL,
  updated_on TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (plan_id, part)
);

CREATE TABLE report_stages (
  plan_id INTEGER NOT NULL REFERENCES lsip_plans(id),
  stage TEXT NOT NULL CHECK (stage IN ('A','B','C')),
  started_on TEXT,
  completed_on TEXT,
  participants TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '',
  CHECK (completed_on IS NULL OR started_on IS NULL OR completed_on >= started_on),
  PRIMARY KEY (plan_id, stage)
);
