using EcgNotebooks.Data;

namespace EcgNotebooks.Features;

/// <summary>
/// RR-interval features computed from beat (QRS) annotations only: rhythm, noise and other
/// non-beat marks never split an interval (protocol notes §7.1). Times are in seconds.
/// </summary>
public static class RrFeatures
{
    /// <summary>Intervals shorter than this are left out of the global mean (the reference code's 50 ms rule).</summary>
    public const double MinGlobalRrSeconds = 0.05;
    /// <summary>Floor of denominators, in seconds (the reference code's max(·, 1 ms)).</summary>
    public const double DenominatorFloor = 0.001;
    public const double TrailingGlobalSeconds = 300;

    public static readonly string[] PaperTable1Names =
        ["pre_rr", "post_rr", "local_rr", "global_rr", "pre_minus_global", "pre_over_global", "pre_over_post"];

    public static readonly string[] EarlyFusionNames = ["pre_rr_ratio", "near_pre_rr_ratio"];

    public static string[] Names(RrFeatureSet set) =>
        [.. set.HasFlag(RrFeatureSet.PaperTable1) ? PaperTable1Names : [], .. set.HasFlag(RrFeatureSet.EarlyFusionRatios) ? EarlyFusionNames : []];

    /// <summary>R samples of the beat annotations (<see cref="Annotation.IsBeat"/>), in order.</summary>
    public static long[] BeatPeaks(ReadOnlySpan<Annotation> annotations)
    {
        var peaks = new List<long>(annotations.Length);
        foreach (var a in annotations) if (a.IsBeat) peaks.Add(a.Sample);
        return peaks.ToArray();
    }

    /// <summary>
    /// Features of every beat in <paramref name="peaks"/> as a row-major [peaks, Names(set).Length] matrix.
    /// pre_i = R_i − R_{i−1} (i = 0: R_1 − R_0); post_i = R_{i+1} − R_i (last beat: its pre);
    /// local = mean of the last 10 pre (current included); global = mean of pre &gt; 50 ms over the
    /// whole record or over the trailing 5 minutes (current included); the early-fusion ratios divide
    /// pre by the running mean of all pre so far and of the last 10 (both 1 at i = 0).
    /// </summary>
    public static float[] Compute(ReadOnlySpan<long> peaks, double sampleRate, RrFeatureSet set, GlobalRrMode globalMode)
    {
        int n = peaks.Length, k = Names(set).Length;
        var result = new float[n * k];
        if (n == 0 || k == 0) return result;
        var pre = new double[n];
        for (int i = 1; i < n; i++) pre[i] = (peaks[i] - peaks[i - 1]) / sampleRate;
        pre[0] = n > 1 ? pre[1] : 0;

        double wholeGlobal = 0;
        {
            double s = 0; int c = 0;
            foreach (var p in pre) if (p > MinGlobalRrSeconds) { s += p; c++; }
            wholeGlobal = c > 0 ? s / c : 0;
        }

        double localSum = 0, runningSum = 0, trailSum = 0;
        int trailCount = 0, trailStart = 0;
        long trailWindow = (long)Math.Round(TrailingGlobalSeconds * sampleRate);
        for (int i = 0; i < n; i++)
        {
            localSum += pre[i];
            if (i >= 10) localSum -= pre[i - 10];
            double local = localSum / Math.Min(i + 1, 10);
            runningSum += pre[i];

            if (pre[i] > MinGlobalRrSeconds) { trailSum += pre[i]; trailCount++; }
            while (peaks[trailStart] <= peaks[i] - trailWindow)
            {
                if (pre[trailStart] > MinGlobalRrSeconds) { trailSum -= pre[trailStart]; trailCount--; }
                trailStart++;
            }
            double global = globalMode == GlobalRrMode.WholeRecord ? wholeGlobal : trailCount > 0 ? trailSum / trailCount : pre[i];
            double post = i + 1 < n ? pre[i + 1] : pre[i];

            var row = result.AsSpan(i * k, k);
            int j = 0;
            if (set.HasFlag(RrFeatureSet.PaperTable1))
            {
                row[j++] = (float)pre[i];
                row[j++] = (float)post;
                row[j++] = (float)local;
                row[j++] = (float)global;
                row[j++] = (float)(pre[i] - global);
                row[j++] = (float)(pre[i] / Math.Max(global, DenominatorFloor));
                row[j++] = (float)(pre[i] / Math.Max(post, DenominatorFloor));
            }
            if (set.HasFlag(RrFeatureSet.EarlyFusionRatios))
            {
                double eps = 1 / sampleRate; // one sample, as the reference code
                row[j++] = i == 0 ? 1f : (float)(pre[i] / Math.Max(runningSum / (i + 1), eps));
                row[j++] = i == 0 ? 1f : (float)(pre[i] / Math.Max(local, eps));
            }
        }
        return result;
    }
}

/// <summary>
/// Per-feature standardisation (x − mean) / std of an RR matrix. Fit it on the training records
/// only (<see cref="MitBih.TrainRecords"/>), then apply the same object to validation and test.
/// </summary>
public sealed class RrStandardizer
{
    public IReadOnlyList<string> FeatureNames { get; }
    public IReadOnlyList<double> Mean { get; }
    public IReadOnlyList<double> Std { get; }

    public RrStandardizer(IReadOnlyList<string> featureNames, IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        if (mean.Count != featureNames.Count || std.Count != featureNames.Count)
            throw new ArgumentException("names, means and standard deviations must have the same length");
        FeatureNames = featureNames; Mean = mean; Std = std;
    }

    /// <summary>Fits mean and std of every RR feature on <paramref name="train"/> (should hold training records only).</summary>
    public static RrStandardizer Fit(BeatDataset train)
    {
        int k = train.RrFeatureCount, n = train.Count;
        if (n < 2) throw new ArgumentException("need at least two beats to fit RR statistics", nameof(train));
        var mean = new double[k];
        var std = new double[k];
        for (int j = 0; j < k; j++)
        {
            var column = new double[n];
            for (int i = 0; i < n; i++) column[i] = train.Rr[i * k + j];
            var (m, v) = MathNet.Numerics.Statistics.Statistics.MeanVariance(column);
            mean[j] = m;
            std[j] = Math.Sqrt(v) is var s && s > 1e-12 ? s : 1; // a constant feature is only centred
        }
        return new RrStandardizer(train.RrFeatureNames, mean, std);
    }

    /// <summary>A copy of <paramref name="data"/> whose RR matrix is standardised.</summary>
    public BeatDataset Apply(BeatDataset data)
    {
        if (!data.RrFeatureNames.SequenceEqual(FeatureNames))
            throw new ArgumentException($"dataset RR features [{string.Join(", ", data.RrFeatureNames)}] differ from the fitted [{string.Join(", ", FeatureNames)}]");
        var rr = (float[])data.Rr.Clone();
        Transform(rr);
        return data.WithRr(rr);
    }

    /// <summary>Standardises a row-major [n, features] matrix in place.</summary>
    public void Transform(Span<float> rr)
    {
        int k = FeatureNames.Count;
        if (rr.Length % Math.Max(k, 1) != 0) throw new ArgumentException($"length {rr.Length} is not a multiple of {k} features");
        for (int i = 0; i < rr.Length; i++)
        {
            int j = i % k;
            rr[i] = (float)((rr[i] - Mean[j]) / Std[j]);
        }
    }
}
