-- Timeliness of every report of the bodies in the list variable keys.
SELECT agency_key, year, agency, published_on, deadline_rule, deadline, timeliness, days_late, note
FROM timeliness
WHERE agency_key IN (SELECT unnest(getvariable('keys')))
ORDER BY agency_key, year, published_on, report_id;
