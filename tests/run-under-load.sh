#!/usr/bin/env bash
# The whole test suite, several times in a row, with CPU-bound busy loops competing for every core: tests must
# not depend on the machine's speed (issue 13).
# Usage: tests/run-under-load.sh [runs (3)] [busy loops (2)] [dotnet test --filter expression (none: everything)]
# Builds once first, so the loops compete with the tests rather than with the compiler. Exit 0 when every run passed.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

runs=${1:-3}
loops=${2:-2}
filter=()
if [ -n "${3:-}" ]; then
  filter=(--filter "$3")
fi
busy=()

stop_loops() {
  for pid in "${busy[@]}"; do
    kill "$pid" 2>/dev/null
  done
  wait "${busy[@]}" 2>/dev/null
}
trap stop_loops EXIT
trap 'exit 130' INT TERM

if ! dotnet build 2>&1 | tail -3; then
  echo "under load: the build failed"
  exit 1
fi

for ((i = 0; i < loops; i++)); do
  ( while :; do :; done ) &
  busy+=("$!")
done
echo "under load: ${#busy[@]} busy loops (pids ${busy[*]}) on $(nproc) cores"

failed_runs=0
for ((run = 1; run <= runs; run++)); do
  log=$(mktemp)
  dotnet test --no-build "${filter[@]}" 2>&1 | tee "$log" | grep -E '^(Passed|Failed)!|\[FAIL\]'
  status=${PIPESTATUS[0]}
  passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
  failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
  if [ "$status" -ne 0 ]; then
    failed_runs=$((failed_runs + 1))
    echo "under load: run $run of $runs FAILED ($passed passed, $failed failed; log $log)"
  else
    echo "under load: run $run of $runs passed ($passed tests)"
    rm -f "$log"
  fi
done

if [ "$failed_runs" -eq 0 ]; then
  echo "under load: pass ($runs of $runs runs)"
  exit 0
fi

echo "under load: FAIL ($failed_runs of $runs runs failed)"
exit 1
