-- Every narrative section of the bodies registered as `reuse_wanted_bodies` (body_key) in the
-- years read, with its kept sentence hashes: their previous-year pairs, computed around a change
-- (pipeline/warehouse/reuse.py). The body is the one reuse_input.sql gives.
WITH bodies AS (
    SELECT report_id, year, coalesce(agency_key, 'report:' || report_id) AS body_key
    FROM current_reports
    WHERE list_contains(getvariable('read_years'), year)
)
SELECT b.report_id, b.body_key, b.year, n.section_code, n.hashes
FROM bodies b
JOIN narrative_sentences n USING (report_id)
WHERE b.body_key IN (SELECT body_key FROM reuse_wanted_bodies)
ORDER BY b.report_id, n.section_code
