using EcgNotebooks.Evaluation;
using EcgNotebooks.Results;

namespace EcgNotebooks.Training;

/// <summary>
/// A progress event. <see cref="ProgressKind.Training"/>: one per optimiser step (<see cref="Epoch"/> is null) and one per
/// finished epoch; <see cref="ProgressKind.Resuming"/>: once before a resumable run trains; <see cref="ProgressKind.Scoring"/>:
/// DS2 scoring after training, per batch.
/// </summary>
public sealed record TrainingProgress(
    string Run,
    int EpochIndex,
    int Epochs,
    int Step,
    int StepsPerEpoch,
    double Loss,
    double BeatsPerSecond,
    TimeSpan Elapsed,
    TimeSpan? Remaining,
    EpochRecord? Epoch,
    double? BestMetric,
    ProgressKind Kind = ProgressKind.Training)
{
    /// <summary>The event a resumable run sends before training: <see cref="EpochIndex"/> is the epoch it continues with (0: nothing to resume).</summary>
    public static TrainingProgress Resuming(string run, int nextEpoch, int epochs, int stepsPerEpoch) =>
        new(run, nextEpoch, epochs, 0, stepsPerEpoch, double.NaN, 0, TimeSpan.Zero, null, null, null, ProgressKind.Resuming);

    /// <summary>Scoring DS2 after training: <see cref="Step"/> of <see cref="StepsPerEpoch"/> beats scored.</summary>
    public static TrainingProgress Scoring(string run, string checkpoint, int done, int total, TimeSpan elapsed) =>
        new(run, 0, 1, done, total, double.NaN, done / Math.Max(elapsed.TotalSeconds, 1e-9), elapsed,
            done > 0 ? TimeSpan.FromSeconds(elapsed.TotalSeconds / done * (total - done)) : null, null, null, ProgressKind.Scoring)
        { Checkpoint = checkpoint };

    /// <summary>For <see cref="ProgressKind.Scoring"/>: which checkpoint is scored.</summary>
    public string? Checkpoint { get; init; }
}

/// <summary>What a <see cref="TrainingProgress"/> event reports.</summary>
public enum ProgressKind
{
    /// <summary>A training step, or a finished epoch when <see cref="TrainingProgress.Epoch"/> is set.</summary>
    Training,
    /// <summary>Where a resumable run continues, sent once before training.</summary>
    Resuming,
    /// <summary>DS2 scoring after training, batch by batch.</summary>
    Scoring,
}

/// <summary>
/// Receives training progress. The CLI renders it with Spectre.Console, notebooks with an
/// updating display; <see cref="Silent"/> drops it. Plain <see cref="IProgress{T}"/> so any
/// front end can plug in.
/// </summary>
public static class ProgressSinks
{
    public static readonly IProgress<TrainingProgress> Silent = new Callback(_ => { });

    /// <summary>Calls <paramref name="report"/> synchronously on the training thread (System.Progress would post it elsewhere).</summary>
    public static IProgress<TrainingProgress> Of(Action<TrainingProgress> report) => new Callback(report);

    private sealed class Callback(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    /// <summary>One line per epoch on a TextWriter (logs, notebooks without rich display).</summary>
    public static IProgress<TrainingProgress> Lines(TextWriter writer) => new LineProgress(writer);

    private sealed class LineProgress(TextWriter writer) : IProgress<TrainingProgress>
    {
        private int lastScoringTenth = -1;

        public void Report(TrainingProgress p)
        {
            if (p.Kind == ProgressKind.Resuming)
            {
                writer.WriteLine(p.EpochIndex == 0
                    ? $"{p.Run}: no checkpoint to resume from; starting at epoch 1/{p.Epochs}"
                    : p.EpochIndex >= p.Epochs
                        ? $"{p.Run}: resuming after all {p.Epochs} epochs (training is done; scoring the test set)"
                        : $"{p.Run}: resuming from the checkpoint of epoch {p.EpochIndex}: continuing with epoch {p.EpochIndex + 1}/{p.Epochs}");
                return;
            }
            if (p.Kind == ProgressKind.Scoring)
            {
                // A line at every tenth of the beats, and the last.
                int tenth = p.StepsPerEpoch > 0 ? 10 * p.Step / p.StepsPerEpoch : 10;
                if (p.Step > 0 && tenth == lastScoringTenth && p.Step < p.StepsPerEpoch) return;
                lastScoringTenth = p.Step >= p.StepsPerEpoch ? -1 : tenth;
                writer.WriteLine($"{p.Run}: scoring the test set ({p.Checkpoint} checkpoint) {p.Step:N0}/{p.StepsPerEpoch:N0} items, {p.BeatsPerSecond:F0} beats/s, ETA {Format(p.Remaining)}");
                return;
            }
            if (p.Epoch is not { } e) return;
            var v = e.ValidationMetrics;
            writer.WriteLine(
                $"{p.Run} epoch {e.Epoch + 1}/{p.Epochs}: loss {e.TrainLoss:F4}, val loss {v.GetValueOrDefault(ValidationKeys.Loss):F4}, " +
                $"val macro-AUPRC {v.GetValueOrDefault(ValidationKeys.MacroAuprc):F4}, AUROC {v.GetValueOrDefault(ValidationKeys.MacroAuroc):F4}, " +
                $"F1 {v.GetValueOrDefault(ValidationKeys.MacroF1):F4}, lr {e.LearningRate:G3}, {e.BeatsPerSecond:F0} beats/s, ETA {Format(p.Remaining)}");
        }
    }

    /// <summary>"m:ss" below an hour, else total hours "h:mm:ss" (days folded into the hours).</summary>
    public static string Format(TimeSpan? t) => t is { } v
        ? v.TotalHours >= 1 ? $"{(long)v.TotalHours}:{v.Minutes:00}:{v.Seconds:00}" : v.ToString(@"m\:ss")
        : "–";
}

/// <summary>Keys of <see cref="EpochRecord.ValidationMetrics"/> the trainer fills (metric keys of the eval code, plus the loss).</summary>
public static class ValidationKeys
{
    public const string Loss = "loss";
    public static readonly string MacroAuprc = MetricKeys.MacroOf(MetricKeys.Auprc);
    public static readonly string MacroAuroc = MetricKeys.MacroOf(MetricKeys.Auroc);
    public static readonly string MacroF1 = MetricKeys.MacroOf(MetricKeys.F1);

    /// <summary>The validation key of a checkpoint rule named in <see cref="Experiments.CheckpointMetrics"/>.</summary>
    public static string Of(string checkpointMetric) => checkpointMetric switch
    {
        Experiments.CheckpointMetrics.MacroAuprc => MacroAuprc,
        Experiments.CheckpointMetrics.MacroAuroc => MacroAuroc,
        Experiments.CheckpointMetrics.MacroF1 => MacroF1,
        _ => throw new ArgumentException($"unknown checkpoint metric '{checkpointMetric}' (expected {string.Join(", ", Experiments.CheckpointMetrics.All)})"),
    };
}
