-- Comparison layer: harmonised metrics per report, per body and year, year-over-year changes,
-- peer ranks and rollups. Only present, non-rejected reports (current_reports). The rules, which
-- README "Comparison layer" documents and tests/unit/test_comparison_rules.py recomputes in
-- plain Python on random warehouses:
--
-- Reading a cell: a number is its value; a printed blank or placeholder is 0; an unread cell
-- (missing/text) is unknown. A 总计 (total column) printed blank is the sum of its parts when
-- every part is known (derived when that sum is not 0), else unknown. A results_total (（七）总计)
-- total that is unknown is the sum of the leaf rows' totals when every one is known (derived).
-- A metric is unknown (NULL) when any cell it needs is; `derived` lists the metrics that used a
-- derived cell. Printed cells stay as printed in `cells`.
--
-- Consistency: outcomes_consistent = every outcome row and results_total known, and the outcome
-- rows add up to results_total; review_consistent / litigation_consistent = the groups' parts add
-- up to their totals. Shares and rates exist only where the numbers they divide are consistent,
-- and every aggregate share is computed over the same reports in numerator and denominator
-- (`*_reports` says how many), so no share can exceed 100 % or mix populations.
--
-- substantive_disclosure_rate (实质公开率) = (granted + partially_granted) / (granted +
-- partially_granted + withheld + unavailable): of the requests decided on their substance, the
-- share answered with the information. 不予处理 (declined) and 其他处理 (other_handling: the
-- applicant did not amend or pay, withdrew…) are left out of the denominator: no decision on the
-- information was made.
--
-- Harmonisation across template versions: other_handling = 2019 （六）其他处理 = 2021
-- other_no_correction + other_fee_unpaid + other_other; fee revenue (万元) only from the 2021
-- template (2019 fee columns count fee *items*: fee_items_2019, never money); regulations and
-- normative documents issued / in force from the 2021 columns only.

CREATE OR REPLACE MACRO known(x) AS CASE WHEN isnan(x) THEN NULL ELSE x END;
CREATE OR REPLACE MACRO share(part, whole) AS CASE WHEN whole > 0 THEN part / whole END;

-- What a report's own cells give is kept between runs in report_cell_metrics: a report's cells
-- are a function of its text (whose hash is its id) and the parser build, so a run computes the
-- metrics only of the reports it has not seen (a one-file run does not re-read 20 M cells). The
-- caller (pipeline/warehouse/store.py) drops the table when metric_rules — a fingerprint of this
-- file and the parser build — changes, so every report is computed again by the new rules.
CREATE TABLE IF NOT EXISTS report_cell_metrics (
    report_id                    VARCHAR NOT NULL,
    metric_rules                 VARCHAR NOT NULL,  -- the rules and parser build computed with
    applications_received        DOUBLE,
    carried_in                   DOUBLE,
    granted                      DOUBLE,
    partially_granted            DOUBLE,
    withheld                     DOUBLE,
    withheld_process_info        DOUBLE,
    unavailable                  DOUBLE,
    declined                     DOUBLE,
    other_handling               DOUBLE,
    results_total                DOUBLE,
    carried_forward              DOUBLE,
    outcomes_consistent          BOOLEAN,
    granted_share                DOUBLE,
    partially_granted_share      DOUBLE,
    withheld_share               DOUBLE,
    unavailable_share            DOUBLE,
    declined_share               DOUBLE,
    substantive_disclosure_rate  DOUBLE,
    review_total                 DOUBLE,
    review_corrected             DOUBLE,
    review_consistent            BOOLEAN,
    review_correction_rate       DOUBLE,
    litigation_total             DOUBLE,
    litigation_corrected         DOUBLE,
    litigation_consistent        BOOLEAN,
    litigation_correction_rate   DOUBLE,
    regulations_issued           DOUBLE,
    regulations_in_force         DOUBLE,
    normative_documents_issued   DOUBLE,
    normative_documents_in_force DOUBLE,
    licensing_decisions          DOUBLE,
    penalty_decisions            DOUBLE,
    coercion_decisions           DOUBLE,
    fee_revenue_10k_yuan         DOUBLE,
    fee_items_2019               DOUBLE,
    derived                      VARCHAR[]
);

DELETE FROM report_cell_metrics WHERE report_id NOT IN (SELECT report_id FROM current_reports);

CREATE OR REPLACE TEMP TABLE metrics_pending AS
SELECT report_id FROM current_reports
WHERE report_id NOT IN (SELECT report_id FROM report_cell_metrics);

-- What metrics read, per report and row, in one pass over the cells: the total column as
-- printed (NaN = unknown), whether it was printed blank, the sum of its parts (applicant columns
-- of 三, outcome columns of 四), and the columns other metrics use.
DROP VIEW IF EXISTS metric_cells;  -- (the per-cell view earlier code kept: replaced by this table)
CREATE OR REPLACE TEMP TABLE metric_rows AS
WITH read AS (
    SELECT report_id, table_code, row_code, column_code,
           CASE WHEN value_kind IN ('missing', 'text') THEN 'NaN'::DOUBLE
                WHEN value_kind IN ('blank', 'placeholder') THEN 0.0
                ELSE value END AS v,
           value_kind IN ('blank', 'placeholder') AS printed_blank
    FROM cells
    WHERE report_id IN (SELECT report_id FROM metrics_pending)
)
SELECT report_id, table_code, row_code,
       sum(v) FILTER (WHERE column_code = 'total')                                        AS printed_total,
       coalesce(bool_or(printed_blank) FILTER (WHERE column_code = 'total'), false)       AS blank_total,
       sum(v) FILTER (WHERE (table_code = 'applications' AND column_code NOT IN ('total', 'org_subtotal'))
                         OR (table_code = 'review_litigation' AND column_code <> 'total')) AS parts,
       sum(v) FILTER (WHERE column_code = 'corrected')                                    AS corrected,
       sum(v) FILTER (WHERE column_code = 'issued')                                       AS issued,
       sum(v) FILTER (WHERE column_code = 'in_force')                                     AS in_force,
       sum(v) FILTER (WHERE column_code = 'decisions')                                    AS decisions,
       sum(v) FILTER (WHERE column_code = 'amount_10k_yuan')                              AS amount_10k_yuan,
       sum(v) FILTER (WHERE column_code IN ('items_prior_year', 'items_change'))          AS fee_items
FROM read
GROUP BY ALL;

-- Each row's total as metrics read it: a blank 总计 is the sum of its parts (derived when that
-- sum is known and not 0); an unknown （七）总计 is the sum of the leaf rows' totals (derived
-- when known).
CREATE OR REPLACE TEMP TABLE metric_totals AS
WITH totals AS (
    SELECT *,
           CASE WHEN blank_total THEN parts ELSE printed_total END                         AS total,
           blank_total AND coalesce(parts <> 0 AND NOT isnan(parts), false)               AS derived
    FROM metric_rows
), leaves AS (
    SELECT report_id, sum(total) AS leaves
    FROM totals
    WHERE table_code = 'applications'
      AND row_code NOT IN ('new_received', 'carried_in', 'results_total', 'carried_forward')
    GROUP BY report_id
)
SELECT t.* REPLACE (
           CASE WHEN t.row_code = 'results_total' AND isnan(t.total) THEN l.leaves ELSE t.total END AS total,
           t.derived OR (t.row_code = 'results_total' AND isnan(t.total) AND NOT isnan(l.leaves)) AS derived)
FROM totals t
LEFT JOIN leaves l ON l.report_id = t.report_id AND t.table_code = 'applications';

INSERT INTO report_cell_metrics
WITH ap AS (
    SELECT report_id,
           sum(total) FILTER (WHERE row_code = 'new_received')                               AS applications_received,
           sum(total) FILTER (WHERE row_code = 'carried_in')                                 AS carried_in,
           sum(total) FILTER (WHERE row_code = 'granted')                                    AS granted,
           sum(total) FILTER (WHERE row_code = 'partially_granted')                          AS partially_granted,
           sum(total) FILTER (WHERE row_code LIKE 'withheld\_%' ESCAPE '\')                  AS withheld,
           sum(total) FILTER (WHERE row_code = 'withheld_process_info')                      AS withheld_process_info,
           sum(total) FILTER (WHERE row_code LIKE 'unavailable\_%' ESCAPE '\')               AS unavailable,
           sum(total) FILTER (WHERE row_code LIKE 'declined\_%' ESCAPE '\')                  AS declined,
           sum(total) FILTER (WHERE row_code IN ('other_handling', 'other_no_correction', 'other_fee_unpaid',
                                                 'other_other'))                             AS other_handling,
           sum(total) FILTER (WHERE row_code = 'results_total')                              AS results_total,
           sum(total) FILTER (WHERE row_code = 'carried_forward')                            AS carried_forward,
           sum(total) FILTER (WHERE row_code NOT IN ('new_received', 'carried_in', 'results_total',
                                                     'carried_forward'))                     AS outcomes,
           [CASE WHEN bool_or(derived) FILTER (WHERE row_code = 'new_received') THEN 'applications_received' END,
            CASE WHEN bool_or(derived) FILTER (WHERE row_code = 'carried_in') THEN 'carried_in' END,
            CASE WHEN bool_or(derived) FILTER (WHERE row_code = 'granted') THEN 'granted' END,
            CASE WHEN bool_or(derived) FILTER (WHERE row_code = 'partially_granted') THEN 'partially_granted' END,
            CASE WHEN bool_or(derived) FILTER (WHERE row_code LIKE 'withheld\_%' ESCAPE '\') THEN 'withheld' END,
            CASE WHEN bool_or(derived) FILTER (WHERE row_code LIKE 'unavailable\_%' ESCAPE '\') THEN 'unavailable' END,
            CASE WHEN bool_or(derived) FILTER (WHERE row_code LIKE 'declined\_%' ESCAPE '\') THEN 'declined' END,
            CASE WHEN bool_or(derived) FILTER (WHERE row_code LIKE 'other\_%' ESCAPE '\') THEN 'other_handling' END,
            CASE WHEN bool_or(derived) FILTER (WHERE row_code = 'results_total') THEN 'results_total' END,
            CASE WHEN bool_or(derived) FILTER (WHERE row_code = 'carried_forward') THEN 'carried_forward' END]
               AS derived_applications
    FROM metric_totals
    WHERE table_code = 'applications'
    GROUP BY report_id
), rl AS (
    SELECT report_id,
           sum(total) FILTER (WHERE row_code = 'review')                                      AS review_total,
           sum(corrected) FILTER (WHERE row_code = 'review')                                  AS review_corrected,
           sum(parts) FILTER (WHERE row_code = 'review')                                      AS review_parts,
           sum(total) FILTER (WHERE row_code <> 'review')                                     AS litigation_total,
           sum(corrected) FILTER (WHERE row_code <> 'review')                                 AS litigation_corrected,
           -- each litigation group's own parts against its own total: 0 when both add up
           sum(abs(parts - total)) FILTER (WHERE row_code IN ('litigation_direct', 'litigation_after_review'))
                                                                                               AS litigation_gap,
           count(abs(parts - total)) FILTER (WHERE row_code IN ('litigation_direct', 'litigation_after_review'))
                                                                                               AS litigation_rows,
           [CASE WHEN bool_or(derived) FILTER (WHERE row_code = 'review') THEN 'review_total' END,
            CASE WHEN bool_or(derived) FILTER (WHERE row_code <> 'review') THEN 'litigation_total' END] AS derived_review
    FROM metric_totals
    WHERE table_code = 'review_litigation'
    GROUP BY report_id
), ad AS (
    SELECT report_id,
           sum(issued) FILTER (WHERE row_code = 'regulations')                                AS regulations_issued,
           sum(in_force) FILTER (WHERE row_code = 'regulations')                              AS regulations_in_force,
           sum(issued) FILTER (WHERE row_code = 'normative_documents')                        AS normative_documents_issued,
           sum(in_force) FILTER (WHERE row_code = 'normative_documents')                      AS normative_documents_in_force,
           sum(decisions) FILTER (WHERE row_code = 'licensing')                               AS licensing_decisions,
           sum(decisions) FILTER (WHERE row_code = 'penalty')                                 AS penalty_decisions,
           sum(decisions) FILTER (WHERE row_code = 'coercion')                                AS coercion_decisions,
           sum(amount_10k_yuan) FILTER (WHERE row_code = 'fees')                              AS fee_revenue_10k_yuan,
           sum(fee_items) FILTER (WHERE row_code = 'fees')                                    AS fee_items_2019
    FROM metric_rows
    WHERE table_code = 'active_disclosure'
    GROUP BY report_id
), m AS (
    SELECT p.report_id,
           known(ap.applications_received) AS applications_received, known(ap.carried_in) AS carried_in,
           known(ap.granted) AS granted, known(ap.partially_granted) AS partially_granted,
           known(ap.withheld) AS withheld, known(ap.withheld_process_info) AS withheld_process_info,
           known(ap.unavailable) AS unavailable, known(ap.declined) AS declined,
           known(ap.other_handling) AS other_handling, known(ap.results_total) AS results_total,
           known(ap.carried_forward) AS carried_forward,
           coalesce(abs(ap.outcomes - ap.results_total) <= 1e-6, false) AS outcomes_consistent,
           known(rl.review_total) AS review_total, known(rl.review_corrected) AS review_corrected,
           coalesce(abs(rl.review_parts - rl.review_total) <= 1e-6, false) AS review_consistent,
           known(rl.litigation_total) AS litigation_total, known(rl.litigation_corrected) AS litigation_corrected,
           coalesce(rl.litigation_rows = 2 AND rl.litigation_gap <= 1e-6, false) AS litigation_consistent,
           known(ad.regulations_issued) AS regulations_issued, known(ad.regulations_in_force) AS regulations_in_force,
           known(ad.normative_documents_issued) AS normative_documents_issued,
           known(ad.normative_documents_in_force) AS normative_documents_in_force,
           known(ad.licensing_decisions) AS licensing_decisions, known(ad.penalty_decisions) AS penalty_decisions,
           known(ad.coercion_decisions) AS coercion_decisions, known(ad.fee_revenue_10k_yuan) AS fee_revenue_10k_yuan,
           known(ad.fee_items_2019) AS fee_items_2019,
           list_filter(coalesce(ap.derived_applications, []) || coalesce(rl.derived_review, []), lambda x: x IS NOT NULL)
               AS derived
    FROM metrics_pending p
    LEFT JOIN ap USING (report_id)
    LEFT JOIN rl USING (report_id)
    LEFT JOIN ad USING (report_id)
)
SELECT report_id, getvariable('metric_rules'),
       applications_received, carried_in, granted, partially_granted, withheld, withheld_process_info,
       unavailable, declined, other_handling, results_total, carried_forward, outcomes_consistent,
       CASE WHEN outcomes_consistent THEN share(granted, results_total) END           AS granted_share,
       CASE WHEN outcomes_consistent THEN share(partially_granted, results_total) END AS partially_granted_share,
       CASE WHEN outcomes_consistent THEN share(withheld, results_total) END          AS withheld_share,
       CASE WHEN outcomes_consistent THEN share(unavailable, results_total) END       AS unavailable_share,
       CASE WHEN outcomes_consistent THEN share(declined, results_total) END           AS declined_share,
       CASE WHEN outcomes_consistent
            THEN share(granted + partially_granted, granted + partially_granted + withheld + unavailable) END
                                                                                       AS substantive_disclosure_rate,
       review_total, review_corrected, review_consistent,
       CASE WHEN review_consistent THEN share(review_corrected, review_total) END     AS review_correction_rate,
       litigation_total, litigation_corrected, litigation_consistent,
       CASE WHEN litigation_consistent THEN share(litigation_corrected, litigation_total) END
                                                                                       AS litigation_correction_rate,
       regulations_issued, regulations_in_force, normative_documents_issued, normative_documents_in_force,
       licensing_decisions, penalty_decisions, coercion_decisions, fee_revenue_10k_yuan, fee_items_2019, derived
FROM m;

-- (the scratch tables let go: at 10^6 reports metric_rows alone holds tens of millions of rows)
DROP TABLE metric_rows;
DROP TABLE metric_totals;
DROP TABLE metrics_pending;

-- The kept cell metrics with each report's current body and status: a view (a join of two
-- tables of one row per report), so no query re-reads the cells and no run rewrites a row per
-- report (at 10^6 reports rebuilding it as a table cost every one-file run 1.4 s).
CREATE OR REPLACE VIEW report_metrics AS
SELECT r.report_id, r.source_file, r.agency, r.agency_key, r.agency_level, r.agency_kind,
       r.province, r.city, r.county, r.division_code, r.is_aggregate, r.year, r.template_version, r.status,
       c.* EXCLUDE (report_id, metric_rules)
FROM current_reports r
JOIN report_cell_metrics c USING (report_id);

-- The agency dimension: one row per canonical body.
CREATE OR REPLACE VIEW agencies AS
SELECT agency_key,
       arg_max(agency, year)          AS latest_name,
       list(DISTINCT agency ORDER BY agency) AS names_printed,
       any_value(agency_level)        AS level,
       any_value(agency_kind)         AS kind,
       any_value(province)            AS province,
       any_value(city)                AS city,
       any_value(county)              AS county,
       any_value(division_code)       AS division_code,
       bool_or(division_code IS NULL) AS region_unresolved,
       any_value(region_note)         AS region_note,
       bool_or(is_aggregate)          AS reports_aggregate,
       min(year) AS first_year, max(year) AS last_year, count(*) AS reports
FROM current_reports
WHERE agency_key IS NOT NULL
GROUP BY agency_key;

-- Sums of report metrics over a group, with shares and rates over the consistent reports only
-- (the same reports in numerator and denominator) and how many reports each covers.
CREATE OR REPLACE MACRO consistent_share(part, whole, consistent) AS
    share(sum(part) FILTER (WHERE consistent), sum(whole) FILTER (WHERE consistent));

-- Per body and year (normally one report; sums if a body published several).
CREATE OR REPLACE VIEW agency_year_metrics AS
SELECT agency_key, year,
       any_value(agency_level) AS agency_level, any_value(province) AS province, any_value(city) AS city,
       any_value(county) AS county, any_value(division_code) AS division_code, bool_or(is_aggregate) AS is_aggregate,
       count(*) AS reports,
       sum(applications_received) AS applications_received, count(applications_received) AS applications_reports,
       sum(carried_in) AS carried_in,
       sum(granted) AS granted, sum(partially_granted) AS partially_granted, sum(withheld) AS withheld,
       sum(withheld_process_info) AS withheld_process_info, sum(unavailable) AS unavailable, sum(declined) AS declined,
       sum(other_handling) AS other_handling, sum(results_total) AS results_total, sum(carried_forward) AS carried_forward,
       count(*) FILTER (WHERE outcomes_consistent AND results_total > 0) AS outcome_reports,
       consistent_share(granted, results_total, outcomes_consistent) AS granted_share,
       consistent_share(withheld, results_total, outcomes_consistent) AS withheld_share,
       consistent_share(granted + partially_granted, granted + partially_granted + withheld + unavailable,
                        outcomes_consistent) AS substantive_disclosure_rate,
       sum(review_total) AS review_total, sum(review_corrected) AS review_corrected,
       count(*) FILTER (WHERE review_consistent AND review_total > 0) AS review_rate_reports,
       consistent_share(review_corrected, review_total, review_consistent) AS review_correction_rate,
       sum(litigation_total) AS litigation_total, sum(litigation_corrected) AS litigation_corrected,
       count(*) FILTER (WHERE litigation_consistent AND litigation_total > 0) AS litigation_rate_reports,
       consistent_share(litigation_corrected, litigation_total, litigation_consistent) AS litigation_correction_rate,
       sum(regulations_issued) AS regulations_issued, sum(normative_documents_issued) AS normative_documents_issued,
       sum(normative_documents_in_force) AS normative_documents_in_force,
       sum(licensing_decisions) AS licensing_decisions, sum(penalty_decisions) AS penalty_decisions,
       sum(coercion_decisions) AS coercion_decisions, sum(fee_revenue_10k_yuan) AS fee_revenue_10k_yuan,
       list_sort(list_distinct(flatten(list(derived)))) AS derived
FROM report_metrics
WHERE agency_key IS NOT NULL
GROUP BY agency_key, year;

-- Year-over-year change per body (this year minus the previous report year).
CREATE OR REPLACE VIEW agency_yoy AS
SELECT cur.agency_key, cur.year, prev.year AS previous_year, cur.agency_level, cur.province, cur.city,
       cur.applications_received, prev.applications_received AS applications_received_prev,
       cur.applications_received - prev.applications_received AS applications_received_change,
       CASE WHEN prev.applications_received > 0
            THEN (cur.applications_received - prev.applications_received) / prev.applications_received END AS applications_received_change_pct,
       cur.granted_share - prev.granted_share AS granted_share_change,
       cur.withheld_share - prev.withheld_share AS withheld_share_change,
       cur.review_total - prev.review_total AS review_total_change,
       cur.litigation_total - prev.litigation_total AS litigation_total_change,
       cur.penalty_decisions - prev.penalty_decisions AS penalty_decisions_change,
       cur.carried_in - prev.carried_forward AS carry_over_gap   -- 0 when the X1 chain holds
FROM agency_year_metrics cur
JOIN agency_year_metrics prev ON prev.agency_key = cur.agency_key AND prev.year = cur.year - 1;

-- Rank among peers: same level, same peer region (the nation for provinces, the province for
-- cities, the city below; a body whose city is unknown ranks among its province's). Rates are
-- rated only for a body-year with at least comparison_settings.min_applications applications
-- received (a 2-application body's 50 % means little): below it the rates and their ranks are
-- NULL, and `rated_peers` counts the peers that were rated.
CREATE OR REPLACE VIEW agency_peer_rank AS
WITH peers AS (
    SELECT *,
           CASE agency_level WHEN 'province' THEN '全国' WHEN 'city' THEN province
                ELSE province || coalesce('/' || city, '') END AS peer_region,
           coalesce(applications_received >= (SELECT min_applications FROM comparison_settings), false) AS rated
    FROM agency_year_metrics
    WHERE division_code IS NOT NULL AND NOT is_aggregate
), rated AS (
    SELECT *,
           CASE WHEN rated THEN granted_share END                 AS rated_granted_share,
           CASE WHEN rated THEN substantive_disclosure_rate END   AS rated_substantive_disclosure_rate,
           CASE WHEN rated THEN review_correction_rate END        AS rated_review_correction_rate
    FROM peers
)
SELECT agency_key, year, agency_level, province, city, peer_region,
       applications_received,
       rank() OVER (PARTITION BY year, agency_level, peer_region ORDER BY applications_received DESC NULLS LAST)
           AS applications_rank,
       count(*) OVER (PARTITION BY year, agency_level, peer_region) AS peers,
       rated,
       count(*) FILTER (WHERE rated) OVER (PARTITION BY year, agency_level, peer_region) AS rated_peers,
       rated_granted_share AS granted_share,
       CASE WHEN rated_granted_share IS NOT NULL THEN
           rank() OVER (PARTITION BY year, agency_level, peer_region, rated_granted_share IS NULL
                        ORDER BY rated_granted_share DESC) END AS granted_share_rank,
       rated_substantive_disclosure_rate AS substantive_disclosure_rate,
       CASE WHEN rated_substantive_disclosure_rate IS NOT NULL THEN
           rank() OVER (PARTITION BY year, agency_level, peer_region, rated_substantive_disclosure_rate IS NULL
                        ORDER BY rated_substantive_disclosure_rate DESC) END AS substantive_disclosure_rank,
       rated_review_correction_rate AS review_correction_rate
FROM rated;

-- Rollups of every present report (a body need not be resolved): by city, province, level,
-- template version and nation. Reports whose region is unresolved form the province
-- '(region unresolved)'; a level that could not be read is '(level unknown)'. Region-wide
-- aggregate government reports are left out (they would count their departments twice) and
-- counted in `aggregate_reports_left_out` on the nation rows.
CREATE OR REPLACE VIEW region_rollups AS
WITH r AS (
    SELECT *,
           CASE WHEN division_code IS NULL THEN '(region unresolved)' ELSE province END AS region_province,
           CASE WHEN division_code IS NULL THEN NULL ELSE city END AS region_city,
           coalesce(agency_level, '(level unknown)') AS level
    FROM report_metrics
), aggregates AS (
    SELECT year, count(*) AS aggregate_reports_left_out FROM r WHERE is_aggregate GROUP BY year
), rolled AS (
    SELECT CASE grouping(region_province, region_city, level, template_version)
               WHEN 1 THEN 'city' WHEN 5 THEN 'province' WHEN 13 THEN 'nation by level'
               WHEN 14 THEN 'nation by template' ELSE 'nation' END AS rollup,
           year, region_province AS province, region_city AS city, level AS agency_level, template_version,
           count(*) AS reports,
           count(DISTINCT agency_key) AS bodies,
           count(*) FILTER (WHERE agency_key IS NULL) AS reports_without_body,
           sum(applications_received) AS applications_received,
           count(applications_received) AS applications_reports,
           sum(results_total) AS results_total,
           count(*) FILTER (WHERE outcomes_consistent AND results_total > 0) AS outcome_reports,
           consistent_share(granted, results_total, outcomes_consistent) AS granted_share,
           consistent_share(withheld, results_total, outcomes_consistent) AS withheld_share,
           consistent_share(granted + partially_granted, granted + partially_granted + withheld + unavailable,
                            outcomes_consistent) AS substantive_disclosure_rate,
           sum(review_total) AS review_total,
           count(*) FILTER (WHERE review_consistent AND review_total > 0) AS review_rate_reports,
           consistent_share(review_corrected, review_total, review_consistent) AS review_correction_rate,
           sum(litigation_total) AS litigation_total,
           sum(penalty_decisions) AS penalty_decisions,
           sum(fee_revenue_10k_yuan) AS fee_revenue_10k_yuan
    FROM r
    WHERE NOT is_aggregate
    GROUP BY GROUPING SETS ((year, region_province, region_city, level), (year, region_province, level),
                            (year, level), (year, template_version), (year))
)
SELECT rolled.*, CASE WHEN rollup = 'nation' THEN coalesce(a.aggregate_reports_left_out, 0) END
                     AS aggregate_reports_left_out
FROM rolled
LEFT JOIN aggregates a USING (year);
