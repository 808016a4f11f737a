-- --reprocess of a usage file (issue 15: the vendor files are the raw
-- record; a changed keep_properties, mapping or --tz reaches the events by
-- reading them again).  The earlier load's ($1) events leave the table for
-- usage_old, made by merge_usage(); this load inserts what the file yields
-- now, and the rollup days of both are recomputed (usage_rollup_redo.sql):
-- sums can be taken back, the half-hour bit sets cannot.  A key derived
-- from the time (no insert id) read in another zone is then a new key, not
-- a second copy.
WITH gone AS (
    DELETE FROM prodops.events WHERE file_id = $1::integer RETURNING *
)
INSERT INTO usage_old SELECT * FROM gone;
