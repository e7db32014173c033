-- The narrative sections of the years narrative reuse reads whose sentences are not hashed yet
-- (narrative_sentences), streamed in batches to pipeline/warehouse/reuse.py.
SELECT s.report_id, s.section_code, s.body
FROM sections s
JOIN current_reports r USING (report_id)
WHERE list_contains(getvariable('read_years'), r.year)
  AND s.section_code IN ('overview', 'problems_improvements', 'other_matters')
  AND NOT EXISTS (SELECT 1 FROM narrative_sentences n WHERE n.report_id = s.report_id AND n.section_code = s.section_code)
