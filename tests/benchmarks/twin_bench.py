"""The --bench mode shared by the model twins (resunet.py, macnn.py): times training steps
(forward, class-weighted cross-entropy, backward, optimiser step) as `ecg bench model-step` times
ours, and prints one JSON line."""
import contextlib
import json
import time

import torch
import torch.nn.functional as F


def add_bench_arguments(ap):
    ap.add_argument("--bench", action="store_true", help="time training steps and print one JSON line")
    ap.add_argument("--batch", type=int, default=1024)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--threads", type=int, default=0, help="intra-op threads (0 = PyTorch's default)")
    ap.add_argument("--device", default="cpu", help="cpu or cuda[:N]")
    ap.add_argument("--precision", default="fp32", choices=["fp32", "bf16"], help="bf16 = autocast around forward + loss")
    ap.add_argument("--tf32", default="on", choices=["on", "off"])


def _sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def bench(a, model, inputs, optimizer, name):
    """inputs(batch, device) -> (model args, labels, class weights or None); optimizer(params) -> torch.optim.Optimizer."""
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    device = torch.device(a.device)
    torch.backends.cuda.matmul.allow_tf32 = a.tf32 == "on"
    torch.backends.cudnn.allow_tf32 = a.tf32 == "on"
    torch.manual_seed(0)
    model = model.to(device).train()
    opt = optimizer(model.parameters())
    args, y, weight = inputs(a.batch, device)

    def autocast():
        return torch.autocast(device.type, dtype=torch.bfloat16) if a.precision == "bf16" else contextlib.nullcontext()

    def step():
        opt.zero_grad(set_to_none=True)
        with autocast():
            loss = F.cross_entropy(model(*args), y, weight=weight)
        loss.backward()
        opt.step()

    for _ in range(a.warmup):
        step()
    _sync(device)
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats(device)
    start, cpu_start = time.perf_counter(), time.process_time()
    for _ in range(a.steps):
        step()
    _sync(device)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    beats = a.batch * a.steps
    print(json.dumps({
        "model": name, "torch": torch.__version__, "device": str(device),
        "device_name": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
        "precision": a.precision, "tf32": a.tf32, "threads": torch.get_num_threads(), "batch": a.batch, "steps": a.steps,
        "parameters": sum(p.numel() for p in model.parameters()),
        "seconds": seconds, "cpu_seconds": cpu_seconds,
        "beats_per_s": beats / seconds, "beats_per_cpu_s": beats / max(cpu_seconds, 1e-9),
        "peak_memory_bytes": torch.cuda.max_memory_allocated(device) if device.type == "cuda" else None}))
