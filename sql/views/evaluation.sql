-- What transparency evaluators score beyond the tables: timeliness and completeness. Only
-- present, non-rejected reports (current_reports). The rules are README "Evaluation measures";
-- tests/integration/test_evaluation.py checks them on a multi-year corpus with known answers.
--
-- Deadlines (《政府信息公开条例》; a report for year Y is due in Y+1):
--   Y >= 2019 (the 2019 revision, in force from 2019-05-15, governs every report published from 2020):
--     第四十九条: a county-level-or-above government's own report, published by its 政务公开 office,
--     is due 31 March ('government_report'); a department of a county-level-or-above government
--     publishes its own by 31 January ('department'). The 办公厅/办公室 reporting as itself is a
--     department. A development-zone committee is the government's dispatched body: 31 January
--     ('zone_committee'). Townships and street offices are not named by the article; the provinces'
--     implementing notices have them report to the county with its departments: 31 January
--     ('township_practice' — filter on deadline_rule to leave them out).
--   Y <= 2018 (the 2008 条例, 第三十一条): every body by 31 March ('regulation_2008').
-- A report is 'on_time' when published on or before its deadline, 'late' after it (days_late > 0),
-- 'not_assessable' when no date is printed, the level is unknown, or the printed date falls inside
-- the report year itself (it cannot be the publication of a report on that year).

CREATE OR REPLACE VIEW timeliness AS
WITH rule AS (
    SELECT report_id, source_file, agency, agency_key, agency_level, agency_kind, province, city, county,
           division_code, year, published_on,
           CASE WHEN year IS NULL OR agency_level IS NULL THEN NULL
                WHEN year <= 2018 THEN 'regulation_2008'
                WHEN agency_kind = 'government' AND agency_level IN ('province', 'city', 'county')
                    THEN 'government_report'
                WHEN agency_level IN ('township', 'street_office') THEN 'township_practice'
                WHEN agency_level = 'zone' THEN 'zone_committee'
                ELSE 'department' END AS deadline_rule
    FROM current_reports
), due AS (
    SELECT *,
           CASE WHEN deadline_rule IS NULL THEN NULL
                WHEN deadline_rule IN ('regulation_2008', 'government_report') THEN make_date(year + 1, 3, 31)
                ELSE make_date(year + 1, 1, 31) END AS deadline
    FROM rule
)
SELECT report_id, source_file, agency, agency_key, agency_level, agency_kind, province, city, county,
       division_code, year, published_on, deadline_rule, deadline,
       CASE WHEN deadline IS NULL OR published_on IS NULL OR published_on <= make_date(year, 12, 31)
                THEN 'not_assessable'
            WHEN published_on <= deadline THEN 'on_time'
            ELSE 'late' END AS timeliness,
       CASE WHEN deadline IS NOT NULL AND published_on > make_date(year, 12, 31)
                THEN greatest(date_diff('day', deadline, published_on), 0) END AS days_late,
       CASE WHEN deadline IS NULL AND year IS NULL THEN 'report year not read'
            WHEN deadline IS NULL THEN 'body level unknown'
            WHEN published_on IS NULL THEN 'no publication date printed'
            WHEN published_on <= make_date(year, 12, 31) THEN 'printed date inside the report year'
       END AS note
FROM due;

-- Per region and year: the bodies expected (every body with a report in any year the warehouse
-- holds: a body that reported once is expected every year), how many reported, on time, late,
-- not assessable, and missing. missing_after_first_report counts only years after the body's
-- first report (a body may not have existed before it). A body with two reports in a year
-- counts once, by its earliest publication. Regions as in region_rollups: unresolved bodies form
-- the province '(region unresolved)'.
CREATE OR REPLACE VIEW timeliness_by_region AS
WITH bodies AS (
    SELECT agency_key,
           CASE WHEN bool_or(division_code IS NULL) THEN '(region unresolved)' ELSE any_value(province) END AS province,
           CASE WHEN bool_or(division_code IS NULL) THEN NULL ELSE any_value(city) END AS city,
           min(year) AS first_year
    FROM timeliness
    WHERE agency_key IS NOT NULL AND year IS NOT NULL
    GROUP BY agency_key
), years AS (
    SELECT DISTINCT year FROM timeliness WHERE year IS NOT NULL
), body_year AS (
    SELECT agency_key, year,
           -- the earliest publication decides: on time if any report was
           CASE WHEN bool_or(timeliness = 'on_time') THEN 'on_time'
                WHEN bool_or(timeliness = 'late') THEN 'late'
                ELSE 'not_assessable' END AS timeliness
    FROM timeliness
    WHERE agency_key IS NOT NULL AND year IS NOT NULL
    GROUP BY agency_key, year
), expected AS (
    SELECT b.agency_key, b.province, b.city, y.year, y.year > b.first_year AS after_first,
           coalesce(reported.timeliness, 'missing') AS timeliness
    FROM bodies b
    CROSS JOIN years y
    LEFT JOIN body_year reported ON reported.agency_key = b.agency_key AND reported.year = y.year
)
SELECT CASE grouping(province, city) WHEN 0 THEN 'city' WHEN 1 THEN 'province' ELSE 'nation' END AS rollup,
       year, province, city,
       count(*)                                                            AS bodies_expected,
       count(*) FILTER (WHERE timeliness <> 'missing')                     AS reported,
       count(*) FILTER (WHERE timeliness = 'on_time')                      AS on_time,
       count(*) FILTER (WHERE timeliness = 'late')                         AS late,
       count(*) FILTER (WHERE timeliness = 'not_assessable')               AS not_assessable,
       count(*) FILTER (WHERE timeliness = 'missing')                      AS missing,
       count(*) FILTER (WHERE timeliness = 'missing' AND after_first)      AS missing_after_first_report,
       -- over the reports whose timeliness could be judged
       CASE WHEN count(*) FILTER (WHERE timeliness IN ('on_time', 'late')) > 0
            THEN count(*) FILTER (WHERE timeliness = 'on_time')
                 / count(*) FILTER (WHERE timeliness IN ('on_time', 'late')) END AS on_time_share
FROM expected
GROUP BY GROUPING SETS ((year, province, city), (year, province), (year));

-- Completeness per report: the six sections 一…六 present, the three tables found, and every
-- template row of the report's template printed. score = 100 × the mean of the three shares
-- (sections_present / 6, tables_present / 3, rows_printed / rows_required), so a report missing
-- one whole table loses a third of the table share and all of that table's rows.
--
-- Each report's counts and score are kept between runs in report_completeness_kept: they read
-- only the report's own sections, parse issues and cells, a function of its text (whose hash is
-- its id) and the parser build, so a run scores only the reports it has not scored yet (at 10^6
-- reports the view took 12.8 s scoring 200 M cells). The caller (pipeline/warehouse/store.py)
-- drops the table when `rules`, a fingerprint of this file and the parser build, change, so every
-- report is scored again. The view reads what the id does not fix (path, body, year, current or
-- not) from current_reports at query time.
CREATE TABLE IF NOT EXISTS report_completeness_kept (
    report_id          VARCHAR NOT NULL,
    rules              VARCHAR NOT NULL,  -- the rules and parser build scored under
    sections_present   BIGINT NOT NULL,
    sections_missing   BIGINT NOT NULL,
    tables_present     BIGINT NOT NULL,
    tables_missing     VARCHAR[] NOT NULL,
    rows_required      BIGINT NOT NULL,
    rows_printed       BIGINT NOT NULL,
    rows_missing       VARCHAR[] NOT NULL,
    completeness_score DOUBLE NOT NULL
);

DELETE FROM report_completeness_kept WHERE report_id NOT IN (SELECT report_id FROM current_reports);

CREATE OR REPLACE TEMP TABLE completeness_pending AS
SELECT report_id FROM current_reports
WHERE report_id NOT IN (SELECT report_id FROM report_completeness_kept);

INSERT INTO report_completeness_kept
WITH sections_present AS (
    SELECT report_id, count(DISTINCT section_code) AS sections_present
    FROM sections
    WHERE section_code <> 'preamble' AND report_id IN (SELECT report_id FROM completeness_pending)
    GROUP BY report_id
), issues AS (
    SELECT report_id, code, table_code, row_code
    FROM parse_issues
    WHERE code IN ('table_not_found', 'missing_row') AND report_id IN (SELECT report_id FROM completeness_pending)
), tables_missing AS (
    SELECT report_id, list(DISTINCT table_code ORDER BY table_code) AS tables_missing
    FROM issues
    WHERE code = 'table_not_found'
    GROUP BY report_id
), template_rows AS (
    SELECT report_id, table_code, row_code
    FROM cells
    WHERE report_id IN (SELECT report_id FROM completeness_pending)
    GROUP BY ALL
), rows_missing AS (
    -- the rows of a table not found, and rows the parser reports as not printed
    SELECT t.report_id, count(*) AS rows_missing,
           list(t.table_code || '/' || t.row_code ORDER BY t.table_code, t.row_code) AS rows_missing_list
    FROM template_rows t
    WHERE EXISTS (SELECT 1 FROM issues i
                  WHERE i.report_id = t.report_id AND i.table_code = t.table_code
                    AND (i.code = 'table_not_found' OR (i.code = 'missing_row' AND i.row_code = t.row_code)))
    GROUP BY t.report_id
), rows_required AS (
    SELECT report_id, count(*) AS rows_required FROM template_rows GROUP BY report_id
), joined AS (
    SELECT p.report_id,
           coalesce(s.sections_present, 0)                     AS sections_present,
           6 - coalesce(s.sections_present, 0)                 AS sections_missing,
           3 - coalesce(len(tm.tables_missing), 0)             AS tables_present,
           coalesce(tm.tables_missing, [])                     AS tables_missing,
           coalesce(q.rows_required, 0)                        AS rows_required,
           coalesce(q.rows_required, 0) - coalesce(m.rows_missing, 0) AS rows_printed,
           coalesce(m.rows_missing_list, [])                   AS rows_missing
    FROM completeness_pending p
    LEFT JOIN sections_present s USING (report_id)
    LEFT JOIN tables_missing tm USING (report_id)
    LEFT JOIN rows_missing m USING (report_id)
    LEFT JOIN rows_required q USING (report_id)
)
SELECT report_id, getvariable('kept_rules'), sections_present, sections_missing, tables_present, tables_missing,
       rows_required, rows_printed, rows_missing,
       round(100 * (sections_present / 6 + tables_present / 3
                    + CASE WHEN rows_required > 0 THEN rows_printed / rows_required ELSE 0 END) / 3, 1)
FROM joined;

DROP TABLE completeness_pending;

CREATE OR REPLACE VIEW report_completeness AS
SELECT r.report_id, r.source_file, r.agency, r.agency_key, r.year, r.template_version,
       k.sections_present, k.sections_missing, k.tables_present, k.tables_missing, k.rows_required,
       k.rows_printed, k.rows_missing, k.completeness_score
FROM current_reports r
JOIN report_completeness_kept k USING (report_id);
