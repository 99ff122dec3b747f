namespace EcgNotebooks.Notebooks;

/// <summary>How long cells may take and who hears about their progress. What a cell can use is the kernel's business
/// (its <c>#r</c> lines), exactly as in Polyglot Notebooks.</summary>
public sealed record NotebookRunnerOptions
{
    /// <summary>A cell running longer fails the notebook; null: no limit.</summary>
    public TimeSpan? CellTimeout { get; init; }

    /// <summary>Called after every cell, on the runner's thread.</summary>
    public Action<CellProgress>? CellFinished { get; init; }
}
