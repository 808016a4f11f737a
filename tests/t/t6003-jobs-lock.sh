#!/usr/bin/env bash
# One run of a job at a time (issue 6): two `prodops run weekly` started
# together against the same database -- exactly one runs, the other exits
# 6 naming the holder's host and pid; --wait runs after the holder; the
# scheduler skips a job a manual run holds; a kill -9 of the holder ends
# its session, which frees the lock, and the next run succeeds and marks
# the killed run abandoned.  The holder is kept busy by its deliver
# command, which waits for a file the test creates.  Background runs call
# the binary itself, so that $! is the pid the lock holder reports.
. "$(dirname "$0")/../lib/test-lib.sh"

cd "$TMP" || exit 1
cat > prodops.conf <<'CONF'
[job "weekly"]
schedule = 0 7 * * MON
timezone = America/New_York
reports  = weekly
output   = reports
retries  = 0
deliver  = ./hold.sh
CONF
# hold.sh: record its pid, then wait until release exists (at most 20 s).
cat > hold.sh <<'SH'
#!/bin/sh
echo $$ > "hold.$PRODOPS_RUN_ID.pid"
i=0
while [ ! -e release ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
SH
chmod +x hold.sh
H=$(hostname)
holders() {
    sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2
         AND classid = hashtext('prodops.job')::oid AND objid = hashtext('weekly')::oid"
}
# Wait (up to 10 s) until the lock has n holders and a deliver is running.
wait_for() {
    local i=0
    while [ $i -lt 200 ]; do
        [ "$(holders)" = "$1" ] && { [ "$1" = 0 ] || ls hold.*.pid >/dev/null 2>&1; } && return 0
        sleep 0.05; i=$((i + 1))
    done
    return 1
}

# ---- two runs started together: exactly one runs --------------------------
"$PRODOPS_BIN" run weekly >a.out 2>a.err & A=$!
"$PRODOPS_BIN" run weekly >b.out 2>b.err & B=$!
wait_for 1 || fail "nobody took the lock"
# The loser has finished by now or soon: wait for it, then release.
for i in $(seq 100); do
    kill -0 $A 2>/dev/null && kill -0 $B 2>/dev/null || break; sleep 0.05
done
touch release
wait $A; ra=$?
wait $B; rb=$?
assert_eq "0 6" "$(printf '%s\n' $ra $rb | sort -n | tr '\n' ' ' | sed 's/ $//')" \
    "one run exits 0, the other 6 (locked)"
if [ $ra = 6 ]; then loser=a.err; winner=$B; else loser=b.err; winner=$A; fi
assert_match "Z error weekly: job 'weekly' is running on host $H \\(pid $winner\\) since [0-9-]+ [0-9:]+ UTC" \
    "$(cat $loser)" "the loser names the holder's host and pid"
assert_match "hint: .*--wait" "$(cat $loser)" "and says how to wait"
assert_eq "1|ok" "$(sql "SELECT count(*), max(status) FROM prodops.runs WHERE job = 'weekly'")" \
    "one run recorded"
rm -f release hold.*.pid

# ---- --wait: the second runs after the first ---------------------------
"$PRODOPS_BIN" run weekly >a.out 2>a.err & A=$!
wait_for 1 || fail "the first run did not start"
"$PRODOPS_BIN" run weekly --wait >b.out 2>b.err & B=$!
# While the first holds the lock: jobs list says who runs it, and the
# scheduler's catch-up leaves the job alone.
expect_exit 0 prodops jobs list
assert_match "weekly .* running on $H \\(pid $A\\)" "$OUT" "jobs list names the running host and pid"
PRODOPS_NOW=2027-01-05T12:00:00Z expect_exit 0 prodops schedule --once
assert_match "weekly: not run here: job 'weekly' is running on host $H \\(pid $A\\)" "$ERR" \
    "the scheduler skips a job that runs elsewhere"
sleep 0.3
kill -0 $B 2>/dev/null && pass "--wait is waiting" || fail "--wait did not wait"
touch release
wait $A; ra=$?
wait $B; rb=$?
assert_eq "0 0" "$ra $rb" "both ran, one after the other"
assert_eq "t" "$(sql "SELECT (SELECT started_at FROM prodops.runs ORDER BY run_id DESC LIMIT 1)
                       >= (SELECT finished_at FROM prodops.runs ORDER BY run_id DESC OFFSET 1 LIMIT 1)")" \
    "the waiting run started after the first finished"
rm -f release hold.*.pid

# ---- kill -9 of the holder ---------------------------------------------
"$PRODOPS_BIN" run weekly >a.out 2>a.err & A=$!
wait_for 1 || fail "the run did not start"
kill -9 $A
wait $A 2>/dev/null
# Its deliver command lives on, orphaned, without the holder's sessions.
kill -0 "$(cat hold.*.pid)" && pass "the deliver command outlives the killed run" ||
    fail "deliver gone"
wait_for 0 && pass "the killed holder's session ended: lock free" || fail "lock still held"
kill "$(cat hold.*.pid)" 2>/dev/null
rm -f hold.*.pid
touch release
expect_exit 0 prodops run weekly
assert_eq "abandoned|ok" \
    "$(sql "SELECT string_agg(status, '|' ORDER BY run_id) FROM (SELECT * FROM prodops.runs ORDER BY run_id DESC LIMIT 2) r")" \
    "the next run succeeds and marks the killed one abandoned"
assert_match "process ended without finishing" \
    "$(sql "SELECT error FROM prodops.runs WHERE status = 'abandoned'")" "with a reason"
done_testing
