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
  dotnet test tests/Transports.Tests --no-build --filter "FullyQualifiedName~Transports.Tests.Network" --logger "console;verbosity=minimal" | grep -E "Passed!|Failed|error" || { echo "run $i failed"; exit 1; }
done
echo "5 of 5 runs passed under two busy loops"
