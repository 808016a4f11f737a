-- Issue 12: file names need not be UTF-8.  A path with a byte that is not
-- UTF-8 (a Latin-1 name from a Windows share) made the text lookup fail
-- with "invalid byte sequence" and the whole run with it.  path and name
-- now hold a printable form (such bytes as \xHH, common/printable.h), and
-- path_bytes the path exactly as the file system gave it, which is what
-- the skip-by-path check compares.  Rows from before hold valid UTF-8
-- paths, whose bytes are their UTF-8 encoding.

ALTER TABLE prodops.files ADD COLUMN path_bytes bytea;
UPDATE prodops.files SET path_bytes = convert_to(path, 'UTF8')
    WHERE path IS NOT NULL;
DROP INDEX prodops.files_path;
CREATE INDEX files_path_bytes ON prodops.files (path_bytes, size_bytes,
                                                mtime_ns);
