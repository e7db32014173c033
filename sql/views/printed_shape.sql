-- Views that put each table back in its printed, wide shape, and list flagged reports.
-- Only present, non-rejected reports; `row_order` follows the national template.

CREATE OR REPLACE VIEW current_reports AS
SELECT * FROM reports WHERE is_present AND status <> 'rejected';

-- Each report's tables in their printed shape are kept between runs: a report's cells are a
-- function of its text (whose hash is its id) and the parser build, so a run pivots only the
-- cells of the reports it has not pivoted yet, and no query pivots the whole warehouse (at 10^6
-- reports applications_wide took 9.3 s as a view over 200 M cells). printed_shape_reports lists
-- the reports pivoted (a report may have no row in a table: the table was not found) with the
-- rules they were pivoted under; the caller (pipeline/warehouse/store.py) drops all four tables
-- when the rules, a fingerprint of this file and the parser build, change, so every report is
-- pivoted again. What a report's id does not fix (body, year, template, current or not) the views
-- read from current_reports, and row order and labels from row_codes, at query time.
CREATE TABLE IF NOT EXISTS printed_shape_reports (
    report_id VARCHAR NOT NULL,
    rules     VARCHAR NOT NULL   -- the rules and parser build pivoted under
);

CREATE TABLE IF NOT EXISTS active_disclosure_wide_kept (
    report_id          VARCHAR NOT NULL,
    row_code           VARCHAR NOT NULL,
    issued             DOUBLE,
    repealed           DOUBLE,
    in_force           DOUBLE,
    decisions          DOUBLE,
    amount_10k_yuan    DOUBLE,
    created            DOUBLE,
    published          DOUBLE,
    published_total    DOUBLE,
    items_prior_year   DOUBLE,
    items_change       DOUBLE,
    procurement_items  DOUBLE,
    procurement_amount DOUBLE
);

CREATE TABLE IF NOT EXISTS applications_wide_kept (
    report_id             VARCHAR NOT NULL,
    row_code              VARCHAR NOT NULL,
    natural_person        DOUBLE,
    commercial_enterprise DOUBLE,
    research_institution  DOUBLE,
    public_interest_org   DOUBLE,
    legal_service_org     DOUBLE,
    other_org             DOUBLE,
    org_subtotal          DOUBLE,
    total                 DOUBLE
);

CREATE TABLE IF NOT EXISTS review_litigation_wide_kept (
    report_id                         VARCHAR NOT NULL,
    review_upheld                     DOUBLE,
    review_corrected                  DOUBLE,
    review_other                      DOUBLE,
    review_pending                    DOUBLE,
    review_total                      DOUBLE,
    litigation_direct_upheld          DOUBLE,
    litigation_direct_corrected       DOUBLE,
    litigation_direct_other           DOUBLE,
    litigation_direct_pending         DOUBLE,
    litigation_direct_total           DOUBLE,
    litigation_after_review_upheld    DOUBLE,
    litigation_after_review_corrected DOUBLE,
    litigation_after_review_other     DOUBLE,
    litigation_after_review_pending   DOUBLE,
    litigation_after_review_total     DOUBLE
);

-- Reports no longer current (removed, replaced, rejected) let their rows go; current reports not
-- pivoted yet are pivoted. A report's rows are inserted together (ORDER BY): the views' join with
-- current_reports then took 0.03 s at 10^5 reports instead of 0.2 s with the rows spread out as
-- the aggregate emits them.
CREATE OR REPLACE TEMP TABLE printed_shape_gone AS
SELECT report_id FROM printed_shape_reports WHERE report_id NOT IN (SELECT report_id FROM current_reports);
DELETE FROM active_disclosure_wide_kept WHERE report_id IN (SELECT report_id FROM printed_shape_gone);
DELETE FROM applications_wide_kept WHERE report_id IN (SELECT report_id FROM printed_shape_gone);
DELETE FROM review_litigation_wide_kept WHERE report_id IN (SELECT report_id FROM printed_shape_gone);
DELETE FROM printed_shape_reports WHERE report_id IN (SELECT report_id FROM printed_shape_gone);

CREATE OR REPLACE TEMP TABLE printed_shape_pending AS
SELECT report_id FROM current_reports WHERE report_id NOT IN (SELECT report_id FROM printed_shape_reports);

INSERT INTO active_disclosure_wide_kept
SELECT report_id, row_code,
       max(value) FILTER (WHERE column_code = 'issued')             AS issued,
       max(value) FILTER (WHERE column_code = 'repealed')           AS repealed,
       max(value) FILTER (WHERE column_code = 'in_force')           AS in_force,
       max(value) FILTER (WHERE column_code = 'decisions')          AS decisions,
       max(value) FILTER (WHERE column_code = 'amount_10k_yuan')    AS amount_10k_yuan,
       max(value) FILTER (WHERE column_code = 'created')            AS created,
       max(value) FILTER (WHERE column_code = 'published')          AS published,
       max(value) FILTER (WHERE column_code = 'published_total')    AS published_total,
       max(value) FILTER (WHERE column_code = 'items_prior_year')   AS items_prior_year,
       max(value) FILTER (WHERE column_code = 'items_change')       AS items_change,
       max(value) FILTER (WHERE column_code = 'procurement_items')  AS procurement_items,
       max(value) FILTER (WHERE column_code = 'procurement_amount') AS procurement_amount
FROM cells
WHERE table_code = 'active_disclosure' AND report_id IN (SELECT report_id FROM printed_shape_pending)
GROUP BY report_id, row_code
ORDER BY report_id, row_code;

INSERT INTO applications_wide_kept
SELECT report_id, row_code,
       max(value) FILTER (WHERE column_code = 'natural_person')        AS natural_person,
       max(value) FILTER (WHERE column_code = 'commercial_enterprise') AS commercial_enterprise,
       max(value) FILTER (WHERE column_code = 'research_institution')  AS research_institution,
       max(value) FILTER (WHERE column_code = 'public_interest_org')   AS public_interest_org,
       max(value) FILTER (WHERE column_code = 'legal_service_org')     AS legal_service_org,
       max(value) FILTER (WHERE column_code = 'other_org')             AS other_org,
       max(value) FILTER (WHERE column_code = 'org_subtotal')          AS org_subtotal,
       max(value) FILTER (WHERE column_code = 'total')                 AS total
FROM cells
WHERE table_code = 'applications' AND report_id IN (SELECT report_id FROM printed_shape_pending)
GROUP BY report_id, row_code
ORDER BY report_id, row_code;

INSERT INTO review_litigation_wide_kept
SELECT report_id,
       max(value) FILTER (WHERE row_code = 'review' AND column_code = 'upheld')                    AS review_upheld,
       max(value) FILTER (WHERE row_code = 'review' AND column_code = 'corrected')                 AS review_corrected,
       max(value) FILTER (WHERE row_code = 'review' AND column_code = 'other')                     AS review_other,
       max(value) FILTER (WHERE row_code = 'review' AND column_code = 'pending')                   AS review_pending,
       max(value) FILTER (WHERE row_code = 'review' AND column_code = 'total')                     AS review_total,
       max(value) FILTER (WHERE row_code = 'litigation_direct' AND column_code = 'upheld')         AS litigation_direct_upheld,
       max(value) FILTER (WHERE row_code = 'litigation_direct' AND column_code = 'corrected')      AS litigation_direct_corrected,
       max(value) FILTER (WHERE row_code = 'litigation_direct' AND column_code = 'other')          AS litigation_direct_other,
       max(value) FILTER (WHERE row_code = 'litigation_direct' AND column_code = 'pending')        AS litigation_direct_pending,
       max(value) FILTER (WHERE row_code = 'litigation_direct' AND column_code = 'total')          AS litigation_direct_total,
       max(value) FILTER (WHERE row_code = 'litigation_after_review' AND column_code = 'upheld')   AS litigation_after_review_upheld,
       max(value) FILTER (WHERE row_code = 'litigation_after_review' AND column_code = 'corrected') AS litigation_after_review_corrected,
       max(value) FILTER (WHERE row_code = 'litigation_after_review' AND column_code = 'other')    AS litigation_after_review_other,
       max(value) FILTER (WHERE row_code = 'litigation_after_review' AND column_code = 'pending')  AS litigation_after_review_pending,
       max(value) FILTER (WHERE row_code = 'litigation_after_review' AND column_code = 'total')    AS litigation_after_review_total
FROM cells
WHERE table_code = 'review_litigation' AND report_id IN (SELECT report_id FROM printed_shape_pending)
GROUP BY report_id;

INSERT INTO printed_shape_reports SELECT report_id, getvariable('kept_rules') FROM printed_shape_pending;

-- (the scratch tables let go: a run from scratch lists every report)
DROP TABLE printed_shape_gone;
DROP TABLE printed_shape_pending;

CREATE OR REPLACE VIEW active_disclosure_wide AS
SELECT r.report_id, r.agency, r.year, r.template_version, k.row_code, o.row_order,
       k.issued, k.repealed, k.in_force, k.decisions, k.amount_10k_yuan, k.created, k.published,
       k.published_total, k.items_prior_year, k.items_change, k.procurement_items, k.procurement_amount
FROM current_reports r
JOIN active_disclosure_wide_kept k USING (report_id)
LEFT JOIN row_codes o ON o.table_code = 'active_disclosure' AND o.row_code = k.row_code;

CREATE OR REPLACE VIEW applications_wide AS
SELECT r.report_id, r.agency, r.year, r.template_version, k.row_code, o.row_order, o.label,
       k.natural_person, k.commercial_enterprise, k.research_institution, k.public_interest_org,
       k.legal_service_org, k.other_org, k.org_subtotal, k.total
FROM current_reports r
JOIN applications_wide_kept k USING (report_id)
LEFT JOIN row_codes o ON o.table_code = 'applications' AND o.row_code = k.row_code;

CREATE OR REPLACE VIEW review_litigation_wide AS
SELECT r.report_id, r.agency, r.year, k.* EXCLUDE (report_id)
FROM current_reports r
JOIN review_litigation_wide_kept k USING (report_id);

-- Flagged reports, worst first: most failed hard checks and parse issues first.
CREATE OR REPLACE VIEW flagged_reports AS
WITH fails AS (
    SELECT report_id, count(*) AS failed_checks
    FROM check_results WHERE status = 'fail' AND severity = 'error' GROUP BY report_id
), issues AS (
    SELECT report_id, count(*) AS parse_issues FROM parse_issues WHERE severity = 'error' GROUP BY report_id
)
SELECT r.report_id, r.source_file, r.agency, r.year, r.status_reason,
       coalesce(f.failed_checks, 0) AS failed_checks, coalesce(i.parse_issues, 0) AS parse_issues
FROM reports r
LEFT JOIN fails f USING (report_id)
LEFT JOIN issues i USING (report_id)
WHERE r.status = 'flagged' AND r.is_present
ORDER BY failed_checks + parse_issues DESC, r.source_file;
