#!/bin/sh
# A warm full build, for timing in turns (farm-bench --vs): every page rendered into an emptied folder, with the
# Markdown and the pictures from PROJECT's cache, no search index (a build into a missing folder is a full one:
# write.plan).
#
#   bench/warm_full_build.sh PROJECT OUT [CONTENT] [DATE]
#   farm-bench -n 3 --vs 'bench/warm_full_build.sh /tmp/wt-old /tmp/warm-old' -- bench/warm_full_build.sh . /tmp/warm-new
set -e
PROJECT=$1; OUT=$2; CONTENT=${3:-/tmp/ocop-20000/content}; DATE=${4:-2026-12-02}
rm -rf "$OUT"
cd "$PROJECT" && exec python build.py build --content "$CONTENT" --out "$OUT" --date "$DATE" --no-search > /dev/null
