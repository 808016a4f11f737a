-- --reprocess: the rollup rows of usage_redo_days go; usage_rollup_redo.sql
-- makes them again from the events.
WITH daily AS (
    DELETE FROM prodops.rollup_daily d
     USING usage_redo_days x
     WHERE d.day = x.day AND d.source_id = x.source_id
)
DELETE FROM prodops.rollup_user_days u
 USING usage_redo_days x
 WHERE u.day = x.day AND u.source_id = x.source_id;
