-- A fingerprint per report year of what narrative reuse reads (pipeline/warehouse/reuse.py): the
-- year's current reports, their bodies and the reuse rules (with the parser build: another build
-- may cut a report's sections otherwise); and how many reports the year holds. A year whose
-- fingerprint changed since the last run is computed again: around its changed reports when
-- they are few, else with the year after it.
-- Each report is hashed as one string: DuckDB's hash(a, b, c, d) XORs the hash of its last
-- argument in, so with the rules last a bit_xor over a year of an even number of reports
-- cancelled them out (new rules recomputed only the years of an odd number of reports).
SELECT year,
       bit_xor(hash(concat_ws('/', report_id, coalesce(agency_key, ''), getvariable('reuse_rules')))) AS fingerprint,
       count(*) AS reports
FROM current_reports
WHERE year IS NOT NULL
GROUP BY year
ORDER BY year
