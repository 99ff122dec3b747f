using System.Globalization;

namespace EcgNotebooks.Evaluation;

/// <summary>
/// Mean and sample standard deviation (n − 1 denominator) of one metric over seeds. With one value the
/// standard deviation is undefined: NaN, shown as "–". NaN inputs propagate (an undefined metric stays undefined).
/// </summary>
public readonly record struct MeanStd(double Mean, double Std, int Count)
{
    public static MeanStd Of(IEnumerable<double> values)
    {
        var v = values.ToArray();
        if (v.Length == 0) return new MeanStd(double.NaN, double.NaN, 0);
        double mean = v.Average();
        double std = v.Length < 2 ? double.NaN : Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        return new MeanStd(mean, std, v.Length);
    }

    /// <summary>
    /// "mean ± std" with values multiplied by <paramref name="scale"/> (100 for percent); a <paramref name="signed"/> mean
    /// (a difference) carries its sign, as the paper prints its Δ columns.
    /// </summary>
    public string Format(int decimals = 2, double scale = 100, bool signed = false) =>
        $"{(signed ? FormatSigned(Mean * scale, decimals) : FormatNumber(Mean * scale, decimals))} ± {FormatNumber(Std * scale, decimals)}";

    public override string ToString() => $"{Format()} (n={Count})";

    /// <summary>Invariant fixed-point text, "–" for NaN.</summary>
    public static string FormatNumber(double value, int decimals = 2) =>
        double.IsNaN(value) ? "–" : value.ToString("F" + decimals, CultureInfo.InvariantCulture);

    /// <summary>As <see cref="FormatNumber"/> with an explicit sign: "+2.57", "−5.46" (the minus sign), "0.00".</summary>
    public static string FormatSigned(double value, int decimals = 2)
    {
        string digits = "0." + new string('0', decimals);
        return double.IsNaN(value) ? "–" : value.ToString($"+{digits};−{digits};{digits}", CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// Every scalar of several <see cref="ClassificationReport"/>s (one per seed) as mean ± sample std,
/// keyed by <see cref="MetricKeys"/>.
/// </summary>
public sealed class SeedSummary
{
    private SeedSummary(IReadOnlyList<int> seeds, IReadOnlyDictionary<string, MeanStd> metrics)
    {
        Seeds = seeds;
        Metrics = metrics;
    }

    public IReadOnlyList<int> Seeds { get; }
    public int Count => Seeds.Count;
    public IReadOnlyDictionary<string, MeanStd> Metrics { get; }

    public MeanStd this[string metricKey] =>
        Metrics.TryGetValue(metricKey, out var v)
            ? v
            : throw new KeyNotFoundException($"No metric '{metricKey}' in the seed summary (keys: {string.Join(", ", Metrics.Keys)}).");

    public static SeedSummary Of(IEnumerable<(int Seed, ClassificationReport Report)> runs) =>
        Of(runs.Select(r => (r.Seed, r.Report.ToMetricDictionary())));

    /// <summary>Summary of per-seed metric dictionaries; a key is summarised over the seeds that have it.</summary>
    public static SeedSummary Of(IEnumerable<(int Seed, IReadOnlyDictionary<string, double> Metrics)> runs)
    {
        var list = runs.ToList();
        var keys = list.SelectMany(r => r.Metrics.Keys).Distinct().ToList();
        var metrics = new Dictionary<string, MeanStd>();
        foreach (var key in keys)
            metrics[key] = MeanStd.Of(list.Where(r => r.Metrics.ContainsKey(key)).Select(r => r.Metrics[key]));
        return new SeedSummary(list.Select(r => r.Seed).ToArray(), metrics);
    }
}
