-- What narrative_reuse is now computed from, written once every changed year is done (a run
-- stopped before computes them again): the changed years' reports and bodies, by applying their
-- changes (registered as `reuse_changes`: change 'added' | 'removed', report_id, year, body_key —
-- a one-file run writes one row, not its year's), every year's fingerprint (registered as
-- `reuse_fingerprints`), the template sentences of the years computed (`boilerplate_years`,
-- registered as `reuse_boilerplate_rows`). Then the kept hashes of the reports reuse no longer
-- reads go: a change is computed around while the reports it removed still have theirs.
DELETE FROM narrative_reuse_reports n
USING reuse_changes c
WHERE c.change = 'removed' AND n.report_id = c.report_id AND n.year = c.year;

INSERT INTO narrative_reuse_reports
SELECT report_id, year, body_key, getvariable('reuse_rules') FROM reuse_changes WHERE change = 'added';

DELETE FROM narrative_reuse_years;

INSERT INTO narrative_reuse_years SELECT year, fingerprint FROM reuse_fingerprints;

DELETE FROM narrative_boilerplate WHERE list_contains(getvariable('boilerplate_years'), year);

INSERT INTO narrative_boilerplate SELECT year, section_code, h, bodies FROM reuse_boilerplate_rows;

DELETE FROM narrative_sentences
WHERE report_id IN (SELECT report_id FROM reuse_changes WHERE change = 'removed'
                    EXCEPT SELECT report_id FROM reuse_changes WHERE change = 'added');
