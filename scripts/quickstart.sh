#!/bin/sh
# The README's first command: install what is missing, build, start the
# embedded database, write the bundled sample exports, load them, and write
# the weekly report of the last complete week, the OKR review of this
# quarter and the PM handoff folders of the demo's product areas
# (examples/prodops.conf).
set -eu
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
make -s
P=./build/prodops
$P db start
$P demo --out demo
$P ingest --kind accounts demo/crm
status=0
$P ingest demo/zendesk demo/freshdesk demo/hubspot demo/nps demo/usage || status=$?
echo
echo "loaded files:"
$P files
echo
$P report weekly --out output
echo
# The example config's key results name 2026Q4; the demo data is always
# the last 26 weeks, so they move to the current quarter.
quarter="$(date -u +%Y)Q$(( ($(date -u +%m | sed 's/^0//') - 1) / 3 + 1 ))"
sed "s/^quarter *= *2026Q4/quarter   = $quarter/" examples/prodops.conf > demo/prodops.conf
$P --config demo/prodops.conf report okr --out output
echo
$P --config demo/prodops.conf report handoff --all --out output
echo
echo "Next: open output/*.xlsx or output/*.html (weekly report, OKR review)"
echo "and output/handoff-*/ (one folder per product area, README.md first);"
echo "'prodops rejects' lists quarantined rows; psql \"\$($P db url)\" opens"
echo "the warehouse."
# Exit 1 means some rows were rejected (the demo has partial survey
# responses, which are rejects by design): not a failure of the setup.
[ "$status" -le 1 ] || exit "$status"
exit 0
