-- What narrative_reuse is now computed from, written once every changed year is done (a run
-- stopped before computes them again): the changed years' reports and bodies
-- (`reuse_years`), every year's fingerprint (registered as `reuse_fingerprints`). Then the kept
-- hashes of reports no longer held go: a change is computed around while the reports it removed
-- still have theirs.
DELETE FROM narrative_reuse_reports WHERE list_contains(getvariable('reuse_years'), year);

INSERT INTO narrative_reuse_reports
SELECT report_id, year, coalesce(agency_key, 'report:' || report_id), getvariable('reuse_rules')
FROM current_reports
WHERE list_contains(getvariable('reuse_years'), year);

DELETE FROM narrative_reuse_years;

INSERT INTO narrative_reuse_years SELECT year, fingerprint FROM reuse_fingerprints;

DELETE FROM narrative_sentences WHERE report_id NOT IN (SELECT report_id FROM reports);
