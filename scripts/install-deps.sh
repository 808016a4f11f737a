#!/bin/sh
# Install what prodops needs on Debian 12, idempotently: only missing
# packages are installed.  (chromium is for the tests only: they render the
# weekly HTML page headless to check that it displays; clang and
# libclang-rt-14-dev, libFuzzer's runtime, for make fuzz and CI's fuzz-short;
# poppler-utils' pdftoppm for the tests that rasterize the weekly PDF.)
# cairo and pango draw the report charts (PNG for the email, SVG for the
# HTML page, the one-page PDF); fonts-dejavu-core gives pango a font with
# the glyphs we print, so a headless server renders the same text as a
# laptop.  scdoc turns man/*.scd into the man pages; zsh lets the tests
# exercise the zsh completion; debhelper builds the Debian package and
# lintian checks it (make deb, tests/t/t8002-deb.sh).  As root it runs apt-get itself; otherwise it
# uses sudo when available, or prints the apt-get line to run.
set -eu
cd "$(dirname "$0")/.."

PACKAGES="build-essential pkg-config libpq-dev libxlsxwriter-dev
libpcre2-dev libyajl-dev zlib1g-dev libzip-dev libinih-dev libcmocka-dev
postgresql acl python3 python3-openpyxl clang-format cppcheck chromium
clang libclang-rt-14-dev libcairo2-dev libpango1.0-dev fonts-dejavu-core
poppler-utils scdoc zsh debhelper lintian"

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
# Commands rather than packages: psql comes with any postgresql-client-NN.
command -v psql >/dev/null 2>&1 || missing="$missing postgresql-client"

if [ -n "$missing" ]; then
    echo "installing:$missing"
    if [ "$(id -u)" = 0 ]; then
        SUDO=""
    elif command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "prodops: error: missing packages and no root: run as root:" >&2
        echo "  apt-get update && apt-get install -y$missing" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# The csv-spectrum suite (CSV files with the expected JSON) for the CSV
# reader's tests; from the npm registry, kept out of the repository.  npm is
# optional (its test is skipped without it); a machine whose Node.js comes
# from elsewhere already has npm, and Debian's npm package would conflict.
if ! command -v npm >/dev/null 2>&1; then
    ${SUDO:-} apt-get install -y -qq --no-install-recommends npm >/dev/null 2>&1 ||
        echo "prodops: warning: npm unavailable; the csv-spectrum test will be skipped" >&2
fi
if [ ! -d tests/.deps/node_modules/csv-spectrum ] && command -v npm >/dev/null 2>&1; then
    mkdir -p tests/.deps
    npm install --silent --no-save --no-audit --no-fund --prefix tests/.deps csv-spectrum@2 >/dev/null 2>&1 ||
        echo "prodops: warning: could not fetch csv-spectrum; its test will be skipped" >&2
fi
echo "dependencies ready"
