#!/usr/bin/env bash
# npm test's checks before the tests: typecheck, lint and build, run at once. Each is one process
# that mostly keeps one core busy, and CI has two: one after another they left a core idle for most
# of the time they took. Each one's output is printed whole when it ends, under its name, so
# the lines of the three never interleave; the script fails if any of them failed, naming them.
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Plain variables, not an associative array: macOS still ships bash 3.2.
npm run --silent typecheck >"$out/typecheck" 2>&1 & typecheck=$!
npm run --silent lint >"$out/lint" 2>&1 & lint=$!
npm run --silent build >"$out/build" 2>&1 & build=$!
failed=()
for check in typecheck lint build; do
  if wait "${!check}"; then status=passed; else status=failed; failed+=("$check"); fi
  echo "── npm run $check: $status"
  cat "$out/$check"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "static checks failed: ${failed[*]}" >&2
  exit 1
fi
