namespace EcgNotebooks.Data;

/// <summary>Beat counts per AAMI class (N, S, V, F, Q).</summary>
public sealed class ClassCounts
{
    private readonly int[] _counts = new int[5];

    public ClassCounts() { }

    public ClassCounts(IEnumerable<int> counts)
    {
        int i = 0;
        foreach (var c in counts) _counts[i++] = c;
    }

    public int this[AamiClass c] { get => _counts[(int)c]; internal set => _counts[(int)c] = value; }
    public int Total => _counts.Sum();
    public IReadOnlyList<int> AsList() => _counts;

    internal void Add(ClassCounts other) { for (int i = 0; i < 5; i++) _counts[i] += other._counts[i]; }

    public override string ToString() => string.Join(", ", Enum.GetValues<AamiClass>().Select(c => $"{c} {this[c]}"));
}

/// <summary>Beat counts of one record: AAMI beats annotated, kept in the dataset, and dropped at the record edges.</summary>
public sealed record RecordSummary(string Record, ClassCounts Annotated, ClassCounts Kept, ClassCounts DroppedAtEdges, int? Age, Sex? Sex);

/// <summary>
/// Beats ready for training: <see cref="Beats"/> is float32 [Count, LeadCount, Length] flattened
/// row-major; <see cref="Rr"/> is [Count, RrFeatureNames.Length]; the other arrays have one entry per beat.
/// </summary>
public sealed class BeatDataset
{
    public required BeatDatasetOptions Options { get; init; }
    public required IReadOnlyList<string> LeadNames { get; init; }
    public required int Length { get; init; }
    /// <summary>Index of the R peak inside each window.</summary>
    public required int RIndex { get; init; }
    /// <summary>Sampling rate of the beats (the record's, or the target rate).</summary>
    public required double SampleRate { get; init; }
    public required float[] Beats { get; init; }
    /// <summary>AAMI class ids: N 0, S 1, V 2, F 3, Q 4 (Q only with 5 classes).</summary>
    public required int[] Labels { get; init; }
    public required float[] Rr { get; init; }
    public required string[] RrFeatureNames { get; init; }
    public required string[] Records { get; init; }
    /// <summary>R peak per beat, in samples of the original record.</summary>
    public required int[] RSamples { get; init; }
    public required int?[] Ages { get; init; }
    public required Sex?[] Sexes { get; init; }
    /// <summary>Per record: counts before and after the edge policy.</summary>
    public required IReadOnlyList<RecordSummary> PerRecord { get; init; }

    public int Count => Labels.Length;
    public int LeadCount => LeadNames.Count;
    public int RrFeatureCount => RrFeatureNames.Length;
    public int ClassCount => Options.Classes;
    public int[] BeatShape => [Count, LeadCount, Length];
    public int[] RrShape => [Count, RrFeatureCount];

    /// <summary>Class names in label order (N S V F, plus Q with 5 classes).</summary>
    public IReadOnlyList<string> ClassNames => Enum.GetNames<AamiClass>()[..ClassCount];

    /// <summary>Beats per class in this dataset.</summary>
    public ClassCounts ClassCounts
    {
        get
        {
            var c = new ClassCounts();
            foreach (var l in Labels) c[(AamiClass)l]++;
            return c;
        }
    }

    /// <summary>Total beats dropped at record edges, per class.</summary>
    public ClassCounts DroppedAtEdges
    {
        get
        {
            var c = new ClassCounts();
            foreach (var r in PerRecord) c.Add(r.DroppedAtEdges);
            return c;
        }
    }

    public ReadOnlySpan<float> Beat(int i) => Beats.AsSpan(i * LeadCount * Length, LeadCount * Length);
    public ReadOnlySpan<float> RrRow(int i) => Rr.AsSpan(i * RrFeatureCount, RrFeatureCount);

    /// <summary>The beats of the given records (e.g. <see cref="MitBih.TrainRecords"/> out of a DS1 dataset).</summary>
    public BeatDataset Subset(IEnumerable<string> records)
    {
        var set = records.ToHashSet(StringComparer.Ordinal);
        var missing = set.Except(PerRecord.Select(r => r.Record)).ToArray();
        if (missing.Length > 0) throw new ArgumentException($"records not in this dataset: {string.Join(", ", missing)}", nameof(records));
        var rows = Enumerable.Range(0, Count).Where(i => set.Contains(Records[i])).ToArray();
        return Select(rows, PerRecord.Where(r => set.Contains(r.Record)).ToArray());
    }

    /// <summary>A copy with another RR matrix of the same shape (e.g. standardised).</summary>
    public BeatDataset WithRr(float[] rr)
    {
        if (rr.Length != Rr.Length) throw new ArgumentException($"RR matrix has {rr.Length} values, expected {Rr.Length}", nameof(rr));
        return new BeatDataset
        {
            Options = Options, LeadNames = LeadNames, Length = Length, RIndex = RIndex, SampleRate = SampleRate, Beats = Beats,
            Labels = Labels, Rr = rr, RrFeatureNames = RrFeatureNames, Records = Records, RSamples = RSamples, Ages = Ages,
            Sexes = Sexes, PerRecord = PerRecord,
        };
    }

    private BeatDataset Select(int[] rows, IReadOnlyList<RecordSummary> perRecord)
    {
        int beat = LeadCount * Length, k = RrFeatureCount;
        var beats = new float[rows.Length * beat];
        var rr = new float[rows.Length * k];
        for (int j = 0; j < rows.Length; j++)
        {
            Beats.AsSpan(rows[j] * beat, beat).CopyTo(beats.AsSpan(j * beat));
            Rr.AsSpan(rows[j] * k, k).CopyTo(rr.AsSpan(j * k));
        }
        return new BeatDataset
        {
            Options = Options, LeadNames = LeadNames, Length = Length, RIndex = RIndex, SampleRate = SampleRate, Beats = beats,
            Labels = rows.Select(i => Labels[i]).ToArray(), Rr = rr, RrFeatureNames = RrFeatureNames,
            Records = rows.Select(i => Records[i]).ToArray(), RSamples = rows.Select(i => RSamples[i]).ToArray(),
            Ages = rows.Select(i => Ages[i]).ToArray(), Sexes = rows.Select(i => Sexes[i]).ToArray(), PerRecord = perRecord,
        };
    }
}
