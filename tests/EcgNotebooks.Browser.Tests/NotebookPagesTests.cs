using EcgNotebooks.Notebooks.Tests;

namespace EcgNotebooks.Browser.Tests;

/// <summary>
/// Every executed notebook page (notebooks/*.dib run with CI-size parameters, shared with the notebook tests through
/// <see cref="NotebookCiRun"/>) in chromium: each chart the run produced has drawn, with no console or page error and
/// no network request. In the process-wide collection: running notebooks sets the console, the current directory and
/// the plotly session id, so nothing may run beside it.
/// </summary>
[Collection(ProcessStateCollection.Name)]
public sealed class NotebookPagesTests
{
    [ChromiumFact]
    public async Task Every_executed_notebook_page_renders_all_its_charts()
    {
        var results = await NotebookCiRun.RunAllAsync();
        Assert.All(results, r => Assert.True(r.Succeeded, $"{r.Name} failed at {r.Failure}"));

        await using var chromium = await HeadlessChromium.LaunchAsync();
        foreach (var result in results)
        {
            var check = await chromium.CheckPlotlyPageAsync(result.HtmlPath, Screenshots.PathFor("notebook-" + result.Name), timeoutMs: 60_000);
            check.AssertAllRendered(minCharts: result.Charts);
            Assert.Equal(result.Charts, check.Charts.Count);
        }
    }
}
