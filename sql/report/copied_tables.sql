-- Cross-year check X3 per year and table: tables printed with every cell as the body's report of
-- the year before (status fail), tables compared (pass or fail), and not assessable (an unread
-- cell on either side). Current reports only.
SELECT r.year, c.table_code,
       count(*) FILTER (WHERE c.status = 'fail')                AS copied,
       count(*) FILTER (WHERE c.status IN ('pass', 'fail'))     AS compared,
       count(*) FILTER (WHERE c.status = 'not_assessable')      AS not_assessable
FROM check_results c
JOIN current_reports r USING (report_id)
WHERE c.check_code LIKE 'X3.%'
GROUP BY r.year, c.table_code
ORDER BY r.year, c.table_code;
