-- The report years of the present, non-rejected reports, in order.
SELECT DISTINCT year FROM current_reports WHERE year IS NOT NULL ORDER BY year
