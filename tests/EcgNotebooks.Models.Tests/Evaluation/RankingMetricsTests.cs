using EcgNotebooks.Evaluation;

namespace EcgNotebooks.Models.Tests.Evaluation;

public class RankingMetricsTests
{
    [Fact]
    public void Sklearn_documentation_example()
    {
        // sklearn docs: y_true [0,0,1,1], scores [0.1,0.4,0.35,0.8] → average_precision 0.8333, roc_auc 0.75.
        // By hand, AUROC: pairs (0.35,0.1) ✓ (0.35,0.4) ✗ (0.8,·) ✓✓ → 3/4.
        // AP: threshold 0.8 → R ½, P 1; 0.4 → R ½, P ½; 0.35 → R 1, P ⅔ → ½·1 + ½·⅔ = 5/6.
        bool[] y = [false, false, true, true];
        float[] s = [0.1f, 0.4f, 0.35f, 0.8f];
        Assert.Equal(0.75, RankingMetrics.Auroc(y, s), 12);
        Assert.Equal(5.0 / 6, RankingMetrics.AveragePrecision(y, s), 12);
    }

    [Fact]
    public void Roc_points_are_sklearns_roc_curve_and_their_trapezoids_are_the_auroc()
    {
        // sklearn roc_curve(drop_intermediate=False) on the docs example: fpr [0, 0, .5, .5, 1], tpr [0, .5, .5, 1, 1].
        bool[] y = [false, false, true, true];
        float[] s = [0.1f, 0.4f, 0.35f, 0.8f];
        var (fpr, tpr) = RankingMetrics.RocPoints(y, s);
        Assert.Equal([0, 0, 0.5, 0.5, 1], fpr);
        Assert.Equal([0, 0.5, 0.5, 1, 1], tpr);
        var area = 0.0;
        for (var i = 1; i < fpr.Length; i++) area += (fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2;
        Assert.Equal(RankingMetrics.Auroc(y, s), area, 12);
        // Tied scores are one step (a diagonal segment), as the mid-rank AUROC counts them.
        var (tf, tt) = RankingMetrics.RocPoints([true, false], [0.5f, 0.5f]);
        Assert.Equal([0, 1.0], tf);
        Assert.Equal([0, 1.0], tt);
    }

    [Fact]
    public void Ties_count_half_in_auroc_and_form_one_threshold_in_ap()
    {
        // Positives 0.5, 0.9; negatives 0.5, 0.1. AUROC: (0.5 vs 0.5) ½ + 1 + 1 + 1 → 3.5/4.
        // AP: 0.9 → R ½ P 1; the tied 0.5 pair is one threshold → R 1 P ⅔ → 5/6
        // (were the tie broken positive-first, AP would be 1).
        bool[] y = [true, false, true, false];
        float[] s = [0.5f, 0.5f, 0.9f, 0.1f];
        Assert.Equal(0.875, RankingMetrics.Auroc(y, s), 12);
        Assert.Equal(5.0 / 6, RankingMetrics.AveragePrecision(y, s), 12);
    }

    [Fact]
    public void All_scores_equal_gives_chance_auroc_and_prevalence_ap()
    {
        bool[] y = [true, false, false, false];
        float[] s = [0.3f, 0.3f, 0.3f, 0.3f];
        Assert.Equal(0.5, RankingMetrics.Auroc(y, s), 12);
        Assert.Equal(0.25, RankingMetrics.AveragePrecision(y, s), 12);
    }

    [Fact]
    public void Perfect_and_reversed_rankings()
    {
        bool[] y = [true, true, false];
        Assert.Equal(1.0, RankingMetrics.Auroc(y, [0.9f, 0.8f, 0.1f]), 12);
        Assert.Equal(0.0, RankingMetrics.Auroc(y, [0.1f, 0.2f, 0.9f]), 12);
        Assert.Equal(1.0, RankingMetrics.AveragePrecision(y, [0.9f, 0.8f, 0.1f]), 12);
        // Reversed: 0.9 → R 0; 0.2 → R ½ P ½; 0.1 → R 1 P ⅔ → ¼ + ⅓.
        Assert.Equal(0.25 + 1.0 / 3, RankingMetrics.AveragePrecision(y, [0.1f, 0.2f, 0.9f]), 12);
    }

    [Fact]
    public void Undefined_cases_are_nan()
    {
        Assert.True(double.IsNaN(RankingMetrics.Auroc([false, false], [0.1f, 0.2f])));
        Assert.True(double.IsNaN(RankingMetrics.AveragePrecision([false, false], [0.1f, 0.2f])));
        Assert.True(double.IsNaN(RankingMetrics.Auroc([true, true], [0.1f, 0.2f])));
        Assert.Equal(1.0, RankingMetrics.AveragePrecision([true, true], [0.1f, 0.2f]), 12);
    }

    [Fact]
    public void Auroc_agrees_with_pairwise_counting_on_random_tied_scores()
    {
        var rng = new Random(3);
        var y = new bool[300];
        var s = new float[300];
        for (int i = 0; i < y.Length; i++) { y[i] = rng.NextDouble() < 0.3; s[i] = rng.Next(0, 10) / 10f; }
        double wins = 0; long pairs = 0;
        for (int i = 0; i < y.Length; i++)
            for (int j = 0; j < y.Length; j++)
                if (y[i] && !y[j]) { pairs++; wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0; }
        Assert.Equal(wins / pairs, RankingMetrics.Auroc(y, s), 12);
    }

    [Fact]
    public void Matches_sklearn_on_heavily_tied_scores()
    {
        // 30 beats, 10 distinct scores. Reference values from scikit-learn 1.2.1:
        // roc_auc_score(y, s) = 0.9400000000000002, average_precision_score(y, s) = 0.8727272727272726.
        bool[] y = [false, false, false, true, true, false, false, true, true, false, false, true, false, false, false, false, false, false, false, true, false, true, false, true, false, false, true, false, false, true];
        float[] s = [0.4f, 0.0f, 0.3f, 0.6f, 0.4f, 0.2f, 0.5f, 0.5f, 0.4f, 0.4f, 0.3f, 0.8f, 0.1f, 0.2f, 0.5f, 0.3f, 0.3f, 0.1f, 0.0f, 0.9f, 0.1f, 0.8f, 0.2f, 0.9f, 0.2f, 0.6f, 0.6f, 0.1f, 0.4f, 0.7f];
        Assert.Equal(0.94, RankingMetrics.Auroc(y, s), 12);
        Assert.Equal(0.8727272727272726, RankingMetrics.AveragePrecision(y, s), 12);
    }
}
