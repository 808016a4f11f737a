#!/usr/bin/env bash
# The scheduler (issue 6), on an injectable clock: started after two missed
# Mondays it runs the job once, for the latest; catchup = none runs
# nothing; a job with no run yet has nothing to catch up; with --now the
# clock advances and the job runs at its instant; with PRODOPS_NOW fixed
# it sleeps instead of spinning, reloads on SIGHUP and stops on SIGTERM.
# Retries back off exponentially and stop at the limit; a usage error is
# not retried.  SIGTERM in the middle of a file's load finishes that file
# and stops: no partial load, the run recorded as interrupted and caught
# up at the next start.
. "$(dirname "$0")/../lib/test-lib.sh"

cd "$TMP" || exit 1
mkdir -p inbox/desk inbox/big
cat > prodops.conf <<'CONF'
[source "desk"]
path   = inbox/desk
kind   = tickets
settle = 0

[source "big"]
path   = inbox/big
kind   = tickets
settle = 0

[job "weekly"]
schedule = 0 7 * * MON
timezone = America/New_York
sources  = desk
reports  = weekly
output   = reports/weekly
retries  = 0

[job "nightly"]
schedule = 0 6 * * *
catchup  = none
retries  = 0

[job "fresh"]
schedule = 0 6 * * *

[job "flaky"]
schedule = 0 0 1 1 *
deliver  = ./fail.sh
retries  = 2
retry_base = 0.2

[job "handoff"]
schedule = @monthly
reports  = handoff
output   = reports/handoff
retries  = 3

[job "bulk"]
schedule = 0 * * * *
sources  = big
retries  = 0
CONF
expect_exit 0 prodops demo --out "$TMP/demo" --end 2026-03-09 --tickets 300 \
    --nps-per-week 1 --events-per-day 1 --accounts 5
cp "$TMP/demo/zendesk/export-1.csv" inbox/desk/
runs() { sql "SELECT count(*) FROM prodops.runs WHERE job = '$1'"; }

# ---- catch-up: two missed Mondays, one run -------------------------------
expect_exit 0 prodops run weekly --at 2026-03-02T07:00
expect_exit 0 prodops run nightly --at 2026-03-02T06:00
# 17 March: the Mondays of 9 and 16 March were missed (DST began on 8 March).
PRODOPS_NOW=2026-03-17T10:00:00Z expect_exit 0 prodops schedule --once weekly nightly fresh
assert_eq "2|1" "$(runs weekly)|$(runs nightly)" "one catch-up run for weekly, none for nightly"
assert_eq "catchup|2026-03-16 11:00:00+00|ok" \
    "$(sql "SELECT trigger, scheduled_for, status FROM prodops.runs WHERE job = 'weekly' ORDER BY run_id DESC LIMIT 1")" \
    "the latest missed instant: Monday 16 March 07:00 EDT"
[ -f reports/weekly/weekly-2026-W11.json ] && pass "it reported the week before 16 March" ||
    fail "no weekly-2026-W11"
assert_match "nightly: next run at" "$ERR" "catchup = none: only the next run is logged"
assert_match "fresh: nothing to run: no earlier run to catch up from" "$ERR" \
    "a job that never ran has nothing to catch up"
# Logs a server operator can use (issue 18): one line an event, ISO 8601
# time, level, job[run id].
assert_eq "" "$(printf '%s\n' "$ERR" | grep -Ev '^20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]\.[0-9]{3}Z (debug|info|warning|error) ')" \
    "every log line starts with a UTC timestamp and a level"
weekly_run=$(sql "SELECT max(run_id) FROM prodops.runs WHERE job = 'weekly'")
assert_match "Z info weekly\\[$weekly_run\\]: run $weekly_run ok in [0-9.]+ s \\(attempt 1\\)" "$ERR" \
    "a run's lines carry the job and its run id"
PRODOPS_NOW=2026-03-17T10:00:00Z expect_exit 0 prodops schedule --once weekly --log-format json
assert_eq 2 "$(runs weekly)" "started again: nothing more to catch up"
assert_match "nothing missed since the run for 2026-03-16T11:00:00Z" "$ERR" "and it says so"
assert_eq "ok" "$(printf '%s\n' "$ERR" | python3 -c '
import json, sys
lines = [json.loads(l) for l in sys.stdin]
ok = lines and all(set(l) >= {"time", "level", "msg"} and l["level"] in ("debug", "info", "warning", "error") for l in lines)
ok = ok and any(l.get("job") == "weekly" and "nothing missed" in l["msg"] for l in lines)
print("ok" if ok else lines)')" "--log-format json: one object a line, with time, level, job and msg"
expect_exit 2 prodops schedule --log-format xml
assert_match "--log-format: 'xml' is not plain, text or json" "$ERR" "an unknown log format is a usage error"

# ---- the clock advancing: the run at its instant -------------------------
start=$(date +%s)
expect_exit 0 prodops schedule weekly --now 2026-03-23T06:59:58-04:00 --exit-after 1
took=$(( $(date +%s) - start ))
assert_eq "schedule|2026-03-23 11:00:00+00|ok" \
    "$(sql "SELECT trigger, scheduled_for, status FROM prodops.runs WHERE job = 'weekly' ORDER BY run_id DESC LIMIT 1")" \
    "the scheduled run at 07:00 EDT"
[ "$took" -ge 1 ] && [ "$took" -le 10 ] && pass "it waited for 07:00 (${took}s)" ||
    fail "waited ${took}s"
assert_match "weekly: next run at 2026-03-30T07:00:00-04:00 \\(2026-03-30T11:00:00Z\\)" "$ERR" \
    "the next run is logged in the zone and in UTC"

# ---- a fixed clock: no spinning; SIGHUP reloads; SIGTERM stops -------------
PRODOPS_NOW=2026-03-24T10:00:00Z "$PRODOPS_BIN" schedule weekly nightly 2>sched.err & S=$!
for i in $(seq 100); do grep -q 'next run' sched.err && break; sleep 0.05; done
sleep 1
ticks=$(awk '{print $14 + $15}' /proc/$S/stat)
[ "$ticks" -lt 50 ] && pass "asleep, not spinning ($ticks ticks of CPU)" || fail "busy: $ticks ticks"
sed -i 's/^schedule = 0 6 \* \* \*$/schedule = 30 6 * * */' prodops.conf
kill -HUP $S
for i in $(seq 100); do grep -q 'nightly: next run at 2026-03-25T06:30' sched.err && break; sleep 0.05; done
assert_match "reloaded .*prodops.conf: 2 jobs" "$(cat sched.err)" "SIGHUP reloads the configuration"
assert_match "nightly: next run at 2026-03-25T06:30:00Z" "$(cat sched.err)" "with the new schedule"
kill -TERM $S
wait $S; rc=$?
assert_eq 0 "$rc" "SIGTERM: a clean exit"
assert_match "stopped by signal 15" "$(cat sched.err)" "and says why"

# ---- retries: exponential back-off, stopped at the limit ------------------
cat > fail.sh <<'SH'
#!/bin/sh
date +%s.%N >> attempts.log
exit 1
SH
chmod +x fail.sh
expect_exit 4 prodops run flaky
assert_eq "1 2 3" "$(sql "SELECT string_agg(attempt::text, ' ' ORDER BY run_id) FROM prodops.runs WHERE job = 'flaky'")" \
    "retries = 2: three attempts, each recorded"
assert_eq "failed" "$(sql "SELECT DISTINCT status FROM prodops.runs WHERE job = 'flaky'")" "each failed"
assert_eq "deliver command './fail.sh' exited with status 1" \
    "$(sql "SELECT error FROM prodops.runs WHERE job = 'flaky' ORDER BY run_id DESC LIMIT 1")" \
    "the run ends failed with the last error"
assert_match "attempt 1 of 3 failed: .*retrying in 0.2 s" "$ERR" "the first back-off: retry_base"
assert_match "attempt 2 of 3 failed: .*retrying in 0.4 s" "$ERR" "the second: doubled"
assert_eq "True" "$(python3 -c '
import sys
t = [float(x) for x in open("attempts.log")]
print(len(t) == 3 and t[1] - t[0] >= 0.2 and t[2] - t[1] >= 0.4)')" \
    "the attempts were 0.2 s and 0.4 s apart"
# An unknown report zone is a configuration error at load time (issue 12
# item 11): no run starts.
printf '[report]\ntimezone = Mars/Olympus\n[job "z"]\nschedule = @daily\nreports = weekly\nretries = 3\n' > zone.conf
expect_exit 2 prodops --config zone.conf run z
assert_match "zone.conf:2: \\[report\\] timezone: unknown time zone 'Mars/Olympus'" "$ERR" \
    "the error names the zone and its line"
assert_eq "0" "$(sql "SELECT count(*) FROM prodops.runs WHERE job = 'z'")" "no run was started"
# A usage error at run time (here a source's unknown profile) would fail
# again: no retry.
mkdir -p zin && cp "$ROOT/tests/fixtures/tickets/zendesk-a.csv" zin/
printf '[source "zs"]\npath = zin\nprofile = nosuch\n[job "z"]\nschedule = @daily\nsources = zs\nretries = 3\n' > prof.conf
expect_exit 2 prodops --config prof.conf run z
assert_match "unknown profile 'nosuch'" "$ERR" "the error names the profile"
assert_eq "1|failed" "$(sql "SELECT count(*), max(status) FROM prodops.runs WHERE job = 'z'")" \
    "a usage error is not retried"

# ---- the PM handoff as a job's report: one folder per area ----------------
expect_exit 0 prodops run handoff --at 2026-02-09T07:00
folders=$(sql "SELECT string_agg(regexp_replace(o, '.*/', ''), ' ' ORDER BY o) FROM prodops.runs, unnest(outputs) o WHERE job = 'handoff'")
assert_match "^handoff-[a-z0-9-]+-2026-W06( handoff-[a-z0-9-]+-2026-W06)*$" "$folders" \
    "the run's outputs are the week's handoff folders"
for f in $folders; do [ -f "reports/handoff/$f/README.md" ] || fail "$f has no README.md"; done

# ---- SIGTERM in the middle of a file ---------------------------------------
expect_exit 0 prodops run bulk --at 2026-03-01T00:00:00Z   # history, no files yet
# Exports dated before this part's clock (2026-03-01): tickets more than
# two days ahead of now are rejects (issue 12 item 16).
PRODOPS_NOW=2026-03-01T05:30:00Z expect_exit 0 prodops demo --out "$TMP/bench" --bench-tickets 60000
mv "$TMP/bench/bench/zendesk-bench.csv" inbox/big/a-big.csv
expect_exit 0 prodops demo --out "$TMP/small" --end 2026-02-27 --tickets 300 \
    --nps-per-week 1 --events-per-day 1 --accounts 5
cp "$TMP/small/zendesk/export-2.csv" inbox/big/b-small.csv
PRODOPS_NOW=2026-03-01T05:30:00Z "$PRODOPS_BIN" schedule --once bulk 2>bulk.err & S=$!
copying() {
    sql "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
         AND query ILIKE 'COPY%' AND state = 'active'"
}
for i in $(seq 400); do [ "$(copying)" != 0 ] && break; sleep 0.02; done
[ "$(copying)" != 0 ] && pass "SIGTERM while a file is being copied in" || fail "no COPY seen"
kill -TERM $S
wait $S; rc=$?
assert_eq 0 "$rc" "the scheduler exits cleanly"
assert_eq "interrupted|2026-03-01 05:00:00+00" \
    "$(sql "SELECT status, scheduled_for FROM prodops.runs WHERE job = 'bulk' ORDER BY run_id DESC LIMIT 1")" \
    "the run is recorded as interrupted"
assert_eq "a-big.csv|loaded|60000|60000" \
    "$(sql "SELECT name, status, rows_read, rows_loaded FROM prodops.files WHERE source = 'big'")" \
    "the file under way finished loading; the next was not started"
assert_eq "60000" "$(sql "SELECT count(*) FROM prodops.tickets WHERE source = 'big'")" \
    "the warehouse holds exactly that file's rows"
PRODOPS_NOW=2026-03-01T05:30:00Z expect_exit 0 prodops schedule --once bulk
assert_eq "ok|1|1" \
    "$(sql "SELECT status, stats->'files'->>'loaded', stats->'files'->>'skipped' FROM prodops.runs WHERE job = 'bulk' ORDER BY run_id DESC LIMIT 1")" \
    "the next start catches the interrupted run up: the rest loads"
assert_eq "$(sql "SELECT sum(rows_loaded) FROM prodops.files WHERE source = 'big'")" \
    "$(sql "SELECT count(*) FROM prodops.tickets WHERE source = 'big'")" \
    "files and rows reconcile"
done_testing
