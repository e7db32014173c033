-- The published manifest: what the last run saw of every raw file (empty before the first run).
SELECT source_file, size_bytes, mtime_ns, sha256, status
FROM file_manifest;
