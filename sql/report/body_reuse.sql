-- Narrative reuse pairs of the bodies in the list variable keys: every pair with the body's
-- previous year, and other bodies' same-year sections stored (similarity >= 0.5), with the
-- other report's printed name and body.
SELECT r.agency_key, n.year, n.section_code, n.relation, o.agency AS other_agency, o.agency_key AS other_key,
       n.other_year, n.similarity, n.shared_sentences, n.sentences, n.other_sentences, n.reused
FROM narrative_reuse n
JOIN current_reports r ON r.report_id = n.report_id
JOIN reports o ON o.report_id = n.other_report_id
WHERE r.agency_key IN (SELECT unnest(getvariable('keys')))
ORDER BY r.agency_key, n.year, n.section_code, n.relation DESC, n.similarity DESC, o.agency, n.other_report_id;
