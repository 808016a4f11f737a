-- SPEC §4: events are immutable; a key already stored (an overlapping
-- export, a repeat inside the file) is a duplicate and changes nothing.
-- The row count is the file's new events.  $1 = file_id.  The lean row of
-- migration 014: dictionary ids, the key's 128-bit hash, and properties
-- only where the loader kept any (NULL otherwise).
INSERT INTO prodops.events (event_time, user_ref, name_id, event_count,
                            file_id, source_id, key_hash, properties)
SELECT s.event_time, u.user_ref, n.name_id, s.event_count, $1::integer,
       src.source_id, s.key_hash, s.properties
  FROM stage_usage s
  JOIN prodops.usage_sources src ON src.source = s.source
  JOIN prodops.usage_names n ON n.event_name = s.event_name
  JOIN prodops.usage_users u
    ON u.source_id = src.source_id
   AND u.user_id = coalesce(s.user_id, '')
   AND u.device_id = coalesce(s.device_id, '')
   AND u.email = coalesce(s.email, '')
   AND u.account_ref = coalesce(s.account_ref, '')
   AND u.email_domain = coalesce(s.email_domain, '')
ON CONFLICT DO NOTHING;
