using Microsoft.DotNet.Interactive.Documents;

namespace EcgNotebooks.Notebooks;

public enum CellStatus
{
    /// <summary>Not run, because an earlier cell failed (papermill's "pending").</summary>
    Pending,
    Completed,
    Failed,
}

/// <summary>
/// A cell after the run: the notebook element (<see cref="InteractiveDocumentElement"/> of
/// Microsoft.DotNet.Interactive.Documents, whose <c>Outputs</c> hold what the kernel produced: <see cref="DisplayElement"/>,
/// <see cref="ReturnValueElement"/>, <see cref="TextElement"/>, <see cref="ErrorElement"/>), its papermill tags, timing and status.
/// </summary>
public sealed class ExecutedCell(InteractiveDocumentElement element, IReadOnlyList<string> tags)
{
    public InteractiveDocumentElement Element { get; } = element;
    public string KernelName => Element.KernelName ?? NotebookFile.CSharp;
    public string Content => Element.Contents ?? "";
    public bool IsMarkdown => NotebookFile.IsMarkdown(Element);
    public IReadOnlyList<string> Tags { get; } = tags;
    public CellStatus Status { get; internal set; } = CellStatus.Pending;
    public DateTimeOffset? StartTime { get; internal set; }
    public DateTimeOffset? EndTime { get; internal set; }
    public TimeSpan? Duration => EndTime - StartTime;
    /// <summary>The Jupyter prompt number of a code cell that ran; null otherwise.</summary>
    public int? ExecutionCount => Element.ExecutionOrder > 0 ? Element.ExecutionOrder : null;

    /// <summary>A snapshot: outputs may still arrive from code that keeps running in the background.</summary>
    public IReadOnlyList<InteractiveDocumentOutputElement> Outputs { get { lock (Element.Outputs) return [.. Element.Outputs]; } }

    public ErrorElement? Error => Outputs.OfType<ErrorElement>().FirstOrDefault();

    internal void Add(InteractiveDocumentOutputElement output)
    {
        lock (Element.Outputs) Element.Outputs.Add(output);
    }

    /// <summary>Console text; consecutive writes to the same stream are one output, as in Jupyter.</summary>
    internal void AppendText(string stream, string text)
    {
        lock (Element.Outputs)
        {
            var outputs = Element.Outputs;
            if (outputs.Count > 0 && outputs[^1] is TextElement last && last.Name == stream)
            {
                outputs[^1] = new TextElement(last.Text + text, stream);
            }
            else
            {
                outputs.Add(new TextElement(text, stream));
            }
        }
    }
}

/// <summary>The outcome of running one notebook: every cell (pending after a failure) and the overall timing.</summary>
public sealed class NotebookRun
{
    public required string NotebookPath { get; init; }
    public required InteractiveDocument Document { get; init; }
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
