-- --reprocess: the rollup rows of usage_redo_days go; usage_rollup_redo.sql
-- makes them again from the events.
WITH daily AS (
    DELETE FROM prodops.usage_daily d
     USING usage_redo_days x
     WHERE d.day = x.day AND d.source = x.source
)
DELETE FROM prodops.usage_user_days u
 USING usage_redo_days x
 WHERE u.day = x.day AND u.source = x.source;
