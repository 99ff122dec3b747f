namespace EcgNotebooks.Evaluation;

/// <summary>
/// A multi-label evaluation (LUDB, Deng et al.'s Table 3): each label is its own yes/no decision at
/// <see cref="Threshold"/> on its sigmoid probability. Per label: Se, +P, Sp, F1, accuracy, AUROC, AUPRC (as
/// <see cref="ClassMetrics"/>); <see cref="Macro"/> averages them over the labels (NaN AUROC/AUPRC of a label
/// absent from the truth left out); <see cref="Micro"/> pools every (item, label) decision, which is the paper's
/// micro-F1; <see cref="SubsetAccuracy"/> is the share of items with every label right.
/// </summary>
public sealed record MultiLabelReport(
    IReadOnlyList<string> Labels,
    IReadOnlyList<ClassMetrics> PerLabel,
    AveragedMetrics Macro,
    AveragedMetrics Micro,
    double SubsetAccuracy,
    long Items,
    double Threshold)
{
    public const string MicroScope = "micro";
    public const string SubsetAccuracyKey = "subset_acc";

    /// <summary>Report from row-major [item, label] 0/1 targets and probabilities.</summary>
    public static MultiLabelReport Compute(ReadOnlySpan<float> targets, ReadOnlySpan<float> probabilities, IReadOnlyList<string> labels, double threshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var k = labels.Count;
        if (k == 0 || targets.Length % k != 0 || probabilities.Length != targets.Length)
            throw new ArgumentException($"targets ({targets.Length}) and probabilities ({probabilities.Length}) must both be items × {k} labels");
        var n = targets.Length / k;
        var perLabel = new ClassMetrics[k];
        var truth = new bool[n];
        var scores = new float[n];
        long tpAll = 0, fpAll = 0, fnAll = 0, tnAll = 0;
        for (var c = 0; c < k; c++)
        {
            long tp = 0, fp = 0, fn = 0, tn = 0;
            for (var i = 0; i < n; i++)
            {
                truth[i] = targets[i * k + c] > 0.5f;
                scores[i] = probabilities[i * k + c];
                var said = scores[i] >= threshold;
                if (truth[i] && said) tp++; else if (said) fp++; else if (truth[i]) fn++; else tn++;
            }
            var any = tp + fn > 0;
            perLabel[c] = Binary(labels[c], tp, fp, fn, tn,
                any && tn + fp > 0 ? RankingMetrics.Auroc(truth, scores) : double.NaN,
                any ? RankingMetrics.AveragePrecision(truth, scores) : double.NaN);
            tpAll += tp; fpAll += fp; fnAll += fn; tnAll += tn;
        }
        long exact = 0;
        for (var i = 0; i < n; i++)
        {
            var all = true;
            for (var c = 0; c < k && all; c++) all = (targets[i * k + c] > 0.5f) == (probabilities[i * k + c] >= threshold);
            if (all) exact++;
        }
        var micro = Binary(MicroScope, tpAll, fpAll, fnAll, tnAll, double.NaN, double.NaN);
        return new MultiLabelReport(labels.ToArray(), perLabel, Mean(perLabel),
            new AveragedMetrics(micro.Sensitivity, micro.Precision, micro.Specificity, micro.F1, micro.Accuracy, double.NaN, double.NaN),
            n == 0 ? 0 : (double)exact / n, n, threshold);
    }

    public ClassMetrics this[string label] => PerLabel.First(m => m.Name == label);

    /// <summary>Scalar metrics: "micro.f1", "macro.*", "&lt;label&gt;.*", "subset_acc" (fractions), like <see cref="ClassificationReport.ToMetricDictionary"/>.</summary>
    public IReadOnlyDictionary<string, double> ToMetricDictionary()
    {
        var d = new Dictionary<string, double> { [SubsetAccuracyKey] = SubsetAccuracy };
        MetricKeys.AddScope(d, MetricKeys.Macro, Macro);
        MetricKeys.AddScope(d, MicroScope, Micro);
        MetricKeys.AddClasses(d, PerLabel);
        return d;
    }

    /// <summary>Per-label table (percent) with macro and micro rows, then subset accuracy.</summary>
    public string ToMarkdown()
    {
        static string P(double v) => MeanStd.FormatNumber(100 * v);
        var sb = new System.Text.StringBuilder();
        sb.AppendLine("| Label | Positives | Se | +P | Sp | F1 | AUROC | AUPRC |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var m in PerLabel)
            sb.AppendLine($"| {m.Name} | {m.Support} | {P(m.Sensitivity)} | {P(m.Precision)} | {P(m.Specificity)} | {P(m.F1)} | {P(m.Auroc)} | {P(m.Auprc)} |");
        sb.AppendLine($"| Macro | | {P(Macro.Sensitivity)} | {P(Macro.Precision)} | {P(Macro.Specificity)} | {P(Macro.F1)} | {P(Macro.Auroc)} | {P(Macro.Auprc)} |");
        sb.AppendLine($"| Micro | | {P(Micro.Sensitivity)} | {P(Micro.Precision)} | {P(Micro.Specificity)} | {P(Micro.F1)} | | |");
        sb.AppendLine();
        sb.AppendLine($"{Items} records, threshold {Threshold:0.##} on each label's probability. Every label right (subset accuracy): {P(SubsetAccuracy)}%.");
        return sb.ToString();
    }

    private static ClassMetrics Binary(string name, long tp, long fp, long fn, long tn, double auroc, double auprc)
    {
        static double Ratio(long a, long b) => b == 0 ? 0 : (double)a / b;
        double se = Ratio(tp, tp + fn), pr = Ratio(tp, tp + fp);
        return new ClassMetrics(name, tp + fn, tp, fp, fn, tn, se, pr, Ratio(tn, tn + fp),
            pr + se == 0 ? 0 : 2 * pr * se / (pr + se), Ratio(tp + tn, tp + fp + fn + tn), auroc, auprc);
    }

    private static AveragedMetrics Mean(IReadOnlyList<ClassMetrics> labels)
    {
        double Of(Func<ClassMetrics, double> metric)
        {
            var values = labels.Select(metric).Where(v => !double.IsNaN(v)).ToList();
            return values.Count == 0 ? double.NaN : values.Average();
        }
        return new AveragedMetrics(Of(m => m.Sensitivity), Of(m => m.Precision), Of(m => m.Specificity), Of(m => m.F1),
            Of(m => m.Accuracy), Of(m => m.Auroc), Of(m => m.Auprc));
    }
}
