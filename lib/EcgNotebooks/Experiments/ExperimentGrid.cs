using EcgNotebooks.Results;
using static TorchSharp.torch;

namespace EcgNotebooks.Experiments;

/// <summary>One (experiment, seed) of a grid: its configuration, the hash and run id it is stored under, and whether a
/// completed run with that hash is stored.</summary>
public sealed record GridCell(ExperimentConfig Config, string ConfigHash, string RunId, bool Stored)
{
    public string Experiment => Config.Name;
    public int Seed => Config.Seed;
}

/// <summary>
/// Which runs a set of tables or experiments needs, and which of them are stored: the one rule `ecg reproduce`
/// and `ecg grid slurm` share. A cell is stored when the run store holds a completed run with the configuration
/// hash the runner would give it (<see cref="ExperimentRunner.NewRecord"/>; the device is not hashed).
/// </summary>
public static class ExperimentGrid
{
    /// <summary>
    /// The configurations of the tables' rows (3, 4, 5, 6, grid) and of the named <paramref name="experiments"/>, each
    /// experiment once, in order, times seeds 0…<paramref name="seeds"/>−1, at <paramref name="scale"/>.
    /// </summary>
    public static IReadOnlyList<ExperimentConfig> Configs(
        IEnumerable<string> tables, IEnumerable<string> experiments, Profile profile, int seeds, int classes = 4, ExperimentScale? scale = null)
    {
        if (seeds < 1) throw new ArgumentException($"--seeds must be at least 1 (got {seeds})");
        var names = tables.SelectMany(NamedExperiments.Table).Select(r => r.Experiment)
            .Concat(experiments.Select(e => NamedExperiments.Resolve(e)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (names.Count == 0) throw new ArgumentException("no experiments: give --table and/or --experiment");
        scale ??= ExperimentScale.Full;
        return names
            .SelectMany(name => Enumerable.Range(0, seeds).Select(s => scale.Apply(NamedExperiments.Get(name, profile, s, classes: classes))))
            .ToList();
    }

    /// <summary>Each configuration as a cell, stored or not (with <paramref name="retrain"/> none counts as stored).</summary>
    public static IReadOnlyList<GridCell> Cells(IEnumerable<ExperimentConfig> configs, RunStore store, bool retrain = false)
    {
        var completed = retrain
            ? new HashSet<string>(StringComparer.Ordinal)
            : store.ListCompleted().Select(r => r.ConfigHash).ToHashSet(StringComparer.Ordinal);
        return configs.Select(c =>
        {
            var record = ExperimentRunner.NewRecord(c, CPU);
            return new GridCell(c, record.ConfigHash, record.RunId, completed.Contains(record.ConfigHash));
        }).ToList();
    }
}
