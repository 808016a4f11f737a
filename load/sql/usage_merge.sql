-- SPEC §4: events are immutable; a key already stored (an overlapping
-- export, a repeat inside the file) is a duplicate and changes nothing.
-- The new events feed the daily rollup in the same statement, so the
-- rollup is exactly the sum of the table.  Returns staged, distinct,
-- inserted, updated.  $1 = file_id.
WITH ins AS (
    INSERT INTO prodops.usage_events (
        source, event_key, user_id, device_id, user_key, account_id,
        account_ref, email_domain, event_name, event_time, event_count,
        properties, file_id)
    SELECT s.source, s.event_key, s.user_id, s.device_id,
           coalesce(s.user_id, s.device_id),
           coalesce(a1.account_id, a3.account_id), s.account_ref,
           s.email_domain, s.event_name, s.event_time, s.event_count,
           s.properties, $1::bigint
      FROM stage_usage s
      LEFT JOIN prodops.accounts a1 ON a1.account_id = s.account_ref
      LEFT JOIN prodops.account_by_domain a3 ON a3.domain = s.email_domain
    ON CONFLICT DO NOTHING
    RETURNING source, user_key, account_id, event_name, event_time,
              event_count
), rolled AS (
    INSERT INTO prodops.usage_daily AS d (day, source, user_key, event_name,
                                          account_id, events)
    SELECT (event_time AT TIME ZONE 'UTC')::date, source, user_key,
           event_name, max(account_id), sum(event_count)
      FROM ins
     GROUP BY 1, 2, 3, 4
    ON CONFLICT (day, source, user_key, event_name) DO UPDATE SET
        events = d.events + excluded.events,
        account_id = coalesce(excluded.account_id, d.account_id)
    RETURNING 1
)
SELECT (SELECT count(*) FROM stage_usage),
       (SELECT count(*) FROM ins),
       (SELECT count(*) FROM ins),
       0,
       (SELECT count(*) FROM rolled);
