-- The printed-shape and completeness views as they were computed on the fly, before their
-- per-report results were kept (git: sql/views/printed_shape.sql and sql/views/evaluation.sql at
-- 6691f00), as temporary views on_the_fly_<view>: tests/integration/test_kept_views.py checks that
-- the views over the kept tables answer exactly what these answer.

CREATE OR REPLACE TEMP VIEW on_the_fly_active_disclosure_wide AS
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

CREATE OR REPLACE TEMP VIEW on_the_fly_applications_wide AS
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

CREATE OR REPLACE TEMP VIEW on_the_fly_review_litigation_wide AS
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

CREATE OR REPLACE TEMP VIEW on_the_fly_report_completeness AS
WITH sections_present AS (
    SELECT report_id, count(DISTINCT section_code) AS sections_present,
           list(DISTINCT section_code ORDER BY section_code) AS sections
    FROM sections
    WHERE section_code <> 'preamble'
    GROUP BY report_id
), tables_missing AS (
    SELECT report_id, list(DISTINCT table_code ORDER BY table_code) AS tables_missing
    FROM parse_issues
    WHERE code = 'table_not_found'
    GROUP BY report_id
), template_rows AS (
    SELECT report_id, table_code, row_code FROM cells GROUP BY ALL
), rows_missing AS (
    -- the rows of a table not found, and rows the parser reports as not printed
    SELECT t.report_id, count(*) AS rows_missing,
           list(t.table_code || '/' || t.row_code ORDER BY t.table_code, t.row_code) AS rows_missing_list
    FROM template_rows t
    WHERE EXISTS (SELECT 1 FROM parse_issues i
                  WHERE i.report_id = t.report_id AND i.table_code = t.table_code
                    AND (i.code = 'table_not_found' OR (i.code = 'missing_row' AND i.row_code = t.row_code)))
    GROUP BY t.report_id
), rows_required AS (
    SELECT report_id, count(*) AS rows_required FROM template_rows GROUP BY report_id
), joined AS (
    SELECT r.report_id, r.source_file, r.agency, r.agency_key, r.year, r.template_version,
           coalesce(s.sections_present, 0)                     AS sections_present,
           6 - coalesce(s.sections_present, 0)                 AS sections_missing,
           3 - coalesce(len(tm.tables_missing), 0)             AS tables_present,
           coalesce(tm.tables_missing, [])                     AS tables_missing,
           coalesce(q.rows_required, 0)                        AS rows_required,
           coalesce(q.rows_required, 0) - coalesce(m.rows_missing, 0) AS rows_printed,
           coalesce(m.rows_missing_list, [])                   AS rows_missing
    FROM current_reports r
    LEFT JOIN sections_present s USING (report_id)
    LEFT JOIN tables_missing tm USING (report_id)
    LEFT JOIN rows_missing m USING (report_id)
    LEFT JOIN rows_required q USING (report_id)
)
SELECT *,
       round(100 * (sections_present / 6 + tables_present / 3
                    + CASE WHEN rows_required > 0 THEN rows_printed / rows_required ELSE 0 END) / 3, 1)
           AS completeness_score
FROM joined;
