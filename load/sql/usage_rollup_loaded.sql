-- Some staged events were duplicates: the rollup grows by exactly the rows
-- this file inserted (file_id = $1), found in the partitions of the file's
-- time span ($2, $3) only.
INSERT INTO prodops.usage_daily AS d (day, source, user_key, event_name,
                                      account_id, events)
SELECT (event_time AT TIME ZONE 'UTC')::date, source, user_key, event_name,
       max(account_id), sum(event_count)
  FROM prodops.usage_events
 WHERE file_id = $1::bigint
   AND event_time BETWEEN $2::timestamptz AND $3::timestamptz
 GROUP BY 1, 2, 3, 4
ON CONFLICT (day, source, user_key, event_name) DO UPDATE SET
    events = d.events + excluded.events,
    account_id = coalesce(excluded.account_id, d.account_id);
