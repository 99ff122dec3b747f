using System.Globalization;
using EcgNotebooks.Results;

namespace EcgNotebooks.Experiments;

/// <summary>
/// How big to run a named experiment: as configured (all zero/null), or scaled down for a smoke run (CI, a
/// laptop) with fewer epochs, fewer beats per epoch and fewer records. A scaled-down configuration hashes
/// differently from the full one (the reduction is written into <see cref="ExperimentConfig.PaperName"/>, which
/// the hash covers), so a smoke run stored under results/ is never reused as a full run, nor the other way round.
/// </summary>
/// <param name="Epochs">Epochs instead of the profile's; 0 keeps them.</param>
/// <param name="BeatsPerEpoch">Training beats drawn per epoch; 0 keeps the profile's.</param>
/// <param name="BatchSize">Mini-batch size; 0 keeps the profile's.</param>
/// <param name="TrainRecords">DS1 training records; null = DS1 minus the validation records.</param>
/// <param name="ValidationRecords">DS1 validation records; null = 114, 124, 205, 207, 220.</param>
/// <param name="TestRecords">DS2 test records; null = all of DS2.</param>
/// <param name="ItemsPerSplit">The second paper's data sets (<see cref="DataSource"/>): at most this many items of each split; 0 = all.</param>
public sealed record ExperimentScale(
    int Epochs = 0,
    int BeatsPerEpoch = 0,
    int BatchSize = 0,
    IReadOnlyList<string>? TrainRecords = null,
    IReadOnlyList<string>? ValidationRecords = null,
    IReadOnlyList<string>? TestRecords = null,
    int ItemsPerSplit = 0)
{
    /// <summary>The configured size, nothing reduced.</summary>
    public static ExperimentScale Full { get; } = new();

    /// <summary>A comma- or space-separated record list; empty or whitespace = null (the default split).</summary>
    public static IReadOnlyList<string>? Records(string? list) =>
        string.IsNullOrWhiteSpace(list) ? null : list.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool IsReduced => Epochs > 0 || BeatsPerEpoch > 0 || BatchSize > 0 || TrainRecords is not null || ValidationRecords is not null || TestRecords is not null
                             || ItemsPerSplit > 0;

    /// <summary>What is reduced, in words ("" when nothing is).</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Epochs > 0) parts.Add($"{Epochs} epoch{(Epochs == 1 ? "" : "s")}");
        if (BeatsPerEpoch > 0) parts.Add($"{BeatsPerEpoch} beats/epoch");
        if (BatchSize > 0) parts.Add($"batch {BatchSize}");
        if (TrainRecords is not null) parts.Add($"train {string.Join(",", TrainRecords)}");
        if (ValidationRecords is not null) parts.Add($"validation {string.Join(",", ValidationRecords)}");
        if (TestRecords is not null) parts.Add($"test {string.Join(",", TestRecords)}");
        if (ItemsPerSplit > 0) parts.Add($"{ItemsPerSplit} items per split");
        return string.Join("; ", parts);
    }

    /// <summary>The configuration at this scale (unchanged when nothing is reduced).</summary>
    public ExperimentConfig Apply(ExperimentConfig config)
    {
        if (!IsReduced) return config;
        // A class-capped epoch (standard profile) is sized by its cap: a reduced run lowers the cap to BeatsPerEpoch / classes.
        var capped = config.Training.Balance is { ClassCap: > 0 };
        var training = config.Training with
        {
            Epochs = Epochs > 0 ? Epochs : config.Training.Epochs,
            MaxTrainBeatsPerEpoch = BeatsPerEpoch > 0 && !capped ? BeatsPerEpoch : config.Training.MaxTrainBeatsPerEpoch,
            BatchSize = BatchSize > 0 ? BatchSize : config.Training.BatchSize,
            Balance = BeatsPerEpoch > 0 && capped
                ? config.Training.Balance! with { ClassCap = Math.Min(config.Training.Balance.ClassCap, Math.Max(1, BeatsPerEpoch / config.Model.Classes)) }
                : config.Training.Balance,
        };
        var data = ValidationRecords is null
            ? config.Data
            : config.Data with { ValidationRecords = ValidationRecords.Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToArray() };
        if (ItemsPerSplit > 0 && data.Source is { } source) data = data with { Source = source with { MaxItemsPerSplit = ItemsPerSplit } };
        return config with
        {
            PaperName = $"{config.PaperName} {RunSelection.ReducedMarker} {Describe()}]",
            Training = training,
            Data = data,
            Notes = $"{config.Notes} Reduced run ({Describe()}): a smoke test, not a result.".Trim(),
        };
    }

    /// <summary>Every data set: MIT-BIH beats for these records (default splits where null), the second paper's sets as stored.</summary>
    public IExperimentData Data() => new ExperimentDataSets(new MitBihExperimentData(TrainRecords, TestRecords));
}
