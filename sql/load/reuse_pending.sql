-- The narrative sections of the years narrative reuse reads whose sentences are not hashed yet
-- (narrative_sentences), streamed in batches to pipeline/warehouse/reuse.py. A report's sections
-- are hashed together (one insert for all of them, an empty list for a section without a
-- sentence that counts) and dropped together, so the reports without a hashed section are found
-- first: the anti-join of every section, with its text, against the kept hashes took most of a
-- one-file run's narrative reuse at 10^6 reports.
SELECT s.report_id, s.section_code, s.body
FROM sections s
WHERE s.section_code IN ('overview', 'problems_improvements', 'other_matters')
  AND s.report_id IN (SELECT r.report_id FROM current_reports r
                      WHERE list_contains(getvariable('read_years'), r.year)
                        AND r.report_id NOT IN (SELECT report_id FROM narrative_sentences))
  AND NOT EXISTS (SELECT 1 FROM narrative_sentences n WHERE n.report_id = s.report_id AND n.section_code = s.section_code)
