-- Issue 15, storage: the usage keys with full leaves, as migration 024
-- gave the tickets' btrees.
--
-- The events' primary keys (event_time, source_id, key_hash) grow at
-- their right edge: an export is time-ordered within itself, and the
-- direct load COPYs a file's events in its order.  A btree that splits
-- its rightmost leaf leaves the left page at the index's fillfactor, 90 %
-- by default; at 100 % the same 166 k events of a bench month take
-- 7.6 MB instead of 8.5 MB (the events of 2026-10 copied into two tables
-- whose keys differ only in fillfactor), about 5 MB per million events.
-- The rollups' keys (day first) are written in key order by the direct
-- load (load/events.c) and at their right edge by later files: the same.
-- Events are never updated, so nothing splits a full leaf but a late
-- event; a rollup row updated by a later file of the same days may split
-- one (a split leaves two half-full pages), which the right-edge writes
-- of every other day outweigh.
--
-- PostgreSQL 15 keeps no options on a partitioned index, so the option is
-- set on each month's key as ensure_usage_partitions() makes it, and on
-- the keys of the months that exist.  Existing indexes keep their pages
-- until rebuilt (REINDEX); only their later splits change.
CREATE OR REPLACE FUNCTION prodops.ensure_usage_partitions(first timestamptz,
                                                           last timestamptz)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    m timestamptz;
    made integer := 0;
    name text;
BEGIN
    IF first IS NULL THEN
        RETURN 0;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('prodops.usage_partitions'));
    m := date_trunc('month', first AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    WHILE m <= last LOOP
        name := 'events_' || to_char(m AT TIME ZONE 'UTC', 'YYYYMM');
        IF to_regclass('prodops.' || name) IS NULL THEN
            EXECUTE format(
                'CREATE TABLE prodops.%I PARTITION OF prodops.events'
                ' FOR VALUES FROM (%L) TO (%L)', name, m,
                m + interval '1 month');
            PERFORM prodops.fill_usage_key_leaves(
                ('prodops.' || quote_ident(name))::regclass);
            made := made + 1;
        END IF;
        m := (m AT TIME ZONE 'UTC' + interval '1 month') AT TIME ZONE 'UTC';
    END LOOP;
    RETURN made;
END $$;

-- The primary key of one events partition, with full leaves.
CREATE OR REPLACE FUNCTION prodops.fill_usage_key_leaves(part regclass)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    key regclass;
BEGIN
    SELECT k.conindid::regclass INTO key
      FROM pg_constraint k
     WHERE k.conrelid = part AND k.contype = 'p';
    IF key IS NOT NULL THEN
        EXECUTE format('ALTER INDEX %s SET (fillfactor = 100)', key);
    END IF;
END $$;

SELECT prodops.fill_usage_key_leaves(i.inhrelid::regclass)
  FROM pg_inherits i
 WHERE i.inhparent = 'prodops.events'::regclass;

ALTER INDEX prodops.rollup_daily_pkey SET (fillfactor = 100);
ALTER INDEX prodops.rollup_user_days_pkey SET (fillfactor = 100);
