#!/usr/bin/env bash
# Packs everything a GPU machine without .NET and without network needs, into one folder that stays
# under 64 MiB: a self-contained `ecg` (the .NET runtime and TorchSharp's managed code and
# LibTorchSharp, but no libtorch: the machine's own CUDA libtorch, from its PyTorch, is loaded first),
# a compact pack of the 44 DS1+DS2 records, and the PyTorch twins used for the speed comparison.
#
#   bash environment/gpu/package.sh [out-dir]      (default: .device/bundle, ignored by git)
#
# Then on the GPU machine, from wherever the bundle was copied:
#   bash <bundle-dir>/run-on-gpu.sh <bundle-dir> <command...>
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/.device/bundle}"
rm -rf "$out" && mkdir -p "$out"
publish="$(mktemp -d)"
trap 'rm -rf "$publish"' EXIT

echo "[package] publishing ecg (self-contained, linux-x64, without libtorch natives)"
# EcgLibTorch=none leaves out the libtorch-cpu package; the build's TorchSharp compatibility step
# still marks LibTorchSharp's GLIBCXX_3.4.32 weak when the building machine lacks it (harmless elsewhere).
dotnet publish "$root/lib/EcgNotebooks.Cli" -c Release -r linux-x64 --self-contained true \
  -p:EcgLibTorch=none -p:DebugType=none -o "$publish/ecg" -nologo -clp:ErrorsOnly
tar -C "$publish" -czf "$out/ecg.tar.gz" ecg

echo "[package] data pack of DS1+DS2 (MLII)"
ECG_LIBTORCH_DIR= "$root/environment/ecg" data pack --out "$out/mitdb-ds.pack"

if [ -d "$root/tests/benchmarks" ]; then cp -r "$root/tests/benchmarks" "$out/benchmarks"; fi
cp "$root/environment/gpu/run-on-gpu.sh" "$out/"
du -sh "$out"; du -s --block-size=1M "$out" | awk '$1 > 60 { print "[package] WARNING: bundle is " $1 " MiB; the device tool carries at most 64 MiB"; exit 1 }'
