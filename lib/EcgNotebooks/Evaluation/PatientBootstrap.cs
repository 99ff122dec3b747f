namespace EcgNotebooks.Evaluation;

/// <summary>
/// One run's DS2 predictions reduced to a confusion matrix per record (patient): what a patient-level bootstrap needs.
/// Counts are row-major [truth · k + predicted] per record, in the order of <see cref="Records"/>.
/// </summary>
public sealed class RecordConfusions
{
    public RecordConfusions(IReadOnlyList<string> classNames, IReadOnlyList<string> records, long[][] counts)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(counts);
        if (records.Count != counts.Length) throw new ArgumentException($"{records.Count} records but {counts.Length} count vectors.");
        var k = classNames.Count;
        if (counts.Any(c => c.Length != k * k)) throw new ArgumentException($"every record needs {k}×{k} counts.");
        ClassNames = classNames.ToArray();
        Records = records.ToArray();
        Counts = counts;
    }

    public IReadOnlyList<string> ClassNames { get; }
    public IReadOnlyList<string> Records { get; }
    public long[][] Counts { get; }
    public int ClassCount => ClassNames.Count;

    /// <summary>Per-record counts from per-beat labels; records are ordered ordinally.</summary>
    public static RecordConfusions FromLabels(IReadOnlyList<string> classNames, IReadOnlyList<string> records, ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        if (records.Count != truth.Length || truth.Length != predicted.Length)
            throw new ArgumentException($"{records.Count} records, {truth.Length} truths, {predicted.Length} predictions: one each per beat.");
        var k = classNames.Count;
        var order = records.Distinct().Order(StringComparer.Ordinal).ToArray();
        var index = order.Select((r, i) => (r, i)).ToDictionary(p => p.r, p => p.i);
        var counts = order.Select(_ => new long[k * k]).ToArray();
        for (var i = 0; i < truth.Length; i++)
        {
            int t = truth[i], p = predicted[i];
            if ((uint)t >= (uint)k || (uint)p >= (uint)k) throw new ArgumentOutOfRangeException(nameof(truth), $"beat {i}: label {t}/{p} not in [0, {k}).");
            counts[index[records[i]]][t * k + p]++;
        }
        return new RecordConfusions(classNames, order, counts);
    }
}

/// <summary>A bootstrap estimate: the value on all records, the percentile interval, and the share of draws ≤ 0
/// (for a difference: how often the resampled patients reverse or erase it).</summary>
public sealed record BootstrapInterval(double Estimate, double Low, double High, double ShareAtMostZero, int Draws, int Seeds);

/// <summary>
/// Patient-level bootstrap over DS2 records. A draw resamples the records with replacement (as many as there are); a
/// run's metric in a draw is computed from the sum of its drawn records' confusion counts (a record drawn twice counts
/// twice). A row's value in a draw is the MEAN OVER SEEDS of the per-seed metric (the same statistic the tables show),
/// so the interval is the patient-sampling uncertainty of the 5-seed mean, seeds held fixed; seed-to-seed spread is
/// the tables' ± std. Every row and every seed uses the same record draws, so a difference between rows is paired
/// by seed and by draw. Percentile interval, linear interpolation between order statistics (R's type 7).
/// </summary>
public static class PatientBootstrap
{
    public const int DefaultDraws = 2000;
    public const int DefaultSeed = 16;

    /// <summary>draws × records multiplicities from System.Random(seed): each draw picks <paramref name="records"/> records with replacement.</summary>
    public static int[][] Draw(int records, int draws, int seed)
    {
        if (records <= 0 || draws <= 0) throw new ArgumentOutOfRangeException(nameof(records), "records and draws must be positive.");
        var random = new Random(seed);
        var result = new int[draws][];
        for (var b = 0; b < draws; b++)
        {
            var m = new int[records];
            for (var i = 0; i < records; i++) m[random.Next(records)]++;
            result[b] = m;
        }
        return result;
    }

    /// <summary>F1 of class c from k×k counts: 2TP/(2TP + FP + FN), 0 when that is 0/0 (as <see cref="ClassMetrics"/>: F1 = 0 when Pr + Se = 0).</summary>
    public static double F1(ReadOnlySpan<long> counts, int k, int c)
    {
        long tp = counts[c * k + c], row = 0, col = 0;
        for (var j = 0; j < k; j++) { row += counts[c * k + j]; col += counts[j * k + c]; }
        var denominator = row + col;   // = 2TP + FP + FN
        return denominator == 0 ? 0 : 2.0 * tp / denominator;
    }

    /// <summary>Sensitivity of class c from k×k counts: TP/(TP + FN), 0 when the class is absent (as <see cref="ClassMetrics"/>).</summary>
    public static double Sensitivity(ReadOnlySpan<long> counts, int k, int c)
    {
        long row = 0;
        for (var j = 0; j < k; j++) row += counts[c * k + j];
        return row == 0 ? 0 : (double)counts[c * k + c] / row;
    }

    /// <summary>Unweighted mean F1 over the given class indices.</summary>
    public static double MacroF1(ReadOnlySpan<long> counts, int k, IReadOnlyList<int> classes)
    {
        double sum = 0;
        foreach (var c in classes) sum += F1(counts, k, c);
        return sum / classes.Count;
    }

    /// <summary>A metric of a k×k confusion count vector.</summary>
    public delegate double Metric(ReadOnlySpan<long> counts, int k);

    /// <summary>Macro F1 over N, S, V, F (the four-class table's macro; a five-class run is judged on the same four).</summary>
    public static Metric MacroF1Nsvf(IReadOnlyList<string> classNames)
    {
        var idx = AamiClasses.Four.Select(n => IndexOf(classNames, n)).ToArray();
        return (counts, k) => MacroF1(counts, k, idx);
    }

    /// <summary>Macro sensitivity over N, S, V, F (Table 4's "Se", the paper's figure for the MACNN hybrid).</summary>
    public static Metric MacroSensitivityNsvf(IReadOnlyList<string> classNames)
    {
        var idx = AamiClasses.Four.Select(n => IndexOf(classNames, n)).ToArray();
        return (counts, k) =>
        {
            double sum = 0;
            foreach (var c in idx) sum += Sensitivity(counts, k, c);
            return sum / idx.Length;
        };
    }

    /// <summary>F1 of one named class.</summary>
    public static Metric ClassF1(IReadOnlyList<string> classNames, string name)
    {
        var c = IndexOf(classNames, name);
        return (counts, k) => F1(counts, k, c);
    }

    /// <summary>The metric of one run on all records (weights 1) and in every draw.</summary>
    public static (double All, double[] Draws) RunValues(RecordConfusions run, int[][] draws, Metric metric)
    {
        var k = run.ClassCount;
        var sum = new long[k * k];
        var r = run.Records.Count;
        if (draws.Length > 0 && draws[0].Length != r)
            throw new ArgumentException($"draws are over {draws[0].Length} records, the run has {r}.");
        foreach (var c in run.Counts) for (var j = 0; j < sum.Length; j++) sum[j] += c[j];
        var all = metric(sum, k);
        var values = new double[draws.Length];
        for (var b = 0; b < draws.Length; b++)
        {
            Array.Clear(sum);
            var m = draws[b];
            for (var i = 0; i < r; i++)
            {
                if (m[i] == 0) continue;
                var c = run.Counts[i];
                for (var j = 0; j < sum.Length; j++) sum[j] += m[i] * c[j];
            }
            values[b] = metric(sum, k);
        }
        return (all, values);
    }

    /// <summary>A row (runs by seed) summarised: mean over seeds of the metric, per draw.</summary>
    public static BootstrapInterval Row(IReadOnlyDictionary<int, RecordConfusions> bySeed, int[][] draws, Func<RecordConfusions, Metric> metric, double level = 0.95) =>
        Summarise(bySeed.Keys.Order().Select(s => RunValues(bySeed[s], draws, metric(bySeed[s]))).ToList(), draws.Length, level);

    /// <summary>
    /// Paired difference a − b over the seeds both rows have: in each draw, mean over those seeds of
    /// (metric of a's run − metric of b's run), both on the same drawn records.
    /// </summary>
    public static BootstrapInterval Difference(
        IReadOnlyDictionary<int, RecordConfusions> a, IReadOnlyDictionary<int, RecordConfusions> b, int[][] draws,
        Func<RecordConfusions, Metric> metric, double level = 0.95)
    {
        var seeds = a.Keys.Intersect(b.Keys).Order().ToList();
        var diffs = seeds.Select(s =>
        {
            CheckSameRecords(a[s], b[s]);
            var (aAll, aDraws) = RunValues(a[s], draws, metric(a[s]));
            var (bAll, bDraws) = RunValues(b[s], draws, metric(b[s]));
            return (aAll - bAll, aDraws.Zip(bDraws, (x, y) => x - y).ToArray());
        }).ToList();
        return Summarise(diffs, draws.Length, level);
    }

    private static BootstrapInterval Summarise(IReadOnlyList<(double All, double[] Draws)> perSeed, int draws, double level)
    {
        if (perSeed.Count == 0) return new BootstrapInterval(double.NaN, double.NaN, double.NaN, double.NaN, draws, 0);
        var estimate = perSeed.Average(p => p.All);
        var means = new double[draws];
        for (var b = 0; b < draws; b++)
        {
            double s = 0;
            foreach (var p in perSeed) s += p.Draws[b];
            means[b] = s / perSeed.Count;
        }
        var atMostZero = means.Count(v => v <= 0) / (double)draws;
        Array.Sort(means);
        var alpha = (1 - level) / 2;
        return new BootstrapInterval(estimate, Quantile(means, alpha), Quantile(means, 1 - alpha), atMostZero, draws, perSeed.Count);
    }

    /// <summary>Quantile of sorted values, linear interpolation between order statistics (R type 7, numpy's default).</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0) return double.NaN;
        var h = (sorted.Count - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    private static void CheckSameRecords(RecordConfusions a, RecordConfusions b)
    {
        if (!a.Records.SequenceEqual(b.Records))
            throw new InvalidOperationException("a paired difference needs both runs scored on the same DS2 records.");
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++) if (names[i] == name) return i;
        throw new ArgumentException($"class '{name}' is not one of {string.Join(", ", names)}");
    }
}
