-- The local date (zone $2) of the instant $1: the "today" of SPEC §6's
-- as-of rule for a report whose week ends at $1, as data_through.sql
-- takes it.
SELECT ($1::timestamptz AT TIME ZONE $2)::date::text;
