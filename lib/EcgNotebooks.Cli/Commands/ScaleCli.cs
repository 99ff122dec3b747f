using System.CommandLine;
using EcgNotebooks.Experiments;

namespace EcgNotebooks.Cli.Commands;

/// <summary>
/// The reduced-run options of `train`, `reproduce` and `grid slurm` (<see cref="ExperimentScale"/>): a smoke run of the
/// real pipeline at CI size. A reduced configuration hashes differently from the full one and never enters the tables.
/// </summary>
internal static class ScaleCli
{
    public static readonly Option<int> Epochs = new("--reduce-epochs") { Description = "Reduced run: this many epochs instead of the profile's (smoke test, never in the tables)" };
    public static readonly Option<int> BeatsPerEpoch = new("--reduce-beats") { Description = "Reduced run: training beats drawn per epoch" };
    public static readonly Option<int> BatchSize = new("--reduce-batch") { Description = "Reduced run: mini-batch size" };
    public static readonly Option<string?> TrainRecords = new("--reduce-train-records") { Description = "Reduced run: DS1 training records, comma-separated (e.g. 101,106)" };
    public static readonly Option<string?> ValidationRecords = new("--reduce-validation-records") { Description = "Reduced run: DS1 validation records, comma-separated (e.g. 114)" };
    public static readonly Option<string?> TestRecords = new("--reduce-test-records") { Description = "Reduced run: DS2 test records, comma-separated (e.g. 100)" };

    public static readonly Option<int> Items = new("--reduce-items") { Description = "Reduced run of a deng/… experiment: at most this many items (beats, recordings, records) of each split" };

    public static IEnumerable<Option> All => [Epochs, BeatsPerEpoch, BatchSize, TrainRecords, ValidationRecords, TestRecords, Items];

    public static void AddTo(Command command)
    {
        foreach (var option in All) command.Options.Add(option);
    }

    public static ExperimentScale Parse(ParseResult p)
    {
        foreach (var (option, value) in new[] { (Epochs, p.GetValue(Epochs)), (BeatsPerEpoch, p.GetValue(BeatsPerEpoch)), (BatchSize, p.GetValue(BatchSize)), (Items, p.GetValue(Items)) })
            if (value < 0) throw new ArgumentException($"{option.Name} must not be negative (got {value})");
        foreach (var record in ExperimentScale.Records(p.GetValue(ValidationRecords)) ?? [])
            if (!int.TryParse(record, out _)) throw new ArgumentException($"{ValidationRecords.Name}: '{record}' is not a MIT-BIH record number");
        return new ExperimentScale(p.GetValue(Epochs), p.GetValue(BeatsPerEpoch), p.GetValue(BatchSize),
            ExperimentScale.Records(p.GetValue(TrainRecords)), ExperimentScale.Records(p.GetValue(ValidationRecords)),
            ExperimentScale.Records(p.GetValue(TestRecords)), p.GetValue(Items));
    }

    /// <summary>The same options as command-line arguments, to pass the scale on to another `ecg` command.</summary>
    public static IReadOnlyList<string> Arguments(ExperimentScale scale)
    {
        var args = new List<string>();
        if (scale.Epochs > 0) args.AddRange([Epochs.Name, scale.Epochs.ToString()]);
        if (scale.BeatsPerEpoch > 0) args.AddRange([BeatsPerEpoch.Name, scale.BeatsPerEpoch.ToString()]);
        if (scale.BatchSize > 0) args.AddRange([BatchSize.Name, scale.BatchSize.ToString()]);
        if (scale.TrainRecords is { } train) args.AddRange([TrainRecords.Name, string.Join(",", train)]);
        if (scale.ValidationRecords is { } validation) args.AddRange([ValidationRecords.Name, string.Join(",", validation)]);
        if (scale.TestRecords is { } test) args.AddRange([TestRecords.Name, string.Join(",", test)]);
        if (scale.ItemsPerSplit > 0) args.AddRange([Items.Name, scale.ItemsPerSplit.ToString()]);
        return args;
    }
}
