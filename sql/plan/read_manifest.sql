-- The published manifest: what the last run saw of every raw file (empty before the first run).
-- Every column: a warehouse made by earlier code may lack the newer ones (read as NULL).
SELECT * FROM file_manifest;
