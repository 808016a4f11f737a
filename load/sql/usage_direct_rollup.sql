-- A direct usage load (load/events.c): the rollups of the file's events,
-- which the loader grouped by UTC day, person record (user_ref) and event
-- name as it COPYed them, and COPYed into direct_groups (day as days since
-- 1970-01-01); $1 = the new source's id.  The groups are mapped to people
-- and accounts here and grouped again by person -- one person may have
-- several records -- giving the rows usage_file_groups() would give, and
-- inserted in primary-key order without ON CONFLICT (nothing of a new
-- source can conflict), as usage_rollup_fresh.sql does.  The events are
-- not read again.
WITH g AS MATERIALIZED (
    SELECT date '1970-01-01' + d.day AS day, u.person_id, d.name_id,
           $1::smallint AS source_id, sum(d.events)::bigint AS events,
           bit_or(d.half_hours) AS half_hours, max(u.account_id) AS account_id
      FROM direct_groups d
      JOIN prodops.usage_users u ON u.user_ref = d.user_ref
     GROUP BY 1, 2, 3
), daily AS (
    INSERT INTO prodops.rollup_daily (day, person_id, name_id, source_id,
                                      events, half_hours, account_id)
    SELECT * FROM g ORDER BY day, source_id, person_id, name_id
)
INSERT INTO prodops.rollup_user_days (day, person_id, source_id, events,
                                      half_hours, account_id)
SELECT day, person_id, source_id, sum(events), bit_or(half_hours),
       max(account_id)
  FROM g GROUP BY 1, 3, 2 ORDER BY 1, 3, 2;
