-- [retention] rejects_days: the rejected rows of files loaded before $1.
-- The files rows stay (SPEC §4 skips a file loaded before; SPEC §5's
-- counts reconcile), only the quarantined lines go.
WITH gone AS (
    DELETE FROM prodops.rejects r
     USING prodops.files f
     WHERE r.file_id = f.file_id AND f.loaded_at < $1::timestamptz
    RETURNING r.file_id
)
SELECT count(*), count(DISTINCT file_id) FROM gone;
