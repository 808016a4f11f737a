#!/usr/bin/env bash
# Scheduled jobs end to end (issue 6): prodops init, the demo exports
# dropped into the inbox, prodops run weekly, the reports appear, the
# history shows the run with its files, rows and outputs; a second run
# loads nothing new; a file still being written is left for the next run
# and a fresh one that stops changing is waited for; loaded files move to
# processed/; deliver gets the outputs; retention keeps the newest runs'
# outputs and nothing else is touched.
. "$(dirname "$0")/../lib/test-lib.sh"

D=$TMP/team
expect_exit 0 prodops init "$D"
cd "$D" || exit 1
# The team's zone, processed/ for Zendesk, two runs of outputs, a deliver
# command; the whole config stays the one init wrote.
sed -i -e '0,/^timezone = UTC /s//timezone = America\/New_York /' \
    -e 's/^keep     = 12 .*/keep     = 2/' \
    -e 's|^;deliver  = ./send-to-slack.sh.*|deliver  = ./deliver.sh|' prodops.conf
sed -i '/^\[source "zendesk"\]/a processed = true' prodops.conf
cat > deliver.sh <<'SH'
#!/bin/sh
echo "$PRODOPS_JOB run $PRODOPS_RUN_ID: $*" >> delivered.log
SH
chmod +x deliver.sh

# Some of the demo exports: accounts, two Zendesk exports, Delighted, a
# Mixpanel file.  Copied "a minute ago", so the settle wait is not needed.
expect_exit 0 prodops demo --out "$TMP/demo" --end 2026-03-09 --tickets 600 \
    --nps-per-week 10 --events-per-day 40 --accounts 10
cp "$TMP/demo/crm/accounts.csv" inbox/crm/
cp "$TMP/demo/zendesk/"*.csv inbox/zendesk/
cp "$TMP/demo/nps/delighted/"*.csv inbox/nps/delighted/
cp "$TMP/demo/usage/mixpanel/export.jsonl" inbox/usage/mixpanel/
find inbox -type f -exec touch -d '-1 min' {} +

# ---- the first run ------------------------------------------------------
expect_exit 0 prodops run weekly --at 2026-03-09T07:00 --json
printf '%s' "$OUT" > "$TMP/run1.json"
json_check "$TMP/run1.json" 'status="ok"' 'scheduled_for="2026-03-09T11:00:00Z"' \
    'attempts=1' 'files.loaded=6' 'files.skipped=0' 'files.rejected=0' \
    'files.held=0' || fail "first run"
R1=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["run_id"])' "$TMP/run1.json")
# Monday 07:00 in New York reports the ISO week that just ended there.
for ext in xlsx md html txt json eml pdf; do
    [ -s "output/weekly/weekly-2026-W10.$ext" ] && pass "weekly-2026-W10.$ext written" ||
        fail "weekly-2026-W10.$ext missing"
done
json_check output/weekly/weekly-2026-W10.json 'period.label="2026-W10"' \
    'period.timezone="America/New_York"' 'period.start="2026-03-02T05:00:00Z"' || fail "period"
# The run row: its files and rows reconcile with the files table.
assert_eq "6|$(sql "SELECT sum(rows_read) FROM prodops.files")" \
    "$(sql "SELECT count(*), sum(rows_read) FROM prodops.files WHERE run_id = $R1 AND status = 'loaded'")" \
    "the run's files carry its run_id"
assert_eq "$(sql "SELECT sum(rows_read) || '|' || sum(rows_loaded) FROM prodops.files")" \
    "$(sql "SELECT (stats->'rows'->>'read') || '|' || (stats->'rows'->>'new') FROM prodops.runs WHERE run_id = $R1")" \
    "the run's row counts are the files' counts"
assert_eq "$(sql "SELECT count(*) FROM prodops.tickets")" \
    "$(sql "SELECT sum(rows_loaded) FROM prodops.files WHERE kind = 'tickets'")" \
    "every new ticket row is in the warehouse"
assert_eq "manual|1|7" "$(sql "SELECT trigger, attempt, cardinality(outputs) FROM prodops.runs WHERE run_id = $R1")" \
    "the run row: trigger, attempt, the seven outputs"
# Delivered with the outputs as arguments, from the config's folder.
assert_match "^weekly run $R1: $D/output/weekly/weekly-2026-W10.json .*weekly-2026-W10.xlsx .*weekly-2026-W10.eml .*weekly-2026-W10.pdf$" \
    "$(cat delivered.log)" "deliver got the job, the run and the output paths"
# processed = true: the Zendesk exports moved; the others stay.
[ -f inbox/zendesk/processed/export-1.csv ] && [ ! -f inbox/zendesk/export-1.csv ] &&
    pass "loaded Zendesk exports moved to processed/" || fail "not moved"
[ -f inbox/crm/accounts.csv ] && pass "other sources' files stay" || fail "crm moved"

# History, text and JSON.
expect_exit 0 prodops jobs history weekly
assert_match "^ +$R1 weekly .* ok +1  6/0/0/0 " "$OUT" "history: the run, ok, six files"
assert_match "for 2026-03-09T11:00:00Z \\(manual" "$OUT" "history: the instant"
assert_match "outputs in $D/output/weekly: weekly-2026-W10.json" "$OUT" "history: the outputs"
expect_exit 0 prodops jobs history --json
printf '%s' "$OUT" > "$TMP/h1.json"
json_check "$TMP/h1.json" "0.run_id=$R1" '0.job="weekly"' '0.status="ok"' '0.files.loaded=6' \
    "0.rows.read=$(sql "SELECT sum(rows_read) FROM prodops.files")" \
    "0.outputs.4=\"$D/output/weekly/weekly-2026-W10.xlsx\"" '0.error=None' || fail "history json"
expect_exit 0 prodops jobs list
assert_match "^weekly +0 7 \\* \\* MON +America/New_York .* ok$" "$OUT" "jobs list: the last status"

# ---- a second run: nothing new; a file still being written --------------
tickets=$(sql "SELECT count(*) FROM prodops.tickets")
cp "$TMP/demo/hubspot/tickets.csv" inbox/hubspot/
touch -d '+1 hour' inbox/hubspot/tickets.csv   # mtime still moving: a copy in progress
expect_exit 0 prodops run weekly --at 2026-03-16T07:00 --json
printf '%s' "$OUT" > "$TMP/run2.json"
json_check "$TMP/run2.json" 'status="ok"' 'files.loaded=0' 'files.skipped=4' \
    'files.held=1' 'rows.read=0' || fail "second run"
assert_match "1 file of source 'hubspot' still being written, left for the next run" "$ERR" \
    "the held file is named in the log"
assert_eq "$tickets|0" "$(sql "SELECT (SELECT count(*) FROM prodops.tickets), count(*) FROM prodops.files WHERE name = 'tickets.csv'")" \
    "nothing new loaded, the file being written untouched"
# Finished copying: the next run loads it.  A fresh file (settle = 1 for
# Freshdesk) is waited for and loaded in the same run.
touch -d '-1 min' inbox/hubspot/tickets.csv
sed -i '/^\[source "freshdesk"\]/a settle = 1' prodops.conf
cp "$TMP/demo/freshdesk/tickets.csv" inbox/freshdesk/
start=$(date +%s.%N)
expect_exit 0 prodops run weekly --at 2026-03-23T07:00 --json
took=$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]) >= 0.9)" "$start" "$(date +%s.%N)")
printf '%s' "$OUT" > "$TMP/run3.json"
json_check "$TMP/run3.json" 'files.loaded=2' 'files.held=0' || fail "third run"
assert_eq True "$took" "the fresh file was watched for its settle second"
assert_eq 2 "$(sql "SELECT count(*) FROM prodops.files WHERE name = 'tickets.csv' AND status = 'loaded'")" \
    "hubspot and freshdesk loaded"
# The same export dropped again: skipped (already loaded), still moved
# aside under a new name.
cp "$TMP/demo/zendesk/export-1.csv" inbox/zendesk/
touch -d '-1 min' inbox/zendesk/export-1.csv

# ---- retention: keep = 2 runs of outputs ---------------------------------
echo "notes" > output/weekly/notes.txt
expect_exit 0 prodops run weekly --at 2026-03-30T07:00
[ -f inbox/zendesk/processed/export-1~2.csv ] && pass "a repeated name is not overwritten in processed/" ||
    fail "processed name clash"
ls output/weekly > "$TMP/outputs.txt"
assert_eq "notes weekly-2026-W12 weekly-2026-W13" \
    "$(sed 's/\..*//' "$TMP/outputs.txt" | sort -u | tr '\n' ' ' | sed 's/ $//')" \
    "the newest two runs' outputs stay, and files prodops did not write"
assert_eq "t|t|f|f" "$(sql "SELECT string_agg(CASE WHEN outputs_removed THEN 't' ELSE 'f' END, '|' ORDER BY run_id) FROM prodops.runs WHERE job = 'weekly'")" \
    "the older runs are marked"
expect_exit 0 prodops jobs history weekly --limit 4
assert_match "outputs in $D/output/weekly \\(removed by retention\\): weekly-2026-W10" "$OUT" \
    "history says the outputs are gone"
assert_eq 4 "$(wc -l < delivered.log)" "each run delivered"
# keep_days instead: outputs of runs for instants more than 8 days before
# now go (the run for 30 March, 7 days back, stays).
sed -i 's/^keep     = 2$/keep_days = 8/' prodops.conf
PRODOPS_NOW=2026-04-06T12:00:00Z expect_exit 0 prodops run weekly --at 2026-04-06T07:00
assert_eq "weekly-2026-W13 weekly-2026-W14" \
    "$(ls output/weekly | grep weekly | sed 's/\..*//' | sort -u | tr '\n' ' ' | sed 's/ $//')" \
    "keep_days: the outputs of the run for 23 March (14 days back) are removed"
done_testing
