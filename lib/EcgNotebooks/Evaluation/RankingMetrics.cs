namespace EcgNotebooks.Evaluation;

/// <summary>
/// Threshold-free one-vs-rest metrics of a score against a binary truth.
/// Both return NaN when the truth has no positives or (AUROC only) no negatives: the metric is undefined there,
/// and averages skip NaN (see <see cref="ClassificationReport"/>).
/// </summary>
public static class RankingMetrics
{
    /// <summary>
    /// Area under the ROC curve as the Mann–Whitney statistic: the probability that a random positive scores
    /// above a random negative, ties counting one half (mid-ranks). Equals the trapezoid area of the ROC curve
    /// and sklearn's roc_auc_score.
    /// </summary>
    public static double Auroc(ReadOnlySpan<bool> isPositive, ReadOnlySpan<float> scores)
    {
        CheckLengths(isPositive, scores);
        int n = scores.Length;
        var order = SortedOrder(scores, descending: false);
        long positives = 0;
        double positiveRankSum = 0;
        int i = 0;
        while (i < n)
        {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) j++;
            double midRank = (i + j) / 2.0 + 1.0; // ranks are 1-based
            for (int m = i; m <= j; m++)
                if (isPositive[order[m]]) { positives++; positiveRankSum += midRank; }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        double u = positiveRankSum - positives * (positives + 1) / 2.0;
        return u / ((double)positives * negatives);
    }

    /// <summary>
    /// The ROC curve's corners, (false positive rate, true positive rate) from (0, 0) to (1, 1), one point per distinct
    /// score threshold from high to low (tied scores form one step), as sklearn's roc_curve without dropping collinear points.
    /// </summary>
    public static (double[] Fpr, double[] Tpr) RocPoints(ReadOnlySpan<bool> isPositive, ReadOnlySpan<float> scores)
    {
        CheckLengths(isPositive, scores);
        var order = SortedOrder(scores, descending: true);
        long positives = 0;
        foreach (var p in isPositive) if (p) positives++;
        long negatives = scores.Length - positives;
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        long tp = 0, fp = 0;
        for (int i = 0; i < order.Length; i++)
        {
            if (isPositive[order[i]]) tp++; else fp++;
            if (i + 1 < order.Length && scores[order[i + 1]] == scores[order[i]]) continue;
            fpr.Add(negatives == 0 ? double.NaN : (double)fp / negatives);
            tpr.Add(positives == 0 ? double.NaN : (double)tp / positives);
        }
        return (fpr.ToArray(), tpr.ToArray());
    }

    /// <summary>
    /// Area under the precision–recall curve as average precision, sklearn's average_precision_score:
    /// AP = Σ_k (R_k − R_{k−1}) · P_k over the distinct score thresholds taken from high to low (a step
    /// function, no interpolation); tied scores form one threshold.
    /// </summary>
    public static double AveragePrecision(ReadOnlySpan<bool> isPositive, ReadOnlySpan<float> scores)
    {
        CheckLengths(isPositive, scores);
        int n = scores.Length;
        long positives = 0;
        foreach (var p in isPositive) if (p) positives++;
        if (positives == 0) return double.NaN;

        var order = SortedOrder(scores, descending: true);
        long tp = 0, fp = 0;
        double previousRecall = 0, ap = 0;
        int i = 0;
        while (i < n)
        {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) j++;
            for (int m = i; m <= j; m++)
                if (isPositive[order[m]]) tp++; else fp++;
            double recall = (double)tp / positives;
            double precision = (double)tp / (tp + fp);
            ap += (recall - previousRecall) * precision;
            previousRecall = recall;
            i = j + 1;
        }
        return ap;
    }

    private static int[] SortedOrder(ReadOnlySpan<float> scores, bool descending)
    {
        foreach (var s in scores)
            if (float.IsNaN(s)) throw new ArgumentException("Scores contain NaN; ranking metrics need finite scores.", nameof(scores));
        var keys = scores.ToArray();
        var order = new int[keys.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(keys, order);
        if (descending) Array.Reverse(order);
        return order;
    }

    private static void CheckLengths(ReadOnlySpan<bool> isPositive, ReadOnlySpan<float> scores)
    {
        if (isPositive.Length != scores.Length)
            throw new ArgumentException($"Truth has {isPositive.Length} entries but scores have {scores.Length}.");
    }
}
