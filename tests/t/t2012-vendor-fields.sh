#!/usr/bin/env bash
# Issue 13: the three helpdesks' exports load with every SPEC §2 field they
# carry -- Zendesk's Via display names, Freshdesk's "Initial response time"
# (and its business-hours "First response time (in hrs)" never as the
# calendar first reply), Jira SM's satisfaction in its custom fields.
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/tickets

# Zendesk: SPEC §2 display names reach their channel.
expect_exit 0 prodops ingest "$FX/zendesk-via.csv"
assert_eq "201:phone 202:phone 203:web 204:api 205:social 206:phone 207:other 208:other 209:other" \
  "$(sql "SELECT string_agg(external_id || ':' || channel, ' ' ORDER BY external_id) FROM prodops.tickets WHERE source = 'zendesk'")" \
  "Via display names mapped by meaning (Closed Ticket is other by SPEC)"

# Freshdesk: the first reply is "Initial response time"; the business-hours
# duration stays in extra and never makes a calendar reply.
expect_exit 0 prodops ingest "$FX/freshdesk-response.csv"
assert_eq "301|2026-11-02 11:30:00+00|01:15:00" \
  "$(sql "SELECT external_id, first_reply_at, extra->>'First response time (in hrs)' FROM prodops.tickets WHERE source = 'freshdesk' AND external_id = '301'")" \
  "Initial response time is first_reply_at"
assert_eq "302||00:00:00" \
  "$(sql "SELECT external_id, first_reply_at, extra->>'First response time (in hrs)' FROM prodops.tickets WHERE source = 'freshdesk' AND external_id = '302'")" \
  "00:00:00 without an Initial response time: no reply yet"
assert_eq "303||02:30:00|chat" \
  "$(sql "SELECT external_id, first_reply_at, extra->>'First response time (in hrs)', channel FROM prodops.tickets WHERE source = 'freshdesk' AND external_id = '303'")" \
  "business hours alone give no calendar first reply; Mobihelp is chat"

# Jira SM: satisfaction hidden in "Custom field (...)", 1-5 (4-5 good).
expect_exit 0 prodops ingest "$FX/jira-custom-satisfaction.csv"
expect_exit 0 prodops ingest "$FX/jira-custom-satisfaction-short.csv"
assert_eq "HD-1:good HD-2:bad HD-3:- HD-4:good HD-5:bad" \
  "$(sql "SELECT string_agg(external_id || ':' || coalesce(satisfaction, '-'), ' ' ORDER BY external_id) FROM prodops.tickets WHERE source = 'jira'")" \
  "Custom field (Satisfaction rating) and Custom field (Satisfaction) mapped"
assert_eq "02/Nov/26 11:00 AM" \
  "$(sql "SELECT extra->>'Custom field (Satisfaction date)' FROM prodops.tickets WHERE source = 'jira' AND external_id = 'HD-1'")" \
  "the satisfaction date is not the rating"

# Issue 13: no value reaches other (or NULL) unnoticed.  `prodops check`
# lists each with its count; the ledger keeps them per file, column and
# value; ingest warns with the values.
expect_exit 0 prodops check "$FX/zendesk-via.csv"
assert_match "  3 channel values mapped to other: 'Carrier Pigeon' 2, 'Closed Ticket' 1" "$OUT" "check lists channel values"
assert_match "  1 status values mapped to other: 'Escalated' 1" "$OUT" "check lists status values"
assert_match "  1 priority values mapped to other: 'Whenever' 1" "$OUT" "check lists priority values"
assert_match "  1 satisfaction values mapped to NULL: 'Meh' 1" "$OUT" "check lists unmapped satisfaction"
assert_eq "channel:Carrier Pigeon:2 channel:Closed Ticket:1 priority:Whenever:1 satisfaction:Meh:1 status:Escalated:1" \
  "$(sql "SELECT string_agg(u->>'column' || ':' || (u->>'value') || ':' || (u->>'count'), ' ' ORDER BY u->>'column', u->>'value') FROM prodops.files f, jsonb_array_elements(f.warnings->'unmapped') u WHERE f.name = 'zendesk-via.csv'")" \
  "prodops.files.warnings names every unmapped value with its count"
assert_eq "" "$(sql "SELECT warnings->'unmapped' FROM prodops.files WHERE name = 'freshdesk-response.csv'")" \
  "a file without unmapped values has no list"
cp "$FX/zendesk-via.csv" "$TMP/via-copy.csv"; echo '210,x@acme.example,More,Open,Normal,Carrier Pigeon,2026-11-05 09:00:00,2026-11-05 09:00:00,,,' >> "$TMP/via-copy.csv"
expect_exit 0 prodops ingest "$TMP/via-copy.csv"
assert_match "via-copy.csv: 4 channel values stored as other: 'Carrier Pigeon' 3, 'Closed Ticket' 1" "$ERR" "ingest warns with the values"

# The weekly report's data-quality block sums them per source over the
# files loaded in the week (both Zendesk files: 2 + 3 pigeons).
week=$(date -u +%G-W%V)
expect_exit 0 prodops report weekly --week "$week" --out "$TMP/rep"
TXT=$(cat "$TMP/rep/weekly-$week.txt")
assert_match "zendesk: 7 channel values mapped to other: 'Carrier Pigeon' 5, 'Closed Ticket' 2\." "$TXT" "data-quality block names channel values"
assert_match "zendesk: 2 satisfaction values mapped to NULL: 'Meh' 2\." "$TXT" "and unmapped ratings"
assert_match "zendesk: 2 status values mapped to other: 'Escalated' 2\." "$(cat "$TMP/rep/weekly-$week.md")" "in the Markdown summary too"
assert_eq "zendesk channel other 7 Carrier Pigeon=5,Closed Ticket=2" \
  "$(python3 -c 'import json,sys; u=[c for c in json.load(open(sys.argv[1]))["data_quality"]["unmapped"] if c["column"]=="channel"][0]; print(u["source"], u["column"], u["mapped_to"], u["count"], ",".join("%s=%d" % (v["value"], v["count"]) for v in u["values"]))' "$TMP/rep/weekly-$week.json")" \
  "the JSON's data_quality.unmapped"
done_testing
