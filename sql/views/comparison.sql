-- Comparison layer: harmonised metrics per report and per agency-year, year-over-year changes,
-- peer ranks and regional rollups. Only present, non-rejected reports (current_reports).
--
-- Harmonisation across template versions:
--   other_handling = 2019 （六）其他处理 = 2021 other_no_correction + other_fee_unpaid + other_other;
--   fee revenue (万元) exists only in the 2021 template — the 2019 fee columns count fee *items*
--   and are kept apart as fee_items_2019, never summed with money;
--   regulations/normative documents issued/in force: 2021 columns only (2019 counts differ).
-- A metric is NULL when a cell it needs could not be read (value_kind missing/text) or when it
-- needs a 总计 printed blank over non-zero parts; other printed blanks/placeholders count as 0.

CREATE OR REPLACE MACRO known(x) AS CASE WHEN isnan(x) THEN NULL ELSE x END;
CREATE OR REPLACE MACRO share(part, whole) AS CASE WHEN whole > 0 THEN part / whole END;

CREATE OR REPLACE VIEW metric_cells AS
SELECT c.report_id, c.table_code, c.row_code, c.column_code,
       CASE WHEN c.value_kind IN ('missing', 'text') THEN 'NaN'::DOUBLE
            WHEN c.value_kind IN ('blank', 'placeholder') AND c.column_code = 'total' AND bt.report_id IS NOT NULL
                THEN 'NaN'::DOUBLE
            ELSE coalesce(c.value, 0) END AS v
FROM cells c
LEFT JOIN (
    SELECT DISTINCT report_id, table_code, row_code
    FROM check_results WHERE check_code LIKE 'blank_total.%' AND status = 'fail'
) bt USING (report_id, table_code, row_code);

CREATE OR REPLACE VIEW report_metrics AS
WITH ap AS (
    SELECT report_id,
           known(sum(v) FILTER (WHERE row_code = 'new_received'))                   AS applications_received,
           known(sum(v) FILTER (WHERE row_code = 'carried_in'))                     AS carried_in,
           known(sum(v) FILTER (WHERE row_code = 'granted'))                        AS granted,
           known(sum(v) FILTER (WHERE row_code = 'partially_granted'))              AS partially_granted,
           known(sum(v) FILTER (WHERE row_code LIKE 'withheld\_%' ESCAPE '\'))      AS withheld,
           known(sum(v) FILTER (WHERE row_code = 'withheld_process_info'))          AS withheld_process_info,
           known(sum(v) FILTER (WHERE row_code LIKE 'unavailable\_%' ESCAPE '\'))   AS unavailable,
           known(sum(v) FILTER (WHERE row_code LIKE 'declined\_%' ESCAPE '\'))      AS declined,
           known(sum(v) FILTER (WHERE row_code IN ('other_handling', 'other_no_correction', 'other_fee_unpaid', 'other_other'))) AS other_handling,
           known(sum(v) FILTER (WHERE row_code = 'results_total'))                  AS results_total,
           known(sum(v) FILTER (WHERE row_code = 'carried_forward'))                AS carried_forward
    FROM metric_cells
    WHERE table_code = 'applications' AND column_code = 'total'
    GROUP BY report_id
), rl AS (
    SELECT report_id,
           known(sum(v) FILTER (WHERE row_code = 'review' AND column_code = 'total'))      AS review_total,
           known(sum(v) FILTER (WHERE row_code = 'review' AND column_code = 'corrected'))  AS review_corrected,
           known(sum(v) FILTER (WHERE row_code <> 'review' AND column_code = 'total'))     AS litigation_total,
           known(sum(v) FILTER (WHERE row_code <> 'review' AND column_code = 'corrected')) AS litigation_corrected
    FROM metric_cells
    WHERE table_code = 'review_litigation'
    GROUP BY report_id
), ad AS (
    SELECT report_id,
           known(sum(v) FILTER (WHERE row_code = 'regulations' AND column_code = 'issued'))           AS regulations_issued,
           known(sum(v) FILTER (WHERE row_code = 'regulations' AND column_code = 'in_force'))         AS regulations_in_force,
           known(sum(v) FILTER (WHERE row_code = 'normative_documents' AND column_code = 'issued'))   AS normative_documents_issued,
           known(sum(v) FILTER (WHERE row_code = 'normative_documents' AND column_code = 'in_force')) AS normative_documents_in_force,
           known(sum(v) FILTER (WHERE row_code = 'licensing' AND column_code = 'decisions'))          AS licensing_decisions,
           known(sum(v) FILTER (WHERE row_code = 'penalty' AND column_code = 'decisions'))            AS penalty_decisions,
           known(sum(v) FILTER (WHERE row_code = 'coercion' AND column_code = 'decisions'))           AS coercion_decisions,
           known(sum(v) FILTER (WHERE row_code = 'fees' AND column_code = 'amount_10k_yuan'))         AS fee_revenue_10k_yuan,
           known(sum(v) FILTER (WHERE row_code = 'fees' AND column_code IN ('items_prior_year', 'items_change'))) AS fee_items_2019
    FROM metric_cells
    WHERE table_code = 'active_disclosure'
    GROUP BY report_id
)
SELECT r.report_id, r.source_file, r.agency, r.agency_key, r.agency_level, r.agency_kind,
       r.province, r.city, r.county, r.division_code, r.is_aggregate, r.year, r.template_version, r.status,
       ap.applications_received, ap.carried_in, ap.granted, ap.partially_granted, ap.withheld,
       ap.withheld_process_info, ap.unavailable, ap.declined, ap.other_handling, ap.results_total, ap.carried_forward,
       share(ap.granted, ap.results_total)           AS granted_share,
       share(ap.partially_granted, ap.results_total) AS partially_granted_share,
       share(ap.withheld, ap.results_total)          AS withheld_share,
       share(ap.unavailable, ap.results_total)       AS unavailable_share,
       share(ap.declined, ap.results_total)          AS declined_share,
       rl.review_total, rl.review_corrected, share(rl.review_corrected, rl.review_total) AS review_correction_rate,
       rl.litigation_total, rl.litigation_corrected, share(rl.litigation_corrected, rl.litigation_total) AS litigation_correction_rate,
       ad.regulations_issued, ad.regulations_in_force, ad.normative_documents_issued, ad.normative_documents_in_force,
       ad.licensing_decisions, ad.penalty_decisions, ad.coercion_decisions, ad.fee_revenue_10k_yuan, ad.fee_items_2019
FROM current_reports r
LEFT JOIN ap USING (report_id)
LEFT JOIN rl USING (report_id)
LEFT JOIN ad USING (report_id);

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

-- Per body and year (normally one report; sums if a body published several).
CREATE OR REPLACE VIEW agency_year_metrics AS
SELECT agency_key, year,
       any_value(agency_level) AS agency_level, any_value(province) AS province, any_value(city) AS city,
       any_value(county) AS county, any_value(division_code) AS division_code, bool_or(is_aggregate) AS is_aggregate,
       count(*) AS reports,
       sum(applications_received) AS applications_received, sum(carried_in) AS carried_in,
       sum(granted) AS granted, sum(partially_granted) AS partially_granted, sum(withheld) AS withheld,
       sum(withheld_process_info) AS withheld_process_info, sum(unavailable) AS unavailable, sum(declined) AS declined,
       sum(other_handling) AS other_handling, sum(results_total) AS results_total, sum(carried_forward) AS carried_forward,
       share(sum(granted), sum(results_total)) AS granted_share,
       share(sum(withheld), sum(results_total)) AS withheld_share,
       sum(review_total) AS review_total, sum(review_corrected) AS review_corrected,
       share(sum(review_corrected), sum(review_total)) AS review_correction_rate,
       sum(litigation_total) AS litigation_total, sum(litigation_corrected) AS litigation_corrected,
       share(sum(litigation_corrected), sum(litigation_total)) AS litigation_correction_rate,
       sum(regulations_issued) AS regulations_issued, sum(normative_documents_issued) AS normative_documents_issued,
       sum(normative_documents_in_force) AS normative_documents_in_force,
       sum(licensing_decisions) AS licensing_decisions, sum(penalty_decisions) AS penalty_decisions,
       sum(coercion_decisions) AS coercion_decisions, sum(fee_revenue_10k_yuan) AS fee_revenue_10k_yuan
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
-- cities, the city below; a body whose city is unknown ranks among its province's).
CREATE OR REPLACE VIEW agency_peer_rank AS
WITH peers AS (
    SELECT *,
           CASE agency_level WHEN 'province' THEN '全国' WHEN 'city' THEN province
                ELSE province || coalesce('/' || city, '') END AS peer_region
    FROM agency_year_metrics
    WHERE division_code IS NOT NULL AND NOT is_aggregate
)
SELECT agency_key, year, agency_level, province, city, peer_region,
       applications_received,
       rank() OVER (PARTITION BY year, agency_level, peer_region ORDER BY applications_received DESC NULLS LAST)
           AS applications_rank,
       count(*) OVER (PARTITION BY year, agency_level, peer_region) AS peers,
       granted_share,
       rank() OVER (PARTITION BY year, agency_level, peer_region ORDER BY granted_share DESC NULLS LAST)
           AS granted_share_rank
FROM peers;

-- Rollups by region and level; aggregate (region-wide) government reports are left out so a
-- region's bodies are not counted twice.
CREATE OR REPLACE VIEW region_rollups AS
SELECT CASE grouping(province, city, agency_level)
           WHEN 0 THEN 'city' WHEN 2 THEN 'province' WHEN 6 THEN 'nation by level' ELSE 'nation' END AS rollup,
       year, province, city, agency_level,
       count(DISTINCT agency_key) AS bodies,
       sum(applications_received) AS applications_received,
       sum(results_total) AS results_total,
       share(sum(granted), sum(results_total)) AS granted_share,
       share(sum(withheld), sum(results_total)) AS withheld_share,
       sum(review_total) AS review_total,
       share(sum(review_corrected), sum(review_total)) AS review_correction_rate,
       sum(litigation_total) AS litigation_total,
       sum(penalty_decisions) AS penalty_decisions,
       sum(fee_revenue_10k_yuan) AS fee_revenue_10k_yuan
FROM agency_year_metrics
WHERE division_code IS NOT NULL AND NOT is_aggregate
GROUP BY GROUPING SETS ((year, province, city, agency_level), (year, province, agency_level), (year, agency_level), (year));
