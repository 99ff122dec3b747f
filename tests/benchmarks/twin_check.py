"""Loads one of our checkpoints (safetensors, state_dict names as EcgNotebooks writes them) into a PyTorch
twin and prints its eval-mode logits on the given inputs as one JSON line. Used by
tests/EcgNotebooks.Models.Tests/TwinTests.cs to show our models are the architectures the twins describe.

    /usr/bin/python3 tests/benchmarks/twin_check.py macnn --width 2 --weights w.safetensors --inputs x.safetensors
"""
import argparse
import json
import struct

import torch

DTYPES = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64, "I32": torch.int32, "BF16": torch.bfloat16, "F16": torch.float16}


def read_safetensors(path):
    """The safetensors layout: u64 header length, JSON header {name: {dtype, shape, data_offsets}}, raw little-endian data."""
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        t = torch.frombuffer(bytearray(data[start:end]), dtype=DTYPES[info["dtype"]]) if end > start else torch.empty(0, dtype=DTYPES[info["dtype"]])
        tensors[name] = t.reshape(info["shape"]).clone()
    return tensors


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("model", choices=["macnn", "resunet"])
    ap.add_argument("--width", type=int, default=4)
    ap.add_argument("--variant", default="B2")
    ap.add_argument("--channels", type=int, default=180)
    ap.add_argument("--mid", type=int, default=30)
    ap.add_argument("--heads", type=int, default=9)
    ap.add_argument("--weights", required=True)
    ap.add_argument("--inputs", required=True)
    a = ap.parse_args()
    torch.set_num_threads(1)
    state, inputs = read_safetensors(a.weights), read_safetensors(a.inputs)
    if a.model == "macnn":
        from macnn import MacnnHybrid
        model = MacnnHybrid(a.width)
        args = (inputs["ecg"], inputs["rr"], inputs["early"])
    else:
        from resunet import ResUNet, load_ours
        model = ResUNet(a.variant, channels=a.channels, heads=a.heads, mid=a.mid)
        state = load_ours(state)
        args = (inputs["ecg"], inputs["rr"])
    ours = {k: v for k, v in state.items() if not k.endswith("num_batches_tracked")}
    missing, unexpected = model.load_state_dict(ours, strict=False)
    missing = [k for k in missing if not k.endswith("num_batches_tracked")]
    if missing or unexpected:
        raise SystemExit(f"names do not match: missing {missing}, unexpected {unexpected}")
    with torch.no_grad():
        logits = model.eval()(*args)
    print(json.dumps({"parameters": sum(p.numel() for p in model.parameters()), "logits": logits.flatten().tolist()}))
