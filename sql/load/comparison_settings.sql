-- The comparison views' settings, written by every run from the run's settings (README
-- "Comparison layer"): a body-year with fewer applications received than min_applications gets no
-- rate in agency_peer_rank.
CREATE OR REPLACE TABLE comparison_settings AS
SELECT getvariable('min_applications')::INTEGER AS min_applications;
