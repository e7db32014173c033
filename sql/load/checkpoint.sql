-- Write everything to the database file (the run then publishes that file as it is).
CHECKPOINT;
