"""PyTorch twin of EcgNotebooks' ResUNet (reference-paper-protocol.md §3.1-3.2), for speed comparisons
and cross-checks. Shapes and parameter names follow the protocol: B2 has 1,249,324 parameters.

    /usr/bin/python3 tests/benchmarks/resunet.py --variant B2 --count
    /usr/bin/python3 tests/benchmarks/resunet.py --variant B2 --channels 16 --mid 8 --heads 4 --length 360 --count   # quick profile
    /usr/bin/python3 tests/benchmarks/resunet.py --variant B2 --bench --batch 1024 --device cuda
"""
import argparse
import torch
import torch.nn as nn
import torch.nn.functional as F

from twin_bench import add_bench_arguments, bench


def conv_bn(cin, cout, stride=1):
    return nn.Sequential(nn.Conv1d(cin, cout, 9, stride=stride, padding=4, bias=False), nn.BatchNorm1d(cout), nn.LeakyReLU(0.01))


class ResUBlock(nn.Module):
    def __init__(self, channels=180, mid=30, layers=4, downsampling=True):
        super().__init__()
        self.input = conv_bn(channels, channels)
        self.encoders = nn.ModuleList([conv_bn(channels if i == 0 else mid, mid, stride=2) for i in range(layers)])
        self.bottleneck = conv_bn(mid, mid)
        self.decoders = nn.ModuleList()
        for i in range(layers):
            out = channels if i == layers - 1 else mid
            self.decoders.append(nn.Sequential(
                nn.ConvTranspose1d(2 * mid, out, 9, stride=2, padding=4, output_padding=1, bias=False),
                nn.BatchNorm1d(out), nn.LeakyReLU(0.01)))
        self.downsampling = downsampling
        if downsampling:
            self.pool = nn.AvgPool1d(2)
            self.project = nn.Conv1d(channels, channels, 1, bias=False)

    def forward(self, x):
        x_in = self.input(x)
        skips, h = [], x_in
        for enc in self.encoders:
            h = enc(h)
            skips.append(h)
        h = self.bottleneck(h)
        for i, dec in enumerate(self.decoders):
            skip = skips[-1 - i]
            if h.shape[-1] != skip.shape[-1]:
                h = F.interpolate(h, size=skip.shape[-1], mode="linear", align_corners=False)
            h = dec(torch.cat([h, skip], dim=1))
        h = h[..., : x_in.shape[-1]] + x_in
        if self.downsampling:
            h = self.project(self.pool(h))
        return h


class ResUNet(nn.Module):
    """A0/A1/A2 (rub_1 downsamples) and B0/B1/B2 (it does not); 0 = no RR, 1 = concat raw RR, 2 = RR query MHCA."""

    def __init__(self, variant="B2", channels=180, rr_features=7, classes=4, heads=9, mid=30):
        super().__init__()
        self.series, self.fusion = variant[0], int(variant[1])
        self.stem = nn.Sequential(nn.Conv1d(1, channels, 15, stride=2, padding=7, bias=False), nn.BatchNorm1d(channels), nn.LeakyReLU(0.01))
        self.rub_0 = ResUBlock(channels, mid, 4, True)
        self.rub_1 = ResUBlock(channels, mid, 3, self.series == "A")
        if self.series == "A" or self.fusion == 2:
            self.mha = nn.MultiheadAttention(channels, heads, dropout=0.2, batch_first=True, kdim=channels, vdim=channels)
        if self.fusion == 2:
            self.rr_query = nn.Linear(rr_features, channels)
        d_in = channels + (rr_features if self.fusion == 1 else 0)
        self.head = nn.Sequential(nn.Linear(d_in, 2 * channels), nn.LayerNorm(2 * channels), nn.GELU(), nn.Dropout(0.2), nn.Linear(2 * channels, classes))

    def forward(self, x, rr):
        tokens = self.rub_1(self.rub_0(self.stem(x))).transpose(1, 2)  # (B, T, C)
        if self.fusion == 2:
            q = self.rr_query(rr).unsqueeze(1)
            feature = self.mha(q, tokens, tokens, need_weights=False)[0].squeeze(1)
        elif self.series == "A":
            feature = self.mha(tokens, tokens, tokens, need_weights=False)[0].mean(1)
        else:
            feature = tokens.mean(1)
        if self.fusion == 1:
            feature = torch.cat([feature, rr], dim=1)
        return self.head(feature)


def load_ours(state):
    """Renames an EcgNotebooks ResUNet state_dict (EcgClassifier: backbone.*, fusion.*, classifier.*) to this twin's names."""
    import re
    rules = [
        (r"^backbone\.stem\.", "stem."),
        (r"^backbone\.blocks\.(\d+)\.conv1\.", r"rub_\1.input.0."),
        (r"^backbone\.blocks\.(\d+)\.bn1\.", r"rub_\1.input.1."),
        (r"^backbone\.blocks\.(\d+)\.idfunc_1\.", r"rub_\1.project."),
        (r"^backbone\.blocks\.(\d+)\.", r"rub_\1."),
        (r"^backbone\.self_attention\.", "mha."),
        (r"^fusion\.attention\.", "mha."),
        (r"^fusion\.rr_query\.", "rr_query."),
        (r"^classifier\.", "head."),
    ]
    renamed = {}
    for name, tensor in state.items():
        for pattern, replacement in rules:
            new = re.sub(pattern, replacement, name)
            if new != name:
                name = new
                break
        renamed[name] = tensor
    return renamed


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--variant", default="B2")
    ap.add_argument("--channels", type=int, default=180, help="180 = paper profile, 16 = quick")
    ap.add_argument("--mid", type=int, default=30, help="30 = paper profile, 8 = quick")
    ap.add_argument("--heads", type=int, default=9, help="9 = paper profile, 4 = quick")
    ap.add_argument("--length", type=int, default=720, help="720 = paper profile, 360 = quick")
    ap.add_argument("--count", action="store_true")
    add_bench_arguments(ap)
    a = ap.parse_args()
    m = ResUNet(a.variant, channels=a.channels, heads=a.heads, mid=a.mid)
    if a.bench:
        # Paper profile: AdamW (lr 1e-4, weight decay 1e-3), unweighted cross-entropy (NamedExperiments.ResUNetTraining).
        def inputs(batch, device):
            g = torch.Generator().manual_seed(0)
            x, rr = torch.randn(batch, 1, a.length, generator=g), torch.randn(batch, 7, generator=g)
            y = torch.randint(0, 4, (batch,), generator=g)
            return (x.to(device), rr.to(device)), y.to(device), None
        bench(a, m, inputs, lambda params: torch.optim.AdamW(params, lr=1e-4, weight_decay=1e-3), f"resunet/{a.variant} C={a.channels}")
    else:
        n = sum(p.numel() for p in m.parameters())
        print(f"{a.variant}: {n:,} parameters")
        with torch.no_grad():
            print("logits", tuple(m.eval()(torch.randn(2, 1, a.length), torch.randn(2, 7)).shape))
