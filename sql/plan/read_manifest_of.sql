-- The published manifest's rows of the files named to a run (`files`): a run the sensor started
-- for a few files reads their rows only, not the manifest of every file.
SELECT * FROM file_manifest WHERE source_file IN (SELECT unnest(getvariable('files')::VARCHAR[]));
