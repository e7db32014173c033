-- The kept sentence hashes of the reports registered as `reuse_wanted` (report_id), held or gone:
-- narrative reuse around a change reads the sections it changed (pipeline/warehouse/reuse.py).
SELECT report_id, section_code, hashes
FROM narrative_sentences
WHERE report_id IN (SELECT report_id FROM reuse_wanted)
ORDER BY report_id, section_code
