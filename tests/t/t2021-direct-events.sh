#!/usr/bin/env bash
# Issue 15: a source's first usage file is COPYed straight into
# prodops.events with its dictionary ids resolved by the loader
# (load/events.c).  The direct and the staged path (forced with
# PRODOPS_TEST_STAGED_EVENTS=1, in a second database) give the same events,
# person records, rollups, exposures and counts for the same files; a key
# repeated inside a fresh file -- before a month boundary (found when the
# COPY restarts for the next month's partition) or within the last month
# (found when the COPY ends) -- sends the file through staging, which counts
# the repeat as a duplicate.  The rollups come from the loader's groups, or
# (PRODOPS_TEST_ROLLUP_SLOTS=0: too many groups) from the inserted rows.
. "$(dirname "$0")/../lib/test-lib.sh"

prodops demo --out "$TMP/demo" >/dev/null || { echo "demo failed"; exit 1; }
D=$TMP/demo
# Exposure events of each kind the readouts read, with and without a
# variant, in a file of their own (a new source: direct).
python3 - "$TMP/exposures.jsonl" <<'PY'
import json, sys
rows = [
    ("x1", "$experiment_started", "ann@acme.example", {"Experiment name": "checkout", "Variant name": "b"}),
    ("x2", "$experiment_started", "bob@globex.example", {"Experiment name": "checkout"}),
    ("x3", "$experiment_started", "d-9", {}),
    ("x4", "Purchase", "ann@acme.example", {"amount": "12"}),
]
with open(sys.argv[1], "w") as f:
    for i, (k, name, who, props) in enumerate(rows):
        p = {"$insert_id": k, "distinct_id": who, "time": 1764590400 + 3600 * i}
        p.update(props)
        f.write(json.dumps({"event": name, "properties": p}) + "\n")
PY
# One person (one user id) under three records whose accounts differ: on
# the first day the same event under the three, so its rollup rows take the
# greatest account as max(account_id) does (the loader ranks them in the
# server's order), the record with no account counted but not chosen; on
# the second day only the lesser account.
python3 - "$TMP/switch.jsonl" <<'PY'
import json, sys
rows = [
    ("s1", "Report Viewed", "ACC-1025", 1764590400),
    ("s2", "Report Viewed", "ACC-1002", 1764594000),
    ("s3", "Report Viewed", None, 1764597600),
    ("s4", "Search", "ACC-1002", 1764601200),
    ("s5", "Report Viewed", "ACC-1002", 1764590400 + 86400),
]
with open(sys.argv[1], "w") as f:
    for k, name, acct, t in rows:
        p = {"$insert_id": k, "distinct_id": "sam@switch.example", "time": t}
        if acct:
            p["account_id"] = acct
        f.write(json.dumps({"event": name, "properties": p}) + "\n")
PY
FILES="$D/usage/mixpanel/export.jsonl $D/usage/amplitude/export.zip
 $D/usage/segment/track.jsonl $D/usage/posthog/events.csv $D/usage/pendo/feature-events.csv"

# ---- the same files, direct and staged --------------------------------
: >"$TMP/direct.err"
# Accounts first: the loaders resolve each new person record's account.
expect_exit 0 prodops ingest --kind accounts "$D/crm/accounts.csv"
for f in $FILES; do
    # Amplitude's rollups the way a file with more groups than the
    # loader's table takes: grouped by the server from the inserted rows.
    case $f in *amplitude*) slots=0 ;; *) slots= ;; esac
    PRODOPS_TEST_ROLLUP_SLOTS=$slots expect_exit 0 prodops -v ingest $f
    cat "$TMP/err" >>"$TMP/direct.err"
done
assert_eq 5 "$(grep -c "a first load of '.*': straight into the table" "$TMP/direct.err")" \
  "each usage source's first file loads directly"
assert_eq 1 "$(grep -c "the server groups the inserted events" "$TMP/direct.err")" \
  "one file's rollups grouped by the server"
expect_exit 0 prodops -v ingest --source mp-exp "$TMP/exposures.jsonl"
assert_match "straight into the table" "$(cat "$TMP/err")" "a new source: direct"
assert_match "4 read, 4 new, 0 updated, 0 duplicate, 0 rejected" "$OUT" "every exposure file event is new"
expect_exit 0 prodops -v ingest --source mp-switch "$TMP/switch.jsonl"
assert_match "straight into the table" "$(cat "$TMP/err")" "a new source: direct"
assert_eq "2025-12-01|Report Viewed|3|ACC-1025
2025-12-01|Search|1|ACC-1002
2025-12-02|Report Viewed|1|ACC-1002" \
  "$(sql "SELECT day, event_name, events, account_id FROM prodops.usage_daily WHERE source = 'mp-switch' ORDER BY 1, 2")" \
  "a person's rollup rows take the greatest account of the records under them"
assert_eq "2025-12-01|4|ACC-1025
2025-12-02|1|ACC-1002" \
  "$(sql "SELECT day, events, account_id FROM prodops.usage_user_days WHERE source = 'mp-switch' ORDER BY 1")" \
  "and so do its user-day rows"

STAGED=${DBNAME}_staged
psql -XqAt "$ADMIN_URI" -c "DROP DATABASE IF EXISTS $STAGED WITH (FORCE)" -c "CREATE DATABASE $STAGED" >/dev/null
DIRECT_DSN=$PRODOPS_DSN
STAGED_DSN=${ADMIN_URI/\/prodops\?//$STAGED?}
PRODOPS_DSN=$STAGED_DSN prodops ingest --kind accounts "$D/crm/accounts.csv" >"$TMP/staged.out" 2>&1 ||
    fail "staged: accounts"
for f in $FILES "--source mp-exp $TMP/exposures.jsonl" "--source mp-switch $TMP/switch.jsonl"; do
    PRODOPS_DSN=$STAGED_DSN PRODOPS_TEST_STAGED_EVENTS=1 prodops -v ingest $f >>"$TMP/staged.out" 2>&1 ||
        { fail "staged load of $f"; tail -3 "$TMP/staged.out"; }
done
grep -q "straight into the table" "$TMP/staged.out" && fail "the knob stages every file"

both() { # what: the query's digest in both databases
    local q=$2 a b
    a=$(PRODOPS_DSN=$DIRECT_DSN table_digest "$q")
    b=$(PRODOPS_DSN=$STAGED_DSN table_digest "$q")
    [ -n "$a" ] || fail "$1: empty digest"
    assert_eq "$b" "$a" "$1: direct = staged"
}
both "events" "SELECT source, event_key, user_id, device_id, user_key, account_id, account_ref,
  email_domain, email, event_name, event_time, event_count, properties FROM prodops.usage_events"
both "person records" "SELECT s.source, u.user_id, u.device_id, u.email, u.account_ref,
  u.email_domain, u.account_id, p.user_key FROM prodops.usage_users u
  JOIN prodops.usage_sources s USING (source_id) JOIN prodops.usage_people p USING (person_id)"
both "usage_daily" "SELECT * FROM prodops.usage_daily"
both "usage_user_days" "SELECT * FROM prodops.usage_user_days"
both "exposures" "SELECT experiment, source, user_key, email, variant, exposed_at FROM prodops.exposure_events"
both "exposure rejects" "SELECT x.event_time, s.source, x.key_hash, x.event_name, x.experiment, x.reason
  FROM prodops.exposure_rejects x JOIN prodops.usage_sources s USING (source_id)"
both "names" "SELECT event_name FROM prodops.usage_names"
both "file counts" "SELECT name, source, rows_read, rows_loaded, rows_updated, rows_duplicate, rows_rejected
  FROM prodops.files ORDER BY name"
assert_eq "checkout|b" "$(sql "SELECT experiment, variant FROM prodops.exposure_events WHERE source = 'mp-exp'")" \
  "the exposure with a variant"
assert_eq "2" "$(sql "SELECT count(*) FROM prodops.exposure_rejects x JOIN prodops.usage_sources s USING (source_id) WHERE s.source = 'mp-exp'")" \
  "the exposures naming no variant or no experiment are counted"
assert_eq "0" "$(sql "SELECT count(*) FROM (SELECT day, source, user_key, event_name, sum(event_count) n
    FROM (SELECT (event_time AT TIME ZONE 'UTC')::date AS day, source, user_key, event_name, event_count
            FROM prodops.usage_events) e GROUP BY 1, 2, 3, 4) e
  FULL JOIN prodops.usage_daily d USING (day, source, user_key, event_name)
  WHERE e.n IS DISTINCT FROM d.events")" "the rollup equals the events"

# Ids handed out by the loader stay clear of the identity sequences: a
# staged load after the direct ones adds names and person records.
cat >"$TMP/later.jsonl" <<'EOF'
{"event": "Brand New Event", "properties": {"$insert_id": "later-1", "distinct_id": "carol@new.example", "time": 1764594000}}
EOF
expect_exit 0 prodops -v ingest --source mixpanel "$TMP/later.jsonl"
assert_match "1 read, 1 new" "$OUT" "a later file of a loaded source (staged)"
assert_eq "0" "$(sql "SELECT count(*) - count(DISTINCT name_id) FROM prodops.usage_names")" "names keep distinct ids"

# ---- a key repeated inside a fresh file -------------------------------
# mixpanel epoch seconds: 2025-10-31 23:00 UTC, then 2025-11-01.
cat >"$TMP/repeat-month.jsonl" <<'EOF'
{"event": "Login", "properties": {"$insert_id": "r-1", "distinct_id": "ann@acme.example", "time": 1761951600}}
{"event": "Login", "properties": {"$insert_id": "r-1", "distinct_id": "ann@acme.example", "time": 1761951600}}
{"event": "Search", "properties": {"$insert_id": "r-2", "distinct_id": "ann@acme.example", "time": 1761955200}}
{"event": "Search", "properties": {"$insert_id": "r-3", "distinct_id": "d-4", "time": 1761958800}}
EOF
expect_exit 0 prodops -v ingest --source repeat-a "$TMP/repeat-month.jsonl"
assert_match "4 read, 3 new, 0 updated, 1 duplicate, 0 rejected" "$OUT" "a repeat before a new month: a duplicate"
assert_match "repeated keys: loading through staging" "$(cat "$TMP/err")" "found when the COPY restarted"
cat >"$TMP/repeat-end.jsonl" <<'EOF'
{"event": "Login", "properties": {"$insert_id": "e-1", "distinct_id": "ann@acme.example", "time": 1761955200}}
{"event": "Search", "properties": {"$insert_id": "e-2", "distinct_id": "ann@acme.example", "time": 1761955300}}
{"event": "Login", "properties": {"$insert_id": "e-1", "distinct_id": "ann@acme.example", "time": 1761955200}}
EOF
expect_exit 0 prodops -v ingest --source repeat-b "$TMP/repeat-end.jsonl"
assert_match "3 read, 2 new, 0 updated, 1 duplicate, 0 rejected" "$OUT" "a repeat in the last month: a duplicate"
assert_match "repeated keys: loading through staging" "$(cat "$TMP/err")" "found when the COPY ended"
assert_eq "repeat-a|2025-10-31|1
repeat-a|2025-11-01|2
repeat-b|2025-11-01|2" \
  "$(sql "SELECT source, day, sum(events) FROM prodops.usage_daily WHERE source LIKE 'repeat-%' GROUP BY 1, 2 ORDER BY 1, 2")" \
  "the rollups count each event once"
assert_eq "repeat-a|3
repeat-b|2" "$(sql "SELECT source, count(*) FROM prodops.usage_events WHERE source LIKE 'repeat-%' GROUP BY 1 ORDER BY 1")" \
  "the events stored once"

# Migration 026: every month's events key has full leaves, the months
# made before the migration and those made by the loads since.
LEAVES="SELECT count(*) || ' ' || count(*) FILTER (WHERE c.reloptions @> '{fillfactor=100}') FROM pg_inherits i JOIN pg_constraint k ON k.conrelid = i.inhrelid AND k.contype = 'p' JOIN pg_class c ON c.oid = k.conindid WHERE i.inhparent = 'prodops.events'::regclass"
n=$(sql "$LEAVES"); n=${n%% *}
[ "$n" -gt 0 ] || fail "the loads made event months"
assert_eq "$n $n" "$(sql "$LEAVES")" "each month's key made by a load has full leaves"
assert_eq "2" "$(sql "SELECT count(*) FROM pg_class WHERE relname IN ('rollup_daily_pkey', 'rollup_user_days_pkey') AND reloptions @> '{fillfactor=100}'")" "the rollups' keys have full leaves"

psql -XqAt "$ADMIN_URI" -c "DROP DATABASE IF EXISTS $STAGED WITH (FORCE)" >/dev/null
done_testing
