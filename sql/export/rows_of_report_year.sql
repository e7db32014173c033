-- The rows of a source keyed by report_id whose report is of one year (NULL: reports without a year).
SELECT t.*
FROM query_table(getvariable('source')) t
LEFT JOIN reports r ON r.report_id = t.report_id
WHERE r.year IS NOT DISTINCT FROM getvariable('year')
ORDER BY ALL;
