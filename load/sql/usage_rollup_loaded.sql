-- Some staged events were duplicates: the rollups grow by exactly the rows
-- this file inserted (file_id = $1), found in the partitions of the file's
-- time span ($2, $3) only; grouped once, as in usage_rollup_staged.sql.
-- Migration 015: by ids; a person's account and user key come from the
-- people dictionary (usage_users), as the usage_events view gives them.
WITH g AS (
    SELECT (e.event_time AT TIME ZONE 'UTC')::date AS day, u.person_id,
           e.name_id, e.source_id, sum(e.event_count) AS events,
           bit_or(prodops.half_hour_bit(e.event_time)) AS half_hours,
           max(u.account_id) AS account_id
      FROM prodops.events e
      JOIN prodops.usage_users u ON u.user_ref = e.user_ref
     WHERE e.file_id = $1::integer
       AND e.event_time BETWEEN $2::timestamptz AND $3::timestamptz
     GROUP BY 1, 2, 3, 4
), daily AS (
    INSERT INTO prodops.rollup_daily AS d (day, person_id, name_id, source_id,
                                           events, half_hours, account_id)
    SELECT * FROM g
    ON CONFLICT (day, source_id, person_id, name_id) DO UPDATE SET
        events = d.events + excluded.events,
        half_hours = d.half_hours | excluded.half_hours,
        account_id = coalesce(excluded.account_id, d.account_id)
)
INSERT INTO prodops.rollup_user_days AS u (day, person_id, source_id, events,
                                           half_hours, account_id)
SELECT day, person_id, source_id, sum(events), bit_or(half_hours),
       max(account_id)
  FROM g GROUP BY 1, 2, 3
ON CONFLICT (day, source_id, person_id) DO UPDATE SET
    events = u.events + excluded.events,
    half_hours = u.half_hours | excluded.half_hours,
    account_id = coalesce(excluded.account_id, u.account_id);
