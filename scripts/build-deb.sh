#!/bin/sh
# build-deb.sh [OUT]: build the Debian package from this checkout, into OUT
# (default build/deb).  dpkg-buildpackage writes its results beside the
# source folder and debhelper cleans the source tree, so it runs on a copy
# (OUT/src: the checkout's tracked and untracked, not ignored, files), never
# on the checkout.  The version of `prodops --version` is the checkout's
# git describe (PD_VERSION); the copy is not a git checkout.  Tests and CI
# build without the package's own unit tests (nocheck: make test runs
# them) and in parallel.
set -eu
cd "$(dirname "$0")/.."
out=${1:-build/deb}
mkdir -p "$out"
out=$(cd "$out" && pwd)
for c in dpkg-buildpackage dh; do
    command -v "$c" >/dev/null 2>&1 || {
        echo "prodops: error: $c missing: apt-get install dpkg-dev debhelper" >&2
        exit 1
    }
done
if [ -z "${PD_VERSION:-}" ]; then
    PD_VERSION=$({ test -e .git &&
        git -c safe.directory='*' describe --always --dirty; } 2>/dev/null ||
        cat VERSION 2>/dev/null || echo unknown)
fi
export PD_VERSION
rm -rf "$out/src" "$out"/prodops_* "$out"/prodops-dbgsym_*
mkdir -p "$out/src"
if [ -e .git ]; then
    git ls-files -z --cached --others --exclude-standard |
        tar --null --ignore-failed-read -T - -cf - | tar -xf - -C "$out/src"
else
    tar --exclude='./build*' --exclude=./tests/.work -cf - . | tar -xf - -C "$out/src"
fi
jobs=$(nproc 2>/dev/null || echo 1)
(cd "$out/src" &&
    DEB_BUILD_OPTIONS="nocheck parallel=$jobs ${DEB_BUILD_OPTIONS:-}" \
        dpkg-buildpackage -b -us -uc) >"$out/build.log" 2>&1 || {
    tail -40 "$out/build.log" >&2
    echo "prodops: error: dpkg-buildpackage failed (log: $out/build.log)" >&2
    exit 1
}
ls "$out"/prodops_*.deb
