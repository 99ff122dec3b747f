using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EcgNotebooks.Data;

public enum WindowUnit { Samples, Seconds }

/// <summary>
/// The beat window: <see cref="Before"/> units before the R peak and <see cref="After"/> units from it,
/// i.e. samples [R − before, R + after) at the output rate; R sits at index <c>before</c>.
/// </summary>
public sealed record BeatWindow(double Before, double After, WindowUnit Unit = WindowUnit.Samples)
{
    public (int Before, int After) ToSamples(double sampleRate) => Unit == WindowUnit.Samples
        ? ((int)Math.Round(Before), (int)Math.Round(After))
        : ((int)Math.Round(Before * sampleRate), (int)Math.Round(After * sampleRate));
}

/// <summary>Zero-phase windowed-sinc FIR band-pass; <c>LowHz = 0</c> makes it a low-pass. <see cref="Taps"/> must be odd.</summary>
public sealed record BandPass(double LowHz, double HighHz, int Taps);

/// <summary>Baseline removal by two cascaded median filters (de Chazal 2004: 200 ms then 600 ms), subtracted from the signal.</summary>
public sealed record MedianBaseline(double FirstSeconds = 0.2, double SecondSeconds = 0.6);

public enum BeatNormalisation
{
    None,
    /// <summary>Per beat and lead: (x − mean) / (std + 1e-8), as the reference code.</summary>
    ZScore,
    /// <summary>Per beat and lead: (x − min) / (max − min + 1e-8), into [0, 1].</summary>
    MinMax,
}

public enum EdgePolicy
{
    /// <summary>Beats whose window runs past a record edge are dropped and counted.</summary>
    Drop,
    /// <summary>Beats near an edge are kept; the missing samples repeat the record's first or last sample.</summary>
    Pad,
}

[Flags]
public enum RrFeatureSet
{
    None = 0,
    /// <summary>The paper's Table 1: pre, post, local (last 10), global, pre − global, pre / global, pre / post; seconds.</summary>
    PaperTable1 = 1,
    /// <summary>MACNN-SE early fusion: pre / running mean of all previous RR, pre / mean of the last 10 RR.</summary>
    EarlyFusionRatios = 2,
}

public enum GlobalRrMode
{
    /// <summary>Mean RR over the whole record, past and future (the paper; a per-patient constant).</summary>
    WholeRecord,
    /// <summary>Causal: mean RR over the trailing 5 minutes up to and including the current beat.</summary>
    Trailing5Minutes,
}

/// <summary>
/// Every setting that shapes a <see cref="BeatDataset"/>. <see cref="Hash"/> covers all of them, so
/// a changed setting always gives a different cache key.
/// </summary>
/// <remarks>
/// The default is the paper profile (<see cref="Paper"/>): MLII, 720-sample window with R at 360,
/// the reference code's FIR "band-pass 0.1–100 Hz, 257 taps, Hamming, filtfilt" at 360 Hz, per-beat
/// z-score, edge beats dropped, Table 1 RR features with the whole-record global mean, 4 classes.
/// That filter cannot reach 0.1 Hz with 257 taps: it is effectively a 100 Hz low-pass with almost no
/// baseline-wander removal (protocol notes §7.9). <see cref="Recommended"/> is the honest
/// alternative: median baseline removal (≈ 0.5 Hz high-pass) plus a 40 Hz FIR low-pass and the
/// causal (trailing 5 min) global RR.
/// </remarks>
public sealed record BeatDatasetOptions
{
    /// <summary>Leads by signal name, in channel order.</summary>
    public IReadOnlyList<string> Leads { get; init; } = [MitBih.DefaultLead];
    public BeatWindow Window { get; init; } = new(360, 360);
    /// <summary>Median baseline removal, applied first (on the raw samples); null = off.</summary>
    public MedianBaseline? Baseline { get; init; }
    /// <summary>Zero-phase FIR band-pass at the record's own rate; null = off.</summary>
    public BandPass? Filter { get; init; } = new(0.1, 100, 257);
    /// <summary>Resample to this rate (Hz) with an anti-aliasing filter; null = keep the record's rate.</summary>
    public double? TargetSampleRate { get; init; }
    public BeatNormalisation Normalisation { get; init; } = BeatNormalisation.ZScore;
    public EdgePolicy Edge { get; init; } = EdgePolicy.Drop;
    public RrFeatureSet RrFeatures { get; init; } = RrFeatureSet.PaperTable1;
    public GlobalRrMode GlobalRr { get; init; } = GlobalRrMode.WholeRecord;
    /// <summary>4 (N, S, V, F; Q beats dropped, as the reference code) or 5 (N, S, V, F, Q).</summary>
    public int Classes { get; init; } = 4;

    /// <summary>The reference code's ResUNet pipeline (see remarks).</summary>
    public static BeatDatasetOptions Paper { get; } = new();

    /// <summary>Median baseline removal + 40 Hz low-pass, causal global RR; otherwise as <see cref="Paper"/>.</summary>
    public static BeatDatasetOptions Recommended { get; } = new()
    {
        Baseline = new MedianBaseline(),
        Filter = new BandPass(0, 40, 129),
        GlobalRr = GlobalRrMode.Trailing5Minutes,
    };

    /// <summary>Throws <see cref="ArgumentException"/> for settings that cannot work.</summary>
    public void Validate()
    {
        if (Leads.Count == 0) throw new ArgumentException("at least one lead is needed");
        if (Classes is not (4 or 5)) throw new ArgumentException($"Classes must be 4 or 5, not {Classes}");
        if (Window.Before < 0 || Window.After <= 0) throw new ArgumentException($"window {Window} must have Before ≥ 0 and After > 0");
        if (Filter is { } f && (f.Taps < 3 || f.Taps % 2 == 0 || f.LowHz < 0 || f.HighHz <= f.LowHz))
            throw new ArgumentException($"filter {f} needs an odd tap count ≥ 3 and 0 ≤ LowHz < HighHz");
        if (Baseline is { } b && (b.FirstSeconds <= 0 || b.SecondSeconds <= 0)) throw new ArgumentException($"baseline windows {b} must be positive");
        if (TargetSampleRate is { } r && !(r > 0)) throw new ArgumentException($"target sample rate {r} must be positive");
    }

    /// <summary>Every setting as one canonical line (the input of <see cref="Hash"/>).</summary>
    public string Canonical()
    {
        var c = CultureInfo.InvariantCulture;
        return string.Join(";",
            "leads=" + string.Join(",", Leads),
            string.Create(c, $"window={Window.Before:R},{Window.After:R},{Window.Unit}"),
            Baseline is { } b ? string.Create(c, $"baseline={b.FirstSeconds:R},{b.SecondSeconds:R}") : "baseline=off",
            Filter is { } f ? string.Create(c, $"filter={f.LowHz:R},{f.HighHz:R},{f.Taps}") : "filter=off",
            TargetSampleRate is { } r ? string.Create(c, $"rate={r:R}") : "rate=native",
            $"norm={Normalisation}", $"edge={Edge}", $"rr={RrFeatures}", $"global={GlobalRr}", $"classes={Classes}");
    }

    /// <summary>Stable hash (hex SHA-256 prefix) of <see cref="Canonical"/>.</summary>
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical())))[..16];

    public override string ToString() => Canonical();

    public bool Equals(BeatDatasetOptions? other) => other is not null && Canonical() == other.Canonical();

    public override int GetHashCode() => Canonical().GetHashCode(StringComparison.Ordinal);
}
