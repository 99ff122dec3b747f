using EcgNotebooks.Evaluation;
using EcgNotebooks.Results;
using EcgNotebooks.Training;

namespace EcgNotebooks.Charts;

/// <summary>
/// Charts of stored runs and the result tables built from them, drawn with <see cref="EcgCharts"/>: shared by
/// notebook 07 and the report (<see cref="ReportBuilder"/>), so both show the same figures.
/// Pass the runs the table was built from (see <see cref="RunSelection"/>).
/// </summary>
public static class ResultFigures
{
    /// <summary>
    /// Every figure of one table: its headline columns ours vs the paper, the per-seed macro F1, and, for tables
    /// with <see cref="TableSpec.PerRowFigures"/>, training curves and one confusion matrix per row with runs.
    /// Empty when no row has runs.
    /// </summary>
    public static IReadOnlyList<PlotlyFigure> ForTable(ResultTable table, IEnumerable<RunRecord> runs)
    {
        var byRow = RunsByRow(table, runs);
        if (byRow.Count == 0) return [];
        var figures = new List<PlotlyFigure>();
        if (table.Spec.Headline.Count > 0)
            figures.Add(ComparisonBars(table, table.Spec.Headline, $"{table.Spec.Title}: ours (mean ± std over seeds) vs the paper"));
        figures.Add(SeedSpread(table, byRow.SelectMany(r => r.Runs)));
        if (table.Spec.PerRowFigures)
        {
            if (TrainingCurves(table, byRow.SelectMany(r => r.Runs)) is { } curves) figures.Add(curves);
            figures.AddRange(byRow.Select(r => ConfusionMatrix(r.Row, r.Runs, table.Checkpoint)));
        }
        return figures;
    }

    /// <summary>
    /// Grouped bars of a result table: for each chosen column, ours (mean ± std over seeds) beside the paper's value.
    /// Categories are the table's rows; columns are found by header.
    /// </summary>
    public static PlotlyFigure ComparisonBars(ResultTable table, IReadOnlyList<string> headers, string? title = null)
    {
        var series = new List<BarSeries>();
        foreach (var header in headers)
        {
            var c = table.Spec.Columns.ToList().FindIndex(col => col.Header == header);
            if (c < 0) throw new ArgumentException($"table {table.Spec.Name} has no column '{header}' (has: {string.Join(", ", table.Spec.Columns.Select(x => x.Header))})", nameof(headers));
            series.Add(new BarSeries($"{header} ours", table.Rows.Select(r => r.Cells[c].Ours.Mean).ToArray(),
                table.Rows.Select(r => r.Cells[c].Ours.Std).ToArray()));
            if (table.Rows.Any(r => r.Cells[c].Paper is not null))
                series.Add(new BarSeries($"{header} paper", table.Rows.Select(r => r.Cells[c].Paper ?? double.NaN).ToArray()));
        }
        var figure = EcgCharts.AblationBars(table.Rows.Select(r => r.Label).ToArray(), series, title ?? table.Spec.Title, "%");
        // Row labels are long ("Baseline (A0: self-attention, mean-pool)"): let the axis take the room they need.
        return figure with { Layout = figure.Layout with { XAxis = (figure.Layout.XAxis ?? new PlotlyAxis()) with { AutoMargin = true }, Height = 480 } };
    }

    /// <summary>
    /// One dot per seed of a metric (percent) on DS2, one trace per row, so the seed-to-seed spread can be set
    /// against the differences between rows. Rows are <paramref name="rows"/> (label as category) or, when null,
    /// every row key in the runs.
    /// </summary>
    public static PlotlyFigure SeedSpread(
        IEnumerable<RunRecord> runs, string checkpoint, IReadOnlyList<TableRowSpec>? rows = null,
        string? metricKey = null, string metricTitle = "Macro F1", string? title = null)
    {
        metricKey ??= MetricKeys.MacroOf(MetricKeys.F1);
        var byKey = runs.GroupBy(r => r.RowKey).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Seed).ToList());
        rows ??= byKey.Keys.Order(StringComparer.Ordinal).Select(k => new TableRowSpec(k, k)).ToList();
        var traces = new List<PlotlyTrace>();
        foreach (var row in rows)
        {
            if (!byKey.TryGetValue(row.RowKey, out var rowRuns)) continue;
            traces.Add(new ScatterTrace
            {
                Name = row.Label, Mode = "markers", X = rowRuns.Select(_ => row.Label).ToArray(),
                Y = rowRuns.Select(r => 100 * Metric(r, checkpoint, metricKey!)).ToArray(),
                Text = rowRuns.Select(r => $"seed {r.Seed}, {r.Profile}").ToArray(),
                Marker = new PlotlyMarker { Size = 10, Color = ChartColors.Palette[traces.Count % ChartColors.Palette.Count] },
                HoverTemplate = "%{x}<br>%{text}: %{y:.2f}<extra></extra>",
            });
        }
        return new PlotlyFigure(traces, new PlotlyLayout
        {
            Title = new PlotlyTitle(title ?? $"{metricTitle} on DS2 per seed ({checkpoint} checkpoint)"), ShowLegend = false,
            XAxis = new PlotlyAxis { Type = "category", AutoMargin = true }, YAxis = new PlotlyAxis { Title = $"{metricTitle} (%)" }, Height = 460,
        });
    }

    /// <summary>Per-seed macro F1 of the rows of a table that have runs.</summary>
    public static PlotlyFigure SeedSpread(ResultTable table, IEnumerable<RunRecord> runs) =>
        SeedSpread(runs, table.Checkpoint, RowSpecs(table),
            title: $"{table.Spec.Title}: macro F1 per seed ({table.Checkpoint} checkpoint)");

    /// <summary>
    /// Validation macro-AUPRC and training loss per epoch, one line per row with runs: the mean over its seeds of
    /// each epoch (seeds that stopped earlier drop out of the later epochs). Null when no run has a history.
    /// </summary>
    public static PlotlyFigure? TrainingCurves(ResultTable table, IEnumerable<RunRecord> runs)
    {
        var curves = new List<TrainingCurve>();
        foreach (var (row, rowRuns) in RunsByRow(table, runs))
        {
            var epochs = rowRuns.SelectMany(r => r.History).GroupBy(e => e.Epoch).OrderBy(g => g.Key).ToList();
            var auprc = epochs.Select(g => (g.Key, Values: g.Select(e => e.ValidationMetrics.GetValueOrDefault(ValidationKeys.MacroAuprc, double.NaN))
                .Where(v => !double.IsNaN(v)).ToList())).Where(p => p.Values.Count > 0).ToList();
            if (auprc.Count > 0)
                curves.Add(new TrainingCurve(row.Label, "Validation macro-AUPRC", auprc.Select(p => p.Values.Average()).ToArray(),
                    auprc.Select(p => (double)p.Key).ToArray()));
            if (epochs.Count > 0)
                curves.Add(new TrainingCurve(row.Label, "Training loss", epochs.Select(g => g.Average(e => e.TrainLoss)).ToArray(),
                    epochs.Select(g => (double)g.Key).ToArray()));
        }
        return curves.Count == 0 ? null
            : EcgCharts.TrainingCurves(curves, $"{table.Spec.Title}: training (mean over seeds per epoch)", columns: 2);
    }

    /// <summary>The confusion matrix of one row on DS2: counts summed over its seeds' <paramref name="checkpoint"/> reports.</summary>
    public static PlotlyFigure ConfusionMatrix(TableRowSpec row, IReadOnlyList<RunRecord> runs, string checkpoint)
    {
        if (runs.Count == 0) throw new ArgumentException($"row {row.RowKey} has no runs", nameof(runs));
        var reports = runs.Select(r => Report(r, checkpoint)).ToList();
        var classes = reports[0].ClassNames;
        var sum = new long[classes.Count, classes.Count];
        for (var k = 0; k < reports.Count; k++)
        {
            if (!reports[k].ClassNames.SequenceEqual(classes))
                throw new InvalidOperationException(
                    $"Run {runs[k].RunId} has classes {string.Join(",", reports[k].ClassNames)}, but {runs[0].RunId} of the same row has {string.Join(",", classes)}.");
            var m = reports[k].ConfusionMatrix;
            for (var i = 0; i < classes.Count; i++)
                for (var j = 0; j < classes.Count; j++)
                    sum[i, j] += m[i, j];
        }
        var seeds = runs.Count == 1 ? $"seed {runs[0].Seed}" : $"{runs.Count} seeds summed";
        return EcgCharts.ConfusionMatrix(sum, classes, $"{row.Label}<br><sub>DS2 confusion matrix, {seeds}, {checkpoint} checkpoint</sub>");
    }

    static List<TableRowSpec> RowSpecs(ResultTable table) =>
        table.Rows.Select(r => new TableRowSpec(r.RowKey, r.Label, r.PaperRow)).ToList();

    // The table's rows that have runs, in table order, each with its runs ordered by seed.
    static List<(TableRowSpec Row, IReadOnlyList<RunRecord> Runs)> RunsByRow(ResultTable table, IEnumerable<RunRecord> runs)
    {
        var byKey = runs.GroupBy(r => r.RowKey).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Seed).ToList());
        return RowSpecs(table).Where(r => byKey.ContainsKey(r.RowKey))
            .Select(r => (r, (IReadOnlyList<RunRecord>)byKey[r.RowKey])).ToList();
    }

    static ClassificationReport Report(RunRecord run, string checkpoint) =>
        run.TestMetrics.TryGetValue(checkpoint, out var report)
            ? report
            : throw new InvalidOperationException($"Run {run.RunId} has no \"{checkpoint}\" test metrics (has: {string.Join(", ", run.TestMetrics.Keys)}).");

    static double Metric(RunRecord run, string checkpoint, string key) =>
        Report(run, checkpoint).ToMetricDictionary().TryGetValue(key, out var v) ? v : double.NaN;
}
