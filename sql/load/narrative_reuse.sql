-- Store narrative reuse for the years computed again from scratch (rows registered as
-- `reuse_rows`). Rules: pipeline/compare/reuse.py, README "Narrative reuse".
DELETE FROM narrative_reuse WHERE list_contains(getvariable('reuse_years'), year);

INSERT INTO narrative_reuse SELECT * FROM reuse_rows;
