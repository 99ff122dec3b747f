"""PyTorch twin of `ecg bench train-step` (lib/EcgNotebooks.Cli/Bench/ResNet1d.cs): the same 1D
ResNet, written op for op the same way, timed for one training step (forward, cross-entropy,
backward, AdamW). Prints one JSON line. Run with the interpreter that has torch (Debian:
/usr/bin/python3)."""
import argparse, json, time
import torch
import torch.nn as nn
import torch.nn.functional as F


class ResidualBlock(nn.Module):
    # conv-bn-relu-conv-bn + 1x1 conv shortcut when channels change; relu after the add.
    def __init__(self, cin, cout, k):
        super().__init__()
        self.conv1 = nn.Conv1d(cin, cout, k, padding=k // 2, bias=False)
        self.bn1 = nn.BatchNorm1d(cout)
        self.conv2 = nn.Conv1d(cout, cout, k, padding=k // 2, bias=False)
        self.bn2 = nn.BatchNorm1d(cout)
        self.shortcut = nn.Conv1d(cin, cout, 1, bias=False) if cin != cout else None

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(y + (self.shortcut(x) if self.shortcut is not None else x))


class ResNet1d(nn.Module):
    def __init__(self, classes=5, k=7):
        super().__init__()
        self.block1 = ResidualBlock(1, 32, k)
        self.block2 = ResidualBlock(32, 64, k)
        self.block3 = ResidualBlock(64, 128, k)
        self.head = nn.Linear(128, classes)

    def forward(self, x):
        x = F.max_pool1d(self.block1(x), 2)
        x = F.max_pool1d(self.block2(x), 2)
        x = F.adaptive_avg_pool1d(self.block3(x), 1)
        return self.head(torch.flatten(x, 1))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--length", type=int, default=256)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = ResNet1d()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    x = torch.randn(a.batch, 1, a.length)
    y = torch.randint(0, 5, (a.batch,))

    def step():
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), y).backward()
        opt.step()

    for _ in range(a.warmup):
        step()
    start, cpu_start = time.perf_counter(), time.process_time()
    for _ in range(a.steps):
        step()
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    # beats per CPU-second (all threads) is the fairer figure when the machine is shared.
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "steps": a.steps, "seconds": seconds,
                      "cpu_seconds": cpu_seconds, "beats_per_s": a.batch * a.steps / seconds,
                      "beats_per_cpu_s": a.batch * a.steps / cpu_seconds}))


if __name__ == "__main__":
    main()
