using EcgNotebooks.Experiments;
using EcgNotebooks.Engine;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace EcgNotebooks.Models;

/// <summary>The side information a fusion head may use, per beat.</summary>
/// <param name="Rr">(batch, k) standardised RR features.</param>
/// <param name="Age">(batch) int64 age bins: 0 = unknown, 1…100 = age in years (clamped).</param>
/// <param name="Sex">(batch) int64: 0 = unknown, 1 = male, 2 = female.</param>
public sealed record FusionInput(Tensor? Rr, Tensor? Age, Tensor? Sex);

/// <summary>A fused feature vector, and the attention weights that produced it (for inspection).</summary>
/// <param name="Attention">(batch, tokens): the RR query's weights over the ECG tokens, averaged over heads; null if no attention.</param>
public sealed record FusionOutput(Tensor Features, Tensor? Attention);

/// <summary>Joins backbone features (already projected to <see cref="InputDim"/>) with RR or age/sex.</summary>
public abstract class FusionHead : Module<BackboneFeatures, FusionInput, FusionOutput>
{
    protected FusionHead(int inputDim) : base(nameof(FusionHead)) => InputDim = inputDim;
    public int InputDim { get; }
    public abstract int OutputDim { get; }
    /// <summary>Whether the head reads the token sequence (else only the pooled vector is computed).</summary>
    public virtual bool UsesTokens => false;

    /// <summary>A trainable tensor under <paramref name="name"/> in the state dict.</summary>
    protected Parameter RegisterParameter(string name, Tensor initial)
    {
        var parameter = new Parameter(initial);
        register_parameter(name, parameter);
        return parameter;
    }

    protected static Tensor Require(Tensor? t, string what, string head) =>
        t ?? throw new ArgumentException($"the {head} fusion head needs {what}, but the batch has none");

    /// <summary>MACNN's ECG-branch MLP: Linear(E→2E), LN, GELU, Dropout, Linear(2E→E).</summary>
    protected static Sequential Mlp(int dim, double dropout) =>
        Sequential(Linear(dim, 2 * dim), LayerNorm(2 * dim), GELU(), Dropout(dropout), Linear(2 * dim, dim));

    public static FusionHead Create(FusionOptions options, int inputDim, int rrFeatures) => options.Kind switch
    {
        FusionKind.None => new PooledHead(options, inputDim),
        FusionKind.Concat => new ConcatHead(options, inputDim, rrFeatures),
        FusionKind.CrossAttention => new CrossAttentionHead(options, inputDim, rrFeatures),
        FusionKind.AgeSexAttention => new AgeSexAttentionHead(options, inputDim),
        FusionKind.AgeSexConcat => new AgeSexConcatHead(options, inputDim),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Kind, "unknown fusion kind"),
    };
}

/// <summary>No late fusion: the pooled ECG vector (through MACNN's MLP if asked).</summary>
public sealed class PooledHead : FusionHead
{
    [ComponentName(Name = "ecg_mlp")] private readonly Sequential? mlp;

    public PooledHead(FusionOptions options, int inputDim) : base(inputDim)
    {
        if (options.EcgMlp) mlp = this.Register("ecg_mlp", Mlp(inputDim, options.EcgMlpDropout));
    }

    public override int OutputDim => InputDim;

    public override FusionOutput forward(BackboneFeatures features, FusionInput side) =>
        new(mlp?.forward(features.Pooled) ?? features.Pooled, null);
}

/// <summary>Late concatenation of RR to the pooled ECG vector: raw, or projected and gated by sigmoid(α).</summary>
public sealed class ConcatHead : FusionHead
{
    [ComponentName(Name = "ecg_mlp")] private readonly Sequential? mlp;
    [ComponentName(Name = "rr_proj")] private readonly Sequential? rrProjection;
    private readonly Tensor? alpha;
    private readonly int rrDim;

    public ConcatHead(FusionOptions options, int inputDim, int rrFeatures) : base(inputDim)
    {
        if (rrFeatures < 1) throw new ArgumentException("a concatenation head needs at least one RR feature", nameof(rrFeatures));
        if (options.EcgMlp) mlp = this.Register("ecg_mlp", Mlp(inputDim, options.EcgMlpDropout));
        if (options.ProjectRr)
        {
            rrProjection = this.Register("rr_proj", Sequential(Linear(rrFeatures, inputDim), LayerNorm(inputDim), GELU()));
            // α₀ = −2: the projected RR starts at sigmoid(−2) ≈ 0.12 of its size (authors' choice).
            alpha = RegisterParameter("alpha", torch.full(1, -2.0f));
            rrDim = inputDim;
        }
        else rrDim = rrFeatures;
    }

    public override int OutputDim => InputDim + rrDim;

    public override FusionOutput forward(BackboneFeatures features, FusionInput side)
    {
        var rr = Require(side.Rr, "RR features", "concatenation");
        var ecg = mlp?.forward(features.Pooled) ?? features.Pooled;
        var rrPart = rrProjection is null ? rr : rrProjection.forward(rr) * alpha!.sigmoid();
        return new(torch.cat([ecg, rrPart], 1), null);
    }
}

/// <summary>
/// The paper's intermediate fusion: the RR embedding is one query token; the backbone's token
/// sequence is the keys and values. Optional transformer-style block (LN, residual FFN, LN) and a
/// per-channel gate; the output is the attended vector, or [pooled ECG, attended] when KeepPooled.
/// </summary>
public sealed class CrossAttentionHead : FusionHead
{
    [ComponentName(Name = "rr_query")] private readonly Module<Tensor, Tensor> query;
    private readonly MultiheadAttention attention;
    private readonly LayerNorm? norm1, norm2;
    private readonly Sequential? ffn;
    [ComponentName(Name = "gate_alpha")] private readonly Tensor? gate;
    private readonly bool keepPooled;

    public CrossAttentionHead(FusionOptions options, int inputDim, int rrFeatures) : base(inputDim)
    {
        if (rrFeatures < 1) throw new ArgumentException("a cross-attention head needs at least one RR feature", nameof(rrFeatures));
        if (inputDim % options.Heads != 0)
            throw new ArgumentException($"{options.Heads} heads do not divide the token width {inputDim}", nameof(options));
        query = this.Register<Module<Tensor, Tensor>>("rr_query", options.QueryNorm
            ? Sequential(Linear(rrFeatures, inputDim), LayerNorm(inputDim), GELU())
            : Linear(rrFeatures, inputDim));
        attention = this.Register("attention", MultiheadAttention(inputDim, options.Heads, dropout: options.AttentionDropout));
        if (options.TransformerBlock)
        {
            norm1 = this.Register("norm1", LayerNorm(inputDim));
            ffn = this.Register("ffn", Sequential(Linear(inputDim, 2 * inputDim), GELU(), Dropout(options.FfnDropout), Linear(2 * inputDim, inputDim)));
            norm2 = this.Register("norm2", LayerNorm(inputDim));
        }
        if (options.ChannelGate) gate = RegisterParameter("gate_alpha", torch.zeros(inputDim));
        keepPooled = options.KeepPooled;
    }

    public override int OutputDim => keepPooled ? 2 * InputDim : InputDim;
    public override bool UsesTokens => true;

    public override FusionOutput forward(BackboneFeatures features, FusionInput side)
    {
        var rr = Require(side.Rr, "RR features", "cross-attention");
        var q = query.forward(rr).unsqueeze(1);                                   // (B, 1, E)
        var (attended, weights) = BatchFirst.Attend(attention, q, features.Tokens, features.Tokens, needWeights: true);
        var a = attended.squeeze(1);                                              // (B, E)
        if (norm1 is not null && norm2 is not null && ffn is not null)
        {
            a = norm1.forward(a);
            a = norm2.forward(a + ffn.forward(a));
        }
        if (gate is not null) a = a * gate.sigmoid();
        var output = keepPooled ? torch.cat([features.Pooled, a], 1) : a;
        return new(output, weights?.squeeze(1));
    }
}

/// <summary>
/// EfficientECG's multi-feature fusion (Deng et al. §4.4): age and sex embeddings, projected, attend
/// to each other (age→sex and sex→age) with the ECG feature as values; the two outputs are summed,
/// projected back to the ECG width and concatenated with it. With one token each a softmax over
/// keys would be identically 1, so, as the paper's Q·Kᵀ of two vectors reads, the D-dimensional
/// embeddings are used as D positions: CA = softmax(q kᵀ/√D) is D×D and CA·v mixes the ECG feature.
/// </summary>
public sealed class AgeSexAttentionHead : FusionHead
{
    public const int AgeBins = 101, SexCodes = 3;
    [ComponentName(Name = "age_embedding")] private readonly Embedding? age;
    [ComponentName(Name = "sex_embedding")] private readonly Embedding? sex;
    [ComponentName(Name = "q_age")] private readonly Linear qAge;
    [ComponentName(Name = "k_age")] private readonly Linear kAge;
    [ComponentName(Name = "q_sex")] private readonly Linear qSex;
    [ComponentName(Name = "k_sex")] private readonly Linear kSex;
    [ComponentName(Name = "v_ecg")] private readonly Linear value;
    [ComponentName(Name = "out_proj")] private readonly Linear output;
    private readonly int dim;

    public AgeSexAttentionHead(FusionOptions options, int inputDim) : base(inputDim)
    {
        dim = options.AgeSexDim;
        if (options.WithoutAge && options.WithoutSex) throw new ArgumentException("an age/sex head without age and without sex has nothing to attend to; use FusionKind.None");
        var (withoutAge, withoutSex) = (options.WithoutAge, options.WithoutSex);
        if (!withoutAge) age = this.Register("age_embedding", Embedding(AgeBins, dim));
        if (!withoutSex) sex = this.Register("sex_embedding", Embedding(SexCodes, dim));
        qAge = this.Register("q_age", Linear(dim, dim));
        kAge = this.Register("k_age", Linear(dim, dim));
        qSex = this.Register("q_sex", Linear(dim, dim));
        kSex = this.Register("k_sex", Linear(dim, dim));
        value = this.Register("v_ecg", Linear(inputDim, dim));
        output = this.Register("out_proj", Linear(dim, inputDim));
    }

    public override int OutputDim => 2 * InputDim;

    public override FusionOutput forward(BackboneFeatures features, FusionInput side)
    {
        // Without one attribute (Deng et al.'s ablations) the other attends to itself: the mechanism stays, the input goes.
        var a = age?.forward(Require(side.Age, "age", "age/sex"));   // (B, D)
        var s = sex?.forward(Require(side.Sex, "sex", "age/sex"));
        var v = value.forward(features.Pooled).unsqueeze(-1);        // (B, D, 1)
        var scale = 1.0 / Math.Sqrt(dim);
        var ageToSex = (qAge.forward(a ?? s!).unsqueeze(-1) * kSex.forward(s ?? a!).unsqueeze(1) * scale).softmax(-1);  // (B, D, D)
        var sexToAge = (qSex.forward(s ?? a!).unsqueeze(-1) * kAge.forward(a ?? s!).unsqueeze(1) * scale).softmax(-1);
        var mixed = (ageToSex.bmm(v) + sexToAge.bmm(v)).squeeze(-1);  // (B, D)
        return new(torch.cat([features.Pooled, output.forward(mixed)], 1), ageToSex.mean([1]));
    }
}

/// <summary>
/// Deng et al.'s "w/o cross-attention" ablation: the same age and sex embeddings, concatenated to the pooled ECG
/// vector instead of attending (output [pooled, age, sex]).
/// </summary>
public sealed class AgeSexConcatHead : FusionHead
{
    [ComponentName(Name = "age_embedding")] private readonly Embedding age;
    [ComponentName(Name = "sex_embedding")] private readonly Embedding sex;
    private readonly int dim;

    public AgeSexConcatHead(FusionOptions options, int inputDim) : base(inputDim)
    {
        dim = options.AgeSexDim;
        age = this.Register("age_embedding", Embedding(AgeSexAttentionHead.AgeBins, dim));
        sex = this.Register("sex_embedding", Embedding(AgeSexAttentionHead.SexCodes, dim));
    }

    public override int OutputDim => InputDim + 2 * dim;

    public override FusionOutput forward(BackboneFeatures features, FusionInput side) =>
        new(torch.cat([features.Pooled, age.forward(Require(side.Age, "age", "age/sex")), sex.forward(Require(side.Sex, "sex", "age/sex"))], 1), null);
}
