namespace EcgNotebooks.Charts;

// Plain inputs of the chart factories (EcgCharts): arrays and names only, so any piece of the
// project can draw without the charts depending on it.

/// <summary>An annotated beat on a strip: its R-peak sample index, its AAMI class (N, S, V, F, Q),
/// and an optional label to print instead of the class (e.g. the MIT-BIH symbol).</summary>
public sealed record BeatMark(int Sample, string AamiClass, string? Label = null);

/// <summary>Values of one quantity for the beats of one class.</summary>
public sealed record ClassSamples(string ClassName, IReadOnlyList<double> Values);

/// <summary>One feature (e.g. "pre-RR", "s") split by class, for histograms and violins.</summary>
public sealed record FeatureSamples(string Feature, string? Unit, IReadOnlyList<ClassSamples> ByClass)
{
    public string AxisTitle => Unit is null ? Feature : $"{Feature} ({Unit})";
}

/// <summary>One series of grouped bars: a mean per category and, optionally, its standard deviation.</summary>
public sealed record BarSeries(string Name, IReadOnlyList<double> Mean, IReadOnlyList<double>? Std = null);

/// <summary>One quantity (loss, macro F1, ...) of one run per epoch; epochs default to 1, 2, ...</summary>
public sealed record TrainingCurve(string Run, string Metric, IReadOnlyList<double> Values, IReadOnlyList<double>? Epochs = null);

/// <summary>Given points of a curve (ROC: x = FPR, y = TPR; PR: x = recall, y = precision) and
/// optionally its area (AUROC / average precision), shown in the legend.</summary>
public sealed record CurvePoints(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, double? Area = null);

/// <summary>A beat drawn over an attention map, on its own time axis (seconds, same origin as the map's).</summary>
public sealed record BeatOverlay(IReadOnlyList<double> TimeSeconds, IReadOnlyList<double> Signal, string Name = "ECG");

/// <summary>Colours of the AAMI classes, the same in every chart; other names cycle a palette.</summary>
public static class ChartColors
{
    public static readonly IReadOnlyList<string> AamiOrder = ["N", "S", "V", "F", "Q"];

    static readonly Dictionary<string, string> Aami = new(StringComparer.OrdinalIgnoreCase)
    {
        ["N"] = "#4c78a8", // blue
        ["S"] = "#f58518", // orange
        ["V"] = "#e45756", // red
        ["F"] = "#54a24b", // green
        ["Q"] = "#9d755d", // brown
    };

    /// <summary>plotly's default colorway (D3 category10).</summary>
    public static readonly IReadOnlyList<string> Palette =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>The class colour for an AAMI class name, else the palette entry for <paramref name="index"/>.</summary>
    public static string For(string name, int index) =>
        Aami.TryGetValue(name, out var c) ? c : Palette[((index % Palette.Count) + Palette.Count) % Palette.Count];
}
