-- Cross-year checks (soft, severity warning).
-- X1: carried_in(year t) = carried_forward(year t-1), per column, same body.
-- X2: 2021 template, in_force(t) = in_force(t-1) + issued(t) - repealed(t), per row, same body.
-- X3: a table printed with every cell the same as the year before (same body, same template, at
--     least three cells not 0: one case printed with its total is two cells and repeats by
--     chance) fails: numbers copied from last year's report (README "Evaluation measures").
-- The body is the canonical agency_key (stable across title variants; for an unresolved region it
-- is the printed name); a body with two reports in one year is left out rather than guessed.
--
-- Incremental: a pair's results depend only on its two reports' cells, which a report id fixes
-- (the id hashes the text; a new parser build parses every file again, and apply_run.sql forgets
-- the pairs of every report it replaces). So the results of a pair checked before stand, and only
-- new pairs are checked: a one-file run does not re-read the warehouse's cells.

CREATE OR REPLACE TEMP TABLE body_years AS
SELECT report_id, agency_key AS body_key, year
FROM reports
WHERE is_present AND status <> 'rejected' AND agency_key IS NOT NULL AND year IS NOT NULL
QUALIFY count(*) OVER (PARTITION BY agency_key, year) = 1;

-- consecutive-year pairs of the same body
CREATE OR REPLACE TEMP TABLE all_year_pairs AS
SELECT cur.report_id AS report_id, prev.report_id AS prev_report_id
FROM body_years cur
JOIN body_years prev ON prev.body_key = cur.body_key AND prev.year = cur.year - 1;

-- pairs checked by an earlier run that are still pairs: their results stand (a report has at
-- most one previous-year pair, so its X rows are its pair's)
CREATE OR REPLACE TEMP TABLE standing_pairs AS
SELECT p.report_id, p.prev_report_id
FROM all_year_pairs p
JOIN cross_year_pairs c ON c.report_id = p.report_id AND c.prev_report_id = p.prev_report_id;

DELETE FROM check_results
WHERE (check_code LIKE 'X1.%' OR check_code LIKE 'X2.%' OR check_code LIKE 'X3.%')
  AND report_id NOT IN (SELECT report_id FROM standing_pairs);

-- the pairs this run checks
CREATE OR REPLACE TEMP TABLE year_pairs AS
SELECT report_id, prev_report_id FROM all_year_pairs
WHERE report_id NOT IN (SELECT report_id FROM standing_pairs);

CREATE OR REPLACE TEMP TABLE carry_cells AS
SELECT report_id, row_code, column_code, value, value_kind IN ('missing', 'text') AS unread
FROM cells
WHERE table_code = 'applications' AND row_code IN ('carried_in', 'carried_forward')
  AND report_id IN (SELECT report_id FROM year_pairs UNION SELECT prev_report_id FROM year_pairs);

-- Joined in two materialised steps: left to the optimiser, the two carry_cells sides were once
-- joined on column_code alone first (a near cross product at 10^5 reports).
CREATE OR REPLACE TEMP TABLE carried_in_pairs AS
SELECT p.report_id, p.prev_report_id, ci.column_code, ci.value, ci.unread
FROM year_pairs p
JOIN carry_cells ci ON ci.report_id = p.report_id AND ci.row_code = 'carried_in';

INSERT INTO check_results
SELECT ci.report_id,
       'X1.' || ci.column_code, 'applications', 'carried_in', ci.column_code,
       CASE WHEN ci.unread OR cf.unread THEN 'not_assessable'
            WHEN abs(coalesce(ci.value, 0) - coalesce(cf.value, 0)) <= 1e-6 THEN 'pass' ELSE 'fail' END,
       'warning', ci.value, cf.value, coalesce(ci.value, 0) - coalesce(cf.value, 0),
       'carried_in/' || ci.column_code || ', ' || ci.prev_report_id || ':carried_forward/' || cf.column_code,
       'previous year report ' || ci.prev_report_id
FROM carried_in_pairs ci
JOIN carry_cells cf ON cf.report_id = ci.prev_report_id AND cf.row_code = 'carried_forward' AND cf.column_code = ci.column_code;

CREATE OR REPLACE TEMP TABLE in_force AS
SELECT report_id, row_code,
       max(value) FILTER (WHERE column_code = 'issued')   AS issued,
       max(value) FILTER (WHERE column_code = 'repealed') AS repealed,
       max(value) FILTER (WHERE column_code = 'in_force') AS in_force,
       bool_or(value_kind IN ('missing', 'text'))         AS unread
FROM cells
WHERE table_code = 'active_disclosure' AND row_code IN ('regulations', 'normative_documents')
  AND column_code IN ('issued', 'repealed', 'in_force')
  AND report_id IN (SELECT report_id FROM year_pairs UNION SELECT prev_report_id FROM year_pairs)
GROUP BY report_id, row_code
HAVING count(*) = 3;

CREATE OR REPLACE TEMP TABLE in_force_pairs AS
SELECT p.report_id, p.prev_report_id, a.row_code, a.issued, a.repealed, a.in_force, a.unread
FROM year_pairs p
JOIN in_force a ON a.report_id = p.report_id;

INSERT INTO check_results
SELECT a.report_id, 'X2.' || a.row_code, 'active_disclosure', a.row_code, 'in_force',
       CASE WHEN a.unread OR b.unread THEN 'not_assessable'
            WHEN abs(coalesce(a.in_force, 0) - (coalesce(b.in_force, 0) + coalesce(a.issued, 0) - coalesce(a.repealed, 0))) <= 1e-6
            THEN 'pass' ELSE 'fail' END,
       'warning', a.in_force, coalesce(b.in_force, 0) + coalesce(a.issued, 0) - coalesce(a.repealed, 0),
       coalesce(a.in_force, 0) - (coalesce(b.in_force, 0) + coalesce(a.issued, 0) - coalesce(a.repealed, 0)),
       a.row_code || '/in_force, ' || a.row_code || '/issued, ' || a.row_code || '/repealed, ' || a.prev_report_id || ':' || a.row_code || '/in_force',
       'previous year report ' || a.prev_report_id
FROM in_force_pairs a
JOIN in_force b ON b.report_id = a.prev_report_id AND b.row_code = a.row_code;

-- X3: one fingerprint per report and table over its cells (codes and values), compared with the
-- previous year's; an unread cell on either side makes the pair not assessable. Each cell is
-- hashed as one string: DuckDB's hash(a, b, c) XORs the hash of its last argument in, so a
-- bit_xor of hash(row_code, column_code, value) cancelled the values out — every table whose
-- numbers each appeared an even number of times (a 总计 equal to its one applicant column) had
-- the fingerprint of the table with the same cells and all values 0, "copied" from any such year.
CREATE OR REPLACE TEMP TABLE table_prints AS
SELECT report_id, table_code, count(*) AS cells,
       bit_xor(hash(concat_ws('/', row_code, column_code, coalesce(value, 0)))) AS fingerprint,
       bool_or(value_kind IN ('missing', 'text')) AS unread,
       count(*) FILTER (WHERE value <> 0) AS nonzero
FROM cells
WHERE report_id IN (SELECT report_id FROM year_pairs UNION SELECT prev_report_id FROM year_pairs)
GROUP BY report_id, table_code;

-- (in two materialised steps, as for X1: left to the optimiser, the two sides were joined on
-- table_code alone first — three values, a near cross product: 5 minutes at 10^5 reports)
CREATE OR REPLACE TEMP TABLE table_pairs AS
SELECT p.prev_report_id, a.*
FROM year_pairs p
JOIN table_prints a ON a.report_id = p.report_id;

INSERT INTO check_results
SELECT a.report_id, 'X3.' || a.table_code, a.table_code, NULL, NULL,
       CASE WHEN a.unread OR b.unread THEN 'not_assessable'
            WHEN a.fingerprint = b.fingerprint AND a.cells = b.cells AND a.nonzero >= 3 THEN 'fail'
            ELSE 'pass' END,
       'warning', a.nonzero, b.nonzero, NULL,
       a.table_code || ' (every cell), ' || a.prev_report_id || ':' || a.table_code,
       'compared with the previous year report ' || a.prev_report_id
FROM table_pairs a
JOIN table_prints b ON b.report_id = a.prev_report_id AND b.table_code = a.table_code;

DELETE FROM cross_year_pairs;
INSERT INTO cross_year_pairs SELECT report_id, prev_report_id FROM all_year_pairs;

-- the scratch tables let go (held in memory until the connection closes otherwise)
DROP TABLE body_years;
DROP TABLE all_year_pairs;
DROP TABLE standing_pairs;
DROP TABLE year_pairs;
DROP TABLE carry_cells;
DROP TABLE carried_in_pairs;
DROP TABLE in_force;
DROP TABLE in_force_pairs;
DROP TABLE table_prints;
DROP TABLE table_pairs;
