-- Settings of a run's connection to its candidate warehouse.
SET preserve_insertion_order = false;
SET memory_limit = '1GB';  -- spills to disk beyond this: the run's RSS stays bounded
