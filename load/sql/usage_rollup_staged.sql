-- Every staged event was new (the usual first load of a period): the
-- rollups grow by the staged rows, read from the small staging table and
-- grouped once -- by user, day and event for usage_daily, and from those
-- groups by user and day for usage_user_days.
WITH g AS (
    SELECT (s.event_time AT TIME ZONE 'UTC')::date AS day, s.source,
           coalesce(s.user_id, s.device_id) AS user_key, s.event_name,
           max(coalesce(a1.account_id, a3.account_id)) AS account_id,
           sum(s.event_count) AS events,
           bit_or(prodops.half_hour_bit(s.event_time)) AS half_hours
      FROM stage_usage s
      LEFT JOIN prodops.accounts a1 ON a1.account_id = s.account_ref
      LEFT JOIN prodops.account_by_domain a3 ON a3.domain = s.email_domain
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
