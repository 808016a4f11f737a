-- --reprocess: the rollups of the days in usage_redo_days, from the events
-- (deleted by merge_usage() just before), grouped as in
-- usage_rollup_staged.sql; a row's account is the greatest of its events'.
WITH g AS (
    SELECT (e.event_time AT TIME ZONE 'UTC')::date AS day, u.person_id,
           e.name_id, e.source_id, sum(e.event_count) AS events,
           bit_or(prodops.half_hour_bit(e.event_time)) AS half_hours,
           max(u.account_id) AS account_id
      FROM prodops.events e
      JOIN prodops.usage_users u ON u.user_ref = e.user_ref
      JOIN usage_redo_days x
        ON x.source_id = e.source_id
       AND x.day = (e.event_time AT TIME ZONE 'UTC')::date
     WHERE e.event_time >= (SELECT min(day) FROM usage_redo_days)::timestamp
                           AT TIME ZONE 'UTC'
       AND e.event_time < ((SELECT max(day) FROM usage_redo_days) + 1)::timestamp
                          AT TIME ZONE 'UTC'
     GROUP BY 1, 2, 3, 4
), daily AS (
    INSERT INTO prodops.rollup_daily (day, person_id, name_id, source_id,
                                      events, half_hours, account_id)
    SELECT * FROM g
)
INSERT INTO prodops.rollup_user_days (day, person_id, source_id, events,
                                      half_hours, account_id)
SELECT day, person_id, source_id, sum(events), bit_or(half_hours),
       max(account_id)
  FROM g GROUP BY 1, 2, 3;
