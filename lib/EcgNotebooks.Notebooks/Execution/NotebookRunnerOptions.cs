using System.Reflection;

namespace EcgNotebooks.Notebooks;

/// <summary>What the cells may use and how long they may take. The runner knows no library: its host names them.</summary>
public sealed record NotebookRunnerOptions
{
    /// <summary>The namespaces every Polyglot Notebooks C# cell has imported.</summary>
    public static IReadOnlyList<string> DefaultImports { get; } =
        ["System", "System.Linq", "System.Collections.Generic", "System.IO", "System.Threading.Tasks"];

    /// <summary>Assemblies the cells can use (besides the whole .NET shared framework, always referenced).</summary>
    public IReadOnlyList<Assembly> References { get; init; } = [];

    public IReadOnlyList<string> Imports { get; init; } = DefaultImports;

    /// <summary>A cell running longer fails the notebook; null: no limit.</summary>
    public TimeSpan? CellTimeout { get; init; }

    /// <summary>Called after every cell (on the runner's thread, with the console restored).</summary>
    public Action<CellProgress>? CellFinished { get; init; }
}
