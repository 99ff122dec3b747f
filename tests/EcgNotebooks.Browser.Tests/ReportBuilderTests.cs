using EcgNotebooks.Charts;
using EcgNotebooks.Results;

namespace EcgNotebooks.Browser.Tests;

/// <summary>The report generator without a browser.</summary>
public sealed class ReportBuilderTests : IDisposable
{
    readonly string results = Directory.CreateTempSubdirectory("ecg-report-").FullName;

    public void Dispose() => Directory.Delete(results, recursive: true);

    [Fact]
    public void Builds_every_table_from_the_latest_completed_run_per_row_and_seed()
    {
        ReportFixtures.WriteSampleResults(results);
        var c = new ReportBuilder(results).Collect();

        Assert.Equal(9, c.Runs.Stored);
        Assert.Equal(8, c.Runs.Completed);
        Assert.Equal(7, c.Runs.Used.Count);
        Assert.DoesNotContain(c.Runs.Used, r => r.Experiment == ReportFixtures.OlderDuplicateExperiment);
        Assert.StartsWith(ReportFixtures.OlderDuplicateExperiment, Assert.Single(c.Runs.SetAside));
        Assert.Equal(ResultTables.All.Select(t => t.Name), c.Tables.Select(t => t.Name));
        Assert.Empty(c.TablesWithoutRuns);

        // Bars + seed spread for every table; Tables 3 and 4 add training curves and a confusion matrix per row with runs.
        Assert.Equal([5, 5, 2, 2, 2], c.Tables.Select(t => t.Figures.Count));
        var table3 = c.Tables[0];
        Assert.Equal(6, table3.Figures[0].TraceCount); // Macro Se, Pr, F1: ours and the paper's
        Assert.Equal(2, table3.Figures[1].TraceCount); // one dot trace per row with runs
        Assert.Equal(4, table3.Figures[2].TraceCount); // 2 rows × (validation AUPRC, training loss)
        Assert.All(table3.Figures.Skip(3), f => Assert.True(f.Compact && f.TraceCount == 1));
        Assert.Equal(18, c.FigureCount);

        Assert.Equal([new ReportLink("tables/table3.csv", "../tables/table3.csv")], table3.Files);
        Assert.Empty(c.Tables[1].Files);
        Assert.Equal("notes", Assert.Single(c.MarkdownTables).Name); // table3.md is the table above, not an extra
        Assert.Equal([new ReportLink("tables/extra.csv", "../tables/extra.csv")], c.OtherTableFiles);
        Assert.Equal(["evaluation/figures/confusion-ds2.plotly.json", "runs/resunet-mhca/figures/roc.plotly.json"], c.Figures.Select(f => f.RelativePath));
        var nb = Assert.Single(c.Notebooks);
        Assert.Equal("notebooks/01-data.html", nb.Href);
        Assert.Equal("notebooks/01-data.ipynb", nb.IpynbHref);
        Assert.Empty(c.Problems);
    }

    [Fact]
    public void The_page_shows_the_markdown_tables_with_notes_and_loads_plotly_from_beside_it()
    {
        ReportFixtures.WriteSampleResults(results);
        var (path, contents) = new ReportBuilder(results).Write(generatedAt: DateTimeOffset.Parse("2026-01-02T03:04:00Z"));
        var html = File.ReadAllText(path);

        Assert.Equal(Path.Combine(results, "report", "index.html"), path);
        Assert.Contains("<script type=\"text/javascript\" src=\"plotly.min.js\"></script>", html);
        Assert.DoesNotContain("window.Plotly = Plotly", html); // not inline
        Assert.Equal(PlotlyJs.Source, File.ReadAllText(Path.Combine(results, "report", PlotlyJs.FileName)));
        Assert.Equal(contents.FigureCount, CountOf(html, "class=\"ecg-plotly-chart\""));

        Assert.Contains("<table>", html);
        Assert.Contains(" ± ", html); // ours: mean ± std over two seeds
        Assert.Contains("<h2 id=\"table-table3\">Table 3 — ResUNet backbone, DS2 (%)</h2>", html);
        Assert.Contains("Notes</h2>", html);
        Assert.Contains(PlotlyHtml.Encode(ResultTables.ProtocolDifferences[0]), html);
        Assert.Contains(PlotlyHtml.Encode(ResultTables.QuickProfileNote), html); // Table 4's runs are quick-profile
        Assert.Contains("7 used (the latest per row, class count and seed; reduced CI-size runs never count) of 8 completed (9 stored", html);
        Assert.Contains("quick (3 runs)", html);
        Assert.Contains("<a href=\"../tables/table3.csv\">tables/table3.csv</a>", html);
        Assert.Contains("<a href=\"notebooks/01-data.html\">01-data</a>", html);
        Assert.Contains("Generated 2026-01-02 03:04 UTC", html);
        Assert.DoesNotContain("class=\"missing\"", html);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Fact]
    public void Plotly_js_beside_the_page_is_rewritten_only_when_it_differs()
    {
        var builder = new ReportBuilder(results);
        var (path, _) = builder.Write();
        var plotly = Path.Combine(Path.GetDirectoryName(path)!, PlotlyJs.FileName);
        var old = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(plotly, old);

        builder.Write();
        Assert.Equal(old, File.GetLastWriteTimeUtc(plotly));

        File.WriteAllText(plotly, "stale");
        builder.Write();
        Assert.Equal(PlotlyJs.Source, File.ReadAllText(plotly));
    }

    /// <summary>The committed LUDB runs (real, standard profile) give Table 3 of the second paper its own section with charts.</summary>
    [Fact]
    public void The_second_papers_tables_get_a_section_with_roc_curves_per_row()
    {
        var committed = Path.Combine(PlotlyJs.FindRepositoryRoot(AppContext.BaseDirectory)!, "results", "runs");
        var ludb = Directory.GetDirectories(committed, "deng_ludb_*-standard-*").Where(d => File.Exists(Path.Combine(d, "completed"))).ToList();
        Assert.True(ludb.Count >= 5, $"expected the committed LUDB runs under {committed}");
        foreach (var run in ludb)
        {
            var copy = Directory.CreateDirectory(Path.Combine(results, "runs", Path.GetFileName(run))).FullName;
            foreach (var file in Directory.GetFiles(run)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }
        DengTables.WriteAll(new RunStore(results), "standard", tables: ["deng3"]);

        var c = new ReportBuilder(results, "standard").Collect();
        var section = Assert.Single(c.Tables);
        Assert.Equal("deng-table3-standard", section.Name);
        Assert.StartsWith("Deng et al. Table 3", section.Title);
        Assert.Equal([new ReportLink("tables/deng-table3-standard.md", "../tables/deng-table3-standard.md")], section.Files);
        var rowsWithRuns = ludb.Select(d => Path.GetFileName(d).Split("-EfficientECG")[0]).Distinct().Count();
        Assert.Equal(rowsWithRuns, section.Figures.Count);   // one ROC chart per row; multi-label rows have no confusion matrix
        Assert.All(section.Figures, f => Assert.InRange(f.TraceCount, 2, 13));   // up to 12 labels and the chance line
        Assert.Empty(c.MarkdownTables);                      // its .md is the section, not an "other table"
        Assert.Empty(c.Runs.Used);                           // the first paper's tables never take these runs
        Assert.Empty(c.Problems);
        Assert.Contains("micro-F1 test 86.61", new ReportBuilder(results, "standard").BuildHtml(c));
        Assert.Empty(new ReportBuilder(results, "quick").Collect().Tables);

        // The ablation's paired column: age + sex minus 8-lead, fold by fold.
        var runs = new RunStore(results).ListCompleted();
        double Micro(string experiment, int fold) => runs.Single(r => r.Experiment == experiment && r.Seed == fold).LabelMetrics![Checkpoints.Selected].Micro.F1;
        var folds = Enumerable.Range(0, 5).Where(f => runs.Any(r => r.Experiment == "deng/ludb/age-sex" && r.Seed == f) && runs.Any(r => r.Experiment == "deng/ludb/ecg-only" && r.Seed == f)).ToList();
        var delta = DengTables.Build("deng3", runs, "standard").Single(r => r.Experiment == "deng/ludb/age-sex").Ours[DengTables.MicroF1VsEcgOnly];
        Assert.Equal(folds.Count, delta.Count);
        Assert.Equal(folds.Average(f => Micro("deng/ludb/age-sex", f) - Micro("deng/ludb/ecg-only", f)), delta.Mean, 12);
    }

    [Fact]
    public void Tables_without_runs_are_left_out_with_one_line()
    {
        ReportFixtures.WriteSampleResults(results, resUNet: false);
        var c = new ReportBuilder(results).Collect();

        Assert.Equal(["table4", "table5", "grid"], c.Tables.Select(t => t.Name));
        Assert.Equal(["Table 3", "Table 6"], c.TablesWithoutRuns);
        Assert.Contains("Not shown (no stored runs for any of their rows yet): Table 3; Table 6.", new ReportBuilder(results).BuildHtml(c));
    }

    [Fact]
    public void An_empty_results_folder_gives_a_page_that_says_what_is_missing()
    {
        var (path, _) = new ReportBuilder(results).Write();
        var html = File.ReadAllText(path);

        Assert.Contains("No result tables yet", html);
        Assert.Contains("No executed notebooks yet", html);
        Assert.True(File.Exists(Path.Combine(results, "report", PlotlyJs.FileName)));
    }

    [Fact]
    public void Broken_files_are_listed_on_the_page_and_the_rest_is_still_shown()
    {
        ReportFixtures.WriteSampleResults(results);
        File.WriteAllText(Path.Combine(results, "evaluation", "figures", "bad.plotly.json"), "{\"layout\":{}}");
        File.WriteAllText(Path.Combine(results, "evaluation", "figures", "truncated.plotly.json"), "{\"data\":[");
        File.WriteAllText(Path.Combine(results, "evaluation", "not-figures.plotly.json"), "{}"); // outside a figures/ folder: ignored

        var builder = new ReportBuilder(results);
        var c = builder.Collect();

        Assert.Equal(2, c.Problems.Count);
        Assert.Contains(c.Problems, p => p.StartsWith("evaluation/figures/bad.plotly.json: not a plotly figure", StringComparison.Ordinal));
        Assert.Contains(c.Problems, p => p.StartsWith("evaluation/figures/truncated.plotly.json:", StringComparison.Ordinal));
        Assert.Equal(2, c.Figures.Count);
        Assert.Equal(5, c.Tables.Count);
        Assert.Contains("Files that could not be used", builder.BuildHtml(c));
    }

    [Fact]
    public void An_unreadable_run_is_listed_and_the_other_files_are_still_shown()
    {
        ReportFixtures.WriteSampleResults(results);
        var broken = Directory.CreateDirectory(Path.Combine(results, "runs", "broken-run")).FullName;
        File.WriteAllText(Path.Combine(broken, RunStore.RunFileName), "{\"runId\":");

        var c = new ReportBuilder(results).Collect();

        Assert.StartsWith("runs/: ", Assert.Single(c.Problems));
        Assert.Empty(c.Tables);
        Assert.Equal(2, c.Figures.Count);
    }

    [Fact]
    public void Markdown_tables_are_html_escaped()
    {
        Directory.CreateDirectory(Path.Combine(results, "tables"));
        File.WriteAllText(Path.Combine(results, "tables", "t.md"), "| name |\n|---|\n| <script>alert(1)</script> |\n");
        var html = new ReportBuilder(results).BuildHtml(new ReportBuilder(results).Collect());

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("<script>alert(1)", html);
    }

    [Fact]
    public void Ecg_report_command_writes_the_page_and_plotly_into_the_report_folder()
    {
        ReportFixtures.WriteSampleResults(results);
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        int exit;
        try { exit = EcgNotebooks.Cli.Program.BuildRoot().Parse(["report", "--results", results, "--profile", "all"]).Invoke(); }
        finally { Console.SetOut(previous); }

        Assert.Equal(0, exit);
        var page = Path.Combine(results, "report", "index.html");
        Assert.True(File.Exists(page));
        Assert.True(File.Exists(Path.Combine(results, "report", PlotlyJs.FileName)));
        Assert.Contains($"wrote {page}", output.ToString());
        Assert.Contains("5 result tables from 7 runs, 1 other tables, 18 figures, 1 notebooks", output.ToString());
    }

    static int CountOf(string text, string what)
    {
        int count = 0, i = 0;
        while ((i = text.IndexOf(what, i, StringComparison.Ordinal)) >= 0) { count++; i += what.Length; }
        return count;
    }
}
