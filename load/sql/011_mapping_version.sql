-- Issue 13: mapping fixes must reach loaded rows.  A file is skipped once
-- loaded (SPEC §4), so a corrected vendor mapping (or a --tz given wrong)
-- never reached the warehouse.  Each file now records the mapping version
-- it was read with (transform/profile.h PD_MAPPING_VERSION; files loaded
-- before this migration were read by version 1), and `prodops ingest
-- --reprocess` reads a loaded file again: the earlier files row becomes
-- 'reprocessed' (its rows_* stay as they were: history), the new row links
-- to it with reprocess_of, and rows_withdrawn counts the rows of the
-- earlier load the file no longer yields (load/README.md, "Reprocessing").
ALTER TABLE prodops.files
    ADD COLUMN mapping_version integer NOT NULL DEFAULT 1,
    ADD COLUMN reprocess_of bigint REFERENCES prodops.files,
    ADD COLUMN rows_withdrawn bigint NOT NULL DEFAULT 0;
-- Every load states its version: no default from now on.
ALTER TABLE prodops.files ALTER COLUMN mapping_version DROP DEFAULT;
ALTER TABLE prodops.files DROP CONSTRAINT files_status_check;
ALTER TABLE prodops.files ADD CONSTRAINT files_status_check
    CHECK (status IN ('loaded', 'rejected', 'reprocessed'));
