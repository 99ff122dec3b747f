using System.Diagnostics;
using EcgNotebooks.Experiments;
using EcgNotebooks.Models;
using EcgNotebooks.Torch;
using EcgNotebooks.Torch.Optim;
using F = EcgNotebooks.Torch.NN.Functional;

namespace EcgNotebooks.Training;

/// <summary>Measured speed of one training step of a named model.</summary>
/// <param name="BeatsPerSecond">Training beats per second: forward + backward + optimiser step.</param>
/// <param name="InferenceBeatsPerSecond">Forward only, eval mode, no gradients.</param>
/// <param name="EstimatedRunSeconds">One run of the configuration: its epochs over its beats, validation every epoch, DS2 twice.</param>
/// <param name="PeakGpuMemoryBytes">Peak CUDA allocation over the timed steps; null on the CPU.</param>
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

    public static ThroughputResult Measure(ExperimentConfig config, Device device, int steps = 3, int maxBatch = 1024,
        TrainingPrecision precision = TrainingPrecision.Fp32)
    {
        var batch = Math.Min(config.Training.BatchSize, maxBatch);
        using var bench = new StepBench(config, device, batch, precision);
        var train = bench.Time(warmup: 1, steps);

        bench.Model.eval();
        double inference;
        var clock = Stopwatch.StartNew();
        using (torch.no_grad())
        {
            void Forward()
            {
                using var scope = torch.NewDisposeScope();
                using (precision.Autocast(device)) _ = bench.Model.call(bench.Input).Logits.to(ScalarType.Float32).sum().item<float>();   // item waits for the device
            }
            Forward();
            clock.Restart();
            for (var i = 0; i < steps; i++) Forward();
            inference = steps * batch / clock.Elapsed.TotalSeconds;
        }

        var t = config.Training;
        var perEpoch = t.MaxTrainBeatsPerEpoch > 0 ? Math.Min(t.MaxTrainBeatsPerEpoch, TrainBeats) : TrainBeats;
        var estimate = t.Epochs * (perEpoch / train.BeatsPerSecond + ValidationBeats / inference) + 2 * TestBeats / inference;
        return new ThroughputResult(config.Name, config.Profile, train.Parameters, batch, t.BatchSize, train.BeatsPerSecond, inference, estimate,
            train.PeakGpuMemoryBytes);
    }

    /// <summary>
    /// Times <paramref name="steps"/> training steps of the named model after <paramref name="warmup"/>,
    /// as the trainer runs them (its optimiser, class weights when configured, autocast for bf16),
    /// waiting for the device only at the end (as the PyTorch twins do).
    /// </summary>
    public static StepTiming TrainStep(ExperimentConfig config, Device device, int batch, int warmup, int steps,
        TrainingPrecision precision = TrainingPrecision.Fp32)
    {
        using var bench = new StepBench(config, device, batch, precision);
        return bench.Time(warmup, steps);
    }

    /// <summary>A seeded model, its optimiser and one random batch of the right shapes on the device.</summary>
    private sealed class StepBench : IDisposable
    {
        private readonly Device device;
        private readonly TrainingPrecision precision;
        private readonly Optimizer optimizer;
        private readonly DisposeScope tensors;
        private readonly Tensor target;
        private readonly Tensor? weights;
        private readonly int batch;

        public StepBench(ExperimentConfig config, Device device, int batch, TrainingPrecision precision)
        {
            this.device = device;
            this.precision = precision;
            this.batch = batch;
            var early = config.Model.Fusion.EarlyRr ? config.Data.EarlyRrFeatures.Length : 0;
            torch.manual_seed(0);
            Model = new EcgClassifier(config.Model, 1, config.Data.InputLength, config.Data.HeadRrFeatures().Length, early);
            Model.to(device);
            optimizer = Trainer.CreateOptimizer(config.Training, Model);
            tensors = torch.NewDisposeScope();
            Input = new ModelInput(
                torch.randn([batch, 1, config.Data.InputLength]).to(device),
                torch.randn([batch, Model.RrFeatures]).to(device),
                early > 0 ? torch.randn([batch, early]).to(device) : null,
                torch.full([batch], 50.0, ScalarType.Int64).to(device),
                torch.ones([batch], ScalarType.Int64).to(device));
            var labels = new Random(0).GetItems(Enumerable.Range(0, config.Model.Classes).ToArray(), batch);
            target = torch.tensor(labels.Select(l => (long)l).ToArray(), batch).to(device);
            weights = config.Training.Weighting == ClassWeighting.InverseFrequency
                ? torch.tensor(Trainer.InverseFrequencyWeights(labels, config.Model.Classes)).to(device)
                : null;
        }

        public EcgClassifier Model { get; }
        public ModelInput Input { get; }

        private void Step()
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            Tensor loss;
            using (precision.Autocast(device)) loss = F.cross_entropy(Model.call(Input).Logits, target, weight: weights);
            loss.backward();
            optimizer.step();
        }

        private void Wait()
        {
            if (device.Type == DeviceType.Cuda) torch.cuda_synchronize(Math.Max(0, device.Index));
        }

        public StepTiming Time(int warmup, int steps)
        {
            Model.train();
            for (var i = 0; i < warmup; i++) Step();   // allocator, oneDNN / cuDNN primitives
            Wait();
            if (device.Type == DeviceType.Cuda) torch.cuda_reset_peak_memory(Math.Max(0, device.Index));
            using var self = Process.GetCurrentProcess();
            var cpuStart = self.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < steps; i++) Step();
            Wait();
            var wall = clock.Elapsed.TotalSeconds;
            self.Refresh();
            var cpu = (self.TotalProcessorTime - cpuStart).TotalSeconds;
            long? peak = device.Type == DeviceType.Cuda ? torch.cuda_memory(Math.Max(0, device.Index)).PeakAllocated : null;
            double beats = (double)batch * steps;
            return new StepTiming(Model.parameter_count(), beats / wall, beats / Math.Max(cpu, 1e-9), peak is >= 0 ? peak : null);
        }

        public void Dispose()
        {
            tensors.Dispose();
            optimizer.Dispose();
            Model.Dispose();
        }
    }

    /// <summary>"12.3 GiB"; "n/a" where there is no GPU figure (CPU runs).</summary>
    public static string FormatMemory(long? bytes) =>
        bytes is { } b ? (b / (1024.0 * 1024 * 1024)).ToString("F2", System.Globalization.CultureInfo.InvariantCulture) + " GiB" : "n/a";
}
