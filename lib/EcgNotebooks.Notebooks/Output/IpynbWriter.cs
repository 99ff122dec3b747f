using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EcgNotebooks.Notebooks;

/// <summary>
/// Writes an executed notebook as Jupyter nbformat 4.5 with the metadata Polyglot Notebooks writes
/// (kernelspec, language_info, polyglot_notebook.kernelInfo, per-cell kernelName) and papermill's per-cell
/// timing and status, so Jupyter, VS Code and GitHub show it with its outputs.
/// </summary>
public static class IpynbWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        IndentSize = 1,
        // Keep HTML outputs readable in diffs: no \u003C for '<'.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(NotebookRun run) => ToJson(run).ToJsonString(Json) + "\n";

    public static JsonObject ToJson(NotebookRun run)
    {
        var cells = new JsonArray();
        for (var i = 0; i < run.Cells.Count; i++) cells.Add(Cell(run.Cells[i], i));
        return new JsonObject
        {
            ["cells"] = cells,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
                ["language_info"] = new JsonObject
                {
                    ["file_extension"] = ".cs", ["mimetype"] = "text/x-csharp", ["name"] = "C#", ["pygments_lexer"] = "csharp",
                },
                ["polyglot_notebook"] = new JsonObject { ["kernelInfo"] = run.Document.KernelInfo() },
                ["papermill"] = new JsonObject
                {
                    ["input_path"] = run.NotebookPath,
                    ["parameters"] = new JsonObject(run.Parameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
                    ["session_id"] = run.SessionId,
                    ["start_time"] = Time(run.StartTime),
                    ["end_time"] = Time(run.EndTime),
                    ["duration"] = run.Duration.TotalSeconds,
                    ["exception"] = !run.Succeeded,
                },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
    }

    private static JsonObject Cell(ExecutedCell cell, int index)
    {
        var metadata = new JsonObject();
        var result = new JsonObject
        {
            ["cell_type"] = cell.Cell.IsMarkdown ? "markdown" : "code",
            ["id"] = $"cell-{index}",
            ["metadata"] = metadata,
            ["source"] = Lines(cell.Cell.Content),
        };
        if (!cell.Cell.IsMarkdown)
        {
            metadata["dotnet_interactive"] = new JsonObject { ["language"] = cell.Cell.KernelName };
            metadata["polyglot_notebook"] = new JsonObject { ["kernelName"] = cell.Cell.KernelName };
            result["execution_count"] = cell.ExecutionCount;
            result["outputs"] = new JsonArray([.. cell.Outputs.Select(Output)]);
        }
        metadata["papermill"] = new JsonObject
        {
            ["start_time"] = cell.StartTime is { } start ? Time(start) : null,
            ["end_time"] = cell.EndTime is { } end ? Time(end) : null,
            ["duration"] = cell.Duration?.TotalSeconds,
            ["status"] = cell.Status.ToString().ToLowerInvariant(),
            ["exception"] = cell.Status == CellStatus.Failed,
        };
        if (cell.Tags.Count > 0) metadata["tags"] = new JsonArray([.. cell.Tags.Select(t => (JsonNode)t)]);
        return result;
    }

    private static JsonObject Output(CellOutput output) => output switch
    {
        ExecuteResultOutput r => new JsonObject
        {
            ["output_type"] = "execute_result", ["data"] = Bundle(r.Data), ["execution_count"] = r.ExecutionCount, ["metadata"] = new JsonObject(),
        },
        DisplayDataOutput d => new JsonObject
        {
            ["output_type"] = "display_data", ["data"] = Bundle(d.Data), ["metadata"] = new JsonObject(),
        },
        StreamOutput s => new JsonObject { ["output_type"] = "stream", ["name"] = s.Name, ["text"] = Lines(s.Text) },
        ErrorOutput e => new JsonObject
        {
            ["output_type"] = "error", ["ename"] = e.Name, ["evalue"] = e.Value,
            ["traceback"] = new JsonArray([.. e.Traceback.Select(l => (JsonNode)l)]),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(output), output.GetType().Name, "unknown output kind"),
    };

    private static JsonObject Bundle(MimeBundle bundle) =>
        new(bundle.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Lines(kv.Value))));

    /// <summary>nbformat's multiline string: a list of lines, each but the last keeping its "\n".</summary>
    private static JsonArray Lines(string text)
    {
        var lines = new JsonArray();
        var start = 0;
        while (start < text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline + 1;
            lines.Add(text[start..end]);
            start = end;
        }
        return lines;
    }

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);
}
