#!/usr/bin/env bash
# Every benchmark of README's table in one run: the 1D ResNet step, then every named model that has a
# PyTorch twin (resunet/A0…B2, macnn/Hybrid) at quick size and at paper size (batch 8 on the CPU),
# each against the twin with the reference BLAS and with OpenBLAS, in alternating rounds.
#   bash tests/benchmarks/run-all.sh [rounds] [threads]     (from the repository root, after setup)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${1:-3}"; threads="${2:-1}"
echo "# $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg), rounds $rounds, threads $threads"
environment/ecg bench train-step --rounds "$rounds" --threads 2 --peer-blas reference openblas
for e in resunet/A0 resunet/A1 resunet/A2 resunet/B0 resunet/B1 resunet/B2 macnn/Hybrid; do
  environment/ecg bench model-step --experiment "$e" --profile quick --batch 128 --steps 5 --warmup 2 \
    --threads "$threads" --rounds "$rounds" --device cpu --peer-blas reference openblas
  environment/ecg bench model-step --experiment "$e" --profile paper --batch 8 --steps 3 --warmup 1 \
    --threads "$threads" --rounds "$rounds" --device cpu --peer-blas reference openblas
done
echo "# $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"
