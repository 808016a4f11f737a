#!/usr/bin/env bash
# Issue 13: fixes must reach loaded rows.  `prodops ingest --reprocess`
# reads a loaded file again and replaces its earlier load (ties and even
# older updated_at included); the ledger keeps both loads, reconciles the
# new one and counts what it withdrew; `prodops files` flags files read by
# an older mapping.  Usage files are never reprocessed (immutable events).
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/tickets
TZQ="SET TIME ZONE 'UTC';"

# A file loaded with the wrong --tz: every time is 5 hours late.
cp "$FX/freshdesk-response.csv" "$TMP/fd.csv"
expect_exit 0 prodops ingest --tz America/New_York "$TMP/fd.csv"
assert_eq "2026-11-02 14:00:00+00" "$(sql "SELECT created_at FROM prodops.tickets WHERE external_id = '301'")" "loaded 5 hours late"
expect_exit 0 prodops ingest "$TMP/fd.csv"
assert_match "skipped fd.csv: already loaded as file 1" "$OUT" "without --reprocess: skipped (SPEC §4)"

# Reprocessed in UTC: every updated_at is now *earlier* than the stored
# one, and the file's rows still replace its earlier load's.
expect_exit 0 prodops ingest --reprocess "$TMP/fd.csv"
assert_match "loaded fd.csv as file 2 \(freshdesk tickets, utf-8\): 3 read, 0 new, 3 updated, 0 duplicate, 0 rejected" "$OUT" "reprocess: every row updated"
assert_match "replaces file 1: 0 of its rows withdrawn" "$OUT" "names the load it replaces"
assert_eq "301|2026-11-02 09:00:00+00|2026-11-02 11:30:00+00|2 302|2026-11-02 10:00:00+00||2 303|2026-11-02 11:00:00+00||2" \
  "$(sql "$TZQ SELECT string_agg(external_id || '|' || created_at || '|' || coalesce(first_reply_at::text, '') || '|' || file_id, ' ' ORDER BY external_id) FROM prodops.tickets")" \
  "times as read in UTC, rows belong to the new load"
assert_eq "1|reprocessed|3|3|0 2|loaded|3|0|3" \
  "$(sql "SELECT string_agg(file_id || '|' || status || '|' || rows_read || '|' || rows_loaded || '|' || rows_updated, ' ' ORDER BY file_id) FROM prodops.files")" \
  "the ledger keeps the earlier load as reprocessed"
assert_eq "1" "$(sql "SELECT reprocess_of FROM prodops.files WHERE file_id = 2")" "the new load links to the earlier one"
assert_eq 0 "$(sql "SELECT count(*) FROM prodops.files WHERE status = 'loaded' AND rows_read <> rows_loaded + rows_updated + rows_duplicate + rows_rejected")" "reprocessed files reconcile"
expect_exit 0 prodops ingest "$TMP/fd.csv"
assert_match "skipped fd.csv: already loaded as file 2" "$OUT" "afterwards, the new load is the one skipped"
expect_exit 0 prodops ingest --reprocess "$TMP/fd.csv"
assert_match "3 read, 0 new, 0 updated, 3 duplicate, 0 rejected" "$OUT" "reprocessing again changes nothing"

# A file loaded by an older mapping (simulated: the version and the values
# version 1 gave, 'other' for the Via names it lacked; same updated_at).
expect_exit 0 prodops ingest "$FX/zendesk-via.csv"
zid=$(sql "SELECT file_id FROM prodops.files WHERE name = 'zendesk-via.csv'")
sql "UPDATE prodops.files SET mapping_version = 1 WHERE file_id = $zid; UPDATE prodops.tickets SET channel = 'other' WHERE file_id = $zid" >/dev/null
expect_exit 0 prodops files
assert_match "zendesk-via.csv .* 1 +t " "$OUT" "prodops files flags the older mapping"
assert_match "hint: 1 loaded file was read by an older mapping" "$ERR" "with a hint to reprocess"
assert_match "prodops ingest --reprocess FILE" "$ERR" "naming the command"
expect_exit 0 prodops files --json
assert_eq "1 True" "$(printf '%s' "$OUT" | python3 -c 'import json,sys; f=[f for f in json.load(sys.stdin) if f["name"]=="zendesk-via.csv"][0]; print(f["mapping"], f["old_mapping"])')" "--json: mapping and old_mapping"
expect_exit 0 prodops ingest --reprocess "$FX/zendesk-via.csv"
assert_match "9 read, 0 new, 6 updated, 3 duplicate, 0 rejected" "$OUT" "equal updated_at: the fixed values replace the old ones"
assert_eq "201:phone 202:phone 203:web 204:api 205:social 206:phone 207:other 208:other 209:other" \
  "$(sql "SELECT string_agg(external_id || ':' || channel, ' ' ORDER BY external_id) FROM prodops.tickets WHERE source = 'zendesk'")" \
  "the mapping fix reached the loaded rows"
expect_exit 0 prodops files
assert_eq "" "$ERR" "no hint once every loaded file has the current mapping"

# A file loaded under the wrong --source: reprocessed under the right one,
# its earlier rows are withdrawn, not left as a second copy.
cp "$FX/freshdesk-response.csv" "$TMP/fd2.csv"; echo '304,Fourth,Open,Low,Email,2026-11-03 09:00:00,2026-11-03 09:00:00,,,d@acme.example' >> "$TMP/fd2.csv"
expect_exit 0 prodops ingest --source helpdesk-typo "$TMP/fd2.csv"
expect_exit 0 prodops ingest --reprocess "$TMP/fd2.csv"
assert_match "4 read, 1 new, 0 updated, 3 duplicate, 0 rejected" "$OUT" "same keys under the right source"
assert_match "replaces file [0-9]+: 4 of its rows withdrawn" "$OUT" "the wrong source's rows withdrawn"
assert_eq 0 "$(sql "SELECT count(*) FROM prodops.tickets WHERE source = 'helpdesk-typo'")" "no second copy left"
assert_eq 4 "$(sql "SELECT rows_withdrawn FROM prodops.files WHERE name = 'fd2.csv' AND status = 'loaded'")" "withdrawn rows counted in the ledger"

# Usage files are reprocessed too (issue 15: the vendor files are the raw
# record): the earlier load's events are taken out, the file's read again,
# the rollup days recomputed.
expect_exit 0 prodops ingest "$ROOT/tests/fixtures/usage/pendo-1.csv"
n=$(sql "SELECT count(*) FROM prodops.usage_events")
rollup=$(table_digest "SELECT * FROM prodops.usage_daily")$(table_digest "SELECT * FROM prodops.usage_user_days")
expect_exit 0 prodops ingest --reprocess "$ROOT/tests/fixtures/usage/pendo-1.csv"
assert_match "pendo-1.csv as file [0-9]+ .*: ([0-9]+) read, 0 new, \1 updated, 0 duplicate, 0 rejected" "$OUT" "usage: every event read again"
assert_eq "$n" "$(sql "SELECT count(*) FROM prodops.usage_events")" "no event duplicated"
assert_eq "$rollup" "$(table_digest "SELECT * FROM prodops.usage_daily")$(table_digest "SELECT * FROM prodops.usage_user_days")" "the rollups are the same"
# A property the source now keeps comes back from the file.
expect_exit 0 prodops ingest --source mp "$ROOT/tests/fixtures/usage/mixpanel-2.jsonl"
assert_eq "0" "$(sql "SELECT count(*) FROM prodops.usage_events WHERE source = 'mp' AND properties ? 'properties.report'")" "no property kept at first"
printf '[source "mp"]\nkind = usage\nkeep_properties = report\n' >"$TMP/keep.conf"
expect_exit 0 prodops --config "$TMP/keep.conf" ingest --source mp --reprocess "$ROOT/tests/fixtures/usage/mixpanel-2.jsonl"
assert_match "3 read, 0 new, 3 updated, 0 duplicate, 0 rejected" "$OUT" "reprocessed"
assert_eq "weekly" "$(sql "SELECT properties->>'properties.report' FROM prodops.usage_events WHERE source = 'mp' AND event_key = prodops.event_key_hash('mp-2')::text")" "the configured property is there"
# Read under another source, the earlier events are withdrawn.
expect_exit 0 prodops ingest --source mp2 --reprocess "$ROOT/tests/fixtures/usage/mixpanel-2.jsonl"
assert_match "3 read, 3 new, 0 updated, 0 duplicate, 0 rejected.*replaces file [0-9]+: 3 of its rows withdrawn" "$(echo $OUT)" "moved to the new source"
assert_eq "0|0|3" "$(sql "SELECT (SELECT count(*) FROM prodops.usage_events WHERE source = 'mp'), (SELECT count(*) FROM prodops.usage_daily WHERE source = 'mp'), (SELECT count(*) FROM prodops.usage_events WHERE source = 'mp2')")" "no copy left under the old source, nor in its rollup"
assert_eq "" "$(sql "SELECT 1 FROM (SELECT (event_time AT TIME ZONE 'UTC')::date AS day, source, user_key, event_name, sum(event_count) AS events, bit_or(prodops.half_hour_bit(event_time)) AS half_hours FROM prodops.usage_events GROUP BY 1, 2, 3, 4) e FULL JOIN prodops.usage_daily d USING (day, source, user_key, event_name) WHERE (e.events, e.half_hours) IS DISTINCT FROM (d.events, d.half_hours) LIMIT 1")" "rollup = events after reprocessing"
assert_eq "" "$(sql "SELECT 1 FROM (SELECT (event_time AT TIME ZONE 'UTC')::date AS day, source, user_key, sum(event_count) AS events, bit_or(prodops.half_hour_bit(event_time)) AS half_hours FROM prodops.usage_events GROUP BY 1, 2, 3) e FULL JOIN prodops.usage_user_days d USING (day, source, user_key) WHERE (e.events, e.half_hours) IS DISTINCT FROM (d.events, d.half_hours) LIMIT 1")" "user-day rollup = events after reprocessing"
sql "UPDATE prodops.files SET mapping_version = 1 WHERE name = 'pendo-1.csv' AND status = 'loaded'" >/dev/null
expect_exit 0 prodops files
assert_match "pendo-1.csv .* 1 +t " "$OUT" "an old usage file is flagged: it can be reprocessed"

# --reprocess of a file never loaded is a plain load.
cp "$FX/zendesk-a.csv" "$TMP/za.csv"
expect_exit 0 prodops ingest --reprocess "$TMP/za.csv"
assert_match "loaded za.csv as file [0-9]+ \(zendesk tickets, utf-8\): 5 read, 5 new" "$OUT" "not loaded before: loaded"
done_testing
