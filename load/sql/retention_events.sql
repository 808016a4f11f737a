-- [retention] events_months: the months of events wholly before $1
-- (migration 018).
SELECT month, events, bytes FROM prodops.drop_event_months($1::timestamptz);
