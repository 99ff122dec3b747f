using System.Globalization;
using System.Text.Json.Nodes;

namespace EcgNotebooks.Charts;

/// <summary>
/// The project's chart kinds, built from plain arrays into <see cref="PlotlyFigure"/>s.
/// Every factory checks its input shapes and throws <see cref="ArgumentException"/> naming the
/// argument and the mismatch. NaN values are allowed and become gaps (plotly's null).
/// </summary>
public static class EcgCharts
{
    /// <summary>An ECG strip with its beats marked at the R peaks and labelled above the trace,
    /// coloured by AAMI class. Traces: the signal, one marker trace per class present (N, S, V, F, Q
    /// first; these carry the legend), then one label trace per class (same legend group).</summary>
    public static PlotlyFigure EcgStrip(
        IReadOnlyList<double> signal, double samplingHz, IReadOnlyList<BeatMark> beats,
        string? title = null, string unit = "mV", double startSeconds = 0, string signalName = "ECG")
    {
        if (signal.Count == 0) throw new ArgumentException("the signal is empty", nameof(signal));
        if (!(samplingHz > 0) || !double.IsFinite(samplingHz))
            throw new ArgumentOutOfRangeException(nameof(samplingHz), samplingHz, "the sampling rate must be a positive number of Hz");
        foreach (var b in beats)
            if (b.Sample < 0 || b.Sample >= signal.Count)
                throw new ArgumentOutOfRangeException(nameof(beats), b.Sample, $"beat '{b.AamiClass}' at sample {b.Sample} lies outside the signal (0..{signal.Count - 1})");

        double Time(int i) => Math.Round(startSeconds + i / samplingHz, 6); // µs is plenty, and halves the JSON
        var time = Enumerable.Range(0, signal.Count).Select(Time).ToArray();
        var traces = new List<PlotlyTrace>
        {
            new ScatterTrace
            {
                Name = signalName, Mode = "lines", X = time, Y = signal.ToArray(), ShowLegend = false,
                Line = new PlotlyLine { Color = "#333333", Width = 1 },
                HoverTemplate = $"%{{x:.3f}} s<br>%{{y:.3f}} {unit}<extra></extra>",
            },
        };
        // Labels sit in a band above the trace (as on a printed strip), markers on the R peaks.
        var (lo, hi) = FiniteRange(signal);
        var span = hi > lo ? hi - lo : 1.0;
        var labelY = hi + 0.12 * span;
        var classes = OrderClasses(beats.Select(b => b.AamiClass));
        var labelTraces = new List<PlotlyTrace>();
        for (var k = 0; k < classes.Count; k++)
        {
            var cls = classes[k];
            var color = ChartColors.For(cls, k);
            var ofClass = beats.Where(b => string.Equals(b.AamiClass, cls, StringComparison.Ordinal)).ToArray();
            var x = ofClass.Select(b => Time(b.Sample)).ToArray();
            traces.Add(new ScatterTrace
            {
                Name = $"{cls} ({ofClass.Length})", LegendGroup = cls, Mode = "markers",
                X = x, Y = ofClass.Select(b => signal[b.Sample]).ToArray(),
                Marker = new PlotlyMarker { Color = color, Size = 8, Symbol = "circle", Line = new PlotlyLine { Color = "white", Width = 1 } },
                HoverTemplate = $"{Escape(cls)} beat at %{{x:.3f}} s<extra></extra>",
            });
            labelTraces.Add(new ScatterTrace
            {
                Name = cls, LegendGroup = cls, ShowLegend = false, Mode = "text",
                X = x, Y = Enumerable.Repeat(labelY, x.Length).ToArray(),
                Text = ofClass.Select(b => b.Label ?? b.AamiClass).ToArray(),
                TextFont = new PlotlyFont { Color = color, Size = 13 },
                HoverTemplate = $"{Escape(cls)} beat at %{{x:.3f}} s<extra></extra>",
            });
        }
        traces.AddRange(labelTraces);
        return new PlotlyFigure(traces, new PlotlyLayout
        {
            Title = title is null ? null : new PlotlyTitle(title),
            XAxis = new PlotlyAxis { Title = "Time (s)", ShowGrid = true },
            YAxis = new PlotlyAxis { Title = $"Amplitude ({unit})", ZeroLine = false, Range = [lo - 0.06 * span, hi + 0.22 * span] },
            Height = 340,
            Legend = HorizontalLegend("Beat class"),
            Margin = new PlotlyMargin { Top = title is null ? 40 : 70, Bottom = 50 },
            HoverMode = "closest",
        });
    }

    /// <summary>Overlaid histograms per class, one subplot per feature, with bins shared by the
    /// classes of a feature. <paramref name="density"/> normalises each class to unit area, so rare
    /// classes are comparable with N. Traces: features × classes (classes with no values skipped).</summary>
    public static PlotlyFigure RrHistograms(IReadOnlyList<FeatureSamples> features, int bins = 40, bool density = true, string? title = null, int columns = 2)
    {
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "need at least one bin");
        return FeatureGrid(features, title, columns, (feature, k, classIndex, cls, values) =>
        {
            var (lo, hi) = FiniteRange(features[k - 1].ByClass.SelectMany(c => c.Values));
            var size = hi > lo ? (hi - lo) / bins : 1.0;
            return new HistogramTrace
            {
                Name = cls, LegendGroup = cls, X = values, Opacity = 0.55,
                HistNorm = density ? "probability density" : null,
                XBins = new PlotlyBins { Start = lo, End = hi + size * 1e-9, Size = size },
                Marker = new PlotlyMarker { Color = ChartColors.For(cls, classIndex) },
            };
        }, (k, feature) => (new PlotlyAxis { Title = feature.AxisTitle }, new PlotlyAxis { Title = density ? "Density" : "Beats" }),
        layout => layout with { BarMode = "overlay" });
    }

    /// <summary>Violins (with box and mean line) per class, one subplot per feature.
    /// Traces: features × classes (classes with no values skipped).</summary>
    public static PlotlyFigure RrViolins(IReadOnlyList<FeatureSamples> features, string? title = null, int columns = 2) =>
        FeatureGrid(features, title, columns, (feature, k, classIndex, cls, values) => new ViolinTrace
        {
            Name = cls, LegendGroup = cls, Y = values,
            Points = JsonValue.Create(false), // thousands of N beats: draw the density, not every point
            Box = new PlotlyVisible(true), MeanLine = new PlotlyVisible(true), SpanMode = "hard",
            Line = new PlotlyLine { Color = ChartColors.For(cls, classIndex), Width = 1.5 },
        }, (k, feature) => (new PlotlyAxis { Type = "category" }, new PlotlyAxis { Title = feature.AxisTitle }),
        layout => layout);

    /// <summary>A confusion matrix: colour and text are the share of each true class (row), text also
    /// shows the count. Rows are true classes (top to bottom), columns predicted. One heatmap trace.</summary>
    public static PlotlyFigure ConfusionMatrix(long[,] counts, IReadOnlyList<string> classNames, string? title = null)
    {
        int n = counts.GetLength(0);
        if (counts.GetLength(1) != n) throw new ArgumentException($"the confusion matrix must be square, got {n}×{counts.GetLength(1)}", nameof(counts));
        if (classNames.Count != n) throw new ArgumentException($"{classNames.Count} class names for a {n}×{n} matrix", nameof(classNames));
        var z = new double[n][];
        var text = new string[n][];
        for (var i = 0; i < n; i++)
        {
            long rowSum = 0;
            for (var j = 0; j < n; j++)
            {
                if (counts[i, j] < 0) throw new ArgumentException($"negative count {counts[i, j]} at ({classNames[i]}, {classNames[j]})", nameof(counts));
                rowSum += counts[i, j];
            }
            z[i] = new double[n];
            text[i] = new string[n];
            for (var j = 0; j < n; j++)
            {
                var share = rowSum > 0 ? (double)counts[i, j] / rowSum : double.NaN;
                z[i][j] = share;
                text[i][j] = counts[i, j].ToString("N0", CultureInfo.InvariantCulture) +
                             (rowSum > 0 ? "<br>" + (100 * share).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "<br>–");
            }
        }
        var names = classNames.ToArray();
        var trace = new HeatmapTrace
        {
            Z = z, X = names, Y = names, Text = text, TextTemplate = "%{text}", TextFont = new PlotlyFont { Size = 13 },
            // plotly's "Blues" runs dark to light; reversed, an empty cell is white and the diagonal dark.
            ColorScale = "Blues", ReverseScale = true, ZMin = 0, ZMax = 1, XGap = 2, YGap = 2,
            ColorBar = new PlotlyColorBar { Title = "Share of true class" },
            HoverTemplate = "true %{y}, predicted %{x}<br>%{text}<extra></extra>",
        };
        var size = 160 + 70 * n;
        return new PlotlyFigure([trace], new PlotlyLayout
        {
            Title = title is null ? null : new PlotlyTitle(title),
            XAxis = new PlotlyAxis { Title = "Predicted class", Type = "category", Side = "bottom" },
            YAxis = new PlotlyAxis { Title = "True class", Type = "category", AutoRange = "reversed" },
            Height = Math.Max(380, size),
            Margin = new PlotlyMargin { Top = title is null ? 30 : 70 },
        });
    }

    /// <summary>Grouped bars (one series per configuration, one group per category, e.g. metric or
    /// backbone) with ± standard deviation error bars. Traces: one bar trace per series.</summary>
    public static PlotlyFigure AblationBars(
        IReadOnlyList<string> categories, IReadOnlyList<BarSeries> series,
        string? title = null, string valueTitle = "Value", double[]? valueRange = null)
    {
        if (categories.Count == 0) throw new ArgumentException("no categories", nameof(categories));
        var traces = new List<PlotlyTrace>();
        for (var s = 0; s < series.Count; s++)
        {
            var b = series[s];
            if (b.Mean.Count != categories.Count)
                throw new ArgumentException($"series '{b.Name}' has {b.Mean.Count} means for {categories.Count} categories", nameof(series));
            if (b.Std is { } sd && sd.Count != categories.Count)
                throw new ArgumentException($"series '{b.Name}' has {sd.Count} standard deviations for {categories.Count} categories", nameof(series));
            traces.Add(new BarTrace
            {
                Name = b.Name, X = categories.ToArray(), Y = b.Mean.ToArray(),
                Marker = new PlotlyMarker { Color = ChartColors.Palette[s % ChartColors.Palette.Count] },
                ErrorY = b.Std is null ? null : new PlotlyErrorBars { Array = b.Std.ToArray(), Visible = true, Thickness = 1.5, Width = 4 },
                Text = b.Std is null ? null : b.Std.Select(v => v.ToString("0.0000", CultureInfo.InvariantCulture)).ToArray(),
                TextPosition = "none",
                HoverTemplate = b.Std is null ? "%{fullData.name}<br>%{x}: %{y:.4f}<extra></extra>" : "%{fullData.name}<br>%{x}: %{y:.4f} ± %{text}<extra></extra>",
            });
        }
        return new PlotlyFigure(traces, new PlotlyLayout
        {
            Title = title is null ? null : new PlotlyTitle(title),
            BarMode = "group",
            XAxis = new PlotlyAxis { Type = "category" },
            YAxis = new PlotlyAxis { Title = valueTitle, Range = valueRange },
            Legend = HorizontalLegend(null),
            Height = 420,
            Margin = new PlotlyMargin { Top = title is null ? 40 : 80 },
        });
    }

    /// <summary>Training curves: one subplot per metric (in order of first appearance), one line per
    /// run with the same colour in every subplot. Traces: one per curve.</summary>
    public static PlotlyFigure TrainingCurves(IReadOnlyList<TrainingCurve> curves, string? title = null, int columns = 3)
    {
        if (curves.Count == 0) throw new ArgumentException("no curves", nameof(curves));
        var metrics = curves.Select(c => c.Metric).Distinct(StringComparer.Ordinal).ToList();
        var runs = curves.Select(c => c.Run).Distinct(StringComparer.Ordinal).ToList();
        var (rows, cols) = GridShape(metrics.Count, columns);
        var legendShown = new HashSet<string>(StringComparer.Ordinal);
        var traces = new List<PlotlyTrace>();
        foreach (var c in curves)
        {
            if (c.Epochs is { } e && e.Count != c.Values.Count)
                throw new ArgumentException($"curve '{c.Run}/{c.Metric}' has {e.Count} epochs for {c.Values.Count} values", nameof(curves));
            var k = metrics.IndexOf(c.Metric) + 1;
            var runIndex = runs.IndexOf(c.Run);
            traces.Add(new ScatterTrace
            {
                Name = c.Run, LegendGroup = c.Run, ShowLegend = legendShown.Add(c.Run),
                XAxis = AxisId('x', k), YAxis = AxisId('y', k),
                X = (c.Epochs ?? Enumerable.Range(1, c.Values.Count).Select(i => (double)i).ToArray()).ToArray(),
                Y = c.Values.ToArray(),
                Mode = c.Values.Count <= 40 ? "lines+markers" : "lines",
                Line = new PlotlyLine { Color = ChartColors.Palette[runIndex % ChartColors.Palette.Count], Width = 2 },
                Marker = new PlotlyMarker { Size = 5 },
                HoverTemplate = $"%{{fullData.name}}<br>epoch %{{x}}: %{{y:.4f}}<extra>{Escape(c.Metric)}</extra>",
            });
        }
        var layout = new PlotlyLayout
        {
            Title = title is null ? null : new PlotlyTitle(title),
            Grid = new PlotlyGrid { Rows = rows, Columns = cols, Pattern = "independent", XGap = 0.12, YGap = 0.25 },
            Height = 60 + 320 * rows,
            // Beside the plots, not above them: a row label per run (the report's long row names) wraps a horizontal
            // legend into several lines that climbed over the title.
            Legend = new PlotlyLegend { X = 1.02, Y = 1, XAnchor = "left", YAnchor = "top", Title = new PlotlyTitle("Run") },
            Margin = new PlotlyMargin { Top = title is null ? 40 : 80 },
        };
        for (var k = 1; k <= metrics.Count; k++)
        {
            layout = layout.SetAxis(AxisKey('x', k), new PlotlyAxis { Title = "Epoch" });
            layout = layout.SetAxis(AxisKey('y', k), new PlotlyAxis { Title = metrics[k - 1] });
        }
        return new PlotlyFigure(traces, layout);
    }

    /// <summary>Attention weights over time as a heatmap (rows: queries or heads; columns: time
    /// positions in seconds), optionally with the beat drawn on top on its own amplitude axis.
    /// Traces: the heatmap, plus the beat when given.</summary>
    public static PlotlyFigure AttentionHeatmap(
        double[,] weights, IReadOnlyList<double> timeSeconds, IReadOnlyList<string>? rowLabels = null,
        BeatOverlay? beat = null, string? title = null, string rowTitle = "Query", string colorTitle = "Attention")
    {
        int rows = weights.GetLength(0), cols = weights.GetLength(1);
        if (rows == 0 || cols == 0) throw new ArgumentException($"the attention map is empty ({rows}×{cols})", nameof(weights));
        if (timeSeconds.Count != cols) throw new ArgumentException($"{timeSeconds.Count} time positions for {cols} attention columns", nameof(timeSeconds));
        if (rowLabels is { } rl && rl.Count != rows) throw new ArgumentException($"{rl.Count} row labels for {rows} attention rows", nameof(rowLabels));
        if (beat is { } bt && bt.TimeSeconds.Count != bt.Signal.Count)
            throw new ArgumentException($"the beat has {bt.TimeSeconds.Count} times for {bt.Signal.Count} samples", nameof(beat));

        var traces = new List<PlotlyTrace>
        {
            new HeatmapTrace
            {
                Z = ToJagged(weights), X = timeSeconds.ToArray(),
                Y = rowLabels is null ? (PlotlyArray)Enumerable.Range(0, rows).Select(i => (double)i).ToArray() : (PlotlyArray)rowLabels.ToArray(),
                ColorScale = "Viridis", ZMin = 0, ColorBar = new PlotlyColorBar { Title = colorTitle, X = 1.02 },
                Name = colorTitle,
                HoverTemplate = $"%{{x:.3f}} s, {Escape(rowTitle)} %{{y}}<br>{Escape(colorTitle)} %{{z:.4f}}<extra></extra>",
            },
        };
        var layout = new PlotlyLayout
        {
            Title = title is null ? null : new PlotlyTitle(title),
            XAxis = new PlotlyAxis { Title = "Time (s)" },
            // First row at the top, as in the weight matrix.
            YAxis = new PlotlyAxis { Title = rowTitle, Type = rowLabels is null ? null : "category", AutoRange = "reversed", AutoMargin = true },
            Height = Math.Clamp(180 + 24 * rows, 360, 720),
            ShowLegend = false,
            Margin = new PlotlyMargin { Top = title is null ? 40 : 70 },
        };
        if (beat is not null)
        {
            traces.Add(new ScatterTrace
            {
                Name = beat.Name, Mode = "lines", X = beat.TimeSeconds.ToArray(), Y = beat.Signal.ToArray(), YAxis = "y2",
                Line = new PlotlyLine { Color = "rgba(255,255,255,0.95)", Width = 2 },
                HoverTemplate = $"{Escape(beat.Name)} %{{x:.3f}} s: %{{y:.3f}}<extra></extra>",
            });
            // The beat's amplitude has its own hidden axis laid over the heatmap's.
            layout = layout.SetAxis("yaxis2", new PlotlyAxis { Overlaying = "y", Side = "right", Visible = false });
        }
        return new PlotlyFigure(traces, layout);
    }

    /// <summary>ROC curves from given points, with the chance diagonal. Traces: one per curve + the diagonal.</summary>
    public static PlotlyFigure RocCurves(IReadOnlyList<CurvePoints> curves, string? title = null) =>
        CurveFigure(curves, title, "False positive rate", "True positive rate", "AUC", chanceDiagonal: true, legendRight: true);

    /// <summary>Precision–recall curves from given points. Traces: one per curve.</summary>
    public static PlotlyFigure PrecisionRecallCurves(IReadOnlyList<CurvePoints> curves, string? title = null) =>
        CurveFigure(curves, title, "Recall", "Precision", "AP", chanceDiagonal: false, legendRight: false);

    static PlotlyFigure CurveFigure(IReadOnlyList<CurvePoints> curves, string? title, string xTitle, string yTitle, string areaName, bool chanceDiagonal, bool legendRight)
    {
        var traces = new List<PlotlyTrace>();
        for (var i = 0; i < curves.Count; i++)
        {
            var c = curves[i];
            if (c.X.Count != c.Y.Count) throw new ArgumentException($"curve '{c.Name}' has {c.X.Count} x values and {c.Y.Count} y values", nameof(curves));
            traces.Add(new ScatterTrace
            {
                Name = c.Area is { } a ? $"{c.Name} ({areaName} {a.ToString("0.000", CultureInfo.InvariantCulture)})" : c.Name,
                Mode = "lines", X = c.X.ToArray(), Y = c.Y.ToArray(),
                Line = new PlotlyLine { Color = ChartColors.For(c.Name, i), Width = 2 },
                HoverTemplate = $"%{{fullData.name}}<br>{xTitle} %{{x:.3f}}<br>{yTitle} %{{y:.3f}}<extra></extra>",
            });
        }
        if (chanceDiagonal)
            traces.Add(new ScatterTrace
            {
                Name = "chance", Mode = "lines", X = new double[] { 0, 1 }, Y = new double[] { 0, 1 },
                Line = new PlotlyLine { Color = "#999999", Dash = "dash", Width = 1 }, HoverTemplate = "chance<extra></extra>",
            });
        return new PlotlyFigure(traces, new PlotlyLayout
        {
            Title = title is null ? null : new PlotlyTitle(title),
            // A fixed, near-square size: curves keep their shape and the legend sits inside the axes.
            XAxis = new PlotlyAxis { Title = xTitle, Range = [0, 1] },
            YAxis = new PlotlyAxis { Title = yTitle, Range = [0, 1.02] },
            Width = 560,
            Height = title is null ? 500 : 540,
            // Inside the square plot, in the corner the curves leave empty (ROC: bottom right; PR: bottom left).
            Legend = new PlotlyLegend { X = legendRight ? 0.98 : 0.02, Y = 0.02, XAnchor = legendRight ? "right" : "left", YAnchor = "bottom", BgColor = "rgba(255,255,255,0.85)" },
            Margin = new PlotlyMargin { Top = title is null ? 30 : 70, Left = 70, Right = 20 },
        });
    }

    delegate PlotlyTrace FeatureTraceFactory(FeatureSamples feature, int subplot, int classIndex, string cls, double[] values);

    static PlotlyFigure FeatureGrid(
        IReadOnlyList<FeatureSamples> features, string? title, int columns,
        FeatureTraceFactory makeTrace, Func<int, FeatureSamples, (PlotlyAxis X, PlotlyAxis Y)> axes, Func<PlotlyLayout, PlotlyLayout> finish)
    {
        if (features.Count == 0) throw new ArgumentException("no features", nameof(features));
        var classes = OrderClasses(features.SelectMany(f => f.ByClass.Select(c => c.ClassName)));
        var legendShown = new HashSet<string>(StringComparer.Ordinal);
        var traces = new List<PlotlyTrace>();
        for (var k = 1; k <= features.Count; k++)
        {
            var feature = features[k - 1];
            foreach (var byClass in feature.ByClass.OrderBy(c => classes.IndexOf(c.ClassName)))
            {
                if (byClass.Values.Count == 0) continue;
                var t = makeTrace(feature, k, classes.IndexOf(byClass.ClassName), byClass.ClassName, byClass.Values.ToArray());
                traces.Add(t with { XAxis = AxisId('x', k), YAxis = AxisId('y', k), ShowLegend = legendShown.Add(byClass.ClassName) });
            }
        }
        var (rows, cols) = GridShape(features.Count, columns);
        var layout = new PlotlyLayout
        {
            Title = title is null ? null : new PlotlyTitle(title),
            Grid = new PlotlyGrid { Rows = rows, Columns = cols, Pattern = "independent", XGap = 0.12, YGap = 0.3 },
            Height = 60 + 300 * rows,
            Legend = HorizontalLegend("Class"),
            Margin = new PlotlyMargin { Top = title is null ? 40 : 80 },
        };
        for (var k = 1; k <= features.Count; k++)
        {
            var (x, y) = axes(k, features[k - 1]);
            layout = layout.SetAxis(AxisKey('x', k), x).SetAxis(AxisKey('y', k), y);
        }
        return new PlotlyFigure(traces, finish(layout));
    }

    static PlotlyLegend HorizontalLegend(string? title) =>
        new() { Orientation = "h", X = 0, Y = 1.02, XAnchor = "left", YAnchor = "bottom", Title = title is null ? null : new PlotlyTitle(title) };

    /// <summary>AAMI classes first in their usual order, then the rest in order of appearance.</summary>
    static List<string> OrderClasses(IEnumerable<string> names)
    {
        var distinct = names.Distinct(StringComparer.Ordinal).ToList();
        return distinct.OrderBy(n => ChartColors.AamiOrder.ToList().IndexOf(n) is var i && i >= 0 ? i : ChartColors.AamiOrder.Count + distinct.IndexOf(n)).ToList();
    }

    static (int Rows, int Columns) GridShape(int count, int columns)
    {
        var cols = Math.Clamp(columns < 1 ? count : columns, 1, count);
        return ((count + cols - 1) / cols, cols);
    }

    static string AxisId(char axis, int k) => k == 1 ? axis.ToString() : $"{axis}{k}";
    static string AxisKey(char axis, int k) => k == 1 ? $"{axis}axis" : $"{axis}axis{k}";

    static (double Lo, double Hi) FiniteRange(IEnumerable<double> values)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var v in values)
            if (double.IsFinite(v)) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
        return double.IsFinite(lo) ? (lo, hi) : (0, 1);
    }

    static double[][] ToJagged(double[,] m)
    {
        var rows = new double[m.GetLength(0)][];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new double[m.GetLength(1)];
            for (var j = 0; j < rows[i].Length; j++) rows[i][j] = m[i, j];
        }
        return rows;
    }

    /// <summary>plotly templates treat "%{" as a placeholder; names inside a template must not.</summary>
    static string Escape(string s) => s.Replace("%{", "%\u200B{", StringComparison.Ordinal);
}
