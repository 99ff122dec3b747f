using System.Globalization;
using System.Text;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;

namespace EcgNotebooks.Notebooks;

/// <summary>The files written for one run: <c>&lt;name&gt;.ipynb</c> and <c>&lt;name&gt;.html</c> in the output folder.</summary>
public sealed record NotebookOutputs(string IpynbPath, string HtmlPath)
{
    public static NotebookOutputs For(string notebookPath, string outputDirectory)
    {
        var name = Path.GetFileNameWithoutExtension(notebookPath);
        return new NotebookOutputs(Path.Combine(outputDirectory, name + ".ipynb"), Path.Combine(outputDirectory, name + ".html"));
    }

    /// <summary>Writes both files atomically (whatever ran, also after a failure) and returns their paths.</summary>
    public static NotebookOutputs Save(NotebookRun run, string outputDirectory)
    {
        var outputs = For(run.NotebookPath, Path.GetFullPath(outputDirectory));
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        AtomicFile.WriteAllText(outputs.IpynbPath, Ipynb(run, Path.GetDirectoryName(outputs.IpynbPath)!), utf8);
        AtomicFile.WriteAllText(outputs.HtmlPath, HtmlWriter.Write(run), utf8);
        return outputs;
    }

    /// <summary>
    /// The executed notebook as Jupyter nbformat 4.5, written by Microsoft.DotNet.Interactive.Documents (Polyglot
    /// Notebooks' own writer: kernelspec, language_info, per-cell kernel names), with what papermill adds: cell ids,
    /// per-cell start/end time, duration and status, the <c>parameters</c> / <c>injected-parameters</c> tags, and the
    /// run's parameters. <c>input_path</c> is relative to <paramref name="outputDirectory"/>, so the file names no
    /// machine's folders.
    /// </summary>
    public static string Ipynb(NotebookRun run, string outputDirectory)
    {
        var document = new InteractiveDocument([.. run.Cells.Select((cell, index) => Element(cell, index))]);
        foreach (var (key, value) in run.Document.Metadata) document.Metadata[key] = value;
        document.Metadata["papermill"] = new Dictionary<string, object?>
        {
            ["input_path"] = Path.GetRelativePath(Path.GetFullPath(outputDirectory), run.NotebookPath).Replace('\\', '/'),
            ["parameters"] = run.Parameters.ToDictionary(p => p.Key, p => (object)p.Value),
            ["start_time"] = Time(run.StartTime),
            ["end_time"] = Time(run.EndTime),
            ["duration"] = run.Duration.TotalSeconds,
            ["exception"] = !run.Succeeded,
        };
        return document.ToJupyterJson(NotebookFile.CSharp) + "\n";
    }

    private static InteractiveDocumentElement Element(ExecutedCell cell, int index)
    {
        var element = new InteractiveDocumentElement(cell.Content, cell.KernelName, cell.IsMarkdown ? [] : cell.Outputs)
        {
            Id = $"cell-{index}",
            ExecutionOrder = cell.Element.ExecutionOrder,
        };
        element.Metadata ??= new Dictionary<string, object>();
        element.Metadata["papermill"] = new Dictionary<string, object?>
        {
            ["start_time"] = cell.StartTime is { } start ? Time(start) : null,
            ["end_time"] = cell.EndTime is { } end ? Time(end) : null,
            ["duration"] = cell.Duration?.TotalSeconds,
            ["status"] = cell.Status.ToString().ToLowerInvariant(),
            ["exception"] = cell.Status == CellStatus.Failed,
        };
        if (cell.Tags.Count > 0) element.Metadata["tags"] = cell.Tags.ToArray();
        return element;
    }

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);
}
