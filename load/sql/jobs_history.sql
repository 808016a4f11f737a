-- prodops jobs history: the job runs, newest first, as one JSON array.
-- $1 job name (NULL: every job), $2 how many rows.  Job runs are the rows
-- with a trigger (migration 009); `prodops ingest` rows have none.
SELECT coalesce(json_agg(json_build_object(
    'run_id', run_id,
    'job', job,
    'trigger', trigger,
    'scheduled_for', to_char(scheduled_for AT TIME ZONE 'UTC',
                             'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    'started_at', to_char(started_at AT TIME ZONE 'UTC',
                          'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    'finished_at', to_char(finished_at AT TIME ZONE 'UTC',
                           'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    'seconds', round(extract(epoch FROM finished_at - started_at)::numeric, 3),
    'status', status,
    'attempt', attempt,
    'host', host,
    'pid', pid,
    'files', stats -> 'files',
    'rows', stats -> 'rows',
    'reports', stats -> 'reports',
    'outputs', outputs,
    'outputs_removed', outputs_removed,
    'error', error) ORDER BY run_id DESC), '[]')
FROM (SELECT * FROM prodops.runs
      WHERE trigger IS NOT NULL AND ($1::text IS NULL OR job = $1)
      ORDER BY run_id DESC LIMIT $2::bigint) r
