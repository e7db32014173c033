-- Failed checks of the bodies in the list variable keys, per year and check family (the code
-- before the first dot: A1 … X3), with the failed codes.
SELECT r.agency_key, r.year, split_part(c.check_code, '.', 1) AS family, c.severity, count(*) AS failed,
       list(DISTINCT c.check_code ORDER BY c.check_code) AS codes
FROM check_results c
JOIN current_reports r USING (report_id)
WHERE c.status = 'fail' AND r.agency_key IN (SELECT unnest(getvariable('keys')))
GROUP BY ALL
ORDER BY r.agency_key, r.year, family, c.severity;
