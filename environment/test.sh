#!/usr/bin/env bash
# The test command of README.md: every test project of the solution, in Release.
set -euo pipefail
cd "$(dirname "$0")/.."
export ECG_DATA_DIR="${ECG_DATA_DIR:-$(cd .. && pwd)/shared/data}"
dotnet test EcgNotebooks.sln -c Release --nologo --logger "console;verbosity=normal" "$@"
