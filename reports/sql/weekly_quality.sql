-- The data-quality line of the weekly summary: the files loaded or
-- rejected since the period began ($1; the Monday load of the report week
-- counts), the rows they rejected, and the sources whose newest data is
-- older than a week before the period's end ($2).
WITH f AS (
    SELECT * FROM prodops.files WHERE loaded_at >= $1::timestamptz
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
                       WHERE newest < $2::timestamptz - interval '7 days')
);
