using EcgNotebooks.Experiments;
using EcgNotebooks.Engine;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace EcgNotebooks.Models;

/// <summary>A mini-batch as the model takes it.</summary>
/// <param name="Ecg">(batch, leads, length) float32 beats, already at the backbone's input length.</param>
/// <param name="Rr">(batch, k) standardised RR features for the fusion head, or null.</param>
/// <param name="EarlyRr">(batch, e) RR values fed as extra constant input channels (early fusion), or null.</param>
public sealed record ModelInput(Tensor Ecg, Tensor? Rr = null, Tensor? EarlyRr = null, Tensor? Age = null, Tensor? Sex = null);

/// <summary>Logits (batch, classes) and, for attention heads, the weights over the ECG tokens.</summary>
public sealed record ModelOutput(Tensor Logits, Tensor? Attention);

/// <summary>
/// Backbone + fusion head + classifier, built from a <see cref="ModelConfig"/>:
/// [ECG ⊕ early RR channels] → backbone → tokens/pooled → [feature_proj] → fusion head → classifier.
/// </summary>
public sealed class EcgClassifier : Module<ModelInput, ModelOutput>
{
    [ComponentName(Name = "feature_proj")]
    private readonly Linear? featureProjection;
    private readonly Sequential classifier;
    private readonly double l2;

    public EcgClassifier(ModelConfig config, int leads, int inputLength, int rrFeatures, int earlyRrFeatures) : base(nameof(EcgClassifier))
    {
        Config = config;
        RrFeatures = rrFeatures;
        EarlyRrFeatures = config.Fusion.EarlyRr ? earlyRrFeatures : 0;
        if (config.Fusion.EarlyRr && earlyRrFeatures < 1)
            throw new ArgumentException("early fusion needs at least one early RR feature", nameof(earlyRrFeatures));
        var inChannels = leads + EarlyRrFeatures;
        Backbone = this.Register("backbone", CreateBackbone(config, inChannels, inputLength));
        var dim = Backbone.Dim;
        if (config.Fusion.EmbedDim > 0)
        {
            featureProjection = this.Register("feature_proj", Linear(dim, config.Fusion.EmbedDim));
            dim = config.Fusion.EmbedDim;
        }
        Fusion = this.Register("fusion", FusionHead.Create(config.Fusion, dim, rrFeatures));
        var c = config.Classifier;
        var layers = new List<Module<Tensor, Tensor>>();
        if (c.Hidden > 0)
        {
            layers.Add(Linear(Fusion.OutputDim, c.Hidden));
            if (c.LayerNorm) layers.Add(LayerNorm(c.Hidden));
            layers.Add(c.Activation == ActivationKind.Gelu ? GELU() : ReLU());
            if (c.Dropout > 0) layers.Add(Dropout(c.Dropout));
            layers.Add(Linear(c.Hidden, config.Classes));
        }
        else layers.Add(Linear(Fusion.OutputDim, config.Classes));
        classifier = this.Register("classifier", Sequential(layers.ToArray()));
        l2 = c.L2;
    }

    public ModelConfig Config { get; }
    [field: ComponentName(Name = "backbone")] public Backbone Backbone { get; }
    [field: ComponentName(Name = "fusion")] public FusionHead Fusion { get; }
    public int RrFeatures { get; }
    public int EarlyRrFeatures { get; }

    public static Backbone CreateBackbone(ModelConfig config, int inChannels, int inputLength) => config.Backbone switch
    {
        BackboneKind.ResUNet => new ResUNet(config.ResUNet ?? new ResUNetOptions(), inChannels, inputLength),
        BackboneKind.MacnnSe => new MacnnSe(config.Macnn ?? new MacnnOptions(), inChannels, inputLength),
        BackboneKind.EfficientEcg => new EfficientEcg1d(config.EfficientEcg ?? new EfficientEcgOptions(), inChannels, inputLength),
        BackboneKind.HannunResNet => new HannunResNet(config.HannunResNet ?? new HannunResNetOptions(), inChannels, inputLength),
        _ => throw new ArgumentOutOfRangeException(nameof(config), config.Backbone, "unknown backbone"),
    };

    public override ModelOutput forward(ModelInput input)
    {
        var x = input.Ecg;
        if (EarlyRrFeatures > 0)
        {
            var early = input.EarlyRr ?? throw new ArgumentException("this model uses early fusion but the batch has no early RR features");
            // Each RR value becomes a constant row as long as the beat (DAEAC's early fusion).
            x = torch.cat([x, early.unsqueeze(-1).expand(-1, -1, x.size(-1))], 1);
        }
        var features = Backbone.forward(x);
        if (featureProjection is not null)
        {
            // A Linear commutes with the mean, so projecting the pooled vector equals pooling the projected tokens.
            var pooled = featureProjection.forward(features.Pooled);
            var tokens = Fusion.UsesTokens ? featureProjection.forward(features.Tokens) : features.Tokens;
            features = new BackboneFeatures(tokens, pooled);
        }
        var fused = Fusion.forward(features, new FusionInput(input.Rr, input.Age, input.Sex));
        return new ModelOutput(classifier.forward(fused.Features), fused.Attention);
    }

    /// <summary>λ·‖W‖² of the classifier's hidden layer (EfficientECG's L2), or null when λ = 0.</summary>
    public Tensor? RegularizationLoss() =>
        Config.Classifier.Hidden > 0 && l2 > 0 ? ((Linear)classifier[0]).weight!.pow(2).sum() * l2 : null;
}
