namespace EcgNotebooks.Results;

/// <summary>A run folder found on disk; <see cref="Completed"/> is false for runs that were interrupted or are in progress.</summary>
public sealed record StoredRun(RunRecord Run, string Directory, bool Completed);

/// <summary>
/// The trained runs under &lt;results root&gt;/runs/&lt;run-id&gt;/: run.json, predictions.csv.gz and a "completed" marker
/// written last. Only runs with the marker count as finished, so an interrupted run is never reused.
/// All files are written with <see cref="AtomicFile"/>.
/// </summary>
public sealed class RunStore
{
    public const string RunFileName = "run.json";
    public const string PredictionsFileName = "predictions.csv.gz";
    /// <summary>A multi-label run's test predictions (a few hundred records: plain text).</summary>
    public const string LabelPredictionsFileName = "label-predictions.csv";
    public const string CompletedMarkerName = "completed";
    /// <summary>The selected checkpoint's weights, kept in the run folder (and so in git) when they are small.</summary>
    public const string KeptWeightsFileName = "selected.safetensors";
    /// <summary>Weights up to this size are kept with the run (quick-profile models: 0.1–1 MB); larger ones stay in
    /// results/checkpoints/ only, which git ignores.</summary>
    public const long MaxKeptWeightsBytes = 2 << 20;

    public RunStore(string resultsRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resultsRoot);
        ResultsRoot = Path.GetFullPath(resultsRoot);
    }

    public string ResultsRoot { get; }
    public string RunsDirectory => Path.Combine(ResultsRoot, "runs");
    public string TablesDirectory => Path.Combine(ResultsRoot, "tables");

    public string DirectoryOf(string runId) => Path.Combine(RunsDirectory, runId);

    /// <summary>
    /// Writes the run. Any old "completed" marker is removed first; predictions (of the selected checkpoint, class names
    /// taken from its report) and run.json follow; with <paramref name="completed"/> the marker is written last.
    /// Saving with completed = false records progress that will not be reused.
    /// </summary>
    public string Save(RunRecord run, IEnumerable<BeatPrediction>? predictions = null, bool completed = true)
    {
        ArgumentNullException.ThrowIfNull(run);
        string dir = DirectoryOf(run.RunId);
        Directory.CreateDirectory(dir);
        string marker = Path.Combine(dir, CompletedMarkerName);
        if (File.Exists(marker)) File.Delete(marker);

        if (predictions is not null)
        {
            var classNames = run.TestMetrics.TryGetValue(Checkpoints.Selected, out var report)
                ? report.ClassNames
                : throw new InvalidOperationException(
                    $"Run {run.RunId}: predictions need the '{Checkpoints.Selected}' test report for their class names.");
            PredictionsCsv.Write(Path.Combine(dir, PredictionsFileName), classNames, predictions);
            run.PredictionsFile = PredictionsFileName;
        }
        AtomicFile.WriteAllText(Path.Combine(dir, RunFileName), ResultsJson.Serialize(run));
        if (completed)
            AtomicFile.WriteAllText(marker, $"{run.ConfigHash}\n{(run.FinishedAt ?? DateTimeOffset.UtcNow):O}\n");
        return dir;
    }

    /// <summary>Writes a multi-label run's test predictions (selected checkpoint) into its folder and names the file in the record; save the record after.</summary>
    public void SaveLabelPredictions(RunRecord run, IReadOnlyList<string> records, IReadOnlyList<string> labels, float[] targets, float[] probabilities)
    {
        var dir = DirectoryOf(run.RunId);
        Directory.CreateDirectory(dir);
        PredictionsCsv.WriteMultiLabel(Path.Combine(dir, LabelPredictionsFileName), labels, records, targets, probabilities);
        run.PredictionsFile = LabelPredictionsFileName;
    }

    /// <summary>
    /// Copies the selected checkpoint's weights into the run folder when they are at most <see cref="MaxKeptWeightsBytes"/>,
    /// so a fresh clone can load the model (attention notebooks) without retraining. Returns whether they were kept.
    /// </summary>
    public bool KeepWeights(string runId, string selectedWeightsPath)
    {
        var source = new FileInfo(selectedWeightsPath);
        if (!source.Exists) throw new FileNotFoundException($"Run {runId}: no selected checkpoint at {source.FullName}.", source.FullName);
        if (source.Length > MaxKeptWeightsBytes) return false;
        AtomicFile.WriteAllBytes(Path.Combine(DirectoryOf(runId), KeptWeightsFileName), File.ReadAllBytes(source.FullName));
        return true;
    }

    /// <summary>The weights kept in the run folder, or null.</summary>
    public string? KeptWeights(string runId)
    {
        var path = Path.Combine(DirectoryOf(runId), KeptWeightsFileName);
        return File.Exists(path) ? path : null;
    }

    /// <summary>Every run folder holding a run.json, completed or not, ordered by run id.</summary>
    public IReadOnlyList<StoredRun> List()
    {
        if (!Directory.Exists(RunsDirectory)) return [];
        return Directory.EnumerateDirectories(RunsDirectory)
            .Where(d => File.Exists(Path.Combine(d, RunFileName)))
            .Order(StringComparer.Ordinal)
            .Select(d => new StoredRun(
                ResultsJson.ReadFile<RunRecord>(Path.Combine(d, RunFileName)), d,
                File.Exists(Path.Combine(d, CompletedMarkerName))))
            .ToList();
    }

    /// <summary>The completed runs only.</summary>
    public IReadOnlyList<RunRecord> ListCompleted() => List().Where(r => r.Completed).Select(r => r.Run).ToList();

    /// <summary>The completed run with this configuration hash (the latest finished if several), or null.</summary>
    public RunRecord? FindCompleted(string configHash) =>
        List().Where(r => r.Completed && r.Run.ConfigHash == configHash)
            .Select(r => r.Run)
            .OrderByDescending(r => r.FinishedAt ?? DateTimeOffset.MinValue)
            .FirstOrDefault();

    /// <summary>The stored run to reuse instead of training, or null when there is none or <paramref name="retrain"/> is set.</summary>
    public RunRecord? Reusable(string configHash, bool retrain) => retrain ? null : FindCompleted(configHash);

    public (IReadOnlyList<string> ClassNames, IReadOnlyList<BeatPrediction> Predictions) ReadPredictions(RunRecord run) =>
        run.PredictionsFile is null
            ? throw new InvalidOperationException($"Run {run.RunId} has no stored predictions.")
            : PredictionsCsv.Read(Path.Combine(DirectoryOf(run.RunId), run.PredictionsFile));
}
