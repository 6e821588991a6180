-- gaps_core.sql: the gap table of every area, from the raw benchmark files,
-- as the peers compute it. The engine prepends the inputs as tables (SQLite:
-- .import; DuckDB: read_csv with every column as text) named provision,
-- needs, vacancies, lad_area, ssa_route, standard_route and soc_route, then
-- "WITH" or ", ". Measures as docs/data-formats.md defines them.
p AS (
  SELECT la.area_code AS area_code,
         CASE WHEN COALESCE(p.standard_code, '') <> '' THEN sr.route_code ELSE ss.route_code END
           AS route_code,
         CASE WHEN COALESCE(p.standard_code, '') <> '' THEN sr.pathway_code ELSE ss.pathway_code END
           AS pathway_code,
         p.level AS level,
         CAST(substr(p.academic_year, 1, 4) AS INTEGER) AS year,
         CAST(p.starts AS INTEGER) AS starts,
         CAST(p.achievements AS INTEGER) AS achievements
  FROM provision p
  JOIN lad_area la ON la.lad_code = p.lad_code
  LEFT JOIN standard_route sr ON sr.standard_code = p.standard_code
  LEFT JOIN ssa_route ss ON ss.ssa_tier2 = p.ssa_tier2),
n AS (
  SELECT CASE WHEN n.area_code LIKE 'E69%' THEN n.area_code ELSE la.area_code END AS area_code,
         n.route_code AS route_code, n.pathway_code AS pathway_code,
         COALESCE(n.level, '') AS level,
         CAST(substr(n.survey_date, 1, 4) AS INTEGER)
           - CASE WHEN CAST(substr(n.survey_date, 6, 2) AS INTEGER) >= 8 THEN 0 ELSE 1 END AS year,
         CAST(n.people AS INTEGER) AS people,
         n.size_band AS size_band
  FROM needs n LEFT JOIN lad_area la ON la.lad_code = n.area_code),
v AS (
  SELECT CASE WHEN v.area_code LIKE 'E69%' THEN v.area_code ELSE la.area_code END AS area_code,
         s.route_code AS route_code, s.pathway_code AS pathway_code,
         COALESCE(v.level, '') AS level,
         CAST(substr(v.posted_date, 1, 4) AS INTEGER)
           - CASE WHEN CAST(substr(v.posted_date, 6, 2) AS INTEGER) >= 8 THEN 0 ELSE 1 END AS year
  FROM vacancies v
  LEFT JOIN lad_area la ON la.lad_code = v.area_code
  JOIN soc_route s ON s.soc_code = v.soc_code),
d AS (
  SELECT area_code, route_code, pathway_code, level, year, people AS needs,
         CASE WHEN size_band IN ('micro', 'small') THEN people ELSE 0 END AS needs_small,
         0 AS vacancies, 0 AS starts, 0 AS achievements
  FROM n
  UNION ALL
  SELECT area_code, route_code, pathway_code, level, year, 0, 0, 1, 0, 0
  FROM v WHERE COALESCE(pathway_code, '') <> ''
  UNION ALL
  SELECT area_code, route_code, pathway_code, level, year, 0, 0, 0, starts, achievements
  FROM p WHERE COALESCE(pathway_code, '') <> '')
SELECT area_code, route_code, pathway_code, NULLIF(level, ''), year,
       SUM(needs), SUM(needs_small), SUM(vacancies), SUM(starts), SUM(achievements),
       SUM(needs) + SUM(vacancies) - SUM(achievements)
FROM d
GROUP BY area_code, route_code, pathway_code, level, year
