#!/usr/bin/env bash
# On a GPU machine with PyTorch (CUDA) but no .NET: unpacks the bundled `ecg` once, points it at the
# machine's libtorch (ECG_LIBTORCH_DIR, loaded before TorchSharp's LibTorchSharp), the data setting at
# the pack, and runs a command.
#
#   bash run-on-gpu.sh <bundle-dir> <ecg arguments...>
#   e.g. bash run-on-gpu.sh .device/bundle bench model-step --experiment resunet/B2 --batch 1024 --device cuda
#
# libtorch: ECG_LIBTORCH_DIR if set (a folder with libtorch.so), else the torch/lib folder of the
# python3 on PATH. TorchSharp 0.107's LibTorchSharp is built against libtorch 2.10: another version
# may lack symbols it needs; the loader then names them.
set -euo pipefail
bundle="$(cd "${1:?usage: run-on-gpu.sh <bundle-dir> <ecg arguments...>}" && pwd)"; shift
if [ -z "${ECG_LIBTORCH_DIR:-}" ]; then
  ECG_LIBTORCH_DIR="$(python3 -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')"
fi
[ -f "$ECG_LIBTORCH_DIR/libtorch.so" ] || { echo "no libtorch.so in $ECG_LIBTORCH_DIR" >&2; exit 1; }
export ECG_LIBTORCH_DIR
[ -x "$bundle/ecg/ecg" ] || tar -C "$bundle" -xzf "$bundle/ecg.tar.gz"
export ECG_DATA_DIR="$bundle/mitdb-ds.pack"
# The PyTorch twins of `ecg bench` run with the python3 that has torch here, from the bundle.
export ECG_TWIN_DIR="${ECG_TWIN_DIR:-$bundle/benchmarks}"
if [ -z "${ECG_PYTHON:-}" ] && command -v python3 >/dev/null; then export ECG_PYTHON="$(command -v python3)"; fi
# libtorch_cuda and friends sit beside libtorch.so; the loader finds them there.
export LD_LIBRARY_PATH="$ECG_LIBTORCH_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
exec "$bundle/ecg/ecg" "$@"
