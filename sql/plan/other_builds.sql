-- Whether a present file was parsed by another code build than `build`: a new build reaches
-- every file, so the run lists the whole raw directory.
SELECT count(*) > 0 FROM file_manifest
WHERE status = 'present' AND parsed_by IS DISTINCT FROM getvariable('build');
