-- Whether the file `source_file` is in the warehouse and present (the benchmark polls it after adding a file).
SELECT count(*) = 1 FROM reports WHERE source_file = getvariable('source_file') AND is_present;
