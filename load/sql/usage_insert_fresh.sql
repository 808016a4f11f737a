-- The fresh-range fast path (usage_fresh.sql said no stored event can
-- conflict): usage_insert.sql without ON CONFLICT.  An ORDER BY
-- event_time measured no faster (exports come in time order).  A key
-- repeated inside the file still conflicts: the unique violation rolls
-- the fast path back to its savepoint and the file goes through
-- usage_insert.sql, which counts the repeat as a duplicate (stage.c
-- merge_usage_fresh()).  $1 = file_id.
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
   AND u.email_domain = coalesce(s.email_domain, '');
