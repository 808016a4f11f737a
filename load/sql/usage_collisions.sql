-- Migration 014 dedupes on a 128-bit hash of the event key.  Run when some
-- staged events were not inserted: two different keys of the file with one
-- source, time and hash would have lost an event as a "duplicate".  The
-- first such pair, if any (the caller fails the file).  Keys of earlier
-- files are not stored, so only the file's own keys can be compared; see
-- 014_lean_events.sql for why that suffices.
SELECT min(event_key), max(event_key), event_time
  FROM stage_usage
 GROUP BY source, event_time, key_hash
HAVING min(event_key) <> max(event_key)
 LIMIT 1;
