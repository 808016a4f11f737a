-- A direct usage load (load/events.c): the people (migration 015: one id
-- per user key, shared by every source) of the person records the loader
-- COPYed into direct_users, before usage_direct_users.sql names them.
-- Distinct person records, not events: a few thousand rows where
-- usage_dictionaries.sql reads every staged event.
INSERT INTO prodops.usage_people (user_key)
SELECT DISTINCT coalesce(nullif(user_id, ''), device_id)
  FROM direct_users
 ORDER BY 1
ON CONFLICT DO NOTHING;
