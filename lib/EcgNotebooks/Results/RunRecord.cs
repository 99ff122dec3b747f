using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EcgNotebooks.Evaluation;

namespace EcgNotebooks.Results;

/// <summary>One epoch of training: loss, validation metrics (keyed by <see cref="MetricKeys"/>), learning rate, speed.</summary>
public sealed record EpochRecord(
    int Epoch,
    double TrainLoss,
    IReadOnlyDictionary<string, double> ValidationMetrics,
    double LearningRate,
    double Seconds,
    double BeatsPerSecond);

/// <summary>
/// One call that trained (part of) a run: the first start, then every resume. <paramref name="FromEpoch"/> is the epoch it
/// continued with (0-based; 0 on the first), <paramref name="EpochsDone"/> how many epochs the run had when it ended.
/// </summary>
/// <param name="Outcome">"finished", "interrupted" (a signal), "stopped" (an epoch limit of the call).</param>
public sealed record RunSession(DateTimeOffset StartedAt, DateTimeOffset EndedAt, int FromEpoch, int EpochsDone, string Outcome, double Seconds);

/// <summary>Names of the evaluated checkpoints in <see cref="RunRecord.TestMetrics"/>.</summary>
public static class Checkpoints
{
    /// <summary>The checkpoint picked by the rule fixed in advance on the DS1 validation patients.</summary>
    public const string Selected = "selected";
    /// <summary>The last epoch's weights.</summary>
    public const string Last = "last";
}

/// <summary>Training profiles; "quick" runs are smoke tests and are marked as such in every table.</summary>
public static class Profiles
{
    public const string Quick = "quick";
    public const string Paper = "paper";
    public const string Standard = "standard";
}

/// <summary>
/// Everything stored about one trained run in results/runs/&lt;run-id&gt;/run.json: what was trained (configuration
/// and its hash, seed), with which code and machine, how long it took, the per-epoch history, and the DS2 test
/// metrics of the selected and last checkpoints (each a full <see cref="ClassificationReport"/>, confusion matrix
/// included). Build one with <see cref="Create"/>, fill it while training, then save it with <see cref="RunStore"/>.
/// </summary>
public sealed class RunRecord
{
    public int SchemaVersion { get; init; } = 1;
    public required string RunId { get; init; }
    public required string Experiment { get; init; }
    public required string Backbone { get; init; }
    public required string Head { get; init; }
    public required string Profile { get; init; }
    public required int Seed { get; init; }
    /// <summary>The full configuration including "seed", as hashed.</summary>
    public required JsonObject Configuration { get; init; }
    public required string ConfigHash { get; init; }
    public string GitCommit { get; init; } = GitInfo.Unknown;
    public bool? GitDirty { get; init; }
    /// <summary>Where and how it trained, e.g. "cuda:0 (bf16, tf32)" or "cpu (fp32)".</summary>
    public string Device { get; set; } = "";
    /// <summary>Peak bytes allocated on the GPU over training (CUDA caching allocator); null on the CPU.</summary>
    public long? PeakGpuMemoryBytes { get; set; }
    /// <summary>Filled by the caller, e.g. "libtorch", ".NET", "OS".</summary>
    public Dictionary<string, string> LibraryVersions { get; init; } = new();
    /// <summary>When the run first started (an interrupted run keeps it across resumes).</summary>
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>Wall-clock seconds by phase, e.g. "data", "train", "evaluate", "total", summed over <see cref="Sessions"/>.</summary>
    public Dictionary<string, double> DurationsSeconds { get; init; } = new();
    /// <summary>Every call that trained this run, in order: the first start and each resume.</summary>
    public List<RunSession> Sessions { get; init; } = new();

    /// <summary>Adds <paramref name="seconds"/> to the phase's duration (a resumed run's durations are totals over its calls).</summary>
    public void AddSeconds(string phase, double seconds) => DurationsSeconds[phase] = DurationsSeconds.GetValueOrDefault(phase) + seconds;

    /// <summary>Takes over what an earlier, interrupted call of the same run recorded: its start, sessions and durations.</summary>
    public void ContinueFrom(RunRecord earlier)
    {
        if (earlier.ConfigHash != ConfigHash) throw new ArgumentException($"run {earlier.RunId} has another configuration hash", nameof(earlier));
        StartedAt = earlier.StartedAt;
        Sessions.InsertRange(0, earlier.Sessions);
        foreach (var (phase, seconds) in earlier.DurationsSeconds) AddSeconds(phase, seconds);
    }
    public List<EpochRecord> History { get; init; } = new();
    /// <summary>The checkpoint rule fixed before training, e.g. "best validation macro-AUPRC on DS1 114 124 205 207 220".</summary>
    public string CheckpointRule { get; set; } = "";
    public int? SelectedEpoch { get; set; }
    /// <summary>DS2 reports keyed by <see cref="Checkpoints"/> ("selected", "last").</summary>
    public Dictionary<string, ClassificationReport> TestMetrics { get; init; } = new();
    /// <summary>Multi-label test reports (LUDB), keyed like <see cref="TestMetrics"/>; null for single-label runs.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, MultiLabelReport>? LabelMetrics { get; set; }
    /// <summary>Whether the run has been scored on its test set (single- or multi-label).</summary>
    [JsonIgnore] public bool HasTestMetrics => TestMetrics.Count > 0 || LabelMetrics is { Count: > 0 };
    /// <summary>The data set of a run of the second paper's experiments ("Kachuee", "Cinc2017", "Ludb"); null for the first paper's MIT-BIH beats.</summary>
    [JsonIgnore] public string? DataSet => Configuration["data"]?["source"]?["set"]?.GetValue<string>();
    /// <summary>File name (inside the run folder) of the DS2 predictions of the selected checkpoint, if stored.</summary>
    public string? PredictionsFile { get; set; }

    /// <summary>Row key of the result tables: "&lt;backbone&gt;/&lt;head&gt;", e.g. "ResUNet/B2", "MACNN/Hybrid".</summary>
    [JsonIgnore] public string RowKey => $"{Backbone}/{Head}";

    /// <summary>Classes of the DS2 reports (4: N, S, V, F; 5: also Q); 4 before any test metrics exist.</summary>
    [JsonIgnore] public int ClassCount => TestMetrics.Values.Select(r => r.ClassNames.Count)
        .Concat(LabelMetrics?.Values.Select(r => r.Labels.Count) ?? []).FirstOrDefault(4);

    /// <summary>
    /// A new record: hashes <paramref name="configuration"/> (any JSON-serialisable object) with the seed, makes the
    /// run id, reads the git commit of <paramref name="repositoryDirectory"/> (current folder by default) and stamps the start time.
    /// </summary>
    public static RunRecord Create(
        string experiment, string backbone, string head, string profile, int seed, object configuration,
        string device = "", IDictionary<string, string>? libraryVersions = null, string? repositoryDirectory = null,
        string? runIdTag = null)
    {
        var config = Results.ConfigHash.WithSeed(configuration, seed);
        string hash = Results.ConfigHash.Compute(config);
        var git = GitInfo.Read(repositoryDirectory);
        return new RunRecord
        {
            RunId = MakeRunId(experiment, backbone, profile, seed, hash, runIdTag),
            Experiment = experiment,
            Backbone = backbone,
            Head = head,
            Profile = profile,
            Seed = seed,
            Configuration = config,
            ConfigHash = hash,
            GitCommit = git.Commit,
            GitDirty = git.Dirty,
            Device = device,
            LibraryVersions = libraryVersions is null ? new() : new Dictionary<string, string>(libraryVersions),
            StartedAt = DateTimeOffset.UtcNow,
        };
    }

    /// <summary>
    /// ".NET" and "OS" of this process, plus "libtorch" when given: the usual start of <see cref="LibraryVersions"/>.
    /// </summary>
    public static Dictionary<string, string> StandardLibraryVersions(string? libtorchVersion = null)
    {
        var versions = new Dictionary<string, string>
        {
            [".NET"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            ["OS"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        };
        if (libtorchVersion is not null) versions["libtorch"] = libtorchVersion;
        return versions;
    }

    /// <summary>"&lt;experiment&gt;-&lt;backbone&gt;-&lt;profile&gt;-s&lt;seed&gt;-&lt;first 8 hex of the config hash&gt;", file-name safe.</summary>
    /// <summary>
    /// "&lt;experiment&gt;-&lt;backbone&gt;-&lt;profile&gt;[-&lt;tag&gt;]-s&lt;seed&gt;-&lt;hash8&gt;"; the tag marks a variant readably, e.g.
    /// "resunet_B2-ResUNet-quick-5class-s0-…" for a five-class run (no tag: the usual four classes).
    /// </summary>
    public static string MakeRunId(string experiment, string backbone, string profile, int seed, string configHash, string? tag = null) =>
        $"{Safe(experiment)}-{Safe(backbone)}-{Safe(profile)}{(tag is null ? "" : "-" + Safe(tag))}-s{seed}-{Results.ConfigHash.Short(configHash)}";

    private static string Safe(string part)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(part);
        return new string(part.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' ? c : '_').ToArray());
    }
}
