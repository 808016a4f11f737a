#!/usr/bin/env bash
# The quarterly OKR review (issue 5, SPEC §6 "OKRs") on a hand-made
# quarter: actuals, progress, status and trajectories of >= and <= key
# results worked out by hand below, a key result with no data, the
# quarter-over-quarter comparison over the same days, a fiscal quarter,
# bad key results refused before anything runs, and the workbook read back.
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/okr

cp "$ROOT/tests/fixtures/report/profiles.conf" "$TMP/prodops.conf"
cat "$FX/key-results.conf" >> "$TMP/prodops.conf"
cat >> "$TMP/prodops.conf" <<'CONF'

[okr "Last quarter's"]
quarter   = 2026Q3
metric    = tickets_created
target    = 1
CONF
P() { prodops --config "$TMP/prodops.conf" "$@"; }
expect_exit 0 P ingest --profile fixture-tickets --source desk "$FX/tickets.csv"
expect_exit 0 P ingest --profile fixture-nps --source survey "$FX/nps.csv"
expect_exit 0 P ingest "$FX/events.jsonl"

# Thursday 2026-10-22: the quarter to date is Oct 1-21 (today is not
# whole yet).  Every family's newest data is today's (Q5 05:00, gus 08:00,
# u2 07:00), so data_through is capped at yesterday, Oct 21 (SPEC §6 "as
# of"), and the quarter to date ends with it.  Its whole weeks end Oct 5,
# 12, 19 (ISO W40-W42); W43 (Oct 19-25) is not over: no trajectory point.
export PRODOPS_NOW=2026-10-22T09:00:00Z
expect_exit 0 P report okr --out "$TMP/rep"
assert_match "okr-2026Q4.xlsx, .md, .html, .txt and .json \(2026Q4, UTC\)" "$OUT" "the current quarter by default"
for ext in xlsx md html txt json; do
    [ -s "$TMP/rep/okr-2026Q4.$ext" ] && pass "$ext written" || fail "$ext missing"
done
J=$TMP/rep/okr-2026Q4.json
# NPS: Oct 2 10, Oct 6 9, Oct 8 3, Oct 13 10, Oct 20 7, Oct 21 10 -> 4
# promoters, 1 passive, 1 detractor: 100 x 3/6 = 50 (Oct 22's 0 is today).
# First reply (created Oct 2, 6, 13, 20): 2, 6, 4, 4.6 h -> median (4 +
# 4.6)/2 = 4.3, within 10 % of the <= 4 target: at risk; progress (4.3 -
# 8)/(4 - 8) = 92.5 %, shown 93 % (SPEC §6 round: half away from zero;
# printf's half-to-even said 92).  Adoption: active u1, u2, u3; Report Created by u1
# (u2's is today) -> 1/3; progress (1/3 - 0.2)/0.3.  No ticket is solved:
# CSAT has no data.
out=$(json_check "$J" \
  "period.label='2026Q4'" "period.first_day='2026-10-01'" "period.last_day='2026-12-31'" \
  "period.start='2026-10-01T00:00:00Z'" "period.to_date='2026-10-22T00:00:00Z'" \
  "period.previous_label='2026Q3'" "period.previous_start='2026-07-01T00:00:00Z'" \
  "period.previous_to='2026-07-22T00:00:00Z'" "period.today='2026-10-22'" \
  "data_through={'tickets': '2026-10-21', 'nps': '2026-10-21', 'usage': '2026-10-21'}" \
  "stale=[]" "key_results.0.data_through='2026-10-21'" "key_results.0.below_baseline=False" \
  "key_results.0.name='Customers love the product'" "key_results.0.actual=50" \
  "key_results.0.progress_pct=100" "key_results.0.status='met'" \
  "key_results.0.owner='VP Product'" "key_results.0.baseline=30" \
  "key_results.0.trajectory=[{'week': '2026-W40', 'value': 100.0}, {'week': '2026-W41', 'value': 100/3}, {'week': '2026-W42', 'value': 50.0}]" \
  "key_results.1.actual=(4+4.6)/2" "key_results.1.status='at risk'" \
  "key_results.1.progress_pct=100*((4+4.6)/2-8)/(4-8)" "key_results.1.direction='<='" \
  "key_results.1.trajectory.0.value=2" "key_results.1.trajectory.1.value=(2+6)/2" \
  "key_results.1.trajectory.2.value=4" \
  "key_results.2.actual=1/3" "key_results.2.status='off track'" \
  "key_results.2.direction='>='" "key_results.2.owner=None" \
  "key_results.2.progress_pct=100*(1/3-0.2)/(0.5-0.2)" \
  "key_results.2.trajectory.0.value=None" "key_results.2.trajectory.1.value=0" \
  "key_results.2.trajectory.2.value=0.5" \
  "key_results.3.actual=None" "key_results.3.status='no data'" \
  "key_results.3.progress_pct=None" "key_results.3.baseline=None" \
  "tickets.tickets_created=4" "tickets_previous.tickets_created=1" \
  "nps.responses=6" "nps_previous.responses=1" "nps_previous.nps=-100" \
  "usage.active_users=3" "usage_previous.active_users=1") \
  && pass "key results, trajectories and QoQ as worked out by hand" \
  || { fail "okr numbers"; echo "$out" | grep "not ok"; }
assert_eq "4" "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["key_results"]))' "$J")" "another quarter's key result is left out"

MD=$(cat "$TMP/rep/okr-2026Q4.md"); TXT=$(cat "$TMP/rep/okr-2026Q4.txt")
assert_match "\| Customers love the product \| NPS \| 50 \| >= 40 \| 100 % \| met \| VP Product \|" "$MD" "markdown key-result row"
assert_match "^# OKR review 2026Q4 \(2026-10-01 to 2026-12-31; data through 2026-10-21, UTC\)" "$MD" "the title names data_through"
assert_match "\| Faster first replies \| First reply, median \| 4.3 h \| <= 4.0 h \| 93 % \| at risk \|" "$MD" "a <= key result at risk"
assert_match "Happy after a solve: no data\." "$MD" "no data is said, not hidden"
assert_match "Customers love the product \(NPS\): 100 after 2026-W40, 50 after 2026-W42 \(met\)\." "$TXT" "what moved"
assert_match "Top ticket themes this quarter: " "$TXT" "themes say why"
assert_match "\| Tickets created \| 4 \| 1 \| \+3 \(\+300.0 %\)" "$MD" "quarter over quarter, same days"
HTML=$(cat "$TMP/rep/okr-2026Q4.html")
assert_eq "" "$(printf '%s' "$HTML" | grep -ioE '<script|https?://' | head -1)" "HTML: no scripts, nothing fetched"

PYXL=$(for p in python3 /usr/bin/python3; do "$p" -c 'import openpyxl' 2>/dev/null && { echo "$p"; break; }; done)
"${PYXL:-python3}" - "$TMP/rep/okr-2026Q4.xlsx" "$J" > "$TMP/xlsx.out" 2>&1 <<'PY'
import json, math, sys, zipfile, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
doc = json.load(open(sys.argv[2]))
assert wb.sheetnames == ["Key results", "Trajectory", "Quarter over quarter", "Accounts", "Themes", "Launches"], wb.sheetnames
rows = list(wb["Key results"].iter_rows(min_row=4, values_only=True))
for kr, row in zip(doc["key_results"], rows):
    # Labels from the metric catalogue (reports/kpi.c), never raw ids.
    label = {"nps": "NPS", "first_reply_hours_median": "First reply, median",
             "adoption:Report Created": "Adoption of Report Created", "csat_pct": "CSAT",
             "tickets_created": "Tickets created"}[kr["metric"]]
    assert row[0] == kr["name"] and row[1] == label, row
    assert all(isinstance(v, str) or v is None for v in row[:4]), row
    for got, want in ((row[4], kr["target"]), (row[6], kr["actual"]), (row[7], kr["progress_pct"])):
        assert (got is None and want is None) or math.isclose(got, want, rel_tol=1e-14), (row, kr)
    assert row[8] == kr["status"], row
t = wb["Trajectory"]
assert [c.value for c in t[1]][:3] == ["Week of", "Customers love the product", "Customers love the product: target"]
# Weeks as dates (their Mondays): 2026-W40 starts on 28 September.
import datetime
assert [r[0] for r in t.iter_rows(min_row=2, max_row=5, values_only=True)] == [datetime.datetime(2026, 9, 28), datetime.datetime(2026, 10, 5), datetime.datetime(2026, 10, 12), None]
assert t["A2"].number_format == "yyyy-mm-dd", t["A2"].number_format
charts = [n for n in zipfile.ZipFile(sys.argv[1]).namelist() if n.startswith("xl/charts/chart")]
assert len(charts) == 4, charts  # one per key result with a trajectory
print("xlsx ok")
PY
assert_eq "xlsx ok" "$(tail -1 "$TMP/xlsx.out")" "workbook: key results = JSON, a chart per key result"
[ "$(tail -1 "$TMP/xlsx.out")" = "xlsx ok" ] || cat "$TMP/xlsx.out"

# A fiscal year starting in February, named by the year it ends in:
# FY2027 Q1 is 2026-02-01 to 2026-04-30 (F2 and F3; F1 and F4 outside),
# complete, so the previous quarter (Nov 2025 - Jan 2026: F1) counts whole.
printf '\n[report]\nfiscal_year_start_month = 2\n\n[okr "Fewer tickets"]\nquarter = 2027Q1\nmetric = tickets_created\ndirection = <=\ntarget = 1\nbaseline = 3\n' >> "$TMP/prodops.conf"
expect_exit 0 P report okr --quarter 2027Q1 --out "$TMP/fy"
out=$(json_check "$TMP/fy/okr-2027Q1.json" \
  "period.first_day='2026-02-01'" "period.last_day='2026-04-30'" \
  "period.to_date='2026-05-01T00:00:00Z'" "period.fiscal_year_start_month=2" \
  "period.previous_label='2026Q4'" "period.previous_start='2025-11-01T00:00:00Z'" \
  "period.previous_to='2026-02-01T00:00:00Z'" \
  "key_results.0.actual=2" "key_results.0.status='off track'" "key_results.0.progress_pct=50" \
  "key_results.0.trajectory.0.week='2026-W05'" "key_results.0.trajectory.4.value=0" \
  "key_results.0.trajectory.5.value=1" "key_results.0.trajectory.12.week='2026-W17'" \
  "key_results.0.trajectory.12.value=1" "key_results.0.trajectory.13.week='2026-W18'" \
  "key_results.0.trajectory.13.value=2" "tickets_previous.tickets_created=1") \
  && pass "fiscal quarter: dates, previous quarter, trajectory" \
  || { fail "fiscal quarter"; echo "$out" | grep "not ok"; }

# Bad key results: one line each, naming the section and the key, and
# nothing runs.
cat > "$TMP/bad.conf" <<'CONF'
[okr "Typo"]
quarter = 2026Q4
metric  = npss
target  = 40

[okr "No target"]
quarter = 2026Q4
metric  = nps

[okr "Bad quarter"]
quarter = 2026-Q4
metric  = mau
target  = 10
CONF
expect_exit 2 prodops --config "$TMP/bad.conf" report okr --out "$TMP/bad"
assert_match "bad.conf:3: \[okr \"Typo\"\] metric: unknown metric 'npss'" "$ERR" "unknown metric named with its line"
assert_match "\[okr \"No target\"\] target: missing" "$ERR" "missing target"
assert_match "bad.conf:11: \[okr \"Bad quarter\"\] quarter: '2026-Q4' is not of the form YYYYQn" "$ERR" "bad quarter"
[ ! -e "$TMP/bad" ] && pass "nothing written" || fail "a bad config wrote outputs"
expect_exit 2 P report okr --quarter 2026Q5
assert_match "'2026Q5' is no quarter" "$ERR" "a bad --quarter is a usage error"
expect_exit 2 P report okr --week 2026-W40
assert_match "okr takes --quarter" "$ERR" "--week is refused for okr"

# test_regression_2026_12_05_okr_as_of (issue 13): a review whose data
# stops before today.  Thursday 2026-11-05; one more ticket, Q7 (urgent,
# Initech), on Nov 3; the accounts are loaded.  data_through (SPEC §6):
# tickets Nov 3 (Q7), NPS Oct 22 (gus), usage Oct 22 (u2).  NPS and usage
# are 14 days old, more than 7: stale; tickets (2 days) are not.
#   WAU: the 7 days ending with Oct 22 (Oct 16-22): u3, u2 -> 2, not 0
#     (Oct 29 - Nov 4, which the data does not cover); status stale, no
#     progress.  Trajectory: only the weeks usage covers whole, W40-W42
#     (Sep 28 - Oct 4: nobody; Oct 5-11: u1, u2; Oct 12-18: u1) -> 0, 2,
#     1; no point for W43-W44, none for the unfinished W45.
#   MAU: Sep 23 - Oct 22: u1, u2, u3 -> 3, stale.
#   tickets_created <= 3 from 4: Oct 1 - Nov 3: Q1-Q5, Q7 -> 6; progress
#     100 x (6 - 4)/(3 - 4) = -200 %, below baseline, off track; its weeks
#     W40-W44: 1, 2, 3, 5 (Q4, Q5), 5.
#   NPS >= 40 from 30, through Oct 22: 10, 9, 3, 10, 7, 10, 0 -> 100 x
#     (4 - 2)/7 = 28.57; progress 100 x (200/7 - 30)/(40 - 30) = -14.3 %,
#     below baseline; judged (NPS is no window metric), off track.
#   red_accounts: health as of the earliest day, Oct 22 (end Oct 23):
#     ACC-1: u1-u3, none before -> 100; ann 10, cy 3, eve 7, gus 0, ivy 1
#       -> NPS 100 x (1 - 3)/5 = -40 -> 30; Q3 high over max(10, 3) -> 90
#       -> 50 + 9 + 18 = 77;
#     ACC-2: no users 0; bob 9, fay 10 -> 100; -> 0 + 30 + 20 = 50;
#     ACC-3: 0; dee 10 -> 100; Q7 is after Oct 22 -> 100 -> 50 (as of
#       Nov 4 it would cost 10 support points: 48);
#     ACC-4: 0 + 15 + 20 = 35, red -> 1 red account.
#   QoQ: usage over Oct 1-22 against Jul 1-22 (u4) -> 1 active user;
#   tickets over Oct 1 - Nov 3 against Jul 1 - Aug 3 (Q6) -> 1.
cp "$ROOT/tests/fixtures/report/profiles.conf" "$TMP/asof.conf"
cat >> "$TMP/asof.conf" <<'CONF'
[okr "Grow weekly actives"]
quarter   = 2026Q4
metric    = wau
target    = 10
baseline  = 1

[okr "Fewer tickets"]
quarter   = 2026Q4
metric    = tickets_created
direction = <=
target    = 3
baseline  = 4

[okr "NPS holds"]
quarter   = 2026Q4
metric    = nps
target    = 40
baseline  = 30

[okr "No red accounts"]
quarter   = 2026Q4
metric    = red_accounts
direction = <=
target    = 0

[okr "Monthly actives"]
quarter   = 2026Q4
metric    = mau
target    = 5
CONF
A() { prodops --config "$TMP/asof.conf" "$@"; }
printf '%s\n' "id,created,first_reply,solved,updated,status,priority,channel,satisfaction,reopens,tags,email" \
  "Q7,2026-11-03T09:00:00Z,,,2026-11-03T10:00:00Z,open,urgent,email,,,,dan@initech.example" > "$TMP/q7.csv"
export PRODOPS_NOW=2026-11-05T09:00:00Z # before loading: Q7 is no future ticket
expect_exit 0 A ingest --profile fixture-tickets --source desk "$TMP/q7.csv"
expect_exit 0 A ingest --kind accounts "$ROOT/tests/fixtures/tickets/accounts.csv"
expect_exit 0 A report okr --out "$TMP/asof"
J=$TMP/asof/okr-2026Q4.json
out=$(json_check "$J" "period.to_date='2026-11-05T00:00:00Z'" "period.today='2026-11-05'" \
  "data_through={'tickets': '2026-11-03', 'nps': '2026-10-22', 'usage': '2026-10-22'}" \
  "stale=['nps', 'usage']" \
  "key_results.0.actual=2" "key_results.0.status='stale'" "key_results.0.progress_pct=None" \
  "key_results.0.data_through='2026-10-22'" \
  "key_results.0.trajectory=[{'week': '2026-W40', 'value': 0}, {'week': '2026-W41', 'value': 2}, {'week': '2026-W42', 'value': 1}]" \
  "key_results.1.actual=6" "key_results.1.progress_pct=100*(6-4)/(3-4)" \
  "key_results.1.below_baseline=True" "key_results.1.status='off track'" \
  "key_results.1.data_through='2026-11-03'" \
  "key_results.1.trajectory=[{'week': '2026-W40', 'value': 1}, {'week': '2026-W41', 'value': 2}, {'week': '2026-W42', 'value': 3}, {'week': '2026-W43', 'value': 5}, {'week': '2026-W44', 'value': 5}]" \
  "key_results.2.actual=100*(4-2)/7" "key_results.2.progress_pct=100*(100*2/7-30)/(40-30)" \
  "key_results.2.below_baseline=True" "key_results.2.status='off track'" \
  "key_results.3.actual=1" "key_results.3.data_through='2026-10-22'" \
  "accounts.0.account_id='ACC-4'" "accounts.0.health=35" \
  "accounts.2.account_id='ACC-3'" "accounts.2.support=100" "accounts.2.health=50" \
  "accounts.3.account_id='ACC-1'" "accounts.3.nps=30" "accounts.3.health=77" \
  "key_results.4.actual=3" "key_results.4.status='stale'" "key_results.4.progress_pct=None" \
  "usage_previous.active_users=1" "tickets.tickets_created=6" "tickets_previous.tickets_created=1") \
  && pass "as of: data_through, stale window metrics, whole weeks only, negative progress" \
  || { fail "as of"; echo "$out" | grep "not ok"; }
MD=$(cat "$TMP/asof/okr-2026Q4.md"); TXT=$(cat "$TMP/asof/okr-2026Q4.txt")
assert_match "^# OKR review 2026Q4 \(2026-10-01 to 2026-12-31; data through tickets 2026-11-03, NPS 2026-10-22, usage 2026-10-22, UTC\)" "$MD" "the title names each family's day"
assert_match "Usage data is stale: data through 2026-10-22, more than 7 days before 2026-11-05; WAU, MAU and stickiness are not judged\." "$TXT" "the summary names the stale usage"
assert_match "NPS data is stale: data through 2026-10-22, more than 7 days before 2026-11-05\." "$TXT" "and the stale NPS"
assert_eq "" "$(printf '%s' "$TXT" | grep 'Ticket data is stale')" "fresh tickets are not called stale"
assert_match "\| Grow weekly actives \| Weekly active users \| 2 \| >= 10 \| – \| stale \|" "$MD" "WAU not judged"
assert_match "\| Fewer tickets \| Tickets created \| 6 \| <= 3 \| -200 % below baseline \| off track \|" "$MD" "negative progress in words"
assert_match "\| NPS holds \| NPS \| 29 \| >= 40 \| -14 % below baseline \| off track \|" "$MD" "a stale family's NPS is still judged"
assert_match "Grow weekly actives: stale \(data through 2026-10-22\), not judged\." "$TXT" "at risk: stale, not judged"
assert_match "Fewer tickets: off track, below baseline\." "$TXT" "at risk: below baseline"

# Quarter DAU (issue 13): dau_avg over a quarter is the mean over its days
# of each day's users, not a 30-day sum over all of them.  Usage catches
# up (u6 on Nov 20); Wednesday Nov 25: usage is through Nov 20, 5 days
# old, fresh again; tickets (Nov 3) and NPS (Oct 22) are stale now.
#   Oct 1 - Nov 20 is 51 days; users by day: Oct 5 u1, Oct 6 u2, Oct 14
#   u1, Oct 20 u3, Oct 22 u2, Nov 20 u6 -> dau_avg 6/51 (the 30 days
#   alone, Oct 22 - Nov 20, gave 2/51).  MAU (Oct 22 - Nov 20): u2, u6 ->
#   2; stickiness = (2/30)/2.  WAU (Nov 14-20): u6 -> 1, judged again:
#   progress 100 x (1 - 1)/(10 - 1) = 0, off track; its weeks W40-W46.
#   The same 51 days of Q3 (Jul 1 - Aug 20): u4 on Jul 3 -> 1/51.
printf '%s\n' '{"event": "Login", "properties": {"time": 1795168800, "distinct_id": "u6@acme.example", "$insert_id": "k6"}}' > "$TMP/late.jsonl"
export PRODOPS_NOW=2026-11-25T09:00:00Z
expect_exit 0 A ingest "$TMP/late.jsonl"
expect_exit 0 A report okr --out "$TMP/late"
out=$(json_check "$TMP/late/okr-2026Q4.json" \
  "data_through={'tickets': '2026-11-03', 'nps': '2026-10-22', 'usage': '2026-11-20'}" \
  "stale=['tickets', 'nps']" \
  "usage.dau_avg=6/51" "usage.mau=2" "usage.stickiness=(2/30)/2" "usage.wau=1" \
  "usage_previous.dau_avg=1/51" \
  "key_results.0.actual=1" "key_results.0.status='off track'" "key_results.0.progress_pct=0" \
  "key_results.0.trajectory.6.week='2026-W46'" "key_results.4.actual=2" \
  "key_results.4.status='off track'") \
  && pass "quarter dau_avg and stickiness; a fresh family is judged again" \
  || { fail "quarter DAU"; echo "$out" | grep "not ok"; }
assert_eq "7" "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["key_results"][0]["trajectory"]))' "$TMP/late/okr-2026Q4.json")" "WAU: the seven whole weeks, W40-W46"

done_testing
