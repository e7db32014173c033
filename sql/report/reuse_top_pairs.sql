-- The ten most similar reused pairs (each other_body pair once), with both bodies' printed names.
SELECT n.relation, n.section_code, r.agency, n.year, o.agency AS other_agency, n.other_year, n.similarity,
       n.shared_sentences, n.sentences, n.other_sentences
FROM narrative_reuse n
JOIN reports r ON r.report_id = n.report_id
JOIN reports o ON o.report_id = n.other_report_id
WHERE n.reused AND (n.relation = 'previous_year' OR n.report_id < n.other_report_id)
ORDER BY n.similarity DESC, n.shared_sentences DESC, n.report_id, n.other_report_id, n.section_code
LIMIT 10;
