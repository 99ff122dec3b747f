namespace EcgNotebooks.Experiments;

/// <summary>A row of a results table: the experiment that fills it and the label it carries.</summary>
public sealed record TableRow(string Label, string Experiment, BackboneKind Backbone);

/// <summary>
/// Every row of the paper's Tables 3–6 as a named configuration, in both profiles, plus the
/// backbone × fusion-head grid. Names: "resunet/B2", "macnn/Hybrid", "grid/efficientecg/mhca".
/// </summary>
public static class NamedExperiments
{
    public static readonly string[] ResUNetRows = ["A0", "A1", "A2", "B0", "B1", "B2"];
    public static readonly string[] MacnnRows = ["Baseline", "NaiveConcat", "ProjConcat", "MHCA-h1", "Hybrid"];
    public static readonly string[] GridHeads = ["none", "concat", "proj-concat", "ca-h1", "mhca", "early", "hybrid", "agesex"];

    /// <summary>The rows of a first-paper table (3, 4, 5, 6), "grid", or a second-paper table (deng1, deng2, deng3), in print order.</summary>
    public static IReadOnlyList<TableRow> Table(string table) => table.ToLowerInvariant() switch
    {
        // The paper's "Baseline" is A0 or B0; its code records neither, so both rows are shown.
        "3" or "6" =>
        [
            new("Baseline (A0: self-attention, 90 tokens)", "resunet/A0", BackboneKind.ResUNet),
            new("Baseline (B0: pooled, 180 tokens)", "resunet/B0", BackboneKind.ResUNet),
            new("A1 (Concat)", "resunet/A1", BackboneKind.ResUNet),
            new("A2 (Cross-Attn)", "resunet/A2", BackboneKind.ResUNet),
            new("B1 (Concat-TF)", "resunet/B1", BackboneKind.ResUNet),
            new("B2 (MHCA-TF)", "resunet/B2", BackboneKind.ResUNet),
        ],
        "4" =>
        [
            new("Baseline (early RR rows)", "macnn/Baseline", BackboneKind.MacnnSe),
            new("Naive Concat", "macnn/NaiveConcat", BackboneKind.MacnnSe),
            new("Proj Concat", "macnn/ProjConcat", BackboneKind.MacnnSe),
            new("MHCA (h=1)", "macnn/MHCA-h1", BackboneKind.MacnnSe),
            new("Hybrid MHCA", "macnn/Hybrid", BackboneKind.MacnnSe),
        ],
        // The ablation reuses Table 4's runs: same configurations, same hashes.
        "5" =>
        [
            new("Early only (= Baseline)", "macnn/Baseline", BackboneKind.MacnnSe),
            new("MHCA only (attends over 64 tokens)", "macnn/MHCA-h1", BackboneKind.MacnnSe),
            new("Hybrid (early + MHCA)", "macnn/Hybrid", BackboneKind.MacnnSe),
        ],
        "grid" => [.. Grid()],
        // The second paper's tables (DengExperiments): deng1 Kachuee, deng2 CinC 2017, deng3 LUDB age/sex.
        "deng1" or "deng2" or "deng3" => DengExperiments.Tables[table.ToLowerInvariant()]
            .Select(e => new TableRow(e, e, e.EndsWith("HannunResNet", StringComparison.Ordinal) ? BackboneKind.HannunResNet : BackboneKind.EfficientEcg)).ToList(),
        _ => throw new ArgumentException($"unknown table '{table}' (expected 3, 4, 5, 6, grid, deng1, deng2 or deng3)", nameof(table)),
    };

    /// <summary>The backbones of the grid (Hannun et al.'s ResNet is only the second paper's CinC baseline).</summary>
    public static readonly BackboneKind[] GridBackbones = [BackboneKind.ResUNet, BackboneKind.MacnnSe, BackboneKind.EfficientEcg];

    public static IEnumerable<TableRow> Grid() =>
        from backbone in GridBackbones
        from head in GridHeads
        select new TableRow($"{BackboneName(backbone)} × {head}", $"grid/{BackboneName(backbone)}/{head}", backbone);

    /// <summary>Every experiment name this registry knows.</summary>
    public static IEnumerable<string> All =>
        ResUNetRows.Select(r => $"resunet/{r}")
            .Concat(MacnnRows.Select(r => $"macnn/{r}"))
            .Concat(Grid().Select(r => r.Experiment))
            .Concat(DengExperiments.All);

    public static string BackboneName(BackboneKind kind) => kind switch
    {
        BackboneKind.ResUNet => "resunet",
        BackboneKind.MacnnSe => "macnn",
        BackboneKind.EfficientEcg => "efficientecg",
        BackboneKind.HannunResNet => "hannun",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static BackboneKind ParseBackbone(string text) => Normalise(text) switch
    {
        "resunet" => BackboneKind.ResUNet,
        "macnn" or "macnnse" => BackboneKind.MacnnSe,
        "efficientecg" or "efficientecg1d" or "efficientnet" => BackboneKind.EfficientEcg,
        "hannun" or "hannunresnet" => BackboneKind.HannunResNet,
        _ => throw new ArgumentException($"unknown backbone '{text}' (expected resunet, macnn, efficientecg or hannun)", nameof(text)),
    };

    public static Profile ParseProfile(string text) => Normalise(text) switch
    {
        "paper" => Profile.Paper,
        "quick" => Profile.Quick,
        "standard" => Profile.Standard,
        _ => throw new ArgumentException($"unknown profile '{text}' (expected paper, quick or standard)", nameof(text)),
    };

    /// <summary>
    /// Resolves a name as the CLI takes it: a full name ("resunet/B2", "grid/macnn/mhca"), or a
    /// row name with a backbone ("B2" + resunet, "Hybrid" + macnn, "mhca" + efficientecg = grid).
    /// </summary>
    public static string Resolve(string name, BackboneKind? backbone = null)
    {
        var all = All.ToList();
        var exact = all.FirstOrDefault(n => Normalise(n) == Normalise(name));
        if (exact is not null) return exact;
        if (backbone is { } b)
        {
            var prefix = BackboneName(b);
            foreach (var candidate in new[] { $"{prefix}/{name}", $"grid/{prefix}/{name}" })
            {
                var hit = all.FirstOrDefault(n => Normalise(n) == Normalise(candidate));
                if (hit is not null) return hit;
            }
        }
        throw new ArgumentException(
            $"unknown experiment '{name}'{(backbone is null ? "" : $" for backbone {BackboneName(backbone.Value)}")}; known: {string.Join(", ", all)}",
            nameof(name));
    }

    /// <summary>
    /// The configuration of a named experiment in a profile, for one seed, with 4 output classes (N, S, V, F, as the
    /// paper's code) or 5 (also Q; <see cref="ExperimentConfig.WithClasses"/>).
    /// </summary>
    /// <param name="recipe">Standard profile only: a recipe of <see cref="StandardRecipes.Names"/> (null = <see cref="StandardRecipes.Default"/>).</param>
    public static ExperimentConfig Get(string name, Profile profile, int seed = 0, BackboneKind? backbone = null, int classes = 4, string? recipe = null)
    {
        if (recipe is not null && profile != Profile.Standard)
            throw new ArgumentException($"--recipe applies to the standard profile only (got {profile.ToString().ToLowerInvariant()})", nameof(recipe));
        var full = Resolve(name, backbone);
        var parts = full.Split('/');
        if (parts[0] == DengExperiments.Prefix)
        {
            if (recipe is not null) throw new ArgumentException("--recipe is the first paper's (MIT-BIH) standard recipes; the second paper's experiments have none", nameof(recipe));
            var deng = DengExperiments.Get(full, profile, seed);
            if (classes != 4 && classes != deng.Model.Classes)
                throw new ArgumentException($"{full} has {deng.Model.Classes} classes, set by its data set", nameof(classes));
            return deng;
        }
        var config = parts[0] switch
        {
            "resunet" => ResUNetRow(parts[1], profile, seed),
            "macnn" => MacnnRow(parts[1], profile, seed),
            "grid" => GridCell(ParseBackbone(parts[1]), parts[2], profile, seed),
            _ => throw new InvalidOperationException($"unreachable: {full}"),
        };
        if (profile == Profile.Standard) config = StandardRecipes.Apply(config, recipe ?? StandardRecipes.Default);
        return config.WithClasses(classes);
    }

    /// <summary>Lower case without spaces, underscores, dashes or parentheses: "MHCA (h=1)" ~ "mhca-h1" ~ "MHCA_h=1".</summary>
    private static string Normalise(string s) =>
        new(s.ToLowerInvariant().Where(c => c is not (' ' or '_' or '-' or '(' or ')' or '=')).ToArray());

    // ---- ResUNet, Table 3 (protocol §3.2, §4) ----

    private static ExperimentConfig ResUNetRow(string row, Profile profile, int seed)
    {
        var a = row.StartsWith('A');
        var paper = profile == Profile.Paper;
        var backbone = ResUNetBackbone(profile) with
        {
            DownsampleLast = a,
            SelfAttentionHeads = row is "A0" or "A1" ? ResUNetHeads(profile) : 0,
        };
        var fusion = row[1] switch
        {
            '0' => new FusionOptions(FusionKind.None),
            '1' => new FusionOptions(FusionKind.Concat),
            _ => new FusionOptions(FusionKind.CrossAttention, Heads: ResUNetHeads(profile), AttentionDropout: 0.2),
        };
        var (label, notes) = row switch
        {
            "A0" => ("Baseline?", "ResU_Dense_baseline: tokens → self-attention → mean. One of the two candidates for the paper's 'Baseline'."),
            "A1" => ("A1 (Concat)", "ResU_Dense_naive_concatenate: A0 + raw RR concatenated (here standardised)."),
            "A2" => ("A2 (Cross-Attn)", "ResU_Dense_CrossAttention: one RR query token over the 90 tokens; no self-attention."),
            "B0" => ("Baseline?", "ResU_baseline_NoDense: global average pool. The other candidate for the paper's 'Baseline'."),
            "B1" => ("B1 (Concat-TF)", "ResU_naive_concatenate_NoDense: pooled + RR. No transformer block exists in the code."),
            _ => ("B2 (MHCA-TF)", "ResU_CrossAttention_NoDense: one RR query over 180 tokens × 180 dims; no residual, LN or FFN."),
        };
        return new ExperimentConfig(
            $"resunet/{row}", label, profile,
            new ModelConfig(BackboneKind.ResUNet, fusion, ResUNetClassifier(backbone.Width), ResUNet: backbone),
            ResUNetData(profile),
            ResUNetTraining(profile),
            seed,
            ProfileNotes(notes, profile));
    }

    private static string ProfileNotes(string notes, Profile profile) => profile switch
    {
        Profile.Paper => notes,
        Profile.Quick => notes + " Quick profile: narrower, fewer epochs; not the paper's setting.",
        _ => notes + " Standard profile: CPU-sized by measurement (StandardSizes), class imbalance handled by the recipe.",
    };

    private static ResUNetOptions ResUNetBackbone(Profile profile) => profile switch
    {
        Profile.Paper => new ResUNetOptions(),
        Profile.Quick => new ResUNetOptions(Width: QuickSizes.ResUNetWidth, Mid: QuickSizes.ResUNetMid),
        _ => new ResUNetOptions(Width: StandardSizes.ResUNetWidth, Mid: StandardSizes.ResUNetMid),
    };

    private static int ResUNetHeads(Profile profile) => profile switch
    {
        Profile.Paper => 9,
        Profile.Quick => QuickSizes.ResUNetHeads,
        _ => StandardSizes.ResUNetHeads,
    };

    /// <summary>Head H: Linear(d→2C), LayerNorm, GELU, Dropout 0.2, Linear(2C→4); 2C = 360 for C = 180.</summary>
    private static ClassifierOptions ResUNetClassifier(int width) => new(Hidden: 2 * width, LayerNorm: true, Activation: ActivationKind.Gelu, Dropout: 0.2);

    private static DataConfig ResUNetData(Profile profile) =>
        new(InputLength: profile switch { Profile.Paper => 720, Profile.Quick => QuickSizes.ResUNetInputLength, _ => StandardSizes.ResUNetInputLength },
            RrFeatures: RrFeatureSets.Table1);

    private static TrainingConfig ResUNetTraining(Profile profile) => profile switch
    {
        Profile.Paper => new TrainingConfig(OptimizerKind.AdamW, 1e-4, 1e-3, ScheduleKind.StepEpochs, BatchSize: 1024, Epochs: 50, StepEpochs: 20, Gamma: 0.5),
        // The authors' optimiser and step schedule, at a CPU batch; the recipe (StandardRecipes.Apply) sets the epoch's beats and the loss weights.
        Profile.Standard => new TrainingConfig(OptimizerKind.AdamW, StandardSizes.LearningRate, 1e-3, ScheduleKind.StepEpochs,
            BatchSize: StandardSizes.BatchSize, Epochs: StandardSizes.ResUNetEpochs, StepEpochs: StandardSizes.ResUNetStepEpochs, Gamma: 0.5),
        _ => new TrainingConfig(OptimizerKind.AdamW, QuickSizes.ResUNetLearningRate, 1e-3, ScheduleKind.Constant,
            BatchSize: QuickSizes.BatchSize, Epochs: QuickSizes.ResUNetEpochs, MaxTrainBeatsPerEpoch: QuickSizes.ResUNetBeatsPerEpoch),
    };

    // ---- MACNN-SE, Tables 4 and 5 (protocol §3.3, §4) ----

    private static ExperimentConfig MacnnRow(string row, Profile profile, int seed)
    {
        var mhca = new FusionOptions(FusionKind.CrossAttention, EmbedDim: 64, Heads: 1, AttentionDropout: 0.2,
            QueryNorm: true, TransformerBlock: true, KeepPooled: true, ChannelGate: true);
        var (fusion, label, notes) = row switch
        {
            "Baseline" => (new FusionOptions(FusionKind.None, EarlyRr: true), "Baseline",
                "opt2: ECG + two RR-ratio rows as input channels (early fusion), no head fusion."),
            "NaiveConcat" => (new FusionOptions(FusionKind.Concat, EmbedDim: 64, EcgMlp: true, EcgMlpDropout: 0.2), "Naive Concat",
                "feature_proj → MLP, concatenated with the 7 RR ratios."),
            "ProjConcat" => (new FusionOptions(FusionKind.Concat, EmbedDim: 64, EcgMlp: true, EcgMlpDropout: 0.3, ProjectRr: true), "Proj Concat",
                "RR → Linear, LN, GELU, × sigmoid(α), α₀ = −2; concatenated with the ECG MLP output."),
            "MHCA-h1" => (mhca, "MHCA (h=1)",
                "Unlike the authors' code (one pooled key: RR had no effect), the RR query attends over the stage-3 map: 64 tokens × 256 channels projected to 64."),
            "Hybrid" => (mhca with { EarlyRr = true }, "Hybrid MHCA",
                "Early RR rows + MHCA over 64 real tokens."),
            _ => throw new ArgumentException($"unknown MACNN row '{row}'", nameof(row)),
        };
        var paper = profile == Profile.Paper;
        return new ExperimentConfig(
            $"macnn/{row}", label, profile,
            new ModelConfig(BackboneKind.MacnnSe, fusion, new ClassifierOptions(), Macnn: profile switch
            {
                Profile.Paper => new MacnnOptions(),
                Profile.Quick => new MacnnOptions(Width: QuickSizes.MacnnWidth),
                _ => new MacnnOptions(Width: StandardSizes.MacnnWidth),
            }),
            new DataConfig(InputLength: 128, RrFeatures: RrFeatureSets.Table1, EarlyRrFeatures: RrFeatureSets.Early),
            MacnnTraining(profile),
            seed,
            profile == Profile.Quick ? notes + " Quick profile: batch and epochs reduced; not the paper's setting." : ProfileNotes(notes, profile));
    }

    private static TrainingConfig MacnnTraining(Profile profile) => profile switch
    {
        // Batch 25,600 and 100 epochs: about 200 optimiser steps in all, as the authors ran it (protocol §4, §7.8).
        Profile.Paper => new TrainingConfig(OptimizerKind.Adam, 5e-3, 1e-2, ScheduleKind.ExponentialPerIteration, BatchSize: 25_600, Epochs: 100,
            Weighting: ClassWeighting.InverseFrequency, Gamma: 0.99, Every: 200),
        // The authors' optimiser and decay at a CPU batch; their inverse-frequency weights are the "authors" recipe (StandardRecipes).
        Profile.Standard => new TrainingConfig(OptimizerKind.Adam, StandardSizes.MacnnLearningRate, 1e-3, ScheduleKind.ExponentialPerIteration,
            BatchSize: StandardSizes.BatchSize, Epochs: StandardSizes.MacnnEpochs, Weighting: ClassWeighting.InverseFrequency, Gamma: 0.99, Every: 200),
        _ => new TrainingConfig(OptimizerKind.Adam, QuickSizes.MacnnLearningRate, 1e-3, ScheduleKind.ExponentialPerIteration,
            BatchSize: QuickSizes.BatchSize, Epochs: QuickSizes.MacnnEpochs, Weighting: ClassWeighting.InverseFrequency, Gamma: 0.99, Every: 200,
            MaxTrainBeatsPerEpoch: QuickSizes.MacnnBeatsPerEpoch),
    };

    // ---- The grid: every fusion head on every backbone ----

    private static ExperimentConfig GridCell(BackboneKind backbone, string head, Profile profile, int seed)
    {
        var baseConfig = backbone switch
        {
            BackboneKind.ResUNet => ResUNetRow("B0", profile, seed),
            BackboneKind.MacnnSe => MacnnRow("NaiveConcat", profile, seed),
            _ => EfficientEcgBase(profile, seed),
        };
        var model = baseConfig.Model;
        // MACNN keeps its 64-d feature_proj for every head; EfficientECG's 1280-d head is projected too
        // (attention at 1280 dims would hold 6.6 M parameters); ResUNet attends in its own 180 dims.
        var embed = backbone switch
        {
            BackboneKind.MacnnSe => 64,
            BackboneKind.EfficientEcg => profile == Profile.Paper ? 128 : 64,
            _ => 0,
        };
        var mhcaHeads = backbone switch
        {
            BackboneKind.ResUNet => ResUNetHeads(profile),
            _ => 4,
        };
        var keepPooled = backbone != BackboneKind.ResUNet;
        var mhca = new FusionOptions(FusionKind.CrossAttention, EmbedDim: embed, Heads: mhcaHeads, QueryNorm: true,
            TransformerBlock: true, KeepPooled: keepPooled);
        var fusion = head switch
        {
            "none" => new FusionOptions(FusionKind.None, EmbedDim: embed),
            "concat" => new FusionOptions(FusionKind.Concat, EmbedDim: embed),
            "proj-concat" => new FusionOptions(FusionKind.Concat, EmbedDim: embed, ProjectRr: true),
            "ca-h1" => new FusionOptions(FusionKind.CrossAttention, EmbedDim: embed, Heads: 1, KeepPooled: keepPooled),
            "mhca" => mhca,
            "early" => new FusionOptions(FusionKind.None, EmbedDim: embed, EarlyRr: true),
            "hybrid" => mhca with { EarlyRr = true },
            "agesex" => new FusionOptions(FusionKind.AgeSexAttention, EmbedDim: embed),
            _ => throw new ArgumentException($"unknown grid head '{head}' (expected {string.Join(", ", GridHeads)})", nameof(head)),
        };
        return baseConfig with
        {
            Name = $"grid/{BackboneName(backbone)}/{head}",
            PaperName = $"{BackboneName(backbone)} × {head}",
            Model = model with { Fusion = fusion },
            Notes = $"Grid cell: the {BackboneName(backbone)} backbone with the '{head}' head"
                    + (profile == Profile.Quick ? " (quick profile)." : profile == Profile.Standard ? " (standard profile)." : "."),
        };
    }

    /// <summary>
    /// EfficientECG-1D with its extra FC (dropout, L2), Adam and Vaswani's warm-up schedule
    /// (Deng et al. §3.3–3.4); the ECG window and RR set are the ResUNet ones.
    /// </summary>
    private static ExperimentConfig EfficientEcgBase(Profile profile, int seed)
    {
        var paper = profile == Profile.Paper;
        var options = paper ? new EfficientEcgOptions() : new EfficientEcgOptions(QuickSizes.EfficientWidth, QuickSizes.EfficientDepth, HeadChannels: QuickSizes.EfficientHead);
        var training = profile switch
        {
            Profile.Paper => new TrainingConfig(OptimizerKind.Adam, 1e-3, 0, ScheduleKind.Noam, BatchSize: 256, Epochs: 100, WarmupSteps: 4000),
            Profile.Standard => new TrainingConfig(OptimizerKind.Adam, 1e-3, 0, ScheduleKind.Noam, BatchSize: StandardSizes.BatchSize,
                Epochs: StandardSizes.ResUNetEpochs, WarmupSteps: 400),
            _ => new TrainingConfig(OptimizerKind.Adam, 1e-3, 0, ScheduleKind.Noam, BatchSize: QuickSizes.BatchSize, Epochs: QuickSizes.EfficientEpochs,
                WarmupSteps: 100, MaxTrainBeatsPerEpoch: QuickSizes.ResUNetBeatsPerEpoch),
        };
        return new ExperimentConfig(
            "grid/efficientecg/none", "EfficientECG-1D", profile,
            new ModelConfig(BackboneKind.EfficientEcg, new FusionOptions(),
                new ClassifierOptions(Hidden: paper ? 256 : 64, Activation: ActivationKind.Relu, Dropout: 0.3, L2: 1e-4),
                EfficientEcg: options),
            new DataConfig(InputLength: paper ? 720 : profile == Profile.Quick ? QuickSizes.ResUNetInputLength : StandardSizes.ResUNetInputLength, RrFeatures: RrFeatureSets.Table1),
            training, seed);
    }
}

/// <summary>
/// The quick profile's sizes. Budget: 11 table rows × 5 seeds in two hours on a 2-core CPU is about
/// 130 s per run, DS2 scored twice (2 × 49,650 beats) included, so the models are narrow (about
/// 1–2 M multiply-adds per beat instead of 221 M for ResUNet B2), each epoch draws 8,192 training
/// beats and there are 4 epochs. Measured with `ecg models bench --profile quick` (lib/EcgNotebooks/README.md).
/// </summary>
public static class QuickSizes
{
    public const int ResUNetWidth = 16;
    public const int ResUNetMid = 8;
    public const int ResUNetHeads = 4;
    /// <summary>The 720-sample window resampled to 360 (180 Hz).</summary>
    public const int ResUNetInputLength = 360;
    public const int ResUNetEpochs = 4;
    public const int ResUNetBeatsPerEpoch = 8192;
    public const double ResUNetLearningRate = 1e-3;
    public const int MacnnWidth = 2;
    public const int MacnnEpochs = 4;
    public const int MacnnBeatsPerEpoch = 8192;
    public const double MacnnLearningRate = 2e-3;
    public const int BatchSize = 128;
    public const double EfficientWidth = 0.25;
    public const double EfficientDepth = 0.34;
    public const int EfficientHead = 128;
    public const int EfficientEpochs = 4;
}

/// <summary>
/// The standard profile's sizes, set by `ecg models bench --profile standard --threads 1 --steps 3` against the budget of the
/// 11 rows of Tables 3/4 × 5 seeds in about 6 hours on the 2-core CPU, two runs at a time with one thread each
/// (measurement and arithmetic: lib/EcgNotebooks/README.md, "Standard profile"). EfficientECG (grid only) keeps the
/// quick widths.
/// </summary>
public static class StandardSizes
{
    public const int ResUNetWidth = 32;
    public const int ResUNetMid = 16;
    public const int ResUNetHeads = 4;
    /// <summary>The 720-sample window resampled to 360 (180 Hz), as in the quick profile.</summary>
    public const int ResUNetInputLength = 360;
    public const int ResUNetEpochs = 24;
    /// <summary>The step schedule halves the learning rate every this many epochs.</summary>
    public const int ResUNetStepEpochs = 10;
    public const int MacnnWidth = 4;
    public const int MacnnEpochs = 24;
    public const int BatchSize = 128;
    public const double LearningRate = 1e-3;
    public const double MacnnLearningRate = 2e-3;
    /// <summary>
    /// Beats of a class per epoch in the balanced recipes: N is drawn afresh each epoch, every S, V and F beat is in every
    /// epoch. On the 17 DS1 training records (N 36,399, S 697, V 3,416, F 394) an epoch is 4,096 + 697 + 3,416 + 394 = 8,603 beats.
    /// </summary>
    public const int ClassCap = 4096;
    /// <summary>The capped epoch's size, used by the uncapped recipes so that every recipe costs the same time.</summary>
    public const int BeatsPerEpoch = 8_603;
}

/// <summary>
/// How the standard profile handles the 52:1 N:S imbalance of DS1 training, by name. <see cref="Default"/> was chosen on the
/// DS1 validation patients only, by the rule fixed before the sweep (highest mean validation macro-F1 over resunet/B0,
/// resunet/B2 and macnn/Hybrid, seed 0; `ecg stats recipes`, results/tables/recipe-sweep-standard.md). Every recipe sees
/// <see cref="StandardSizes.BeatsPerEpoch"/> beats per epoch, so the time budget holds for whichever is chosen.
/// </summary>
public static class StandardRecipes
{
    /// <summary>The sweep's pick: class-balanced epochs, unweighted loss (mean validation macro-F1 64.06; authors' 61.21).</summary>
    public const string Default = "balanced";

    /// <summary>Recipe names and what they set. "authors": the authors' loss (ResUNet unweighted, MACNN inverse-frequency
    /// weights) over random beats.</summary>
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        ["authors"] = "the authors' loss (ResUNet: unweighted cross-entropy; MACNN: inverse-frequency class weights), random beats",
        ["balanced"] = "class-balanced epochs (N capped at 4,096, every S/V/F beat each epoch), unweighted loss",
        ["balanced-sqrtw"] = "class-balanced epochs and loss weights ∝ 1/√(beats per epoch)",
        ["balanced-w"] = "class-balanced epochs and loss weights ∝ 1/(beats per epoch)",
        ["sqrtw"] = "random beats, loss weights ∝ 1/√(class count)",
        ["w"] = "random beats, loss weights ∝ 1/(class count) (MACNN's weighting on every backbone)",
    };

    /// <summary>The configuration with the recipe's sampling and loss weights (hashed) and its name in the notes.</summary>
    public static ExperimentConfig Apply(ExperimentConfig config, string recipe)
    {
        var t = config.Training;
        var capped = new BalanceOptions(ClassCap: StandardSizes.ClassCap);
        var random = t with { MaxTrainBeatsPerEpoch = StandardSizes.BeatsPerEpoch };
        var training = recipe switch
        {
            "authors" => random,
            "balanced" => t with { Weighting = ClassWeighting.None, Balance = capped },
            "balanced-sqrtw" => t with { Weighting = ClassWeighting.None, Balance = capped with { WeightPower = 0.5 } },
            "balanced-w" => t with { Weighting = ClassWeighting.None, Balance = capped with { WeightPower = 1.0 } },
            "sqrtw" => random with { Weighting = ClassWeighting.None, Balance = new BalanceOptions(WeightPower: 0.5) },
            "w" => random with { Weighting = ClassWeighting.None, Balance = new BalanceOptions(WeightPower: 1.0) },
            _ => throw new ArgumentException($"unknown recipe '{recipe}' (expected {string.Join(", ", Names.Keys)})", nameof(recipe)),
        };
        return config with { Training = training, Notes = $"{config.Notes} Recipe '{recipe}': {Names[recipe]}." };
    }
}
