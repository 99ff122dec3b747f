using System.Globalization;
using System.Net;
using System.Text;
using Markdig;
using Microsoft.DotNet.Interactive.Documents;

namespace EcgNotebooks.Notebooks;

/// <summary>
/// Writes an executed notebook as one standalone HTML page: markdown rendered (Markdig), code shown, outputs inline
/// (HTML outputs raw, as a notebook front end shows them; text escaped), the failing cell marked and linked from
/// the top, cells that did not run greyed out. Nothing is loaded from the network.
/// </summary>
public static class HtmlWriter
{
    private static readonly MarkdownPipeline Markdown = BuildMarkdownPipeline();

    // Markdown as Jupyter and VS Code render it (CommonMark + GitHub's tables etc.): Markdig's advanced extensions
    // without its alphabetic/roman lists, which made a wrapped line starting "N) and Q" a list item no notebook viewer shows.
    private static MarkdownPipeline BuildMarkdownPipeline()
    {
        var builder = new MarkdownPipelineBuilder().UseAdvancedExtensions();
        builder.Extensions.TryRemove<Markdig.Extensions.ListExtras.ListExtraExtension>();
        return builder.Build();
    }

    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; background: #fafafa; color: #1f2328; }
        main { max-width: 1100px; margin: 0 auto; padding: 1.5rem; }
        header.run { border-bottom: 1px solid #d0d7de; margin-bottom: 1rem; }
        .banner { background: #ffebe9; border: 1px solid #cf222e; padding: .75rem 1rem; border-radius: 6px; }
        .cell { margin: .75rem 0; }
        .cell.code .input { display: flex; gap: .5rem; }
        .prompt { color: #57606a; font-family: ui-monospace, monospace; font-size: .85rem; min-width: 3.5rem; text-align: right; padding-top: .6rem; }
        pre.source { flex: 1; margin: 0; background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: .6rem .8rem; overflow-x: auto; }
        pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .85rem; white-space: pre-wrap; }
        .outputs { margin-left: 4rem; }
        .output { margin: .4rem 0; overflow-x: auto; }
        .output pre { margin: 0; }
        .stderr pre { background: #fff8c5; }
        .error pre { background: #ffebe9; color: #82071e; padding: .5rem; }
        .cell.failed pre.source { border: 2px solid #cf222e; }
        .failed-label { color: #cf222e; font-weight: 600; margin-left: 4rem; }
        .cell.pending { opacity: .5; }
        .meta { color: #57606a; font-size: .8rem; margin-left: 4rem; }
        .tag { background: #ddf4ff; border-radius: 1em; padding: 0 .5em; margin-right: .3em; }
        table { border-collapse: collapse; } th, td { border: 1px solid #d0d7de; padding: .2rem .5rem; }
        """;

    public static string Write(NotebookRun run)
    {
        var html = new StringBuilder();
        var title = Encode(Path.GetFileName(run.NotebookPath));
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(title).Append("</title>\n<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n<main>\n");
        html.Append("<header class=\"run\"><h1>").Append(title).Append("</h1><p>")
            .Append(run.Succeeded ? "Ran to the end" : run.FailedCell is null ? "Stopped before the end" : "Failed")
            .Append(" in ").Append(Seconds(run.Duration)).Append(", started ").Append(Encode(run.StartTime.ToString("u", CultureInfo.InvariantCulture)));
        if (run.Parameters.Count > 0)
        {
            html.Append("; parameters: ").Append(Encode(string.Join(", ", run.Parameters.Select(p => $"{p.Key}={p.Value}"))));
        }
        html.Append(".</p>");
        if (run.FailedCell is { } failed)
        {
            var index = IndexOf(run, failed);
            html.Append("<p class=\"banner\">The notebook stopped at <a href=\"#cell-").Append(index).Append("\">cell ").Append(index + 1)
                .Append("</a>: ").Append(Encode(failed.Error?.ErrorValue ?? "failed")).Append("</p>");
        }
        html.Append("</header>\n");

        for (var i = 0; i < run.Cells.Count; i++) Cell(html, run.Cells[i], i);
        return html.Append("</main>\n</body>\n</html>\n").ToString();
    }

    private static void Cell(StringBuilder html, ExecutedCell cell, int index)
    {
        var status = cell.Status switch { CellStatus.Failed => " failed", CellStatus.Pending => " pending", _ => "" };
        if (cell.IsMarkdown)
        {
            html.Append("<section class=\"cell markdown").Append(status).Append("\" id=\"cell-").Append(index).Append("\">\n")
                .Append(Markdig.Markdown.ToHtml(cell.Content, Markdown)).Append("</section>\n");
            return;
        }
        html.Append("<section class=\"cell code").Append(status).Append("\" id=\"cell-").Append(index).Append("\">\n<div class=\"input\"><div class=\"prompt\">[")
            .Append(cell.ExecutionCount?.ToString(CultureInfo.InvariantCulture) ?? " ").Append("]:</div><pre class=\"source\"><code class=\"language-")
            .Append(Encode(cell.KernelName)).Append("\">").Append(Encode(cell.Content)).Append("</code></pre></div>\n");
        if (cell.Status == CellStatus.Failed) html.Append("<div class=\"failed-label\">This cell failed.</div>\n");
        var meta = new List<string>();
        meta.AddRange(cell.Tags.Select(t => $"<span class=\"tag\">{Encode(t)}</span>"));
        if (cell.Duration is { } duration) meta.Add(Seconds(duration));
        if (cell.Status == CellStatus.Pending) meta.Add("not run");
        if (meta.Count > 0) html.Append("<div class=\"meta\">").Append(string.Join(" ", meta)).Append("</div>\n");
        html.Append("<div class=\"outputs\">\n");
        foreach (var output in cell.Outputs) Output(html, output);
        html.Append("</div>\n</section>\n");
    }

    private static void Output(StringBuilder html, InteractiveDocumentOutputElement output)
    {
        switch (output)
        {
            case ReturnValueElement result:
                Bundle(html, result.Data);
                break;
            case DisplayElement display:
                Bundle(html, display.Data);
                break;
            case TextElement stream:
                html.Append("<div class=\"output ").Append(Encode(stream.Name)).Append("\"><pre>").Append(Encode(stream.Text)).Append("</pre></div>\n");
                break;
            case ErrorElement error:
                html.Append("<div class=\"output error\"><pre>").Append(Encode($"{error.ErrorName}: {error.ErrorValue}"));
                foreach (var line in error.StackTrace.Where(l => l != error.ErrorValue)) html.Append('\n').Append(Encode(line));
                html.Append("</pre></div>\n");
                break;
        }
    }

    // The richest representation a browser can show: HTML raw, markdown rendered, images inline, anything else as escaped text.
    private static void Bundle(StringBuilder html, IDictionary<string, object> data)
    {
        string? Get(string mimeType) => data.TryGetValue(mimeType, out var value) ? value?.ToString() : null;
        html.Append("<div class=\"output\">");
        if (Get("text/html") is { } raw) html.Append(raw);
        else if (Get("image/svg+xml") is { } svg) html.Append(svg);
        else if (Get("text/markdown") is { } markdown) html.Append(Markdig.Markdown.ToHtml(markdown, Markdown));
        else if (Get("image/png") is { } png) html.Append("<img src=\"data:image/png;base64,").Append(png.Trim()).Append("\">");
        else html.Append("<pre>").Append(Encode(Get("text/plain") ?? data.Values.FirstOrDefault()?.ToString() ?? "")).Append("</pre>");
        html.Append("</div>\n");
    }

    private static int IndexOf(NotebookRun run, ExecutedCell cell) => run.Cells.ToList().IndexOf(cell);

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
