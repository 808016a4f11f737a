-- SPEC §4: events are immutable; a key already stored (an overlapping
-- export, a repeat inside the file) is a duplicate and changes nothing.
-- The row count is the file's new events.  $1 = file_id.
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
ON CONFLICT DO NOTHING;
