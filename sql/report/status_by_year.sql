-- Reports per year: ok and flagged.
SELECT year, count(*) FILTER (WHERE status = 'ok'), count(*) FILTER (WHERE status = 'flagged')
FROM reports
WHERE is_present AND year IS NOT NULL
GROUP BY year
ORDER BY year;
