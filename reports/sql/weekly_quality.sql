-- The data-quality line of the weekly summary: the files loaded or
-- rejected since the period began ($1; the Monday load of the report week
-- counts), the rows they rejected, and the sources whose newest data is
-- older than a week before the period's end ($2).  Issue 13: the values
-- those files mapped to other (status, priority, channel) or to NULL
-- (satisfaction), summed per source, column and value from each file's
-- warnings->'unmapped' (load/README.md); a null value counts the rows of
-- values beyond a file's kept list.
WITH f AS (
    SELECT * FROM prodops.files WHERE loaded_at >= $1::timestamptz
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
    SELECT source, 'tickets' AS kind, max(updated_at) AS newest
      FROM prodops.tickets GROUP BY source
    UNION ALL
    SELECT source, 'nps', max(responded_at) FROM prodops.nps_responses
     GROUP BY source
    UNION ALL
    SELECT source, 'usage', (max(day) + 1)::timestamp AT TIME ZONE 'UTC'
      FROM prodops.usage_user_days GROUP BY source
)
SELECT json_build_object(
    'files_loaded', (SELECT count(*) FROM f WHERE status = 'loaded'),
    'files_rejected', (SELECT count(*) FROM f WHERE status = 'rejected'),
    'rows_loaded', (SELECT coalesce(sum(rows_loaded + rows_updated), 0) FROM f
                     WHERE status = 'loaded'),
    'rows_rejected', (SELECT coalesce(sum(rows_rejected), 0) FROM f),
    'stale_sources', (SELECT coalesce(json_agg(json_build_object(
                                 'source', source, 'kind', kind,
                                 'newest', newest) ORDER BY newest), '[]')
                        FROM newest
                       WHERE newest < $2::timestamptz - interval '7 days'),
    'unmapped', (SELECT coalesce(json_agg(json_build_object(
                            'source', source, 'column', col,
                            'mapped_to', CASE col WHEN 'satisfaction'
                                         THEN 'NULL' ELSE 'other' END,
                            'count', n, 'values', "values")
                            ORDER BY source, n DESC, col), '[]')
                   FROM unmapped_cols)
);
