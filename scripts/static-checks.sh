#!/usr/bin/env bash
# npm test's checks before the tests: typecheck, lint and build, run at once. Each is one process
# that mostly keeps one core busy, and CI has two: one after another they left a core idle for most
# of the time they took. Each one's output is printed whole when it ends, under its name, so
# the lines of the three never interleave; the script fails if any of them failed, naming them.
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
declare -A pids
for check in typecheck lint build; do
  npm run --silent "$check" >"$out/$check" 2>&1 &
  pids[$check]=$!
done
failed=()
for check in typecheck lint build; do
  if wait "${pids[$check]}"; then status=passed; else status=failed; failed+=("$check"); fi
  echo "── npm run $check: $status"
  cat "$out/$check"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "static checks failed: ${failed[*]}" >&2
  exit 1
fi
