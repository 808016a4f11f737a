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
