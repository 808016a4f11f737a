#!/usr/bin/env bash
# The real files in ../shared/corpus/nps and ../shared/corpus/usage load
# with every row accounted for (loaded, duplicate, or rejected with a
# reason): CP1252 with stray CP850 bytes, R's NA scores, exports without
# response times (--as-of), verbatim duplicates, a header-less clickstream
# and a JSON event log through configured mappings.
. "$(dirname "$0")/../lib/test-lib.sh"
C=$SHARED/corpus
[ -d "$C/nps" ] && [ -d "$C/usage" ] || skip_all "no ../shared/corpus: skipped"

# Records per file, counted independently of prodops (Python).
csv_rows() { python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding=sys.argv[2], newline=""))))' "$1" "${2:-utf-8}"; }
accounted() { # FILE: read = new + updated + duplicate + rejected, and rejects say why
    sql "SELECT rows_read || ':' || (rows_loaded + rows_updated + rows_duplicate + rows_rejected) || ':' || (SELECT count(*) FROM prodops.rejects r WHERE r.file_id = f.file_id AND r.reason <> '') FROM prodops.files f WHERE name = '$1'"
}

cat > "$TMP/prodops.conf" <<CONF
# Botanic (R write.csv): "" row numbers, NA for missing, no response time.
[profile "botanic"]
kind        = nps
external_id = id
score       = nps
comment     = explication

# Miro in-app NPS: user ids, no emails, no times, repeated answers.
[profile "miro"]
kind          = nps
respondent_id = user_id
score         = NPS_Score
comment       = text

# REES46 clickstream without a header row: columns are numbered.
[profile "rees46"]
kind       = usage
header     = false
event_time = 1
event_name = 2
user_id    = 8

# Issue 15: events keep only configured properties; REES46's keys are
# column numbers.
[source "rees46"]
kind            = usage
keep_properties = 9

# Sparkify (eventsim): logged-out events have userId "", the session is
# then who did it.
[profile "sparkify"]
kind       = usage
event_time = ts
event_name = page
user_id    = userId
device_id  = sessionId
CONF
P() { prodops --config "$TMP/prodops.conf" "$@"; }

# Botanic: not UTF-8 (Windows-1252 with CP850 bytes), NA scores rejected as
# unanswered (expected: the file still loads).
n=$(($(csv_rows "$C/nps/SB427__nps.csv" latin-1) - 1))
expect_exit 1 P ingest --profile botanic --source botanic --as-of 2021-06-30 "$C/nps/SB427__nps.csv"
assert_match "\(botanic nps, cp1252\): $n read, [0-9]+ new, 0 updated, [0-9]+ duplicate, [0-9]+ rejected" "$OUT" "Botanic: $n rows"
assert_eq "$n:$n:$(sql "SELECT rows_rejected FROM prodops.files WHERE name = 'SB427__nps.csv'")" "$(accounted SB427__nps.csv)" "Botanic: every row accounted for, every reject with a reason"
assert_eq "$(python3 -c 'import csv,sys; print(sum(1 for r in csv.reader(open(sys.argv[1], encoding="latin-1", newline="")) if r[2] == "NA"))' "$C/nps/SB427__nps.csv")" \
  "$(sql "SELECT count(*) FROM prodops.rejects r JOIN prodops.files f USING (file_id) WHERE f.name = 'SB427__nps.csv' AND r.reason LIKE 'no answer%'")" "Botanic: each NA score is an 'unanswered' reject"
assert_eq "0" "$(sql "SELECT count(*) FROM prodops.nps_responses WHERE source = 'botanic' AND (strpos(comment, chr(65533)) > 0 OR comment ~ '[\u0080-\u009f]')")" "Botanic: no replacement or C1 control characters"
assert_match "^[1-9][0-9]*$" "$(sql "SELECT count(*) FROM prodops.nps_responses WHERE source = 'botanic' AND comment LIKE '%é%'")" "Botanic: é decoded"
assert_eq "0" "$(sql "SELECT count(*) FROM prodops.nps_responses WHERE source = 'botanic' AND comment ~ '[[:alpha:]]‚'")" "Botanic: CP850 é after a letter, not a low quote"

# Miro: no emails, no times: the respondent id keys; verbatim repeats of a
# response are duplicates, not new responses.
n=$(($(csv_rows "$C/nps/saizhang1__nps.csv") - 1))
dups=$(python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))[1:]; print(len(r) - len(set(map(tuple, r))))' "$C/nps/saizhang1__nps.csv")
expect_exit 0 P ingest --profile miro --source miro --as-of 2022-01-15 "$C/nps/saizhang1__nps.csv"
assert_match "\(miro nps, utf-8\): $n read, $((n - dups)) new, 0 updated, $dups duplicate, 0 rejected" "$OUT" "Miro: $n rows, $dups verbatim duplicates"
assert_eq "$n:$n:0" "$(accounted saizhang1__nps.csv)" "Miro: accounted for"

# Survey-tool exports of surveys without an NPS question: refused whole,
# with the reason; their multi-row headers still read right.
for f in "2022_anc.csv" "W241 Experiment Test_July 26, 2020_13.04.csv"; do
    expect_exit 1 prodops ingest "$C/nps/$f"
    assert_match "no NPS question" "$ERR" "$f: rejected whole: no NPS question"
    assert_eq "rejected" "$(sql "SELECT status FROM prodops.files WHERE name = '$f'")" "$f: recorded as rejected"
done
expect_exit 0 prodops check --parse-only "$C/nps/2022_anc.csv"
assert_match ": 174 rows" "$OUT" "SurveyMonkey: two header rows, 174 respondents"
expect_exit 0 prodops check --parse-only "$C/nps/W241 Experiment Test_July 26, 2020_13.04.csv"
assert_match ": 26 rows" "$OUT" "Qualtrics: three header rows, 26 responses"

# REES46: no header row, "2019-11-01 00:00:00 UTC" times.
n=$(csv_rows "$C/usage/2019-Oct.csv")
expect_exit 0 P ingest --profile rees46 --source rees46 "$C/usage/2019-Oct.csv"
assert_match "\(rees46 usage, utf-8\): $n read, [0-9]+ new, 0 updated, [0-9]+ duplicate, 0 rejected" "$OUT" "REES46: $n header-less rows"
assert_eq "$n:$n:0" "$(accounted 2019-Oct.csv)" "REES46: accounted for"
span=$(python3 -c 'import csv,sys; t=[r[0] for r in csv.reader(open(sys.argv[1]))]; print(min(t)[:19] + "+00|" + max(t)[:19] + "+00")' "$C/usage/2019-Oct.csv")
assert_eq "$span" "$(sql "SELECT min(event_time) || '|' || max(event_time) FROM prodops.usage_events WHERE source = 'rees46'")" "REES46: the slice's real time span"
assert_eq "0" "$(sql "SELECT count(*) FROM prodops.usage_events WHERE source = 'rees46' AND NOT properties ? '9'")" "REES46: a configured unmapped column kept by number"
assert_eq "0" "$(sql "SELECT count(*) FROM prodops.usage_events WHERE source = 'rees46' AND properties ? '7'")" "REES46: other columns not kept"

# Sparkify: JSON lines, epoch ms, "" userId when logged out.
n=$(grep -c '' "$C/usage/2018-11-15-events.json")
expect_exit 0 P ingest --profile sparkify --source sparkify "$C/usage/2018-11-15-events.json"
assert_match "\(sparkify usage, utf-8\): $n read, [0-9]+ new, 0 updated, [0-9]+ duplicate, 0 rejected" "$OUT" "Sparkify: $n events"
assert_eq "$n:$n:0" "$(accounted 2018-11-15-events.json)" "Sparkify: accounted for"
assert_eq "0" "$(sql "SELECT count(*) FROM prodops.usage_events WHERE source = 'sparkify' AND (event_time < '2018-11-15' OR event_time >= '2018-11-16')")" "Sparkify: epoch ms times on the file's day"
assert_match "^[1-9]" "$(sql "SELECT count(*) FROM prodops.usage_events WHERE source = 'sparkify' AND user_id IS NULL AND device_id IS NOT NULL")" "Sparkify: logged-out events count for their session"
assert_eq "" "$(sql "SELECT 1 FROM (SELECT (event_time AT TIME ZONE 'UTC')::date AS day, source, user_key, event_name, sum(event_count) AS events, bit_or($MASK_BITS) AS half_hours FROM prodops.usage_events GROUP BY 1, 2, 3, 4) e FULL JOIN prodops.usage_daily d USING (day, source, user_key, event_name) WHERE (e.events, e.half_hours) IS DISTINCT FROM (d.events, d.half_hours) LIMIT 1")" "rollup = events (counts and half hours)"
done_testing
