-- The ten current reports with the lowest completeness_score below 100 (ties: earlier year, then
-- report_id, so the list is stable), with what they lack.
SELECT agency, year, completeness_score, sections_present, tables_present, rows_printed, rows_required,
       source_file
FROM report_completeness
WHERE completeness_score < 100
ORDER BY completeness_score, year, report_id
LIMIT 10;
