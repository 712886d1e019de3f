#!/usr/bin/env bash
# The one test command (README, .ci/run): installs the servers, tools and browser the tests need when they are missing, then
# builds everything and runs every test in an empty HOME and TMPDIR of the run's own. The tests start and stop their
# own server instances, on 127.0.0.1 and free ports, in temp folders: nothing here is left running.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian package that provides each program the tests run (servers, docker-compose to validate the compose file
# without an engine, and the headless browser the dashboard is tested in): a command on PATH, or a path pattern
# for binaries off PATH (Debian's PostgreSQL lives in /usr/lib/postgresql/<version>/bin, where the tests look).
# Chromium takes a couple of minutes to install.
declare -A packages=([redis-server]=redis-server [influxd]=influxdb ['/usr/lib/postgresql/*/bin/initdb']=postgresql
  [docker-compose]=docker-compose [chromium]=chromium)
missing=()
for binary in "${!packages[@]}"; do
  command -v "$binary" >/dev/null 2>&1 || compgen -G "$binary" >/dev/null || missing+=("${packages[$binary]}")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} for the tests"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  # The packages would start their system services (Debian's PostgreSQL cluster on 5432, InfluxDB on 8086 and
  # 8088 on every interface): the tests run their own instances, so keep the packaged ones from starting while
  # installing (policy-rc.d, exit 101).
  policy=/usr/sbin/policy-rc.d
  added_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod +x "$policy" && added_policy=1
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [ -z "$added_policy" ] || $sudo rm -f "$policy"
fi

# Every run is a run on a fresh machine: an empty HOME and TMPDIR, made here and removed at the end whatever
# happens, so no test passes on something an earlier run left behind (a data-protection key, a file in the temp
# folder, a first-run sentinel). The one thing kept is the caller's NuGet package cache, resolved before HOME
# changes: it holds downloads, not state, and keeps the restore fast.
export NUGET_PACKAGES="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
run=$(mktemp -d -t scraper-test.XXXXXX)
cleanup() {
  # The compiler server and MSBuild nodes the build started would outlive the run, in a HOME that is gone.
  dotnet build-server shutdown >/dev/null || echo "could not shut down the build servers" >&2
  rm -rf "$run"
}
trap cleanup EXIT
# PostgreSQL's initdb runs as the postgres user, which must be able to enter every folder above its data
# directory: mktemp -d makes this one 700.
chmod 755 "$run"
mkdir -m 700 "$run/home" "$run/tools"
# The tests' temp folder is checked at the end; dotnet, MSBuild, NuGet and VSTest themselves use the other one.
mkdir -m 755 "$run/tmp"
export HOME="$run/home" DOTNET_CLI_HOME="$run/home" TMPDIR="$run/tools"
unset XDG_CONFIG_HOME XDG_CACHE_HOME XDG_DATA_HOME XDG_STATE_HOME
# The CLI's first run in an empty HOME, kept quiet and offline: no banner, telemetry, HTTPS development certificate,
# tools-path setup or workload update check.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_GENERATE_ASPNET_CERTIFICATE=false \
  DOTNET_ADD_GLOBAL_TOOLS_TO_PATH=false DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE=1

log="$run/test.log"
status=0
# Only the test host (and what the tests start from it) gets the tests' temp folder.
dotnet test Scraper.sln --configuration Release "$@" -- RunConfiguration.EnvironmentVariables.TMPDIR="$run/tmp" 2>&1 \
  | tee "$log" || status=$?

# A test removes what it makes in the temp folder, on failure too (Scraper.Tests/Support/TempFolder.cs): anything
# left there fails the run. Not the tests' own, and so not counted: the .NET runtime's diagnostic socket
# (dotnet-diagnostic-<pid>-<key>-socket) and debugger pipes (clr-debug-pipe-<pid>-<key>-in, -out) of each process,
# which a process removes when it exits but not when it is killed, as the tests kill app processes on purpose (a
# crashed worker) and at the end (the workers of a cluster).
leftovers=$(find "$run/tmp" -mindepth 1 -maxdepth 1 ! -name 'dotnet-diagnostic-*-socket' \
  ! -name 'clr-debug-pipe-*-in' ! -name 'clr-debug-pipe-*-out' -printf '%f\n' | sort)
if [ -n "$leftovers" ]; then
  echo "left in the tests' temp folder (each test must remove what it makes there, on failure too):"
  sed 's/^/  /' <<<"$leftovers"
  [ "$status" -ne 0 ] || status=1
fi

# One plain closing line that any reader of the output understands: "N passed, N failed, N skipped".
summary=$(grep -E '(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {if (NR) printf "%d passed, %d failed, %d skipped\n", p, f, s}')
if [ -n "$summary" ]; then
  echo "tests: $summary"
fi
exit "$status"
