-- --reprocess: every (source, UTC day) the earlier load or this one
-- touched, whose rollup rows usage_rollup_delete.sql and
-- usage_rollup_redo.sql make again from the events (migration 015: by
-- source id).
CREATE TEMP TABLE usage_redo_days ON COMMIT DROP AS
SELECT DISTINCT o.source_id, (o.event_time AT TIME ZONE 'UTC')::date AS day
  FROM usage_old o
UNION
SELECT DISTINCT src.source_id, (s.event_time AT TIME ZONE 'UTC')::date
  FROM stage_usage s
  JOIN prodops.usage_sources src ON src.source = s.source;
