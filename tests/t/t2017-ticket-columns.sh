#!/usr/bin/env bash
# Issue 15, migration 022: the ticket type, the requester's name and
# Zendesk's calendar full resolution time are columns (ticket_type,
# requester_name, resolution_reported_secs), no longer repeated in every
# row's extra: on a first (direct) load, through staging and the merge, and
# for rows loaded before the migration, whose values the migration moves
# out of extra.  Freshdesk's "Type"/"Full name" and Jira's "Issue Type"
# likewise; an unknown column stays in extra.
. "$(dirname "$0")/../lib/test-lib.sh"

FX="$ROOT/tests/fixtures/tickets"
ROWS="SELECT source || ':' || external_id || '|' || coalesce(ticket_type, '-') || '|'
             || coalesce(requester_name, '-') || '|' || coalesce(resolution_reported_secs::text, '-')
             || '|' || coalesce(resolution_business_secs::text, '-') || '|' || extra::text
        FROM prodops.tickets ORDER BY source, external_id"

# A first load goes straight into the table (binary COPY), the second file
# through staging: ticket 2 is newer there, ticket 4 new.
expect_exit 0 prodops ingest "$FX/zendesk-typed-a.csv"
assert_eq '1|Incident|Ann Lee|50400|18000|{"Favourite colour": "blue"}' \
  "$(sql "SELECT external_id, ticket_type, requester_name, resolution_reported_secs, resolution_business_secs, extra FROM prodops.tickets WHERE external_id = '1'")" \
  "direct load: type, name and calendar resolution in their columns, only the unknown column in extra"
assert_eq '3|||{"Favourite colour": "green"}' \
  "$(sql "SELECT external_id, ticket_type, requester_name, extra FROM prodops.tickets WHERE external_id = '3'")" \
  "blank values are NULL"
expect_exit 0 prodops ingest "$FX/zendesk-typed-b.csv"
assert_eq '2|Problem|Bob Ray|167430|36000|{}
4|Task|Dan Oak|||{}' \
  "$(sql "SELECT external_id, ticket_type, requester_name, resolution_reported_secs, resolution_business_secs, extra FROM prodops.tickets WHERE external_id IN ('2', '4') ORDER BY 1")" \
  "staged merge: the newer row's type and resolution (2790.5 minutes = 167430 s), the new ticket"
assert_eq 0 "$(sql "SELECT count(*) FROM prodops.tickets WHERE extra ?| ARRAY['Requester', 'Ticket type', 'Full resolution time in minutes']")" \
  "no mapped column left in extra"

# Freshdesk and Jira.
cat >"$TMP/freshdesk.csv" <<'EOF'
Ticket ID,Subject,Status,Type,Created time,Full name,Email,Resolution time (in hrs)
501,Refund please,Open,Refund,2026-11-02 09:00:00,Emily Garcia,emily@acme.example,01:30:00
EOF
cat >"$TMP/jira.csv" <<'EOF'
Summary,Issue key,Issue Type,Status,Created,Updated
Password reset,HD-9,Service Request,Done,03/Nov/26 9:00 AM,03/Nov/26 9:30 AM
EOF
expect_exit 0 prodops ingest "$TMP/freshdesk.csv" "$TMP/jira.csv"
assert_eq 'freshdesk:501|Refund|Emily Garcia|-|-|{"Resolution time (in hrs)": "01:30:00"}
jira:HD-9|Service Request|-|-|-|{}' \
  "$(sql "$ROWS" | grep -v '^zendesk')" \
  "Freshdesk's Type and Full name, Jira's Issue Type; Freshdesk's resolution hours stay in extra"

# ---- migration 022 on rows loaded before it ------------------------------
# Put the warehouse back as it was before 022: the values in extra under
# the header's own spelling, no columns, the migration not applied, files
# read by mapping version 2, the account index of 001.  Any prodops
# command then applies 022.
after=$(sql "$ROWS")
sql "UPDATE prodops.tickets t SET extra = t.extra || jsonb_strip_nulls(CASE f.profile
        WHEN 'zendesk' THEN jsonb_build_object('Requester', requester_name, 'ticket_type', ticket_type,
                                               'Full Resolution Time in Minutes', (resolution_reported_secs / 60.0)::text)
        WHEN 'freshdesk' THEN jsonb_build_object('Type', ticket_type, 'Full name', requester_name)
        ELSE jsonb_build_object('Issue Type', ticket_type) END)
       FROM prodops.files f WHERE f.file_id = t.file_id;
     UPDATE prodops.tickets SET extra = extra || '{\"Ticket type\": \"Incident\", \"Full resolution time in minutes\": \"soon\"}'
      WHERE external_id = '3';
     ALTER TABLE prodops.tickets DROP COLUMN ticket_type, DROP COLUMN requester_name,
                                 DROP COLUMN resolution_reported_secs;
     CREATE INDEX tickets_account ON prodops.tickets (account_id);
     UPDATE prodops.files SET mapping_version = 2;
     DELETE FROM prodops.schema_migrations WHERE version = 22" >/dev/null
assert_match '"Requester": "Ann Lee"' "$(sql "SELECT extra FROM prodops.tickets WHERE external_id = '1'")" \
  "before 022: the name in extra"
expect_exit 0 prodops files
assert_eq "1" "$(sql "SELECT count(*) FROM prodops.schema_migrations WHERE version = 22")" "022 applied again"
assert_eq "$(sed 's/^zendesk:3|-|-|-|-|{"Favourite colour": "green"}$/zendesk:3|Incident|-|-|-|{"Favourite colour": "green", "Full resolution time in minutes": "soon"}/' <<<"$after")" \
  "$(sql "$ROWS")" \
  "the migration moves every value out of extra as the loader reads it (a duration that is no number stays)"
assert_eq "3" "$(sql "SELECT DISTINCT mapping_version FROM prodops.files")" \
  "files read by version 2 are as version 3 reads them"
assert_eq "" "$(sql "SELECT indexname FROM pg_indexes WHERE indexname = 'tickets_account'")" \
  "the account index is gone (no statement looks tickets up by account)"
done_testing
