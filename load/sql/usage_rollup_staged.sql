-- Every staged event was new (the usual first load of a period): the
-- rollup grows by the staged rows, read from the small staging table.
INSERT INTO prodops.usage_daily AS d (day, source, user_key, event_name,
                                      account_id, events)
SELECT (s.event_time AT TIME ZONE 'UTC')::date, s.source,
       coalesce(s.user_id, s.device_id), s.event_name,
       max(coalesce(a1.account_id, a3.account_id)), sum(s.event_count)
  FROM stage_usage s
  LEFT JOIN prodops.accounts a1 ON a1.account_id = s.account_ref
  LEFT JOIN prodops.account_by_domain a3 ON a3.domain = s.email_domain
 GROUP BY 1, 2, 3, 4
ON CONFLICT (day, source, user_key, event_name) DO UPDATE SET
    events = d.events + excluded.events,
    account_id = coalesce(excluded.account_id, d.account_id);
