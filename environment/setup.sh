#!/usr/bin/env bash
# One-time, idempotent set-up of a fresh Debian 12 machine that already has the .NET SDK.
# Installs the system packages (as root, or through sudo), plotly.js from npm (pinned by
# environment/package-lock.json) and restores/builds the solution, which brings TorchSharp and
# libtorch 2.10 (CPU) from NuGet. Safe to run again.
#
# python3-torch: Debian's PyTorch 1.13, the peer of the PyTorch twins (tests/benchmarks) in the
# cross-framework tests and benchmarks; libopenblas0-openmp: the fair-BLAS variant of that peer.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

# slurm-wlm + munge: the one-node cluster of the real-Slurm test of `ecg grid slurm` (environment/slurm/local-cluster.sh)
APT_PACKAGES=(python3-torch libopenblas0-openmp chromium nodejs npm slurm-wlm munge)

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[setup] %s\033[0m\n' "$*" >&2; exit 1; }

command -v dotnet >/dev/null || die "the .NET SDK is missing: install dotnet-sdk-10.0 (https://learn.microsoft.com/dotnet/core/install/linux-debian) and run again"

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm may come with a nodejs from another source (NodeSource): then the Debian npm is not needed.
if command -v npm >/dev/null && command -v node >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]}"
if ((${#missing[@]})); then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "need root or sudo to install: ${missing[*]}"
    SUDO=sudo
  fi
  say "installing Debian packages: ${missing[*]}"
  # shellcheck source=apt-wait.sh
  source "$here/apt-wait.sh"
  apt_wait $SUDO apt-get update -q || die "apt-get update failed"
  apt_wait $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
    || die "apt-get could not install: ${missing[*]}"
else
  say "Debian packages present: ${APT_PACKAGES[*]}"
fi

if [ -f "$here/package.json" ]; then
  say "installing plotly.js from npm (locked)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed in $here"
  # The committed report (results/report) and its notebooks load plotly.js from beside the page; the 4.9 MB file
  # itself is not committed, so it is put there from the locked npm copy.
  mkdir -p "$root/results/report"
  cp "$here/node_modules/plotly.js-dist-min/plotly.min.js" "$root/results/report/plotly.min.js"
fi

say "restoring the pinned .NET tools (.config/dotnet-tools.json: dotnet-repl, dotnet-interactive)"
(cd "$root" && dotnet tool restore) || die "dotnet tool restore failed"

say "restoring and building the solution (TorchSharp and libtorch come from NuGet)"
(cd "$root" && dotnet build EcgNotebooks.sln -c Release -nologo -clp:ErrorsOnly) || die "build failed"
# The folder the code will use (DataDirectory.Resolve), not a guess: ECG_DATA_DIR, <repo>/data or <repo>/../shared/data.
if data_dir="$("$here/ecg" data where 2>&1)"; then
  say "done. Data folder: $data_dir (set ECG_DATA_DIR to use another)"
else
  say "done. No data folder yet: $data_dir"
fi
