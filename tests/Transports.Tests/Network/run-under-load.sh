#!/usr/bin/env bash
# Runs the network emulator's tests 5 times in a row beside two CPU-bound busy loops (issue 8's bar for
# deterministic tests), then stops the loops it started, by their ids. Usage: tests/Transports.Tests/Network/run-under-load.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."
dotnet build tests/Transports.Tests -v q -nologo
yes > /dev/null & busy1=$!
yes > /dev/null & busy2=$!
trap 'kill "$busy1" "$busy2" 2>/dev/null || true' EXIT
for i in 1 2 3 4 5; do
  echo "run $i of 5"
  if ! dotnet test tests/Transports.Tests --no-build --filter "FullyQualifiedName~Transports.Tests.Network" --logger "console;verbosity=minimal" > /tmp/network-under-load.$$.log 2>&1; then
    grep -E "Failed |Error Message|Exception|Assert|at Transports" -A3 /tmp/network-under-load.$$.log | head -60
    echo "run $i failed (full log: /tmp/network-under-load.$$.log)"
    exit 1
  fi
  grep -E "Passed!" /tmp/network-under-load.$$.log
done
echo "5 of 5 runs passed under two busy loops"
