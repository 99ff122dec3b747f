namespace EcgNotebooks.Experiments;

/// <summary>
/// The second paper's experiments (Deng et al., EfficientECG) as named configurations, "deng/&lt;data&gt;/&lt;row&gt;":
/// Table 1 on Kachuee's MIT-BIH beats (the paper's per-beat 8:1:1 split, and beside it DS1 → DS2), Table 2 on CinC 2017
/// (the stored 8:1:1 split, and 5-fold cross-validation beyond the paper; EfficientECG and Hannun et al.'s ResNet), and
/// Table 3's age/sex ablation on LUDB (5 folds). In the cross-validated experiments the seed picks the test fold
/// (seed mod 5), so "5 seeds" are the 5 folds.
/// </summary>
public static class DengExperiments
{
    public const string Prefix = "deng";

    /// <summary>Table 3's rows, in the paper's order: ECG only, + age + sex with cross-attention, without sex, without age, without cross-attention.</summary>
    public static readonly string[] LudbRows = ["ecg-only", "age-sex", "no-sex", "no-age", "no-attention"];

    /// <summary>Every name, by table.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Tables = new Dictionary<string, string[]>
    {
        ["deng1"] = ["deng/kachuee/EfficientECG", "deng/kachuee-inter/EfficientECG"],
        ["deng2"] = ["deng/cinc/EfficientECG", "deng/cinc/HannunResNet", "deng/cinc-cv/EfficientECG"],
        ["deng3"] = LudbRows.Select(r => $"deng/ludb/{r}").ToArray(),
    };

    public static IEnumerable<string> All => Tables.Values.SelectMany(t => t);

    /// <summary>The configuration of a "deng/…" name in a profile; the seed also picks the fold of a cross-validated experiment.</summary>
    public static ExperimentConfig Get(string name, Profile profile, int seed)
    {
        var parts = name.Split('/');
        if (parts.Length != 3 || parts[0] != Prefix || !All.Contains(name))
            throw new ArgumentException($"unknown experiment '{name}'; known: {string.Join(", ", All)}", nameof(name));
        var (data, row) = (parts[1], parts[2]);
        var fold = seed % Data.StoredSplits.Folds;
        var source = data switch
        {
            "kachuee" => new DataSource(DataSetKind.Kachuee),
            "kachuee-inter" => new DataSource(DataSetKind.Kachuee, SplitKind.InterPatient),
            "cinc" => new DataSource(DataSetKind.Cinc2017, SampleRate: DengSizes.CincRate(profile)),
            "cinc-cv" => new DataSource(DataSetKind.Cinc2017, SplitKind.CrossValidation, fold, DengSizes.CincRate(profile)),
            _ => new DataSource(DataSetKind.Ludb, SplitKind.CrossValidation, fold, DengSizes.LudbRate(profile)),
        };
        var classes = DataSourceData.ClassCount(source.Set);
        var length = DataSourceData.ItemLength(source);
        var hannun = row == "HannunResNet";
        var model = hannun
            ? new ModelConfig(BackboneKind.HannunResNet, new FusionOptions(), new ClassifierOptions(), Classes: classes,
                HannunResNet: new HannunResNetOptions(WidthMultiplier: DengSizes.HannunWidth(profile)))
            : new ModelConfig(BackboneKind.EfficientEcg, Fusion(row), DengSizes.Classifier(profile), EfficientEcg: DengSizes.Backbone(profile), Classes: classes);
        var (label, notes) = Describe(data, row);
        return new ExperimentConfig(
            name, label, profile, model,
            new DataConfig(WindowBefore: 0, WindowAfter: length, InputLength: length, RrFeatures: [], EarlyRrFeatures: [], Source: source),
            DengSizes.Training(profile, source.Set),
            seed,
            $"{notes} {DengSizes.ProfileNote(profile)}".Trim());
    }

    private static FusionOptions Fusion(string row) => row switch
    {
        "age-sex" => new FusionOptions(FusionKind.AgeSexAttention, EmbedDim: DengSizes.FusionDim),
        "no-sex" => new FusionOptions(FusionKind.AgeSexAttention, EmbedDim: DengSizes.FusionDim, WithoutSex: true),
        "no-age" => new FusionOptions(FusionKind.AgeSexAttention, EmbedDim: DengSizes.FusionDim, WithoutAge: true),
        "no-attention" => new FusionOptions(FusionKind.AgeSexConcat, EmbedDim: DengSizes.FusionDim),
        // ECG only; the 1,280-d head is projected as in the fusion rows, so the rows differ only in age and sex.
        "ecg-only" => new FusionOptions(FusionKind.None, EmbedDim: DengSizes.FusionDim),
        _ => new FusionOptions(),
    };

    private static (string Label, string Notes) Describe(string data, string row) => (data, row) switch
    {
        ("kachuee", _) => ("EfficientECG (intra-patient 8:1:1)", "Kachuee's 109,446 beats, the stored per-beat 8:1:1 split: the same patients in training and test, as the paper."),
        ("kachuee-inter", _) => ("EfficientECG (inter-patient DS1 → DS2)", "Kachuee's beats of DS1 (minus the validation records) for training, DS2 for the test: no patient in both."),
        ("cinc", "HannunResNet") => ("ECG-ResNet (Hannun et al.)", "Hannun et al.'s 34-layer ResNet on the stored CinC 8:1:1 split, trained like EfficientECG."),
        ("cinc", _) => ("EfficientECG (8:1:1)", "CinC 2017, the first 30 s of each recording, the stored stratified 8:1:1 split."),
        ("cinc-cv", _) => ("EfficientECG (5-fold CV)", "CinC 2017, stored 5 folds: test fold = seed mod 5, validation = the next fold, training = the other three."),
        (_, "ecg-only") => ("8-lead", "LUDB, 8 leads, no age or sex."),
        (_, "age-sex") => ("8-lead + age + sex", "Age and sex embeddings attend to each other with the ECG feature as values (§4.4)."),
        (_, "no-sex") => ("w/o sex", "Age only: the age embedding attends to itself."),
        (_, "no-age") => ("w/o age", "Sex only: the sex embedding attends to itself."),
        _ => ("w/o cross-attention", "Age and sex embeddings concatenated to the ECG feature."),
    };
}

/// <summary>
/// Sizes of the second paper's experiments by profile. `paper`: EfficientNet-B0 widths with the extra FC, CinC at its
/// 300 Hz (9,000 samples), LUDB at 500 Hz, 50 epochs: a GPU's work. `standard`: what this 2-core CPU trains in its budget,
/// measured with `ecg models bench --profile standard --threads 1 --experiment deng/…` (lib/EcgNotebooks/README.md):
/// EfficientECG and Hannun's ResNet at half width (full width trains 2.8× slower), CinC resampled to 50 Hz (1,500
/// samples), LUDB to 250 Hz, Kachuee epochs of 16,384 random beats. `quick`: CI smoke size.
/// </summary>
public static class DengSizes
{
    /// <summary>The projection of the 1,280-d ECG feature in the LUDB rows (and so the attention's value width).</summary>
    public const int FusionDim = 64;

    /// <summary>Standard profile: Kachuee training beats drawn per epoch (of 87,556 intra-patient, 45,866 DS1).</summary>
    public const int KachueeBeatsPerEpoch = 16_384;

    public static double CincRate(Profile profile) => profile switch { Profile.Paper => 0, _ => 50 };

    public static double LudbRate(Profile profile) => profile switch { Profile.Paper => 0, Profile.Standard => 250, _ => 100 };

    /// <summary>Standard profile: both CinC backbones at half width.</summary>
    public const double StandardWidth = 0.5;

    public static double HannunWidth(Profile profile) => profile switch { Profile.Quick => 0.25, Profile.Standard => StandardWidth, _ => 1.0 };

    public static EfficientEcgOptions Backbone(Profile profile) => profile switch
    {
        Profile.Quick => new EfficientEcgOptions(QuickSizes.EfficientWidth, QuickSizes.EfficientDepth, HeadChannels: QuickSizes.EfficientHead),
        Profile.Standard => new EfficientEcgOptions(WidthMultiplier: StandardWidth),
        _ => new EfficientEcgOptions(),
    };

    /// <summary>The paper's extra fully connected layer with dropout and L2 (§3.3.2; its width is not given).</summary>
    public static ClassifierOptions Classifier(Profile profile) =>
        new(Hidden: profile == Profile.Quick ? 64 : 256, Activation: ActivationKind.Relu, Dropout: 0.3, L2: 1e-4);

    /// <summary>Adam with Vaswani's warm-up schedule at a peak of 1e-3 (§3.4); the checkpoint is the best validation macro-AUPRC.</summary>
    public static TrainingConfig Training(Profile profile, DataSetKind set)
    {
        // The paper's EfficientECG batch on HMIC was 64 (8 with age and sex); LUDB's 120 training records take 16.
        var batch = profile == Profile.Quick ? 16 : set == DataSetKind.Ludb ? 16 : 64;
        var epochs = profile switch
        {
            Profile.Quick => 2,
            Profile.Paper => 50,
            _ => set switch { DataSetKind.Kachuee => 12, DataSetKind.Cinc2017 => 10, _ => 30 },
        };
        var warmup = profile == Profile.Quick ? 20 : set == DataSetKind.Ludb ? 100 : 1000;
        return new TrainingConfig(OptimizerKind.Adam, 1e-3, 0, ScheduleKind.Noam, BatchSize: batch, Epochs: epochs, WarmupSteps: warmup,
            MaxTrainBeatsPerEpoch: profile == Profile.Standard && set == DataSetKind.Kachuee ? KachueeBeatsPerEpoch : 0,
            EvalBatchSize: 256);
    }

    public static string ProfileNote(Profile profile) => profile switch
    {
        Profile.Paper => "",
        Profile.Quick => "Quick profile: a smoke test, not a result.",
        _ => "Standard profile: sized for the 2-core CPU (half-width backbones, CinC at 50 Hz, LUDB at 250 Hz, Kachuee epochs of 16,384 beats; lib/EcgNotebooks/README.md).",
    };
}
