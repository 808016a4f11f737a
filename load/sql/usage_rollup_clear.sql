-- --reprocess: every (source, UTC day) the earlier load or this one
-- touched, whose rollup rows usage_rollup_delete.sql and
-- usage_rollup_redo.sql make again from the events.
CREATE TEMP TABLE usage_redo_days ON COMMIT DROP AS
SELECT DISTINCT s.source, (o.event_time AT TIME ZONE 'UTC')::date AS day
  FROM usage_old o
  JOIN prodops.usage_sources s ON s.source_id = o.source_id
UNION
SELECT DISTINCT source, (event_time AT TIME ZONE 'UTC')::date
  FROM stage_usage;
