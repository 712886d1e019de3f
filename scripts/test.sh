#!/usr/bin/env bash
# The one test command (README, .ci/run): builds everything and runs every test.
# Later issues add the servers the tests need (Redis, InfluxDB, PostgreSQL); this script installs and starts
# them on 127.0.0.1 when they are missing and stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log=$(mktemp)
trap 'rm -f "$log"' EXIT

status=0
dotnet test Scraper.sln --configuration Release "$@" 2>&1 | tee "$log" || status=$?

# One plain closing line that any reader of the output understands: "N passed, N failed, N skipped".
summary=$(grep -E '(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {if (NR) printf "%d passed, %d failed, %d skipped\n", p, f, s}')
if [ -n "$summary" ]; then
  echo "tests: $summary"
fi
exit "$status"
