using static TorchSharp.torch;
using EcgNotebooks.Training;

namespace EcgNotebooks.Experiments;

/// <summary>
/// One split as flat arrays, straight from the data layer: beats at the window length (the same
/// beat set for every backbone), RR columns by name (standardised with DS1-training statistics).
/// For the other data sets an item is a whole beat, recording or record (<see cref="DataSource"/>).
/// </summary>
/// <param name="ClassNames">The output classes (labels of a multi-label task); null = the AAMI classes for the class count.</param>
/// <param name="SelectionClasses">The classes the checkpoint rule averages over; null = all, or N, S, V, F when <paramref name="ClassNames"/> is null too (MIT-BIH beats).</param>
/// <param name="Targets">Multi-label targets, row-major [item, label] 0/1; null for single-label data (then <paramref name="Labels"/>).</param>
public sealed record SplitArrays(
    float[] Beats, int Leads, int WindowLength,
    float[] Rr, string[] RrNames,
    int[] Labels, int[] Age, int[] Sex, string[] Records, int[] RSamples,
    IReadOnlyList<string>? ClassNames = null,
    IReadOnlyList<string>? SelectionClasses = null,
    float[]? Targets = null)
{
    public int Count => Labels.Length;

    /// <summary>The tensors a configuration needs: the backbone's input length and its RR columns.</summary>
    public BeatTensors ToTensors(DataConfig config, bool earlyRr, Device device)
    {
        if (WindowLength != config.WindowLength)
            throw new ArgumentException($"the beats are {WindowLength} samples long, the configuration asks for a {config.WindowLength}-sample window");
        var head = Columns(config.HeadRrFeatures());
        var early = earlyRr ? Columns(config.EarlyRrFeatures) : [];
        // Without class names the items are MIT-BIH beats: AAMI classes, selected on N, S, V, F.
        var classes = ClassNames ?? Evaluation.AamiClasses.For(Labels.Length == 0 ? 4 : Math.Max(4, Labels.Max() + 1));
        var selection = SelectionClasses ?? (ClassNames is null ? Evaluation.AamiClasses.Four : null);
        return BeatTensors.Create(Beats, Leads, WindowLength, config.InputLength,
            Select(head), head.Length, Select(early), early.Length,
            Labels, Age, Sex, Records, RSamples, device, classes, selection, Targets);
    }

    private int[] Columns(string[] names) => names.Select(n =>
    {
        var i = Array.IndexOf(RrNames, n);
        return i >= 0 ? i : throw new ArgumentException($"RR feature '{n}' is not among the data layer's features: {string.Join(", ", RrNames)}");
    }).ToArray();

    private float[] Select(int[] columns)
    {
        var k = RrNames.Length;
        var result = new float[Count * columns.Length];
        for (var i = 0; i < Count; i++)
            for (var j = 0; j < columns.Length; j++)
                result[i * columns.Length + j] = Rr[i * k + columns[j]];
        return result;
    }
}

/// <summary>Training records (DS1 minus validation), validation records (held-out DS1) and the DS2 test set.</summary>
public sealed record ExperimentSplits(SplitArrays Train, SplitArrays Validation, SplitArrays Test);

/// <summary>Where an experiment's beats come from: MIT-BIH through the data layer, or a test fixture.</summary>
public interface IExperimentData
{
    /// <summary>
    /// The three splits for a data configuration and the model's class count (4: N, S, V, F; 5: also Q, whose beats
    /// 4-class data drops). Implementations cache by both.
    /// </summary>
    ExperimentSplits Load(DataConfig config, int classes = 4);
}

/// <summary>
/// Every data set an experiment can name: the first paper's MIT-BIH beats when <see cref="DataConfig.Source"/> is
/// null, else the second paper's (<see cref="DataSourceData"/>).
/// </summary>
public sealed class ExperimentDataSets(IExperimentData mitBih, IExperimentData? others = null) : IExperimentData
{
    private readonly IExperimentData others = others ?? new DataSourceData();

    public ExperimentSplits Load(DataConfig config, int classes = 4) =>
        config.Source is null ? mitBih.Load(config, classes) : others.Load(config, classes);
}
