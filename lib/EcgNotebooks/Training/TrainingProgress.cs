using EcgNotebooks.Evaluation;
using EcgNotebooks.Results;

namespace EcgNotebooks.Training;

/// <summary>A progress event: one per optimiser step (<see cref="Epoch"/> is null) and one per finished epoch.</summary>
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
    double? BestMetric);

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
        public void Report(TrainingProgress p)
        {
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
