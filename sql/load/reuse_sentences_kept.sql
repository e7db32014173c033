-- Kept sentence hashes stand while the reuse rules (polars' hashing, the parser build) are the
-- same; the others go (hashed again when their year is read). Those of the reports reuse no
-- longer reads go once the run's reuse is computed (reuse_done.sql).
DELETE FROM narrative_sentences WHERE rules <> getvariable('reuse_rules');
