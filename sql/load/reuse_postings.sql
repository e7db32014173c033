-- Which current sections of the years read print each sentence registered as `reuse_wanted_hashes`
-- (year, section_code, h), and their bodies: the boilerplate rule's counts and the sections that
-- share a sentence with a changed one, for narrative reuse around a change
-- (pipeline/warehouse/reuse.py). The body is the one reuse_input.sql gives.
WITH held AS (
    SELECT n.report_id, n.section_code, r.year, coalesce(r.agency_key, 'report:' || r.report_id) AS body_key,
           unnest(n.hashes) AS h
    FROM narrative_sentences n
    JOIN current_reports r USING (report_id)
    WHERE list_contains(getvariable('read_years'), r.year)
)
SELECT held.report_id, held.section_code, held.year, held.body_key, held.h
FROM held
SEMI JOIN reuse_wanted_hashes w ON held.year = w.year AND held.section_code = w.section_code AND held.h = w.h
