-- Kept sentence hashes stand while the reuse rules (and polars' hashing) are the same; the others
-- go (hashed again when their year is read). Those of reports no longer held go once the run's
-- reuse is computed (reuse_done.sql).
DELETE FROM narrative_sentences WHERE rules <> getvariable('reuse_rules');
