-- The sentence hashes of the sections just hashed (registered as `new_sentences`).
INSERT INTO narrative_sentences SELECT report_id, section_code, getvariable('reuse_rules'), hashes FROM new_sentences;
