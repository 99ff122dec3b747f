using EcgNotebooks.Evaluation;
using EcgNotebooks.Results;

namespace EcgNotebooks.Charts;

/// <summary>
/// Charts of the second paper's tables from stored runs: ROC curves per class (as Deng et al.'s Fig. 8 for CinC and
/// Fig. 11 for the multi-label set) from the runs' stored test predictions, pooled over seeds or folds, and
/// confusion matrices (single-label runs).
/// </summary>
public static class DengFigures
{
    /// <summary>Points drawn per ROC curve (the AUC in the legend uses every item).</summary>
    public const int MaxRocPoints = 400;

    /// <summary>Per class (or label): (truth, probability) of every test item of the runs, pooled.</summary>
    public static IReadOnlyList<(string Name, bool[] Truth, float[] Scores)> PooledScores(RunStore store, IReadOnlyList<RunRecord> runs)
    {
        if (runs.Count == 0) throw new ArgumentException("no runs to draw", nameof(runs));
        var truth = new Dictionary<string, List<bool>>(StringComparer.Ordinal);
        var scores = new Dictionary<string, List<float>>(StringComparer.Ordinal);
        var order = new List<string>();
        void Add(string name, bool t, float p)
        {
            if (!truth.ContainsKey(name)) { truth[name] = new(); scores[name] = new(); order.Add(name); }
            truth[name].Add(t);
            scores[name].Add(p);
        }
        foreach (var run in runs)
        {
            var file = run.PredictionsFile is { } f ? Path.Combine(store.DirectoryOf(run.RunId), f)
                : throw new InvalidOperationException($"run {run.RunId} has no stored predictions");
            if (run.LabelMetrics is not null)
            {
                var (labels, _, targets, probabilities) = PredictionsCsv.ReadMultiLabel(file);
                for (var i = 0; i < targets.Length; i++) Add(labels[i % labels.Count], targets[i] > 0.5f, probabilities[i]);
            }
            else
            {
                var (classes, predictions) = PredictionsCsv.Read(file);
                foreach (var p in predictions)
                    for (var c = 0; c < classes.Count; c++) Add(classes[c], p.Truth == c, p.Probabilities[c]);
            }
        }
        return order.Select(n => (n, truth[n].ToArray(), scores[n].ToArray())).ToList();
    }

    /// <summary>ROC curve per class (or label with at least one positive), pooled over the runs, AUC in the legend.</summary>
    public static PlotlyFigure RocPerClass(RunStore store, IReadOnlyList<RunRecord> runs, string title, int maxCurves = 12)
    {
        var curves = PooledScores(store, runs)
            .Where(c => c.Truth.Any(t => t) && c.Truth.Any(t => !t))
            .OrderByDescending(c => c.Truth.Count(t => t))
            .Take(maxCurves)
            .Select(c =>
            {
                var (fpr, tpr) = RankingMetrics.RocPoints(c.Truth, c.Scores);
                // Thousands of test items give thousands of steps; 400 evenly spaced ones (ends kept) draw the same curve.
                var keep = fpr.Length <= MaxRocPoints ? Enumerable.Range(0, fpr.Length)
                    : Enumerable.Range(0, MaxRocPoints).Select(i => (int)Math.Round(i * (fpr.Length - 1) / (double)(MaxRocPoints - 1))).Distinct();
                var kept = keep.ToArray();
                return new CurvePoints(c.Name, kept.Select(i => fpr[i]).ToArray(), kept.Select(i => tpr[i]).ToArray(), RankingMetrics.Auroc(c.Truth, c.Scores));
            }).ToList();
        var pooled = runs.Count == 1 ? $"seed {runs[0].Seed}" : $"{runs.Count} runs pooled";
        return EcgCharts.RocCurves(curves, $"{title}<br><sub>test set, {pooled}, selected checkpoint</sub>");
    }

    /// <summary>The confusion matrix of single-label runs, counts summed over them.</summary>
    public static PlotlyFigure ConfusionMatrix(IReadOnlyList<RunRecord> runs, string title)
    {
        var reports = runs.Select(r => r.TestMetrics[Checkpoints.Selected]).ToList();
        var classes = reports[0].ClassNames;
        var sum = new long[classes.Count, classes.Count];
        foreach (var m in reports.Select(r => r.ConfusionMatrix))
            for (var i = 0; i < classes.Count; i++)
                for (var j = 0; j < classes.Count; j++)
                    sum[i, j] += m[i, j];
        return EcgCharts.ConfusionMatrix(sum, classes, $"{title}<br><sub>test set, {(runs.Count == 1 ? $"seed {runs[0].Seed}" : $"{runs.Count} runs summed")}</sub>");
    }
}
