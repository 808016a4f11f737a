-- Retention of a job's outputs: marks the runs whose files go
-- (outputs_removed) and returns the files to delete, one a row.
-- $1 job, $2 keep (output sets of successful runs; 0 = all), $3 keep_days
-- (0 = no age limit), $4 now (UTC microseconds since the epoch).  A run's outputs go when `keep` successful
-- runs are newer, or when it ran for an instant older than keep_days;
-- the newest successful run always stays.  A file another remaining run
-- also wrote (the same week's report, rewritten) is not deleted.  Only
-- files recorded in runs.outputs are ever named: prodops never deletes
-- what it did not write.
WITH job_runs AS (
    SELECT run_id, outputs, scheduled_for, status, outputs_removed
    FROM prodops.runs
    WHERE job = $1 AND trigger IS NOT NULL
), good AS (
    SELECT run_id FROM job_runs WHERE status IN ('ok', 'rejects')
), doomed AS (
    SELECT r.run_id, r.outputs FROM job_runs r
    WHERE NOT r.outputs_removed AND r.outputs <> '{}'
      AND r.status <> 'running'
      AND r.run_id < (SELECT max(run_id) FROM good)
      AND (($2::int > 0 AND (SELECT count(*) FROM good g
                             WHERE g.run_id > r.run_id) >= $2::int)
           OR ($3::int > 0 AND r.scheduled_for <
                   ('epoch'::timestamptz + $4::bigint * interval '1 us')
                   - make_interval(days => $3::int)))
), kept AS (
    SELECT DISTINCT unnest(outputs) AS path FROM job_runs
    WHERE NOT outputs_removed AND run_id NOT IN (SELECT run_id FROM doomed)
), marked AS (
    UPDATE prodops.runs SET outputs_removed = true
    WHERE run_id IN (SELECT run_id FROM doomed)
)
SELECT DISTINCT p FROM doomed d, unnest(d.outputs) p
WHERE p NOT IN (SELECT path FROM kept)
ORDER BY 1
