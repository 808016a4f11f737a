#!/usr/bin/env bash
# The launch review (issue 17): `prodops report launch` in Europe/Berlin
# across the end of summer time (Sunday 2026-10-25, 03:00 CEST -> 02:00
# CET): the adoption curve, time to first use, retention, mentions and
# verdict worked out by hand below, the JSON shape, and the workbook read
# back.
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/launch

cat > "$TMP/prodops.conf" <<'CONF'
[report]
timezone = Europe/Berlin

[profile "launch-tickets"]
kind            = tickets
external_id     = id
created_at      = created
subject         = subject
tags            = tags
requester_email = email

[profile "launch-nps"]
kind             = nps
respondent_email = email
score            = score
responded_at     = when
comment          = comment
CONF
P() { prodops --config "$TMP/prodops.conf" "$@"; }
expect_exit 0 P ingest --kind accounts "$FX/accounts.csv"
expect_exit 0 P ingest "$FX/events.jsonl"
# Two exposure events (SPEC §9), of days and accounts already active:
# they change no count of the weeks below.
expect_exit 0 P ingest "$FX/exposures.jsonl"
expect_exit 0 P ingest --profile launch-tickets --source desk "$FX/tickets.csv"
expect_exit 0 P ingest --profile launch-nps --source survey "$FX/nps.csv"

expect_exit 0 P ingest --kind releases "$FX/releases.csv"
expect_exit 0 P ingest --kind releases "$FX/jira-versions.csv"
# Dark mode moved to Nov 11 (t7050: the later file wins).
expect_exit 0 P ingest --kind releases --source releases "$FX/releases-v2.csv"

# ---- the review ------------------------------------------------------------
# Tuesday 2026-11-24 in Berlin: usage data through Sunday Nov 22 (the newest
# event, Nov 22 21:00Z = 22:00 CET).  Bulk export shipped Wednesday Oct 21:
# its launch week (week 0) is Mon Oct 19 - Sun Oct 25 local.
export PRODOPS_NOW=2026-11-24T09:00:00Z
expect_exit 0 P report launch "bulk export" --out "$TMP/rep"
for ext in json md html xlsx; do
    [ -s "$TMP/rep/launch-bulk-export.$ext" ] && pass "$ext written" || fail "$ext missing"
done
assert_match "1 launch review \(Europe/Berlin\)" "$OUT" "one review"
J=$TMP/rep/launch-bulk-export.json
# Week by week, local time (Berlin):
#  W43 (Oct 19-25): active accounts Acme (Login Oct 19), Globex (Oct 20),
#    Initech (Oct 18 22:30Z = Oct 19 00:30 CEST: this week, not the one
#    before as in UTC), Hooli (Oct 25 22:30Z = Oct 25 23:30 CET, after the
#    clocks went back: still Sunday) -> 4.  Use from Oct 21 on: a1 (Oct 21),
#    b1 (Oct 23); a2's Export Started of Oct 20 is before the release.
#    -> 2 users, 2 accounts, 2/4 = 0.5
#  W44 (Oct 26-Nov 1): d1's Oct 25 23:30Z is Monday 00:30 CET (UTC says
#    Sunday).  Active Umbrella, Acme (Oct 28), Initech (Oct 27) -> 3; use
#    d1, a1 -> 2 users, 2 accounts, 2/3
#  W45 (Nov 2-8): active Globex, Acme -> 2; use b1 -> 1, 1, 1/2
#  W46 (Nov 9-15): active Initech -> 1; no use -> 0, 0, 0/1 = 0
#  W47 (Nov 16-22): active Acme, Globex, Initech -> 3; use a1, b2 -> 2, 2,
#    2/3; the week is whole (data through Nov 22).
# (In UTC, W43 would be 3 accounts of 4: the test fails there.)
json_check "$J" \
  "report='launch'" "name='Bulk export'" "slug='bulk-export'" "source='releases'" \
  "released_on='2026-10-21'" "launch_week='2026-W43'" "timezone='Europe/Berlin'" \
  "events=['Export Started', 'Export Downloaded']" "pattern='export'" \
  "data_through.usage='2026-11-22'" \
  "adoption.0={'week': '2026-W43', 'week_start': '2026-10-19', 'weeks_since_launch': 0, 'users': 2, 'accounts': 2, 'active_accounts': 4, 'share_of_active_accounts': 0.5, 'complete': True}" \
  "adoption.1.week='2026-W44'" "adoption.1.users=2" "adoption.1.accounts=2" \
  "adoption.1.active_accounts=3" "adoption.1.share_of_active_accounts=2/3" \
  "adoption.2.users=1" "adoption.2.accounts=1" "adoption.2.share_of_active_accounts=1/2" \
  "adoption.3.users=0" "adoption.3.accounts=0" "adoption.3.active_accounts=1" \
  "adoption.3.share_of_active_accounts=0" \
  "adoption.4.week='2026-W47'" "adoption.4.users=2" "adoption.4.accounts=2" \
  "adoption.4.share_of_active_accounts=2/3" "adoption.4.complete=True" \
  || fail "adoption curve"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(len(d['adoption']) != 5)" "$J" \
    && pass "five weeks, from the launch week on" || fail "adoption has not five weeks"
# First use per account, days after Oct 21: Acme Oct 21 -> 0, Globex
# Oct 23 -> 2, Umbrella Oct 26 (local) -> 5; median 2.
# Retention: the launch week's adopters are Acme and Globex.  Week 1
# (W44): Acme -> 1/2; week 2 (W45): Globex -> 1/2; week 4 (W47): Acme
# and Globex (b2) -> 2/2.
json_check "$J" \
  "adopting_accounts=3" "time_to_first_use_days_median=2" \
  "retention=[{'week': 1, 'cohort_accounts': 2, 'accounts': 1, 'share': 0.5}, {'week': 2, 'cohort_accounts': 2, 'accounts': 1, 'share': 0.5}, {'week': 4, 'cohort_accounts': 2, 'accounts': 2, 'share': 1.0}]" \
  || fail "time to first use and retention"
# Mentions of /export/ in the 28 local days before Oct 21 (from Sep 23
# 00:00 CEST = Sep 22 22:00Z) and the 28 from it (to Nov 18):
#   before: T1 (Oct 1), T2 (Oct 15), T7 (Sep 22 22:30Z = Sep 23 00:30
#     local: inside; its tag says export) -> 3 tickets; T5 (Sep 1) is
#     older.  NPS Oct 10 "please add bulk export" -> 1.
#     Themes: data/export in T1, T2, T7 and the NPS comment (4), feature
#     request ("please add", 1), performance (T2 "slow", 1).
#   after: T4 (Oct 30) -> 1 (T6, Nov 19, is past Nov 18); NPS Nov 5 -> 1;
#     data/export 2.
# Verdict: week 4's share 2/3 -> 67 %; tickets 3 -> 1.
json_check "$J" \
  "mentions.window_days=28" "mentions.after_complete=True" \
  "mentions.before={'tickets': 3, 'nps': 1, 'themes': [{'theme': 'data/export', 'count': 4}, {'theme': 'feature request', 'count': 1}, {'theme': 'performance', 'count': 1}]}" \
  "mentions.after={'tickets': 1, 'nps': 1, 'themes': [{'theme': 'data/export', 'count': 2}]}" \
  "headline.weeks_since_launch=4" "headline.share_of_active_accounts=2/3" \
  "verdict='Bulk export: 67 % of active accounts use it after 4 weeks; tickets about it fell 3 → 1'" \
  || fail "mentions and verdict"
# No request rules and no posts: no request, so no clause in the verdict
# (t7052 has the requests a launch answers).
json_check "$J" "requests=[]" "request_askers.accounts_asking=0" || fail "no requests"
assert_match "^\*\*Bulk export: 67 % of active accounts use it after 4 weeks; tickets about it fell 3 → 1\*\*$" \
    "$(cat "$TMP/rep/launch-bulk-export.md")" "the Markdown leads with the verdict"
MD=$(cat "$TMP/rep/launch-bulk-export.md")
assert_match "^\| 2026-W43 \| 0 \| 2 \| 2 \| 4 \| 50 % \|$" "$MD" "Markdown: the launch week"
assert_match "^\| 2026-W44 \| 1 \| 2 \| 2 \| 3 \| 67 % \|$" "$MD" "Markdown: week 1 (2/3 shown 67 %)"
assert_match "^\| 2026-W46 \| 3 \| 0 \| 0 \| 1 \| 0 % \|$" "$MD" "Markdown: a week without use"
assert_match "^Median time to first use: 2.0 days, over 3 adopting accounts.$" "$MD" "Markdown: time to first use"
assert_match "^\| 4 \| 2 \| 2 \| 100 % \|$" "$MD" "Markdown: retention at week 4"
assert_match "^\| Before the launch \| 3 \| 1 \| data/export \(4\), feature request \(1\), performance \(1\) \|$" \
    "$MD" "Markdown: mentions before, with themes"
HTML=$(cat "$TMP/rep/launch-bulk-export.html")
assert_match "<svg" "$HTML" "the HTML draws the adoption curve"
assert_match "<td style=\"[^\"]*\">50 %</td>" "$HTML" "the HTML has the adoption table"
assert_eq "" "$(printf '%s' "$HTML" | grep -ioE '<script|src="https?://' | head -1)" "HTML: no scripts, nothing fetched"
# A PM forwards it: at 400 px (a phone) nothing runs past the edge, and
# the adoption curve is drawn.
html_renders "$TMP/rep/launch-bulk-export.html" "the launch page"
assert_eq "fits 1" "$FIT $CHARTS" "at 400 px the chart is drawn and every element fits the width"

# The workbook: the Adoption sheet's cells as the JSON has them, and a
# native line chart over its share column.
PYXL=$(for p in python3 /usr/bin/python3; do "$p" -c 'import openpyxl' 2>/dev/null && { echo "$p"; break; }; done)
"${PYXL:-python3}" - "$TMP/rep/launch-bulk-export.xlsx" <<'PY' && pass "workbook cells and chart" || fail "workbook"
import sys, zipfile, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["Summary", "Adoption", "Requests"], wb.sheetnames
ws = wb["Adoption"]
rows = [[c.value for c in r] for r in ws.iter_rows(min_row=1, max_row=6)]
assert rows[0][:7] == ["Week of", "Week", "Weeks since launch", "Users", "Accounts",
                       "Active accounts", "Share of active accounts"], rows[0]
assert str(rows[1][0])[:10] == "2026-10-19", rows[1]
assert rows[1][1:7] == ["2026-W43", 0, 2, 2, 4, 0.5], rows[1]
assert abs(rows[2][6] - 2 / 3) < 1e-9 and rows[4][6] == 0, rows
assert rows[5][1] == "2026-W47" and rows[5][3] == 2, rows[5]
assert ws.cell(row=2, column=7).number_format == "0.0%"
s = wb["Summary"]
assert s["A2"].value.startswith("Bulk export: 67 %"), s["A2"].value
z = zipfile.ZipFile(sys.argv[1])
chart = z.read("xl/charts/chart1.xml").decode()
assert "<c:lineChart>" in chart and "Adoption!$G$2:$G$6" in chart, chart[:400]
PY

# Every launch since Oct 1: Bulk export (the releases.csv row, which has
# events, over the Jira version of the same name), 2026.11 hotfix (Jira
# only: no events, so no use) and Dark mode (Nov 11: W46 and W47, no use;
# its four weeks after are not over).
expect_exit 0 P report launch --since 2026-10-01 --out "$TMP/all"
assert_match "3 launch reviews" "$OUT" "three launches since Oct 1"
json_check "$TMP/all/launch-dark-mode.json" \
  "released_on='2026-11-11'" "adoption.0.week='2026-W46'" "adoption.0.accounts=0" \
  "adoption.0.share_of_active_accounts=0" "adoption.1.share_of_active_accounts=0" \
  "time_to_first_use_days_median=None" "retention.0.share=None" \
  "mentions.after_complete=False" \
  "verdict='Dark mode: 0 % of active accounts use it after 1 week; tickets about it: 0 in the 4 weeks before, 0 since'" \
  || fail "a launch nobody uses yet"
json_check "$TMP/all/launch-2026-11-hotfix.json" "source='jira_versions'" "events=[]" \
  "pattern='2026\\\\.11 hotfix'" || fail "the Jira-only launch"

# ---- the OKR review: launched this quarter ------------------------------
# 2026Q4 to today (Nov 24): Bulk export, 2026.11 hotfix, Dark mode, each
# with its review's headline; a launch planned for Dec 15 has not launched.
printf 'name,date,events\nRoadmap item,2026-12-15,Roadmap Used\n' > "$TMP/planned.csv"
expect_exit 0 P ingest --kind releases --source plans "$TMP/planned.csv"
expect_exit 0 P report okr --quarter 2026Q4 --out "$TMP/okr"
# Hotfix (Nov 5, no events): weeks W45-W47, the latest whole is week 2.
json_check "$TMP/okr/okr-2026Q4.json" \
  "launches.0={'name': 'Bulk export', 'weeks_since_launch': 4, 'share_of_active_accounts': 2/3, 'verdict': 'Bulk export: 67 % of active accounts use it after 4 weeks; tickets about it fell 3 → 1', 'released_on': '2026-10-21'}" \
  "launches.1.name='2026.11 hotfix'" "launches.1.weeks_since_launch=2" \
  "launches.1.share_of_active_accounts=0" \
  "launches.2.name='Dark mode'" "launches.2.weeks_since_launch=1" \
  || fail "launched this quarter"
python3 -c "import json,sys; sys.exit(len(json.load(open(sys.argv[1]))['launches']) != 3)" \
    "$TMP/okr/okr-2026Q4.json" && pass "three launches, not the planned one" || fail "launch count"
assert_match "^- Bulk export: 67 % of active accounts use it after 4 weeks; tickets about it fell 3 → 1 \(released 2026-10-21\)\.$" \
    "$(cat "$TMP/okr/okr-2026Q4.md")" "the OKR summary says it"
"${PYXL:-python3}" - "$TMP/okr/okr-2026Q4.xlsx" <<'PY' && pass "the OKR workbook's Launches sheet" || fail "OKR Launches sheet"
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Launches"]
rows = [[c.value for c in r] for r in ws.iter_rows(min_row=1, max_row=4)]
assert rows[0] == ["Launch", "Released on", "Weeks since launch", "Share of active accounts", "Verdict"], rows[0]
assert rows[1][:3] == ["Bulk export", "2026-10-21", 4] and abs(rows[1][3] - 2 / 3) < 1e-9, rows[1]
assert rows[1][4].startswith("Bulk export: 67 %"), rows[1]
assert [r[0] for r in rows[2:]] == ["2026.11 hotfix", "Dark mode"], rows
PY
expect_exit 0 P report okr --quarter 2026Q3 --out "$TMP/okr"
json_check "$TMP/okr/okr-2026Q3.json" "launches=[]" || fail "no launch in Q3"

# ---- a launch measured by its feature flag ------------------------------
# No events, a flag: exposures to it are its use.  Released Mon Nov 2: a1's
# exposure to search-v2 (Nov 3) is a use in W45 (active Acme, Globex ->
# 1/2); c1's to another experiment (Nov 10) is not (W46: 0/1).
printf 'name,date,flag\nFlagged search,2026-11-02,search-v2\n' > "$TMP/flagged.csv"
expect_exit 0 P ingest --kind releases --source flags "$TMP/flagged.csv"
expect_exit 0 P report launch "Flagged search" --out "$TMP/flag"
json_check "$TMP/flag/launch-flagged-search.json" "flag='search-v2'" "events=[]" \
  "adoption.0.week='2026-W45'" "adoption.0.users=1" "adoption.0.accounts=1" \
  "adoption.0.share_of_active_accounts=1/2" "adoption.1.accounts=0" \
  "adoption.1.active_accounts=1" "adopting_accounts=1" "time_to_first_use_days_median=1" \
  || fail "a flag's exposures"

# Mistakes are usage errors.
expect_exit 2 P report launch "no such launch" --out "$TMP/none"
assert_match "no release named 'no such launch'" "$ERR" "an unknown launch is named"
expect_exit 2 P report launch --since 2026-13-01
expect_exit 2 P report launch "bulk export" --since 2026-10-01
# A pattern that is no regular expression names the launch (exit 1, bad
# input), not a database failure.
printf 'name,date,events,pattern\nBroken,2026-11-12,Login,export(\n' > "$TMP/broken.csv"
expect_exit 0 P ingest --kind releases --source broken "$TMP/broken.csv"
expect_exit 1 P report launch Broken --out "$TMP/broken"
assert_match "the pattern of release 'Broken' \(source 'broken'\) is no regular expression" "$ERR" \
    "a bad pattern is named"
expect_exit 0 P report launch --help
done_testing
