using EcgNotebooks.Experiments;
using EcgNotebooks.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using F = TorchSharp.torch.nn.functional;

namespace EcgNotebooks.Models;

/// <summary>
/// Conv1d with TensorFlow/Keras "same" padding, worked out per call from the input length: the output has ⌈L/s⌉
/// steps, total padding max((⌈L/s⌉ − 1)·s + k − L, 0), the smaller half on the left (kernel 16, stride 1: 7 left, 8
/// right). With a bias, and Keras 2.1's he_normal initialisation (truncated at 2σ, σ = √(2/fan_in); zero bias).
/// </summary>
public sealed class SameConv1d : Module<Tensor, Tensor>
{
    private readonly Conv1d conv;
    private readonly int kernel, stride;

    public SameConv1d(int inChannels, int outChannels, int kernel, int stride = 1) : base(nameof(SameConv1d))
    {
        this.kernel = kernel;
        this.stride = stride;
        conv = this.Register("conv", Conv1d(inChannels, outChannels, kernel, stride: stride));
        using (torch.no_grad())
        {
            HeNormal(conv.weight!, inChannels * kernel);
            init.zeros_(conv.bias!);
        }
    }

    /// <summary>erf(√2) = P(|Z| &lt; 2): truncating a standard normal at ±2 keeps this share of it.</summary>
    private const double ErfSqrt2 = 0.9544997361036416;

    /// <summary>
    /// Keras 2.1's he_normal: N(0, σ² = 2/fan_in) truncated at ±2σ (not rescaled), by inverse-CDF sampling as PyTorch's
    /// trunc_normal_. Not TorchSharp 0.107's init.trunc_normal_: its native code multiplies by the mean and adds the
    /// standard deviation, so with mean 0 it fills the tensor with the constant σ.
    /// </summary>
    public static Tensor HeNormal(Tensor weight, long fanIn)
    {
        var std = Math.Sqrt(2.0 / fanIn);
        return weight.uniform_(-ErfSqrt2, ErfSqrt2).erfinv_().mul_(std * Math.Sqrt(2.0)).clamp_(-2 * std, 2 * std);
    }

    /// <summary>(left, right) zero padding of "same" for an input of <paramref name="length"/> samples.</summary>
    public static (long Left, long Right) Padding(long length, int kernel, int stride)
    {
        var outLength = (length + stride - 1) / stride;
        var total = Math.Max((outLength - 1) * stride + kernel - length, 0);
        return (total / 2, total - total / 2);
    }

    public override Tensor forward(Tensor x)
    {
        var (left, right) = Padding(x.size(-1), kernel, stride);
        return conv.forward(left + right > 0 ? F.pad(x, [left, right]) : x);
    }
}

/// <summary>
/// One residual block of Hannun et al. (awni/ecg, network.py resnet_block): [BN → ReLU] → conv(k, stride s) →
/// BN → ReLU → Dropout → conv(k), plus a shortcut MaxPool(s) of the block input, zero-padded in channels when the
/// block widens. Block 0 has no pre-activation before its first conv (it follows the stem's BN → ReLU).
/// </summary>
public sealed class HannunBlock : Module<Tensor, Tensor>
{
    private readonly Sequential? preact1;
    private readonly SameConv1d conv1;
    private readonly Sequential preact2;
    private readonly SameConv1d conv2;
    private readonly MaxPool1d? pool;
    private readonly int padChannels;

    public HannunBlock(int inChannels, int outChannels, int kernel, int stride, double dropout, bool preActivate) : base(nameof(HannunBlock))
    {
        if (outChannels < inChannels) throw new ArgumentOutOfRangeException(nameof(outChannels), outChannels, "a block never narrows");
        if (preActivate) preact1 = this.Register("preact1", Sequential(BatchNorm1d(inChannels), ReLU()));
        conv1 = this.Register("conv1", new SameConv1d(inChannels, outChannels, kernel, stride));
        preact2 = this.Register("preact2", dropout > 0
            ? Sequential(BatchNorm1d(outChannels), ReLU(), Dropout(dropout))
            : Sequential(BatchNorm1d(outChannels), ReLU()));
        conv2 = this.Register("conv2", new SameConv1d(outChannels, outChannels, kernel));
        // Keras' MaxPooling1D floors; ceil_mode keeps ⌈L/s⌉, the conv path's "same" length, for odd L too.
        if (stride > 1) pool = this.Register("shortcut", MaxPool1d(stride, stride, ceil_mode: true));
        padChannels = outChannels - inChannels;
    }

    public override Tensor forward(Tensor x)
    {
        var shortcut = pool?.forward(x) ?? x;
        // Keras concatenates zeros after the input channels (zeropad); pad (time: 0, 0), (channels: 0, extra).
        if (padChannels > 0) shortcut = F.pad(shortcut, [0, 0, 0, padChannels]);
        var h = preact1?.forward(x) ?? x;
        h = conv2.forward(preact2.forward(conv1.forward(h)));
        return h + shortcut;
    }
}

/// <summary>
/// Hannun et al. (2019, Nature Medicine) 1-D ResNet, the CinC 2017 baseline of Deng et al. (10.47 M parameters), from
/// the authors' awni/ecg (network.py, examples/cinc17/config.json): conv(32, k 16) → BN → ReLU, 16 residual
/// blocks (<see cref="HannunBlock"/>) that halve the length at every odd block (2⁸ = 256 in all) and double the
/// channels every 4 blocks (32, 64, 128, 256), then BN → ReLU. The authors' per-time-step Dense is here the
/// classifier on the mean of the final map's tokens (for 4 classes the same 256·4 + 4 parameters).
/// </summary>
public sealed class HannunResNet : Backbone
{
    private readonly Sequential stem, blocks, head;
    private readonly int dim, tokens;

    public HannunResNet(HannunResNetOptions options, int inChannels, int inputLength) : base(inChannels, inputLength)
    {
        if (options.Blocks < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Blocks, "at least one block");
        Options = options;
        var start = StartChannels(options.WidthMultiplier);
        stem = this.Register("stem", Sequential(
            new SameConv1d(inChannels, start, options.Kernel), BatchNorm1d(start), ReLU()));
        var layers = new List<Module<Tensor, Tensor>>();
        var inCh = start;
        var length = inputLength;
        for (var i = 0; i < options.Blocks; i++)
        {
            var outCh = Channels(start, i);
            var stride = Stride(i);
            layers.Add(new HannunBlock(inCh, outCh, options.Kernel, stride, options.Dropout, preActivate: i > 0));
            length = Strided(length, stride);
            inCh = outCh;
        }
        blocks = this.Register("blocks", Sequential(layers.ToArray()));
        head = this.Register("head", Sequential(BatchNorm1d(inCh), ReLU()));
        dim = inCh;
        tokens = length;
    }

    public HannunResNetOptions Options { get; }
    // The channels double from the stem's, so all are multiples of 16 when it is (×0.5 and up; ×0.25's 8 are not).
    public override bool OneDnnSafe => StartChannels(Options.WidthMultiplier) % 16 == 0;
    public override int Dim => dim;
    public override int Tokens => tokens;

    /// <summary>The stem's and first blocks' channels: 32 × the width multiplier, rounded, at least 4.</summary>
    public static int StartChannels(double widthMultiplier) => Math.Max(4, (int)Math.Round(32 * widthMultiplier, MidpointRounding.AwayFromZero));

    /// <summary>Channels of block i: doubled every 4 blocks (conv_increase_channels_at = 4).</summary>
    public static int Channels(int start, int block) => start << (block / 4);

    /// <summary>Subsample length of block i: 1, 2, 1, 2, … (conv_subsample_lengths).</summary>
    public static int Stride(int block) => block % 2 == 1 ? 2 : 1;

    public override BackboneFeatures forward(Tensor x) => FromMap(head.forward(blocks.forward(stem.forward(x))));
}
