#!/usr/bin/env bash
# The quarter's experiment portfolio (issue 16): every experiment that ran
# in the quarter with its area, duration, decision and effect; the win
# rate, the median time to decision, experiments per area and those
# stopped by a guardrail.  Generated exposures (Mixpanel) and tickets,
# worked out below.
. "$(dirname "$0")/../lib/test-lib.sh"

# 2026-11-02 00:00 UTC.  300 users a variant in each experiment, exposed a
# minute apart from midnight.
#   ship-it:  Signed Up 60/300 against 120/300               -> ship
#   stop-it:  Checkout 60/300 in both; treatment users 0-59 open a
#             ticket each (0.2 a user against 0)             -> stop (tickets)
#   flat:     Signed Up 60/300 against 62/300                 -> no effect
#   running:  its primary (Ping) never happens: with mde set there is no
#             control mean to plan from                     -> keep running
#   summer:   July only: not in 2026Q4, left out
# A Ping on 2026-11-10 makes the usage data_through 2026-11-10.
python3 - "$TMP/gen.jsonl" "$TMP/tickets.csv" <<'PY'
import json, sys
t0 = 1793577600
out = open(sys.argv[1], "w")
tk = open(sys.argv[2], "w")
tk.write("Id,Requester,Requester email,Subject,Tags,Status,Priority,Via,Created at,Updated at,Organization,Solved at,Satisfaction Score,Reopens,Replies,First reply time in minutes,Product Area [list]\n")
def ev(name, user, t, key, **props):
    p = {"time": t, "distinct_id": user, "$insert_id": key}
    p.update(props)
    out.write(json.dumps({"event": name, "properties": p}) + "\n")
plan = {"ship-it": ("Signed Up", {"control": 60, "treatment": 120}),
        "stop-it": ("Checkout", {"control": 60, "treatment": 60}),
        "flat": ("Signed Up", {"control": 60, "treatment": 62}),
        "running": ("Signed Up", {"control": 60, "treatment": 60})}
n = 0
for x, (event, conv) in plan.items():
    for v, k in conv.items():
        for i in range(300):
            u = "%s-%s-%d@gen.example" % (x, v, i)
            ev("$experiment_started", u, t0 + i * 60, "x-" + u, **{"Experiment name": x, "Variant name": v})
            if i < k:
                ev(event, u, t0 + i * 60 + 600, "c-" + u)
            if x == "stop-it" and v == "treatment" and i < 60:
                n += 1
                tk.write("%d,U,%s,Broken checkout,checkout,Open,Normal,Mail,2026-11-02 12:00:00,2026-11-02 12:00:00,,,,0,0,,Checkout\n" % (n, u))
ev("Ping", "someone@gen.example", t0 + 8 * 86400 + 3600, "ping-1")
# lopsided (only in the weekly report's configuration below): 300
# against 200 for weights 50:50, a sample-ratio mismatch.
for v, k in (("a", 300), ("b", 200)):
    for i in range(k):
        u = "lopsided-%s-%d@gen.example" % (v, i)
        ev("$experiment_started", u, t0 + i * 60, "x-" + u, **{"Experiment name": "lopsided", "Variant name": v})
PY
export PRODOPS_NOW=2026-11-20T09:00:00Z
expect_exit 0 prodops ingest --source gen "$TMP/gen.jsonl"
expect_exit 0 prodops ingest "$TMP/tickets.csv"

C=$TMP/prodops.conf
cat >"$C" <<'EOF'
[areas]
Onboarding = event:Signed*
Checkout   = event:Checkout

[experiment "ship-it"]
start   = 2026-11-02
end     = 2026-11-08
primary = conversion:Signed Up

[experiment "stop-it"]
start      = 2026-11-02
primary    = conversion:Checkout
guardrails = tickets

[experiment "flat"]
start   = 2026-11-02
end     = 2026-11-05
primary = conversion:Signed Up

[experiment "running"]
start   = 2026-11-02
primary = conversion:Ping
mde     = 0.05

[experiment "summer"]
start   = 2026-07-01
end     = 2026-07-31
primary = conversion:Signed Up
EOF
P() { prodops --config "$C" "$@"; }
expect_exit 0 P report experiments --quarter 2026Q4 --out "$TMP/rep"
assert_match "wrote .*/experiments-2026Q4.json, .md, .html and .xlsx" "$OUT" "the portfolio's files"
J=$TMP/rep/experiments-2026Q4.json
# Durations: from the start to min(end, as-of 2026-11-10), days counted
# whole: ship-it 11-02..11-08 = 7, stop-it 11-02..11-10 = 9, flat
# 11-02..11-05 = 4, running 9.  Decided: ship-it, stop-it, flat; median
# time to decision of 7, 9, 4 = 7; win rate 1/3.  stop-it's tickets: 60/300
# = 0.2 against 0, se = sqrt(s²/300) with s² = (60 - 60²/300)/299.
out=$(json_check "$J" \
  "quarter='2026Q4'" "as_of='2026-11-10'" \
  "experiments.0.experiment='ship-it'" "experiments.0.area='Onboarding'" \
  "experiments.0.duration_days=7" "experiments.0.decision='ship'" "experiments.0.winner='treatment'" \
  "experiments.0.users=600" "experiments.0.lift_rel=(120-60)/60" \
  "experiments.1.experiment='stop-it'" "experiments.1.area='Checkout'" \
  "experiments.1.duration_days=9" "experiments.1.decision='stop'" "experiments.1.stopped_by='tickets'" \
  "experiments.1.lift_rel=0" \
  "experiments.2.experiment='flat'" "experiments.2.duration_days=4" "experiments.2.decision='no effect'" \
  "experiments.2.lift_rel=(62-60)/60" \
  "experiments.3.experiment='running'" "experiments.3.area='unassigned'" "experiments.3.decision='keep running'" \
  "summary.experiments=4" "summary.decided=3" "summary.shipped=1" "summary.stopped=1" \
  "summary.stopped_by_guardrail=1" "summary.running=1" "summary.srm=0" \
  "summary.win_rate=1/3" "summary.time_to_decision_days_median=7" \
  "summary.by_area={'Onboarding': {'experiments': 2, 'decided': 2, 'shipped': 1}, 'Checkout': {'experiments': 1, 'decided': 1, 'shipped': 0}, 'unassigned': {'experiments': 1, 'decided': 0, 'shipped': 0}}" \
  ) && pass "the portfolio matches the hand computation" || { fail "portfolio"; echo "$out" | grep "not ok"; }
assert_eq "4" "$(python3 -c "import json; print(len(json.load(open('$J'))['experiments']))")" "summer (July) is not in 2026Q4"
# stop-it's own readout: the tickets guardrail by hand.
expect_exit 0 P report experiment stop-it --as-of 2026-11-10 --out "$TMP/one"
out=$(json_check "$TMP/one/experiment-stop-it.json" \
  "results.1.metric='tickets'" "results.1.diff=0.2" \
  "results.1.p_value=math.erfc(0.2/math.sqrt(((60-60**2/300)/299)/300)/math.sqrt(2))" \
  "results.1.significant=True" "decision='stop'" \
  ) && pass "a guardrail significantly worse stops the experiment" || { fail "stop"; echo "$out" | grep "not ok"; }
assert_match "^\*\*Decision: stop\*\* — stop-it as of 2026-11-10: treatment is significantly worse on tickets" \
    "$(head -1 "$TMP/one/experiment-stop-it.md")" "the stop line names the guardrail"

assert_match "^\*\*Experiments 2026Q4 \(as of 2026-11-10\): 4 ran, 3 decided, 1 shipped \(win rate 33 %\), 1 stopped by a guardrail; median time to decision 7.0 days.\*\*" \
    "$(head -1 "$TMP/rep/experiments-2026Q4.md")" "the headline first"
PYXL=$(for p in python3 /usr/bin/python3; do "$p" -c 'import openpyxl' 2>/dev/null && { echo "$p"; break; }; done)
"${PYXL:-python3}" - "$TMP/rep/experiments-2026Q4.xlsx" >"$TMP/xlsx.out" 2>&1 <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Experiments"]
rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
assert [r[0] for r in rows] == ["ship-it", "stop-it", "flat", "running"], rows
assert rows[0][4:7] == [7, 600, "ship"] and rows[1][8] == "tickets", rows
assert abs(rows[0][10] - 1.0) < 1e-12, rows[0][10]
PY
[ $? -eq 0 ] && pass "the workbook lists the experiments" || { fail "workbook"; cat "$TMP/xlsx.out"; }
# ---- the weekly report's Experiments block (issue 16) --------------------------
# 2026-W45 is 11-02..11-08: every experiment but summer overlaps it, each
# read as of the week's last day, 11-08 (the data runs to 11-10).  Each
# row carries its readout's numbers: the readouts as of 11-08 are the
# reference.  lopsided (300 against 200) is configured for this report
# only.
C2=$TMP/weekly.conf
cat "$C" >"$C2"
cat >>"$C2" <<'EOF'

[experiment "lopsided"]
control = a
weights = a:50, b:50
start   = 2026-11-02
primary = conversion:Signed Up
EOF
expect_exit 0 prodops --config "$C2" report experiment --all --as-of 2026-11-08 --out "$TMP/w45x"
expect_exit 0 prodops --config "$C2" report weekly --week 2026-W45 --out "$TMP/w45"
W=$TMP/w45/weekly-2026-W45.json
python3 - "$W" "$TMP/w45x" >"$TMP/week.out" 2>&1 <<'PY'
import json, math, sys
doc = json.load(open(sys.argv[1]))
xs = doc["experiments"]
assert [x["name"] for x in xs] == ["ship-it", "stop-it", "flat", "running", "lopsided"], xs
want = {"ship-it": ("ready to call", "ship"), "stop-it": ("stopped", "stop"),
        "flat": ("ready to call", "no effect"), "running": ("running", "keep running"),
        "lopsided": ("srm", "srm")}
for x in xs:
    r = json.load(open("%s/experiment-%s.json" % (sys.argv[2], x["slug"])))
    assert (x["status"], x["decision"]) == want[x["name"]], x
    assert x["decision"] == r["decision"] and x["as_of"] == "2026-11-08" == r["as_of"], (x, r["as_of"])
    assert x["users"] == sum(v["users"] for v in r["variants"]), x
    prim = [t for t in r["results"] if t["metric"] == r["primary"]][0]
    for k in ("lift_rel", "lift_rel_ci_low", "lift_rel_ci_high", "p_value_holm"):
        assert x[k] == prim[k], (x["name"], k, x[k], prim[k])
    assert x["days_left"] == r["days_left"] and x["srm_p"] == r["srm_p"], x
# By hand: ship-it 120/300 against 60/300 is +100 %; stop-it is stopped by
# its tickets guardrail after 7 days (11-02..11-08); flat ran 11-02..11-05,
# 4 days; running has no control mean to plan from (days_left null);
# lopsided has 500 users and χ² = 2 × 50² / 250 = 20.
s, t, f, run, lop = xs
assert s["winner"] == "treatment" and math.isclose(s["lift_rel"], 1.0) and s["users"] == 600 and s["days_running"] == 7, s
assert t["stopped_by"] == "tickets" and t["stopped_by_guardrail"] is True and t["days_running"] == 7, t
assert f["days_running"] == 4 and math.isclose(f["lift_rel"], 2 / 60), f
assert run["days_left"] is None and run["mde"] == 0.05 and run["end"] is None, run
assert lop["users"] == 500 and math.isclose(lop["srm_p"], math.erfc(math.sqrt(20 / 2))), lop
print("weekly block ok")
PY
[ $? -eq 0 ] && pass "the weekly JSON's experiments carry their readouts' numbers" || { fail "weekly block"; cat "$TMP/week.out"; }
MD=$(cat "$TMP/w45/weekly-2026-W45.md")
assert_match "^## Experiments$" "$MD" "the Markdown has an Experiments section"
assert_match "^- ship-it: ready to call — ship, \+100\.0 % Signed Up \(95 % CI \+[0-9.]+ to \+[0-9.]+ %\), 600 users\.$" "$MD" "a ready-to-call line"
assert_match "^- stop-it: stopped by the tickets guardrail, 600 users\.$" "$MD" "a guardrail stop"
assert_match "^- flat: ready to call — no effect, \+3\.3 % Signed Up" "$MD" "no effect is ready to call"
assert_match "^- running: running, no sample plan yet, 600 users\.$" "$MD" "a running experiment without a plan"
assert_match "^- lopsided: sample ratio mismatch \(SRM p = [0-9.e-]+\) — results not trusted, no decision, 500 users\.$" "$MD" "a sample-ratio mismatch"
assert_match "^- stop-it: stopped by the tickets guardrail" "$(cat "$TMP/w45/weekly-2026-W45.txt")" "the text summary too"
assert_match "<li style=\"margin:3px 0\">stop-it: stopped by the tickets guardrail" "$(cat "$TMP/w45/weekly-2026-W45.html")" "the HTML page too"
python3 - "$TMP/w45/weekly-2026-W45.eml" >"$TMP/eml.out" 2>&1 <<'PY'
import email, sys
msg = email.message_from_binary_file(open(sys.argv[1], "rb"))
html = [p for p in msg.walk() if p.get_content_type() == "text/html"][0].get_payload(decode=True).decode()
i = html.index(">Experiments</h2>")
assert "<li" not in html, "the email uses tables, not lists"
assert "ship-it: ready to call \u2014 ship, +100.0 % Signed Up" in html[i:], html[i:i + 800]
print("email ok")
PY
[ $? -eq 0 ] && pass "the email carries the Experiments block as a table" || { fail "email"; cat "$TMP/eml.out"; }
PYXL=$(for p in python3 /usr/bin/python3; do "$p" -c 'import openpyxl' 2>/dev/null && { echo "$p"; break; }; done)
[ -n "$PYXL" ] || fail "no python3 with openpyxl: run scripts/install-deps.sh"
"${PYXL:-python3}" - "$TMP/w45/weekly-2026-W45.xlsx" "$W" >"$TMP/wxl.out" 2>&1 <<'PY'
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
doc = json.load(open(sys.argv[2]))
ws = wb["Experiments"]
assert [c.value for c in ws[1]][:6] == ["Experiment", "Status", "Decision", "Stopped by", "Primary", "Lift"], [c.value for c in ws[1]]
rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
assert [r[0] for r in rows] == [x["name"] for x in doc["experiments"]], rows
assert rows[0][1:3] == ["ready to call", "ship"] and rows[0][5] == doc["experiments"][0]["lift_rel"], rows[0]
assert rows[1][3] == "tickets" and rows[0][9] == 600 and rows[3][11] is None, rows
print("weekly workbook ok")
PY
[ $? -eq 0 ] && pass "the weekly workbook has an Experiments sheet" || { fail "weekly workbook"; cat "$TMP/wxl.out"; }
# Without [experiment] sections: no key, no section, no sheet.
printf '[report]\ntimezone = UTC\n' >"$TMP/plain.conf"
expect_exit 0 prodops --config "$TMP/plain.conf" report weekly --week 2026-W45 --out "$TMP/plain"
assert_eq "False" "$(python3 -c "import json; print('experiments' in json.load(open('$TMP/plain/weekly-2026-W45.json')))")" "no experiments configured: no key"
assert_eq "0" "$(grep -c '^## Experiments' "$TMP/plain/weekly-2026-W45.md")" "... and no section"
# Only the experiments whose days overlap the week: 2026-W27 (06-29..07-05)
# holds summer's first days and nothing else.
expect_exit 0 prodops --config "$C2" report weekly --week 2026-W27 --out "$TMP/w27"
assert_eq "summer" "$(python3 -c "import json; print(' '.join(x['name'] for x in json.load(open('$TMP/w27/weekly-2026-W27.json'))['experiments']))")" \
    "only the experiments whose days overlap the week"

# ---- the OKR review's experiment decisions (issue 16) ----------------------------
# The portfolio's rows; decided_on is the last day of each readout's data,
# min(end, as-of 11-10); running is not decided yet.
expect_exit 0 P report okr --quarter 2026Q4 --out "$TMP/okr"
O=$TMP/okr/okr-2026Q4.json
out=$(json_check "$O" \
  "experiment_decisions.0.name='ship-it'" "experiment_decisions.0.decision='ship'" \
  "experiment_decisions.0.decided_on='2026-11-08'" "experiment_decisions.0.primary='conversion:Signed Up'" \
  "experiment_decisions.0.lift_rel=1" "experiment_decisions.0.area='Onboarding'" \
  "experiment_decisions.1.name='stop-it'" "experiment_decisions.1.decision='stop'" \
  "experiment_decisions.1.decided_on='2026-11-10'" "experiment_decisions.1.stopped_by='tickets'" \
  "experiment_decisions.2.decision='no effect'" "experiment_decisions.2.decided_on='2026-11-05'" \
  "experiment_decisions.3.name='running'" "experiment_decisions.3.decision='keep running'" \
  "experiment_decisions.3.decided_on=None" \
  ) && pass "the OKR review lists the quarter's decisions" || { fail "okr decisions"; echo "$out" | grep "not ok"; }
assert_eq "4" "$(python3 -c "import json; print(len(json.load(open('$O'))['experiment_decisions']))")" "the quarter's experiments only (not summer)"
assert_eq "$(python3 -c "import json; print(json.load(open('$J'))['experiments'][2]['lift_rel'])")" \
    "$(python3 -c "import json; print(json.load(open('$O'))['experiment_decisions'][2]['lift_rel'])")" "the portfolio's numbers"
OMD=$(cat "$TMP/okr/okr-2026Q4.md")
assert_match "^## Experiment decisions$" "$OMD" "the OKR Markdown has the section"
assert_match "^- ship-it: ship \(2026-11-08\), \+100\.0 % Signed Up \(95 % CI" "$OMD" "a decision line"
assert_match "^- stop-it: stop \(2026-11-10\), stopped by tickets" "$OMD" "a stop line"
assert_match "^- running: keep running \(not decided yet\)" "$OMD" "an undecided line"
"${PYXL:-python3}" - "$TMP/okr/okr-2026Q4.xlsx" >"$TMP/oxl.out" 2>&1 <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Experiment decisions"]
rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
assert [r[0] for r in rows] == ["ship-it", "stop-it", "flat", "running"], rows
assert rows[0][2:4] == ["ship", "2026-11-08"] and rows[1][5] == "tickets" and rows[3][3] is None, rows
print("okr workbook ok")
PY
[ $? -eq 0 ] && pass "the OKR workbook has an Experiment decisions sheet" || { fail "okr workbook"; cat "$TMP/oxl.out"; }

# A scheduled job writes them too: every readout and the quarter's
# portfolio (as of its run: the data through 2026-11-10).
cat >>"$C" <<'EOF'

[job "experiments"]
schedule = 0 7 * * MON
reports  = experiment, experiments
output   = jobout
EOF
mkdir -p "$TMP/jobout"
expect_exit 0 P run experiments --at 2026-11-16T07:00
for f in experiment-ship-it.json experiment-stop-it.xlsx experiment-summer.md experiments-2026Q4.json; do
    [ -s "$TMP/jobout/$f" ] && pass "the job wrote $f" || fail "the job did not write $f"
done
out=$(json_check "$TMP/jobout/experiments-2026Q4.json" "summary.shipped=1" "as_of='2026-11-10'") \
    && pass "the job's portfolio is the command's" || { fail "job portfolio"; echo "$out" | grep "not ok"; }

expect_exit 2 P report experiments --quarter 2026Q5
assert_match "2026Q5" "$ERR" "a bad quarter is a usage error"
done_testing
