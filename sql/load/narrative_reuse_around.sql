-- Store narrative reuse computed around a change of a few reports of one year (`reuse_year`):
-- the other-body rows of that year with a changed section (`reuse_dirty_sections`: report_id,
-- section_code) on either side, and the previous-year rows of that year and the next of the
-- reports registered as `reuse_dirty_reports`, replaced by the rows computed (`reuse_rows`).
-- Rules: pipeline/compare/reuse.py; which rows a change moves: pipeline/warehouse/reuse.py.
DELETE FROM narrative_reuse
WHERE relation = 'other_body'
  AND year = getvariable('reuse_year')
  AND (report_id || '/' || section_code IN (SELECT report_id || '/' || section_code FROM reuse_dirty_sections)
       OR other_report_id || '/' || section_code IN (SELECT report_id || '/' || section_code FROM reuse_dirty_sections));

DELETE FROM narrative_reuse
WHERE relation = 'previous_year'
  AND year IN (getvariable('reuse_year'), getvariable('reuse_year') + 1)
  AND report_id IN (SELECT report_id FROM reuse_dirty_reports);

INSERT INTO narrative_reuse SELECT * FROM reuse_rows;
