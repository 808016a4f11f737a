-- SPEC §4, within one file: per key the row with the greatest updated_at
-- wins, ties going to the later row.  Only the narrow key columns are
-- sorted (sorting the wide staged rows cost 2-3 s per million and spilled
-- to disk); the winners' ord joins them back.
CREATE TEMP TABLE stage_winners ON COMMIT DROP AS
    SELECT DISTINCT ON (source, external_id) ord
      FROM stage_tickets
     ORDER BY source, external_id, updated_at DESC, ord DESC;
