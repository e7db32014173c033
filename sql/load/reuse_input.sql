-- The narrative sections narrative reuse reads (pipeline/warehouse/reuse.py), streamed in batches:
-- those of the years it computes and of the years before them, with their kept sentence hashes.
-- A report without a canonical body is a body of its own: it pairs with no earlier year.
SELECT s.report_id, coalesce(r.agency_key, 'report:' || r.report_id) AS body_key, r.year, s.section_code, n.hashes
FROM sections s
JOIN current_reports r USING (report_id)
JOIN narrative_sentences n ON n.report_id = s.report_id AND n.section_code = s.section_code
WHERE list_contains(getvariable('read_years'), r.year)
  AND s.section_code IN ('overview', 'problems_improvements', 'other_matters')
