-- SPEC §4 within one file: per response the newest version wins, ties going
-- to the later row.  Cumulative exports repeat every earlier response.
CREATE TEMP TABLE stage_winners ON COMMIT DROP AS
    SELECT DISTINCT ON (source, external_id) ord
      FROM stage_nps
     ORDER BY source, external_id, updated_at DESC, ord DESC;
