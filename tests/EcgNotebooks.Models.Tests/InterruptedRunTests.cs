using EcgNotebooks.Experiments;
using EcgNotebooks.Results;
using static TorchSharp.torch;
using EcgNotebooks.Training;

namespace EcgNotebooks.Models.Tests;

/// <summary>
/// A run stopped by cancellation (what SIGINT/SIGTERM do in `ecg train`): the current step finishes, the record so far
/// is saved, and a resume continues it to the same metrics as an uninterrupted run, keeping the whole history.
/// </summary>
[Collection(TorchState.Name)]
public class InterruptedRunTests
{
    private sealed class FixedData(ExperimentSplits splits) : IExperimentData
    {
        public ExperimentSplits Load(DataConfig config, int classes = 4) => splits;
    }

    private static readonly ExperimentSplits Splits = new(TrainingTests.Synthetic(96, 2), TrainingTests.Synthetic(40, 3), TrainingTests.Synthetic(52, 4));

    /// <summary>Issue 16: the sweep's validation-only run of the chosen recipe becomes the full run without training again.</summary>
    [Fact]
    public void A_validation_only_run_is_completed_by_scoring_the_test_set_without_training_again()
    {
        var config = TrainingTests.Tiny(epochs: 2);
        var store = new RunStore(TempDir());
        var sweep = new ExperimentRunner(store, new FixedData(Splits), new RunnerOptions(CPU, ValidationOnly: true)).Run(config);
        Assert.Empty(sweep.TestMetrics);

        var steps = 0;
        var full = new ExperimentRunner(store, new FixedData(Splits), new RunnerOptions(CPU,
            Progress: ProgressSinks.Of(p => { if (p.Kind == ProgressKind.Training && p.Epoch is null) steps++; }))).Run(config);

        Assert.Equal(0, steps);
        Assert.Equal(sweep.RunId, full.RunId);
        Assert.Equal(sweep.History.Select(e => e.TrainLoss), full.History.Select(e => e.TrainLoss));
        Assert.Equal(sweep.SelectedEpoch, full.SelectedEpoch);
        Assert.Contains(Checkpoints.Selected, full.TestMetrics.Keys);
        Assert.Equal(sweep.StartedAt, full.StartedAt);
        var whole = new ExperimentRunner(new RunStore(TempDir()), new FixedData(Splits), new RunnerOptions(CPU)).Run(config);
        Assert.Equal(whole.TestMetrics[Checkpoints.Selected].Macro.F1, full.TestMetrics[Checkpoints.Selected].Macro.F1, 12);
    }

    [Fact]
    public void Cancelled_mid_epoch_saves_the_run_and_a_resume_keeps_every_session_and_ends_like_an_uninterrupted_run()
    {
        var config = TrainingTests.Tiny(epochs: 3);
        var whole = new ExperimentRunner(new RunStore(TempDir()), new FixedData(Splits), new RunnerOptions(CPU)).Run(config);

        var store = new RunStore(TempDir());
        using var cancel = new CancellationTokenSource();
        var steps = new List<(int Epoch, int Step)>();
        var progress = ProgressSinks.Of(p =>
        {
            if (p.Kind != ProgressKind.Training || p.Epoch is not null) return;
            steps.Add((p.EpochIndex, p.Step));
            if (p.EpochIndex == 1 && p.Step == 2) cancel.Cancel();   // "SIGINT" during epoch 2, step 2
        });
        var first = new ExperimentRunner(store, new FixedData(Splits),
            new RunnerOptions(CPU, Progress: progress, Cancellation: cancel.Token));

        Assert.Throws<OperationCanceledException>(() => first.Run(config));

        Assert.Equal((1, 2), steps[^1]);                     // the step in progress finished, no further one started
        var saved = Assert.Single(store.List());
        Assert.False(saved.Completed);
        Assert.Single(saved.Run.History);                    // epoch 1; the unfinished epoch 2 is dropped
        var interrupted = Assert.Single(saved.Run.Sessions);
        Assert.Equal(("interrupted", 0, 1), (interrupted.Outcome, interrupted.FromEpoch, interrupted.EpochsDone));
        Assert.True(File.Exists(Path.Combine(first.CheckpointDirectory(saved.Run.RunId), Checkpoint.Last)));

        var events = new List<TrainingProgress>();
        var resumed = new ExperimentRunner(store, new FixedData(Splits),
            new RunnerOptions(CPU, Progress: ProgressSinks.Of(events.Add))).Run(config);

        var resuming = Assert.Single(events, e => e.Kind == ProgressKind.Resuming);
        Assert.Equal(1, resuming.EpochIndex);                // continues with epoch 2 (0-based 1)
        var lines = new StringWriter();
        ProgressSinks.Lines(lines).Report(resuming);
        Assert.Contains("continuing with epoch 2/3", lines.ToString());

        Assert.Equal(whole.History.Select(e => e.TrainLoss), resumed.History.Select(e => e.TrainLoss));
        Assert.Equal(whole.TestMetrics[Checkpoints.Selected].OverallAccuracy, resumed.TestMetrics[Checkpoints.Selected].OverallAccuracy);
        var record = store.ListCompleted().Single();
        Assert.Equal(["interrupted", "finished"], record.Sessions.Select(s => s.Outcome));
        Assert.Equal((1, 3), (record.Sessions[1].FromEpoch, record.Sessions[1].EpochsDone));
        Assert.Equal(record.Sessions[0].StartedAt, record.StartedAt);    // the first start, not the resume's
        Assert.True(record.Sessions[1].StartedAt > record.Sessions[0].EndedAt);
        Assert.Equal(record.Sessions.Sum(s => s.Seconds), record.DurationsSeconds["total"], 6);
        Assert.True(record.DurationsSeconds["train"] > 0 && record.DurationsSeconds["data"] > 0);

        // DS2 scoring reports its progress, up to every test beat, for the selected checkpoint.
        var scoring = events.Where(e => e.Kind == ProgressKind.Scoring && e.Checkpoint == Checkpoints.Selected).ToList();
        Assert.Equal(0, scoring[0].Step);
        Assert.Equal(Splits.Test.Count, scoring[^1].Step);
        Assert.All(scoring, e => Assert.Equal(Splits.Test.Count, e.StepsPerEpoch));
    }

    private static string TempDir() => Directory.CreateTempSubdirectory("ecg-interrupt-").FullName;
}
