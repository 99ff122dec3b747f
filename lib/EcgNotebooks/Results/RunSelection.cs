namespace EcgNotebooks.Results;

/// <summary>
/// Which stored runs a table is built from: <see cref="TableWriter.Build"/> needs one run per (row, seed), while the
/// store may hold several (a rerun). <see cref="Chosen"/> holds the latest finished of each; <see cref="SetAside"/>
/// the older ones, so a caller can say what was left out. Profiles are never mixed: a quick and a standard run of one
/// row and seed are both chosen, so a table built from both fails loudly (filter by profile first).
/// </summary>
public sealed record RunSelection(IReadOnlyList<RunRecord> Chosen, IReadOnlyList<RunRecord> SetAside)
{
    /// <summary>
    /// Among <paramref name="completedRuns"/> (filter them by profile etc. first), those with test metrics for
    /// <paramref name="checkpoint"/>: the latest finished per (<see cref="RunRecord.RowKey"/>, profile, class count, seed). Runs without
    /// that checkpoint are in neither list. Both lists keep the input order. Runs of different profiles never replace each other.
    /// Only runs of <paramref name="dataSet"/> count (<see cref="RunRecord.DataSet"/>; null = the first paper's MIT-BIH beats),
    /// so the two papers' tables never take each other's runs.
    /// </summary>
    public static RunSelection LatestPerRowAndSeed(IEnumerable<RunRecord> completedRuns, string checkpoint = Checkpoints.Selected, string? dataSet = null)
    {
        var candidates = completedRuns.Where(r => r.DataSet == dataSet
            && (r.TestMetrics.ContainsKey(checkpoint) || r.LabelMetrics?.ContainsKey(checkpoint) == true)).ToList();
        var latest = candidates.GroupBy(r => (r.RowKey, r.Profile, r.ClassCount, r.Seed))
            .Select(g => g.OrderByDescending(r => r.FinishedAt ?? DateTimeOffset.MinValue).First())
            .ToHashSet(ReferenceEqualityComparer.Instance);
        return new RunSelection(
            candidates.Where(latest.Contains).ToList(),
            candidates.Where(r => !latest.Contains(r)).ToList());
    }

    /// <summary>What the written tables and the report are built from: <see cref="LatestPerRowAndSeed"/> of the
    /// completed runs that are not reduced (CI-size runs check the pipeline; they are never results).</summary>
    public static RunSelection ForTables(IEnumerable<RunRecord> completedRuns, string checkpoint = Checkpoints.Selected, string? dataSet = null) =>
        LatestPerRowAndSeed(completedRuns.Where(r => !IsReduced(r)), checkpoint, dataSet);

    /// <summary>Whether the run was trained at a reduced scale (CI smoke size): its numbers check the pipeline only.</summary>
    public static bool IsReduced(RunRecord run) =>
        run.Configuration["paperName"]?.GetValue<string>().Contains(ReducedMarker, StringComparison.Ordinal) == true;

    /// <summary>What a reduced scale appends to a configuration's paper name (see Experiments.ExperimentScale).</summary>
    public const string ReducedMarker = "[reduced:";
}
