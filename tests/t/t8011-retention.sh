#!/usr/bin/env bash
# Retention (issue 18): [retention] events_months drops the monthly event
# partitions that ended more than N months ago, after a job's reports and
# by `prodops db prune`; the rollups are not touched, so an old week's
# report keeps its numbers.  rejects_days deletes the rejected rows of
# files loaded before; the files rows stay.  `prodops db size` shows each
# table's rows and bytes.  The section is validated like the others.
. "$(dirname "$0")/../lib/test-lib.sh"

cd "$TMP" || exit 1
expect_exit 0 prodops demo --out demo --end 2026-03-09 --tickets 300 \
    --nps-per-week 3 --events-per-day 30 --accounts 6
expect_exit 1 prodops ingest demo   # a few rows of the demo are rejects
events() { sql "SELECT count(*) FROM prodops.events ${1:-}"; }
months() { sql "SELECT string_agg(to_char(m, 'YYYY-MM'), ' ' ORDER BY m) FROM (SELECT DISTINCT date_trunc('month', event_time AT TIME ZONE 'UTC') m FROM prodops.events) x"; }
assert_eq "2025-09 2025-10 2025-11 2025-12 2026-01 2026-02 2026-03" "$(months)" "26 weeks of events: seven months"
old=$(events "WHERE event_time < '2025-11-01'")
total=$(events)
[ "$old" -gt 0 ] && pass "$old of $total events are before November 2025" || fail "no old events"
rollups() { table_digest "SELECT * FROM prodops.rollup_daily"; table_digest "SELECT * FROM prodops.rollup_user_days"; }
rollups_before=$(rollups)
expect_exit 0 prodops report weekly --week 2025-W41 --out before
report() { grep -v '"generated_at"' "$1/weekly-2025-W41.json"; }
assert_match '"active_users"|"wau"|"events"' "$(report before)" "the old week's report has usage numbers"

# db size: rows and bytes per table, a total.
expect_exit 0 prodops db size
assert_match "^table +rows +size" "$OUT" "a header line"
assert_match "events +$total +[0-9.]+ [kM]B  7 monthly partitions, 2025-09-[0-9]{2} to 2026-03-0[0-9]" "$OUT" \
    "events: rows, size, partitions and span"
# The demo writes the tickets asked for and its experiments' trial tickets.
tickets=$(sql "SELECT count(*) FROM prodops.tickets")
assert_match "tickets +$tickets " "$OUT" "tickets: their row count ($tickets)"
assert_match "total +[0-9.]+ [kMG]B" "$OUT" "and the total"
expect_exit 0 prodops db size --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); t={x["name"]: x for x in d["tables"]}; assert t["events"]["rows"] == int(sys.argv[2]) and t["events"]["partitions"] == 7 and d["bytes"] == sum(x["bytes"] for x in d["tables"])' \
    <(printf '%s' "$OUT") "$total" && pass "db size --json: rows, partitions, the total is the sum" || fail "db size --json: $OUT"

# ---- the config is validated ----------------------------------------------
printf '[retention]\nevents_months = 0\nrejects_days = ten\nkeep = 3\n' > bad.conf
expect_exit 2 prodops --config bad.conf db prune
assert_match "bad.conf:2: \\[retention\\] events_months: '0' is not a whole number >= 1" "$ERR" "events_months is checked, with file:line"
assert_match "bad.conf:3: \\[retention\\] rejects_days: 'ten' is not a whole number >= 1" "$ERR" "rejects_days too"
assert_match "bad.conf:4: unknown key 'keep' in \\[retention\\] \\(events_months, rejects_days\\)" "$ERR" "and unknown keys"
expect_exit 2 prodops db prune
assert_match "nothing to prune: set \\[retention\\] events_months or rejects_days" "$ERR" "db prune with nothing configured"

# ---- after a job's reports --------------------------------------------------
# One file's rejects are old (loaded 1 January), the others recent.
rejected_file=$(sql "SELECT file_id FROM prodops.files WHERE rows_rejected > 0 ORDER BY file_id LIMIT 1")
old_rejects=$(sql "SELECT count(*) FROM prodops.rejects WHERE file_id = $rejected_file")
all_rejects=$(sql "SELECT count(*) FROM prodops.rejects")
sql "UPDATE prodops.files SET loaded_at = '2026-01-01' WHERE file_id = $rejected_file" >/dev/null
cat > prodops.conf <<'CONF'
[retention]
events_months = 4
rejects_days  = 30

[job "tidy"]
schedule = @daily
retries  = 0
CONF
PRODOPS_NOW=2026-03-20T00:00:00Z expect_exit 0 prodops run tidy
assert_match "tidy\\[[0-9]+\\]: retention: dropped 2 months of events \\(2025-09 to 2025-10\\): $old events, [0-9.]+ [kM]B" "$ERR" \
    "the job drops September and October 2025 (ended before 20 November)"
assert_match "tidy\\[[0-9]+\\]: retention: deleted $old_rejects rejected rows? of 1 file loaded more than 30 days ago" "$ERR" \
    "and the rejects of the file loaded in January"
assert_eq "0|$((total - old))" "$(events "WHERE event_time < '2025-11-01'")|$(events)" "no event before November is left, the rest are"
assert_eq "2025-11 2025-12 2026-01 2026-02 2026-03" "$(months)" "five months remain"
assert_eq "0" "$(sql "SELECT count(*) FROM pg_class WHERE relname IN ('events_202509', 'events_202510')")" "their partitions are gone"
assert_eq "$rollups_before" "$(rollups)" "the rollups are not touched"
assert_eq "$((all_rejects - old_rejects))|$old_rejects" \
    "$(sql "SELECT count(*) FROM prodops.rejects")|$(sql "SELECT rows_rejected FROM prodops.files WHERE file_id = $rejected_file")" \
    "only that file's rejected rows are gone; its files row still counts them"
expect_exit 0 prodops report weekly --week 2025-W41 --out after
assert_eq "$(report before)" "$(report after)" "the report of a week whose events are gone has the same numbers"

# ---- by hand ----------------------------------------------------------------
PRODOPS_NOW=2026-03-20T00:00:00Z expect_exit 0 prodops db prune
assert_match "no month of events ends before 2025-11-20T00:00:00Z \\(events_months = 4\\)" "$OUT" "nothing more to drop"
assert_match "deleted 0 rejected rows of 0 files loaded more than 30 days ago" "$OUT" "nor to delete"
PRODOPS_NOW=2026-03-20T00:00:00Z expect_exit 0 prodops db prune --events-months 3 --rejects-days 100000
assert_match "dropped 1 month of events \\(2025-11 to 2025-11\\)" "$OUT" "--events-months overrides the config"
done_testing
