-- --reprocess: the rollups of the days in usage_redo_days, from the events
-- (deleted by merge_usage() just before), grouped as in
-- usage_rollup_staged.sql; a row's account is the greatest of its events'.
WITH g AS (
    SELECT (e.event_time AT TIME ZONE 'UTC')::date AS day, e.source,
           e.user_key, e.event_name, max(e.account_id) AS account_id,
           sum(e.event_count) AS events,
           bit_or(prodops.half_hour_bit(e.event_time)) AS half_hours
      FROM prodops.usage_events e
      JOIN usage_redo_days x
        ON x.source = e.source
       AND x.day = (e.event_time AT TIME ZONE 'UTC')::date
     WHERE e.event_time >= (SELECT min(day) FROM usage_redo_days)::timestamp
                           AT TIME ZONE 'UTC'
       AND e.event_time < ((SELECT max(day) FROM usage_redo_days) + 1)::timestamp
                          AT TIME ZONE 'UTC'
     GROUP BY 1, 2, 3, 4
), daily AS (
    INSERT INTO prodops.usage_daily (day, source, user_key, event_name,
                                     account_id, events, half_hours)
    SELECT * FROM g
)
INSERT INTO prodops.usage_user_days (day, source, user_key, account_id,
                                     events, half_hours)
SELECT day, source, user_key, max(account_id), sum(events), bit_or(half_hours)
  FROM g GROUP BY 1, 2, 3;
