-- Every body (agencies), busiest first: applications received summed over its years (unknown
-- last), then reports, then agency_key. The first max_pages bodies get a page of their own
-- (pipeline/report/bodies.py); the index lists every body.
SELECT a.agency_key, a.latest_name, a.level, a.province, a.city, a.first_year, a.last_year, a.reports,
       m.applications_received
FROM agencies a
LEFT JOIN (SELECT agency_key, sum(applications_received) AS applications_received
           FROM agency_year_metrics
           GROUP BY agency_key) m USING (agency_key)
ORDER BY m.applications_received DESC NULLS LAST, a.reports DESC, a.agency_key;
