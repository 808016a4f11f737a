#!/usr/bin/env bash
# Erasure (issue 18): `prodops forget --email` removes one person from
# every table in one transaction and prints what it changed per table and
# column; --dry-run prints the same and changes nothing.  Afterwards a
# full pg_dump of the warehouse holds the address nowhere, every table
# keeps its rows, the weekly report keeps its numbers, and longer
# addresses that contain it are left alone.
. "$(dirname "$0")/../lib/test-lib.sh"

cd "$TMP" || exit 1
expect_exit 0 prodops demo --out demo --end 2026-03-09 --tickets 400 \
    --nps-per-week 10 --events-per-day 40 --accounts 6
expect_exit 1 prodops ingest demo   # a few rows of the demo are rejects
# Someone with tickets, NPS responses and usage events.
ADDR=$(sql "SELECT t.requester_email FROM prodops.tickets t
              JOIN prodops.nps_responses n ON lower(n.respondent_email) = lower(t.requester_email)
              JOIN prodops.usage_users u ON u.email = lower(t.requester_email)
             GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
assert_match "^[^@ ]+@[^@ ]+$" "$ADDR" "a person in tickets, NPS and usage: $ADDR"
UPPER=$(printf '%s' "$ADDR" | tr a-z A-Z)
# Their own rejected rows (a partial survey answer, say) hold it already.
raw_own=$(sql "SELECT count(*) FROM prodops.rejects
                WHERE position(lower('$ADDR') IN lower(raw)) > 0")
# Where else an address turns up: a subject, a ticket's extra field, an
# event's properties, the raw line and reason of a reject -- and near
# misses that must stay.
sql "UPDATE prodops.tickets SET subject = 'Please reply to $UPPER today',
            extra = extra || jsonb_build_object('CC', '$ADDR', 'Other', 'jim$ADDR')
      WHERE (source, external_id) IN (SELECT source, external_id FROM prodops.tickets
                                       WHERE requester_email IS DISTINCT FROM '$ADDR' LIMIT 2);
     UPDATE prodops.tickets SET subject = 'from x$ADDR and $ADDR.au'
      WHERE (source, external_id) IN (SELECT source, external_id FROM prodops.tickets
                                       WHERE subject NOT LIKE 'Please%' LIMIT 1);
     UPDATE prodops.events SET properties = jsonb_build_object('invitee', '$ADDR')
      WHERE (event_time, source_id, key_hash) IN (SELECT event_time, source_id, key_hash
                                                    FROM prodops.events LIMIT 3);
     INSERT INTO prodops.rejects (file_id, line_no, reason, raw)
     SELECT min(file_id), 7, 'bad date in row of $ADDR', '7,$ADDR,31/02/2026'
       FROM prodops.files" >/dev/null
dump() { pg_dump --schema=prodops --no-owner "$PRODOPS_DSN"; }
# The address as forget matches it: whole, not inside a longer one.
occurrences() { dump | grep -oiP -- "(?<![[:alnum:]._%+-])\\Q$ADDR\\E(?![[:alnum:]_-]|\\.[[:alnum:]])" | wc -l; }
counts() { sql "SELECT string_agg(table_name || '=' || rows, ' ' ORDER BY 1) FROM prodops.table_sizes()"; }
n_before=$(occurrences)
counts_before=$(counts)
[ "$n_before" -gt 10 ] && pass "the dump holds the address $n_before times" || fail "only $n_before"
expect_exit 0 prodops report weekly --week 2026-W09 --out before
report() { grep -v '"generated_at"' "$1/weekly-2026-W09.json"; }

ticket_rows=$(sql "SELECT count(*) FROM prodops.tickets WHERE lower(requester_email) = lower('$ADDR')")
nulls_before=$(sql "SELECT count(*) FROM prodops.tickets WHERE requester_email IS NULL")
nps_rows=$(sql "SELECT count(*) FROM prodops.nps_responses WHERE lower(respondent_email) = lower('$ADDR')")
# Issue 15: Zendesk's "Requester" is a column now (it sat in extra, where
# forget left it); the requester's name goes with their address.
their_keys=$(sql "SELECT string_agg(quote_literal(external_id), ',') FROM prodops.tickets WHERE lower(requester_email) = lower('$ADDR')")
name_rows=$(sql "SELECT count(*) FROM prodops.tickets WHERE lower(requester_email) = lower('$ADDR') AND requester_name IS NOT NULL")
[ "$name_rows" -gt 0 ] && pass "the demo's tickets name the requester ($name_rows rows)" || fail "no requester_name to erase"

# ---- --dry-run: the same report, nothing changed ---------------------------
expect_exit 0 prodops forget --email "$UPPER" --dry-run
dry=$OUT
assert_match "^tickets +requester_email +cleared +$ticket_rows rows" "$dry" "tickets: the requester's rows cleared"
assert_match "^tickets +requester_name +cleared +$name_rows rows?" "$dry" "and the requester's name"
assert_match "nps_responses +respondent_email +cleared +$nps_rows rows" "$dry" "NPS: the respondent's rows cleared"
assert_match "usage_users +email +pseudonymized +[1-9][0-9]* rows?" "$dry" "usage users pseudonymized"
assert_match "usage_people +user_key +pseudonymized +1 row" "$dry" "the person's user key"
assert_match "tickets +subject +scrubbed +2 rows" "$dry" "subjects scrubbed"
assert_match "tickets +extra +scrubbed +2 rows" "$dry" "extra fields scrubbed"
assert_match "events +properties +scrubbed +3 rows" "$dry" "event properties scrubbed"
assert_match "rejects +reason +scrubbed +1 row" "$dry" "a reject's reason"
assert_match "rejects +raw +scrubbed +$((raw_own + 1)) rows?" "$dry" "and its raw line (and their own rejects')"
assert_match "^dry run, nothing changed; would erase '$UPPER'" "$(tail -1 <<<"$dry")" "says it was a dry run"
assert_eq "$n_before" "$(occurrences)" "a dry run changes nothing"

# ---- the erasure ---------------------------------------------------------
expect_exit 0 prodops forget --email "$ADDR"
assert_eq "$(head -n -1 <<<"$dry")" "$(head -n -1 <<<"$OUT")" "it changes what the dry run said"
assert_match "^erased '$ADDR': [0-9]+ columns, [0-9]+ row changes$" "$(tail -1 <<<"$OUT")" "and sums it up"
assert_eq "0" "$(occurrences)" "the full dump of the warehouse no longer holds the address"
assert_eq "$counts_before" "$(counts)" "every table keeps its rows"
assert_eq "$((nulls_before + ticket_rows))" "$(sql "SELECT count(*) FROM prodops.tickets WHERE requester_email IS NULL")" \
    "the requester's tickets are there, without an address"
assert_eq "$ticket_rows|0" "$(sql "SELECT count(*), count(requester_name) FROM prodops.tickets WHERE external_id IN ($their_keys)")" \
    "and without a name"
assert_eq "1|2|2" "$(sql "SELECT count(*) FILTER (WHERE subject = 'from x$ADDR and $ADDR.au'),
                               count(*) FILTER (WHERE extra->>'Other' = 'jim$ADDR'),
                               count(*) FILTER (WHERE subject = 'Please reply to [erased] today')
                          FROM prodops.tickets")" \
    "longer addresses that contain it are left alone; the address inside a sentence is erased"
assert_eq "4" "$(dump | grep -oi -- "$ADDR" | wc -l)" "the four longer addresses are all that contain its text"
assert_eq '{"invitee": "[erased]"}' "$(sql "SELECT DISTINCT properties::text FROM prodops.events WHERE properties ? 'invitee'")" \
    "event properties stay valid JSON"
expect_exit 0 prodops report weekly --week 2026-W09 --out after
assert_eq "$(report before)" "$(report after)" "the weekly report keeps its numbers"

expect_exit 0 prodops forget --email "$ADDR" --json
assert_eq "{\"email\": \"$ADDR\", \"dry_run\": false, \"changes\": []}" "$OUT" "a second time: nothing left (--json)"
expect_exit 2 prodops forget --email "not an address"
assert_match "'not an address' is not an email address" "$ERR" "a bad address is a usage error"
expect_exit 2 prodops forget
assert_match "missing --email=ADDRESS" "$ERR" "--email is required"
done_testing
