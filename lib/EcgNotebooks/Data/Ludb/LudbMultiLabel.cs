namespace EcgNotebooks.Data;

/// <summary>How LUDB's diagnosis statements become labels.</summary>
public enum LudbLabelGrouping
{
    /// <summary>
    /// "Rhythm: X" and "Electric axis of the heart: X" stay whole; every other statement is cut at its
    /// first ':' or ',' (so "Ischemia: inferior wall" → "Ischemia", "Ventricular extrasystole, type:
    /// single PVC" → "Ventricular extrasystole"): the finding, not its location or subtype.
    /// </summary>
    Grouped,
    /// <summary>Each distinct statement is its own label.</summary>
    Statements,
}

/// <summary>Which LUDB labels the multi-label data set has.</summary>
public sealed record LudbMultiLabelOptions
{
    public LudbLabelGrouping Grouping { get; init; } = LudbLabelGrouping.Grouped;
    /// <summary>Labels with fewer positive records are dropped (5-fold CV needs positives in every fold).</summary>
    public int MinPositives { get; init; } = 10;

    /// <summary>The vocabulary the stored folds were stratified on.</summary>
    public static LudbMultiLabelOptions Default { get; } = new();
}

/// <summary>
/// LUDB as the Table 3 (age/sex ablation) data set: per record the 8 independent leads (I, II, V1–V6)
/// at 500 Hz × 10 s in mV (<see cref="Signals"/>, float32 [Count, 8, 5000] row-major), age, sex, a
/// multi-label target matrix (<see cref="Targets"/>, [Count, Labels.Count]) over the rhythm and
/// diagnosis statements of each header's comment lines, and the stored patient-level fold (0–4).
/// LUDB has one record per patient, so record-level folds are patient-level folds.
/// </summary>
public sealed class LudbMultiLabelDataset
{
    /// <summary>The 8 independent leads; III, aVR, aVL and aVF are linear combinations of I and II.</summary>
    public static IReadOnlyList<string> LeadNames { get; } = ["i", "ii", "v1", "v2", "v3", "v4", "v5", "v6"];
    public const int Length = 5000;
    public const double SampleRate = 500;

    public required LudbMultiLabelOptions Options { get; init; }
    public required int[] RecordIds { get; init; }
    public required float[] Signals { get; init; }
    public required int?[] Ages { get; init; }
    public required Sex?[] Sexes { get; init; }
    public required IReadOnlyList<string> Labels { get; init; }
    /// <summary>Positive records per label.</summary>
    public required int[] LabelCounts { get; init; }
    public required float[] Targets { get; init; }
    /// <summary>Each record's statements as its header writes them (trailing '.' removed).</summary>
    public required string[][] Statements { get; init; }
    /// <summary>Each record's fold (0–4) from the stored file (<see cref="StoredSplits.Ludb"/>).</summary>
    public required int[] Folds { get; init; }

    public int Count => RecordIds.Length;
    public int LeadCount => LeadNames.Count;
    public int LabelCount => Labels.Count;
    public int[] SignalShape => [Count, LeadCount, Length];
    public int[] TargetShape => [Count, LabelCount];

    public ReadOnlySpan<float> Signal(int i) => Signals.AsSpan(i * LeadCount * Length, LeadCount * Length);
    public ReadOnlySpan<float> Target(int i) => Targets.AsSpan(i * LabelCount, LabelCount);

    /// <summary>Cross-validation round <paramref name="fold"/>: the records of that fold are the test set, the others train.</summary>
    public (int[] Train, int[] Test) FoldSplit(int fold)
    {
        if (fold < 0 || fold >= StoredSplits.Folds) throw new ArgumentOutOfRangeException(nameof(fold));
        return (Enumerable.Range(0, Count).Where(i => Folds[i] != fold).ToArray(), Enumerable.Range(0, Count).Where(i => Folds[i] == fold).ToArray());
    }

    /// <summary>The records at <paramref name="indices"/>, in that order (same labels).</summary>
    public LudbMultiLabelDataset Subset(IReadOnlyList<int> indices)
    {
        int s = LeadCount * Length, l = LabelCount;
        var signals = new float[indices.Count * s];
        var targets = new float[indices.Count * l];
        for (int k = 0; k < indices.Count; k++)
        {
            Signal(indices[k]).CopyTo(signals.AsSpan(k * s, s));
            Target(indices[k]).CopyTo(targets.AsSpan(k * l, l));
        }
        return new LudbMultiLabelDataset
        {
            Options = Options, Labels = Labels, Signals = signals, Targets = targets,
            RecordIds = indices.Select(i => RecordIds[i]).ToArray(),
            Ages = indices.Select(i => Ages[i]).ToArray(),
            Sexes = indices.Select(i => Sexes[i]).ToArray(),
            Statements = indices.Select(i => Statements[i]).ToArray(),
            Folds = indices.Select(i => Folds[i]).ToArray(),
            LabelCounts = Enumerable.Range(0, l).Select(j => indices.Count(i => Targets[i * l + j] > 0.5f)).ToArray(),
        };
    }
}

/// <summary>Builds <see cref="LudbMultiLabelDataset"/> from the LUDB headers and signals.</summary>
public static class LudbMultiLabel
{
    /// <summary>Statements of a header: the comment lines after "&lt;diagnoses&gt;:", trimmed, trailing '.' removed, distinct.</summary>
    public static string[] Statements(WfdbHeader header, string pathForErrors)
    {
        int start = -1;
        for (int i = 0; i < header.Comments.Count; i++)
            if (header.Comments[i].Trim().StartsWith("<diagnoses>:", StringComparison.Ordinal)) { start = i + 1; break; }
        if (start < 0) throw new InvalidDataFileException(pathForErrors, "no '#<diagnoses>:' comment line");
        var result = new List<string>();
        for (int i = start; i < header.Comments.Count; i++)
        {
            var s = header.Comments[i].Trim().TrimEnd('.').Trim();
            if (s.Length > 0 && !result.Contains(s)) result.Add(s);
        }
        if (!result.Any(s => s.StartsWith("Rhythm:", StringComparison.Ordinal)))
            throw new InvalidDataFileException(pathForErrors, "no 'Rhythm:' statement among the diagnoses");
        return result.ToArray();
    }

    /// <summary>The label a statement counts towards under <paramref name="grouping"/>.</summary>
    public static string LabelOf(string statement, LudbLabelGrouping grouping)
    {
        if (grouping == LudbLabelGrouping.Statements) return statement;
        if (statement.StartsWith("Rhythm:", StringComparison.Ordinal) || statement.StartsWith("Electric axis of the heart:", StringComparison.Ordinal))
            return statement;
        int cut = statement.IndexOfAny([':', ',']);
        return cut > 0 ? statement[..cut].Trim() : statement;
    }

    /// <summary>LUDB under the configured data folder.</summary>
    public static LudbMultiLabelDataset Load(string? dataDirectory = null, LudbMultiLabelOptions? options = null, LudbFolds? folds = null) =>
        Load(Ludb.Open(dataDirectory), options, folds);

    /// <summary>
    /// Reads every record (in parallel), the 8 leads in mV, age and sex from the header, and the labels.
    /// <paramref name="folds"/> defaults to the stored folds; <paramref name="withoutFolds"/> leaves every
    /// fold at -1 (how the fold file itself is made).
    /// </summary>
    public static LudbMultiLabelDataset Load(Ludb ludb, LudbMultiLabelOptions? options = null, LudbFolds? folds = null, bool withoutFolds = false)
    {
        options ??= LudbMultiLabelOptions.Default;
        var ids = ludb.RecordIds.ToArray();
        int leads = LudbMultiLabelDataset.LeadNames.Count, length = LudbMultiLabelDataset.Length;
        var signals = new float[ids.Length * leads * length];
        var ages = new int?[ids.Length];
        var sexes = new Sex?[ids.Length];
        var statements = new string[ids.Length][];
        var dataDir = Path.Combine(ludb.Directory, "data");
        ParallelRun.For(0, ids.Length, null, i =>
        {
            var path = Path.Combine(dataDir, $"{ids[i]}.hea");
            var header = WfdbHeader.Read(path);
            if (Math.Abs(header.SamplingFrequency - LudbMultiLabelDataset.SampleRate) > 1e-9)
                throw new InvalidDataFileException(path, $"sampling frequency {header.SamplingFrequency} Hz, expected 500");
            var index = LudbMultiLabelDataset.LeadNames.Select(l => header.IndexOfLead(l) is var k && k >= 0
                ? k : throw new LeadNotFoundException(path, l, header.Signals.Select(s => s.Description))).ToArray();
            var raw = WfdbSignalReader.Read(header, dataDir, index);
            for (int j = 0; j < leads; j++)
            {
                if (raw[j].Length != length) throw new InvalidDataFileException(path, $"lead {LudbMultiLabelDataset.LeadNames[j]} has {raw[j].Length} samples, expected {length}");
                var spec = header.Signals[index[j]];
                var dest = signals.AsSpan((i * leads + j) * length, length);
                for (int t = 0; t < length; t++) dest[t] = (float)spec.ToPhysical(raw[j][t]);
            }
            ages[i] = header.Age;
            sexes[i] = header.Sex;
            statements[i] = Statements(header, path);
        });

        var perRecord = statements.Select(s => s.Select(x => LabelOf(x, options.Grouping)).Distinct().ToArray()).ToArray();
        var counts = perRecord.SelectMany(l => l).GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        // Rhythms first, then axis, then the rest; within each by descending count, then text.
        static int Group(string l) => l.StartsWith("Rhythm:", StringComparison.Ordinal) ? 0 : l.StartsWith("Electric axis", StringComparison.Ordinal) ? 1 : 2;
        var labels = counts.Where(c => c.Value >= options.MinPositives).Select(c => c.Key)
            .OrderBy(Group).ThenByDescending(l => counts[l]).ThenBy(l => l, StringComparer.Ordinal).ToArray();
        var index2 = labels.Select((l, k) => (l, k)).ToDictionary(p => p.l, p => p.k, StringComparer.Ordinal);
        var targets = new float[ids.Length * labels.Length];
        for (int i = 0; i < ids.Length; i++)
            foreach (var l in perRecord[i])
                if (index2.TryGetValue(l, out var k)) targets[i * labels.Length + k] = 1;

        var foldOf = new int[ids.Length];
        if (!withoutFolds)
        {
            folds ??= StoredSplits.Ludb();
            for (int i = 0; i < ids.Length; i++)
                foldOf[i] = folds.ById.TryGetValue(ids[i], out var f) ? f : throw new InvalidDataFileException(folds.Source, $"record {ids[i]} has no stored fold");
        }
        else Array.Fill(foldOf, -1);

        return new LudbMultiLabelDataset
        {
            Options = options, RecordIds = ids, Signals = signals, Ages = ages, Sexes = sexes, Labels = labels,
            LabelCounts = labels.Select(l => counts[l]).ToArray(), Targets = targets, Statements = statements, Folds = foldOf,
        };
    }
}
