#!/usr/bin/env bash
# The end-to-end tests drive the HTML report in headless Chromium, validate JUnit files with
# xmllint and drive `callspec dial` through tmux. On a fresh Debian machine (as root, like CI)
# this installs what is missing; elsewhere it says what to install and stops.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
command -v tmux >/dev/null 2>&1 || need+=(tmux)
command -v python3 >/dev/null 2>&1 || need+=(python3)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "callspec tests: installing ${need[*]} (apt-get)"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "callspec tests need: ${need[*]} (Debian/Ubuntu packages). Install them, then run npm test again." >&2
  exit 1
fi
