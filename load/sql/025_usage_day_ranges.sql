-- Issue 15: usage_person_days() and usage_person_events() (migration 023)
-- join the rollups to the UTC days of the local days [first, last) by
-- equality only, so the planner could not bound the rollup by its key:
-- the weekly report's adoption (7 local days) hashed every row of
-- rollup_daily (1.17 M rows, 1.1 s of the report's 9.3 s of statements
-- at a fifth of the bench warehouse), the 13-week trend every row of
-- rollup_user_days.  The same functions with the UTC days bounded: a
-- local day starts and ends within one UTC day of itself (offsets are
-- under 24 hours), so the UTC days of [first, last) are within
-- [first - 1, last].  The bound is implied by the join and changes no
-- row; it lets the rollups' keys (day first) serve the range.
CREATE OR REPLACE FUNCTION prodops.usage_person_days(first date, last date,
                                                     zone text)
RETURNS TABLE (day date, person_id integer, account_id text)
LANGUAGE sql STABLE AS $$
    SELECT m.day, d.person_id, d.account_id
      FROM prodops.zone_day_half_hours(first, last, zone) m
      JOIN prodops.rollup_user_days d
        ON d.day = m.utc_day AND d.half_hours & m.half_hours <> 0
     WHERE prodops.zone_half_hours_align(first, last, zone)
       AND d.day >= first - 1 AND d.day <= last
    UNION ALL
    SELECT x.day, x.person_id, x.account_id
      FROM (SELECT m.day, d.person_id, d.account_id
              FROM prodops.zone_day_whole_half_hours(first, last, zone) m
              JOIN prodops.rollup_user_days d
                ON d.day = m.utc_day AND d.half_hours & m.half_hours <> 0
             WHERE d.day >= first - 1 AND d.day <= last
            UNION ALL
            SELECT e.day, u.person_id, u.account_id
              FROM prodops.zone_day_edge_events(first, last, zone) e
              JOIN prodops.usage_users u ON u.user_ref = e.user_ref) x
     WHERE NOT prodops.zone_half_hours_align(first, last, zone)
$$;

CREATE OR REPLACE FUNCTION prodops.usage_person_events(first date, last date,
                                                       zone text)
RETURNS TABLE (day date, person_id integer, name_id integer)
LANGUAGE sql STABLE AS $$
    SELECT m.day, d.person_id, d.name_id
      FROM prodops.zone_day_half_hours(first, last, zone) m
      JOIN prodops.rollup_daily d
        ON d.day = m.utc_day AND d.half_hours & m.half_hours <> 0
     WHERE prodops.zone_half_hours_align(first, last, zone)
       AND d.day >= first - 1 AND d.day <= last
    UNION ALL
    SELECT x.day, x.person_id, x.name_id
      FROM (SELECT m.day, d.person_id, d.name_id
              FROM prodops.zone_day_whole_half_hours(first, last, zone) m
              JOIN prodops.rollup_daily d
                ON d.day = m.utc_day AND d.half_hours & m.half_hours <> 0
             WHERE d.day >= first - 1 AND d.day <= last
            UNION ALL
            SELECT e.day, u.person_id, e.name_id
              FROM prodops.zone_day_edge_events(first, last, zone) e
              JOIN prodops.usage_users u ON u.user_ref = e.user_ref) x
     WHERE NOT prodops.zone_half_hours_align(first, last, zone)
$$;
