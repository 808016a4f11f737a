#!/usr/bin/env bash
# Account health (SPEC §6, revised in issue 13): the usage, NPS-score and
# support parts and their clamps, worked out by hand on accounts made for
# one rule each, and round half away from zero where PostgreSQL's
# round(double precision) rounds half to even (62.5 -> 63, not 62).
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/report
cp "$FX/profiles.conf" "$TMP/prodops.conf"
P() { prodops --config "$TMP/prodops.conf" "$@"; }

cat > "$TMP/accounts.csv" <<'CSV'
Account ID,Account Name,Website,Plan,Segment,Region,ARR,Account Owner
H1,Drop,drop.example,Starter,SMB,NA,100,Kim
H2,Big,big.example,Enterprise,Enterprise,NA,900,Kim
H3,Tie,tie.example,Starter,SMB,NA,100,Kim
H4,Clamp,clamp.example,Starter,SMB,NA,100,Kim
H5,Empty,empty.example,Starter,SMB,NA,100,Kim
H6,Grow,grow.example,Starter,SMB,NA,100,Kim
CSV
# The report week is 2026-W46 (end Nov 16, UTC): the last 30 days are Oct
# 17 - Nov 15, the 30 before Sep 17 - Oct 16; NPS reads Aug 18 - Nov 15.
# Users: "prev" are active on Oct 1, "last" on Nov 2.
python3 - > "$TMP/events.jsonl" <<'PY'
import json
OCT1, NOV2 = 1790841600, 1793613600  # 2026-10-01T08:00Z, 2026-11-02T10:00Z
users = {"drop": (10, 7), "big": (200, 200), "tie": (10, 7), "clamp": (0, 1),
         "grow": (2, 3)}
n = 0
for dom, (prev, last) in users.items():
    for t, count in ((OCT1, prev), (NOV2, last)):
        for u in range(count):
            n += 1
            print(json.dumps({"event": "Login", "properties": {
                "time": t, "distinct_id": "u%d@%s.example" % (u, dom),
                "$insert_id": "h%d" % n}}))
PY
{
    echo "id,created,first_reply,solved,updated,status,priority,channel,satisfaction,reopens,tags,email"
    echo "B1,2026-11-03T09:00:00Z,,,2026-11-03T09:00:00Z,open,urgent,email,,,,u0@big.example"
    for i in $(seq 1 12); do
        echo "C$i,2026-11-04T09:00:00Z,,,2026-11-04T09:00:00Z,open,high,email,,,,u0@clamp.example"
    done
    echo "C13,2026-11-04T09:00:00Z,,,2026-11-04T09:00:00Z,open,normal,email,,,,u0@grow.example"
} > "$TMP/tickets.csv"
cat > "$TMP/nps.csv" <<'CSV'
email,score,when,comment
u0@tie.example,7,2026-11-05T12:00:00Z,
u1@tie.example,6,2026-11-05T12:00:00Z,
u0@clamp.example,10,2026-11-05T12:00:00Z,
u0@grow.example,9,2026-08-01T12:00:00Z,before the 90 days
CSV
expect_exit 0 P ingest --kind accounts "$TMP/accounts.csv"
expect_exit 0 P ingest "$TMP/events.jsonl"
expect_exit 0 P ingest --profile fixture-tickets --source desk "$TMP/tickets.csv"
expect_exit 0 P ingest --profile fixture-nps --source survey "$TMP/nps.csv"
export PRODOPS_NOW=2026-11-18T09:00:00Z
expect_exit 0 P report weekly --week 2026-W46 --out "$TMP/rep"
J=$TMP/rep/weekly-2026-W46.json

# usage = clamp(100 x last / prev, 0, 100); nps = (NPS + 100) / 2, 50
# without responses; support = clamp(100 - 100 x high/urgent / max(10,
# last users), 0, 100); health = round(0.5 u + 0.3 n + 0.2 s):
#   H1 Drop:  7 of 10 users -> 70 (a 30 % drop); no NPS 50; no ticket 100
#             -> 35 + 15 + 20 = 70: green (the boundary);
#   H2 Big:   200 of 200 -> 100; 50; one urgent ticket over 200 users ->
#             100 - 100/200 = 99.5 (half a point) -> 50 + 15 + 19.9 = 84.9
#             -> 85, green;
#   H3 Tie:   7 of 10 -> 70; a 7 and a 6: NPS 100 x (0 - 1)/2 = -50 ->
#             score 25; 100 -> 35 + 7.5 + 20 = 62.5 -> 63 (half-even: 62),
#             amber;
#   H4 Clamp: 1 user, none before -> 100; a 10: NPS 100 -> 100; 12 high
#             tickets over max(10, 1) users -> 100 - 120 -> 0 -> 50 + 30 +
#             0 = 80, green;
#   H5 Empty: no users, no answer, no ticket -> 0, 50, 100 -> 35, red;
#   H6 Grow:  3 of 2 -> 150 -> 100; the 9 is older than 90 days -> 50; a
#             normal ticket costs nothing -> 100 -> 50 + 15 + 20 = 85.
out=$(json_check "$J" \
  "accounts.0.account_id='H5'" "accounts.0.usage=0" "accounts.0.nps=50" "accounts.0.support=100" \
  "accounts.0.health=35" "accounts.0.rag='red'" \
  "accounts.1.account_id='H3'" "accounts.1.usage=70" "accounts.1.nps=25" "accounts.1.support=100" \
  "accounts.1.health=63" "accounts.1.rag='amber'" \
  "accounts.2.account_id='H1'" "accounts.2.usage=70" "accounts.2.nps=50" "accounts.2.support=100" \
  "accounts.2.health=70" "accounts.2.rag='green'" \
  "accounts.3.account_id='H4'" "accounts.3.usage=100" "accounts.3.nps=100" "accounts.3.support=0" \
  "accounts.3.health=80" "accounts.3.rag='green'" \
  "accounts.4.account_id='H2'" "accounts.4.usage=100" "accounts.4.support=99.5" "accounts.4.health=85" \
  "accounts.4.active_users_30d=200" "accounts.4.active_users_prev_30d=200" \
  "accounts.5.account_id='H6'" "accounts.5.usage=100" "accounts.5.nps=50" "accounts.5.support=100" \
  "accounts.5.health=85") \
  && pass "health parts and rounding as worked out by hand" \
  || { fail "account health"; echo "$out" | grep "not ok"; }
# The data-quality block's as-of rule (SPEC §6): today is the week's end,
# Nov 16; tickets are through Nov 4 (the C tickets), NPS Nov 5, usage Nov 2:
# each more than 7 days before Nov 16 (before Nov 9), so every source is
# stale, oldest first, and the summary says since when.
out=$(json_check "$J" \
  "data_quality.data_through={'tickets': '2026-11-04', 'nps': '2026-11-05', 'usage': '2026-11-02'}" \
  "data_quality.stale_sources.0.kind='usage'" "data_quality.stale_sources.0.data_through='2026-11-02'" \
  "data_quality.stale_sources.1.kind='tickets'" "data_quality.stale_sources.1.data_through='2026-11-04'" \
  "data_quality.stale_sources.2.kind='nps'" "data_quality.stale_sources.2.data_through='2026-11-05'") \
  && pass "data quality: data_through and stale sources" \
  || { fail "data quality as of"; echo "$out" | grep "not ok"; }
assert_match "desk \(tickets\) stale since 2026-11-04" "$(cat "$TMP/rep/weekly-2026-W46.txt")" "the summary names the stale source and its day"
assert_eq "62 63" "$(sql "SELECT round(62.5::float8) || ' ' || round(62.5::numeric)")" "why numeric: PostgreSQL rounds a double half to even"
assert_match "Empty \(H5\): health 35; usage 0, NPS score 50, support 100" "$(cat "$TMP/rep/weekly-2026-W46.md")" "the summary says NPS score"
done_testing
