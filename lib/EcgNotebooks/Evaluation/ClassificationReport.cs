namespace EcgNotebooks.Evaluation;

/// <summary>
/// Everything the evaluation reports for one model on one beat set: confusion matrix, per-class
/// Se/+P/Sp/F1/one-vs-rest accuracy/AUROC/AUPRC, their macro and support-weighted averages, the true
/// overall accuracy and the paper's "Acc" side by side.
/// <para>
/// <see cref="OverallAccuracy"/> is correct/total. <see cref="PaperAcc"/> is the paper's "Acc": the mean of
/// the one-vs-rest accuracies, which with k classes equals 1 − 2E/(kN) (E errors of N beats), i.e.
/// 1 − E/(2N) for four classes; it is not an accuracy anyone would quote for a 4-way classifier.
/// Macro averages run over every class of the report; <see cref="MacroOver"/> averages a subset
/// (e.g. N,S,V,F of a five-class report).
/// </para>
/// </summary>
public sealed record ClassificationReport(
    IReadOnlyList<string> ClassNames,
    ConfusionMatrix ConfusionMatrix,
    IReadOnlyList<ClassMetrics> PerClass,
    AveragedMetrics Macro,
    AveragedMetrics Weighted,
    double OverallAccuracy,
    double PaperAcc,
    long Total)
{
    /// <summary>Report from labels and class probabilities laid out [beat, class].</summary>
    public static ClassificationReport Compute(
        ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, float[,] probabilities, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (probabilities.GetLength(1) != classNames.Count)
            throw new ArgumentException(
                $"Probabilities have {probabilities.GetLength(1)} columns but there are {classNames.Count} classes.",
                nameof(probabilities));
        var flat = new float[probabilities.Length];
        Buffer.BlockCopy(probabilities, 0, flat, 0, flat.Length * sizeof(float));
        return Compute(truth, predicted, flat, classNames);
    }

    /// <summary>Report from labels and row-major flat probabilities (length = beats × classes).</summary>
    public static ClassificationReport Compute(
        ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, ReadOnlySpan<float> probabilities, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        int k = classNames.Count;
        if (probabilities.Length != (long)truth.Length * k)
            throw new ArgumentException(
                $"Probabilities have {probabilities.Length} values; expected {truth.Length} beats × {k} classes = {(long)truth.Length * k}.",
                nameof(probabilities));
        var matrix = ConfusionMatrix.FromLabels(truth, predicted, classNames);

        int n = truth.Length;
        var isPositive = new bool[n];
        var scores = new float[n];
        var perClass = new ClassMetrics[k];
        for (int c = 0; c < k; c++)
        {
            for (int i = 0; i < n; i++)
            {
                isPositive[i] = truth[i] == c;
                scores[i] = probabilities[i * k + c];
            }
            perClass[c] = FromCounts(matrix, c,
                RankingMetrics.Auroc(isPositive, scores), RankingMetrics.AveragePrecision(isPositive, scores));
        }
        return Assemble(matrix, perClass);
    }

    /// <summary>Report from a confusion matrix alone (no scores: AUROC/AUPRC are NaN).</summary>
    public static ClassificationReport FromConfusionMatrix(ConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var perClass = new ClassMetrics[matrix.ClassCount];
        for (int c = 0; c < perClass.Length; c++) perClass[c] = FromCounts(matrix, c, double.NaN, double.NaN);
        return Assemble(matrix, perClass);
    }

    /// <summary>Predicted label = arg-max of each probability row (first class wins ties).</summary>
    public static int[] ArgMax(ReadOnlySpan<float> probabilities, int classCount)
    {
        if (classCount <= 0 || probabilities.Length % classCount != 0)
            throw new ArgumentException($"{probabilities.Length} probabilities do not split into rows of {classCount}.");
        var labels = new int[probabilities.Length / classCount];
        for (int i = 0; i < labels.Length; i++)
        {
            var row = probabilities.Slice(i * classCount, classCount);
            int best = 0;
            for (int c = 1; c < classCount; c++) if (row[c] > row[best]) best = c;
            labels[i] = best;
        }
        return labels;
    }

    public ClassMetrics this[string className] => PerClass[ConfusionMatrix.IndexOf(className)];

    /// <summary>Unweighted mean over the named classes only.</summary>
    public AveragedMetrics MacroOver(IEnumerable<string> classNames) =>
        Average(classNames.Select(name => this[name]).ToArray(), weighted: false);

    /// <summary>
    /// All scalar metrics keyed by <see cref="MetricKeys"/>: "oa", "paper_acc", "macro.*", "weighted.*",
    /// "&lt;class&gt;.*", and for a five-class report "macro_nsvf.*" (macro over N, S, V, F). Values are fractions.
    /// </summary>
    public IReadOnlyDictionary<string, double> ToMetricDictionary()
    {
        var d = new Dictionary<string, double>
        {
            [MetricKeys.OverallAccuracy] = OverallAccuracy,
            [MetricKeys.PaperAcc] = PaperAcc,
        };
        MetricKeys.AddScope(d, MetricKeys.Macro, Macro);
        MetricKeys.AddScope(d, MetricKeys.Weighted, Weighted);
        if (ClassNames.Count > AamiClasses.Four.Count && AamiClasses.Four.All(ClassNames.Contains))
            MetricKeys.AddScope(d, MetricKeys.MacroNsvf, MacroOver(AamiClasses.Four));
        MetricKeys.AddClasses(d, PerClass);
        return d;
    }

    /// <summary>
    /// Per-class table (percent) with macro and weighted rows, then OA beside the paper's Acc, then the confusion matrix.
    /// </summary>
    public string ToMarkdown()
    {
        static string P(double v) => MeanStd.FormatNumber(100 * v);
        var sb = new System.Text.StringBuilder();
        sb.AppendLine("| Class | Support | Se | +P | Sp | F1 | Acc (1-vs-rest) | AUROC | AUPRC |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var m in PerClass)
            sb.AppendLine($"| {m.Name} | {m.Support} | {P(m.Sensitivity)} | {P(m.Precision)} | {P(m.Specificity)} | {P(m.F1)} | {P(m.Accuracy)} | {P(m.Auroc)} | {P(m.Auprc)} |");
        foreach (var (label, a) in new[] { ("Macro", Macro), ("Weighted", Weighted) })
            sb.AppendLine($"| {label} | {Total} | {P(a.Sensitivity)} | {P(a.Precision)} | {P(a.Specificity)} | {P(a.F1)} | {P(a.Accuracy)} | {P(a.Auroc)} | {P(a.Auprc)} |");
        sb.AppendLine();
        sb.AppendLine($"Overall accuracy (correct/all): {P(OverallAccuracy)}%. Paper's \"Acc\" (mean one-vs-rest accuracy): {P(PaperAcc)}%.");
        sb.AppendLine();
        sb.Append(ConfusionMatrix.ToMarkdown());
        return sb.ToString();
    }

    private static ClassMetrics FromCounts(ConfusionMatrix matrix, int c, double auroc, double auprc)
    {
        long tp = matrix.TruePositives(c), fp = matrix.FalsePositives(c), fn = matrix.FalseNegatives(c), tn = matrix.TrueNegatives(c);
        long total = matrix.Total;
        double se = Ratio(tp, tp + fn), pr = Ratio(tp, tp + fp), sp = Ratio(tn, tn + fp);
        double f1 = pr + se == 0 ? 0 : 2 * pr * se / (pr + se);
        return new ClassMetrics(matrix.ClassNames[c], tp + fn, tp, fp, fn, tn, se, pr, sp, f1, Ratio(tp + tn, total), auroc, auprc);
    }

    private static ClassificationReport Assemble(ConfusionMatrix matrix, ClassMetrics[] perClass)
    {
        var macro = Average(perClass, weighted: false);
        return new ClassificationReport(
            matrix.ClassNames, matrix, perClass, macro, Average(perClass, weighted: true),
            OverallAccuracy: Ratio(matrix.Correct, matrix.Total), PaperAcc: macro.Accuracy, Total: matrix.Total);
    }

    private static AveragedMetrics Average(IReadOnlyList<ClassMetrics> classes, bool weighted)
    {
        double Mean(Func<ClassMetrics, double> metric)
        {
            double sum = 0, weights = 0;
            foreach (var m in classes)
            {
                double v = metric(m);
                if (double.IsNaN(v)) continue;
                double w = weighted ? m.Support : 1;
                sum += w * v;
                weights += w;
            }
            return weights == 0 ? double.NaN : sum / weights;
        }
        return new AveragedMetrics(
            Mean(m => m.Sensitivity), Mean(m => m.Precision), Mean(m => m.Specificity), Mean(m => m.F1),
            Mean(m => m.Accuracy), Mean(m => m.Auroc), Mean(m => m.Auprc));
    }

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
