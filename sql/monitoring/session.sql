-- Settings of a run's read-only connection to the published warehouse (asset checks, the
-- comparison page): bounded memory, spilling beyond it, so a run's RSS stays bounded whatever
-- the warehouse's size (an analyst's own session is theirs to set).
SET memory_limit = '1GB';
