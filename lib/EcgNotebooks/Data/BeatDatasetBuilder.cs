using System.Collections.Concurrent;
using System.Diagnostics;
using EcgNotebooks.Features;

namespace EcgNotebooks.Data;

/// <summary>
/// Builds a <see cref="BeatDataset"/> from records: per record (in parallel) read the leads, remove
/// the baseline, band-pass, resample, cut windows around the annotated R peaks, normalise, and
/// compute RR features from the beat annotations.
/// </summary>
public static class BeatDatasetBuilder
{
    /// <summary>Builds, or loads from <paramref name="cache"/> when one with the same settings and source files exists.</summary>
    public static BeatDataset Load(IRecordSource source, IReadOnlyList<string> records, BeatDatasetOptions options, DatasetCache? cache)
    {
        if (cache is null) return Build(source, records, options);
        var key = DatasetCache.Key(source, records, options);
        if (cache.TryLoad(key, options) is { } hit) return hit;
        var built = Build(source, records, options);
        cache.Save(key, built);
        return built;
    }

    /// <summary>The beats of MIT-BIH <paramref name="records"/> from the configured data location, through the default cache.</summary>
    public static BeatDataset LoadMitBih(IReadOnlyList<string> records, BeatDatasetOptions? options = null, bool useCache = true) =>
        Load(MitBih.Open(), records, options ?? BeatDatasetOptions.Paper, useCache ? DatasetCache.Default() : null);

    /// <summary>Builds the dataset (no cache). <paramref name="maxParallelism"/> defaults to the processor count.</summary>
    public static BeatDataset Build(IRecordSource source, IReadOnlyList<string> records, BeatDatasetOptions options, int? maxParallelism = null,
        BuildTimings? timings = null)
    {
        options.Validate();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxParallelism ?? Environment.ProcessorCount };
        var filters = new ConcurrentDictionary<double, FirFilter>();
        var resamplers = new ConcurrentDictionary<double, Resampler>();

        // Pass 1 (cheap): headers and annotations fix every record's beats, so the output arrays are allocated once.
        var plans = new RecordPlan[records.Count];
        Parallel.For(0, records.Count, parallel, i =>
        {
            long t0 = Stopwatch.GetTimestamp();
            plans[i] = Plan(source, records[i], options, resamplers);
            timings?.Add(ref timings.PlanTicks, t0);
        });
        int rate0Index = 0;
        double outRate = plans.Length > 0 ? plans[rate0Index].OutputRate : options.TargetSampleRate ?? 360;
        foreach (var p in plans)
            if (Math.Abs(p.OutputRate - outRate) > 1e-9)
                throw new ArgumentException($"records have different sampling rates ({p.Record}: {p.OutputRate} Hz, {outRate} Hz); set TargetSampleRate");
        var (before, after) = options.Window.ToSamples(outRate);
        int length = before + after, leads = options.Leads.Count;
        string[] rrNames = RrFeatures.Names(options.RrFeatures);
        int k = rrNames.Length;
        var offsets = new int[plans.Length + 1];
        for (int i = 0; i < plans.Length; i++) offsets[i + 1] = checked(offsets[i] + plans[i].Kept.Length);
        int total = offsets[^1];
        var beats = GC.AllocateUninitializedArray<float>(checked(total * leads * length));
        var labels = new int[total];
        var rr = new float[total * k];
        var recordIds = new string[total];
        var rSamples = new int[total];
        var ages = new int?[total];
        var sexes = new Sex?[total];

        // Pass 2: signals, written straight into each record's slice.
        Parallel.For(0, plans.Length, parallel, i =>
        {
            var plan = plans[i];
            int o = offsets[i];
            var signals = ReadAndPreprocess(source, plan, options, filters, resamplers, timings);
            long t0 = Stopwatch.GetTimestamp();
            for (int j = 0; j < plan.Kept.Length; j++)
            {
                var beat = plan.Kept[j];
                int row = o + j;
                labels[row] = (int)beat.Class;
                recordIds[row] = plan.Record;
                rSamples[row] = (int)beat.Sample;
                ages[row] = plan.Header.Age;
                sexes[row] = plan.Header.Sex;
                plan.Rr.AsSpan(beat.PeakIndex * k, k).CopyTo(rr.AsSpan(row * k, k));
                int r = plan.Resampler?.MapIndex(beat.Sample) ?? (int)beat.Sample;
                for (int lead = 0; lead < leads; lead++)
                {
                    var dest = beats.AsSpan((row * leads + lead) * length, length);
                    CutWindow(signals[lead], r - before, dest);
                    BeatNormaliser.Apply(dest, options.Normalisation);
                }
            }
            timings?.Add(ref timings.BeatTicks, t0);
        });

        return new BeatDataset
        {
            Options = options, LeadNames = options.Leads.ToArray(), Length = length, RIndex = before, SampleRate = outRate,
            Beats = beats, Labels = labels, Rr = rr, RrFeatureNames = rrNames, Records = recordIds, RSamples = rSamples,
            Ages = ages, Sexes = sexes, PerRecord = plans.Select(p => p.Summary).ToArray(),
        };
    }

    private readonly record struct PlannedBeat(long Sample, AamiClass Class, int PeakIndex);

    private sealed record RecordPlan(string Record, WfdbHeader Header, double OutputRate, Resampler? Resampler,
        PlannedBeat[] Kept, float[] Rr, RecordSummary Summary);

    private static RecordPlan Plan(IRecordSource source, string record, BeatDatasetOptions options, ConcurrentDictionary<double, Resampler> resamplers)
    {
        var header = source.ReadHeader(record);
        var annotations = source.ReadAnnotations(record);
        double fs = header.SamplingFrequency;
        Resampler? resampler = options.TargetSampleRate is { } target && Math.Abs(target - fs) > 1e-9
            ? resamplers.GetOrAdd(fs, f => new Resampler(f, target))
            : null;
        double outRate = options.TargetSampleRate ?? fs;
        var (before, after) = options.Window.ToSamples(outRate);
        long nsamp = header.SampleCount;
        int outLength = resampler?.OutputLength((int)nsamp) ?? (int)nsamp;

        var peaks = RrFeatures.BeatPeaks(annotations);
        var rr = RrFeatures.Compute(peaks, fs, options.RrFeatures, options.GlobalRr);
        var annotated = new ClassCounts();
        var kept = new ClassCounts();
        var dropped = new ClassCounts();
        var beats = new List<PlannedBeat>(peaks.Length);
        int peakIndex = -1;
        foreach (var a in annotations)
        {
            if (!a.IsBeat) continue;
            peakIndex++;
            if (MitBih.ToAami(a.Code) is not { } cls) continue;
            annotated[cls]++;
            if ((int)cls >= options.Classes) continue;
            int r = resampler?.MapIndex(a.Sample) ?? (int)a.Sample;
            bool inside = r - before >= 0 && r + after <= outLength;
            if (!inside && options.Edge == EdgePolicy.Drop) { dropped[cls]++; continue; }
            kept[cls]++;
            beats.Add(new PlannedBeat(a.Sample, cls, peakIndex));
        }
        return new RecordPlan(record, header, outRate, resampler, beats.ToArray(), rr,
            new RecordSummary(record, annotated, kept, dropped, header.Age, header.Sex));
    }

    private static float[][] ReadAndPreprocess(IRecordSource source, RecordPlan plan, BeatDatasetOptions options,
        ConcurrentDictionary<double, FirFilter> filters, ConcurrentDictionary<double, Resampler> resamplers, BuildTimings? timings)
    {
        var header = plan.Header;
        double fs = header.SamplingFrequency;
        long t0 = Stopwatch.GetTimestamp();
        var raw = source.ReadLeads(plan.Record, options.Leads);
        timings?.Add(ref timings.ReadTicks, t0);
        t0 = Stopwatch.GetTimestamp();
        var result = new float[raw.Length][];
        for (int lead = 0; lead < raw.Length; lead++)
        {
            var spec = header.CalibratedSignal(header.IndexOfLead(options.Leads[lead]));
            var x = raw[lead];
            var y = new float[x.Length];
            float inv = (float)(1 / spec.Gain);
            if (options.Baseline is { } b)
            {
                var detrended = new int[x.Length];
                MedianFilter.RemoveBaseline(x, detrended, (int)Math.Round(b.FirstSeconds * fs), (int)Math.Round(b.SecondSeconds * fs));
                for (int i = 0; i < x.Length; i++) y[i] = detrended[i] * inv;
            }
            else
            {
                int baseline = spec.Baseline;
                for (int i = 0; i < x.Length; i++) y[i] = (x[i] - baseline) * inv;
            }
            if (options.Filter is { } f)
                filters.GetOrAdd(fs, rate => FirFilter.BandPass(f.LowHz, f.HighHz, f.Taps, rate)).FiltFilt(y);
            if (plan.Resampler is { } rs) y = rs.Apply(y);
            result[lead] = y;
        }
        timings?.Add(ref timings.PreprocessTicks, t0);
        return result;
    }

    /// <summary>Copies signal[start .. start + dest.Length) into dest, repeating the first/last sample outside the signal.</summary>
    private static void CutWindow(float[] signal, int start, Span<float> dest)
    {
        if (start >= 0 && start + dest.Length <= signal.Length)
        {
            signal.AsSpan(start, dest.Length).CopyTo(dest);
            return;
        }
        for (int i = 0; i < dest.Length; i++) dest[i] = signal[Math.Clamp(start + i, 0, signal.Length - 1)];
    }
}

/// <summary>Time spent in each stage of <see cref="BeatDatasetBuilder.Build"/>, summed over worker threads.</summary>
public sealed class BuildTimings
{
    internal long PlanTicks, ReadTicks, PreprocessTicks, BeatTicks;

    /// <summary>Headers, annotations, beat selection and RR features.</summary>
    public TimeSpan PlanAndRr => Stopwatch.GetElapsedTime(0, PlanTicks);
    /// <summary>Signal decoding and checksum verification.</summary>
    public TimeSpan Read => Stopwatch.GetElapsedTime(0, ReadTicks);
    /// <summary>Baseline removal, filtering, resampling.</summary>
    public TimeSpan Preprocess => Stopwatch.GetElapsedTime(0, PreprocessTicks);
    /// <summary>Window cutting and normalisation.</summary>
    public TimeSpan Beats => Stopwatch.GetElapsedTime(0, BeatTicks);

    internal void Add(ref long field, long start) => Interlocked.Add(ref field, Stopwatch.GetTimestamp() - start);

    public override string ToString() =>
        $"plan+RR {PlanAndRr.TotalSeconds:F3} s, read {Read.TotalSeconds:F3} s, preprocess {Preprocess.TotalSeconds:F3} s, beats {Beats.TotalSeconds:F3} s (thread-seconds)";
}
