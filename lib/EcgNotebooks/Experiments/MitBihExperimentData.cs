using EcgNotebooks.Data;
using EcgNotebooks.Evaluation;
using EcgNotebooks.Features;

namespace EcgNotebooks.Experiments;

/// <summary>
/// MIT-BIH through the data layer: the paper's preprocessing (<see cref="BeatDatasetOptions.Paper"/>)
/// with the configuration's window, DS1 minus the validation patients for training, the validation
/// patients, and DS2 for the test. RR features are standardised with training-record statistics.
/// The beat set depends only on the window (beats whose window fits in the record), never on the
/// backbone: every model is scored on the same DS2 beats, each backbone resampling the window to
/// its own input length. With five classes the Q beats join the set; the N, S, V, F beats are the same.
/// </summary>
/// <param name="trainRecords">Override of the training records (tests: a few DS1 records); default DS1 minus validation.</param>
/// <param name="testRecords">Override of the test records; default DS2.</param>
public sealed class MitBihExperimentData(
    IReadOnlyList<string>? trainRecords = null,
    IReadOnlyList<string>? testRecords = null,
    bool useCache = true) : IExperimentData
{
    private readonly Dictionary<string, ExperimentSplits> loaded = new(StringComparer.Ordinal);

    public ExperimentSplits Load(DataConfig config, int classes = 4)
    {
        var validationRecords = config.ValidationRecords.Select(r => r.ToString()).ToArray();
        var dsOne = MitBih.DS1.ToHashSet();
        foreach (var r in validationRecords)
            if (!dsOne.Contains(r)) throw new ArgumentException($"validation record {r} is not in DS1: validation must come from DS1, never DS2");
        var train = trainRecords ?? MitBih.DS1.Except(validationRecords).ToArray();
        var test = testRecords ?? MitBih.DS2;
        var options = BeatDatasetOptions.Paper with
        {
            Window = new BeatWindow(config.WindowBefore, config.WindowAfter),
            RrFeatures = RrFeatureSet.PaperTable1 | RrFeatureSet.EarlyFusionRatios,
            GlobalRr = config.CausalRr ? GlobalRrMode.Trailing5Minutes : GlobalRrMode.WholeRecord,
            Classes = classes,
        };
        var key = $"{options.Hash}|{string.Join(",", train)}|{string.Join(",", validationRecords)}|{string.Join(",", test)}";
        lock (loaded)
        {
            if (loaded.TryGetValue(key, out var hit)) return hit;
            var development = BeatDatasetBuilder.LoadMitBih(train.Concat(validationRecords).Distinct().ToArray(), options, useCache);
            var trainSet = development.Subset(train);
            var standardizer = RrStandardizer.Fit(trainSet);
            var splits = new ExperimentSplits(
                ToArrays(standardizer.Apply(trainSet), classes),
                ToArrays(standardizer.Apply(development.Subset(validationRecords)), classes),
                ToArrays(standardizer.Apply(BeatDatasetBuilder.LoadMitBih(test, options, useCache)), classes));
            loaded[key] = splits;
            return splits;
        }
    }

    // A five-class model is selected on N, S, V, F: the validation patients hold almost no Q beats, so a Q term would make the rule noise.
    private static SplitArrays ToArrays(BeatDataset d, int classes) => new(
        d.Beats, d.LeadCount, d.Length, d.Rr, d.RrFeatureNames, d.Labels,
        d.Ages.Select(a => a ?? -1).ToArray(),
        d.Sexes.Select(SexCode).ToArray(),
        d.Records, d.RSamples,
        ClassNames: AamiClasses.For(classes), SelectionClasses: AamiClasses.Four);

    /// <summary>The models' sex code: 0 unknown, 1 male, 2 female.</summary>
    public static int SexCode(Sex? sex) => sex switch { Sex.Male => 1, Sex.Female => 2, _ => 0 };
}
