-- Kept sentence hashes stand while the reuse rules (and polars' hashing) are the same and their
-- report is held; the others go (hashed again when their year is read).
DELETE FROM narrative_sentences
WHERE rules <> getvariable('reuse_rules') OR report_id NOT IN (SELECT report_id FROM reports);
