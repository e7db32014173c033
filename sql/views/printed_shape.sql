-- Views that put each table back in its printed, wide shape, and list flagged reports.
-- Only present, non-rejected reports; `row_order` follows the national template.

CREATE OR REPLACE VIEW current_reports AS
SELECT * FROM reports WHERE is_present AND status <> 'rejected';

CREATE OR REPLACE VIEW active_disclosure_wide AS
SELECT r.report_id, r.agency, r.year, r.template_version, c.row_code, o.row_order,
       max(c.value) FILTER (WHERE c.column_code = 'issued')             AS issued,
       max(c.value) FILTER (WHERE c.column_code = 'repealed')           AS repealed,
       max(c.value) FILTER (WHERE c.column_code = 'in_force')           AS in_force,
       max(c.value) FILTER (WHERE c.column_code = 'decisions')          AS decisions,
       max(c.value) FILTER (WHERE c.column_code = 'amount_10k_yuan')    AS amount_10k_yuan,
       max(c.value) FILTER (WHERE c.column_code = 'created')            AS created,
       max(c.value) FILTER (WHERE c.column_code = 'published')          AS published,
       max(c.value) FILTER (WHERE c.column_code = 'published_total')    AS published_total,
       max(c.value) FILTER (WHERE c.column_code = 'items_prior_year')   AS items_prior_year,
       max(c.value) FILTER (WHERE c.column_code = 'items_change')       AS items_change,
       max(c.value) FILTER (WHERE c.column_code = 'procurement_items')  AS procurement_items,
       max(c.value) FILTER (WHERE c.column_code = 'procurement_amount') AS procurement_amount
FROM current_reports r
JOIN cells c USING (report_id)
LEFT JOIN row_codes o ON o.table_code = c.table_code AND o.row_code = c.row_code
WHERE c.table_code = 'active_disclosure'
GROUP BY ALL;

CREATE OR REPLACE VIEW applications_wide AS
SELECT r.report_id, r.agency, r.year, r.template_version, c.row_code, o.row_order, o.label,
       max(c.value) FILTER (WHERE c.column_code = 'natural_person')        AS natural_person,
       max(c.value) FILTER (WHERE c.column_code = 'commercial_enterprise') AS commercial_enterprise,
       max(c.value) FILTER (WHERE c.column_code = 'research_institution')  AS research_institution,
       max(c.value) FILTER (WHERE c.column_code = 'public_interest_org')   AS public_interest_org,
       max(c.value) FILTER (WHERE c.column_code = 'legal_service_org')     AS legal_service_org,
       max(c.value) FILTER (WHERE c.column_code = 'other_org')             AS other_org,
       max(c.value) FILTER (WHERE c.column_code = 'org_subtotal')          AS org_subtotal,
       max(c.value) FILTER (WHERE c.column_code = 'total')                 AS total
FROM current_reports r
JOIN cells c USING (report_id)
LEFT JOIN row_codes o ON o.table_code = c.table_code AND o.row_code = c.row_code
WHERE c.table_code = 'applications'
GROUP BY ALL;

CREATE OR REPLACE VIEW review_litigation_wide AS
SELECT r.report_id, r.agency, r.year,
       max(c.value) FILTER (WHERE c.row_code = 'review' AND c.column_code = 'upheld')                    AS review_upheld,
       max(c.value) FILTER (WHERE c.row_code = 'review' AND c.column_code = 'corrected')                 AS review_corrected,
       max(c.value) FILTER (WHERE c.row_code = 'review' AND c.column_code = 'other')                     AS review_other,
       max(c.value) FILTER (WHERE c.row_code = 'review' AND c.column_code = 'pending')                   AS review_pending,
       max(c.value) FILTER (WHERE c.row_code = 'review' AND c.column_code = 'total')                     AS review_total,
       max(c.value) FILTER (WHERE c.row_code = 'litigation_direct' AND c.column_code = 'upheld')         AS litigation_direct_upheld,
       max(c.value) FILTER (WHERE c.row_code = 'litigation_direct' AND c.column_code = 'corrected')      AS litigation_direct_corrected,
       max(c.value) FILTER (WHERE c.row_code = 'litigation_direct' AND c.column_code = 'other')          AS litigation_direct_other,
       max(c.value) FILTER (WHERE c.row_code = 'litigation_direct' AND c.column_code = 'pending')        AS litigation_direct_pending,
       max(c.value) FILTER (WHERE c.row_code = 'litigation_direct' AND c.column_code = 'total')          AS litigation_direct_total,
       max(c.value) FILTER (WHERE c.row_code = 'litigation_after_review' AND c.column_code = 'upheld')   AS litigation_after_review_upheld,
       max(c.value) FILTER (WHERE c.row_code = 'litigation_after_review' AND c.column_code = 'corrected') AS litigation_after_review_corrected,
       max(c.value) FILTER (WHERE c.row_code = 'litigation_after_review' AND c.column_code = 'other')    AS litigation_after_review_other,
       max(c.value) FILTER (WHERE c.row_code = 'litigation_after_review' AND c.column_code = 'pending')  AS litigation_after_review_pending,
       max(c.value) FILTER (WHERE c.row_code = 'litigation_after_review' AND c.column_code = 'total')    AS litigation_after_review_total
FROM current_reports r
JOIN cells c USING (report_id)
WHERE c.table_code = 'review_litigation'
GROUP BY ALL;

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
