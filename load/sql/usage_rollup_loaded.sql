-- Some staged events were duplicates: the rollups grow by exactly the rows
-- this file inserted (file_id = $1), found in the partitions of the file's
-- time span ($2, $3) only; grouped once, as in usage_rollup_staged.sql.
WITH g AS (
    SELECT (event_time AT TIME ZONE 'UTC')::date AS day, source, user_key,
           event_name, max(account_id) AS account_id,
           sum(event_count) AS events,
           bit_or(prodops.half_hour_bit(event_time)) AS half_hours
      FROM prodops.usage_events
     WHERE file_id = $1::bigint
       AND event_time BETWEEN $2::timestamptz AND $3::timestamptz
     GROUP BY 1, 2, 3, 4
), daily AS (
    INSERT INTO prodops.usage_daily AS d (day, source, user_key, event_name,
                                          account_id, events, half_hours)
    SELECT * FROM g
    ON CONFLICT (day, source, user_key, event_name) DO UPDATE SET
        events = d.events + excluded.events,
        half_hours = d.half_hours | excluded.half_hours,
        account_id = coalesce(excluded.account_id, d.account_id)
)
INSERT INTO prodops.usage_user_days AS u (day, source, user_key, account_id,
                                          events, half_hours)
SELECT day, source, user_key, max(account_id), sum(events), bit_or(half_hours)
  FROM g GROUP BY 1, 2, 3
ON CONFLICT (day, source, user_key) DO UPDATE SET
    events = u.events + excluded.events,
    half_hours = u.half_hours | excluded.half_hours,
    account_id = coalesce(excluded.account_id, u.account_id);
