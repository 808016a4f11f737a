-- The data-quality line of the weekly summary: the files loaded or
-- rejected since the period began ($1; the Monday load of the report week
-- counts), the rows they rejected, each family's data_through and the
-- stale sources.  SPEC §6 "As of", with the period's end ($2) as today in
-- zone $3: a source's data_through is the local date of its newest
-- timestamp (tickets: created, updated or solved; NPS: responded; usage:
-- event time) capped at the day before; more than 7 days before today is
-- stale.  Issue 13: the values those files mapped to other (status,
-- priority, channel) or to NULL (satisfaction), summed per source, column
-- and value from each file's warnings->'unmapped' (load/README.md); a null
-- value counts the rows of values beyond a file's kept list.
-- Columns after the line's JSON, for the attention (reports/attention.h):
-- each family's data_through and first day as days since 1970-01-01
-- (NULL: no data), tickets, NPS, usage, as data_through.sql has them.
-- Issue 15: the weekly report ran data_through.sql as well, a second scan
-- of every ticket and response (0.3 s of the server's time at the report
-- bench warehouse); its tickets and NPS come from the per-source scans
-- here (the newest of all sources is the newest of each's newest, the
-- first the oldest of each's oldest), its usage part from
-- usage_data_bounds() as there.
WITH f AS (
    SELECT * FROM prodops.files WHERE loaded_at >= $1::timestamptz
), b AS (
    SELECT ($2::timestamptz AT TIME ZONE $3)::date AS today
), unmapped AS (
    SELECT f.source, u->>'column' AS col, u->>'value' AS value,
           sum((u->>'count')::bigint) AS n
      FROM f, jsonb_array_elements(f.warnings->'unmapped') u
     WHERE f.status = 'loaded'
     GROUP BY 1, 2, 3
), unmapped_cols AS (
    SELECT source, col, sum(n) AS n,
           json_agg(json_build_object('value', value, 'count', n)
                    ORDER BY value IS NULL, n DESC, value) AS "values"
      FROM unmapped GROUP BY source, col
), newest AS (
    -- greatest() per row, one max(): both skip NULLs, so the newest of
    -- the three per row is the newest of all three columns (one
    -- aggregate over a million rows rather than three, issue 15).
    SELECT source, 'tickets' AS kind,
           max(greatest(created_at, updated_at, solved_at)) AS newest,
           min(created_at) AS oldest
      FROM prodops.tickets GROUP BY source
    UNION ALL
    SELECT source, 'nps', max(responded_at), min(responded_at)
      FROM prodops.nps_responses
     GROUP BY source
    UNION ALL
    -- The rollup's newest UTC day per source (a backward scan of its key
    -- per source, not a read of every row), then that day's newest event
    -- (BRIN on event_time), else the day's end.
    SELECT d.source, 'usage',
           coalesce((SELECT max(e.event_time) FROM prodops.usage_events e
                      WHERE e.source = d.source
                        AND e.event_time >= d.day::timestamp AT TIME ZONE 'UTC'
                        AND e.event_time < (d.day + 1)::timestamp AT TIME ZONE 'UTC'),
                    (d.day + 1)::timestamp AT TIME ZONE 'UTC'
                        - interval '1 microsecond'),
           NULL
      FROM (SELECT s.source,
                   (SELECT max(r.day) FROM prodops.rollup_user_days r
                     WHERE r.source_id = s.source_id) AS day
              FROM prodops.usage_sources s) d
     WHERE d.day IS NOT NULL
), dated AS (
    SELECT n.*, least((n.newest AT TIME ZONE $3)::date, b.today - 1)
                    AS data_through
      FROM newest n, b
), usage_newest AS (
    -- data_through.sql's usage, of all sources (migration 030).
    SELECT * FROM prodops.usage_data_bounds()
), through AS (
    -- least() skips NULLs: no data must stay NULL, not become yesterday.
    SELECT max(data_through) FILTER (WHERE kind = 'tickets') - date '1970-01-01'
               AS tickets,
           (min(oldest) FILTER (WHERE kind = 'tickets') AT TIME ZONE $3)::date
               - date '1970-01-01' AS tickets_first,
           max(data_through) FILTER (WHERE kind = 'nps') - date '1970-01-01'
               AS nps,
           (min(oldest) FILTER (WHERE kind = 'nps') AT TIME ZONE $3)::date
               - date '1970-01-01' AS nps_first,
           (SELECT CASE WHEN u.newest IS NOT NULL
                        THEN least((u.newest AT TIME ZONE $3)::date,
                                   b.today - 1) END
                   - date '1970-01-01'
              FROM usage_newest u, b) AS usage,
           (SELECT first - date '1970-01-01' FROM usage_newest) AS usage_first
      FROM dated
)
SELECT json_build_object(
    'files_loaded', (SELECT count(*) FROM f WHERE status = 'loaded'),
    'files_rejected', (SELECT count(*) FROM f WHERE status = 'rejected'),
    'rows_loaded', (SELECT coalesce(sum(rows_loaded + rows_updated), 0) FROM f
                     WHERE status = 'loaded'),
    'rows_rejected', (SELECT coalesce(sum(rows_rejected), 0) FROM f),
    'data_through', (SELECT json_build_object(
                         'tickets', max(data_through) FILTER (WHERE kind = 'tickets'),
                         'nps', max(data_through) FILTER (WHERE kind = 'nps'),
                         'usage', max(data_through) FILTER (WHERE kind = 'usage'))
                       FROM dated),
    'stale_sources', (SELECT coalesce(json_agg(json_build_object(
                                 'source', source, 'kind', kind,
                                 'newest', newest, 'data_through', data_through)
                             ORDER BY newest), '[]')
                        FROM dated, b
                       WHERE data_through < b.today - 7),
    'unmapped', (SELECT coalesce(json_agg(json_build_object(
                            'source', source, 'column', col,
                            'mapped_to', CASE col WHEN 'satisfaction'
                                         THEN 'NULL' ELSE 'other' END,
                            'count', n, 'values', "values")
                            ORDER BY source, n DESC, col), '[]')
                   FROM unmapped_cols)
), t.tickets, t.tickets_first, t.nps, t.nps_first, t.usage, t.usage_first
  FROM through t;
