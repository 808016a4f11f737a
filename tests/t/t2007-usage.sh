#!/usr/bin/env bash
# Usage events (issue 3, SPEC §3-4, §6 rollup): every vendor profile loads,
# overlapping exports converge, a corrupt member of an Amplitude zip is
# rejected alone, the daily rollup equals the events, accounts re-resolve.
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/usage
# Migration 014 stores a 128-bit hash of each event key, not the key: the
# readable view's event_key is the hash, mapped back here to the keys the
# fixtures hold.
KEYS="ARRAY['amp-1','u-1','u-2','amp-4','mp-1','mp-2','mp-3','mp-4','mp-5','ajs-1','ajs-2','ajs-3','ajs-4','0190-a','0190-b','0190-c']"
EK="(SELECT k FROM unnest($KEYS) k WHERE prodops.event_key_hash(k)::text = event_key)"
kh() { echo "prodops.event_key_hash('$1')::text"; }

# An Amplitude export: a zip of gzipped JSON lines; the middle member is a
# truncated gzip, the last one holds a line that does not parse.
python3 - "$TMP/amplitude.zip" <<'PY'
import gzip, json, sys, zipfile
def ev(**kw):
    base = {"$insert_id": None, "uuid": None, "user_id": None, "device_id": None,
            "event_type": None, "event_time": None, "groups": {}, "city": "Oslo",
            "event_properties": {}, "adid": None}
    base.update(kw)
    return json.dumps(base)
good1 = "\n".join([
    ev(**{"$insert_id": "amp-1", "uuid": "u-1", "user_id": "ann@acme.example",
          "device_id": "dev-1", "event_type": "Login",
          "event_time": "2025-11-04 09:15:00.250000",
          "groups": {"account": ["ACC-2"]}, "event_properties": {"method": "sso"}}),
    ev(uuid="u-2", device_id="dev-9", event_type="Report Viewed",
       event_time="2025-11-04 23:30:00.000000"),
]) + "\n"
bad = gzip.compress(("\n".join(ev(uuid="u-x%d" % i, device_id="dev-x",
    event_type="Lost", event_time="2025-11-04 10:00:00.000000")
    for i in range(3)) + "\n").encode())
good2 = ev(**{"$insert_id": "amp-4", "user_id": "bob@globex.example",
              "event_type": "Report Viewed",
              "event_time": "2025-11-05 00:30:00.000000"}) + "\n{\"event_type\": \n"
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("1/1_2025-11-04_9#0.json.gz", gzip.compress(good1.encode()))
    z.writestr("1/1_2025-11-04_10#0.json.gz", bad[: len(bad) // 2])
    z.writestr("1/1_2025-11-05_0#0.json.gz", gzip.compress(good2.encode()))
PY
expect_exit 1 prodops ingest --tz America/New_York --max-reject-ratio 0.5 "$TMP/amplitude.zip"
assert_match "\(amplitude usage, utf-8\): 5 read, 3 new, 0 updated, 0 duplicate, 2 rejected" "$OUT" "good members load; the corrupt one and the bad line are rejects"
assert_eq "1/1_2025-11-04_10#0.json.gz|t
1/1_2025-11-05_0#0.json.gz|f" \
  "$(sql "SELECT member, reason LIKE 'corrupt archive member%unexpected end of gzip data%none of its 0 records read are loaded' FROM prodops.rejects ORDER BY member")" \
  "rejects name the member"
assert_eq "amp-1|ann@acme.example|ann@acme.example||Login|2025-11-04 09:15:00.25+00|
amp-4|bob@globex.example|bob@globex.example||Report Viewed|2025-11-05 00:30:00+00|
u-2||dev-9||Report Viewed|2025-11-04 23:30:00+00|" \
  "$(sql "SELECT $EK, user_id, user_key, account_id, event_name, event_time, properties->>'event_properties.method' FROM prodops.usage_events WHERE source = 'amplitude' ORDER BY 1")" \
  "insert id else uuid; zone-less times are UTC despite --tz; device as user; no accounts yet"
assert_eq "0" "$(sql "SELECT count(*) FROM prodops.events WHERE properties IS NOT NULL")" "issue 15: no properties kept unless exposure or configured"
assert_eq "{}" "$(sql "SELECT properties FROM prodops.usage_events WHERE event_key = $(kh u-2)")" "the view shows no properties as {}"

# Mixpanel: seconds and milliseconds; a bad time and a bad line are rejects.
expect_exit 1 prodops ingest --max-reject-ratio 0.5 "$FX/mixpanel-1.jsonl"
assert_match "\(mixpanel usage, utf-8\): 5 read, 3 new, 0 updated, 0 duplicate, 2 rejected" "$OUT" "Mixpanel"
assert_eq "4|properties.time|cannot parse 'event_time': \"yesterday\" is not a timestamp
5||truncated JSON" \
  "$(sql "SELECT r.line_no, coalesce(r.column_name, ''), r.reason FROM prodops.rejects r JOIN prodops.files f USING (file_id) WHERE f.name = 'mixpanel-1.jsonl' ORDER BY 1")" \
  "rejects with line and reason"
expect_exit 0 prodops ingest "$FX/mixpanel-2.jsonl"
assert_match "3 read, 1 new, 0 updated, 2 duplicate, 0 rejected" "$OUT" "overlapping export: insert ids dedupe"
assert_eq "mp-1|2025-11-04 09:00:00+00 mp-2|2025-11-04 10:00:00+00 mp-3|2025-11-04 11:00:00+00 mp-5|2025-11-05 10:00:00+00" \
  "$(sql "SELECT string_agg(k || '|' || event_time, ' ' ORDER BY k) FROM (SELECT $EK AS k, event_time FROM prodops.usage_events WHERE source = 'mixpanel') e")" "epoch s and ms"
# The other load order converges to the same events and rollup (copies
# with one more blank line: the same bytes would be skipped as loaded).
for f in mixpanel-1 mixpanel-2; do { cat "$FX/$f.jsonl"; echo; } >"$TMP/$f-rev.jsonl"; done
expect_exit 0 prodops ingest --source mixpanel_rev "$TMP/mixpanel-2-rev.jsonl"
assert_match "3 read, 3 new" "$OUT" "reverse order: the newer file first"
expect_exit 1 prodops ingest --source mixpanel_rev --max-reject-ratio 0.5 "$TMP/mixpanel-1-rev.jsonl"
assert_match "5 read, 1 new, 0 updated, 2 duplicate, 2 rejected" "$OUT" "reverse order: the older file adds only what is new"
assert_eq "$(table_digest "SELECT event_key, user_key, event_name, event_time, event_count, properties FROM prodops.usage_events WHERE source = 'mixpanel'")" \
  "$(table_digest "SELECT event_key, user_key, event_name, event_time, event_count, properties FROM prodops.usage_events WHERE source = 'mixpanel_rev'")" "both orders give the same events"
assert_eq "$(table_digest "SELECT day, user_key, event_name, events FROM prodops.usage_daily WHERE source = 'mixpanel'")" \
  "$(table_digest "SELECT day, user_key, event_name, events FROM prodops.usage_daily WHERE source = 'mixpanel_rev'")" "both orders give the same rollup"

# Segment: page calls count (the user is the anonymous id when userId is
# ""), identify calls are expected rejects, offsets apply.
expect_exit 1 prodops ingest "$FX/segment.jsonl"
assert_match "\(segment usage, utf-8\): 4 read, 3 new, 0 updated, 0 duplicate, 1 rejected" "$OUT" "Segment"
assert_eq "ajs-1|cy@initech.example|Login|2025-11-04 09:00:00.12+00 ajs-2|an-2|page|2025-11-04 09:30:00+00 ajs-4|dee@globex.example|Export|2025-11-04 11:00:00+00" \
  "$(sql "SELECT string_agg(k || '|' || user_key || '|' || event_name || '|' || event_time, ' ' ORDER BY k) FROM (SELECT $EK AS k, * FROM prodops.usage_events WHERE source = 'segment') e")" "Segment rows"
assert_eq "a Segment identify call is not a usage event" "$(sql "SELECT r.reason FROM prodops.rejects r JOIN prodops.files f USING (file_id) WHERE f.name = 'segment.jsonl'")" "identify"

# PostHog CSV: flattened property columns; a row nobody did is a reject.
# The source keeps two properties (issue 15: [source] keep_properties; a
# bare name matches the key's last part).
printf '[source "posthog"]\nkind = usage\nkeep_properties = $browser, properties.plan\n' >"$TMP/keep.conf"
expect_exit 1 prodops --config "$TMP/keep.conf" ingest --source posthog --max-reject-ratio 0.5 "$FX/posthog.csv"
assert_match "\(posthog usage, utf-8\): 3 read, 2 new, 0 updated, 0 duplicate, 1 rejected" "$OUT" "PostHog"
assert_eq "Safari|Enterprise|2025-11-05 19:38:00.000001+00" "$(sql "SELECT properties->>'properties.\$browser', properties->>'properties.plan', event_time FROM prodops.usage_events WHERE event_key = $(kh 0190-b)")" "properties and µs"
assert_eq '{"properties.plan": "Enterprise", "properties.$browser": "Safari"}' "$(sql "SELECT properties FROM prodops.events e WHERE key_hash = prodops.event_key_hash('0190-a')")" "only the configured properties are kept"
assert_eq "no user id and no device id: nobody to count" "$(sql "SELECT r.reason FROM prodops.rejects r JOIN prodops.files f USING (file_id) WHERE f.name = 'posthog.csv'")" "PostHog reject"

# Pendo: pre-aggregated visitor x day rows; a re-exported bucket is a
# duplicate; DAU counts visitors, events sum numEvents.
expect_exit 0 prodops ingest "$FX/pendo-1.csv"
expect_exit 0 prodops ingest "$FX/pendo-2.csv"
assert_match "\(pendo usage, utf-8\): 2 read, 1 new, 0 updated, 1 duplicate" "$OUT" "Pendo overlap"
assert_eq "2025-11-04|2|8 2025-11-05|1|4" \
  "$(sql "SELECT string_agg(day || '|' || users || '|' || events, ' ' ORDER BY day) FROM (SELECT day, count(DISTINCT user_key) AS users, sum(events) AS events FROM prodops.usage_daily WHERE source = 'pendo' GROUP BY day) d")" \
  "DAU from the rollup counts visitors; events sum numEvents"

# The fresh-range fast path (stage.c merge_usage_fresh()): a file whose
# UTC days hold no event of its source inserts without ON CONFLICT; a key
# repeated inside it still counts as a duplicate (the path falls back),
# and a later file on one of those days adds to the same rollup rows.
cat >"$TMP/fresh-1.jsonl" <<'EOF2'
{"event":"A","properties":{"time":1762400000,"distinct_id":"fy@initech.example","$insert_id":"fr-1"}}
{"event":"A","properties":{"time":1762400000,"distinct_id":"fy@initech.example","$insert_id":"fr-1"}}
{"event":"B","properties":{"time":1762403600,"distinct_id":"fy@initech.example","$insert_id":"fr-2"}}
EOF2
cat >"$TMP/fresh-2.jsonl" <<'EOF2'
{"event":"A","properties":{"time":1762450000,"distinct_id":"fy@initech.example","$insert_id":"fr-3"}}
{"event":"A","properties":{"time":1762450001,"distinct_id":"gy@initech.example","$insert_id":"fr-4"}}
{"event":"C","properties":{"time":1762452600,"distinct_id":"gy@initech.example","$insert_id":"fr-5"}}
{"event":"C","properties":{"time":1762453200,"distinct_id":"gy@initech.example","$insert_id":"fr-6"}}
EOF2
expect_exit 0 prodops ingest --source fresh "$TMP/fresh-1.jsonl"
assert_match "3 read, 2 new, 0 updated, 1 duplicate, 0 rejected" "$OUT" "fresh range: a repeat inside the file is a duplicate"
expect_exit 0 prodops ingest --source fresh "$TMP/fresh-2.jsonl"
assert_match "4 read, 4 new, 0 updated, 0 duplicate, 0 rejected" "$OUT" "fresh range: a later file on the same day"
assert_eq "2025-11-06|A|fy@initech.example|2 2025-11-06|A|gy@initech.example|1 2025-11-06|B|fy@initech.example|1 2025-11-06|C|gy@initech.example|2" \
  "$(sql "SELECT string_agg(day || '|' || event_name || '|' || user_key || '|' || events, ' ' ORDER BY event_name, user_key) FROM prodops.usage_daily WHERE source = 'fresh'")" \
  "the second file adds to the first's rollup rows"

# The rollup is exactly the events (SPEC §6: reports read only the rollup).
assert_eq "" "$(sql "SELECT 1 FROM (SELECT (event_time AT TIME ZONE 'UTC')::date AS day, source, user_key, event_name, sum(event_count) AS events, bit_or($MASK_BITS) AS half_hours FROM prodops.usage_events GROUP BY 1, 2, 3, 4) e FULL JOIN prodops.usage_daily d USING (day, source, user_key, event_name) WHERE (e.events, e.half_hours) IS DISTINCT FROM (d.events, d.half_hours) LIMIT 1")" "rollup = events (counts and half hours)"
assert_eq "" "$(sql "SELECT 1 FROM (SELECT (event_time AT TIME ZONE 'UTC')::date AS day, source, user_key, sum(event_count) AS events, bit_or($MASK_BITS) AS half_hours FROM prodops.usage_events GROUP BY 1, 2, 3) e FULL JOIN prodops.usage_user_days d USING (day, source, user_key) WHERE (e.events, e.half_hours) IS DISTINCT FROM (d.events, d.half_hours) LIMIT 1")" "user-day rollup = events (counts and half hours)"
# The masks' bits by hand (migration 031): 18:00-18:30 UTC is split at
# 18:15 (Kathmandu's midnight), 12:00 is not.
assert_eq "36,54 36,55 37 20,48 24 0 47" "$(sql "SELECT string_agg((SELECT string_agg(b::text, ',' ORDER BY b) FROM generate_series(0, 63) b WHERE prodops.half_hour_bit(t::timestamptz) & (1::bigint << b) <> 0), ' ' ORDER BY o) FROM unnest('{2025-11-06 18:14:59.999999Z,2025-11-06 18:15Z,2025-11-06 18:30Z,2025-11-06 10:00Z,2025-11-06 12:14Z,2025-11-06 00:00Z,2025-11-06 23:59:59Z}'::text[]) WITH ORDINALITY x(t, o)")" "mask bits: half hours, and quarters of the split ones"
# Rows loaded before migration 031 get their quarter bits from the events.
sql "UPDATE prodops.rollup_daily SET half_hours = half_hours & ((1::bigint << 48) - 1); UPDATE prodops.rollup_user_days SET half_hours = half_hours & ((1::bigint << 48) - 1)" >/dev/null
assert_match "^[1-9]" "$(sql "SELECT count(*) FROM (SELECT (event_time AT TIME ZONE 'UTC')::date AS day, source, user_key, bit_or($MASK_BITS) AS half_hours FROM prodops.usage_events GROUP BY 1, 2, 3) e JOIN prodops.usage_user_days d USING (day, source, user_key) WHERE e.half_hours <> d.half_hours")" "cleared quarter bits differ from the events"
sql "SELECT prodops.rollup_quarter_hours_backfill()" >/dev/null
assert_eq "" "$(sql "SELECT 1 FROM (SELECT (event_time AT TIME ZONE 'UTC')::date AS day, source, user_key, event_name, bit_or($MASK_BITS) AS half_hours FROM prodops.usage_events GROUP BY 1, 2, 3, 4) e FULL JOIN prodops.usage_daily d USING (day, source, user_key, event_name) WHERE e.half_hours IS DISTINCT FROM d.half_hours LIMIT 1")" "backfill: rollup half hours = events'"
assert_eq "" "$(sql "SELECT 1 FROM (SELECT (event_time AT TIME ZONE 'UTC')::date AS day, source, user_key, bit_or($MASK_BITS) AS half_hours FROM prodops.usage_events GROUP BY 1, 2, 3) e FULL JOIN prodops.usage_user_days d USING (day, source, user_key) WHERE e.half_hours IS DISTINCT FROM d.half_hours LIMIT 1")" "backfill: user-day half hours = events'"
# Zones with quarter-hour offsets: read through the split half hours'
# quarter bits (migration 031); an offset whose midnight splits another
# half hour (+05:20) reads whole half hours from the rollups and the edges
# from the events (migration 016) -- each the same rows as the events
# (fr-5 and fr-6 share a UTC half hour but not a Kathmandu day).
assert_eq "true true true false" "$(sql "SELECT string_agg(prodops.zone_half_hours_align('2025-10-01', '2026-01-01', z)::text, ' ' ORDER BY o) FROM unnest('{Asia/Kathmandu,Pacific/Chatham,Australia/Eucla,<+0520>-05:20}'::text[]) WITH ORDINALITY x(z, o)")" "which zones the masks split"
for z in Asia/Kathmandu Pacific/Chatham Australia/Eucla '<+0520>-05:20'; do
  assert_eq "0|0" "$(sql "WITH o AS (SELECT (event_time AT TIME ZONE '$z')::date AS day, user_key, event_name, max(account_id) AS account_id FROM prodops.usage_events WHERE event_time >= '2025-10-01'::timestamp AT TIME ZONE '$z' AND event_time < '2026-01-01'::timestamp AT TIME ZONE '$z' GROUP BY 1, 2, 3), n AS (SELECT * FROM prodops.usage_days('2025-10-01', '2026-01-01', '$z')), ou AS (SELECT day, user_key, max(account_id) FROM o GROUP BY 1, 2), nu AS (SELECT * FROM prodops.usage_user_days('2025-10-01', '2026-01-01', '$z')) SELECT (SELECT count(*) FROM ((SELECT * FROM o EXCEPT ALL SELECT * FROM n) UNION ALL (SELECT * FROM n EXCEPT ALL SELECT * FROM o)) x) || '|' || (SELECT count(*) FROM ((SELECT * FROM ou EXCEPT ALL SELECT * FROM nu) UNION ALL (SELECT * FROM nu EXCEPT ALL SELECT * FROM ou)) y)")" "usage by local day in $z = the events'"
  assert_eq "0" "$(sql "WITH o AS (SELECT DISTINCT (event_time AT TIME ZONE '$z')::date AS day, p.person_id, n.name_id FROM prodops.usage_events e JOIN prodops.usage_people p USING (user_key) JOIN prodops.usage_names n USING (event_name) WHERE event_time >= '2025-10-01'::timestamp AT TIME ZONE '$z' AND event_time < '2026-01-01'::timestamp AT TIME ZONE '$z'), n AS (SELECT DISTINCT * FROM prodops.usage_person_events('2025-10-01', '2026-01-01', '$z')), ou AS (SELECT DISTINCT day, person_id FROM o), nu AS (SELECT DISTINCT day, person_id FROM prodops.usage_person_days('2025-10-01', '2026-01-01', '$z')) SELECT (SELECT count(*) FROM ((SELECT * FROM o EXCEPT SELECT * FROM n) UNION ALL (SELECT * FROM n EXCEPT SELECT * FROM o)) x) + (SELECT count(*) FROM ((SELECT * FROM ou EXCEPT SELECT * FROM nu) UNION ALL (SELECT * FROM nu EXCEPT SELECT * FROM ou)) y)")" "people by local day in $z = the events'"
done
assert_eq "events_202511" "$(sql "SELECT string_agg(c.relname, ',') FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'prodops.events'::regclass")" "a partition per month, made on demand"

# Accounts loaded after the events still apply (SPEC §3), in the rollup too.
expect_exit 0 prodops ingest --kind accounts "$ROOT/tests/fixtures/tickets/accounts.csv"
assert_eq "amp-1:ACC-2 amp-4:ACC-2 mp-1:ACC-1 mp-5:ACC-2 ajs-1:ACC-3 ajs-4:ACC-3" \
  "$(sql "SELECT string_agg(k || ':' || coalesce(account_id, '-'), ' ' ORDER BY source, k) FROM (SELECT $EK AS k, * FROM prodops.usage_events WHERE source <> 'mixpanel_rev') e WHERE k IN ('amp-1', 'amp-4', 'mp-1', 'mp-5', 'ajs-1', 'ajs-4')")" \
  "group id beats the email domain; events re-resolved"
assert_eq "0" "$(sql "SELECT count(*) FROM prodops.usage_daily d WHERE account_id IS DISTINCT FROM (SELECT max(account_id) FROM prodops.usage_events e WHERE (e.event_time AT TIME ZONE 'UTC')::date = d.day AND e.source = d.source AND e.user_key = d.user_key AND e.event_name = d.event_name)")" "rollup accounts follow"
assert_eq "0" "$(sql "SELECT count(*) FROM prodops.usage_user_days d WHERE account_id IS DISTINCT FROM (SELECT max(account_id) FROM prodops.usage_events e WHERE (e.event_time AT TIME ZONE 'UTC')::date = d.day AND e.source = d.source AND e.user_key = d.user_key)")" "user-day accounts follow"
assert_eq 0 "$(sql "SELECT count(*) FROM prodops.files WHERE status = 'loaded' AND rows_read <> rows_loaded + rows_updated + rows_duplicate + rows_rejected")" "files reconcile"
done_testing
