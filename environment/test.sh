#!/usr/bin/env bash
# The test command of README.md: every test project of the solution, in Release, then one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
# Data: ECG_DATA_DIR, else ./data, else ../shared/data (DataDirectory.Resolve).
# setup.sh installs Slurm, so the real-Slurm test of `ecg grid slurm` must run: a missing Slurm is a failure, not a skip.
export ECG_REQUIRE_SLURM="${ECG_REQUIRE_SLURM:-1}"
log="$(mktemp)"
dotnet test EcgNotebooks.sln -c Release --nologo --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
count() { grep -E "^\s+$1: [0-9]+" "$log" | awk '{ s += $2 } END { print s + 0 }'; }
echo "tests: $(count Passed) passed, $(count Failed) failed, $(count Skipped) skipped"
rm -f "$log"
exit "$status"
