using EcgNotebooks.Models;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace EcgNotebooks.Training;

/// <summary>
/// One split as tensors, whole, on the training device: beats are copied once and mini-batches
/// are gathered with index_select, so a step allocates nothing per beat.
/// </summary>
public sealed class BeatTensors : IDisposable
{
    private BeatTensors(Tensor ecg, Tensor rr, Tensor earlyRr, Tensor age, Tensor sex, Tensor labels, Tensor? targets,
        int[] labelArray, float[]? targetArray, string[] records, int[] rSamples, IReadOnlyList<string> classNames, IReadOnlyList<string> selectionClasses)
    {
        Ecg = ecg; Rr = rr; EarlyRr = earlyRr; Age = age; Sex = sex; Labels = labels; Targets = targets;
        LabelArray = labelArray; TargetArray = targetArray; Records = records; RSamples = rSamples;
        ClassNames = classNames; SelectionClasses = selectionClasses;
    }

    /// <summary>(n, leads, inputLength) float32.</summary>
    public Tensor Ecg { get; }
    /// <summary>(n, k) float32, standardised; k may be 0.</summary>
    public Tensor Rr { get; }
    /// <summary>(n, e) float32 early-fusion RR values; e may be 0.</summary>
    public Tensor EarlyRr { get; }
    public Tensor Age { get; }
    public Tensor Sex { get; }
    /// <summary>(n) int64 class ids.</summary>
    public Tensor Labels { get; }
    public int[] LabelArray { get; }
    /// <summary>(n, labels) float32 0/1 targets of a multi-label task; null for single-label data.</summary>
    public Tensor? Targets { get; }
    /// <summary>Row-major [item, label] copy of <see cref="Targets"/> on the host.</summary>
    public float[]? TargetArray { get; }
    public bool MultiLabel => Targets is not null;
    /// <summary>The output classes (or labels), in logit order.</summary>
    public IReadOnlyList<string> ClassNames { get; }
    /// <summary>The classes the checkpoint rule averages over.</summary>
    public IReadOnlyList<string> SelectionClasses { get; }
    public string[] Records { get; }
    public int[] RSamples { get; }
    public int Count => LabelArray.Length;
    public int Leads => (int)Ecg.size(1);
    public int InputLength => (int)Ecg.size(2);
    public int RrFeatures => (int)Rr.size(1);
    public int EarlyRrFeatures => (int)EarlyRr.size(1);

    /// <summary>
    /// Builds the tensors from flat arrays. Beats come at the window length and are resampled
    /// linearly (align_corners = false, no anti-aliasing, as the MACNN authors did) to
    /// <paramref name="inputLength"/>, so every backbone sees the same beats.
    /// </summary>
    public static BeatTensors Create(
        float[] beats, int leads, int windowLength, int inputLength,
        float[] rr, int rrFeatures, float[] earlyRr, int earlyRrFeatures,
        int[] labels, int[] age, int[] sex, string[] records, int[] rSamples, Device device,
        IReadOnlyList<string>? classNames = null, IReadOnlyList<string>? selectionClasses = null, float[]? targets = null)
    {
        var n = labels.Length;
        classNames ??= Evaluation.AamiClasses.Four;
        Check(targets is null || targets.Length == (long)n * classNames.Count, $"targets hold {targets?.Length} values, expected {n}×{classNames.Count}");
        Check(targets is not null || labels.All(l => l >= 0 && l < classNames.Count), $"labels must lie in 0…{classNames.Count - 1} ({string.Join(", ", classNames)})");
        Check(beats.Length == (long)n * leads * windowLength, $"beats hold {beats.Length} values, expected {n}×{leads}×{windowLength}");
        Check(rr.Length == (long)n * rrFeatures, $"RR holds {rr.Length} values, expected {n}×{rrFeatures}");
        Check(earlyRr.Length == (long)n * earlyRrFeatures, $"early RR holds {earlyRr.Length} values, expected {n}×{earlyRrFeatures}");
        Check(age.Length == n && sex.Length == n && records.Length == n && rSamples.Length == n, "age, sex, records and R samples need one value per beat");
        using var scope = torch.NewDisposeScope();
        var ecg = torch.tensor(beats, [n, leads, windowLength]);
        if (inputLength != windowLength)
            ecg = F.interpolate(ecg, size: [inputLength], mode: InterpolationMode.Linear, align_corners: false);
        var result = new BeatTensors(
            ecg.to(device),
            torch.tensor(rr, [n, rrFeatures]).to(device),
            torch.tensor(earlyRr, [n, earlyRrFeatures]).to(device),
            torch.tensor(age.Select(a => (long)AgeBin(a)).ToArray()).to(device),
            torch.tensor(sex.Select(s => (long)s).ToArray()).to(device),
            torch.tensor(labels.Select(l => (long)l).ToArray()).to(device),
            targets is null ? null : torch.tensor(targets, [n, classNames.Count]).to(device),
            labels, targets, records, rSamples, classNames, selectionClasses ?? classNames);
        foreach (var t in Owned(result)) t.DetachFromDisposeScope();
        return result;
    }

    /// <summary>Age in years → embedding bin: 0 = unknown (negative), else clamped to 1…100.</summary>
    public static int AgeBin(int years) => years < 0 ? 0 : Math.Clamp(years, 1, AgeSexAttentionHead.AgeBins - 1);

    private static void Check(bool ok, string message)
    {
        if (!ok) throw new ArgumentException(message);
    }

    /// <summary>The beats at <paramref name="index"/> (int64 on the same device) as a model input.</summary>
    public ModelInput Batch(Tensor index) => new(
        Ecg.index_select(0, index),
        RrFeatures > 0 ? Rr.index_select(0, index) : null,
        EarlyRrFeatures > 0 ? EarlyRr.index_select(0, index) : null,
        Age.index_select(0, index),
        Sex.index_select(0, index));

    private static IEnumerable<Tensor> Owned(BeatTensors b) =>
        new[] { b.Ecg, b.Rr, b.EarlyRr, b.Age, b.Sex, b.Labels, b.Targets }.OfType<Tensor>();

    public void Dispose()
    {
        foreach (var t in Owned(this)) t.Dispose();
    }
}
