-- The years (partitions) of a source keyed by report_id: the years of its reports (a row whose
-- report has no year, or is not in `reports`, falls in the NULL partition rather than vanishing).
SELECT DISTINCT r.year
FROM query_table(getvariable('source')) t
LEFT JOIN reports r ON r.report_id = t.report_id
ORDER BY r.year NULLS LAST;
