-- A fingerprint per report year of what narrative reuse reads (pipeline/warehouse/reuse.py): the
-- year's current reports, their bodies, the build that parsed them and the reuse rules; and how
-- many reports the year holds. A year whose fingerprint changed since the last run is computed
-- again: around its changed reports when they are few, else with the year after it.
-- Each report is hashed as one string: DuckDB's hash(a, b, c, d) XORs the hash of its last
-- argument in, so with the rules last a bit_xor over a year of an even number of reports
-- cancelled them out (new rules recomputed only the years of an odd number of reports).
SELECT r.year,
       bit_xor(hash(concat_ws('/', r.report_id, coalesce(r.agency_key, ''), coalesce(m.parsed_by, ''),
                              getvariable('reuse_rules'))))
           AS fingerprint,
       count(*) AS reports
FROM current_reports r
LEFT JOIN file_manifest m USING (source_file)
WHERE r.year IS NOT NULL
GROUP BY r.year
ORDER BY r.year
