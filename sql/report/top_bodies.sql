-- The 15 bodies that received most applications in `year`.
SELECT a.latest_name, m.applications_received
FROM agency_year_metrics m
JOIN agencies a USING (agency_key)
WHERE m.year = getvariable('year') AND NOT m.is_aggregate AND m.applications_received IS NOT NULL
ORDER BY m.applications_received DESC, m.agency_key
LIMIT 15;
