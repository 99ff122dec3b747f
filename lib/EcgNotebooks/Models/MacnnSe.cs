using EcgNotebooks.Experiments;
using EcgNotebooks.Engine;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace EcgNotebooks.Models;

/// <summary>Squeeze-and-excitation: mean over time → Linear(c→c/r) → ReLU → Linear(c/r→c) → sigmoid → scale.</summary>
public sealed class SqueezeExcitation : Module<Tensor, Tensor>
{
    [ComponentName(Name = "fc1")] private readonly Linear reduce;
    [ComponentName(Name = "fc2")] private readonly Linear expand;

    public SqueezeExcitation(int channels, int squeezed, bool bias = false) : base(nameof(SqueezeExcitation))
    {
        reduce = this.Register("fc1", Linear(channels, Math.Max(1, squeezed), bias));
        expand = this.Register("fc2", Linear(Math.Max(1, squeezed), channels, bias));
    }

    public override Tensor forward(Tensor x)
    {
        var weights = expand.forward(reduce.forward(x.mean([-1])).relu()).sigmoid();
        return x * weights.unsqueeze(-1);
    }
}

/// <summary>ASPP (protocol §3.3): four parallel Conv(k 3, dilation 1, 6, 12, 18) → BN → tanh, concatenated.</summary>
public sealed class Aspp : Module<Tensor, Tensor>
{
    public static readonly int[] Dilations = [1, 6, 12, 18];
    private readonly ModuleList<Sequential> branches = new();

    public Aspp(int inChannels, int branchChannels) : base(nameof(Aspp))
    {
        foreach (var d in Dilations)
            branches.Add(Sequential(
                Conv1d(inChannels, branchChannels, 3, padding: d, dilation: d),
                BatchNorm1d(branchChannels),
                Tanh()));
        this.Register("branches", branches);
    }

    public override Tensor forward(Tensor x) => torch.cat(branches.Select(b => b.forward(x)).ToList(), 1);
}

/// <summary>Pre-activation residual block: (BN, ReLU, Conv k3 stride s) ×2 plus AvgPool(s) shortcut.</summary>
public sealed class PreActResidual : Module<Tensor, Tensor>
{
    private readonly Sequential body;
    private readonly AvgPool1d? shortcut;

    public PreActResidual(int channels, int stride) : base(nameof(PreActResidual))
    {
        body = this.Register("body", Sequential(
            BatchNorm1d(channels), ReLU(),
            Conv1d(channels, channels, 3, stride: stride, padding: 1),
            BatchNorm1d(channels), ReLU(),
            Conv1d(channels, channels, 3, padding: 1)));
        if (stride == 2) shortcut = this.Register("shortcut", AvgPool1d(2, 2));
        else if (stride != 1) throw new ArgumentOutOfRangeException(nameof(stride), stride, "stride 1 or 2");
    }

    public override Tensor forward(Tensor x) => body.forward(x) + (shortcut?.forward(x) ?? x);
}

/// <summary>
/// MACNN-SE (protocol §3.3). The authors' Conv2d on a (lead, length) map with (1, k) kernels is
/// the same computation (and parameter count) as Conv1d with the lead rows as channels; their
/// conv1, a (lead × 3) kernel, is Conv1d(lead → w, 3). Stages: ASPP → SE → residual, three times
/// with widths 4w, 16w, 64w; the stage-3 map (64 time steps for L = 128) is the token sequence.
/// </summary>
public sealed class MacnnSe : Backbone
{
    private static readonly int[] SeRatios = [4, 8, 16];
    private readonly Conv1d conv1;
    private readonly Sequential stage1, stage2, stage3;
    private readonly int tokens;

    public MacnnSe(MacnnOptions options, int inChannels, int inputLength) : base(inChannels, inputLength)
    {
        Options = options;
        var w = options.Width;
        conv1 = this.Register("conv1", Conv1d(inChannels, w, 3, padding: 1));
        stage1 = this.Register("stage1", Stage(new Aspp(w, w), 4 * w, SeRatios[0], firstStride: 1, options.ResidualBlocks));
        stage2 = this.Register("stage2", Stage(new Aspp(4 * w, 4 * w), 16 * w, SeRatios[1], firstStride: 2, options.ResidualBlocks));
        stage3 = this.Register("stage3", Sequential(
            BatchNorm1d(16 * w), ReLU(),
            new Aspp(16 * w, 16 * w),
            new SqueezeExcitation(64 * w, 64 * w / SeRatios[2])));
        tokens = Strided(inputLength, 2);
    }

    private static Sequential Stage(Aspp aspp, int channels, int seRatio, int firstStride, int blocks)
    {
        var layers = new List<Module<Tensor, Tensor>> { aspp, new SqueezeExcitation(channels, channels / seRatio) };
        for (var i = 0; i < blocks; i++) layers.Add(new PreActResidual(channels, i == 0 ? firstStride : 1));
        return Sequential(layers.ToArray());
    }

    public MacnnOptions Options { get; }
    public override int Dim => 64 * Options.Width;
    public override int Tokens => tokens;

    public override BackboneFeatures forward(Tensor x) =>
        FromMap(stage3.forward(stage2.forward(stage1.forward(conv1.forward(x)))));
}
