#!/bin/sh
# A warm full build, for timing in turns (farm-bench --vs): every page rendered into an empty folder, with the
# Markdown and the pictures from PROJECT's cache, no search index.
#
#   bench/warm_full_build.sh PROJECT OUT [CONTENT] [DATE]
#   farm-bench -n 3 --vs 'bench/warm_full_build.sh /tmp/wt-old /tmp/warm-old' -- bench/warm_full_build.sh . /tmp/warm-new
#
# OUT and its record in PROJECT/.cache/site/ are removed first (the record would let the build skip pages).
set -e
PROJECT=$(cd "$1" && pwd); OUT=$2; CONTENT=${3:-/tmp/ocop-20000/content}; DATE=${4:-2026-12-02}
rm -rf "$OUT"
RECORD=$(cd "$PROJECT" && python -c "import sys; from pathlib import Path; sys.path.insert(0, '.'); from ocop import write; print(write.record_file(Path('.cache').resolve(), Path(sys.argv[1])))" "$OUT")
rm -f "$RECORD"
cd "$PROJECT" && exec python build.py build --content "$CONTENT" --out "$OUT" --date "$DATE" --no-search > /dev/null
