"""PyTorch twin of EcgNotebooks' MACNN-SE Hybrid (macnn/Hybrid) exactly as lib/EcgNotebooks/Models builds it:
MacnnSe.cs (backbone), EcgClassifier.cs (early RR rows, feature_proj, classifier) and FusionHeads.cs
(CrossAttentionHead with QueryNorm, TransformerBlock, ChannelGate, KeepPooled). Module names follow
our state_dict names, so a checkpoint of ours loads with load_state_dict (see load_ours below).

    /usr/bin/python3 tests/benchmarks/macnn.py --count                 # paper profile: 140,668 parameters
    /usr/bin/python3 tests/benchmarks/macnn.py --width 2 --count       # quick profile
    /usr/bin/python3 tests/benchmarks/macnn.py --bench --batch 1024 --steps 10 --device cuda
"""
import argparse
import torch
import torch.nn as nn

from twin_bench import add_bench_arguments, bench


class SqueezeExcitation(nn.Module):
    def __init__(self, channels, squeezed):
        super().__init__()
        self.fc1 = nn.Linear(channels, max(1, squeezed), bias=False)
        self.fc2 = nn.Linear(max(1, squeezed), channels, bias=False)

    def forward(self, x):
        return x * torch.sigmoid(self.fc2(torch.relu(self.fc1(x.mean(-1))))).unsqueeze(-1)


class Aspp(nn.Module):
    def __init__(self, cin, branch):
        super().__init__()
        self.branches = nn.ModuleList([
            nn.Sequential(nn.Conv1d(cin, branch, 3, padding=d, dilation=d), nn.BatchNorm1d(branch), nn.Tanh())
            for d in (1, 6, 12, 18)])

    def forward(self, x):
        return torch.cat([b(x) for b in self.branches], 1)


class PreActResidual(nn.Module):
    def __init__(self, channels, stride):
        super().__init__()
        self.body = nn.Sequential(
            nn.BatchNorm1d(channels), nn.ReLU(), nn.Conv1d(channels, channels, 3, stride=stride, padding=1),
            nn.BatchNorm1d(channels), nn.ReLU(), nn.Conv1d(channels, channels, 3, padding=1))
        self.shortcut = nn.AvgPool1d(2, 2) if stride == 2 else None

    def forward(self, x):
        return self.body(x) + (self.shortcut(x) if self.shortcut is not None else x)


def stage(aspp, channels, ratio, first_stride, blocks):
    layers = [aspp, SqueezeExcitation(channels, channels // ratio)]
    layers += [PreActResidual(channels, first_stride if i == 0 else 1) for i in range(blocks)]
    return nn.Sequential(*layers)


class MacnnSe(nn.Module):
    def __init__(self, cin, width=4, blocks=1):
        super().__init__()
        w = width
        self.conv1 = nn.Conv1d(cin, w, 3, padding=1)
        self.stage1 = stage(Aspp(w, w), 4 * w, 4, 1, blocks)
        self.stage2 = stage(Aspp(4 * w, 4 * w), 16 * w, 8, 2, blocks)
        self.stage3 = nn.Sequential(nn.BatchNorm1d(16 * w), nn.ReLU(), Aspp(16 * w, 16 * w), SqueezeExcitation(64 * w, 64 * w // 16))
        self.dim = 64 * w

    def forward(self, x):
        tokens = self.stage3(self.stage2(self.stage1(self.conv1(x)))).transpose(1, 2)
        return tokens, tokens.mean(1)


class CrossAttentionHead(nn.Module):
    """RR query (Linear, LN, GELU) attends over the tokens; LN, residual FFN, LN; sigmoid gate; [pooled, attended]."""

    def __init__(self, dim, rr_features, heads=1, dropout=0.2):
        super().__init__()
        self.rr_query = nn.Sequential(nn.Linear(rr_features, dim), nn.LayerNorm(dim), nn.GELU())
        # kdim/vdim given: separate q/k/v_proj_weight, as our MultiheadAttention stores them.
        self.attention = nn.MultiheadAttention(dim, heads, dropout=dropout, batch_first=True, kdim=dim, vdim=dim)
        self.norm1 = nn.LayerNorm(dim)
        self.ffn = nn.Sequential(nn.Linear(dim, 2 * dim), nn.GELU(), nn.Dropout(dropout), nn.Linear(2 * dim, dim))
        self.norm2 = nn.LayerNorm(dim)
        self.gate_alpha = nn.Parameter(torch.zeros(dim))

    def forward(self, tokens, pooled, rr):
        q = self.rr_query(rr).unsqueeze(1)
        a = self.attention(q, tokens, tokens, need_weights=False)[0].squeeze(1)
        a = self.norm1(a)
        a = self.norm2(a + self.ffn(a))
        a = a * torch.sigmoid(self.gate_alpha)
        return torch.cat([pooled, a], 1)


class MacnnHybrid(nn.Module):
    """Input (B, 1, 128) + early RR (B, 2) as constant rows + head RR (B, 7) → logits (B, 4)."""

    def __init__(self, width=4, blocks=1, leads=1, early=2, rr_features=7, embed=64, classes=4):
        super().__init__()
        self.backbone = MacnnSe(leads + early, width, blocks)
        self.feature_proj = nn.Linear(self.backbone.dim, embed)
        self.fusion = CrossAttentionHead(embed, rr_features)
        self.classifier = nn.Sequential(nn.Linear(2 * embed, classes))

    def forward(self, x, rr, early):
        x = torch.cat([x, early.unsqueeze(-1).expand(-1, -1, x.shape[-1])], 1)
        tokens, pooled = self.backbone(x)
        return self.classifier(self.fusion(self.feature_proj(tokens), self.feature_proj(pooled), rr))


def inverse_frequency_weights(labels, classes):
    """Trainer.InverseFrequencyWeights: w_c ∝ 1/count_c, rescaled so Σw = classes; absent classes 0."""
    counts = torch.bincount(labels, minlength=classes).double()
    raw = torch.where(counts > 0, 1.0 / counts.clamp(min=1), torch.zeros_like(counts))
    return (raw / raw.sum() * classes).float()


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--width", type=int, default=4, help="4 = paper profile, 2 = quick")
    ap.add_argument("--count", action="store_true")
    add_bench_arguments(ap)
    a = ap.parse_args()
    model = MacnnHybrid(a.width)
    if a.bench:
        # Paper profile: Adam (lr 5e-3, weight decay 1e-2) with inverse-frequency class weights (NamedExperiments.MacnnTraining).
        def inputs(batch, device):
            g = torch.Generator().manual_seed(0)
            x = torch.randn(batch, 1, 128, generator=g)
            rr, early = torch.randn(batch, 7, generator=g), torch.randn(batch, 2, generator=g)
            y = torch.randint(0, 4, (batch,), generator=g)
            return (x.to(device), rr.to(device), early.to(device)), y.to(device), inverse_frequency_weights(y, 4).to(device)
        bench(a, model, inputs, lambda params: torch.optim.Adam(params, lr=5e-3, weight_decay=1e-2), f"macnn/Hybrid width {a.width}")
    else:
        n = sum(p.numel() for p in model.parameters())
        print(f"macnn/Hybrid width {a.width}: {n:,} parameters")
        with torch.no_grad():
            print("logits", tuple(model.eval()(torch.randn(2, 1, 128), torch.randn(2, 7), torch.randn(2, 2)).shape))
