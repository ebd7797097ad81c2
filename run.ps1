#!/bin/sh
echo @'
' > /dev/null
# The suite's main job: measure every transport and write results/<UTC timestamp>/. Arguments pass
# through, e.g. ./run.ps1 --profile quick    or    ./run.ps1 --help
# One file, two shells: sh (Linux, macOS, no PowerShell needed) runs this part and never reads past the exec;
# PowerShell reads the lines above as a here-string sent to $null, and runs the part after it.
cd "$(dirname "$0")" || exit 1
exec dotnet run --project bench/Transports.Bench -c Release -- run "$@"
'@ > $null
# PowerShell (Windows, or pwsh anywhere). All logic lives in the bench program, so both shells behave the same.
Set-Location -LiteralPath $PSScriptRoot
dotnet run --project bench/Transports.Bench -c Release '--' run @args
exit $LASTEXITCODE
