-- --reprocess (issue 13): this load ($1) replaces the file's earlier load
-- ($2).  The merge has already written the rows that changed (the earlier
-- load's rows are replaced whatever their updated_at: tickets_update.sql).
-- Rows of the earlier load that the file no longer yields (rejected now,
-- or under another --source) are withdrawn; the unchanged ones now belong
-- to this load.  Returns the number withdrawn.
WITH gone AS (
    DELETE FROM prodops.tickets t
     WHERE t.file_id = $2::bigint
       AND NOT EXISTS (SELECT 1 FROM stage_tickets s
                        WHERE s.source = t.source
                          AND s.external_id = t.external_id)
    RETURNING 1
), kept AS (
    UPDATE prodops.tickets t SET file_id = $1::bigint
     WHERE t.file_id = $2::bigint
       AND EXISTS (SELECT 1 FROM stage_tickets s
                    WHERE s.source = t.source
                      AND s.external_id = t.external_id)
)
SELECT count(*) FROM gone;
