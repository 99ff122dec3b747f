using EcgNotebooks.Evaluation;

namespace EcgNotebooks.Models.Tests.Evaluation;

public class ClassificationReportTests
{
    // Hand example, rows = truth, columns = prediction (N, S, V, F); 15 beats, 11 correct, E = 4.
    //   N: 5 1 0 0   support 6   column sums: N 7, S 3, V 3, F 2
    //   S: 1 2 0 0   support 3
    //   V: 0 0 3 1   support 4
    //   F: 1 0 0 1   support 2
    // N: TP 5 FN 1 FP 2 TN 7  → Se 5/6, Pr 5/7, Sp 7/9,  Acc 12/15, F1 10/13
    // S: TP 2 FN 1 FP 1 TN 11 → Se 2/3, Pr 2/3, Sp 11/12, Acc 13/15, F1 2/3
    // V: TP 3 FN 1 FP 0 TN 11 → Se 3/4, Pr 1,   Sp 1,     Acc 14/15, F1 6/7
    // F: TP 1 FN 1 FP 1 TN 12 → Se 1/2, Pr 1/2, Sp 12/13, Acc 13/15, F1 1/2
    private static readonly long[,] Hand =
    {
        { 5, 1, 0, 0 },
        { 1, 2, 0, 0 },
        { 0, 0, 3, 1 },
        { 1, 0, 0, 1 },
    };

    private static ClassificationReport HandReport()
    {
        var (t, p) = LabelFixtures.Expand(Hand);
        return ClassificationReport.Compute(t, p, LabelFixtures.OneHot(p, 4), AamiClasses.Four);
    }

    [Fact]
    public void Per_class_metrics_match_the_hand_computation()
    {
        var r = HandReport();
        const int d = 12;
        Assert.Equal(5.0 / 6, r["N"].Sensitivity, d);
        Assert.Equal(5.0 / 7, r["N"].Precision, d);
        Assert.Equal(7.0 / 9, r["N"].Specificity, d);
        Assert.Equal(12.0 / 15, r["N"].Accuracy, d);
        Assert.Equal(10.0 / 13, r["N"].F1, d);
        Assert.Equal(11.0 / 12, r["S"].Specificity, d);
        Assert.Equal(2.0 / 3, r["S"].F1, d);
        Assert.Equal(1.0, r["V"].Precision, d);
        Assert.Equal(6.0 / 7, r["V"].F1, d);
        Assert.Equal(12.0 / 13, r["F"].Specificity, d);
        Assert.Equal(0.5, r["F"].F1, d);
        Assert.Equal(new long[] { 6, 3, 4, 2 }, r.PerClass.Select(m => m.Support));
    }

    [Fact]
    public void Averages_and_accuracies_match_the_hand_computation()
    {
        var r = HandReport();
        const int d = 12;
        Assert.Equal(11.0 / 15, r.OverallAccuracy, d);
        Assert.Equal((5.0 / 6 + 2.0 / 3 + 3.0 / 4 + 1.0 / 2) / 4, r.Macro.Sensitivity, d); // 33/48
        Assert.Equal((10.0 / 13 + 2.0 / 3 + 6.0 / 7 + 0.5) / 4, r.Macro.F1, d);
        // Weighted Pr = (6·5/7 + 3·2/3 + 4·1 + 2·1/2) / 15
        Assert.Equal((6 * 5.0 / 7 + 2 + 4 + 1) / 15, r.Weighted.Precision, d);
        // Paper Acc = (12 + 13 + 14 + 13) / 60
        Assert.Equal(52.0 / 60, r.PaperAcc, d);
        Assert.Equal(r.Macro.Accuracy, r.PaperAcc, d);
    }

    [Fact]
    public void Paper_acc_is_one_minus_errors_over_twice_the_beats_for_four_classes()
    {
        var r = HandReport();
        long errors = r.Total - r.ConfusionMatrix.Correct;
        Assert.Equal(1 - errors / (2.0 * r.Total), r.PaperAcc, 12);
        Assert.Equal(2 * r.PaperAcc - 1, r.OverallAccuracy, 12);

        // Any 4-class matrix, including a lopsided random one.
        var rng = new Random(7);
        var counts = new long[4, 4];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) counts[i, j] = rng.Next(0, 500);
        var random = ClassificationReport.FromConfusionMatrix(new ConfusionMatrix(AamiClasses.Four, counts));
        long e = random.Total - random.ConfusionMatrix.Correct;
        Assert.Equal(1 - e / (2.0 * random.Total), random.PaperAcc, 12);
    }

    [Fact]
    public void Paper_acc_is_one_minus_two_errors_over_k_beats_in_general()
    {
        var (t, p) = LabelFixtures.Expand(new long[,] { { 3, 1, 0, 0, 1 }, { 0, 2, 0, 0, 0 }, { 0, 0, 4, 0, 0 }, { 0, 0, 0, 1, 0 }, { 1, 0, 0, 0, 1 } });
        var r = ClassificationReport.Compute(t, p, LabelFixtures.OneHot(p, 5), AamiClasses.Five);
        // 14 beats, 11 correct, 3 errors: 1 − 2·3/(5·14)
        Assert.Equal(1 - 6.0 / 70, r.PaperAcc, 12);
        Assert.Equal(11.0 / 14, r.OverallAccuracy, 12);
    }

    [Fact]
    public void Weighted_sensitivity_is_the_overall_accuracy()
    {
        // Why the paper's weighted Se equals 2·Acc − 1 in every Table 3 row.
        var r = HandReport();
        Assert.Equal(r.OverallAccuracy, r.Weighted.Sensitivity, 12);
    }

    [Fact]
    public void Never_predicted_class_has_precision_and_f1_zero()
    {
        // F is never predicted: Pr = 0/0 → 0, Se = 0 → F1 = 0 (Se + Pr = 0).
        // Column sums N 6, S 1, V 3, F 0 → Pr N 4/6, S 1/1, V 2/3, F 0.
        var (t, p) = LabelFixtures.Expand(new long[,] { { 4, 0, 0, 0 }, { 1, 1, 0, 0 }, { 0, 0, 2, 0 }, { 1, 0, 1, 0 } });
        var r = ClassificationReport.Compute(t, p, LabelFixtures.OneHot(p, 4), AamiClasses.Four);
        Assert.Equal(0, r["F"].Precision);
        Assert.Equal(0, r["F"].Sensitivity);
        Assert.Equal(0, r["F"].F1);
        Assert.Equal((4.0 / 6 + 1 + 2.0 / 3 + 0) / 4, r.Macro.Precision, 12);
    }

    [Fact]
    public void Class_absent_from_truth_has_nan_ranking_metrics_left_out_of_the_macro()
    {
        // No true F beats; one beat predicted F. F's AUROC/AUPRC are undefined (NaN); the macro averages N,S,V.
        int[] truth = [0, 0, 1, 2];
        int[] predicted = [0, 3, 1, 2];
        float[] probs =
        [
            0.9f, 0.05f, 0.05f, 0.0f,
            0.3f, 0.1f, 0.1f, 0.5f,
            0.2f, 0.7f, 0.1f, 0.0f,
            0.1f, 0.1f, 0.8f, 0.0f,
        ];
        var r = ClassificationReport.Compute(truth, predicted, probs, AamiClasses.Four);
        Assert.True(double.IsNaN(r["F"].Auroc));
        Assert.True(double.IsNaN(r["F"].Auprc));
        Assert.Equal(0, r["F"].Sensitivity); // 0/0 → 0 by the zero-division convention
        // N: positives score 0.9, 0.3; negatives 0.2, 0.1 → AUROC 1. S and V are perfectly ranked too.
        Assert.Equal(1.0, r["N"].Auroc, 12);
        Assert.Equal(1.0, r.Macro.Auroc, 12);
        Assert.Equal(1.0, r.Macro.Auprc, 12);
        Assert.False(double.IsNaN(r.Weighted.Auroc));
    }

    [Fact]
    public void Macro_over_a_subset_of_a_five_class_report()
    {
        var (t, p) = LabelFixtures.Expand(new long[,] { { 3, 1, 0, 0, 1 }, { 0, 2, 0, 0, 0 }, { 0, 0, 4, 0, 0 }, { 0, 0, 0, 1, 0 }, { 1, 0, 0, 0, 1 } });
        var r = ClassificationReport.Compute(t, p, LabelFixtures.OneHot(p, 5), AamiClasses.Five);
        var four = r.MacroOver(AamiClasses.Four);
        // Se: N 3/5, S 1, V 1, F 1 over four classes; Q 1/2 joins for the five-class macro.
        Assert.Equal((0.6 + 3) / 4, four.Sensitivity, 12);
        Assert.Equal((0.6 + 3 + 0.5) / 5, r.Macro.Sensitivity, 12);
    }

    [Fact]
    public void Two_dimensional_and_flat_probabilities_agree()
    {
        int[] truth = [0, 1, 2, 3, 1];
        int[] predicted = [0, 1, 2, 0, 0];
        var probs2d = new float[5, 4];
        var rng = new Random(1);
        for (int i = 0; i < 5; i++) for (int c = 0; c < 4; c++) probs2d[i, c] = (float)rng.NextDouble();
        var flat = new float[20];
        for (int i = 0; i < 5; i++) for (int c = 0; c < 4; c++) flat[i * 4 + c] = probs2d[i, c];
        var a = ClassificationReport.Compute(truth, predicted, probs2d, AamiClasses.Four);
        var b = ClassificationReport.Compute(truth, predicted, flat, AamiClasses.Four);
        Assert.Equal(a.Macro, b.Macro);
        Assert.Equal(a.PerClass, b.PerClass);
    }

    [Fact]
    public void Rejects_probabilities_of_the_wrong_shape()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            ClassificationReport.Compute([0, 1], [0, 1], new float[6], AamiClasses.Four));
        Assert.Contains("2 beats × 4 classes", e.Message);
    }

    [Fact]
    public void ArgMax_picks_the_largest_probability()
    {
        Assert.Equal(new[] { 2, 0 }, ClassificationReport.ArgMax([0.1f, 0.2f, 0.6f, 0.1f, 0.4f, 0.3f, 0.2f, 0.1f], 4));
    }

    [Fact]
    public void Metric_dictionary_uses_the_shared_keys()
    {
        var d = HandReport().ToMetricDictionary();
        Assert.Equal(11.0 / 15, d[MetricKeys.OverallAccuracy], 12);
        Assert.Equal(52.0 / 60, d[MetricKeys.PaperAcc], 12);
        Assert.Equal(2.0 / 3, d["S.f1"], 12);
        Assert.Equal(33.0 / 48, d[MetricKeys.MacroOf(MetricKeys.Sensitivity)], 12);
        Assert.Equal(3, d["S.support"]);
    }

    [Fact]
    public void Markdown_lists_classes_accuracies_and_matrix()
    {
        string md = HandReport().ToMarkdown();
        Assert.Contains("| S | 3 | 66.67 | 66.67 | 91.67 | 66.67 | 86.67 |", md);
        Assert.Contains("Overall accuracy (correct/all): 73.33%. Paper's \"Acc\" (mean one-vs-rest accuracy): 86.67%.", md);
        Assert.Contains("| V | 0 | 0 | 3 | 1 | 4 |", md);
    }
}
