#!/usr/bin/env bash
# The full test suite N times in a row (default 5) on a clean clone of this checkout while one
# busy loop keeps a core occupied: how issue 11's "reliable tests" criterion is checked.
# Run: bash bench/suite_under_load.sh [RUNS]   (about 10 minutes a run on two cores)
# The first run is .ci/run itself (it makes the virtual environment), the others pytest -q.
set -u
runs=${1:-5}
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
git clone -q "$src" "$work/ci" && cd "$work/ci" || exit 1
python3 -c "while True: pass" &
busy=$!
trap 'kill $busy 2>/dev/null' EXIT
echo "commit $(git rev-parse --short HEAD), busy loop pid $busy, logs in $work"
failed=0
for i in $(seq 1 "$runs"); do
  start=$(date +%s)
  if [ "$i" = 1 ]; then bash .ci/run >"$work/run$i.txt" 2>&1; rc=$?
  else .venv/bin/python -m pytest -q -p no:cacheprovider >"$work/run$i.txt" 2>&1; rc=$?; fi
  [ "$rc" = 0 ] || failed=$((failed + 1))
  echo "run $i: exit $rc in $(( $(date +%s) - start )) s: $(tail -1 "$work/run$i.txt")"
done
echo "$failed of $runs runs failed"
[ "$failed" = 0 ]
