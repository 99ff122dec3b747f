using EcgNotebooks.Experiments;
using EcgNotebooks.Models;
using EcgNotebooks.Engine;
using TorchSharp;
using static TorchSharp.torch;
using EcgNotebooks.Training;

namespace EcgNotebooks.Models.Tests;

[Collection(TorchState.Name)]
public class TrainingTests
{
    /// <summary>A tiny MACNN with an MHCA head: fast, and it has dropout, BN and attention.</summary>
    internal static ExperimentConfig Tiny(int epochs = 3, double lr = 3e-3, int seed = 5) =>
        NamedExperiments.Get("macnn/Hybrid", Profile.Quick, seed) with
        {
            Model = NamedExperiments.Get("macnn/Hybrid", Profile.Quick).Model with { Macnn = new MacnnOptions(Width: 2) },
            Data = new DataConfig(InputLength: 64, RrFeatures: ["a", "b", "c"], EarlyRrFeatures: ["a", "b"]),
            Training = new TrainingConfig(OptimizerKind.AdamW, lr, 1e-3, ScheduleKind.ExponentialPerIteration, BatchSize: 16, Epochs: epochs,
                Weighting: ClassWeighting.InverseFrequency, Gamma: 0.9, Every: 5),
        };

    /// <summary>Synthetic beats whose class is written into both the morphology and one RR column.</summary>
    internal static SplitArrays Synthetic(int n, int seed, int window = 720)
    {
        var random = new Random(seed);
        var beats = new float[n * window];
        var rr = new float[n * 3];
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            var label = i % 4;
            labels[i] = label;
            for (var t = 0; t < window; t++)
                beats[i * window + t] = (float)(Math.Sin(2 * Math.PI * (label + 1) * t / window) + 0.3 * (random.NextDouble() - 0.5));
            rr[i * 3] = label - 1.5f;
            rr[i * 3 + 1] = (float)(random.NextDouble() - 0.5);
            rr[i * 3 + 2] = (float)(random.NextDouble() - 0.5);
        }
        return new SplitArrays(beats, 1, window, rr, ["a", "b", "c"], labels,
            Enumerable.Repeat(60, n).ToArray(), Enumerable.Repeat(1, n).ToArray(),
            Enumerable.Range(0, n).Select(i => (100 + i % 3).ToString()).ToArray(), Enumerable.Range(0, n).Select(i => 400 + i * 300).ToArray());
    }

    private static string TempDir() => Directory.CreateTempSubdirectory("ecg-train-").FullName;

    [Fact]
    public void A_batch_can_be_overfitted()
    {
        var config = Tiny(epochs: 60, lr: 1e-2) with { Training = Tiny().Training with { Epochs = 60, BatchSize = 32, Schedule = ScheduleKind.Constant, LearningRate = 1e-2 } };
        using var data = Synthetic(32, 1).ToTensors(config.Data, earlyRr: true, torch.CPU);
        using var model = Trainer.CreateModel(config, data, torch.CPU);
        var result = new Trainer(config, new TrainerOptions(torch.CPU, TempDir())).Fit(model, data, data);
        Assert.True(result.History[^1].TrainLoss < 0.1 * result.History[0].TrainLoss,
            $"loss went from {result.History[0].TrainLoss} to {result.History[^1].TrainLoss}");
        var predictions = Inference.Predict(model, data);
        Assert.Equal(data.LabelArray, predictions.Predicted);
    }

    [Fact]
    public void Resume_after_a_kill_ends_with_the_same_metrics_as_an_uninterrupted_run()
    {
        var config = Tiny(epochs: 3);
        var trainArrays = Synthetic(96, 2);
        var validationArrays = Synthetic(40, 3);

        TrainingResult Train(string dir, int? stopAfter, bool resume)
        {
            using var train = trainArrays.ToTensors(config.Data, true, torch.CPU);
            using var validation = validationArrays.ToTensors(config.Data, true, torch.CPU);
            using var model = Trainer.CreateModel(config, train, torch.CPU);
            return new Trainer(config, new TrainerOptions(torch.CPU, dir, resume, StopAfterEpochs: stopAfter))
                .Fit(model, train, validation);
        }

        var whole = Train(TempDir(), null, false);
        var dir = TempDir();
        var first = Train(dir, stopAfter: 1, resume: false);   // "killed" after one epoch
        Assert.False(first.Finished);
        var resumed = Train(dir, null, resume: true);
        Assert.True(resumed.Finished);
        Assert.Equal(whole.History.Count, resumed.History.Count);
        for (var e = 0; e < whole.History.Count; e++)
        {
            Assert.Equal(whole.History[e].TrainLoss, resumed.History[e].TrainLoss);
            Assert.Equal(whole.History[e].ValidationMetrics, resumed.History[e].ValidationMetrics);
        }
        Assert.Equal(whole.SelectedEpoch, resumed.SelectedEpoch);
    }

    [Fact]
    public void A_non_finite_loss_stops_with_a_clear_message_and_keeps_the_last_good_checkpoint()
    {
        var config = Tiny(epochs: 3);
        var arrays = Synthetic(32, 4);
        var dir = TempDir();
        using var train = arrays.ToTensors(config.Data, true, torch.CPU);
        using (var model = Trainer.CreateModel(config, train, torch.CPU))
            new Trainer(config with { Training = config.Training with { Epochs = 1 } }, new TrainerOptions(torch.CPU, dir)).Fit(model, train, train);
        var good = File.ReadAllBytes(Path.Combine(dir, Checkpoint.Last));

        // An RR value of +inf poisons the attention query, so the loss of the very next step is NaN.
        var poisoned = arrays with { Rr = arrays.Rr.Select((v, i) => i == 0 ? float.PositiveInfinity : v).ToArray() };
        using var bad = poisoned.ToTensors(config.Data, true, torch.CPU);
        using var model2 = Trainer.CreateModel(config, bad, torch.CPU);
        var error = Assert.Throws<TrainingDivergedException>(() =>
            new Trainer(config, new TrainerOptions(torch.CPU, dir, Resume: true)).Fit(model2, bad, bad));
        Assert.Contains("epoch 2", error.Message);
        Assert.Contains(Checkpoint.Last, error.Message);
        Assert.Equal(good, File.ReadAllBytes(Path.Combine(dir, Checkpoint.Last)));
    }

    [Fact]
    public void Schedules_follow_the_papers()
    {
        var resunet = NamedExperiments.Get("resunet/B2", Profile.Paper).Training;
        Assert.Equal(1e-4, LearningRateSchedule.At(resunet, 19, 0), 12);
        Assert.Equal(5e-5, LearningRateSchedule.At(resunet, 20, 0), 12);
        Assert.Equal(2.5e-5, LearningRateSchedule.At(resunet, 45, 0), 12);
        var macnn = NamedExperiments.Get("macnn/Hybrid", Profile.Paper).Training;
        Assert.Equal(5e-3 * 0.99, LearningRateSchedule.At(macnn, 0, 200), 12);    // the authors' 0.005 → 0.00495 after 200 steps
        var noam = NamedExperiments.Get("grid/efficientecg/none", Profile.Paper).Training;
        Assert.Equal(noam.LearningRate, LearningRateSchedule.At(noam, 0, noam.WarmupSteps - 1), 12);  // the peak is the configured lr
        Assert.True(LearningRateSchedule.At(noam, 0, 10) < LearningRateSchedule.At(noam, 0, 100));
        Assert.True(LearningRateSchedule.At(noam, 0, 4 * noam.WarmupSteps) < noam.LearningRate);
    }

    [Fact]
    public void Inverse_frequency_weights_sum_to_the_class_count()
    {
        var w = Trainer.InverseFrequencyWeights([0, 0, 0, 1, 2, 2], 4);
        Assert.Equal(4f, w.Sum(), 5);
        Assert.Equal(0f, w[3]);
        Assert.Equal(3 * w[0], w[1], 5);
    }

    [Fact]
    public void Epoch_order_is_a_seeded_permutation()
    {
        var a = Trainer.EpochOrder(100, 100, 1, 0);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), a.Order());
        Assert.Equal(a, Trainer.EpochOrder(100, 100, 1, 0));
        Assert.NotEqual(a, Trainer.EpochOrder(100, 100, 1, 1));
        Assert.NotEqual(a, Trainer.EpochOrder(100, 100, 2, 0));
        Assert.Equal(30, Trainer.EpochOrder(100, 30, 1, 0).Length);
    }
}
