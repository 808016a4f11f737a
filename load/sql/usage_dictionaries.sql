-- Migration 014: the file's sources, event names and people get their
-- dictionary ids before its events go in.  A new person's account is
-- resolved here (SPEC §3); accounts_reresolve.sql keeps it current.
-- Existing entries are left alone (ON CONFLICT DO NOTHING), so two loads
-- meeting on one name wait for each other only on that name.  Migration
-- 015: the user keys the rollups count (usage_people) too.
WITH src AS (
    INSERT INTO prodops.usage_sources (source)
    SELECT DISTINCT source FROM stage_usage
    ON CONFLICT DO NOTHING
), names AS (
    INSERT INTO prodops.usage_names (event_name)
    SELECT DISTINCT event_name FROM stage_usage ORDER BY 1
    ON CONFLICT DO NOTHING
), people AS (
    INSERT INTO prodops.usage_people (user_key)
    SELECT DISTINCT coalesce(user_id, device_id) FROM stage_usage ORDER BY 1
    ON CONFLICT DO NOTHING
)
SELECT 1;
