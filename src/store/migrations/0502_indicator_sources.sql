-- 0502_indicator_sources.sql: two sources may disagree (issue 13). The One
-- Year On report (../shared/seeds/002_ff544af7dd4315b9.txt) gives 7 million
-- employees under the Skills Pledge in paragraph 49 and "nearly 7.5 million"
-- in its executive summary, for the same date. An indicator holds both,
-- each with its source and its basis: 'body' for the figure where the
-- source reports it in full (a numbered paragraph, a table), 'summary' for a
-- restatement in a summary or headline. The status uses, on each date, the
-- body figure over the summary's (src/core/agree/indicator.c; the rule is
-- in docs/agreements.md), so one basis per indicator and date. Rows are
-- copied across as 'body', which is what every earlier value was.

CREATE TABLE indicator_values_new (
  id INTEGER PRIMARY KEY,
  indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  value REAL NOT NULL,
  on_date TEXT NOT NULL,
  source TEXT NOT NULL,
  basis TEXT NOT NULL DEFAULT 'body' CHECK (basis IN ('body','summary')),
  UNIQUE (indicator_id, on_date, basis)
);
INSERT INTO indicator_values_new(id, indicator_id, value, on_date, source, basis)
  SELECT id, indicator_id, value, on_date, source, 'body' FROM indicator_values;
DROP TABLE indicator_values;
ALTER TABLE indicator_values_new RENAME TO indicator_values;
