namespace EcgNotebooks.Notebooks;

public enum CellStatus
{
    /// <summary>Not run, because an earlier cell failed (papermill's "pending").</summary>
    Pending,
    Completed,
    Failed,
}

/// <summary>One output of a cell, in the shape nbformat stores it.</summary>
public abstract record CellOutput;

/// <summary>The cell's value (a trailing expression without <c>;</c>): a MIME bundle.</summary>
public sealed record ExecuteResultOutput(MimeBundle Data, int ExecutionCount) : CellOutput;

/// <summary>What <c>display(...)</c> showed; its bundle is replaced in place by the handle's <c>Update</c>.</summary>
public sealed record DisplayDataOutput(string DisplayId) : CellOutput
{
    public MimeBundle Data { get; internal set; } = new();
}

/// <summary>Console text; consecutive writes to the same stream are one output, as in Jupyter.</summary>
public sealed record StreamOutput(string Name) : CellOutput
{
    public const string StdOut = "stdout";
    public const string StdErr = "stderr";
    internal System.Text.StringBuilder Buffer { get; } = new();
    public string Text => Buffer.ToString();
}

/// <summary>A compile error, an exception or a timeout; the traceback is one line per entry.</summary>
public sealed record ErrorOutput(string Name, string Value, IReadOnlyList<string> Traceback) : CellOutput;

/// <summary>A cell after the run: its source, tags, timing, status and outputs.</summary>
public sealed class ExecutedCell(DibCell cell, IReadOnlyList<string> tags)
{
    private readonly List<CellOutput> _outputs = [];

    public DibCell Cell { get; } = cell;
    public IReadOnlyList<string> Tags { get; } = tags;
    public CellStatus Status { get; internal set; } = CellStatus.Pending;
    public DateTimeOffset? StartTime { get; internal set; }
    public DateTimeOffset? EndTime { get; internal set; }
    public TimeSpan? Duration => EndTime - StartTime;
    /// <summary>The Jupyter prompt number of a C# cell that ran; null otherwise.</summary>
    public int? ExecutionCount { get; internal set; }

    /// <summary>A snapshot: outputs may still be added by code that keeps running in the background.</summary>
    public IReadOnlyList<CellOutput> Outputs { get { lock (_outputs) return [.. _outputs]; } }

    public ErrorOutput? Error => Outputs.OfType<ErrorOutput>().FirstOrDefault();

    internal void Add(CellOutput output)
    {
        lock (_outputs) _outputs.Add(output);
    }

    internal void AppendStream(string name, string text)
    {
        lock (_outputs)
        {
            if (_outputs.Count == 0 || _outputs[^1] is not StreamOutput last || last.Name != name)
            {
                last = new StreamOutput(name);
                _outputs.Add(last);
            }
            last.Buffer.Append(text);
        }
    }
}

/// <summary>The outcome of running one notebook: every cell (pending after a failure) and the overall timing.</summary>
public sealed class NotebookRun
{
    public required string NotebookPath { get; init; }
    public required DibDocument Document { get; init; }
    public required IReadOnlyList<ExecutedCell> Cells { get; init; }
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }
    public required string SessionId { get; init; }
    public DateTimeOffset StartTime { get; internal set; }
    public DateTimeOffset EndTime { get; internal set; }
    public TimeSpan Duration => EndTime - StartTime;

    public string Name => Path.GetFileNameWithoutExtension(NotebookPath);
    public ExecutedCell? FailedCell => Cells.FirstOrDefault(c => c.Status == CellStatus.Failed);
    /// <summary>Every cell ran and completed (false after a failure, and after a cancellation between cells).</summary>
    public bool Succeeded => Cells.All(c => c.Status == CellStatus.Completed);
}

/// <summary>Progress after each cell, for a console display.</summary>
public sealed record CellProgress(NotebookRun Run, int CellIndex, ExecutedCell Cell);
