using System.Diagnostics;
using EcgNotebooks.Experiments;
using EcgNotebooks.Models;
using EcgNotebooks.Torch;
using F = EcgNotebooks.Torch.NN.Functional;

namespace EcgNotebooks.Training;

/// <summary>Measured speed of one training step of a named model.</summary>
/// <param name="BeatsPerSecond">Training beats per second: forward + backward + optimiser step.</param>
/// <param name="InferenceBeatsPerSecond">Forward only, eval mode, no gradients.</param>
/// <param name="EstimatedRunSeconds">One run of the configuration: its epochs over its beats, validation every epoch, DS2 twice.</param>
public sealed record ThroughputResult(
    string Experiment, Profile Profile, long Parameters, int Batch, int ConfiguredBatch,
    double BeatsPerSecond, double InferenceBeatsPerSecond, double EstimatedRunSeconds);

/// <summary>
/// Times training steps on random inputs of the right shapes (speed does not depend on the
/// values). Used by `ecg models bench` to choose the quick profile's sizes.
/// </summary>
public static class Throughput
{
    /// <summary>Beats in the paper's splits (window 720 fits): DS1 training records, validation records, DS2.</summary>
    public const int TrainBeats = 41_000, ValidationBeats = 9_900, TestBeats = 49_650;

    public static ThroughputResult Measure(ExperimentConfig config, Device device, int steps = 3, int maxBatch = 1024)
    {
        var batch = Math.Min(config.Training.BatchSize, maxBatch);
        var early = config.Model.Fusion.EarlyRr ? config.Data.EarlyRrFeatures.Length : 0;
        torch.manual_seed(0);
        using var model = new EcgClassifier(config.Model, 1, config.Data.InputLength, config.Data.HeadRrFeatures().Length, early);
        model.to(device);
        using var optimizer = Trainer.CreateOptimizer(config.Training, model);
        using var inputs = torch.NewDisposeScope();
        var input = new ModelInput(
            torch.randn([batch, 1, config.Data.InputLength]).to(device),
            torch.randn([batch, model.RrFeatures]).to(device),
            early > 0 ? torch.randn([batch, early]).to(device) : null,
            torch.full([batch], 50.0, ScalarType.Int64).to(device),
            torch.ones([batch], ScalarType.Int64).to(device));
        var target = torch.randint(0, config.Model.Classes, [batch]).to(device);

        void Step()
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = F.cross_entropy(model.call(input).Logits, target);
            loss.backward();
            optimizer.step();
            _ = loss.item<float>();   // waits for the device
        }

        model.train();
        Step();                       // warm-up: allocator, oneDNN primitives
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++) Step();
        var train = steps * batch / clock.Elapsed.TotalSeconds;

        model.eval();
        double inference;
        using (torch.no_grad())
        {
            using (var warm = torch.NewDisposeScope()) _ = model.call(input).Logits.sum().item<float>();
            clock.Restart();
            for (var i = 0; i < steps; i++)
            {
                using var scope = torch.NewDisposeScope();
                _ = model.call(input).Logits.sum().item<float>();
            }
            inference = steps * batch / clock.Elapsed.TotalSeconds;
        }

        var t = config.Training;
        var perEpoch = t.MaxTrainBeatsPerEpoch > 0 ? Math.Min(t.MaxTrainBeatsPerEpoch, TrainBeats) : TrainBeats;
        var estimate = t.Epochs * (perEpoch / train + ValidationBeats / inference) + 2 * TestBeats / inference;
        return new ThroughputResult(config.Name, config.Profile, model.parameter_count(), batch, t.BatchSize, train, inference, estimate);
    }
}
