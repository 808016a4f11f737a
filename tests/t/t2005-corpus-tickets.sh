#!/usr/bin/env bash
# The real exports in ../shared/corpus/tickets load with their quirks
# handled, every row accounted for (loaded, duplicate or rejected).
. "$(dirname "$0")/../lib/test-lib.sh"
C=$SHARED/corpus/tickets
[ -d "$C" ] || skip_all "no ../shared/corpus: skipped"

# Rows per file, counted independently of prodops (Python's csv module).
rows() { python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))-1)' "$1"; }

# Zendesk (Plum): 1900-01-01 sentinels, Hold, 1-5 satisfaction, "-" lists.
expect_exit 0 prodops ingest "$C/DA Assignment.csv"
n=$(rows "$C/DA Assignment.csv")
assert_match "as file [0-9]+ \(zendesk tickets, utf-8\): $n read, [0-9]+ new, 0 updated, [0-9]+ duplicate, 0 rejected" "$OUT" "zendesk corpus: all $n rows accounted for"
assert_eq "$n" "$(sql "SELECT rows_loaded + rows_duplicate FROM prodops.files WHERE name = 'DA Assignment.csv'")" "loaded + duplicate = read"
assert_eq 0 "$(sql "SELECT count(*) FROM prodops.tickets WHERE source='zendesk' AND solved_at < '1901-01-01'")" "no 1900 sentinel dates stored"
assert_match "^[1-9]" "$(sql "SELECT count(*) FROM prodops.tickets WHERE status = 'on_hold'")" "Hold maps to on_hold"
assert_eq 0 "$(sql "SELECT count(*) FROM prodops.tickets WHERE status = 'other' OR priority = 'other'")" "no unmapped status/priority"
assert_match "^[1-9]" "$(sql "SELECT count(*) FROM prodops.tickets WHERE satisfaction = 'good'")" "numeric CSAT mapped"
assert_eq 0 "$(sql "SELECT count(*) FROM prodops.tickets WHERE extra->>'Manual Tagging of Categories [list]' = '-'")" "'-' in list fields is empty"

# Freshdesk trial export: custom statuses, emails as contact ids.
expect_exit 0 prodops ingest "$C/freshdesk_tickets.csv"
n=$(rows "$C/freshdesk_tickets.csv")
assert_match "\(freshdesk tickets, utf-8\): $n read, $n new" "$OUT" "freshdesk corpus loads"
assert_match "^[1-9]" "$(sql "SELECT count(*) FROM prodops.tickets WHERE source='freshdesk' AND status='on_hold'")" "Waiting on Third Party is on_hold"

# Jira Service Management in Spanish: localized headers and month names.
expect_exit 0 prodops ingest "$C/Jira.csv"
assert_match "\(jira tickets, utf-8\): 3 read, 3 new" "$OUT" "spanish jira loads"
assert_eq "2026-07-18 09:10:00+00|solved" "$(sql "SELECT created_at, status FROM prodops.tickets WHERE source='jira' AND external_id='IHS-5'")" "18/jul/26 9:10 AM parsed; Completado/Resuelta is solved"
assert_match "Hi Carlos|Hi Maria" "$(sql "SELECT extra->>'Comentario (2)' FROM prodops.tickets WHERE source='jira'")" "repeated Comentario columns kept"

# Twitter support conversations through a generic mapping in the config.
cat > "$TMP/prodops.conf" <<CONF
[profile "twitter"]
kind        = tickets
external_id = tweet_id
created_at  = created_at
subject     = text
CONF
expect_exit 0 prodops --config "$TMP/prodops.conf" ingest --profile twitter --source twitter "$C/twcs.csv"
n=$(rows "$C/twcs.csv")
assert_match "\(twitter tickets, utf-8\): $n read, $n new" "$OUT" "twcs via a config mapping"
assert_eq "2017-10-31 22:10:47+00" "$(sql "SELECT created_at FROM prodops.tickets WHERE source='twitter' AND external_id='1'")" "twitter dates"
assert_eq 0 "$(sql "SELECT count(*) FROM prodops.files WHERE rows_read <> rows_loaded + rows_updated + rows_duplicate + rows_rejected")" "every file reconciles"
done_testing
