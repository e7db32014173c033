-- How many reports (present or not) came from files under the folder `prefix` (the benchmark's
-- added files: each series adds new text, never a file an earlier series added).
SELECT count(*) FROM reports WHERE starts_with(source_file, getvariable('prefix'));
