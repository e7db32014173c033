-- Store narrative reuse for the years computed again (rows registered as `reuse_rows`) and the
-- fingerprints they were computed from (`reuse_fingerprints`). Rules: pipeline/compare/reuse.py,
-- README "Narrative reuse".
DELETE FROM narrative_reuse WHERE list_contains(getvariable('reuse_years'), year);

INSERT INTO narrative_reuse SELECT * FROM reuse_rows;

DELETE FROM narrative_reuse_years;

INSERT INTO narrative_reuse_years SELECT year, fingerprint FROM reuse_fingerprints;
