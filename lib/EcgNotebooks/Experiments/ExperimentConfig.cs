using System.Text.Json;
using System.Text.Json.Serialization;
using EcgNotebooks.Evaluation;
using EcgNotebooks.Results;

namespace EcgNotebooks.Experiments;

/// <summary>The backbones: the three the project compares, and Hannun et al.'s ResNet (Deng et al.'s CinC 2017 baseline).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BackboneKind>))]
public enum BackboneKind { ResUNet, MacnnSe, EfficientEcg, HannunResNet }

/// <summary>
/// `paper`: the authors' sizes, window, optimiser, schedule, batch and epochs.
/// `quick`: narrower and fewer epochs, so that every table row × 5 seeds trains on a 2-core CPU in
/// about two hours; its numbers are labelled "quick" wherever they appear.
/// `standard`: sized by measurement so that the 11 rows of Tables 3/4 × 5 seeds train in about 6 hours on the
/// 2-core CPU (<see cref="StandardSizes"/>), with class imbalance handled in the recipe (<see cref="StandardRecipes"/>).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<Profile>))]
public enum Profile { Paper, Quick, Standard }

/// <summary>How RR information enters the model after the backbone.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FusionKind>))]
public enum FusionKind
{
    /// <summary>ECG only: the pooled backbone vector goes to the classifier.</summary>
    None,
    /// <summary>Late fusion: concatenate the RR vector (raw, or projected) to the pooled ECG vector.</summary>
    Concat,
    /// <summary>RR embedding = one query token; the backbone's token sequence = keys and values.</summary>
    CrossAttention,
    /// <summary>EfficientECG's age→sex and sex→age attention with the ECG feature as values.</summary>
    AgeSexAttention,
    /// <summary>Deng et al.'s "w/o cross-attention" ablation: the age and sex embeddings concatenated to the pooled ECG vector.</summary>
    AgeSexConcat,
}

[JsonConverter(typeof(JsonStringEnumConverter<ActivationKind>))]
public enum ActivationKind { Gelu, Relu }

/// <summary>ResUNet (protocol §3.1–3.2): a stem and ResU blocks. Defaults are the authors'.</summary>
/// <param name="Width">C, channels between blocks (180).</param>
/// <param name="Mid">M, channels inside the U (30).</param>
/// <param name="Levels">Encoder levels per ResU block, in order (4, 3): the depth setting.</param>
/// <param name="DownsampleLast">A series: the last block also halves the length (90 tokens instead of 180).</param>
/// <param name="SelfAttentionHeads">A0/A1 ("Dense"): self-attention over the tokens before pooling; 0 = none.</param>
public sealed record ResUNetOptions(
    int Width = 180,
    int Mid = 30,
    int[]? Levels = null,
    bool DownsampleLast = false,
    int SelfAttentionHeads = 0,
    double SelfAttentionDropout = 0.2)
{
    public int[] Levels { get; init; } = Levels ?? [4, 3];
}

/// <summary>MACNN-SE (protocol §3.3), written with 1-D convolutions (a (1,k) Conv2d on a height-1 map is a Conv1d).</summary>
/// <param name="Width">Channels of conv1 (4); each ASPP stage multiplies them by 4.</param>
/// <param name="ResidualBlocks">Residual blocks per stage (1): the depth setting.</param>
public sealed record MacnnOptions(int Width = 4, int ResidualBlocks = 1);

/// <summary>EfficientECG-1D (Deng et al. §3.3): EfficientNet-B0's stage table with 1-D convolutions.</summary>
public sealed record EfficientEcgOptions(
    double WidthMultiplier = 1.0,
    double DepthMultiplier = 1.0,
    double DropConnect = 0.2,
    int HeadChannels = 1280);

/// <summary>Hannun et al. (2019) 1-D ResNet (awni/ecg), Deng et al.'s CinC 2017 baseline; defaults are the authors'.</summary>
/// <param name="WidthMultiplier">Scales the 32 starting channels (rounded, at least 4); they double every 4 blocks.</param>
/// <param name="Blocks">Residual blocks (16); every odd one halves the length.</param>
/// <param name="Kernel">Convolution kernel (16), "same" padding as Keras.</param>
/// <param name="Dropout">Before each block's second convolution (0.2).</param>
public sealed record HannunResNetOptions(
    double WidthMultiplier = 1.0,
    int Blocks = 16,
    int Kernel = 16,
    double Dropout = 0.2);

/// <summary>How RR (or age/sex) joins the ECG features; see <see cref="FusionKind"/>.</summary>
/// <param name="EmbedDim">If &gt; 0, a Linear `feature_proj` maps every token (and so the pooled vector) to this size first (MACNN: 64).</param>
/// <param name="EcgMlp">MACNN's concat heads: Linear(E→2E), LN, GELU, Dropout, Linear(2E→E) on the pooled ECG vector.</param>
/// <param name="ProjectRr">Concat: project RR with Linear→LN→GELU scaled by sigmoid(α), α₀ = −2 (MACNN "Proj Concat").</param>
/// <param name="QueryNorm">Cross-attention: the RR query embedding is Linear→LN→GELU (MACNN) rather than a bare Linear (ResUNet).</param>
/// <param name="TransformerBlock">After attention: LN(a), then LN(a + FFN(a)), FFN = Linear(E→2E), GELU, Dropout, Linear(2E→E).</param>
/// <param name="KeepPooled">Output concat[pooled ECG, attention] (MACNN) instead of the attention output alone (ResUNet A2/B2).</param>
/// <param name="ChannelGate">Scale the attention output by sigmoid(α) per channel (the authors' MACNN gate; on to match their 140,644 parameters).</param>
/// <param name="EarlyRr">Also feed <see cref="DataConfig.EarlyRrFeatures"/> as extra constant input channels (early fusion).</param>
/// <param name="WithoutAge">Age/sex heads: leave age out (Deng et al.'s "w/o age data"); the sex embedding then attends to itself.</param>
/// <param name="WithoutSex">Age/sex heads: leave sex out ("w/o gender data"); the age embedding then attends to itself.</param>
public sealed record FusionOptions(
    FusionKind Kind = FusionKind.None,
    int EmbedDim = 0,
    bool EcgMlp = false,
    double EcgMlpDropout = 0.2,
    bool ProjectRr = false,
    int Heads = 1,
    double AttentionDropout = 0.2,
    bool QueryNorm = false,
    bool TransformerBlock = false,
    double FfnDropout = 0.2,
    bool KeepPooled = false,
    bool ChannelGate = false,
    bool EarlyRr = false,
    int AgeSexDim = 32,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool WithoutAge = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool WithoutSex = false);

/// <summary>The classifier after fusion: Linear, or Linear→[LN]→act→Dropout→Linear (ResUNet's head H, EfficientECG's extra FC).</summary>
/// <param name="L2">L2 penalty λ·‖W‖² on the hidden layer's weight, added to the loss (EfficientECG's regularised FC).</param>
public sealed record ClassifierOptions(
    int Hidden = 0,
    bool LayerNorm = false,
    ActivationKind Activation = ActivationKind.Gelu,
    double Dropout = 0.0,
    double L2 = 0.0);

/// <param name="Classes">4 (N, S, V, F: the paper's code) or 5 (also Q); see <see cref="ExperimentConfig.WithClasses"/>.</param>
public sealed record ModelConfig(
    BackboneKind Backbone,
    FusionOptions Fusion,
    ClassifierOptions Classifier,
    ResUNetOptions? ResUNet = null,
    MacnnOptions? Macnn = null,
    EfficientEcgOptions? EfficientEcg = null,
    int Classes = 4,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] HannunResNetOptions? HannunResNet = null);

/// <summary>Deng et al.'s data sets (lib/EcgNotebooks/Data/README.md, "The Deng et al. (EfficientECG) data sets").</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DataSetKind>))]
public enum DataSetKind
{
    /// <summary>Kachuee et al.'s MIT-BIH re-compilation: 187-sample beats at 125 Hz, classes N, S, V, F, Q (Table 1).</summary>
    Kachuee,
    /// <summary>PhysioNet/CinC 2017: single-lead recordings at 300 Hz, classes N, A, O, ~ (Table 2).</summary>
    Cinc2017,
    /// <summary>LUDB: 8 leads × 10 s at 500 Hz, age, sex, multi-label rhythm and diagnosis targets (Table 3's stand-in for HMIC).</summary>
    Ludb,
}

/// <summary>Which stored split of a <see cref="DataSource"/> to train, select and test on.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SplitKind>))]
public enum SplitKind
{
    /// <summary>The stored 8:1:1 train/validation/test split (the paper's; Kachuee: per beat, so patients are shared).</summary>
    Holdout,
    /// <summary>Kachuee only: DS1 minus the validation records → DS2, de Chazal's inter-patient split.</summary>
    InterPatient,
    /// <summary>The stored 5 folds: test = fold k, validation = fold k + 1 (mod 5), training = the other three.</summary>
    CrossValidation,
}

/// <summary>
/// A data set other than the first paper's MIT-BIH beats: whole items (a Kachuee beat, a CinC recording, a LUDB
/// record) with their stored split. Null in <see cref="DataConfig.Source"/> (and then absent from the hashed JSON)
/// for the first paper's protocol.
/// </summary>
/// <param name="Fold">The test fold of <see cref="SplitKind.CrossValidation"/> (0–4).</param>
/// <param name="SampleRate">Resample the signals to this rate (Hz); 0 keeps the data set's own.</param>
/// <param name="Seconds">CinC: the first this many seconds of each recording, zero-padded when shorter; 0 = the data set's length.</param>
/// <param name="MaxItemsPerSplit">A smoke-size run (CI): at most this many items of each split, the first ones; 0 = all.</param>
public sealed record DataSource(
    DataSetKind Set,
    SplitKind Split = SplitKind.Holdout,
    int Fold = 0,
    double SampleRate = 0,
    double Seconds = 0,
    int MaxItemsPerSplit = 0);

/// <summary>Which beats and inputs. The beat set (records, R samples) is the same for every backbone.</summary>
/// <param name="InputLength">The backbone's input length; the window is resampled linearly to it (MACNN: 720 → 128).</param>
/// <param name="RrFeatures">RR features given to the fusion head, by the data layer's names.</param>
/// <param name="EarlyRrFeatures">RR features fed as extra input channels when <see cref="FusionOptions.EarlyRr"/>.</param>
/// <param name="CausalRr">
/// Off (the paper): post-RR and the whole-record global mean use future beats, which is declared in every table.
/// On: features that need the next beat are dropped and the global mean is the trailing 5 minutes.
/// </param>
/// <param name="ValidationRecords">DS1 records held out for checkpoint choice; never DS2.</param>
/// <param name="Source">
/// Another data set (<see cref="DataSource"/>); null = the first paper's MIT-BIH beats. With a source the "window"
/// is the whole item: WindowBefore = 0, WindowAfter = InputLength = its length in samples, and no RR features.
/// </param>
public sealed record DataConfig(
    int WindowBefore = 360,
    int WindowAfter = 360,
    int InputLength = 720,
    string[]? RrFeatures = null,
    string[]? EarlyRrFeatures = null,
    bool CausalRr = false,
    int[]? ValidationRecords = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DataSource? Source = null)
{
    public string[] RrFeatures { get; init; } = RrFeatures ?? RrFeatureSets.Table1;
    public string[] EarlyRrFeatures { get; init; } = EarlyRrFeatures ?? RrFeatureSets.Early;
    public int[] ValidationRecords { get; init; } = ValidationRecords ?? [114, 124, 205, 207, 220];
    public int WindowLength => WindowBefore + WindowAfter;

    /// <summary>The head's RR features after the causal switch.</summary>
    public string[] HeadRrFeatures() => CausalRr ? RrFeatures.Except(RrFeatureSets.NonCausal).ToArray() : RrFeatures;
}

[JsonConverter(typeof(JsonStringEnumConverter<OptimizerKind>))]
public enum OptimizerKind { Adam, AdamW }

[JsonConverter(typeof(JsonStringEnumConverter<ScheduleKind>))]
public enum ScheduleKind
{
    Constant,
    /// <summary>lr·γ^⌊epoch/StepEpochs⌋ (ResUNet: 20, 0.5).</summary>
    StepEpochs,
    /// <summary>lr·γ^(iteration/Every) per optimiser step (MACNN: 0.99 per 200 steps).</summary>
    ExponentialPerIteration,
    /// <summary>Vaswani's d^-0.5·min(step^-0.5, step·warmup^-1.5) (EfficientECG), scaled by lr/peak so lr is the peak.</summary>
    Noam,
}

[JsonConverter(typeof(JsonStringEnumConverter<ClassWeighting>))]
public enum ClassWeighting { None, InverseFrequency }

/// <summary>
/// Class-imbalance handling of the standard profile's recipes (<see cref="StandardRecipes"/>). Absent (null) in the paper
/// and quick profiles, and then left out of the hashed JSON, so their stored runs keep their hashes.
/// </summary>
/// <param name="ClassCap">
/// Class-balanced epochs: each epoch holds min(n_c, ClassCap) training beats of every class c; the beats of a capped class
/// are drawn afresh each epoch from (seed, epoch), and every beat of a class below the cap is seen in every epoch.
/// 0 = no cap.
/// </param>
/// <param name="WeightPower">
/// Class-weighted loss: w_c ∝ (1/m_c)^p, m_c = the class's beats per epoch (min(n_c, cap) with a cap, else n_c), scaled so
/// Σw = number of classes; 0 = unweighted, 0.5 = inverse square root, 1 = inverse frequency. Not combined with
/// <see cref="TrainingConfig.Weighting"/>.
/// </param>
public sealed record BalanceOptions(int ClassCap = 0, double WeightPower = 0);

/// <param name="CheckpointMetric">Fixed before training: the validation metric whose best epoch is "best" (the last epoch is also kept).</param>
/// <param name="MaxTrainBeatsPerEpoch">If &gt; 0, each epoch draws this many training beats at random (quick profile); 0 = all. Not with a class cap.</param>
/// <param name="Balance">Class-balanced sampling and/or class-weighted loss (standard profile); null = neither (hash unchanged).</param>
public sealed record TrainingConfig(
    OptimizerKind Optimizer,
    double LearningRate,
    double WeightDecay,
    ScheduleKind Schedule,
    int BatchSize,
    int Epochs,
    ClassWeighting Weighting = ClassWeighting.None,
    int StepEpochs = 20,
    double Gamma = 0.5,
    int Every = 200,
    int WarmupSteps = 400,
    string CheckpointMetric = CheckpointMetrics.MacroAuprc,
    int MaxTrainBeatsPerEpoch = 0,
    int EvalBatchSize = 2048,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] BalanceOptions? Balance = null);

public static class CheckpointMetrics
{
    public const string MacroAuprc = "macro_auprc";
    public const string MacroAuroc = "macro_auroc";
    public const string MacroF1 = "macro_f1";
    public static readonly string[] All = [MacroAuprc, MacroAuroc, MacroF1];
}

/// <summary>RR feature names, as the data layer (lib/EcgNotebooks/Features/RrFeatures.cs) names them.</summary>
public static class RrFeatureSets
{
    /// <summary>
    /// The paper's Table 1 set (ResUNet "opt3"): pre, post, local, global, pre − global, pre/global, pre/post,
    /// standardised with DS1-training statistics. MACNN uses it too: the authors' 7-ratio "opt1" set may or may
    /// not have been in their paper run (protocol §2: a stale cache would have held this set), and the data
    /// layer computes this one from beat annotations only.
    /// </summary>
    public static readonly string[] Table1 = Features.RrFeatures.PaperTable1Names;
    /// <summary>MACNN "opt2" (DAEAC) early-fusion rows: pre-RR over the running mean, and over the last ten.</summary>
    public static readonly string[] Early = Features.RrFeatures.EarlyFusionNames;
    /// <summary>Features that look at the next beat; left out when <see cref="DataConfig.CausalRr"/>.</summary>
    public static readonly string[] NonCausal = ["post_rr", "pre_over_post"];
}

/// <summary>One trainable experiment: a named model, data and training setting, and the seed.</summary>
/// <param name="Name">Unique key, e.g. "resunet/B2" or "grid/macnn/mhca".</param>
/// <param name="PaperName">The row label in the paper, when there is one.</param>
public sealed record ExperimentConfig(
    string Name,
    string PaperName,
    Profile Profile,
    ModelConfig Model,
    DataConfig Data,
    TrainingConfig Training,
    int Seed,
    string Notes = "")
{
    /// <summary>Indented camelCase JSON, enums by name (the results' JSON settings).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ResultsJson.Options);

    public static ExperimentConfig FromJson(string json) =>
        JsonSerializer.Deserialize<ExperimentConfig>(json, ResultsJson.Options) ?? throw new JsonException("empty experiment configuration");

    /// <summary>
    /// Identity of what gets trained: everything but the free-text notes (<see cref="ConfigHash"/>).
    /// Two runs with the same hash are the same experiment, so a stored run is reused, not retrained.
    /// </summary>
    public string Hash() => ConfigHash.Compute(this with { Notes = "" }, Seed);

    /// <summary>
    /// The same experiment with 4 (N, S, V, F; the default) or 5 (N, S, V, F, Q) output classes. The class count is
    /// part of the hash, so a five-class run never stands in for a four-class one; 4 returns the configuration unchanged.
    /// </summary>
    public ExperimentConfig WithClasses(int classes)
    {
        AamiClasses.For(classes);   // 4 or 5, else a clear error
        if (classes == Model.Classes) return this;
        return this with
        {
            Model = Model with { Classes = classes },
            Notes = (Notes + $" {classes} classes ({string.Join(", ", AamiClasses.For(classes))}).").Trim(),
        };
    }

    /// <summary>"5class" for a five-class model (it marks run ids and table names), null for the usual four classes.</summary>
    public string? ClassTag() => Model.Classes == AamiClasses.Four.Count ? null : $"{Model.Classes}class";
}
