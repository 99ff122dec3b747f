using EcgNotebooks.Data;
using EcgNotebooks.Features;

namespace EcgNotebooks.Data.Tests;

public class RrFeatureTests
{
    private const int Pre = 0, Post = 1, Local = 2, Global = 3, PreMinusGlobal = 4, PreOverGlobal = 5, PreOverPost = 6;

    [Fact]
    public void Hand_checked_beats_of_record_100()
    {
        // 100.atr starts: '+' at 18, then beats at 77 N, 370 N, 662 N, 946 N, 1231 N, 1515 N, 1809 N, 2044 A, 2402 N.
        var ann = TestData.Source.ReadAnnotations("100");
        var peaks = RrFeatures.BeatPeaks(ann);
        Assert.Equal(new long[] { 77, 370, 662, 946, 1231, 1515, 1809, 2044, 2402 }, peaks.Take(9));
        var rr = RrFeatures.Compute(peaks, 360, RrFeatureSet.PaperTable1, GlobalRrMode.WholeRecord);
        const int k = 7;
        double F(int beat, int feature) => rr[beat * k + feature];
        // First beat: pre from the next interval, not from the '+' rhythm mark at 18 (which would give 59 samples).
        Assert.Equal(293 / 360.0, F(0, Pre), 5);
        Assert.Equal(293 / 360.0, F(0, Post), 5);
        // The A beat at 2044 (beat 7): pre 235, post 358 samples; local = mean of pre_0..pre_7.
        Assert.Equal(235 / 360.0, F(7, Pre), 5);
        Assert.Equal(358 / 360.0, F(7, Post), 5);
        Assert.Equal((293 + 293 + 292 + 284 + 285 + 284 + 294 + 235) / 8.0 / 360, F(7, Local), 5);
        Assert.Equal(235 / 358.0, F(7, PreOverPost), 5);
        // Global: mean of all pre over the record = (last − first + one interval for beat 0) / beats.
        double global = (peaks[^1] - peaks[0] + (peaks[1] - peaks[0])) / 360.0 / peaks.Length;
        Assert.Equal(global, F(7, Global), 4);
        Assert.Equal(235 / 360.0 - global, F(7, PreMinusGlobal), 4);
        Assert.Equal(235 / 360.0 / global, F(7, PreOverGlobal), 4);
        // Local over exactly the last 10 intervals at beat 20.
        double local20 = Enumerable.Range(11, 10).Average(i => (peaks[i] - peaks[i - 1]) / 360.0);
        Assert.Equal(local20, F(20, Local), 5);
        // Last beat: post repeats its pre.
        Assert.Equal(F(peaks.Length - 1, Pre), F(peaks.Length - 1, Post));
    }

    [Fact]
    public void Non_beat_annotations_never_shorten_an_interval()
    {
        foreach (var record in MitBih.DS1AndDS2)
        {
            var ann = TestData.Source.ReadAnnotations(record);
            var beatsOnly = ann.Where(a => a.IsBeat).ToArray();
            var all = RrFeatures.Compute(RrFeatures.BeatPeaks(ann), 360, RrFeatureSet.PaperTable1 | RrFeatureSet.EarlyFusionRatios, GlobalRrMode.Trailing5Minutes);
            var clean = RrFeatures.Compute(RrFeatures.BeatPeaks(beatsOnly), 360, RrFeatureSet.PaperTable1 | RrFeatureSet.EarlyFusionRatios, GlobalRrMode.Trailing5Minutes);
            Assert.Equal(clean, all);
        }
        // Record 108: 'x' at 4197 lies between V at 4105 and N at 4602; '~' at 9924 between N 9586 and N 9963.
        var a108 = TestData.Source.ReadAnnotations("108");
        Assert.Contains(a108, a => a.Sample == 4197 && a.Symbol == "x");
        Assert.Contains(a108, a => a.Sample == 9924 && a.Symbol == "~");
        var p108 = RrFeatures.BeatPeaks(a108);
        var rr108 = RrFeatures.Compute(p108, 360, RrFeatureSet.PaperTable1, GlobalRrMode.WholeRecord);
        Assert.Equal((4602 - 4105) / 360.0, rr108[Array.IndexOf(p108, 4602L) * 7 + Pre], 5);
        Assert.Equal((9963 - 9586) / 360.0, rr108[Array.IndexOf(p108, 9963L) * 7 + Pre], 5);
    }

    [Fact]
    public void Trailing_global_is_causal_and_whole_record_global_is_constant()
    {
        var peaks = RrFeatures.BeatPeaks(TestData.Source.ReadAnnotations("201"));
        var full = RrFeatures.Compute(peaks, 360, RrFeatureSet.PaperTable1, GlobalRrMode.Trailing5Minutes);
        int cut = peaks.Length / 2;
        var past = RrFeatures.Compute(peaks.AsSpan(0, cut + 1), 360, RrFeatureSet.PaperTable1, GlobalRrMode.Trailing5Minutes);
        for (int i = 0; i < cut; i++)
            foreach (var f in new[] { Pre, Local, Global, PreMinusGlobal, PreOverGlobal })
                Assert.Equal(full[i * 7 + f], past[i * 7 + f]);
        // At beat `cut`, the trailing mean is the mean of pre > 50 ms over the last 300 s.
        var pre = Enumerable.Range(0, peaks.Length).Select(i => i == 0 ? (peaks[1] - peaks[0]) / 360.0 : (peaks[i] - peaks[i - 1]) / 360.0).ToArray();
        var window = Enumerable.Range(0, cut + 1).Where(i => peaks[i] > peaks[cut] - 300 * 360 && pre[i] > 0.05).Select(i => pre[i]);
        Assert.Equal(window.Average(), full[cut * 7 + Global], 4);

        var whole = RrFeatures.Compute(peaks, 360, RrFeatureSet.PaperTable1, GlobalRrMode.WholeRecord);
        Assert.Single(Enumerable.Range(0, peaks.Length).Select(i => whole[i * 7 + Global]).Distinct());
    }

    [Fact]
    public void Early_fusion_ratios_follow_the_MACNN_SE_definition()
    {
        long[] peaks = [0, 300, 600, 1000, 1200, 1500];
        var rr = RrFeatures.Compute(peaks, 100, RrFeatureSet.EarlyFusionRatios, GlobalRrMode.WholeRecord);
        Assert.Equal(["pre_rr_ratio", "near_pre_rr_ratio"], RrFeatures.Names(RrFeatureSet.EarlyFusionRatios));
        Assert.Equal(1f, rr[0]);
        Assert.Equal(1f, rr[1]);
        // beat 3: pre = 4 s; pre list (s) = 3, 3, 3, 4 → running mean 3.25.
        Assert.Equal(4 / 3.25, rr[3 * 2], 5);
        Assert.Equal(4 / 3.25, rr[3 * 2 + 1], 5);
    }

    [Fact]
    public void Standardiser_is_fitted_on_training_beats_and_applied_unchanged_elsewhere()
    {
        var options = TestData.CountsOnly(4) with { Window = new BeatWindow(4, 4) };
        var ds1 = BeatDatasetBuilder.Build(TestData.Source, MitBih.DS1, options);
        var train = ds1.Subset(MitBih.TrainRecords);
        var val = ds1.Subset(MitBih.ValidationRecords);
        var scaler = RrStandardizer.Fit(train);
        var t = scaler.Apply(train);
        for (int j = 0; j < t.RrFeatureCount; j++)
        {
            var column = Enumerable.Range(0, t.Count).Select(i => (double)t.Rr[i * t.RrFeatureCount + j]).ToArray();
            Assert.Equal(0, column.Average(), 3);
            Assert.Equal(1, Math.Sqrt(column.Select(x => x * x).Average()), 2);
        }
        var v = scaler.Apply(val);
        Assert.Equal((val.Rr[0] - scaler.Mean[0]) / scaler.Std[0], v.Rr[0], 4);
        Assert.NotEqual(RrStandardizer.Fit(val).Mean[0], scaler.Mean[0]);
        Assert.Same(val.Beats, v.Beats);
    }
}
