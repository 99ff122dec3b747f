using System.Diagnostics;
using System.Runtime.InteropServices;
using EcgNotebooks.Evaluation;
using EcgNotebooks.Models;
using EcgNotebooks.Results;
using TorchSharp;
using static TorchSharp.torch;
using EcgNotebooks.Training;

namespace EcgNotebooks.Experiments;

/// <summary>Options of <see cref="ExperimentRunner"/>.</summary>
/// <param name="Retrain">Train even if a completed run with the same configuration hash is stored.</param>
/// <param name="Resume">Continue an interrupted run from its last checkpoint (default), else start over.</param>
/// <param name="Precision">Runtime options (see <see cref="TrainerOptions"/>): recorded in the run's device string, not hashed.</param>
/// <param name="ValidationOnly">
/// Train and store the run with its DS1-validation history only: DS2 is not read (a recipe sweep decides on validation).
/// Such a run has no test metrics, so no table counts it; a later full run of the same configuration trains again.
/// </param>
public sealed record RunnerOptions(
    Device Device,
    bool Retrain = false,
    bool Resume = true,
    IProgress<TrainingProgress>? Progress = null,
    int? StopAfterEpochs = null,
    CancellationToken Cancellation = default,
    TrainingPrecision Precision = TrainingPrecision.Fp32,
    bool Tf32 = true,
    bool ValidationOnly = false);

/// <summary>
/// Trains and evaluates named experiments into a <see cref="RunStore"/>: reuses a completed run
/// whose configuration hash matches, else trains (resuming a killed run), then scores the selected
/// and the last checkpoint on DS2, once, after training, and stores everything atomically.
/// </summary>
public sealed class ExperimentRunner(RunStore store, IExperimentData data, RunnerOptions options)
{
    public RunStore Store => store;

    /// <summary>Checkpoints live outside results/runs (they are large), under results/checkpoints/&lt;run-id&gt;, ignored by git.</summary>
    public string CheckpointDirectory(string runId) => Path.Combine(store.ResultsRoot, "checkpoints", runId);

    /// <summary>The stored record this configuration would produce (hash, run id), without training.</summary>
    public static RunRecord NewRecord(ExperimentConfig config, Device device) =>
        RunRecord.Create(config.Name, RowBackbone(config), RowHead(config), config.Profile.ToString().ToLowerInvariant(), config.Seed,
            config with { Notes = "" }, device.ToString(), LibraryVersions(), runIdTag: config.ClassTag());

    /// <summary>
    /// Trains (or reuses) one configuration and returns its completed record. When <see cref="RunnerOptions.Cancellation"/>
    /// is cancelled, training stops after its current step, the record so far (not completed) is saved with this call as
    /// an "interrupted" session, and <see cref="OperationCanceledException"/> is thrown; a resumed call continues the
    /// record: first start, every session, durations summed.
    /// </summary>
    public RunRecord Run(ExperimentConfig config)
    {
        var record = NewRecord(config, options.Device);
        if (store.Reusable(record.ConfigHash, options.Retrain) is { } stored && (options.ValidationOnly || stored.HasTestMetrics)) return stored;
        record.Device = TrainingPrecisions.Describe(options.Device, options.Precision, options.Tf32);
        var resume = options.Resume && !options.Retrain;
        var started = DateTimeOffset.UtcNow;
        record.StartedAt = started;
        // An interrupted run, or a finished validation-only run (a recipe sweep's), continues: with its checkpoints still
        // here the trainer finds every epoch done, and only the test set is scored. Its selection never saw the test set.
        if (resume && store.List().FirstOrDefault(r => r.Run.RunId == record.RunId && r.Run.ConfigHash == record.ConfigHash
                                                      && (!r.Completed || !r.Run.HasTestMetrics)) is { } earlier)
            record.ContinueFrom(earlier.Run);

        var total = Stopwatch.StartNew();
        var fromEpoch = 0;
        void EndSession(string outcome, bool completed, IEnumerable<BeatPrediction>? predictions = null)
        {
            var seconds = total.Elapsed.TotalSeconds;
            record.AddSeconds("total", seconds);
            record.Sessions.Add(new RunSession(started, DateTimeOffset.UtcNow, fromEpoch, record.History.Count, outcome, seconds));
            store.Save(record, predictions, completed);
        }

        var clock = Stopwatch.StartNew();
        var splits = data.Load(config.Data, config.Model.Classes);
        using var train = splits.Train.ToTensors(config.Data, config.Model.Fusion.EarlyRr, options.Device);
        using var validation = splits.Validation.ToTensors(config.Data, config.Model.Fusion.EarlyRr, options.Device);
        record.AddSeconds("data", clock.Elapsed.TotalSeconds);

        var checkpoints = CheckpointDirectory(record.RunId);
        PrepareCheckpointDirectory(checkpoints, resume);
        clock.Restart();
        using var model = Trainer.CreateModel(config, train, options.Device);
        // The fusion heads have no convolutions, so the backbone decides; the record says which kernels ran.
        using var convolutions = Engine.OneDnn.EnableWhile(model.Backbone.OneDnnSafe);
        record.LibraryVersions["convolutions"] = Engine.OneDnn.Describe();
        var progress = ProgressSinks.Of(p =>
        {
            if (p.Kind == ProgressKind.Resuming) fromEpoch = p.EpochIndex;
            options.Progress?.Report(p);
        });
        var trainer = new Trainer(config, new TrainerOptions(options.Device, checkpoints, Resume: resume,
            progress, options.StopAfterEpochs, options.Cancellation, options.Precision, options.Tf32));
        var result = trainer.Fit(model, train, validation);
        record.AddSeconds("train", clock.Elapsed.TotalSeconds);
        record.PeakGpuMemoryBytes = result.PeakGpuMemoryBytes;
        record.History.AddRange(result.History);
        record.CheckpointRule = CheckpointRule(config, validation);
        record.SelectedEpoch = result.SelectedEpoch;
        if (!result.Finished)
        {
            EndSession(options.Cancellation.IsCancellationRequested ? "interrupted" : "stopped", completed: false);
            options.Cancellation.ThrowIfCancellationRequested();
            return record;
        }

        if (options.ValidationOnly)
        {
            record.DurationsSeconds["total"] = total.Elapsed.TotalSeconds;
            record.FinishedAt = DateTimeOffset.UtcNow;
            store.KeepWeights(record.RunId, result.SelectedCheckpoint);
            store.Save(record);
            return record;
        }

        // DS2 is read only now, after training, and scored for the two checkpoints fixed in advance.
        clock.Restart();
        try
        {
            using var test = splits.Test.ToTensors(config.Data, config.Model.Fusion.EarlyRr, options.Device);
            Checkpoint.LoadWeights(result.SelectedCheckpoint, model);
            var selected = Score(config, model, test, Checkpoints.Selected);
            (T Selected, T Last) Reports<T>(Func<Predictions, T> report) => ScoreCheckpoints(report, selected, result, model, test, checkpoints, config);
            List<BeatPrediction>? predictions = null;
            if (test.MultiLabel)
            {
                var (atSelected, atLast) = Reports(p => MultiLabelReport.Compute(test.TargetArray!, p.Probabilities, test.ClassNames));
                record.LabelMetrics = new() { [Checkpoints.Selected] = atSelected, [Checkpoints.Last] = atLast };
                store.SaveLabelPredictions(record, test.Records, test.ClassNames, test.TargetArray!, selected.Probabilities);
            }
            else
            {
                predictions = Enumerable.Range(0, test.Count).Select(i => new BeatPrediction(
                    test.Records[i], test.RSamples[i], test.LabelArray[i], selected.Predicted[i], selected.Row(i).ToArray())).ToList();
                (record.TestMetrics[Checkpoints.Selected], record.TestMetrics[Checkpoints.Last]) = Reports(p => Report(test, p, config.Model.Classes));
            }
            record.AddSeconds("evaluate", clock.Elapsed.TotalSeconds);
            record.FinishedAt = DateTimeOffset.UtcNow;
            store.KeepWeights(record.RunId, result.SelectedCheckpoint);
            EndSession("finished", completed: true, predictions);
            return record;
        }
        catch (OperationCanceledException) when (options.Cancellation.IsCancellationRequested)
        {
            // Training is complete in the checkpoint; a resume scores DS2 again.
            record.TestMetrics.Clear();
            record.AddSeconds("evaluate", clock.Elapsed.TotalSeconds);
            EndSession("interrupted", completed: false);
            throw;
        }
    }

    /// <summary>DS2 predictions of one checkpoint, with progress per batch; cancellation stops between batches.</summary>
    private Predictions Score(ExperimentConfig config, EcgClassifier model, BeatTensors test, string checkpoint)
    {
        var clock = Stopwatch.StartNew();
        options.Progress?.Report(TrainingProgress.Scoring(config.Name, checkpoint, 0, test.Count, TimeSpan.Zero));
        return Inference.Predict(model, test, config.Training.EvalBatchSize, afterBatch: done =>
        {
            options.Progress?.Report(TrainingProgress.Scoring(config.Name, checkpoint, done, test.Count, clock.Elapsed));
            options.Cancellation.ThrowIfCancellationRequested();
        });
    }

    /// <summary>Re-scores a stored run's selected checkpoint on DS2 (e.g. after a metric fix); returns the report.</summary>
    public ClassificationReport Evaluate(RunRecord run, string checkpoint = Checkpoints.Selected)
    {
        var config = ConfigOf(run);
        var splits = data.Load(config.Data, config.Model.Classes);
        using var test = splits.Test.ToTensors(config.Data, config.Model.Fusion.EarlyRr, options.Device);
        if (test.MultiLabel) throw new InvalidOperationException($"run {run.RunId} is multi-label: its test reports are in labelMetrics, not a single-label report");
        using var model = LoadModel(run, test, checkpoint);
        return Report(test, Inference.Predict(model, test, config.Training.EvalBatchSize), config.Model.Classes);
    }

    /// <summary>The trained model of a stored run (selected or last checkpoint), in eval mode, for notebooks.</summary>
    public EcgClassifier LoadModel(RunRecord run, BeatTensors like, string checkpoint = Checkpoints.Selected)
    {
        var config = ConfigOf(run);
        var model = Trainer.CreateModel(config, like, options.Device);
        var dir = CheckpointDirectory(run.RunId);
        var path = Path.Combine(dir, checkpoint == Checkpoints.Last ? Checkpoint.Last : Checkpoint.Selected);
        if (!File.Exists(path) && checkpoint != Checkpoints.Last && store.KeptWeights(run.RunId) is { } kept) path = kept;
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"The {checkpoint} weights of run {run.RunId} are not stored: no {path}" +
                (checkpoint == Checkpoints.Last ? "" : $" and no {RunStore.KeptWeightsFileName} in {store.DirectoryOf(run.RunId)}") +
                ". Weights stay on the machine that trained the run unless they are small enough to be kept with it; retrain it (ecg train ... --retrain) or choose another seed.", path);
        if (checkpoint == Checkpoints.Last) Checkpoint.LoadModelFromLast(path, model);
        else Checkpoint.LoadWeights(path, model);
        model.eval();
        return model;
    }

    /// <summary>The experiment configuration stored in a run record.</summary>
    public static ExperimentConfig ConfigOf(RunRecord run)
    {
        var json = (System.Text.Json.Nodes.JsonObject)run.Configuration.DeepClone();
        json.Remove("seed");
        var config = System.Text.Json.JsonSerializer.Deserialize<ExperimentConfig>(json.ToJsonString(), ResultsJson.Options)
                     ?? throw new InvalidDataException($"run {run.RunId}: no configuration");
        return config with { Seed = run.Seed };
    }

    public static ClassificationReport Report(BeatTensors test, Predictions predictions, int classes) =>
        ClassificationReport.Compute(test.LabelArray, predictions.Predicted, predictions.Probabilities, test.ClassNames);

    /// <summary>Reports of the selected and the last checkpoint; the same weights (best epoch = last) are scored once.</summary>
    private (T Selected, T Last) ScoreCheckpoints<T>(Func<Predictions, T> report, Predictions selected, TrainingResult result,
        EcgClassifier model, BeatTensors test, string checkpoints, ExperimentConfig config)
    {
        var atSelected = report(selected);
        if (result.SelectedEpoch == result.History.Count - 1) return (atSelected, atSelected);
        Checkpoint.LoadModelFromLast(Path.Combine(checkpoints, Checkpoint.Last), model);
        return (atSelected, report(Score(config, model, test, Checkpoints.Last)));
    }

    /// <summary>The rule, fixed before training, that picks the checkpoint, in words for the run record.</summary>
    public static string CheckpointRule(ExperimentConfig config, BeatTensors validation)
    {
        var metric = $"best validation {config.Training.CheckpointMetric.Replace('_', '-')}";
        var over = validation.SelectionClasses.Count < validation.ClassNames.Count ? $" over {string.Join(", ", validation.SelectionClasses)}" : "";
        var on = config.Data.Source switch
        {
            null => $"on DS1 {string.Join(" ", config.Data.ValidationRecords)} (training on the other DS1 records)",
            { Split: SplitKind.InterPatient } => $"on DS1 {string.Join(" ", config.Data.ValidationRecords)} (training on the other DS1 records; test DS2)",
            { Split: SplitKind.CrossValidation } s => $"on fold {(s.Fold + 1) % StoredFolds} of the stored {StoredFolds} (test fold {s.Fold}, training on the other three)",
            _ => "on the stored validation part of the 8:1:1 split",
        };
        return $"{metric}{over} {on}; last epoch also evaluated";
    }

    private const int StoredFolds = Data.StoredSplits.Folds;

    /// <summary>Row keys of the result tables: "ResUNet/B2", "MACNN/MHCA", "EfficientECG/mhca".</summary>
    public static string RowBackbone(ExperimentConfig config) => config.Model.Backbone switch
    {
        BackboneKind.ResUNet => ResultTables.ResUNet,
        BackboneKind.MacnnSe => ResultTables.MACNN,
        BackboneKind.HannunResNet => "HannunResNet",
        _ => "EfficientECG",
    };

    public static string RowHead(ExperimentConfig config)
    {
        var parts = config.Name.Split('/');
        // The second paper's rows are named by data set and row: "cinc-cv/EfficientECG", "ludb/no-sex".
        if (parts[0] == DengExperiments.Prefix) return string.Join('/', parts[1..]);
        var head = parts[^1];
        return parts[0] == "macnn" && head == "MHCA-h1" ? "MHCA" : head;
    }

    private static void PrepareCheckpointDirectory(string directory, bool keep)
    {
        if (!keep && Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        Directory.CreateDirectory(directory);
        var parent = Path.GetDirectoryName(directory)!;
        var ignore = Path.Combine(parent, ".gitignore");
        if (!File.Exists(ignore)) AtomicFile.WriteAllText(ignore, "# model weights and optimiser state: large, reproducible from results/runs\n*\n");
    }

    public static Dictionary<string, string> LibraryVersions() => new()
    {
        ["libtorch"] = torch.__version__,
        ["TorchSharp"] = typeof(torch).Assembly.GetName().Version?.ToString(3) ?? "?",
        ["host memory"] = Engine.HostAllocator.Describe(),
        ["convolutions"] = Engine.OneDnn.Describe(),
        [".NET"] = RuntimeInformation.FrameworkDescription,
        ["OS"] = RuntimeInformation.OSDescription,
        ["cpu threads"] = torch.get_num_threads().ToString(),
    };
}
