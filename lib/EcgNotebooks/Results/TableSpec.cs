namespace EcgNotebooks.Results;

/// <summary>A table row: which runs (by <see cref="RunRecord.RowKey"/>) and which paper row they stand beside.</summary>
public sealed record TableRowSpec(string RowKey, string Label, string? PaperRow = null);

/// <summary>
/// A table column: a metric key (<see cref="Evaluation.MetricKeys"/>) shown in percent. With <see cref="DeltaFromRow"/>
/// the value is the per-seed paired difference to that row's runs; the paper value is then looked up under
/// <see cref="PaperTables.DeltaOf"/>(key).
/// </summary>
public sealed record TableColumnSpec(string Header, string MetricKey, string? DeltaFromRow = null)
{
    public string PaperKey => DeltaFromRow is null ? MetricKey : PaperTables.DeltaOf(MetricKey);

    /// <summary>Column name stem in the CSV, e.g. "macro_f1", "delta_macro_se".</summary>
    public string CsvStem => PaperKey.Replace('.', '_');
}

/// <summary>
/// Which rows and which columns a table has. <see cref="Rows"/> null means one row per row key found in the runs
/// (the backbone × head grid). With <see cref="ExperimentPrefix"/>, only runs whose experiment name starts with it count
/// (the grid's own runs, not the named rows of Tables 3–6 that share row keys with it). Only runs with
/// <see cref="Classes"/> classes count: a five-class run is never averaged into a four-class table.
/// </summary>
public sealed record TableSpec(
    string Name,
    string Title,
    IReadOnlyList<TableRowSpec>? Rows,
    IReadOnlyList<TableColumnSpec> Columns,
    PaperTable? Paper,
    IReadOnlyList<string> Notes,
    string? ExperimentPrefix = null,
    int Classes = 4)
{
    /// <summary>Headers of the columns charted beside the table (ours vs the paper, with ± std error bars).</summary>
    public IReadOnlyList<string> Headline { get; init; } = [];

    /// <summary>Whether each row also gets its confusion matrix and training curves (the main tables; the others
    /// repeat their rows).</summary>
    public bool PerRowFigures { get; init; }

    /// <summary>Whether a run may count in this table: its class count, and its experiment under <see cref="ExperimentPrefix"/>.</summary>
    public bool Admits(RunRecord run) =>
        run.ClassCount == Classes && (ExperimentPrefix is null || run.Experiment.StartsWith(ExperimentPrefix, StringComparison.Ordinal));
}
