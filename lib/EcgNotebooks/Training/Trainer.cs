using System.Diagnostics;
using EcgNotebooks.Engine;
using EcgNotebooks.Evaluation;
using EcgNotebooks.Experiments;
using EcgNotebooks.Models;
using EcgNotebooks.Results;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace EcgNotebooks.Training;

/// <summary>The loss became NaN or infinite; the last good checkpoint is left in place.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);

/// <param name="CheckpointDirectory">Where last.safetensors / selected.safetensors live.</param>
/// <param name="Resume">Continue from last.safetensors if it exists (else start fresh).</param>
/// <param name="StopAfterEpochs">Stop (as if killed) after this many epochs of this call; for tests and time-boxed runs.</param>
/// <param name="Precision">Arithmetic precision (fp32; see <see cref="TrainingPrecision"/>); a runtime option, not part of the configuration hash.</param>
/// <param name="Tf32">torch.backends.allow_tf32 for the run (matters on CUDA only).</param>
/// <param name="LossCheckEvery">
/// Steps between reads of the loss to the host (NaN check, loss sum, progress). Each read waits for
/// the device, so on CUDA it is read every <see cref="DefaultCudaLossCheckEvery"/> steps; null = 1 on
/// the CPU (where nothing is queued) and that on CUDA. The epoch's last step is always read, before
/// any checkpoint is written.
/// </param>
public sealed record TrainerOptions(
    Device Device,
    string CheckpointDirectory,
    bool Resume = false,
    IProgress<TrainingProgress>? Progress = null,
    int? StopAfterEpochs = null,
    CancellationToken Cancellation = default,
    TrainingPrecision Precision = TrainingPrecision.Fp32,
    bool Tf32 = true,
    int? LossCheckEvery = null)
{
    public const int DefaultCudaLossCheckEvery = 25;
}

/// <summary>What training produced: the history and the checkpoints (DS2 is not touched here).</summary>
public sealed record TrainingResult(
    IReadOnlyList<EpochRecord> History,
    int SelectedEpoch,
    double SelectedMetric,
    string SelectedCheckpoint,
    string LastCheckpoint,
    bool Finished,
    TimeSpan Duration,
    long? PeakGpuMemoryBytes = null);

/// <summary>
/// Trains one <see cref="ExperimentConfig"/>: seeded data order (System.Random(seed, epoch)),
/// learning rate from <see cref="LearningRateSchedule"/> every step, optional class weights,
/// validation on held-out DS1 patients after every epoch, the checkpoint rule fixed in the
/// configuration, a full checkpoint every epoch.
/// </summary>
public sealed class Trainer
{
    private readonly ExperimentConfig config;
    private readonly TrainerOptions options;

    public Trainer(ExperimentConfig config, TrainerOptions options)
    {
        this.config = config;
        this.options = options;
    }

    /// <summary>A model for this configuration and data, seeded, on the device.</summary>
    public static EcgClassifier CreateModel(ExperimentConfig config, BeatTensors data, Device device)
    {
        torch.manual_seed(config.Seed);
        var model = new EcgClassifier(config.Model, data.Leads, data.InputLength, data.RrFeatures, data.EarlyRrFeatures);
        model.to(device);
        return model;
    }

    public static optim.Optimizer CreateOptimizer(TrainingConfig training, EcgClassifier model) => training.Optimizer switch
    {
        OptimizerKind.Adam => optim.Adam(model.parameters(), lr: training.LearningRate, weight_decay: training.WeightDecay),
        OptimizerKind.AdamW => optim.AdamW(model.parameters(), lr: training.LearningRate, weight_decay: training.WeightDecay),
        _ => throw new ArgumentOutOfRangeException(nameof(training), training.Optimizer, "unknown optimizer"),
    };

    /// <summary>w_c ∝ 1/count_c over the training labels, rescaled so Σw = number of classes (MACNN's weighting); absent classes get 0.</summary>
    public static float[] InverseFrequencyWeights(IReadOnlyList<int> labels, int classes)
    {
        var counts = new double[classes];
        foreach (var l in labels) counts[l]++;
        var raw = counts.Select(c => c > 0 ? 1.0 / c : 0.0).ToArray();
        var sum = raw.Sum();
        return raw.Select(w => (float)(w / sum * classes)).ToArray();
    }

    public TrainingResult Fit(EcgClassifier model, BeatTensors train, BeatTensors validation)
    {
        var t = config.Training;
        var device = options.Device;
        var progress = options.Progress ?? ProgressSinks.Silent;
        using var optimizer = CreateOptimizer(t, model);
        var classes = config.Model.Classes;
        var cap = t.Balance?.ClassCap ?? 0;
        if (cap > 0 && t.MaxTrainBeatsPerEpoch > 0)
            throw new ArgumentException($"{config.Name}: a class cap sets the epoch's beats; MaxTrainBeatsPerEpoch must be 0.");
        if (t.Balance is { WeightPower: > 0 } && t.Weighting != ClassWeighting.None)
            throw new ArgumentException($"{config.Name}: Balance.WeightPower and Weighting = {t.Weighting} both weight the loss; set one.");
        if (train.MultiLabel && (cap > 0 || t.Balance is { WeightPower: > 0 } || t.Weighting != ClassWeighting.None))
            throw new ArgumentException($"{config.Name}: class caps and class weights are single-label recipes; a multi-label task trains unweighted.");
        if (train.ClassNames.Count != classes)
            throw new ArgumentException($"{config.Name}: the model has {classes} outputs, the data {train.ClassNames.Count} classes ({string.Join(", ", train.ClassNames)}).");
        var epochCounts = EpochClassCounts(train.LabelArray, classes, cap);
        using var classWeights = t.Weighting == ClassWeighting.InverseFrequency
            ? torch.tensor(InverseFrequencyWeights(train.LabelArray, classes)).to(device)
            : t.Balance is { WeightPower: > 0 } b
                ? torch.tensor(PowerWeights(epochCounts, b.WeightPower)).to(device)
                : null;
        var metricKey = ValidationKeys.Of(t.CheckpointMetric);
        var selectedPath = Path.Combine(options.CheckpointDirectory, Checkpoint.Selected);
        var lastPath = Path.Combine(options.CheckpointDirectory, Checkpoint.Last);

        var state = (options.Resume ? Checkpoint.LoadLast(options.CheckpointDirectory, model, optimizer) : null)
                    ?? new TrainerState(0, 0, -1, double.NegativeInfinity, new List<EpochRecord>());
        var history = state.History;
        var step = state.Step;
        var selectedEpoch = state.SelectedEpoch;
        var selectedMetric = state.SelectedMetric;

        var available = cap > 0 ? (int)epochCounts.Sum() : train.Count;
        var beatsPerEpoch = t.MaxTrainBeatsPerEpoch > 0 ? Math.Min(t.MaxTrainBeatsPerEpoch, available) : available;
        var stepsPerEpoch = (beatsPerEpoch + t.BatchSize - 1) / t.BatchSize;
        var checkEvery = Math.Max(1, options.LossCheckEvery ?? (device.type == DeviceType.CUDA ? TrainerOptions.DefaultCudaLossCheckEvery : 1));
        TrainingPrecisions.ApplyTf32(device, options.Tf32);
        var total = Stopwatch.StartNew();
        var epochsThisCall = 0;
        var trainedBeats = 0L;
        // Per-step losses still on the device, read to the host together (one wait) every checkEvery steps.
        var pending = new List<(Tensor Loss, int Step, int Beats, double Lr)>();
        var interrupted = false;
        if (options.Resume) progress.Report(TrainingProgress.Resuming(config.Name, state.NextEpoch, t.Epochs, stepsPerEpoch));
        for (var epoch = state.NextEpoch; epoch < t.Epochs; epoch++)
        {
            if (options.StopAfterEpochs is { } stop && epochsThisCall >= stop) break;
            if (options.Cancellation.IsCancellationRequested) break;
            // Everything random in an epoch derives from (seed, epoch), so a resumed run replays it exactly.
            torch.manual_seed(config.Seed * 1_000_003L + epoch);
            var order = cap > 0
                ? BalancedEpochOrder(train.LabelArray, classes, cap, config.Seed, epoch)
                : EpochOrder(train.Count, beatsPerEpoch, config.Seed, epoch);
            model.train();
            var clock = Stopwatch.StartNew();
            double lossSum = 0;
            double lr = 0;
            try
            {
                for (var s = 0; s < stepsPerEpoch; s++)
                {
                    // Checked between steps: the current step finishes, then training stops. The unfinished epoch is
                    // dropped: its randomness replays only from its start, so a resume continues from the last epoch's checkpoint.
                    if (options.Cancellation.IsCancellationRequested) { interrupted = true; break; }
                    using var scalars = ScalarLifetime.Protect();   // no collection frees a Scalar libtorch is reading
                    using var scope = torch.NewDisposeScope();
                    var slice = order.AsSpan(s * t.BatchSize, Math.Min(t.BatchSize, beatsPerEpoch - s * t.BatchSize));
                    var index = torch.tensor(slice.ToArray()).to(device);
                    lr = LearningRateSchedule.At(t, epoch, step);
                    foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
                    var loss = ForwardBackward(model, train, index, classWeights, optimizer);
                    // A finite loss with non-finite gradients is a kernel bug, not a learning rate (it was libtorch's oneDNN
                    // convolutions: Engine/OneDnn.cs); the message names the parameters so the next one is found quickly.
                    if (!GradientsFinite(model))
                        throw new TrainingDivergedException(
                            $"{config.Name} (seed {config.Seed}): non-finite gradients for a finite loss at epoch {epoch + 1}, step {s + 1} ({DescribeNonFinite(model)}). " +
                            $"Training stopped; the last good checkpoint is {(File.Exists(lastPath) ? lastPath : "none (first epoch)")}.");
                    optimizer.step();
                    pending.Add((loss.detach().to(ScalarType.Float32).DetachFromDisposeScope(), s, slice.Length, lr));
                    step++;
                    trainedBeats += slice.Length;
                    if (pending.Count < checkEvery && s < stepsPerEpoch - 1) continue;
                    // One wait for the device; a non-finite loss is named by its step, and no checkpoint of it is written.
                    var values = ReadLosses(pending);
                    for (var i = 0; i < values.Length; i++)
                    {
                        var (_, at, beats, atLr) = pending[i];
                        if (!float.IsFinite(values[i]))
                            throw new TrainingDivergedException(
                                $"{config.Name} (seed {config.Seed}): the loss became {values[i]} at epoch {epoch + 1}, step {at + 1} (lr {atLr:G3}). " +
                                $"Training stopped; the last good checkpoint is {(File.Exists(lastPath) ? lastPath : "none (first epoch)")}.");
                        lossSum += values[i] * beats;
                    }
                    DisposePending(pending);
                    var rate = (s * (double)t.BatchSize + slice.Length) / clock.Elapsed.TotalSeconds;
                    progress.Report(new TrainingProgress(config.Name, epoch, t.Epochs, s + 1, stepsPerEpoch, values[^1], rate, total.Elapsed,
                        Remaining(total.Elapsed, trainedBeats, (long)(t.Epochs - state.NextEpoch) * beatsPerEpoch), null,
                        double.IsFinite(selectedMetric) ? selectedMetric : null));
                }
            }
            finally
            {
                DisposePending(pending);
            }
            if (interrupted) break;
            var trainSeconds = clock.Elapsed.TotalSeconds;
            var metrics = Validate(model, validation, t.EvalBatchSize);
            var record = new EpochRecord(epoch, lossSum / beatsPerEpoch, metrics, lr, clock.Elapsed.TotalSeconds, beatsPerEpoch / trainSeconds);
            history.Add(record);
            var metric = metrics[metricKey];
            // Strictly greater: the earliest epoch wins ties; NaN (e.g. a class absent from validation) never wins.
            if (metric > selectedMetric || selectedEpoch < 0)
            {
                selectedMetric = double.IsNaN(metric) ? double.NegativeInfinity : metric;
                selectedEpoch = epoch;
                Checkpoint.SaveWeights(selectedPath, model);
            }
            Checkpoint.SaveLast(options.CheckpointDirectory, model, optimizer,
                new TrainerState(epoch + 1, step, selectedEpoch, selectedMetric, history));
            epochsThisCall++;
            progress.Report(new TrainingProgress(config.Name, epoch, t.Epochs, stepsPerEpoch, stepsPerEpoch, record.TrainLoss, record.BeatsPerSecond,
                total.Elapsed, Remaining(total.Elapsed, trainedBeats, (long)(t.Epochs - state.NextEpoch) * beatsPerEpoch), record, selectedMetric));
        }
        var finished = history.Count == t.Epochs;
        // TorchSharp 0.107 exposes no CUDA memory statistics, so no peak GPU memory is recorded.
        return new TrainingResult(history, selectedEpoch, selectedMetric, selectedPath, lastPath, finished, total.Elapsed);
    }

    private static Tensor ForwardBackward(EcgClassifier model, BeatTensors train, Tensor index, Tensor? classWeights, optim.Optimizer optimizer)
    {
        optimizer.zero_grad();
        var output = model.call(train.Batch(index));
        // Multi-label: one sigmoid per label (Deng et al.'s binary cross-entropy for HMIC), else softmax over the classes.
        var loss = train.Targets is { } targets
            ? F.binary_cross_entropy_with_logits(output.Logits, targets.index_select(0, index))
            : F.cross_entropy(output.Logits, train.Labels.index_select(0, index), weight: classWeights);
        if (model.RegularizationLoss() is { } penalty) loss = loss + penalty;
        loss.backward();
        return loss;
    }

    /// <summary>Which gradients are non-finite, for the divergence message: "NaN in backbone.stem.0.weight, inf in … and 3 more tensors".</summary>
    private static string DescribeNonFinite(EcgClassifier model)
    {
        using var scope = torch.NewDisposeScope();
        var bad = new List<string>();
        foreach (var (name, p) in model.named_parameters())
        {
            if (p.grad is not { } g || g.isfinite().all().item<bool>()) continue;
            bad.Add($"{(g.isnan().any().item<bool>() ? "NaN" : "inf")} in {name}");
        }
        return bad.Count <= 3 ? string.Join(", ", bad) : $"{string.Join(", ", bad.Take(3))} and {bad.Count - 3} more tensors";
    }

    /// <summary>Every gradient finite: one reduction on the device, one read.</summary>
    private static bool GradientsFinite(EcgClassifier model)
    {
        using var scope = torch.NewDisposeScope();
        var checks = model.parameters().Where(p => p.grad is not null).Select(p => p.grad!.isfinite().all()).ToList();
        return checks.Count == 0 || torch.stack(checks).all().item<bool>();
    }

    private static float[] ReadLosses(List<(Tensor Loss, int Step, int Beats, double Lr)> pending)
    {
        using var scope = torch.NewDisposeScope();
        return torch.stack(pending.Select(p => p.Loss)).cpu().data<float>().ToArray();
    }

    private static void DisposePending(List<(Tensor Loss, int Step, int Beats, double Lr)> pending)
    {
        foreach (var p in pending) p.Loss.Dispose();
        pending.Clear();
    }

    private static TimeSpan? Remaining(TimeSpan elapsed, long done, long all) =>
        done <= 0 ? null : TimeSpan.FromSeconds(elapsed.TotalSeconds / done * Math.Max(0, all - done));

    /// <summary>The epoch's beat order: a Fisher–Yates shuffle by System.Random seeded from (seed, epoch), cut to <paramref name="take"/>.</summary>
    public static long[] EpochOrder(int count, int take, int seed, int epoch)
    {
        var random = new Random(unchecked(seed * 7919 + epoch * 104_729 + 17));
        var order = new long[count];
        for (var i = 0; i < count; i++) order[i] = i;
        random.Shuffle(order);
        return take < count ? order[..take] : order;
    }

    /// <summary>
    /// A class-balanced epoch: min(count, <paramref name="cap"/>) beats of every class (indices into
    /// <paramref name="labels"/>), so every beat of a class below the cap is in every epoch and a capped class gets a
    /// fresh draw; then shuffled. Seeded from (seed, epoch) like <see cref="EpochOrder"/>, so a resumed run replays it.
    /// </summary>
    public static long[] BalancedEpochOrder(IReadOnlyList<int> labels, int classes, int cap, int seed, int epoch)
    {
        if (cap <= 0) throw new ArgumentOutOfRangeException(nameof(cap), cap, "the class cap must be positive");
        var random = new Random(unchecked(seed * 7919 + epoch * 104_729 + 17));
        var byClass = Enumerable.Range(0, classes).Select(_ => new List<long>()).ToArray();
        for (var i = 0; i < labels.Count; i++) byClass[labels[i]].Add(i);
        var order = new List<long>();
        foreach (var members in byClass)
        {
            var pool = members.ToArray();
            if (pool.Length > cap) random.Shuffle(pool);
            order.AddRange(pool.Length > cap ? pool[..cap] : pool);
        }
        var result = order.ToArray();
        random.Shuffle(result);
        return result;
    }

    /// <summary>Beats per class in one epoch: min(count, cap) with a cap &gt; 0, else the counts.</summary>
    public static long[] EpochClassCounts(IReadOnlyList<int> labels, int classes, int cap)
    {
        var counts = new long[classes];
        foreach (var l in labels) counts[l]++;
        return cap > 0 ? counts.Select(c => Math.Min(c, cap)).ToArray() : counts;
    }

    /// <summary>w_c ∝ (1/m_c)^p over the per-epoch class counts m_c, scaled so Σw = number of classes; absent classes get 0.
    /// p = 1 gives <see cref="InverseFrequencyWeights"/>.</summary>
    public static float[] PowerWeights(IReadOnlyList<long> counts, double power)
    {
        var raw = counts.Select(c => c > 0 ? Math.Pow(1.0 / c, power) : 0.0).ToArray();
        var sum = raw.Sum();
        return raw.Select(w => (float)(w / sum * counts.Count)).ToArray();
    }

    /// <summary>
    /// Loss and macro metrics on the validation set, averaged over its <see cref="BeatTensors.SelectionClasses"/>
    /// (MIT-BIH five-class: N, S, V, F, since the validation patients hold almost no Q beats). Multi-label: the mean
    /// binary cross-entropy and the macro (and micro-F1) metrics over the labels at threshold 0.5.
    /// </summary>
    public static Dictionary<string, double> Validate(EcgClassifier model, BeatTensors validation, int batchSize)
    {
        var predictions = Inference.Predict(model, validation, batchSize);
        if (validation.TargetArray is { } targets)
        {
            var labels = MultiLabelReport.Compute(targets, predictions.Probabilities, validation.ClassNames);
            double bce = 0;
            for (var i = 0; i < targets.Length; i++)
            {
                var p = Math.Clamp(predictions.Probabilities[i], 1e-12f, 1 - 1e-7f);
                bce -= targets[i] > 0.5f ? Math.Log(p) : Math.Log(1 - p);
            }
            return new Dictionary<string, double>
            {
                [ValidationKeys.Loss] = bce / Math.Max(1, targets.Length),
                [ValidationKeys.MacroAuprc] = labels.Macro.Auprc,
                [ValidationKeys.MacroAuroc] = labels.Macro.Auroc,
                [ValidationKeys.MacroF1] = labels.Macro.F1,
                [MetricKeys.Of(MultiLabelReport.MicroScope, MetricKeys.F1)] = labels.Micro.F1,
            };
        }
        var report = ClassificationReport.Compute(validation.LabelArray, predictions.Predicted, predictions.Probabilities, validation.ClassNames);
        double nll = 0;
        for (var i = 0; i < validation.Count; i++)
            nll -= Math.Log(Math.Max(predictions.Probabilities[i * predictions.Classes + validation.LabelArray[i]], 1e-12f));
        var macro = validation.SelectionClasses.Count == validation.ClassNames.Count ? report.Macro : report.MacroOver(validation.SelectionClasses);
        return new Dictionary<string, double>
        {
            [ValidationKeys.Loss] = nll / Math.Max(1, validation.Count),
            [ValidationKeys.MacroAuprc] = macro.Auprc,
            [ValidationKeys.MacroAuroc] = macro.Auroc,
            [ValidationKeys.MacroF1] = macro.F1,
            [MetricKeys.OverallAccuracy] = report.OverallAccuracy,
        };
    }
}
