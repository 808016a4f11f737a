-- prodops jobs list: each job's latest run, {"job": {...}}.
SELECT coalesce(json_object_agg(job, json_build_object(
    'run_id', run_id,
    'started_at', to_char(started_at AT TIME ZONE 'UTC',
                          'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    'scheduled_for', to_char(scheduled_for AT TIME ZONE 'UTC',
                             'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    'status', status,
    'error', error)), '{}')
FROM (SELECT DISTINCT ON (job) * FROM prodops.runs
      WHERE trigger IS NOT NULL ORDER BY job, run_id DESC) r
