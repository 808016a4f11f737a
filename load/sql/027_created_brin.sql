-- Issue 15, storage and the first load: the tickets' (created_at,
-- solved_time) btree becomes a BRIN on created_at.
--
-- Tickets arrive in the order they were created (an export is sorted by
-- id or creation time, and weekly exports append newer tickets), so the
-- heap is nearly sorted by created_at and a block-range summary narrows a
-- created_at range as well as the btree did.  Measured on the report
-- bench warehouse at full scale (1.01 M tickets, 20.6 M events), the
-- weekly report in UTC, backend CPU per run (log_statement_stats, one
-- run each, a test suite on the other core): btree 38.6 and 34.3 s, BRIN
-- 36.0 s, the outputs identical; no statement's CPU rose beyond the
-- runs' spread.  The btree was 27 MB for 1 M bench tickets (the BRIN 32 kB), and its
-- build after a first load's COPY 0.5-0.8 s; the BRIN's is one pass over
-- the heap.
--
-- What the btree gave that the BRIN does not: index-only scans for the
-- backlog (created before an instant, solved after it or never), which
-- now read the heap -- in the measurement above that cost nothing
-- visible.  Session 9 measured BRIN for both of the tickets' time indexes
-- on a fifth of the warehouse: the report's CPU rose by 40-70 %, most of
-- it from solved_time, which stays a btree (solved tickets are not in
-- creation order).
--
-- Pages appended by later loads are summarized by autovacuum
-- (autosummarize); until then a query reads the unsummarized ranges
-- whole, which is correct, only slower.  Updated tickets land in new
-- pages with old creation times; their ranges widen, and only they.
DROP INDEX prodops.tickets_created_solved;
CREATE INDEX tickets_created_at ON prodops.tickets USING brin (created_at)
    WITH (autosummarize = on);
