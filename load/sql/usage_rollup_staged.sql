-- Every staged event was new (the usual first load of a period): the
-- rollups grow by the staged rows, read from the small staging table and
-- grouped once -- by user, day and event for usage_daily, and from those
-- groups by user and day for usage_user_days.  Migration 015: the groups'
-- source, user key and event name become their dictionary ids (fewer
-- rows to join than the staged events).
WITH t AS (
    SELECT (s.event_time AT TIME ZONE 'UTC')::date AS day, s.source,
           coalesce(s.user_id, s.device_id) AS user_key, s.event_name,
           max(coalesce(a1.account_id, a3.account_id)) AS account_id,
           sum(s.event_count) AS events,
           bit_or(prodops.half_hour_bit(s.event_time)) AS half_hours
      FROM stage_usage s
      LEFT JOIN prodops.accounts a1 ON a1.account_id = s.account_ref
      LEFT JOIN prodops.account_by_domain a3 ON a3.domain = s.email_domain
     GROUP BY 1, 2, 3, 4
), g AS (
    SELECT t.day, p.person_id, n.name_id, src.source_id, t.events,
           t.half_hours, t.account_id
      FROM t
      JOIN prodops.usage_sources src ON src.source = t.source
      JOIN prodops.usage_people p ON p.user_key = t.user_key
      JOIN prodops.usage_names n ON n.event_name = t.event_name
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
