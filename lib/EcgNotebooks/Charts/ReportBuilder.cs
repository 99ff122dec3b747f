using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcgNotebooks.Experiments;
using EcgNotebooks.Results;
using Markdig;

namespace EcgNotebooks.Charts;

/// <summary>
/// A result table (<see cref="ResultTables.All"/>) built from the stored runs: its Markdown (ours mean ± std beside the
/// paper, notes) rendered to HTML, links to its CSV files where they exist, and its figures (<see cref="ResultFigures"/>).
/// </summary>
public sealed record ReportResultTable(string Name, string Title, string Html, IReadOnlyList<ReportLink> Files, IReadOnlyList<ReportFigure> Figures);

/// <summary>A file the page links to, with its href relative to the page.</summary>
public sealed record ReportLink(string Name, string Href);

/// <summary>A Markdown file from results/tables/ that no table spec writes, rendered to HTML.</summary>
public sealed record ReportMarkdown(string Name, string RelativePath, string Html);

/// <summary>A figure, its JSON script-safe: built from the runs, or read from a figure file
/// (results/**/figures/*.plotly.json; <see cref="RelativePath"/> null for built ones).</summary>
public sealed record ReportFigure(string Title, string? RelativePath, string Json, int TraceCount, int? Height, bool Compact = false);

/// <summary>An executed notebook (results/report/notebooks/*.html), with links relative to the report.</summary>
public sealed record ReportNotebook(string Name, string RelativePath, string Href, string? IpynbHref);

/// <summary>The runs behind the tables: how many are stored and completed, which were used (latest per row and
/// seed, see <see cref="RunSelection"/>) and what they were trained with.</summary>
public sealed record ReportRuns(
    int Stored, int Completed, IReadOnlyList<RunRecord> Used, IReadOnlyList<string> SetAside)
{
    public static readonly ReportRuns None = new(0, 0, [], []);
}

/// <summary>What the report found under results/, and the files it could not use (with why).</summary>
public sealed record ReportContents(
    ReportRuns Runs, IReadOnlyList<ReportResultTable> Tables, IReadOnlyList<string> TablesWithoutRuns,
    IReadOnlyList<ReportMarkdown> MarkdownTables, IReadOnlyList<ReportLink> OtherTableFiles,
    IReadOnlyList<ReportFigure> Figures, IReadOnlyList<ReportNotebook> Notebooks, IReadOnlyList<string> Problems)
{
    /// <summary>Every chart on the page: the tables' and the figure files'.</summary>
    public int FigureCount => Tables.Sum(t => t.Figures.Count) + Figures.Count;
}

/// <summary>
/// Builds results/report/index.html: the result tables built from the completed runs under results/runs/ (the
/// latest run per row and seed, as notebook 07 does) with their charts, Markdown files under results/tables/ that
/// no table spec writes, figure files (results/**/figures/*.plotly.json, written by <see cref="PlotlyFigure.SaveJson"/>)
/// and the executed notebooks in results/report/notebooks/. Works with any subset; the page says what is missing.
/// plotly.js is copied beside the page (<see cref="PlotlyJs.FileName"/>), so the report folder is one
/// self-contained unit that works offline from the file system.
/// </summary>
/// <param name="profile">The one profile whose runs the report's tables show (`ecg report` passes quick by default); null =
/// every stored profile, which fails on a table where two profiles have runs.</param>
public sealed class ReportBuilder(string resultsDirectory, string? profile = null)
{
    public string? Profile { get; } = profile;

    public const string TablesFolder = "tables";
    public const string FiguresFolder = "figures";
    public const string ReportFolder = "report";
    /// <summary>Executed notebooks, relative to the results folder: inside the report folder, so it is self-contained.</summary>
    public const string NotebooksFolder = ReportFolder + "/notebooks";

    public string ResultsDirectory { get; } = Path.GetFullPath(resultsDirectory);

    public string DefaultOutputPath => Path.Combine(ResultsDirectory, ReportFolder, "index.html");

    public ReportContents Collect(string? outputPath = null)
    {
        var reportDir = Path.GetDirectoryName(Path.GetFullPath(outputPath ?? DefaultOutputPath))!;
        var problems = new List<string>();
        var markdown = new List<ReportMarkdown>();
        var otherFiles = new List<ReportLink>();
        var figures = new List<ReportFigure>();
        var notebooks = new List<ReportNotebook>();
        if (!Directory.Exists(ResultsDirectory))
            return new ReportContents(ReportRuns.None, [], [], markdown, otherFiles, figures, notebooks, [$"the results folder {ResultsDirectory} does not exist"]);

        var (runs, completed) = ReadRuns(problems);
        var (tables, withoutRuns) = BuildTables(runs.Used, reportDir, problems);
        var dengTables = BuildDengTables(completed, reportDir, problems);
        tables.AddRange(dengTables);

        var tablesDir = Path.Combine(ResultsDirectory, TablesFolder);
        if (Directory.Exists(tablesDir))
        {
            var written = ResultTables.All.SelectMany(t => new[] { t.Name, $"{t.Name}-{Checkpoints.Last}" })
                .Concat(dengTables.Select(t => t.Name)).ToHashSet(StringComparer.Ordinal);
            bool Extra(string file) => !written.Contains(Path.GetFileNameWithoutExtension(file));
            var mdFiles = Sorted(Directory.EnumerateFiles(tablesDir, "*.md", SearchOption.AllDirectories)).Where(Extra).ToList();
            foreach (var file in mdFiles)
                markdown.Add(new ReportMarkdown(Path.GetFileNameWithoutExtension(file), Relative(file),
                    Markdown.ToHtml(File.ReadAllText(file), MarkdownPipeline)));
            var mdStems = mdFiles.Select(f => Path.ChangeExtension(f, null)).ToHashSet(StringComparer.Ordinal);
            foreach (var file in Sorted(Directory.EnumerateFiles(tablesDir, "*.csv", SearchOption.AllDirectories)).Where(Extra))
                if (!mdStems.Contains(Path.ChangeExtension(file, null))) otherFiles.Add(new ReportLink(Relative(file), Href(reportDir, file)));
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

        return new ReportContents(runs, tables, withoutRuns, markdown, otherFiles, figures, notebooks, problems);
    }

    /// <summary>The report page, loading plotly.js from <see cref="PlotlyJs.FileName"/> beside it.
    /// <paramref name="generatedAt"/> defaults to now (UTC).</summary>
    public string BuildHtml(ReportContents contents, DateTimeOffset? generatedAt = null)
    {
        var body = new StringBuilder();
        var when = (generatedAt ?? DateTimeOffset.UtcNow).ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        AppendIntro(body, contents);
        body.Append("<p class=\"meta\">Generated ").Append(when).Append(" by <code>ecg report</code> from <code>")
            .Append(Enc(DisplayedResultsPath())).Append("</code>.</p>\n");

        body.Append("<nav><ul>");
        foreach (var t in contents.Tables)
            body.Append("<li><a href=\"#").Append(Anchor("table", t.Name)).Append("\">").Append(Enc(ShortTitle(t.Title))).Append("</a></li>");
        body.Append($"<li><a href=\"#other-tables\">Other tables</a> ({contents.MarkdownTables.Count + contents.OtherTableFiles.Count})</li>")
            .Append($"<li><a href=\"#figures\">Figure files</a> ({contents.Figures.Count})</li>")
            .Append($"<li><a href=\"#notebooks\">Notebooks</a> ({contents.Notebooks.Count})</li>")
            .Append("</ul></nav>\n");

        if (contents.Problems.Count > 0)
        {
            body.Append("<section class=\"problems\"><h2>Files that could not be used</h2><ul>");
            foreach (var p in contents.Problems) body.Append("<li>").Append(Enc(p)).Append("</li>");
            body.Append("</ul></section>\n");
        }

        body.Append("<section id=\"tables\">\n");
        if (contents.Tables.Count == 0)
            body.Append(Missing("No result tables yet: no completed run under runs/ belongs to a table. Train with the notebooks 03–05 or `ecg` first."));
        var figureIndex = 0;
        foreach (var t in contents.Tables)
        {
            body.Append("<section class=\"result-table\"><h2 id=\"").Append(Anchor("table", t.Name)).Append("\">").Append(Enc(t.Title)).Append("</h2>\n");
            if (t.Files.Count > 0)
                body.Append("<p class=\"source\">").AppendJoin(" · ", t.Files.Select(f => $"<a href=\"{Enc(f.Href)}\">{Enc(f.Name)}</a>")).Append("</p>\n");
            body.Append("<div class=\"markdown\">").Append(t.Html).Append("</div>\n");
            AppendFigures(body, t.Figures, ref figureIndex);
            body.Append("</section>\n");
        }
        if (contents.TablesWithoutRuns.Count > 0)
            body.Append("<p class=\"meta\">Not shown (no stored runs for any of their rows yet): ").Append(Enc(string.Join("; ", contents.TablesWithoutRuns))).Append(".</p>\n");
        body.Append("</section>\n");

        body.Append("<section id=\"other-tables\"><h2>Other tables</h2>\n");
        if (contents.MarkdownTables.Count + contents.OtherTableFiles.Count == 0)
            body.Append("<p class=\"meta\">None: ").Append(TablesFolder).Append("/ holds only the tables above.</p>\n");
        foreach (var m in contents.MarkdownTables)
            body.Append("<h3 id=\"").Append(Anchor("md", m.Name)).Append("\">").Append(Enc(m.Name)).Append("</h3>\n<p class=\"source\">")
                .Append(Enc(m.RelativePath)).Append("</p>\n<div class=\"markdown\">").Append(m.Html).Append("</div>\n");
        if (contents.OtherTableFiles.Count > 0)
            body.Append("<ul>").AppendJoin("", contents.OtherTableFiles.Select(f => $"<li><a href=\"{Enc(f.Href)}\">{Enc(f.Name)}</a></li>")).Append("</ul>\n");
        body.Append("</section>\n");

        body.Append("<section id=\"figures\"><h2>Figure files</h2>\n");
        if (contents.Figures.Count == 0)
            body.Append("<p class=\"meta\">None: no **/").Append(FiguresFolder).Append("/*").Append(PlotlyFigure.FileSuffix)
                .Append(" files under the results folder (charts saved with <code>PlotlyFigure.SaveJson</code> appear here).</p>\n");
        AppendFigures(body, contents.Figures, ref figureIndex);
        body.Append("</section>\n");

        body.Append("<section id=\"notebooks\"><h2>Executed notebooks</h2>\n");
        if (contents.Notebooks.Count == 0)
            body.Append(Missing($"No executed notebooks yet: {NotebooksFolder}/ under the results folder has no .html files. Run them with `ecg notebooks run notebooks/*.dib --out results/{NotebooksFolder} --plotly-js ../{PlotlyJs.FileName}`."));
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
        return PlotlyHtml.Page("EcgNotebooks results", body.ToString(), Css, plotlyScriptUrl: PlotlyJs.FileName);
    }

    /// <summary>
    /// Collects, builds and writes the report atomically, with plotly.js copied beside it (only when it changed);
    /// returns the path written and what it holds.
    /// </summary>
    /// <exception cref="FileNotFoundException">plotly.js is not installed (see <see cref="PlotlyJs.Locate"/>).</exception>
    public (string Path, ReportContents Contents) Write(string? outputPath = null, DateTimeOffset? generatedAt = null)
    {
        var path = Path.GetFullPath(outputPath ?? DefaultOutputPath);
        var contents = Collect(path);
        var html = BuildHtml(contents, generatedAt);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        PlotlyJs.CopyTo(Path.GetDirectoryName(path)!);
        AtomicFile.WriteAllText(path, html);
        return (path, contents);
    }

    /// <summary>The first paper's runs for its tables, and every completed run of the profile (read once, for both papers' tables).</summary>
    (ReportRuns Runs, IReadOnlyList<RunRecord> Completed) ReadRuns(List<string> problems)
    {
        var store = new RunStore(ResultsDirectory);
        IReadOnlyList<StoredRun> stored;
        try { stored = store.List(); }
        catch (Exception e) when (e is IOException or JsonException or InvalidDataException)
        {
            problems.Add($"runs/: {e.Message}");
            return (ReportRuns.None, []);
        }
        var completed = stored.Where(s => s.Completed && (Profile is null || s.Run.Profile == Profile)).Select(s => s.Run).ToList();
        var selection = RunSelection.ForTables(completed);
        return (new ReportRuns(stored.Count, stored.Count(s => s.Completed), selection.Chosen, selection.SetAside.Select(r => r.RunId).ToList()), completed);
    }

    (List<ReportResultTable> Tables, List<string> WithoutRuns) BuildTables(IReadOnlyList<RunRecord> runs, string reportDir, List<string> problems)
    {
        var tables = new List<ReportResultTable>();
        var withoutRuns = new List<string>();
        foreach (var spec in ResultTables.All.Concat(ResultTables.All.Select(ResultTables.FiveClass)))
        {
            var table = TableWriter.Build(spec, runs);
            if (!table.Rows.Any(r => r.Seeds.Count > 0))
            {
                if (spec.Classes == 4) withoutRuns.Add(ShortTitle(spec.Title)); // five-class tables are optional extras
                continue;
            }
            var rowKeys = table.Rows.Select(r => r.RowKey).ToHashSet(StringComparer.Ordinal);
            var tableRuns = runs.Where(r => rowKeys.Contains(r.RowKey) && spec.Admits(r)).ToList();
            IReadOnlyList<PlotlyFigure> charts;
            try { charts = ResultFigures.ForTable(table, tableRuns); }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                problems.Add($"{spec.Name} charts: {e.Message}");
                charts = [];
            }
            var files = new[] { spec.Name, $"{spec.Name}-{Checkpoints.Last}" }
                .Select(stem => Path.Combine(ResultsDirectory, TablesFolder, stem + ".csv"))
                .Where(File.Exists).Select(f => new ReportLink(Relative(f), Href(reportDir, f))).ToList();
            tables.Add(new ReportResultTable(spec.Name, spec.Title, Markdown.ToHtml(WithoutTitle(TableWriter.ToMarkdown(table)), MarkdownPipeline),
                files, charts.Select(Figure).ToList()));
        }
        return (tables, withoutRuns);
    }

    /// <summary>
    /// Deng et al.'s tables (<see cref="DengTables"/>), one per table and profile that has completed runs, each followed by
    /// ROC curves per class for every row (the paper's Figs. 8 and 11) and, for single-label rows, the confusion matrix.
    /// </summary>
    List<ReportResultTable> BuildDengTables(IReadOnlyList<RunRecord> completed, string reportDir, List<string> problems)
    {
        var store = new RunStore(ResultsDirectory);
        var runs = completed.Where(r => r.DataSet is not null && !RunSelection.IsReduced(r)).ToList();
        var tables = new List<ReportResultTable>();
        foreach (var profile in runs.Select(r => r.Profile).Distinct().Order(StringComparer.Ordinal))
            foreach (var table in DengExperiments.Tables.Keys)
            {
                var rows = DengTables.Build(table, runs, profile);
                if (rows.All(r => r.Runs.Count == 0)) continue;
                var figures = new List<PlotlyFigure>();
                try
                {
                    foreach (var row in rows.Where(r => r.Runs.Count > 0))
                    {
                        figures.Add(DengFigures.RocPerClass(store, row.Runs, $"{row.Label}: ROC per class"));
                        if (row.Runs.All(r => r.LabelMetrics is null)) figures.Add(DengFigures.ConfusionMatrix(row.Runs, row.Label));
                    }
                }
                catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException or InvalidDataException)
                { problems.Add($"{table} ({profile}) charts: {e.Message}"); }
                var name = DengTables.FileStem(table, profile);
                var markdown = DengTables.ToMarkdown(table, rows, profile);
                var md = Path.Combine(ResultsDirectory, TablesFolder, name + ".md");
                var files = File.Exists(md) ? new List<ReportLink> { new(Relative(md), Href(reportDir, md)) } : [];
                tables.Add(new ReportResultTable(name, markdown.Split('\n', 2)[0].TrimStart('#', ' '), Markdown.ToHtml(WithoutTitle(markdown), MarkdownPipeline),
                    files, figures.Select(Figure).ToList()));
            }
        return tables;
    }

    static void AppendIntro(StringBuilder body, ReportContents c)
    {
        var used = c.Runs.Used;
        body.Append("<p class=\"intro\">The paper's result tables beside ours, built from the stored training runs: each of our cells is the mean ± ")
            .Append("sample standard deviation over seeds, next to the paper's printed value; the notes under each table list how our protocol differs. ")
            .Append("Every table is followed by its charts. The executed notebooks that produced and explain the runs are linked at the end.</p>\n");
        body.Append("<ul class=\"runs\">");
        body.Append("<li>Runs: ").Append(used.Count).Append(" used (the latest per row, class count and seed; reduced CI-size runs never count) of ").Append(c.Runs.Completed)
            .Append(" completed (").Append(c.Runs.Stored).Append(" stored under <code>runs/</code>)");
        if (c.Runs.SetAside.Count > 0) body.Append("; set aside as older duplicates: ").Append(Enc(string.Join(", ", c.Runs.SetAside)));
        body.Append(".</li>");
        if (used.Count > 0)
        {
            body.Append("<li>Profiles: ").Append(Enc(string.Join(", ", used.GroupBy(r => r.Profile).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} ({g.Count()} runs)"))));
            if (used.Any(r => r.Profile == Profiles.Quick))
                body.Append(" — <strong>quick-profile runs are smoke tests, not results comparable with the paper</strong>");
            body.Append(".</li>");
            body.Append("<li>Seeds: ").Append(Enc(string.Join(", ", used.Select(r => r.Seed).Distinct().Order())))
                .Append("; seeds per row: ").Append(Enc(string.Join(", ", used.GroupBy(r => r.RowKey).Select(g => g.Count()).Distinct().Order()))).Append(".</li>");
            body.Append("<li>Code (git commit of the runs): ").Append(Enc(string.Join(", ", used
                .GroupBy(r => (r.GitCommit, r.GitDirty == true)).OrderByDescending(g => g.Count())
                .Select(g => $"{Short(g.Key.GitCommit)}{(g.Key.Item2 ? " with uncommitted changes" : "")} ({g.Count()} runs)")))).Append(".</li>");
        }
        body.Append("</ul>\n");
    }

    static void AppendFigures(StringBuilder body, IReadOnlyList<ReportFigure> figures, ref int index)
    {
        var compact = false;
        foreach (var f in figures)
        {
            if (f.Compact != compact) { body.Append(f.Compact ? "<div class=\"figure-grid\">\n" : "</div>\n"); compact = f.Compact; }
            body.Append("<div class=\"figure\">");
            if (f.RelativePath is not null)
                body.Append("<h3>").Append(Enc(f.Title)).Append("</h3>\n<p class=\"source\">").Append(Enc(f.RelativePath)).Append("</p>\n");
            body.Append(PlotlyHtml.ChartFragment(f.Json, $"report-figure-{++index}", f.Height)).Append("</div>\n");
        }
        if (compact) body.Append("</div>\n");
    }

    // Confusion matrices are small and many: laid out side by side.
    static ReportFigure Figure(PlotlyFigure figure) =>
        new(figure.Layout.Title?.Text ?? "", null, figure.ToJson(), figure.Data.Count, figure.Layout.Height,
            Compact: figure.Data.Count == 1 && figure.Data[0] is HeatmapTrace);

    // The page shows the title as the section heading.
    static string WithoutTitle(string markdown) =>
        markdown.StartsWith("# ", StringComparison.Ordinal) ? markdown[(markdown.IndexOf('\n') + 1)..] : markdown;

    static string ShortTitle(string title) => title.Split(" — ", 2)[0];

    static string Short(string commit) => commit.Length > 10 && commit != GitInfo.Unknown ? commit[..10] : commit;

    static readonly MarkdownPipeline MarkdownPipeline = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();

    const string Css = """
        nav ul{display:flex;gap:1.5rem;list-style:none;padding:0}
        .meta,.source{color:#666;font-size:.9em}
        .missing{background:#fff8e1;border-left:4px solid #f0b400;padding:.5rem 1rem}
        .problems{background:#fdecea;border-left:4px solid #d93025;padding:.25rem 1rem}
        table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.92em}
        th,td{border:1px solid #ddd;padding:.3rem .6rem}
        th{background:#f3f3f3;text-align:left}
        td{font-variant-numeric:tabular-nums}
        tr:nth-child(even) td{background:#fafafa}
        .markdown h1,.markdown h2,.markdown h3{font-size:1.05em}
        .markdown table{display:block;overflow-x:auto;max-width:100%}
        .markdown td{white-space:nowrap}
        .markdown td:first-child{white-space:normal;min-width:16rem}
        .markdown ul{font-size:.9em;color:#444}
        .markdown blockquote{background:#fff8e1;border-left:4px solid #f0b400;margin:.5rem 0;padding:.25rem 1rem}
        .result-table{border-top:1px solid #ddd;margin-top:2rem}
        .figure-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(480px,1fr));gap:0 1rem}
        nav ul{flex-wrap:wrap}

        """;

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

    /// <summary>The results folder relative to its repository (a committed page names no machine's paths), else in full.</summary>
    string DisplayedResultsPath() =>
        PlotlyJs.FindRepositoryRoot(ResultsDirectory) is { } root
            ? Path.GetRelativePath(root, ResultsDirectory).Replace('\\', '/')
            : ResultsDirectory;

    string Relative(string path) => Path.GetRelativePath(ResultsDirectory, path).Replace('\\', '/');

    static string Href(string fromDir, string file) =>
        string.Join('/', Path.GetRelativePath(fromDir, file).Replace('\\', '/').Split('/').Select(s => s == ".." ? s : Uri.EscapeDataString(s)));

    static List<string> Sorted(IEnumerable<string> files) => files.Order(StringComparer.Ordinal).ToList();

    static string Missing(string text) => $"<p class=\"missing\">{Enc(text)}</p>\n";

    static string Anchor(string prefix, string name) =>
        prefix + "-" + new string(name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray());

    static string Enc(string s) => PlotlyHtml.Encode(s);
}
