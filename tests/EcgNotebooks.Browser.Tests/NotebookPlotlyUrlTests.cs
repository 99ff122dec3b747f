using EcgNotebooks.Charts;
using EcgNotebooks.Cli.Commands;

namespace EcgNotebooks.Browser.Tests;

/// <summary>
/// <c>ecg notebooks run --plotly-js &lt;url&gt;</c>: the executed notebook references plotly.js at the URL instead of
/// embedding it, and its charts draw where the URL resolves (here: plotly.min.js one folder up, as in results/report/).
/// In the process-wide collection: running a notebook sets the console, the current directory and AppContext data.
/// </summary>
[Collection(ProcessStateCollection.Name)]
public sealed class NotebookPlotlyUrlTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("ecg-notebook-plotly-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [ChromiumFact]
    public async Task A_notebook_run_with_plotly_js_references_the_url_and_draws_where_it_resolves()
    {
        var notebook = Path.Combine(root, "charts.dib");
        // The kernel sees what the notebook references, as in Polyglot Notebooks: the library this test was built with.
        File.WriteAllText(notebook,
            $"#!csharp\n\n#r \"{typeof(PlotlyJs).Assembly.Location}\"\n\n" +
            "#!csharp\n\nEcgNotebooks.Charts.EcgCharts.ConfusionMatrix(new long[,] { { 5, 1 }, { 2, 7 } }, new[] { \"N\", \"S\" })\n\n" +
            "#!csharp\n\nEcgNotebooks.Charts.EcgCharts.ConfusionMatrix(new long[,] { { 1, 0 }, { 0, 1 } }, new[] { \"N\", \"S\" })\n");
        var report = Path.Combine(root, "report");
        var output = Path.Combine(report, "notebooks");

        var exit = await NotebookCommands.RunAsync([notebook], [], output, cellTimeout: null, plotlyJsUrl: "../" + PlotlyJs.FileName);

        Assert.Equal(0, exit);
        Assert.Null(AppContext.GetData(PlotlyJs.ScriptUrlKey)); // set for the run only
        var page = Path.Combine(output, "charts.html");
        var html = File.ReadAllText(page);
        Assert.Equal(1, CountOf(html, "<script type=\"text/javascript\" src=\"../plotly.min.js\"></script>"));
        Assert.DoesNotContain("window.Plotly = Plotly", html);
        Assert.True(html.Length < 200_000, $"the page is {html.Length} characters: plotly.js (3.5 MB) must not be inline");
        Assert.Equal(2, CountOf(html, "class=\"" + PlotlyHtml.ChartClass + "\""));

        PlotlyJs.CopyTo(report);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var check = await chromium.CheckPlotlyPageAsync(page, Screenshots.PathFor("notebook-plotly-url"));
        check.AssertAllRendered(minCharts: 2);
        Assert.Equal(2, check.Charts.Count);
    }

    static int CountOf(string text, string what)
    {
        int count = 0, i = 0;
        while ((i = text.IndexOf(what, i, StringComparison.Ordinal)) >= 0) { count++; i += what.Length; }
        return count;
    }
}
