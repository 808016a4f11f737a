-- Some staged events were duplicates: the rollups grow by exactly the rows
-- this file inserted (file_id = $1), found in the partitions of the file's
-- time span ($2, $3) only; grouped once, as in usage_rollup_staged.sql.
-- Migration 015: by ids (usage_file_groups()).
WITH g AS (
    SELECT * FROM prodops.usage_file_groups($1::integer, $2::timestamptz,
                                            $3::timestamptz)
), daily AS (
    INSERT INTO prodops.rollup_daily AS d (day, person_id, name_id, source_id,
                                           events, half_hours, account_id)
    SELECT * FROM g
    ON CONFLICT (day, source_id, person_id, name_id) DO UPDATE SET
        events = d.events + excluded.events,
        half_hours = d.half_hours | excluded.half_hours,
        account_id = coalesce(excluded.account_id, d.account_id)
)
INSERT INTO prodops.rollup_user_days AS u (day, person_id, source_id, events,
                                           half_hours, account_id)
SELECT day, person_id, source_id, sum(events), bit_or(half_hours),
       max(account_id)
  FROM g GROUP BY 1, 2, 3
ON CONFLICT (day, source_id, person_id) DO UPDATE SET
    events = u.events + excluded.events,
    half_hours = u.half_hours | excluded.half_hours,
    account_id = coalesce(excluded.account_id, u.account_id);
