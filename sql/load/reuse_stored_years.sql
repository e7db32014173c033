-- The fingerprints narrative_reuse was last computed from (sql/load/reuse_years.sql).
SELECT year, fingerprint FROM narrative_reuse_years ORDER BY year
