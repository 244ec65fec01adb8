#!/usr/bin/env bash
# npm test's steps before the tests, run at once: the system tools the end-to-end tests need
# (scripts/ensure-system-tools.sh: on a fresh Debian machine such as CI's, an apt-get install that
# mostly waits on the network), then typecheck, lint and build. Each check is one process that
# mostly keeps one core busy, and CI has two: one after another they left a core idle for most of
# the time they took. Each one's output is printed whole when it ends, under its name, so the
# lines of the four never interleave; the script fails if any of them failed, naming them.
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Each job in its own process group (job control), so that stopping one stops its children too
# (npm's tsc, eslint, tsup). In their own groups they miss the terminal's Ctrl-C: passed on here.
set -m
jobs_started=()
stop_all() {
  for pid in ${jobs_started[@]+"${jobs_started[@]}"}; do kill -- "-$pid" 2>/dev/null; done
}
trap 'stop_all; exit 130' INT TERM
echo "npm test: system tools, typecheck, lint and build, at once (each one's output follows when it ends)"
# Plain variables, not an associative array: macOS still ships bash 3.2.
bash scripts/ensure-system-tools.sh >"$out/tools" 2>&1 & tools=$!
npm run --silent typecheck >"$out/typecheck" 2>&1 & typecheck=$!
npm run --silent lint >"$out/lint" 2>&1 & lint=$!
npm run --silent build >"$out/build" 2>&1 & build=$!
jobs_started=("$tools" "$typecheck" "$lint" "$build")
# Their groups are set: no more job control, whose "Terminated" notices would only be noise.
set +m
failed=()
for check in tools typecheck lint build; do
  if wait "${!check}"; then status=passed; else status=failed; failed+=("$check"); fi
  if [ "$check" = tools ]; then echo "── system tools: $status"; else echo "── npm run $check: $status"; fi
  cat "$out/$check"
  # Without the tools the tests cannot run: say so now, not after the checks' minute or two.
  if [ "$check" = tools ] && [ "$status" = failed ]; then
    stop_all
    echo "static checks stopped: the system tools the tests need are missing (above)" >&2
    exit 1
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "static checks failed: ${failed[*]}" >&2
  exit 1
fi
