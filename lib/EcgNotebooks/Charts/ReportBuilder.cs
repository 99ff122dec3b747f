using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using CsvHelper.Configuration;
using EcgNotebooks.Results;
using Markdig;

namespace EcgNotebooks.Charts;

/// <summary>A CSV table from results/tables/: its header and rows as text, as written.</summary>
public sealed record ReportTable(string Name, string RelativePath, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>A Markdown file from results/tables/ with no CSV of the same name, rendered to HTML.</summary>
public sealed record ReportMarkdown(string Name, string RelativePath, string Html);

/// <summary>A figure file (results/**/figures/*.plotly.json), its JSON re-serialised script-safe.</summary>
public sealed record ReportFigure(string Title, string RelativePath, string Json, int TraceCount, int? Height);

/// <summary>An executed notebook (results/notebooks/*.html), with links relative to the report.</summary>
public sealed record ReportNotebook(string Name, string RelativePath, string Href, string? IpynbHref);

/// <summary>What the report found under results/, and the files it could not use (with why).</summary>
public sealed record ReportContents(
    IReadOnlyList<ReportTable> Tables, IReadOnlyList<ReportMarkdown> MarkdownTables,
    IReadOnlyList<ReportFigure> Figures, IReadOnlyList<ReportNotebook> Notebooks, IReadOnlyList<string> Problems);

/// <summary>
/// Builds results/report/index.html from what the other steps left under results/:
/// tables (results/tables/*.csv, and *.md without a CSV twin), figures
/// (results/**/figures/*.plotly.json, written by <see cref="PlotlyFigure.SaveJson"/>) and executed
/// notebooks (results/notebooks/*.html). Works with any subset; the page says what is missing.
/// plotly.js is inlined once, so the page works offline from the file system.
/// </summary>
public sealed class ReportBuilder(string resultsDirectory)
{
    public const string TablesFolder = "tables";
    public const string FiguresFolder = "figures";
    public const string NotebooksFolder = "notebooks";

    public string ResultsDirectory { get; } = Path.GetFullPath(resultsDirectory);

    public string DefaultOutputPath => Path.Combine(ResultsDirectory, "report", "index.html");

    public ReportContents Collect(string? outputPath = null)
    {
        var reportDir = Path.GetDirectoryName(Path.GetFullPath(outputPath ?? DefaultOutputPath))!;
        var problems = new List<string>();
        var tables = new List<ReportTable>();
        var markdown = new List<ReportMarkdown>();
        var figures = new List<ReportFigure>();
        var notebooks = new List<ReportNotebook>();
        if (!Directory.Exists(ResultsDirectory))
            return new ReportContents(tables, markdown, figures, notebooks, [$"the results folder {ResultsDirectory} does not exist"]);

        var tablesDir = Path.Combine(ResultsDirectory, TablesFolder);
        if (Directory.Exists(tablesDir))
        {
            var csvFiles = Sorted(Directory.EnumerateFiles(tablesDir, "*.csv", SearchOption.AllDirectories));
            foreach (var file in csvFiles)
            {
                try { tables.Add(ReadCsv(file)); }
                catch (Exception e) when (e is IOException or CsvHelperException or InvalidDataException)
                { problems.Add($"{Relative(file)}: {e.Message}"); }
            }
            var csvStems = csvFiles.Select(f => Path.ChangeExtension(f, null)).ToHashSet(StringComparer.Ordinal);
            foreach (var file in Sorted(Directory.EnumerateFiles(tablesDir, "*.md", SearchOption.AllDirectories)))
            {
                if (csvStems.Contains(Path.ChangeExtension(file, null))) continue; // same table: the CSV is shown
                markdown.Add(new ReportMarkdown(Path.GetFileNameWithoutExtension(file), Relative(file),
                    Markdown.ToHtml(File.ReadAllText(file), MarkdownPipeline)));
            }
        }

        foreach (var file in Sorted(Directory.EnumerateFiles(ResultsDirectory, "*" + PlotlyFigure.FileSuffix, SearchOption.AllDirectories)))
        {
            if (!string.Equals(Path.GetFileName(Path.GetDirectoryName(file)), FiguresFolder, StringComparison.Ordinal)) continue;
            try { figures.Add(ReadFigure(file)); }
            catch (Exception e) when (e is IOException or JsonException or InvalidDataException)
            { problems.Add($"{Relative(file)}: {e.Message}"); }
        }

        var notebooksDir = Path.Combine(ResultsDirectory, NotebooksFolder);
        if (Directory.Exists(notebooksDir))
            foreach (var file in Sorted(Directory.EnumerateFiles(notebooksDir, "*.html", SearchOption.TopDirectoryOnly)))
            {
                var ipynb = Path.ChangeExtension(file, ".ipynb");
                notebooks.Add(new ReportNotebook(Path.GetFileNameWithoutExtension(file), Relative(file),
                    Href(reportDir, file), File.Exists(ipynb) ? Href(reportDir, ipynb) : null));
            }

        return new ReportContents(tables, markdown, figures, notebooks, problems);
    }

    /// <summary>The report page. <paramref name="generatedAt"/> defaults to now (UTC).</summary>
    public string BuildHtml(ReportContents contents, DateTimeOffset? generatedAt = null)
    {
        var body = new StringBuilder();
        var when = (generatedAt ?? DateTimeOffset.UtcNow).ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        body.Append("<p class=\"meta\">Generated ").Append(when).Append(" by <code>ecg report</code> from <code>")
            .Append(Enc(ResultsDirectory)).Append("</code>.</p>\n");

        body.Append("<nav><ul>")
            .Append($"<li><a href=\"#tables\">Tables</a> ({contents.Tables.Count + contents.MarkdownTables.Count})</li>")
            .Append($"<li><a href=\"#figures\">Figures</a> ({contents.Figures.Count})</li>")
            .Append($"<li><a href=\"#notebooks\">Notebooks</a> ({contents.Notebooks.Count})</li>")
            .Append("</ul></nav>\n");

        if (contents.Problems.Count > 0)
        {
            body.Append("<section class=\"problems\"><h2>Files that could not be used</h2><ul>");
            foreach (var p in contents.Problems) body.Append("<li>").Append(Enc(p)).Append("</li>");
            body.Append("</ul></section>\n");
        }

        body.Append("<section id=\"tables\"><h2>Tables</h2>\n");
        if (contents.Tables.Count + contents.MarkdownTables.Count == 0)
            body.Append(Missing($"No tables yet: {TablesFolder}/ under the results folder has no .csv or .md files. The evaluation step writes them there."));
        foreach (var t in contents.Tables) AppendTable(body, t);
        foreach (var m in contents.MarkdownTables)
            body.Append("<h3 id=\"").Append(Anchor("table", m.Name)).Append("\">").Append(Enc(m.Name)).Append("</h3>\n<p class=\"source\">")
                .Append(Enc(m.RelativePath)).Append("</p>\n<div class=\"markdown\">").Append(m.Html).Append("</div>\n");
        body.Append("</section>\n");

        body.Append("<section id=\"figures\"><h2>Figures</h2>\n");
        if (contents.Figures.Count == 0)
            body.Append(Missing($"No figures yet: no **/{FiguresFolder}/*{PlotlyFigure.FileSuffix} files under the results folder. Save charts with PlotlyFigure.SaveJson(\"results/<area>/{FiguresFolder}/<name>{PlotlyFigure.FileSuffix}\")."));
        for (var i = 0; i < contents.Figures.Count; i++)
        {
            var f = contents.Figures[i];
            body.Append("<h3>").Append(Enc(f.Title)).Append("</h3>\n<p class=\"source\">").Append(Enc(f.RelativePath)).Append("</p>\n");
            body.Append(PlotlyHtml.ChartFragment(f.Json, $"report-figure-{i + 1}", f.Height)).Append('\n');
        }
        body.Append("</section>\n");

        body.Append("<section id=\"notebooks\"><h2>Executed notebooks</h2>\n");
        if (contents.Notebooks.Count == 0)
            body.Append(Missing($"No executed notebooks yet: {NotebooksFolder}/ under the results folder has no .html files. Running the notebooks writes them there."));
        else
        {
            body.Append("<ul>");
            foreach (var n in contents.Notebooks)
            {
                body.Append("<li><a href=\"").Append(Enc(n.Href)).Append("\">").Append(Enc(n.Name)).Append("</a>");
                if (n.IpynbHref is not null) body.Append(" (<a href=\"").Append(Enc(n.IpynbHref)).Append("\">.ipynb</a>)");
                body.Append("</li>");
            }
            body.Append("</ul>\n");
        }
        body.Append("</section>\n");
        return PlotlyHtml.Page("EcgNotebooks results", body.ToString(), Css);
    }

    /// <summary>Collects, builds and writes the report atomically; returns the path written and what it holds.</summary>
    public (string Path, ReportContents Contents) Write(string? outputPath = null, DateTimeOffset? generatedAt = null)
    {
        var path = Path.GetFullPath(outputPath ?? DefaultOutputPath);
        var contents = Collect(path);
        AtomicFile.WriteAllText(path, BuildHtml(contents, generatedAt));
        return (path, contents);
    }

    static readonly MarkdownPipeline MarkdownPipeline = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();

    const string Css = """
        nav ul{display:flex;gap:1.5rem;list-style:none;padding:0}
        .meta,.source{color:#666;font-size:.9em}
        .missing{background:#fff8e1;border-left:4px solid #f0b400;padding:.5rem 1rem}
        .problems{background:#fdecea;border-left:4px solid #d93025;padding:.25rem 1rem}
        table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.92em}
        th,td{border:1px solid #ddd;padding:.3rem .6rem}
        th{background:#f3f3f3;text-align:left}
        td.num{text-align:right;font-variant-numeric:tabular-nums}
        tr:nth-child(even) td{background:#fafafa}
        .markdown h1,.markdown h2,.markdown h3{font-size:1.05em}

        """;

    ReportTable ReadCsv(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        using var parser = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        var rows = new List<IReadOnlyList<string>>();
        while (parser.Read()) rows.Add(parser.Record ?? []);
        if (rows.Count == 0) throw new InvalidDataException("the CSV file is empty (no header row)");
        var header = rows[0];
        var body = rows.Skip(1).ToList();
        var ragged = body.FindIndex(r => r.Count != header.Count);
        if (ragged >= 0)
            throw new InvalidDataException($"row {ragged + 2} has {body[ragged].Count} fields but the header has {header.Count}");
        return new ReportTable(Path.GetFileNameWithoutExtension(path), Relative(path), header, body);
    }

    ReportFigure ReadFigure(string path)
    {
        var node = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                   ?? throw new InvalidDataException("not a plotly figure: the JSON is not an object");
        if (node["data"] is not JsonArray data)
            throw new InvalidDataException("not a plotly figure: it has no \"data\" array");
        var title = node["layout"]?["title"] switch
        {
            JsonObject t when t["text"]?.GetValueKind() == JsonValueKind.String => t["text"]!.GetValue<string>(),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => null,
        };
        var height = node["layout"]?["height"] is JsonValue h && h.GetValueKind() == JsonValueKind.Number ? (int?)h.GetValue<double>() : null;
        var name = Path.GetFileName(path)[..^PlotlyFigure.FileSuffix.Length];
        return new ReportFigure(string.IsNullOrWhiteSpace(title) ? name : title, Relative(path), PlotlyJson.ScriptSafe(node), data.Count, height);
    }

    static void AppendTable(StringBuilder body, ReportTable t)
    {
        body.Append("<h3 id=\"").Append(Anchor("table", t.Name)).Append("\">").Append(Enc(t.Name)).Append("</h3>\n<p class=\"source\">")
            .Append(Enc(t.RelativePath)).Append("</p>\n<table>\n<thead><tr>");
        foreach (var h in t.Header) body.Append("<th>").Append(Enc(h)).Append("</th>");
        body.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in t.Rows)
        {
            body.Append("<tr>");
            foreach (var cell in row)
                body.Append(IsNumber(cell) ? "<td class=\"num\">" : "<td>").Append(Enc(cell)).Append("</td>");
            body.Append("</tr>\n");
        }
        body.Append("</tbody>\n</table>\n");
    }

    static bool IsNumber(string s) => double.TryParse(s.Replace("±", "", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(),
        NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    string Relative(string path) => Path.GetRelativePath(ResultsDirectory, path).Replace('\\', '/');

    static string Href(string fromDir, string file) =>
        string.Join('/', Path.GetRelativePath(fromDir, file).Replace('\\', '/').Split('/').Select(s => s == ".." ? s : Uri.EscapeDataString(s)));

    static List<string> Sorted(IEnumerable<string> files) => files.Order(StringComparer.Ordinal).ToList();

    static string Missing(string text) => $"<p class=\"missing\">{Enc(text)}</p>\n";

    static string Anchor(string prefix, string name) =>
        prefix + "-" + new string(name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray());

    static string Enc(string s) => PlotlyHtml.Encode(s);
}
