using EcgNotebooks.Experiments;
using EcgNotebooks.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace EcgNotebooks.Models;

/// <summary>
/// A depthwise Conv1d (groups = channels, no bias, padding k/2) written as k shifted multiply-adds. The same weight
/// (channels, 1, k) and output as Conv1d(groups: channels), but ATen without oneDNN (Engine/OneDnn.cs) runs a grouped
/// convolution as one tiny matrix product per channel: EfficientECG trained at 1 CinC recording/s that way.
/// </summary>
public sealed class DepthwiseConv1d : Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly int kernel, stride;

    public DepthwiseConv1d(int channels, int kernel, int stride) : base(nameof(DepthwiseConv1d))
    {
        this.kernel = kernel;
        this.stride = stride;
        // Conv1d's default initialisation: kaiming_uniform(a = √5) = U(±1/√fan_in), fan_in = k for a depthwise filter.
        var bound = 1.0 / Math.Sqrt(kernel);
        weight = new Parameter(torch.empty([channels, 1, kernel]).uniform_(-bound, bound));
        register_parameter("weight", weight);
    }

    public override Tensor forward(Tensor x)
    {
        var length = x.size(-1);
        var outLength = (length + 2 * (kernel / 2) - kernel) / stride + 1;
        var padded = nn.functional.pad(x, [kernel / 2, kernel / 2]);
        var w = weight.squeeze(1);                                    // (C, k)
        Tensor? sum = null;
        for (var j = 0; j < kernel; j++)
        {
            var tap = padded.slice(-1, j, j + (outLength - 1) * stride + 1, stride) * w[.., j..(j + 1)];
            sum = sum is null ? tap : sum + tap;
        }
        return sum!;
    }
}

/// <summary>
/// Mobile inverted bottleneck (Deng et al. §3.3.1, Fig. 1), 1-D: 1×1 expansion → depthwise conv →
/// squeeze-and-excitation → 1×1 projection, with a residual and stochastic depth when the shape allows.
/// </summary>
public sealed class MBConv : Module<Tensor, Tensor>
{
    private readonly Sequential? expand;
    private readonly Sequential depthwise;
    private readonly SqueezeExcitation se;
    private readonly Sequential project;
    private readonly bool residual;
    private readonly double dropPath;

    public MBConv(int inChannels, int outChannels, int expansion, int kernel, int stride, double dropPath) : base(nameof(MBConv))
    {
        var mid = inChannels * expansion;
        if (expansion != 1)
            expand = this.Register("expand", Sequential(
                Conv1d(inChannels, mid, 1, bias: false), BatchNorm1d(mid), SiLU()));
        depthwise = this.Register("depthwise", Sequential(
            new DepthwiseConv1d(mid, kernel, stride),
            BatchNorm1d(mid), SiLU()));
        // EfficientNet squeezes to a quarter of the block's input width, with biases.
        se = this.Register("se", new SqueezeExcitation(mid, Math.Max(1, inChannels / 4), bias: true));
        project = this.Register("project", Sequential(
            Conv1d(mid, outChannels, 1, bias: false), BatchNorm1d(outChannels)));
        residual = stride == 1 && inChannels == outChannels;
        this.dropPath = dropPath;
    }

    public override Tensor forward(Tensor x)
    {
        var h = expand?.forward(x) ?? x;
        h = project.forward(se.forward(depthwise.forward(h)));
        if (!residual) return h;
        if (training && dropPath > 0)
        {
            // Stochastic depth: drop the whole branch per sample, rescale the kept ones.
            var keep = 1.0 - dropPath;
            var mask = (torch.rand([x.size(0), 1, 1], device: x.device) < keep).to(h.dtype) / keep;
            h = h * mask;
        }
        return h + x;
    }
}

/// <summary>
/// EfficientECG-1D: EfficientNet-B0's stem, stage table and head with Conv1d (Deng et al. §3.3.2),
/// scaled by width and depth multipliers as EfficientNet does (channels rounded to multiples of 8,
/// repeats rounded up). The extra fully connected layer with dropout and L2 is the classifier
/// (<see cref="ClassifierOptions"/>), shared with the fusion heads.
/// </summary>
public sealed class EfficientEcg1d : Backbone
{
    /// <summary>(expansion, channels, repeats, stride, kernel): EfficientNet-B0.</summary>
    public static readonly (int Expansion, int Channels, int Repeats, int Stride, int Kernel)[] Stages =
    [
        (1, 16, 1, 1, 3), (6, 24, 2, 2, 3), (6, 40, 2, 2, 5), (6, 80, 3, 2, 3),
        (6, 112, 3, 1, 5), (6, 192, 4, 2, 5), (6, 320, 1, 1, 3),
    ];

    private readonly Sequential stem, blocks, head;
    private readonly int dim, tokens;

    public EfficientEcg1d(EfficientEcgOptions options, int inChannels, int inputLength) : base(inChannels, inputLength)
    {
        Options = options;
        var stemChannels = RoundChannels(32, options.WidthMultiplier);
        stem = this.Register("stem", Sequential(
            Conv1d(inChannels, stemChannels, 3, stride: 2, padding: 1, bias: false),
            BatchNorm1d(stemChannels), SiLU()));
        var length = Strided(inputLength, 2);
        var total = Stages.Sum(s => RoundRepeats(s.Repeats, options.DepthMultiplier));
        var layers = new List<Module<Tensor, Tensor>>();
        var inCh = stemChannels;
        foreach (var (expansion, channels, repeats, stride, kernel) in Stages)
        {
            var outCh = RoundChannels(channels, options.WidthMultiplier);
            for (var r = 0; r < RoundRepeats(repeats, options.DepthMultiplier); r++)
            {
                var s = r == 0 ? stride : 1;
                layers.Add(new MBConv(inCh, outCh, expansion, kernel, s, options.DropConnect * layers.Count / total));
                length = Strided(length, s);
                inCh = outCh;
            }
        }
        blocks = this.Register("blocks", Sequential(layers.ToArray()));
        dim = options.HeadChannels;
        head = this.Register("head", Sequential(
            Conv1d(inCh, dim, 1, bias: false), BatchNorm1d(dim), SiLU()));
        tokens = length;
    }

    public EfficientEcgOptions Options { get; }
    public override int Dim => dim;
    public override int Tokens => tokens;

    /// <summary>EfficientNet's round_filters: the nearest multiple of 8, never more than 10% below.</summary>
    public static int RoundChannels(int channels, double multiplier)
    {
        var scaled = channels * multiplier;
        var rounded = Math.Max(8, (int)(scaled + 4) / 8 * 8);
        return rounded < 0.9 * scaled ? rounded + 8 : rounded;
    }

    public static int RoundRepeats(int repeats, double multiplier) => (int)Math.Ceiling(repeats * multiplier);

    public override BackboneFeatures forward(Tensor x) => FromMap(head.forward(blocks.forward(stem.forward(x))));
}
