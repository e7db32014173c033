-- The metrics of the bodies in the list variable keys, per year (agency_year_metrics: shares and
-- rates over the consistent reports).
SELECT agency_key, year, reports, applications_received, results_total, granted_share,
       substantive_disclosure_rate, withheld_share, review_total, review_correction_rate, litigation_total,
       litigation_correction_rate
FROM agency_year_metrics
WHERE agency_key IN (SELECT unnest(getvariable('keys')))
ORDER BY agency_key, year;
