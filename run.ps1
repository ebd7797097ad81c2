#!/usr/bin/env pwsh
# The suite's main job: measure every transport and write results/<UTC timestamp>/.
# A thin wrapper: all logic lives in the bench program, so every platform behaves the same.
# Arguments pass through, e.g. ./run.ps1 --profile quick    or    ./run.ps1 --help
dotnet run --project bench/Transports.Bench -c Release -- run @args
exit $LASTEXITCODE
