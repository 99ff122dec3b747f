using System.Diagnostics;
using EcgNotebooks.Experiments;
using EcgNotebooks.Models;
using EcgNotebooks.Engine;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace EcgNotebooks.Training;

/// <summary>Measured speed of one training step of a named model.</summary>
/// <param name="BeatsPerSecond">Training beats per second: forward + backward + optimiser step.</param>
/// <param name="InferenceBeatsPerSecond">Forward only, eval mode, no gradients.</param>
/// <param name="EstimatedRunSeconds">One run of the configuration: its epochs over its beats, validation every epoch, DS2 twice
/// (NaN for the second paper's data sets, whose item counts the bench does not read).</param>
/// <param name="PeakGpuMemoryBytes">Peak CUDA allocation over the timed steps; null on the CPU, and with TorchSharp 0.107, which exposes no CUDA memory statistics.</param>
public sealed record ThroughputResult(
    string Experiment, Profile Profile, long Parameters, int Batch, int ConfiguredBatch,
    double BeatsPerSecond, double InferenceBeatsPerSecond, double EstimatedRunSeconds, long? PeakGpuMemoryBytes = null);

/// <summary>One timed series of training steps: wall-clock and per-CPU-second rates (the latter robust on a shared machine).</summary>
public sealed record StepTiming(long Parameters, double BeatsPerSecond, double BeatsPerCpuSecond, long? PeakGpuMemoryBytes);

/// <summary>
/// Times training steps on random inputs of the right shapes (speed does not depend on the
/// values). Used by `ecg models bench` to choose the quick profile's sizes.
/// </summary>
public static class Throughput
{
    /// <summary>Beats in the paper's splits (window 720 fits): DS1 training records, validation records, DS2.</summary>
    public const int TrainBeats = 41_000, ValidationBeats = 9_900, TestBeats = 49_650;
    /// <summary>N, S, V, F beats of the 17 DS1 training records (`ecg data summary --split train --classes 4`), for class-capped epochs.</summary>
    public static readonly int[] TrainClassBeats = [36_399, 697, 3_416, 394];

    public static ThroughputResult Measure(ExperimentConfig config, Device device, int steps = 3, int maxBatch = 1024)
    {
        var batch = Math.Min(config.Training.BatchSize, maxBatch);
        using var bench = new StepBench(config, device, batch);
        var train = bench.Time(warmup: 1, steps);

        bench.Model.eval();
        double inference;
        var clock = Stopwatch.StartNew();
        using (torch.no_grad())
        {
            void Forward()
            {
                using var scalars = Engine.ScalarLifetime.Protect();   // as inference's batches
                using var scope = torch.NewDisposeScope();
                _ = bench.Model.call(bench.Input).Logits.to(ScalarType.Float32).sum().item<float>();   // item waits for the device
            }
            Forward();
            clock.Restart();
            for (var i = 0; i < steps; i++) Forward();
            inference = steps * batch / clock.Elapsed.TotalSeconds;
        }

        var t = config.Training;
        var perEpoch = t.Balance is { ClassCap: > 0 } b ? TrainClassBeats.Sum(n => Math.Min(n, b.ClassCap))
            : t.MaxTrainBeatsPerEpoch > 0 ? Math.Min(t.MaxTrainBeatsPerEpoch, TrainBeats) : TrainBeats;
        // The item counts are MIT-BIH's DS1/DS2 beats; another data set's run is not estimated (NaN).
        var estimate = config.Data.Source is not null ? double.NaN
            : t.Epochs * (perEpoch / train.BeatsPerSecond + ValidationBeats / inference) + 2 * TestBeats / inference;
        return new ThroughputResult(config.Name, config.Profile, train.Parameters, batch, t.BatchSize, train.BeatsPerSecond, inference, estimate,
            train.PeakGpuMemoryBytes);
    }

    /// <summary>
    /// Times <paramref name="steps"/> training steps of the named model after <paramref name="warmup"/>,
    /// as the trainer runs them (its optimiser, class weights when configured),
    /// waiting for the device only at the end (as the PyTorch twins do).
    /// </summary>
    public static StepTiming TrainStep(ExperimentConfig config, Device device, int batch, int warmup, int steps)
    {
        using var bench = new StepBench(config, device, batch);
        return bench.Time(warmup, steps);
    }

    /// <summary>A seeded model, its optimiser and one random batch of the right shapes on the device.</summary>
    private sealed class StepBench : IDisposable
    {
        private readonly Device device;
        private readonly optim.Optimizer optimizer;
        private readonly DisposeScope tensors;
        private readonly IDisposable convolutions;
        private readonly Tensor target;
        private readonly Tensor? weights;
        private readonly int batch;

        public StepBench(ExperimentConfig config, Device device, int batch)
        {
            this.device = device;
            this.batch = batch;
            var early = config.Model.Fusion.EarlyRr ? config.Data.EarlyRrFeatures.Length : 0;
            torch.manual_seed(0);
            Model = new EcgClassifier(config.Model, 1, config.Data.InputLength, config.Data.HeadRrFeatures().Length, early);
            Model.to(device);
            convolutions = Engine.OneDnn.EnableWhile(Model.Backbone.OneDnnSafe);   // the kernels its training runs use
            optimizer = Trainer.CreateOptimizer(config.Training, Model);
            tensors = torch.NewDisposeScope();
            Input = new ModelInput(
                torch.randn([batch, 1, config.Data.InputLength], device: device),
                torch.randn([batch, Model.RrFeatures], device: device),
                early > 0 ? torch.randn([batch, early], device: device) : null,
                torch.full([batch], 50, ScalarType.Int64, device: device),
                torch.ones([batch], ScalarType.Int64, device: device));
            var labels = new Random(0).GetItems(Enumerable.Range(0, config.Model.Classes).ToArray(), batch);
            target = torch.tensor(labels.Select(l => (long)l).ToArray()).to(device);
            weights = config.Training.Weighting == ClassWeighting.InverseFrequency
                ? torch.tensor(Trainer.InverseFrequencyWeights(labels, config.Model.Classes)).to(device)
                : null;
        }

        public EcgClassifier Model { get; }
        public ModelInput Input { get; }

        private void Step()
        {
            using var scalars = Engine.ScalarLifetime.Protect();   // as the trainer's steps
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = F.cross_entropy(Model.call(Input).Logits, target, weight: weights);
            loss.backward();
            optimizer.step();
        }

        private void Wait()
        {
            if (device.type == DeviceType.CUDA) cuda.synchronize(device);
        }

        public StepTiming Time(int warmup, int steps)
        {
            Model.train();
            for (var i = 0; i < warmup; i++) Step();   // allocator, oneDNN / cuDNN primitives
            Wait();
            using var self = Process.GetCurrentProcess();
            var cpuStart = self.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < steps; i++) Step();
            Wait();
            var wall = clock.Elapsed.TotalSeconds;
            self.Refresh();
            var cpu = (self.TotalProcessorTime - cpuStart).TotalSeconds;
            double beats = (double)batch * steps;
            return new StepTiming(Model.ParameterCount(), beats / wall, beats / Math.Max(cpu, 1e-9), null);
        }

        public void Dispose()
        {
            tensors.Dispose();
            optimizer.Dispose();
            Model.Dispose();
            convolutions.Dispose();
        }
    }

    /// <summary>"12.3 GiB"; "n/a" where there is no GPU figure (CPU runs).</summary>
    public static string FormatMemory(long? bytes) =>
        bytes is { } b ? (b / (1024.0 * 1024 * 1024)).ToString("F2", System.Globalization.CultureInfo.InvariantCulture) + " GiB" : "n/a";
}
