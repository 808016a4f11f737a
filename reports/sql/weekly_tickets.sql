-- $4: whether to compute the 13-week trend (the week before's report
-- leaves it null: nobody reads it).
-- SPEC §6 tickets over the period [$1, $2) (timestamptz), as one JSON
-- object, with the 13-week trend of created and solved in zone $3.  Counts
-- are counts (0 in an empty week); medians, percentiles and percentages
-- are null when nothing qualifies.  solved_time is the solved time, else
-- the updated_at of a solved or closed ticket (migration 005).  Every part
-- reads an index range: created_at, solved_time, or both for the backlog.
WITH created AS (
    -- Only the columns read below: the CTE is materialized, and a quarter
    -- (the OKR review) holds hundreds of thousands of rows.
    SELECT created_at, first_reply_at, channel, priority, product_area, tags,
           themes
      FROM prodops.tickets
     WHERE created_at >= $1::timestamptz AND created_at < $2::timestamptz
), solved AS (
    SELECT satisfaction, reopens,
           extract(epoch FROM solved_time - created_at)::float8 / 3600 AS hours
      FROM prodops.tickets
     WHERE solved_time >= $1::timestamptz AND solved_time < $2::timestamptz
), replied AS (
    SELECT extract(epoch FROM first_reply_at - created_at)::float8 / 3600
               AS hours
      FROM created WHERE first_reply_at IS NOT NULL
), weeks AS (
    SELECT * FROM prodops.report_weeks($2::timestamptz, $3, 13)
)
SELECT json_build_object(
    'tickets_created', (SELECT count(*) FROM created),
    'tickets_solved', (SELECT count(*) FROM solved),
    'backlog_end', (SELECT count(*) FROM prodops.tickets
                     WHERE created_at < $2::timestamptz
                       AND (solved_time IS NULL
                            OR solved_time >= $2::timestamptz)),
    'first_reply_hours_median',
        (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) FROM replied),
    'first_reply_hours_p90',
        (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY hours) FROM replied),
    'resolution_hours_median',
        (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) FROM solved),
    'resolution_hours_p90',
        (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY hours) FROM solved),
    'csat_pct',
        (SELECT 100.0 * count(*) FILTER (WHERE satisfaction = 'good')
                / nullif(count(satisfaction), 0) FROM solved),
    'reopen_rate_pct',
        (SELECT 100.0 * count(*) FILTER (WHERE reopens > 0)
                / nullif(count(reopens), 0) FROM solved),
    'by_channel', (SELECT coalesce(json_object_agg(k, n ORDER BY n DESC, k), '{}')
                     FROM (SELECT coalesce(channel, 'unknown') AS k, count(*) AS n
                             FROM created GROUP BY 1) x),
    'by_priority', (SELECT coalesce(json_object_agg(k, n ORDER BY n DESC, k), '{}')
                      FROM (SELECT coalesce(priority, 'unknown') AS k, count(*) AS n
                              FROM created GROUP BY 1) x),
    'by_product_area', (SELECT coalesce(json_object_agg(k, n ORDER BY n DESC, k), '{}')
                          FROM (SELECT coalesce(product_area, 'unknown') AS k,
                                       count(*) AS n
                                  FROM created GROUP BY 1) x),
    'top_tags', (SELECT coalesce(json_agg(json_build_object('tag', k, 'count', n)
                                          ORDER BY n DESC, k), '[]')
                   FROM (SELECT k, count(*) AS n FROM created, unnest(tags) k
                          GROUP BY k ORDER BY n DESC, k LIMIT 10) x),
    'top_themes', (SELECT coalesce(json_agg(json_build_object('theme', k, 'count', n)
                                            ORDER BY n DESC, k), '[]')
                     FROM (SELECT k, count(*) AS n FROM created, unnest(themes) k
                            GROUP BY k ORDER BY n DESC, k LIMIT 10) x),
    'trend', CASE WHEN $4::boolean THEN (SELECT json_agg(json_build_object(
                         'week', w.label,
                         'tickets_created', (SELECT count(*) FROM prodops.tickets
                                              WHERE created_at >= w.start
                                                AND created_at < w.stop),
                         'tickets_solved', (SELECT count(*) FROM prodops.tickets
                                             WHERE solved_time >= w.start
                                               AND solved_time < w.stop))
                     ORDER BY w.start)
                FROM weeks w) END
);
