using System.Globalization;

namespace EcgNotebooks.Data;

/// <summary>
/// Settings of the Kachuee et al. (2018) re-compilation of MIT-BIH. <see cref="Default"/> is the one
/// the stored split (<see cref="StoredSplits.Kachuee"/>) and the paper comparison use.
/// </summary>
public sealed record KachueeOptions
{
    /// <summary>The lead, chosen by name (record 114 has it second).</summary>
    public string Lead { get; init; } = MitBih.DefaultLead;
    /// <summary>Records without <see cref="Lead"/> (102 and 104 have V5, V2) use their first signal instead of failing.</summary>
    public bool FirstSignalWhenLeadMissing { get; init; } = true;
    public double SampleRate { get; init; } = 125;
    public double WindowSeconds { get; init; } = 10;
    /// <summary>Each beat is this many times the window's median RR long.</summary>
    public double BeatPeriods { get; init; } = 1.2;
    /// <summary>Samples per beat after zero-padding (and cropping, for very slow windows).</summary>
    public int Length { get; init; } = 187;
    /// <summary>Drop each record's last AAMI beat: this reproduces Kachuee's counts exactly (see the Data README).</summary>
    public bool DropLastBeatOfRecord { get; init; } = true;

    public static KachueeOptions Default { get; } = new();

    public string Canonical() => string.Create(CultureInfo.InvariantCulture,
        $"kachuee lead={Lead} fallback={FirstSignalWhenLeadMissing} fs={SampleRate} window={WindowSeconds}s beat={BeatPeriods}T length={Length} dropLast={DropLastBeatOfRecord}");
}

/// <summary>
/// The re-compiled MIT-BIH beats: <see cref="Beats"/> is float32 [Count, Length] row-major, values in
/// [0, 1] followed by zero padding; <see cref="Labels"/> the AAMI class (N 0, S 1, V 2, F 3, Q 4);
/// <see cref="Records"/> the record (= patient) of each beat and <see cref="RSamples"/> its annotation
/// sample at 360 Hz, so intra-patient (<see cref="IntraPatient"/>) and inter-patient
/// (<see cref="InterPatient"/>) splits can both be made.
/// </summary>
public sealed class KachueeDataset
{
    public required KachueeOptions Options { get; init; }
    public required float[] Beats { get; init; }
    public required int[] Labels { get; init; }
    public required string[] Records { get; init; }
    public required int[] RSamples { get; init; }
    /// <summary>The lead each record's beats come from (MLII; V5 for 102 and 104, which have no MLII).</summary>
    public required IReadOnlyDictionary<string, string> LeadOfRecord { get; init; }
    /// <summary>Samples of each beat before zero padding (round(1.2 T), cut at the window's end and at <see cref="Length"/>).</summary>
    public required int[] ValidLengths { get; init; }
    /// <summary>round(1.2 T) capped at <see cref="Length"/>: what <see cref="ValidLengths"/> would be if the window's end did not cut the beat.</summary>
    public required int[] FullLengths { get; init; }

    /// <summary>Beats the window's end cut short (<see cref="ValidLengths"/> &lt; <see cref="FullLengths"/>).</summary>
    public int CutByWindowEnd => Enumerable.Range(0, Count).Count(i => ValidLengths[i] < FullLengths[i]);

    public int Count => Labels.Length;
    public int Length => Options.Length;
    public int[] Shape => [Count, Length];
    public static IReadOnlyList<string> ClassNames { get; } = Enum.GetNames<AamiClass>();

    /// <summary>The counts Kachuee et al. (2018) report: 109,446 beats (N 90,589, S 2,779, V 7,236, F 803, Q 8,039).</summary>
    public static ClassCounts PaperCounts { get; } = new([90589, 2779, 7236, 803, 8039]);

    public ClassCounts ClassCounts => new(Enumerable.Range(0, 5).Select(c => Labels.Count(l => l == c)));

    public ReadOnlySpan<float> Beat(int i) => Beats.AsSpan(i * Length, Length);

    /// <summary>The beats at <paramref name="indices"/>, in that order.</summary>
    public KachueeDataset Subset(IReadOnlyList<int> indices)
    {
        var beats = new float[indices.Count * Length];
        for (int k = 0; k < indices.Count; k++) Beat(indices[k]).CopyTo(beats.AsSpan(k * Length, Length));
        return new KachueeDataset
        {
            Options = Options, Beats = beats, LeadOfRecord = LeadOfRecord,
            Labels = indices.Select(i => Labels[i]).ToArray(),
            Records = indices.Select(i => Records[i]).ToArray(),
            RSamples = indices.Select(i => RSamples[i]).ToArray(),
            ValidLengths = indices.Select(i => ValidLengths[i]).ToArray(),
            FullLengths = indices.Select(i => FullLengths[i]).ToArray(),
        };
    }

    /// <summary>Indices of the beats of <paramref name="records"/>, in data set order.</summary>
    public int[] IndicesOf(IEnumerable<string> records)
    {
        var set = records.ToHashSet(StringComparer.Ordinal);
        return Enumerable.Range(0, Count).Where(i => set.Contains(Records[i])).ToArray();
    }

    /// <summary>The inter-patient split (de Chazal): DS1 beats to train on, DS2 beats to test on; paced records 102 104 107 217 in neither.</summary>
    public (KachueeDataset DS1, KachueeDataset DS2) InterPatient() => (Subset(IndicesOf(MitBih.DS1)), Subset(IndicesOf(MitBih.DS2)));

    /// <summary>
    /// Each beat's part of the stored intra-patient 8:1:1 split (<see cref="StoredSplits.Kachuee"/>).
    /// Throws when this data set is not the one the split was made for (other options or records).
    /// </summary>
    public SplitPart[] IntraPatientParts(KachueeSplit? split = null)
    {
        split ??= StoredSplits.Kachuee();
        var sha = StoredSplits.BeatsSha256(Records, RSamples, Labels);
        if (sha != split.BeatsSha256)
            throw new InvalidDataFileException(split.Source, $"the stored split belongs to another beat list (sha256 {split.BeatsSha256}, this data set {sha}); build with KachueeOptions.Default from all 48 records");
        var parts = new SplitPart[Count];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < Count; i++)
        {
            int k = seen.TryGetValue(Records[i], out var c) ? c : 0;
            seen[Records[i]] = k + 1;
            parts[i] = split.ByRecord[Records[i]][k];
        }
        return parts;
    }

    /// <summary>The stored intra-patient split as three data sets.</summary>
    public (KachueeDataset Train, KachueeDataset Validation, KachueeDataset Test) IntraPatient()
    {
        var parts = IntraPatientParts();
        KachueeDataset Part(SplitPart p) => Subset(Enumerable.Range(0, Count).Where(i => parts[i] == p).ToArray());
        return (Part(SplitPart.Train), Part(SplitPart.Validation), Part(SplitPart.Test));
    }
}

/// <summary>
/// Rebuilds Kachuee et al.'s (2018) MIT-BIH beat data set from the raw records: lead MLII resampled
/// to 125 Hz, cut into 10 s windows each normalised to [0, 1], one beat per annotated R peak lasting
/// 1.2 × the window's median RR, zero-padded to 187 samples, 5 AAMI classes. Every step, and what we
/// chose where the paper is silent, is in <c>lib/EcgNotebooks/Data/README.md</c>.
/// </summary>
public static class KachueeBuilder
{
    /// <summary>All 48 MIT-BIH records from the configured data location (no cache).</summary>
    public static KachueeDataset BuildMitBih(KachueeOptions? options = null, int? maxParallelism = null) =>
        Build(MitBih.Open(), MitBih.AllRecords, options, maxParallelism);

    /// <summary>Bump when the output for unchanged options changes (invalidates cached files).</summary>
    public const int PipelineVersion = 1;

    /// <summary>
    /// The re-compilation of all 48 records (or <paramref name="records"/>) of <paramref name="source"/>
    /// (default: the configured MIT-BIH), loaded from <paramref name="cache"/> (default:
    /// <see cref="DatasetCache.Default"/>'s folder) when a file with the same options, records and
    /// source files exists, else built (≈ 10 s of CPU) and saved there.
    /// </summary>
    public static KachueeDataset Load(KachueeOptions? options = null, IRecordSource? source = null, IReadOnlyList<string>? records = null,
        DatasetCache? cache = null, bool useCache = true)
    {
        options ??= KachueeOptions.Default;
        source ??= MitBih.Open();
        records ??= MitBih.AllRecords;
        if (!useCache) return Build(source, records, options);
        cache ??= DatasetCache.Default();
        var sb = new System.Text.StringBuilder();
        sb.Append("kachuee pipeline=").Append(PipelineVersion).Append('\n').Append(options.Canonical()).Append('\n');
        foreach (var r in records) sb.Append(r).Append('=').Append(source.Fingerprint(r)).Append('\n');
        var key = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sb.ToString())))[..32];
        var path = Path.Combine(cache.Directory, $"kachuee-{key}.bin");
        if (KachueeCacheFile.TryRead(path, key, options) is { } hit) return hit;
        var built = Build(source, records, options);
        KachueeCacheFile.Write(path, key, built);
        return built;
    }

    public static KachueeDataset Build(IRecordSource source, IReadOnlyList<string> records, KachueeOptions? options = null, int? maxParallelism = null)
    {
        options ??= KachueeOptions.Default;
        if (!(options.SampleRate > 0) || !(options.WindowSeconds > 0) || !(options.BeatPeriods > 0) || options.Length <= 0)
            throw new ArgumentException($"invalid options: {options.Canonical()}");
        var perRecord = new RecordBeats[records.Count];
        ParallelRun.For(0, records.Count, maxParallelism, i => perRecord[i] = BuildRecord(source, records[i], options));
        int total = perRecord.Sum(r => r.Labels.Count);
        var beats = new float[(long)total * options.Length];
        var labels = new int[total];
        var recs = new string[total];
        var samples = new int[total];
        var valid = new int[total];
        var full = new int[total];
        int o = 0;
        foreach (var r in perRecord)
        {
            r.Beats.AsSpan().CopyTo(beats.AsSpan(o * options.Length));
            for (int j = 0; j < r.Labels.Count; j++)
            {
                labels[o + j] = r.Labels[j];
                recs[o + j] = r.Record;
                samples[o + j] = r.Samples[j];
                valid[o + j] = r.Valid[j];
                full[o + j] = r.Full[j];
            }
            o += r.Labels.Count;
        }
        return new KachueeDataset { Options = options, LeadOfRecord = perRecord.ToDictionary(r => r.Record, r => r.Lead), Beats = beats, Labels = labels, Records = recs, RSamples = samples, ValidLengths = valid, FullLengths = full };
    }

    private sealed record RecordBeats(string Record, string Lead, float[] Beats, List<int> Labels, List<int> Samples, List<int> Valid, List<int> Full);

    /// <summary>What a record contributes, from its header and annotations alone (no signal is read).</summary>
    private sealed record RecordPlan(string Record, WfdbHeader Header, int Lead, Resampler? Resampler, int OutputLength,
        int[] Qrs, int[] BeatSamples, int[] BeatPositions, int[] BeatLabels);

    private static RecordPlan Plan(IRecordSource source, string record, KachueeOptions o)
    {
        var header = source.ReadHeader(record);
        int lead = header.IndexOfLead(o.Lead);
        if (lead < 0 && !(o.FirstSignalWhenLeadMissing && header.SignalCount > 0))
            throw new LeadNotFoundException($"{source.Location}/{record}.hea", o.Lead, header.Signals.Select(s => s.Description));
        if (lead < 0) lead = 0;
        double fs = header.SamplingFrequency;
        var resampler = Math.Abs(fs - o.SampleRate) < 1e-9 ? null : new Resampler(fs, o.SampleRate);
        if (header.SampleCount <= 0 || header.SampleCount > int.MaxValue)
            throw new MalformedHeaderException($"{source.Location}/{record}.hea", 1, "the record line must give the sample count");
        int length = resampler?.OutputLength((int)header.SampleCount) ?? (int)header.SampleCount;
        int Map(long s) => resampler?.MapIndex(s) ?? (int)s;

        var annotations = source.ReadAnnotations(record);
        // Every QRS annotation (AAMI or not) times the rhythm; AAMI beats become samples.
        var qrs = annotations.Where(a => a.IsBeat && a.Sample < header.SampleCount).Select(a => Map(a.Sample)).Where(s => s < length).ToArray();
        var aami = annotations.Where(a => MitBih.ToAami(a.Code) is not null && a.Sample < header.SampleCount && Map(a.Sample) < length).ToList();
        if (o.DropLastBeatOfRecord && aami.Count > 0) aami.RemoveAt(aami.Count - 1);
        return new RecordPlan(record, header, lead, resampler, length, qrs,
            aami.Select(a => (int)a.Sample).ToArray(), aami.Select(a => Map(a.Sample)).ToArray(),
            aami.Select(a => (int)MitBih.ToAami(a.Code)!.Value).ToArray());
    }

    /// <summary>
    /// The beat list (record, 360 Hz annotation sample, AAMI label of each beat) <see cref="Build"/> would
    /// make, from headers and annotations only: the cheap way to count beats or check the stored split.
    /// </summary>
    public static (string[] Records, int[] Samples, int[] Labels) BeatList(IRecordSource source, IReadOnlyList<string> records, KachueeOptions? options = null)
    {
        options ??= KachueeOptions.Default;
        var plans = new RecordPlan[records.Count];
        ParallelRun.For(0, records.Count, null, i => plans[i] = Plan(source, records[i], options));
        return (plans.SelectMany(p => p.BeatLabels.Select(_ => p.Record)).ToArray(),
            plans.SelectMany(p => p.BeatSamples).ToArray(),
            plans.SelectMany(p => p.BeatLabels).ToArray());
    }

    /// <summary>Beats per AAMI class that <see cref="Build"/> would make (annotations only, no signal).</summary>
    public static ClassCounts Count(IRecordSource source, IReadOnlyList<string> records, KachueeOptions? options = null)
    {
        var labels = BeatList(source, records, options).Labels;
        return new ClassCounts(Enumerable.Range(0, 5).Select(c => labels.Count(l => l == c)));
    }

    private static RecordBeats BuildRecord(IRecordSource source, string record, KachueeOptions o)
    {
        var plan = Plan(source, record, o);
        var header = plan.Header;
        int lead = plan.Lead;
        var adc = source.ReadLeads(record, [header.Signals[lead].Description])[0];
        var spec = header.Signals[lead];
        var mv = new float[adc.Length];
        for (int i = 0; i < mv.Length; i++) mv[i] = (float)spec.ToPhysical(adc[i]);
        var x = plan.Resampler?.Apply(mv) ?? mv;
        if (x.Length != plan.OutputLength)
            throw new InvalidDataFileException($"{source.Location}/{record}.hea", $"{adc.Length} samples read, the header says {header.SampleCount}");
        var qrs = plan.Qrs;

        int window = (int)Math.Round(o.WindowSeconds * o.SampleRate);
        int windows = (x.Length + window - 1) / window;
        // Min-max normalisation of each window (the last one may be shorter).
        var norm = new float[x.Length];
        for (int w = 0; w < windows; w++)
        {
            int a = w * window, b = Math.Min(x.Length, a + window);
            float min = float.MaxValue, max = float.MinValue;
            for (int t = a; t < b; t++) { min = Math.Min(min, x[t]); max = Math.Max(max, x[t]); }
            float range = max - min;
            for (int t = a; t < b; t++) norm[t] = range > 0 ? (x[t] - min) / range : 0f;
        }
        // Median RR per window from the QRS annotations inside it; the record's median where a window has fewer than two.
        double recordMedian = Median(Diffs(qrs, 0, int.MaxValue));
        var medians = new double[windows];
        for (int w = 0; w < windows; w++)
        {
            var d = Diffs(qrs, w * window, Math.Min(x.Length, (w + 1) * window));
            medians[w] = d.Count > 0 ? Median(d) : recordMedian;
        }

        int count = plan.BeatLabels.Length;
        var beats = new float[count * o.Length];
        var valid = new List<int>(count);
        var full = new List<int>(count);
        for (int j = 0; j < count; j++)
        {
            int r = plan.BeatPositions[j];
            int w = r / window;
            int end = Math.Min(x.Length, (w + 1) * window);
            int n = double.IsNaN(medians[w]) ? 0 : (int)Math.Min(int.MaxValue, Math.Round(o.BeatPeriods * medians[w], MidpointRounding.AwayFromZero));
            full.Add(Math.Max(0, Math.Min(n, o.Length)));
            n = Math.Max(0, Math.Min(Math.Min(n, o.Length), end - r));
            norm.AsSpan(r, n).CopyTo(beats.AsSpan(j * o.Length, n));
            valid.Add(n);
        }
        return new RecordBeats(record, spec.Description, beats, plan.BeatLabels.ToList(), plan.BeatSamples.ToList(), valid, full);
    }

    private static List<int> Diffs(int[] sorted, int from, int to)
    {
        var d = new List<int>();
        int prev = -1;
        foreach (var s in sorted)
        {
            if (s < from || s >= to) continue;
            if (prev >= 0) d.Add(s - prev);
            prev = s;
        }
        return d;
    }

    private static double Median(List<int> values)
    {
        if (values.Count == 0) return double.NaN;
        values.Sort();
        int m = values.Count / 2;
        return values.Count % 2 == 1 ? values[m] : (values[m - 1] + values[m]) / 2.0;
    }
}

/// <summary>One built <see cref="KachueeDataset"/> on disk: written atomically, read with bulk reads; a damaged file is rebuilt.</summary>
internal static class KachueeCacheFile
{
    private const string Magic = "ECGKACHU";
    private const int Version = 2;

    public static void Write(string path, string key, KachueeDataset d)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            using (var w = new BinaryWriter(stream))
            {
                w.Write(Magic); w.Write(Version); w.Write(key);
                w.Write(d.Count); w.Write(d.Length);
                w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(d.Beats.AsSpan()));
                foreach (var a in new[] { d.Labels, d.RSamples, d.ValidLengths, d.FullLengths }) w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()));
                foreach (var r in d.Records) w.Write(r);
                w.Write(d.LeadOfRecord.Count);
                foreach (var (r, l) in d.LeadOfRecord.OrderBy(p => p.Key, StringComparer.Ordinal)) { w.Write(r); w.Write(l); }
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public static KachueeDataset? TryRead(string path, string key, KachueeOptions options)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            using var r = new BinaryReader(stream);
            if (r.ReadString() != Magic || r.ReadInt32() != Version || r.ReadString() != key) return null;
            int n = r.ReadInt32(), length = r.ReadInt32();
            if (n < 0 || length != options.Length || (long)n * length * 4 > stream.Length) return null;
            var beats = new float[(long)n * length];
            stream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(beats.AsSpan()));
            int[] Ints() { var a = new int[n]; stream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan())); return a; }
            var labels = Ints(); var samples = Ints(); var valid = Ints(); var full = Ints();
            var records = new string[n];
            for (int i = 0; i < n; i++) records[i] = r.ReadString();
            int leads = r.ReadInt32();
            var leadOf = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < leads; i++) leadOf[r.ReadString()] = r.ReadString();
            return new KachueeDataset { Options = options, Beats = beats, Labels = labels, RSamples = samples, ValidLengths = valid, FullLengths = full, Records = records, LeadOfRecord = leadOf };
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException)
        {
            return null;
        }
    }
}
