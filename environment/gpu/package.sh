#!/usr/bin/env bash
# Packs everything a GPU machine without .NET and without network needs, into one folder that stays
# under 64 MiB: a self-contained single-file `ecg` (the .NET runtime inside), the shim's C++ sources
# (built there against that machine's CUDA libtorch), a compact pack of the 44 DS1+DS2 records, and
# the PyTorch twins used for the speed comparison.
#
#   bash environment/gpu/package.sh [out-dir]      (default: .device/bundle, ignored by git)
#
# Then on the GPU machine, from the repository root (or wherever the bundle was copied):
#   bash environment/gpu/run-on-gpu.sh <bundle-dir> <command...>
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/.device/bundle}"
rm -rf "$out" && mkdir -p "$out"

echo "[package] publishing ecg (self-contained, linux-x64, single file)"
dotnet publish "$root/lib/EcgNotebooks.Cli" -c Release -r linux-x64 --self-contained true \
  -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true -p:IncludeAllContentForSelfExtract=true \
  -p:EnableSingleFileAnalyzer=false -p:DebugType=none -o "$out/ecg" -nologo -clp:ErrorsOnly
# IncludeAllContentForSelfExtract unpacks the assemblies to disk at start, so Assembly.Location
# (the shim resolver, Roslyn's references) works as in a normal build; hence no single-file analyzer.
# The CPU shim built here is replaced by the one built against the GPU machine's libtorch.
rm -f "$out/ecg/libecgtorch.so"

echo "[package] shim sources"
mkdir -p "$out/native" && cp -r "$root/lib/EcgNotebooks.Torch/native/CMakeLists.txt" "$root/lib/EcgNotebooks.Torch/native/src" "$out/native/"

echo "[package] data pack of DS1+DS2 (MLII)"
"$out/ecg/ecg" data pack --out "$out/mitdb-ds.pack"

if [ -d "$root/tests/benchmarks" ]; then cp -r "$root/tests/benchmarks" "$out/benchmarks"; fi
cp "$root/environment/gpu/run-on-gpu.sh" "$out/"
du -sh "$out"; du -s --block-size=1M "$out" | awk '$1 > 60 { print "[package] WARNING: bundle is " $1 " MiB; the device tool carries at most 64 MiB"; exit 1 }'
