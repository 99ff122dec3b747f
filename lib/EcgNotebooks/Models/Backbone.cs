using EcgNotebooks.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace EcgNotebooks.Models;

/// <summary>What a backbone gives the fusion heads: its temporal feature sequence and a pooled vector.</summary>
/// <param name="Tokens">(batch, tokens, dims): one token per time step of the last feature map.</param>
/// <param name="Pooled">(batch, dims): the mean over the tokens.</param>
public sealed record BackboneFeatures(Tensor Tokens, Tensor Pooled);

/// <summary>An ECG feature extractor: (batch, channels, length) → tokens and pooled vector.</summary>
public abstract class Backbone : Module<Tensor, BackboneFeatures>
{
    // Before any backbone trains: libtorch 2.10's oneDNN convolutions give wrong input gradients at our channel counts,
    // and an NNPACK that cannot start logs a warning per convolution.
    static Backbone()
    {
        Engine.OneDnn.Configure();
        Engine.Nnpack.Configure();
    }

    protected Backbone(int inChannels, int inputLength) : base(nameof(Backbone))
    {
        InChannels = inChannels;
        InputLength = inputLength;
    }

    public int InChannels { get; }
    public int InputLength { get; }

    /// <summary>
    /// Every convolution has channel counts that are multiples of 16 (oneDNN's widest SIMD block; a model's first
    /// convolution, whose input gradient is never computed, excepted), so oneDNN's kernels are right for it and it
    /// trains with them (<see cref="OneDnn.EnableWhile"/>).
    /// </summary>
    public virtual bool OneDnnSafe => false;

    /// <summary>Width of each token (and of the pooled vector).</summary>
    public abstract int Dim { get; }

    /// <summary>Number of tokens for <see cref="InputLength"/>; token t covers input samples [t·L/T, (t+1)·L/T).</summary>
    public abstract int Tokens { get; }

    /// <summary>(batch, channels, time) → (batch, time, channels) tokens and their mean.</summary>
    protected static BackboneFeatures FromMap(Tensor map)
    {
        var tokens = map.transpose(1, 2);
        return new BackboneFeatures(tokens, tokens.mean([1]));
    }

    /// <summary>Length after a stride-s convolution with "same" padding: ⌈L/s⌉.</summary>
    protected static int Strided(int length, int stride) => (length + stride - 1) / stride;
}
