#!/bin/sh
# The README's first command: install what is missing, build, start the
# embedded database, write the bundled sample exports and load them.
set -eu
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
make -s
P=./build/prodops
$P db start
$P demo --out demo
$P ingest --kind accounts demo/crm
status=0
$P ingest demo/zendesk demo/freshdesk demo/hubspot || status=$?
echo
echo "loaded files:"
$P files
echo
echo "Next: 'prodops rejects' lists quarantined rows; psql \"\$($P db url)\" opens the warehouse."
exit $status
