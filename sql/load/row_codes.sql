-- Template row order and printed labels, reloaded on every run from pipeline/vocabulary.py
-- (the run registers them as the relation `template_rows`).
DELETE FROM row_codes;
INSERT INTO row_codes SELECT table_code, row_code, row_order, label FROM template_rows;
