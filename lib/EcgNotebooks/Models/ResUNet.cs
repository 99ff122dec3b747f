using EcgNotebooks.Experiments;
using EcgNotebooks.Engine;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using F = TorchSharp.torch.nn.functional;

namespace EcgNotebooks.Models;

/// <summary>
/// The ResU block of protocol §3.1: a U-Net inside a residual connection. All convolutions have
/// kernel 9, padding 4 and no bias; every conv is followed by BatchNorm and LeakyReLU(0.01).
/// </summary>
public sealed class ResUBlock : Module<Tensor, Tensor>
{
    private const int Kernel = 9, Pad = 4;
    private readonly Conv1d conv1;
    private readonly BatchNorm1d bn1;
    private readonly ModuleList<Sequential> encoders = new();
    private readonly ModuleList<Sequential> decoders = new();
    private readonly Sequential bottleneck;
    [ComponentName(Name = "idfunc_0")]
    private readonly AvgPool1d? pool;
    [ComponentName(Name = "idfunc_1")]
    private readonly Conv1d? shortcut;

    public ResUBlock(int channels, int mid, int levels, bool downsample) : base(nameof(ResUBlock))
    {
        if (levels < 1) throw new ArgumentOutOfRangeException(nameof(levels), levels, "a ResU block needs at least one level");
        conv1 = this.Register("conv1", Conv1d(channels, channels, Kernel, padding: Pad, bias: false));
        bn1 = this.Register("bn1", BatchNorm1d(channels));
        for (var i = 0; i < levels; i++)
        {
            encoders.Add(ConvBnAct(Conv1d(i == 0 ? channels : mid, mid, Kernel, stride: 2, padding: Pad, bias: false), mid));
            // Decoders are listed deepest first; the top one returns to `channels`.
            var outCh = i == levels - 1 ? channels : mid;
            decoders.Add(ConvBnAct(ConvTranspose1d(2 * mid, outCh, Kernel, stride: 2, padding: Pad, output_padding: 1, bias: false), outCh));
        }
        this.Register("encoders", encoders);
        this.Register("decoders", decoders);
        bottleneck = this.Register("bottleneck", ConvBnAct(Conv1d(mid, mid, Kernel, padding: Pad, bias: false), mid));
        if (downsample)
        {
            pool = this.Register("idfunc_0", AvgPool1d(2, 2));
            shortcut = this.Register("idfunc_1", Conv1d(channels, channels, 1, bias: false));
        }
    }

    private static Sequential ConvBnAct(Module<Tensor, Tensor> conv, int channels) =>
        Sequential(conv, BatchNorm1d(channels), LeakyReLU(0.01));

    public override Tensor forward(Tensor x)
    {
        var xIn = bn1.forward(conv1.forward(x)).leaky_relu(0.01);
        var skips = new List<Tensor>(encoders.Count);
        var h = xIn;
        foreach (var encoder in encoders)
        {
            h = encoder.forward(h);
            skips.Add(h);
        }
        h = bottleneck.forward(h);
        for (var i = 0; i < decoders.Count; i++)
        {
            h = decoders[i].forward(torch.cat([h, skips[^(i + 1)]], 1));
            if (i + 2 <= skips.Count)
            {
                // Transposed convolutions double the length; odd skips (e.g. 45 after 23) need a resize.
                var target = skips[^(i + 2)].size(-1);
                if (h.size(-1) != target) h = F.interpolate(h, size: [target], mode: InterpolationMode.Linear, align_corners: false);
            }
        }
        h = h.narrow(-1, 0, xIn.size(-1)) + xIn;
        if (pool is not null && shortcut is not null) h = shortcut.forward(pool.forward(h));
        return h;
    }
}

/// <summary>
/// ResUNet (protocol §3.2): stem Conv1d(in→C, k 15, stride 2) + BN + LReLU, then ResU blocks; the
/// first block always halves the length, the last one too in the A series. A0/A1 ("Dense") add
/// self-attention over the tokens before pooling.
/// </summary>
public sealed class ResUNet : Backbone
{
    private readonly Sequential stem;
    private readonly ModuleList<ResUBlock> blocks = new();
    [ComponentName(Name = "self_attention")]
    private readonly MultiheadAttention? selfAttention;
    private readonly int tokens;

    public ResUNet(ResUNetOptions options, int inChannels, int inputLength) : base(inChannels, inputLength)
    {
        Options = options;
        stem = this.Register("stem", Sequential(
            Conv1d(inChannels, options.Width, 15, stride: 2, padding: 7, bias: false),
            BatchNorm1d(options.Width),
            LeakyReLU(0.01)));
        var length = Strided(inputLength, 2);
        for (var i = 0; i < options.Levels.Length; i++)
        {
            var down = i < options.Levels.Length - 1 || options.DownsampleLast;
            blocks.Add(new ResUBlock(options.Width, options.Mid, options.Levels[i], down));
            if (down) length /= 2;
        }
        this.Register("blocks", blocks);
        tokens = length;
        if (options.SelfAttentionHeads > 0)
            selfAttention = this.Register("self_attention",
                MultiheadAttention(options.Width, options.SelfAttentionHeads, dropout: options.SelfAttentionDropout));
    }

    public ResUNetOptions Options { get; }
    public override int Dim => Options.Width;
    public override int Tokens => tokens;

    public override BackboneFeatures forward(Tensor x)
    {
        var h = stem.forward(x);
        foreach (var block in blocks) h = block.forward(h);
        var features = FromMap(h);
        if (selfAttention is null) return features;
        var (mixed, _) = BatchFirst.Attend(selfAttention, features.Tokens, features.Tokens, features.Tokens, needWeights: false);
        return new BackboneFeatures(mixed, mixed.mean([1]));
    }
}
