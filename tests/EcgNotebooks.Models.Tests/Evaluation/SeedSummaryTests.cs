using EcgNotebooks.Evaluation;

namespace EcgNotebooks.Models.Tests.Evaluation;

public class SeedSummaryTests
{
    [Fact]
    public void Sample_standard_deviation_uses_n_minus_one()
    {
        // 0.90, 0.92, 0.94: mean 0.92, squared deviations 0.0004 + 0 + 0.0004 → /2 → std 0.02.
        var m = MeanStd.Of([0.90, 0.92, 0.94]);
        Assert.Equal(0.92, m.Mean, 12);
        Assert.Equal(0.02, m.Std, 12);
        Assert.Equal(3, m.Count);
        Assert.Equal("92.00 ± 2.00", m.Format());
    }

    [Fact]
    public void One_seed_has_undefined_std_shown_as_dash()
    {
        var m = MeanStd.Of([0.5]);
        Assert.True(double.IsNaN(m.Std));
        Assert.Equal("50.00 ± –", m.Format());
    }

    [Fact]
    public void Summarises_reports_per_metric_key()
    {
        var (t, p1) = LabelFixtures.Expand(new long[,] { { 2, 0, 0, 0 }, { 0, 2, 0, 0 }, { 0, 0, 2, 0 }, { 0, 0, 0, 2 } });
        var p2 = (int[])p1.Clone();
        p2[0] = 1; // one error in the second seed
        var r1 = ClassificationReport.Compute(t, p1, LabelFixtures.OneHot(p1, 4), AamiClasses.Four);
        var r2 = ClassificationReport.Compute(t, p2, LabelFixtures.OneHot(p2, 4), AamiClasses.Four);
        var s = SeedSummary.Of([(1, r1), (2, r2)]);
        Assert.Equal(2, s.Count);
        Assert.Equal((1 + 7.0 / 8) / 2, s[MetricKeys.OverallAccuracy].Mean, 12);
        Assert.Equal(Math.Sqrt(2 * Math.Pow(1.0 / 16, 2)), s[MetricKeys.OverallAccuracy].Std, 12);
        Assert.Throws<KeyNotFoundException>(() => s["nope"]);
    }
}
