-- While narrative reuse runs (pipeline/warehouse/reuse.py): DuckDB only streams sections to it, so
-- its cache of the load's blocks is let go (RSS falls) and the memory goes to the comparison;
-- load/session.sql sets the run's limit back afterwards.
SET memory_limit = '256MB'
