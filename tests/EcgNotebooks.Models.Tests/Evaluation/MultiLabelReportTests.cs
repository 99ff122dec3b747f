using EcgNotebooks.Evaluation;

namespace EcgNotebooks.Models.Tests.Evaluation;

public class MultiLabelReportTests
{
    // 4 records × 2 labels. Label a: truth 1 1 0 0, scores .9 .4 .6 .1 → at 0.5: TP 1, FN 1, FP 1, TN 1.
    // Label b: truth 0 1 1 0, scores .2 .8 .7 .3 → TP 2, TN 2.
    private static readonly float[] Targets = [1, 0, 1, 1, 0, 1, 0, 0];
    private static readonly float[] Scores = [0.9f, 0.2f, 0.4f, 0.8f, 0.6f, 0.7f, 0.1f, 0.3f];

    [Fact]
    public void Per_label_micro_and_macro_follow_the_counts()
    {
        var r = MultiLabelReport.Compute(Targets, Scores, ["a", "b"]);
        Assert.Equal((1L, 1L, 1L, 1L), (r["a"].TruePositives, r["a"].FalsePositives, r["a"].FalseNegatives, r["a"].TrueNegatives));
        Assert.Equal(0.5, r["a"].F1, 12);
        Assert.Equal(1.0, r["b"].F1, 12);
        Assert.Equal(0.75, r.Macro.F1, 12);
        // Micro pools the decisions: TP 3, FP 1, FN 1 → P = R = 0.75.
        Assert.Equal(0.75, r.Micro.F1, 12);
        // a's positives score .9 and .4 against negatives .6 and .1: 3 of 4 pairs ordered → AUROC 0.75; b is separated.
        Assert.Equal(0.75, r["a"].Auroc, 12);
        Assert.Equal(1.0, r["b"].Auroc, 12);
        // Records 2 and 3 (0-based 1 and 2) have a wrong label; 0 and 3 are right on both.
        Assert.Equal(0.5, r.SubsetAccuracy, 12);
        Assert.Equal(4, r.Items);
        Assert.Equal(0.75, r.ToMetricDictionary()["micro.f1"], 12);
    }

    [Fact]
    public void A_label_without_positives_has_no_ranking_metrics_and_leaves_the_macro_AUROC()
    {
        var r = MultiLabelReport.Compute([1, 0, 0, 0], [0.9f, 0.1f, 0.2f, 0.3f], ["a", "never"]);
        Assert.True(double.IsNaN(r["never"].Auroc));
        Assert.Equal(1.0, r.Macro.Auroc, 12);
    }

    [Fact]
    public void Shapes_that_do_not_match_are_refused()
    {
        Assert.Throws<ArgumentException>(() => MultiLabelReport.Compute([1, 0, 1], [0.5f, 0.5f, 0.5f, 0.5f], ["a", "b"]));
    }
}
