#!/usr/bin/env bash
# On a GPU machine with a CUDA libtorch but no .NET: builds the shim against that libtorch once,
# puts it next to the packaged `ecg`, points the data setting at the pack, and runs a command.
#
#   bash run-on-gpu.sh <bundle-dir> <ecg arguments...>
#   e.g. bash run-on-gpu.sh .device/bundle bench train-step --device cuda
#
# libtorch: TORCH_DIR if set (a folder with include/ and lib/), else the torch/ folder of the
# python3 on PATH (a PyTorch install carries the C++ headers and libraries there).
set -euo pipefail
bundle="$(cd "${1:?usage: run-on-gpu.sh <bundle-dir> <ecg arguments...>}" && pwd)"; shift
if [ -z "${TORCH_DIR:-}" ]; then
  TORCH_DIR="$(python3 -c 'import os, torch; print(os.path.dirname(torch.__file__))')"
fi
[ -f "$TORCH_DIR/include/torch/csrc/api/include/torch/torch.h" ] || { echo "no libtorch headers under $TORCH_DIR/include" >&2; exit 1; }
abi=1
if command -v python3 >/dev/null && python3 -c 'import torch' 2>/dev/null; then
  abi="$(python3 -c 'import torch; print(int(torch._C._GLIBCXX_USE_CXX11_ABI))')"
fi
build="$bundle/native-build"
if [ ! -f "$bundle/ecg/libecgtorch.so" ]; then
  echo "[gpu] building the shim against $TORCH_DIR (C++11 ABI $abi)"
  cmake -S "$bundle/native" -B "$build" -DCMAKE_BUILD_TYPE=Release -DTORCH_DIR="$TORCH_DIR" -DTORCH_CXX11_ABI="$abi" >/dev/null
  cmake --build "$build" -j "$(nproc)"
  cp "$build/libecgtorch.so" "$bundle/ecg/"
fi
export ECG_DATA_DIR="$bundle/mitdb-ds.pack"
# The PyTorch twins of `ecg bench` run with the python3 that has torch here, from the bundle.
export ECG_TWIN_DIR="${ECG_TWIN_DIR:-$bundle/benchmarks}"
if [ -z "${ECG_PYTHON:-}" ] && command -v python3 >/dev/null; then export ECG_PYTHON="$(command -v python3)"; fi
export DOTNET_BUNDLE_EXTRACT_BASE_DIR="${DOTNET_BUNDLE_EXTRACT_BASE_DIR:-/tmp/ecg-dotnet}"
exec "$bundle/ecg/ecg" "$@"
