-- Completeness of every report of the bodies in the list variable keys.
SELECT agency_key, year, agency, completeness_score, sections_present, tables_present, rows_printed,
       rows_required
FROM report_completeness
WHERE agency_key IN (SELECT unnest(getvariable('keys')))
ORDER BY agency_key, year, report_id;
