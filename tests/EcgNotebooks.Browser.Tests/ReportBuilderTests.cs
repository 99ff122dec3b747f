using EcgNotebooks.Charts;

namespace EcgNotebooks.Browser.Tests;

/// <summary>The report generator without a browser.</summary>
public sealed class ReportBuilderTests : IDisposable
{
    readonly string results = Directory.CreateTempSubdirectory("ecg-report-").FullName;

    public void Dispose() => Directory.Delete(results, recursive: true);

    [Fact]
    public void Collects_csv_tables_markdown_without_a_csv_twin_figures_and_notebooks()
    {
        ReportFixtures.WriteSampleResults(results);
        var c = new ReportBuilder(results).Collect();

        var table = Assert.Single(c.Tables);
        Assert.Equal("table3-fusion", table.Name);
        Assert.Equal(["Backbone", "Fusion", "Acc", "Macro F1 (N/S/V/F)", "Se S"], table.Header);
        Assert.Equal(3, table.Rows.Count);
        Assert.Equal("MACNN-SE, small", table.Rows[2][0]); // quoted field with a comma
        Assert.Equal("notes", Assert.Single(c.MarkdownTables).Name);
        Assert.Contains("<table>", c.MarkdownTables[0].Html);
        Assert.Equal(["evaluation/figures/confusion-ds2.plotly.json", "evaluation/figures/roc-ds2.plotly.json", "runs/resunet-mhca/figures/training.plotly.json"],
            c.Figures.Select(f => f.RelativePath));
        Assert.Equal("DS2 confusion matrix (synthetic)", c.Figures[0].Title);
        Assert.Equal(SampleCharts.All()[7].Figure.Data.Count, c.Figures[1].TraceCount);
        var nb = Assert.Single(c.Notebooks);
        Assert.Equal("../notebooks/01-data.html", nb.Href);
        Assert.Equal("../notebooks/01-data.ipynb", nb.IpynbHref);
        Assert.Empty(c.Problems);
    }

    [Fact]
    public void The_page_embeds_plotly_once_and_shows_tables_and_figures()
    {
        ReportFixtures.WriteSampleResults(results);
        var (path, contents) = new ReportBuilder(results).Write(generatedAt: DateTimeOffset.Parse("2026-01-02T03:04:00Z"));
        var html = File.ReadAllText(path);

        Assert.Equal(Path.Combine(results, "report", "index.html"), path);
        Assert.Equal(1, CountOf(html, "window.Plotly = Plotly"));
        Assert.Equal(contents.Figures.Count, CountOf(html, "class=\"ecg-plotly-chart\""));
        Assert.Contains("<td class=\"num\">0.912 ± 0.008</td>", html);
        Assert.Contains("<td>MACNN-SE, small</td>", html);
        Assert.Contains("Generated 2026-01-02 03:04 UTC", html);
        Assert.DoesNotContain("class=\"missing\"", html);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Fact]
    public void An_empty_results_folder_gives_a_page_that_says_what_is_missing()
    {
        var (path, _) = new ReportBuilder(results).Write();
        var html = File.ReadAllText(path);

        Assert.Contains("No tables yet", html);
        Assert.Contains("No figures yet", html);
        Assert.Contains("No executed notebooks yet", html);
    }

    [Fact]
    public void Broken_files_are_listed_on_the_page_and_the_rest_is_still_shown()
    {
        ReportFixtures.WriteSampleResults(results);
        File.WriteAllText(Path.Combine(results, "tables", "ragged.csv"), "a,b\n1,2,3\n");
        File.WriteAllText(Path.Combine(results, "evaluation", "figures", "bad.plotly.json"), "{\"layout\":{}}");
        File.WriteAllText(Path.Combine(results, "evaluation", "figures", "truncated.plotly.json"), "{\"data\":[");
        File.WriteAllText(Path.Combine(results, "evaluation", "not-figures.plotly.json"), "{}"); // outside a figures/ folder: ignored

        var builder = new ReportBuilder(results);
        var c = builder.Collect();

        Assert.Equal(3, c.Problems.Count);
        Assert.Contains(c.Problems, p => p.StartsWith("tables/ragged.csv: row 2 has 3 fields but the header has 2", StringComparison.Ordinal));
        Assert.Contains(c.Problems, p => p.StartsWith("evaluation/figures/bad.plotly.json: not a plotly figure", StringComparison.Ordinal));
        Assert.Contains(c.Problems, p => p.StartsWith("evaluation/figures/truncated.plotly.json:", StringComparison.Ordinal));
        Assert.Equal(3, c.Figures.Count);
        Assert.Contains("Files that could not be used", builder.BuildHtml(c));
    }

    [Fact]
    public void Table_cells_are_html_escaped()
    {
        Directory.CreateDirectory(Path.Combine(results, "tables"));
        File.WriteAllText(Path.Combine(results, "tables", "t.csv"), "name\n<script>alert(1)</script>\n");
        var html = new ReportBuilder(results).BuildHtml(new ReportBuilder(results).Collect());

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("<script>alert(1)", html);
    }

    [Fact]
    public void Ecg_report_command_writes_the_page_into_the_results_folder()
    {
        ReportFixtures.WriteSampleResults(results);
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        int exit;
        try { exit = EcgNotebooks.Cli.Program.BuildRoot().Parse(["report", "--results", results]).Invoke(); }
        finally { Console.SetOut(previous); }

        Assert.Equal(0, exit);
        var page = Path.Combine(results, "report", "index.html");
        Assert.True(File.Exists(page));
        Assert.Contains($"wrote {page}", output.ToString());
        Assert.Contains("2 tables, 3 figures, 1 notebooks", output.ToString());
    }

    static int CountOf(string text, string what)
    {
        int count = 0, i = 0;
        while ((i = text.IndexOf(what, i, StringComparison.Ordinal)) >= 0) { count++; i += what.Length; }
        return count;
    }
}
