-- Issue 15, the tickets load: less server work per COPYed row, smaller
-- indexes.

-- solved_time (migration 005, SPEC §6's solved fallback) was a stored
-- generated column: PostgreSQL computes it after forming each COPYed row
-- and then copies the whole row again to hold the result.  That cost the
-- server 0.45-0.5 s of CPU per million tickets, a sixth of a COPY it
-- spends ~2.8 s on (binary FREEZE COPY of the 1 M-row bench file into
-- copies of the table, backend CPU from log_statement_stats, three
-- interleaved runs each: generated 2.71-2.99 s user; plain column with
-- the CHECK below 2.21-2.41 s; plain without it 2.13-2.28 s).  The
-- loader now sends the value (load/stage.c) and the staged statements
-- copy it; the CHECK keeps the rule where it was, so a writer that
-- computes it otherwise (or forgets it) fails instead of storing a
-- wrong time.  Stored values are unchanged: DROP EXPRESSION keeps them.
ALTER TABLE prodops.tickets ALTER COLUMN solved_time DROP EXPRESSION;
ALTER TABLE prodops.tickets ADD CONSTRAINT tickets_solved_time_rule
    CHECK (solved_time IS NOT DISTINCT FROM
           coalesce(solved_at, CASE WHEN status IN ('solved', 'closed')
                                    THEN updated_at END));

-- The tickets' btrees grow at their right edge (new tickets, new times);
-- a first load builds them whole after the COPY (load/stage.c).  Full
-- leaves instead of the default 90 %: 81 -> 73 MB for 1 M bench tickets,
-- the builds no slower (0.8-1.3 s each either way).  A later update of
-- an old ticket splits a full leaf where a 90 % one had room (a split
-- leaves two half-full pages).  Existing indexes keep
-- their pages until rebuilt (REINDEX, or the next first load).
ALTER INDEX prodops.tickets_pkey SET (fillfactor = 100);
ALTER INDEX prodops.tickets_created_solved SET (fillfactor = 100);
ALTER INDEX prodops.tickets_solved_time SET (fillfactor = 100);
