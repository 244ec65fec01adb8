#!/bin/sh
# Runs the whole suite (`npm test`) on each Node line callspec claims in package.json `engines`.
# Each Node comes from the npm registry as the `node` package (npx caches it after the first run).
# Usage: sh scripts/node-lines.sh [versions…]   (default: 20 22 24). Logs: .node-lines/<version>.log
set -u
versions=${*:-20 22 24}
mkdir -p .node-lines
status=0
for v in $versions; do
  log=".node-lines/node-$v.log"
  start=$(date +%s)
  if npx -y -p "node@$v" -- sh -c 'echo "node $(node --version)"; npm test' >"$log" 2>&1; then result=pass; else result=FAIL; status=1; fi
  secs=$(( $(date +%s) - start ))
  # The summary reporter's last line: "tests: N passed, M failed".
  summary=$(grep -E '^tests: [0-9]+ passed' "$log" | tail -1)
  echo "$(sed -n 1p "$log")  $result  ${summary:-no test summary (see $log)}  ${secs}s"
done
exit $status
