#!/usr/bin/env bash
# Issue 12 ("Nothing lost, nothing silent"), hostile input: a header of
# 16 384 columns loads (each repeated name kept under its own extra key)
# and one column more rejects the file with its reason.
. "$(dirname "$0")/../lib/test-lib.sh"

# wide FILE NX: a Zendesk export whose header ends in NX columns named x.
wide() {
    python3 - "$1" "$2" <<'PY'
import sys
path, nx = sys.argv[1], int(sys.argv[2])
cols = ["Id", "Created at", "Via"] + ["x"] * nx
row = ["1", "2026-11-20 10:00", "web"] + [str(i + 1) for i in range(nx)]
open(path, "w").write(",".join(cols) + "\n" + ",".join(row) + "\n")
PY
}

# ---- item 3: wide headers ------------------------------------------------
wide "$TMP/wide.csv" 16381
wide "$TMP/wider.csv" 16382
expect_exit 0 prodops ingest "$TMP/wide.csv"
assert_match "1 read, 1 new" "$OUT" "16 384 columns load"
assert_eq "16381|1|16381|16381" \
    "$(sql "SELECT count(*), min((value #>> '{}')::int), max((value #>> '{}')::int),
                   count(DISTINCT key) FROM prodops.tickets, jsonb_each(extra)")" \
    "every x column is kept in extra under its own key"
assert_eq "1|2|16381" "$(sql "SELECT extra->>'x', extra->>'x (2)', extra->>'x (16381)'
                              FROM prodops.tickets")" "named x, x (2), ... x (16381)"
expect_exit 1 prodops ingest "$TMP/wider.csv"
assert_match "header has 16385 columns, more than 16384" "$OUT$ERR" "16 385 columns: the reason is printed"
assert_eq "rejected|header has 16385 columns, more than 16384" \
    "$(sql "SELECT status, reason FROM prodops.files WHERE name = 'wider.csv'")" \
    "and recorded in files"

# ---- item 14: runs of prodops ingest that die, and the error they record --
prodops demo --out "$TMP/demo" --bench-tickets 200000 >/dev/null || { echo "demo failed"; exit 1; }
BIG=$(ls "$TMP"/demo/bench/*.csv)
FX=$ROOT/tests/fixtures/tickets
# copying: wait until the load streams its COPY; prints its backend's pid.
copying() {
    local pid=""
    for _ in $(seq 1 400); do
        pid=$(psql -XqAt "$ADMIN_URI" -c "SELECT pid FROM pg_stat_activity WHERE datname = '$DBNAME'
              AND query LIKE 'COPY %'")
        [ -n "$pid" ] && break
        sleep 0.05
    done
    printf '%s' "$pid"
}
last_run() { sql "SELECT max(run_id) FROM prodops.runs WHERE job = 'ingest'"; }
# running: the run left 'running' by a load started in the background.
running() {
    local r=""
    for _ in $(seq 1 400); do
        r=$(sql "SELECT max(run_id) FROM prodops.runs WHERE job = 'ingest' AND status = 'running'")
        [ -n "$r" ] && break
        sleep 0.05
    done
    printf '%s' "$r"
}

# kill -9 mid-load: the row stays 'running' while the process lives (a
# second ingest meanwhile leaves it alone), and is abandoned after.
"$PRODOPS_BIN" ingest "$BIG" >"$TMP/killed.out" 2>&1 &
pid=$!
killed=$(running)
[ -n "$(copying)" ] && pass "the load was in its COPY" || fail "the load never reached its COPY"
expect_exit 0 prodops ingest "$FX/zendesk-a.csv"
assert_eq "running" "$(sql "SELECT status FROM prodops.runs WHERE run_id = $killed")" \
    "a live load's run is not abandoned by another ingest"
kill -9 $pid; wait $pid 2>/dev/null
sleep 0.5
assert_eq "running" "$(sql "SELECT status FROM prodops.runs WHERE run_id = $killed")" \
    "killed: the row is left running"
expect_exit 0 prodops ingest "$FX/zendesk-a.csv"
assert_eq "abandoned|t|the process ended without finishing the run (killed, or the host went down)" \
    "$(sql "SELECT status, finished_at IS NOT NULL, error FROM prodops.runs WHERE run_id = $killed")" \
    "the next ingest marks it abandoned, with why"
assert_eq "ok" "$(sql "SELECT status FROM prodops.runs WHERE run_id = $(last_run)")" \
    "and its own run is ok"

# The session dies mid-load (the server ends it): the load's error is the
# one printed and recorded, from a new session, not the failed UPDATE.
"$PRODOPS_BIN" ingest "$BIG" >"$TMP/term.out" 2>"$TMP/term.err" &
pid=$!
run=$(running)
backend=$(copying)
psql -XqAt "$ADMIN_URI" -c "SELECT pg_terminate_backend($backend)" >/dev/null
wait $pid; rc=$?
assert_eq 3 "$rc" "a database failure exits 3"
err=$(cat "$TMP/term.err")
printf '# %s\n' "$err"
assert_eq 1 "$(printf '%s\n' "$err" | grep -c '^prodops: error: ')" "one error printed"
assert_match "^prodops: error: .*(terminat|server closed the connection)" "$err" "the load's error"
assert_eq "" "$(printf '%s\n' "$err" | grep -i 'UPDATE\|no connection')" "not the UPDATE's"
msg=$(printf '%s\n' "$err" | sed -n 's/^prodops: error: //p')
assert_eq "failed|$msg" "$(sql "SELECT status, error FROM prodops.runs WHERE run_id = $run")" \
    "the run records the load's error"

# The server stops mid-load: the load's error is printed, the run cannot be
# recorded, and the next ingest after the restart marks it abandoned.
"$PRODOPS_BIN" ingest "$BIG" >"$TMP/stop.out" 2>"$TMP/stop.err" &
pid=$!
run=$(running)
[ -n "$(copying)" ] || fail "the load never reached its COPY"
env -u PRODOPS_DSN "$PRODOPS_BIN" db stop >/dev/null 2>"$TMP/dbstop.err" || fail "db stop: $(cat "$TMP/dbstop.err")"
wait $pid; rc=$?
env -u PRODOPS_DSN "$PRODOPS_BIN" db start >/dev/null 2>"$TMP/dbstart.err" || fail "db start: $(cat "$TMP/dbstart.err")"
assert_eq 3 "$rc" "the server stopped: exit 3"
err=$(cat "$TMP/stop.err")
printf '# %s\n' "$err"
assert_eq 1 "$(printf '%s\n' "$err" | grep -c '^prodops: error: ')" "one error printed"
assert_eq "" "$(printf '%s\n' "$err" | grep -i 'UPDATE\|no connection to the server')" "not the UPDATE's"
assert_match "^prodops: warning: run $run could not be recorded as failed; the next ingest marks it abandoned" \
    "$err" "and a warning that the run is not recorded"
expect_exit 0 prodops ingest "$FX/zendesk-a.csv"
assert_eq "abandoned" "$(sql "SELECT status FROM prodops.runs WHERE run_id = $run")" \
    "after the restart, the next ingest marks it abandoned"
assert_eq "0" "$(sql "SELECT count(*) FROM prodops.runs WHERE status = 'running'")" "no run is left running"

# ---- item 16: implausible ticket and NPS times are rejects -------------------
export PRODOPS_NOW=2026-11-23T12:00:00Z
H="Id,Subject,Status,Via,Created at,Updated at,Solved at,First reply time in minutes"
cat > "$TMP/times.csv" <<CSV
$H
t1,far future,Open,Mail,9999-12-31 00:00:00,,,
t2,epoch,Open,Mail,1970-01-01 00:00:00,,,
t3,late update,Open,Mail,2026-11-20 10:00:00,9999-12-31 00:00:00,,
t4,old solve,Solved,Mail,2026-11-20 10:00:00,,1999-12-31 23:59:59,
t5,two days ahead,Open,Mail,2026-11-25 12:00:00,,,
t6,sentinel,Open,Mail,2026-11-20 10:00:00,,1900-01-01 00:00:00,
t7,just in time,Open,Mail,2026-11-25 11:59:59,,,
CSV
expect_exit 1 prodops ingest --max-reject-ratio 1 "$TMP/times.csv"
assert_match "7 read, 2 new, .* 5 rejected" "$OUT" "five of seven tickets rejected"
assert_eq "t6|t7" "$(sql "SELECT string_agg(external_id, '|' ORDER BY external_id) FROM prodops.tickets
                        WHERE external_id LIKE 't_'")" "the sentinel and the edge load"
assert_eq "" "$(sql "SELECT solved_at FROM prodops.tickets WHERE external_id = 't6'")" "1900-01-01 is no value"
assert_eq "2|Created at|'created_at' out of range (before 2000 or more than 2 days ahead): 9999-12-31T00:00:00Z
3|Created at|'created_at' out of range (before 2000 or more than 2 days ahead): 1970-01-01T00:00:00Z
4|Updated at|'updated_at' out of range (before 2000 or more than 2 days ahead): 9999-12-31T00:00:00Z
5|Solved at|'solved_at' out of range (before 2000 or more than 2 days ahead): 1999-12-31T23:59:59Z
6|Created at|'created_at' out of range (before 2000 or more than 2 days ahead): 2026-11-25T12:00:00Z" \
    "$(sql "SELECT r.line_no, r.column_name, r.reason FROM prodops.rejects r JOIN prodops.files f USING (file_id)
            WHERE f.name = 'times.csv' ORDER BY r.line_no")" "each with its column and reason"
# NPS responses: the same range (a decision: see NOTES-h-jobs.md).
cat > "$TMP/nps-times.csv" <<'CSV'
Response ID,Email,Name,Score,Comment,Response timestamp
n1,a@x.example,A,9,ok,9999-12-31 00:00:00
n2,b@x.example,B,3,bad,1970-01-01 00:00:00
n3,c@x.example,C,10,fine,2026-11-20 10:00:00
CSV
expect_exit 1 prodops ingest --max-reject-ratio 1 "$TMP/nps-times.csv"
assert_match "3 read, 1 new, .* 2 rejected" "$OUT" "two of three responses rejected"
assert_eq "2|'responded_at' out of range (before 2000 or more than 2 days ahead): 9999-12-31T00:00:00Z
3|'responded_at' out of range (before 2000 or more than 2 days ahead): 1970-01-01T00:00:00Z" \
    "$(sql "SELECT r.line_no, r.reason FROM prodops.rejects r JOIN prodops.files f USING (file_id)
            WHERE f.name = 'nps-times.csv' ORDER BY r.line_no")" "responded_at has the same range"
unset PRODOPS_NOW

# ---- item 16: prodops files --json numbers; empty --source ------------------
expect_exit 0 prodops files --json
printf '%s' "$OUT" > "$TMP/files.json"
python3 - "$TMP/files.json" "$(sql "SELECT count(*) FROM prodops.files")" <<'PY' && pass "files --json: ids and counts are JSON numbers, null where null" || fail "files --json types"
import json, sys
rows = json.load(open(sys.argv[1]))
assert len(rows) == int(sys.argv[2]), len(rows)
for r in rows:
    for k in ("file_id", "rows_read", "rows_new", "rows_updated", "rows_duplicate", "rows_rejected"):
        assert type(r[k]) is int, (k, r[k])
    assert r["reason"] is None or isinstance(r["reason"], str), r
    assert isinstance(r["name"], str) and isinstance(r["status"], str), r
wider = [r for r in rows if r["name"] == "wider.csv"][0]
assert wider["rows_read"] == 0 and wider["status"] == "rejected", wider
times = [r for r in rows if r["name"] == "times.csv"][0]
assert (times["rows_read"], times["rows_new"], times["rows_rejected"]) == (7, 2, 5), times
assert [r for r in rows if r["reason"] is None], "some reason is null"
PY
expect_exit 0 prodops rejects --json --limit 1
printf '%s' "$OUT" | python3 -c 'import json, sys; r = json.load(sys.stdin)[0]; assert type(r["file_id"]) is int, r' &&
    pass "rejects --json: file_id is a number" || fail "rejects --json file_id"
for opt in --source --profile --tz; do
    expect_exit 2 prodops ingest "$opt" "" "$FX/zendesk-a.csv"
    assert_eq 1 "$(printf '%s\n' "$ERR" | grep -c '^prodops: error: ')" "$opt \"\": one error line"
    assert_match "^prodops: error: $opt takes a" "$ERR" "$opt \"\" is a usage error"
done

done_testing
