using EcgNotebooks.Data;
using EcgNotebooks.Evaluation;

namespace EcgNotebooks.Experiments;

/// <summary>
/// The second paper's data sets as experiment splits (<see cref="DataSource"/>): Kachuee's beats (stored 8:1:1
/// per beat, or DS1 → DS2), CinC 2017 recordings (stored 8:1:1 or 5 folds) and LUDB records (5 folds, multi-label,
/// with age and sex). Each item is one input of <see cref="ItemLength"/> samples; the data sets are read once per
/// instance and kept, from the project's data directory (<see cref="DataDirectory"/>). Split assignments come from the committed split files only (<see cref="StoredSplits"/>).
/// </summary>
public sealed class DataSourceData : IExperimentData
{
    private readonly Dictionary<string, object> loaded = new(StringComparer.Ordinal);

    /// <summary>Samples per item (after cropping and resampling) for a source, e.g. 9,000 for 30 s of CinC at 300 Hz.</summary>
    public static int ItemLength(DataSource source) => source.Set switch
    {
        DataSetKind.Kachuee => KachueeOptions.Default.Length,
        DataSetKind.Cinc2017 => Resampled(CincSamples(source), Cinc2017Dataset.SampleRate, source.SampleRate),
        DataSetKind.Ludb => Resampled(LudbMultiLabelDataset.Length, LudbMultiLabelDataset.SampleRate, source.SampleRate),
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };

    /// <summary>
    /// The class (or label) count of a source's task: Kachuee 5, CinC 4, LUDB 19 (the labels of
    /// <see cref="LudbMultiLabelOptions.Default"/> that the stored folds were stratified over; checked against the data on load).
    /// </summary>
    public static int ClassCount(DataSetKind set) => set switch
    {
        DataSetKind.Kachuee => AamiClasses.Five.Count,
        DataSetKind.Cinc2017 => Cinc2017.ClassSymbols.Count,
        _ => LudbLabels,
    };

    public const int LudbLabels = 19;

    public ExperimentSplits Load(DataConfig config, int classes = 4)
    {
        var source = config.Source ?? throw new ArgumentException("DataSourceData needs a DataConfig.Source; the MIT-BIH beats come from MitBihExperimentData");
        var length = ItemLength(source);
        if (config.WindowBefore != 0 || config.WindowAfter != length || config.InputLength != length)
            throw new ArgumentException($"{source.Set} items are {length} samples: the configuration needs WindowBefore 0 and WindowAfter = InputLength = {length} " +
                                        $"(it has {config.WindowBefore}, {config.WindowAfter}, {config.InputLength})");
        if (ClassCount(source.Set) != classes)
            throw new ArgumentException($"{source.Set} has {ClassCount(source.Set)} classes; the model has {classes} outputs");
        if (source.Split == SplitKind.CrossValidation && (source.Fold < 0 || source.Fold >= StoredSplits.Folds))
            throw new ArgumentException($"fold {source.Fold} does not exist: the stored cross-validation has folds 0–{StoredSplits.Folds - 1}");
        var splits = source.Set switch
        {
            DataSetKind.Kachuee => Kachuee(source, config.ValidationRecords),
            DataSetKind.Cinc2017 => Cinc(source, length),
            DataSetKind.Ludb => Ludb(source, length),
            _ => throw new ArgumentOutOfRangeException(nameof(config)),
        };
        return source.MaxItemsPerSplit > 0
            ? new ExperimentSplits(First(splits.Train, source.MaxItemsPerSplit), First(splits.Validation, source.MaxItemsPerSplit), First(splits.Test, source.MaxItemsPerSplit))
            : splits;
    }

    private ExperimentSplits Kachuee(DataSource source, int[] validationRecords)
    {
        if (source.SampleRate is not (0 or 125) || source.Seconds != 0)
            throw new ArgumentException("Kachuee's beats are fixed: 187 samples at 125 Hz (SampleRate 0 or 125, Seconds 0)");
        var all = Cached("kachuee", () => KachueeBuilder.Load());
        switch (source.Split)
        {
            case SplitKind.Holdout:
                var (train, validation, test) = all.IntraPatient();
                return new(Items(train), Items(validation), Items(test));
            case SplitKind.InterPatient:
                var held = validationRecords.Select(r => r.ToString()).ToHashSet(StringComparer.Ordinal);
                var dsOne = MitBih.DS1.ToHashSet(StringComparer.Ordinal);
                if (!held.IsSubsetOf(dsOne)) throw new ArgumentException("validation records must come from DS1, never DS2");
                return new(Items(all.Subset(all.IndicesOf(dsOne.Except(held)))), Items(all.Subset(all.IndicesOf(held))), Items(all.Subset(all.IndicesOf(MitBih.DS2))));
            default:
                throw new ArgumentException("Kachuee's set has a stored 8:1:1 split (Holdout) and the inter-patient split; no folds");
        }

        static SplitArrays Items(KachueeDataset d) => new(
            d.Beats, 1, d.Length, [], [], d.Labels, Unknown(d.Count), new int[d.Count], d.Records, d.RSamples, AamiClasses.Five);
    }

    private ExperimentSplits Cinc(DataSource source, int length)
    {
        if (source.Split == SplitKind.InterPatient) throw new ArgumentException("CinC 2017 has no patient ids: Holdout or CrossValidation");
        var all = Cached("cinc2017", () => Cinc2017.Open().Load());
        var (train, validation, test) = source.Split == SplitKind.Holdout
            ? (all.Indices(SplitPart.Train), all.Indices(SplitPart.Validation), all.Indices(SplitPart.Test))
            : (TrainingFolds(all.FoldIndices, source.Fold), all.FoldIndices(Next(source.Fold)), all.FoldIndices(source.Fold));
        var samples = CincSamples(source);
        SplitArrays Items(int[] indices)
        {
            var x = Resample(all.ToFixedLength(samples, indices), indices.Length, 1, samples, Cinc2017Dataset.SampleRate, source.SampleRate);
            return new(x, 1, length, [], [], indices.Select(i => all.Labels[i]).ToArray(), Unknown(indices.Length), new int[indices.Length],
                indices.Select(i => all.Ids[i]).ToArray(), new int[indices.Length], Cinc2017.ClassSymbols);
        }
        return new(Items(train), Items(validation), Items(test));
    }

    private ExperimentSplits Ludb(DataSource source, int length)
    {
        if (source.Split != SplitKind.CrossValidation) throw new ArgumentException("LUDB (200 records) is split into the stored 5 folds only: CrossValidation");
        var all = Cached("ludb", () => LudbMultiLabel.Load());
        int[] Fold(int f) => Enumerable.Range(0, all.Count).Where(i => all.Folds[i] == f).ToArray();
        var test = Fold(source.Fold);
        var validation = Fold(Next(source.Fold));
        var train = TrainingFolds(Fold, source.Fold);
        int leads = all.LeadCount, k = all.LabelCount;
        if (k != LudbLabels) throw new InvalidDataException($"LUDB gives {k} labels with the default grouping; the stored folds and the models expect {LudbLabels}");
        SplitArrays Items(int[] indices)
        {
            var raw = new float[indices.Length * leads * LudbMultiLabelDataset.Length];
            for (var j = 0; j < indices.Length; j++) all.Signal(indices[j]).CopyTo(raw.AsSpan(j * leads * LudbMultiLabelDataset.Length));
            var targets = new float[indices.Length * k];
            for (var j = 0; j < indices.Length; j++) all.Target(indices[j]).CopyTo(targets.AsSpan(j * k, k));
            return new(Resample(raw, indices.Length, leads, LudbMultiLabelDataset.Length, LudbMultiLabelDataset.SampleRate, source.SampleRate),
                leads, length, [], [], new int[indices.Length],
                indices.Select(i => all.Ages[i] ?? -1).ToArray(), indices.Select(i => MitBihExperimentData.SexCode(all.Sexes[i])).ToArray(),
                indices.Select(i => all.RecordIds[i].ToString()).ToArray(), new int[indices.Length], all.Labels, Targets: targets);
        }
        return new(Items(train), Items(validation), Items(test));
    }

    private static int Next(int fold) => (fold + 1) % StoredSplits.Folds;

    /// <summary>The training part of cross-validation: every fold but the test fold and the validation fold after it.</summary>
    private static int[] TrainingFolds(Func<int, int[]> fold, int test) =>
        Enumerable.Range(0, StoredSplits.Folds).Where(f => f != test && f != Next(test)).SelectMany(fold).Order().ToArray();

    private static int CincSamples(DataSource source) => (int)Math.Round((source.Seconds > 0 ? source.Seconds : 30) * Cinc2017Dataset.SampleRate);

    private static int Resampled(int samples, double from, double to) => to <= 0 || to == from ? samples : new Resampler(from, to).OutputLength(samples);

    /// <summary>Row-major [items, leads, samples] resampled per lead (unchanged when <paramref name="to"/> is 0 or the same rate).</summary>
    private static float[] Resample(float[] x, int items, int leads, int samples, double from, double to)
    {
        if (to <= 0 || to == from) return x;
        var resampler = new Resampler(from, to);
        var outLength = resampler.OutputLength(samples);
        var y = new float[items * leads * outLength];
        Parallel.For(0, items * leads, row =>
            resampler.Apply(x.AsSpan(row * samples, samples)).AsSpan(0, outLength).CopyTo(y.AsSpan(row * outLength, outLength)));
        return y;
    }

    private static int[] Unknown(int n) => Enumerable.Repeat(-1, n).ToArray();

    private static SplitArrays First(SplitArrays s, int n)
    {
        if (s.Count <= n) return s;
        var per = s.Leads * s.WindowLength;
        var k = s.ClassNames?.Count ?? 0;
        return s with
        {
            Beats = s.Beats[..(n * per)], Labels = s.Labels[..n], Age = s.Age[..n], Sex = s.Sex[..n], Records = s.Records[..n], RSamples = s.RSamples[..n],
            Targets = s.Targets?[..(n * k)],
        };
    }

    private T Cached<T>(string key, Func<T> load) where T : class
    {
        lock (loaded)
        {
            if (loaded.TryGetValue(key, out var hit)) return (T)hit;
            var value = load();
            loaded[key] = value;
            return value;
        }
    }
}
