-- --reprocess (issue 13), as tickets_reprocess.sql: this load ($1)
-- replaces the file's earlier load ($2).  A response keyed without a
-- response id hashes its response time (SPEC §4), so a --tz fix gives it a
-- new key: the earlier key is withdrawn here rather than left as a second
-- copy of the answer.  Returns the number withdrawn.
WITH gone AS (
    DELETE FROM prodops.nps_responses t
     WHERE t.file_id = $2::bigint
       AND NOT EXISTS (SELECT 1 FROM stage_nps s
                        WHERE s.source = t.source
                          AND s.external_id = t.external_id)
    RETURNING 1
), kept AS (
    UPDATE prodops.nps_responses t SET file_id = $1::bigint
     WHERE t.file_id = $2::bigint
       AND EXISTS (SELECT 1 FROM stage_nps s
                    WHERE s.source = t.source
                      AND s.external_id = t.external_id)
)
SELECT count(*) FROM gone;
