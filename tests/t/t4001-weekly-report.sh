#!/usr/bin/env bash
# The weekly report (issue 4, SPEC §6-7) on a hand-made warehouse whose
# metrics are worked out below by hand: medians of an even count, p90
# interpolation, an empty previous week (null, not 0), the solved-time
# fallback, account health, a week crossing the end of DST in New York;
# then the workbook read back and the summaries checked against the JSON.
. "$(dirname "$0")/../lib/test-lib.sh"
FX=$ROOT/tests/fixtures/report

cp "$FX/profiles.conf" "$TMP/prodops.conf"
P() { prodops --config "$TMP/prodops.conf" "$@"; }
load_report_fixture

export PRODOPS_NOW=2026-11-18T09:00:00Z # Wednesday of W47: the default is W46
expect_exit 0 prodops report weekly --out "$TMP/rep"
assert_match "weekly-2026-W46.xlsx, .md, .html, .txt, .eml, .pdf and .json \(2026-W46, UTC\)" "$OUT" "the last complete week by default"
J=$TMP/rep/weekly-2026-W46.json
for ext in xlsx md html txt json eml pdf; do
    [ -s "$TMP/rep/weekly-2026-W46.$ext" ] && pass "$ext written" || fail "$ext missing"
done
assert_eq "" "$(ls "$TMP/rep" | grep tmp)" "no temporary files left"

# Account health as of Nov 16 (SPEC §6, revised).  Usage: users of Oct
# 17 - Nov 15 over Sep 17 - Oct 16; nobody before, so an account with users
# is 100: ACC-1 (ann, cy) and ACC-2 (bob); ACC-3 and ACC-4 have none: 0.
# nps = (account NPS of the last 90 days + 100) / 2: ACC-1 ann 10, z 0 ->
# NPS 100 x (1 - 1)/2 = 0 -> 50; ACC-2 bob 9 -> 100 -> 100; ACC-3 x 8,
# y 6 -> 100 x (0 - 1)/2 = -50 -> 25; ACC-4 (gmail.com never maps): 50.
# support = 100 - 100 x high/urgent tickets of the last 30 days / max(10,
# users): ACC-1 T1 high, 2 users -> 100 - 100/10 = 90; ACC-3 T3 urgent, 0
# users -> 90; the others 100.  health = round(0.5 u + 0.3 n + 0.2 s):
#   ACC-3: 0 + 7.5 + 18 = 25.5 -> 26 (half away from zero), red;
#   ACC-4: 0 + 15 + 20 = 35, red;
#   ACC-1: 50 + 15 + 18 = 83, green (flat usage no longer caps it at 50);
#   ACC-2: 50 + 30 + 20 = 100, green.
# data_through (SPEC §6 "as of", today = the week's end, Nov 16): tickets
# Nov 14 (T7 created and updated), NPS Nov 15 (w, 23:00), usage Nov 10
# (bob): none more than 7 days before Nov 16, so no stale source.
# check PATH=EXPECTED...: json_check (test-lib) on the report at hand.
check() { json_check "$J" "$@"; }
out=$(check \
  "period.start='2026-11-09T00:00:00Z'" "period.end='2026-11-16T00:00:00Z'" \
  "tickets.tickets_created=5" \
  "tickets.tickets_solved=4" \
  "tickets.backlog_end=5" \
  "tickets.first_reply_hours_median=(3+5)/2" \
  "tickets.first_reply_hours_p90=5+0.7*(7-5)" \
  "tickets.resolution_hours_median=(36+108)/2" \
  "tickets.resolution_hours_p90=108+0.7*(216-108)" \
  "tickets.csat_pct=100*2/3" \
  "tickets.reopen_rate_pct=100*1/3" \
  "tickets.by_channel={'email': 2, 'chat': 1, 'phone': 1, 'web': 1}" \
  "tickets.top_tags=[{'tag': 'billing', 'count': 2}, {'tag': 'login', 'count': 1}]" \
  "tickets_previous.tickets_created=4" \
  "tickets_previous.trend=None" "nps_previous.trend=None" "usage_previous.trend=None" \
  "tickets_previous.tickets_solved=0" \
  "tickets_previous.backlog_end=4" \
  "tickets_previous.first_reply_hours_median=1" \
  "tickets_previous.resolution_hours_median=None" \
  "tickets_previous.csat_pct=None" \
  "tickets_previous.reopen_rate_pct=None" \
  "nps.responses=6" "nps.promoters=3" "nps.passives=1" "nps.detractors=2" \
  "nps.nps=100*(3-2)/6" \
  "nps.nps_moe95=1.96*100*math.sqrt((3/6+2/6-(3/6-2/6)**2)/6)" \
  "nps.by_plan.Enterprise={'responses': 2, 'nps': 0.0}" \
  "nps.trend.12={'week': '2026-W46', 'responses': 6, 'nps': 100*(3-2)/6}" \
  "nps.trend.11={'week': '2026-W45', 'responses': 0, 'nps': None}" \
  "nps_previous.responses=0" "nps_previous.nps=None" "nps_previous.nps_moe95=None" \
  "usage.events=4" "usage.active_users=2" "usage.dau_avg=(1+2)/7" \
  "usage.wau=2" "usage.mau=3" "usage.stickiness=(1+1+2)/30/3" \
  "usage.adoption={'Login': 1.0, 'Report': 0.5}" \
  "usage_previous.active_users=0" "usage_previous.adoption={}" \
  "usage_previous.stickiness=1/30/1" \
  "accounts.0.account_id='ACC-3'" "accounts.0.usage=0" "accounts.0.nps=25" "accounts.0.support=90" \
  "accounts.0.health=26" "accounts.0.rag='red'" \
  "accounts.1.account_id='ACC-4'" "accounts.1.health=35" "accounts.1.rag='red'" \
  "accounts.2.account_id='ACC-1'" "accounts.2.usage=100" "accounts.2.nps=50" "accounts.2.support=90" \
  "accounts.2.health=83" "accounts.2.rag='green'" \
  "accounts.3.account_id='ACC-2'" "accounts.3.nps=100" "accounts.3.health=100" "accounts.3.rag='green'" \
  "data_quality.stale_sources=[]" \
  "data_quality.data_through={'tickets': '2026-11-14', 'nps': '2026-11-15', 'usage': '2026-11-10'}" \
  "tickets.top_themes=[{'theme': 'billing', 'count': 2}, {'theme': 'login/access', 'count': 1}]" \
  "nps.detractor_themes=[{'theme': 'bugs', 'count': 1}, {'theme': 'performance', 'count': 1}]" \
  "tickets.trend.12={'week': '2026-W46', 'tickets_created': 5, 'tickets_solved': 4}" \
  "tickets.trend.11={'week': '2026-W45', 'tickets_created': 4, 'tickets_solved': 0}" \
  "usage.trend.12={'week': '2026-W46', 'active_users': 2}" \
  "usage.trend.9={'week': '2026-W43', 'active_users': 1}" \
  "usage.trend.0.week='2026-W34'" \
  ) && pass "every metric matches the hand computation" || { fail "metrics"; echo "$out" | grep "not ok"; }

# The workbook: Summary values equal the JSON's; the NPS chart is there.
# openpyxl comes from Debian (install-deps); a python3 earlier on PATH
# (pyenv) may not see it.
PYXL=$(for p in python3 /usr/bin/python3; do "$p" -c 'import openpyxl' 2>/dev/null && { echo "$p"; break; }; done)
[ -n "$PYXL" ] || fail "no python3 with openpyxl: run scripts/install-deps.sh"
"${PYXL:-python3}" - "$TMP/rep/weekly-2026-W46.xlsx" "$J" > "$TMP/xlsx.out" 2>&1 <<'PY'
import json, math, sys, zipfile, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
doc = json.load(open(sys.argv[2]))
assert wb.sheetnames == ["Needs attention", "Summary", "Tickets", "NPS", "Usage", "Feature adoption", "Accounts", "Themes"], wb.sheetnames
# "Needs attention" first, from the JSON's attention (here a week with too
# short a history: it says so), the headline table second.
na = wb["Needs attention"]
assert na["A1"].value.startswith("Needs attention, 2026-W46 (UTC; data through "), na["A1"].value
items = [r for r in na.iter_rows(min_row=4, values_only=True) if isinstance(r[0], (int, float))]
assert len(doc["attention"]) == 0 and na["B4"].value == "Nothing outside the normal range this week.", (doc["attention"], na["B4"].value)
ws = wb["Summary"]
rows = {r[0]: r[1:3] for r in ws.iter_rows(min_row=4, values_only=True) if r[0]}
want = {"Tickets created": ("tickets", "tickets_created"), "CSAT": ("tickets", "csat_pct"),
        "Resolution, median": ("tickets", "resolution_hours_median"), "NPS": ("nps", "nps"),
        "Active users": ("usage", "active_users"), "Stickiness (DAU/MAU)": ("usage", "stickiness")}
for label, (fam, key) in want.items():
    got = rows[label]
    exp = (doc[fam][key], doc[fam + "_previous"][key])
    # libxlsxwriter writes 16 significant digits (%.16G); Excel keeps 15.
    same = all((g is None and e is None) or
               (g is not None and e is not None and math.isclose(g, e, rel_tol=1e-14))
               for g, e in zip(got, exp))
    assert same, (label, got, exp)
assert rows["CSAT"][1] is None  # null stays an empty cell, not 0
# Every number of the Summary carries a number format (never General), and
# the Change column shows a sign: tickets created 5 from 4 is +1.
for row in ws.iter_rows(min_row=4):
    for c in row:
        if isinstance(c.value, (int, float)):
            assert c.number_format != "General", (c.coordinate, c.value)
chg = {r[0].value: r[3] for r in ws.iter_rows(min_row=4) if r[0].value}
assert chg["Tickets created"].value == 1, chg["Tickets created"].value
assert chg["Tickets created"].number_format.startswith("+"), chg["Tickets created"].number_format
assert chg["CSAT"].value is None  # no previous CSAT: no change
# NPS's margin of error beside it: 1.96 x 100 x sqrt((3/6 + 2/6 - (1/6)^2) / 6).
moe = {r[0]: r[5] for r in ws.iter_rows(min_row=4, values_only=True) if r[0]}
assert math.isclose(moe["NPS"], 1.96 * 100 * math.sqrt((3/6 + 2/6 - (1/6) ** 2) / 6), rel_tol=1e-12), moe["NPS"]
# Print setup on every sheet: landscape, one page wide, header rows repeated.
for s in wb.worksheets:
    assert s.page_setup.orientation == "landscape", s.title
    assert s.sheet_properties.pageSetUpPr.fitToPage and s.page_setup.fitToWidth in (1, None) and s.page_setup.fitToHeight == 0, s.title
    assert s.print_title_rows, s.title
assert ws.print_title_rows == "$3:$3", ws.print_title_rows
# Feature adoption: the JSON's usage.adoption, as percentages.
ad = {r[0].value: r[1] for r in wb["Feature adoption"].iter_rows(min_row=2) if r[1].value is not None}
assert {k: v.value for k, v in ad.items()} == doc["usage"]["adoption"] and ad, (ad, doc["usage"]["adoption"])
assert all(v.number_format == "0.0%" for v in ad.values())
# Usage: the account's name beside its id.
names = {a["account_id"]: a["name"] for a in doc["accounts"]}
for r in wb["Usage"].iter_rows(min_row=2, max_col=2, values_only=True):
    if r[0]:
        assert r[1] == names[r[0]], r
assert ws.freeze_panes == "B4", ws.freeze_panes
# The 13-week trends: weeks as dates (their Mondays), not "2026-W46" text.
import datetime
for sheet, col, path in (("Tickets", 7, ("tickets", "trend")), ("NPS", 1, ("nps", "trend")),
                         ("Usage", 9, ("usage", "trend"))):
    s = wb[sheet]
    assert s.cell(1, col).value == "Week of", (sheet, s.cell(1, col).value)
    cells = [s.cell(1 + i, col) for i in range(1, len(doc[path[0]][path[1]]) + 1)]
    assert cells, sheet
    for c, w in zip(cells, doc[path[0]][path[1]]):
        y, n = int(w["week"][:4]), int(w["week"][6:])
        assert isinstance(c.value, datetime.datetime) and c.number_format == "yyyy-mm-dd", (sheet, c.value, c.number_format)
        assert c.value.date() == datetime.date.fromisocalendar(y, n, 1), (sheet, c.value, w["week"])
names = zipfile.ZipFile(sys.argv[1]).namelist()
charts = [n for n in names if n.startswith("xl/charts/chart")]
# tickets, responses, NPS (on its own axis) and active-user trends
assert len(charts) == 4, names
assert wb["Accounts"]["A2"].value == "ACC-3"  # least healthy first
assert wb["Accounts"]["J1"].value == "NPS score"  # a 0-100 score, not an NPS
# Themes: one row per theme of the four top lists, counts from the JSON.
themes = {r[0]: r[1:5] for r in wb["Themes"].iter_rows(min_row=2, max_row=20, values_only=True) if r[0] and not r[0].startswith("Each")}
lists = [doc["tickets"]["top_themes"], doc["tickets_previous"]["top_themes"], doc["nps"]["top_themes"], doc["nps"]["detractor_themes"]]
want = {}
for i, l in enumerate(lists):
    for t in l:
        want.setdefault(t["theme"], [None] * 4)[i] = t["count"]
assert themes == {k: tuple(v) for k, v in want.items()} and themes, (themes, want)
print("xlsx ok")
PY
assert_eq "xlsx ok" "$(tail -1 "$TMP/xlsx.out")" "workbook Summary = JSON; chart part present"

# The summaries say the JSON's headline numbers.
MD=$(cat "$TMP/rep/weekly-2026-W46.md"); TXT=$(cat "$TMP/rep/weekly-2026-W46.txt")
assert_match "\| Tickets created \| 5 \| 4 \| \+1 \(\+25.0 %\)" "$MD" "markdown headline with WoW change"
assert_match "\| CSAT \| 66.7 % \| – \| – \|" "$MD" "no previous CSAT: a dash, not 0"
# NPS 100 x (3 - 2) / 6 = 16.7 -> 17, its margin 1.96 x 100 x sqrt((3/6 +
# 2/6 - (1/6)^2) / 6) = 71.8 -> 72 at the same precision.
assert_match "\| NPS \| 17 ± 72 \| – \|" "$MD" "NPS shown as an integer with its margin"
assert_match "Initech \(ACC-3\): health 26; usage 0, NPS score 25, support 90" "$MD" "at-risk accounts named, NPS score not NPS"
assert_match "Tickets created +5 +4  \+1 \(\+25.0 %\) \(worse\)" "$TXT" "plain text says which way is good"
assert_match "Top tags: billing \(2\), login \(1\)" "$TXT" "top tags"
assert_match "Top themes among detractors: bugs \(1\), performance \(1\)" "$TXT" "detractor themes"

# The HTML page: email-safe (no scripts, nothing fetched), the same
# headline numbers, three inline SVG trends; it renders in headless
# Chromium to a PNG.
H=$TMP/rep/weekly-2026-W46.html
assert_eq "0" "$(grep -ciE '<script|<link|src=|url\(' "$H")" "no scripts, links or external resources"
assert_eq "0" "$(grep -oE 'https?://[^"]*' "$H" | grep -vc '^http://www.w3.org/2000/svg$')" "the only URL is the SVG namespace"
assert_eq "3" "$(grep -c '<svg' "$H")" "three inline SVG trends"
assert_match "Tickets created</td><td[^>]*>5</td><td[^>]*>4</td>" "$(cat "$H")" "HTML headline numbers = JSON"
if command -v chromium >/dev/null 2>&1; then
    HOME=$TMP chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars \
        --window-size=800,1000 --screenshot="$TMP/weekly.png" "file://$H" >"$TMP/chromium.log" 2>&1
    assert_eq "0" "$?" "Chromium renders the page"
    assert_eq "PNG 800x1000" "$(python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print("PNG %dx%d" % struct.unpack(">II", d[16:24]) if d[:8]==b"\x89PNG\r\n\x1a\n" else "not a PNG")' "$TMP/weekly.png")" "the screenshot is an 800x1000 PNG"
else
    fail "chromium missing: run scripts/install-deps.sh"
fi

# DST: New York's week 2026-W44 ends at the fall-back (Sunday Nov 1), so it
# is 169 hours long; T8 (Nov 1, 23:30 EST) is in it, not in W45.
expect_exit 0 prodops report weekly --week 2026-W44 --tz America/New_York --out "$TMP/ny"
J=$TMP/ny/weekly-2026-W44.json
out=$(check "period.start='2026-10-26T04:00:00Z'" "period.end='2026-11-02T05:00:00Z'" \
  "period.timezone='America/New_York'" "tickets.tickets_created=1" \
  "tickets_previous.tickets_created=0" "nps.trend.12.week='2026-W44'") \
  && pass "DST week in New York" || { fail "DST week"; echo "$out" | grep "not ok"; }
expect_exit 0 prodops report weekly --week 2026-W45 --tz America/New_York --out "$TMP/ny"
J=$TMP/ny/weekly-2026-W45.json
out=$(check "tickets.tickets_created=3" "tickets_previous.tickets_created=1") \
  && pass "the week after: T8 is not counted twice" || { fail "W45 NY"; echo "$out" | grep "not ok"; }

# Zones whose days are not UTC days.  The rollups keep UTC days with the
# half hours each user was active, so New York's and Kolkata's (+05:30)
# local days are read from them, and Kathmandu's (+05:45) through the
# quarter hours of the half hour its midnight splits.  Events every 97
# minutes from Nov 1 to Nov 17 by seven users cross every local midnight;
# each zone's usage must equal the SPEC's definition computed on the raw
# events below.
python3 - > "$TMP/edge.jsonl" <<'PY'
import json
t0 = 1793491200  # 2026-11-01T00:00:00Z
for i in range(16 * 24 * 60 // 97):
    print(json.dumps({"event": ["Login", "Report", "Export"][i % 3],
                      "properties": {"time": t0 + i * 97 * 60,
                                     "distinct_id": "edge%d@acme.example" % (i * 5 % 7),
                                     "$insert_id": "edge%d" % i}}))
PY
expect_exit 0 prodops ingest --source edge "$TMP/edge.jsonl"
for zone in UTC America/New_York Asia/Kolkata Asia/Kathmandu; do
    expect_exit 0 prodops report weekly --week 2026-W46 --tz $zone --out "$TMP/zones"
    J=$TMP/zones/weekly-2026-W46.json
    S="TIMESTAMPTZ '2026-11-09 00:00' AT TIME ZONE 'UTC' AT TIME ZONE '$zone'"
    W="e.event_time >= ('2026-11-09'::timestamp AT TIME ZONE '$zone') AND e.event_time < ('2026-11-16'::timestamp AT TIME ZONE '$zone')"
    M="e.event_time >= ('2026-10-17'::timestamp AT TIME ZONE '$zone') AND e.event_time < ('2026-11-16'::timestamp AT TIME ZONE '$zone')"
    P="e.event_time >= ('2026-11-02'::timestamp AT TIME ZONE '$zone') AND e.event_time < ('2026-11-09'::timestamp AT TIME ZONE '$zone')"
    events=$(sql "SELECT sum(event_count) FROM prodops.usage_events e WHERE $W")
    active=$(sql "SELECT count(DISTINCT user_key) FROM prodops.usage_events e WHERE $W")
    dau=$(sql "SELECT sum(n) FROM (SELECT count(DISTINCT user_key) n FROM prodops.usage_events e WHERE $W GROUP BY (e.event_time AT TIME ZONE '$zone')::date) d")
    mau=$(sql "SELECT count(DISTINCT user_key) FROM prodops.usage_events e WHERE $M")
    daus=$(sql "SELECT sum(n) FROM (SELECT count(DISTINCT user_key) n FROM prodops.usage_events e WHERE $M GROUP BY (e.event_time AT TIME ZONE '$zone')::date) d")
    adoption=$(sql "SELECT '{' || string_agg(format('%L: %s/$active', event_name, n), ', ') || '}' FROM (SELECT event_name, count(DISTINCT user_key) n FROM prodops.usage_events e WHERE $W GROUP BY 1) x")
    acme=$(sql "SELECT format('{''active_users'': %s, ''events'': %s, ''events_previous'': %s}', count(DISTINCT user_key) FILTER (WHERE $W), coalesce(sum(event_count) FILTER (WHERE $W), 0), coalesce(sum(event_count) FILTER (WHERE $P), 0)) FROM prodops.usage_events e WHERE account_id = 'ACC-1'")
    out=$(check "usage.events=$events" "usage.active_users=$active" "usage.wau=$active" \
      "usage.dau_avg=$dau/7" "usage.mau=$mau" "usage.stickiness=$daus/30/$mau" \
      "usage.adoption=$adoption" \
      "usage.by_account.0.account_id='ACC-1'" "usage.by_account.0.active_users=$(echo "$acme" | sed "s/.*'active_users': \([0-9]*\).*/\1/")" \
      "usage.by_account.0.events=$(echo "$acme" | sed "s/.*'events': \([0-9]*\),.*/\1/")" \
      "usage.by_account.0.events_previous=$(echo "$acme" | sed "s/.*'events_previous': \([0-9]*\).*/\1/")") \
      && pass "usage by local day in $zone = the events' own count" \
      || { fail "usage in $zone"; echo "$out" | grep "not ok"; }
    # The week before, which the same statement gives (weekly_usage.sql's
    # second column): its own week, its 30 days, and its week before.
    PM="e.event_time >= ('2026-10-10'::timestamp AT TIME ZONE '$zone') AND e.event_time < ('2026-11-09'::timestamp AT TIME ZONE '$zone')"
    PP="e.event_time >= ('2026-10-26'::timestamp AT TIME ZONE '$zone') AND e.event_time < ('2026-11-02'::timestamp AT TIME ZONE '$zone')"
    pactive=$(sql "SELECT count(DISTINCT user_key) FROM prodops.usage_events e WHERE $P")
    pmau=$(sql "SELECT count(DISTINCT user_key) FROM prodops.usage_events e WHERE $PM")
    out=$(check "usage_previous.events=$(sql "SELECT sum(event_count) FROM prodops.usage_events e WHERE $P")" \
      "usage_previous.active_users=$pactive" "usage_previous.wau=$pactive" \
      "usage_previous.dau_avg=$(sql "SELECT sum(n) FROM (SELECT count(DISTINCT user_key) n FROM prodops.usage_events e WHERE $P GROUP BY (e.event_time AT TIME ZONE '$zone')::date) d")/7" \
      "usage_previous.mau=$pmau" \
      "usage_previous.stickiness=$(sql "SELECT sum(n) FROM (SELECT count(DISTINCT user_key) n FROM prodops.usage_events e WHERE $PM GROUP BY (e.event_time AT TIME ZONE '$zone')::date) d")/30/$pmau" \
      "usage_previous.adoption=$(sql "SELECT '{' || string_agg(format('%L: %s/$pactive', event_name, n), ', ') || '}' FROM (SELECT event_name, count(DISTINCT user_key) n FROM prodops.usage_events e WHERE $P GROUP BY 1) x")" \
      "usage_previous.by_account.0.account_id='ACC-1'" \
      "usage_previous.by_account.0.active_users=$(sql "SELECT count(DISTINCT user_key) FROM prodops.usage_events e WHERE account_id = 'ACC-1' AND $P")" \
      "usage_previous.by_account.0.active_users_previous=$(sql "SELECT count(DISTINCT user_key) FROM prodops.usage_events e WHERE account_id = 'ACC-1' AND $PP")" \
      "usage_previous.by_account.0.events_previous=$(sql "SELECT coalesce(sum(event_count), 0) FROM prodops.usage_events e WHERE account_id = 'ACC-1' AND $PP")") \
      && pass "the week before's usage in $zone = the events' own count" \
      || { fail "usage_previous in $zone"; echo "$out" | grep "not ok"; }
done
assert_eq "true true true false" "$(sql "SELECT string_agg(prodops.zone_half_hours_align('2026-11-09', '2026-11-16', z)::text, ' ' ORDER BY o) FROM unnest('{America/New_York,Asia/Kolkata,Asia/Kathmandu,<+0520>-05:20}'::text[]) WITH ORDINALITY x(z, o)")" "New York, Kolkata and Kathmandu read the rollups, +05:20 the events at its days' edges"

# Changed rules apply to loaded rows with prodops retheme (SPEC §8).
printf 'praise = \\b(love|great|good)\\b\nbilling = \\bbilling\\b\n' > "$TMP/themes.conf"
printf '[themes]\nfile = themes.conf\n' >> "$TMP/prodops.conf"
expect_exit 0 P retheme
assert_eq "rethemed 9 tickets (1 changed) and 6 NPS responses (5 changed)" "$OUT" "retheme counts what changed (ok stays themeless)"
assert_eq "praise:3" "$(sql "SELECT string_agg(t || ':' || n, ',') FROM (SELECT unnest(themes) t, count(*) n FROM prodops.nps_responses GROUP BY 1) x")" "NPS comments carry the new themes only"
assert_eq "T1:{billing} T2:{billing}" "$(sql "SELECT string_agg(external_id || ':' || themes::text, ' ' ORDER BY external_id) FROM prodops.tickets WHERE themes <> '{}'")" "tickets keep billing, lose login/access"
printf 'broken = (unclosed\n' > "$TMP/themes.conf"
expect_exit 2 P retheme
assert_match "themes.conf:1: theme 'broken': bad pattern" "$ERR" "a bad rule file is refused with its line"

expect_exit 2 prodops report weekly --week 2026-W54
assert_match "no ISO week" "$ERR" "a bad week is a usage error"
expect_exit 2 prodops report monthly
done_testing
