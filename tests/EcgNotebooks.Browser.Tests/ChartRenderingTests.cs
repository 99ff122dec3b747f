using EcgNotebooks.Charts;

namespace EcgNotebooks.Browser.Tests;

/// <summary>Charts as a browser draws them: Debian's chromium, offline, through Playwright.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class ChartRenderingTests(ChromiumFixture fixture) : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("ecg-charts-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [ChromiumFact]
    public async Task Every_chart_kind_renders_with_its_traces_and_no_errors()
    {
        var page = Path.Combine(dir, "all-charts.html");
        File.WriteAllText(page, SampleCharts.AllChartsPage());

        var check = await fixture.Chromium.CheckPlotlyPageAsync(page, Screenshots.PathFor("all-charts"), chartScreenshots: true);

        check.AssertAllRendered(minCharts: SampleCharts.All().Count);
        foreach (var (id, _, figure) in SampleCharts.All())
        {
            var chart = check.Chart(id);
            Assert.True(chart.MainSvgs > 0, $"{id}: no .main-svg");
            Assert.Equal(figure.Data.Count, chart.Traces);
            Assert.Equal(figure.Data.Count, chart.VisibleTraces);
            Assert.True(chart.DrawnTraces >= figure.Data.Count, $"{id}: {chart.DrawnTraces} trace groups drawn for {figure.Data.Count} traces");
            Assert.True(chart.Width > 300 && chart.Height > 200, $"{id}: drawn at {chart.Width}×{chart.Height}");
        }
    }

    [ChromiumFact]
    public async Task Notebook_outputs_embed_plotly_once_and_every_chart_renders()
    {
        // What a notebook's outputs look like to a browser: the formatter's fragments in order, no page head.
        var previous = AppContext.GetData(PlotlyJs.SessionIdKey);
        AppContext.SetData(PlotlyJs.SessionIdKey, "browser-test-" + Guid.NewGuid());
        string[] outputs;
        try
        {
            var formatter = new PlotlyFormatterSource().CreateTypeFormatters().OfType<PlotlyHtmlFormatter>().Single();
            outputs = SampleCharts.All().Take(3).Select(c =>
            {
                var w = new StringWriter();
                Assert.True(formatter.Format(c.Figure, w));
                return w.ToString();
            }).ToArray();
        }
        finally { AppContext.SetData(PlotlyJs.SessionIdKey, previous); }

        Assert.Contains(PlotlyJs.Source, outputs[0]);
        Assert.All(outputs.Skip(1), o => Assert.DoesNotContain("window.Plotly = Plotly", o));
        var page = Path.Combine(dir, "notebook-outputs.html");
        File.WriteAllText(page, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>" +
                                string.Concat(outputs.Select(o => $"<div class=\"output\">{o}</div>")) + "</body></html>");

        var check = await fixture.Chromium.CheckPlotlyPageAsync(page, Screenshots.PathFor("notebook-outputs"));

        check.AssertAllRendered(minCharts: 3);
        Assert.Equal(3, check.Charts.Count);
    }

    [ChromiumFact]
    public async Task Charts_placed_before_plotly_loads_wait_for_it_then_render()
    {
        var figures = SampleCharts.All();
        var page = Path.Combine(dir, "late-plotly.html");
        File.WriteAllText(page, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>" +
                                figures[3].Figure.ToHtml("early-1") + figures[4].Figure.ToHtml("early-2") +
                                PlotlyHtml.PlotlyScriptBlock() + "</body></html>");

        var check = await fixture.Chromium.CheckPlotlyPageAsync(page);

        check.AssertAllRendered(minCharts: 2);
        Assert.Equal(figures[4].Figure.Data.Count, check.Chart("early-2").Traces);
    }

    [ChromiumFact]
    public async Task The_checker_reports_a_chart_that_never_renders()
    {
        var page = Path.Combine(dir, "no-plotly.html");
        File.WriteAllText(page, "<!DOCTYPE html><html><body>" + SampleCharts.All()[0].Figure.ToHtml("orphan") + "</body></html>");

        var check = await fixture.Chromium.CheckPlotlyPageAsync(page, timeoutMs: 1500);

        var error = Assert.Throws<InvalidOperationException>(() => check.AssertAllRendered());
        Assert.Contains("chart 'orphan' did not render", error.Message);
    }

    [ChromiumFact]
    public async Task A_script_error_on_the_page_is_reported()
    {
        var page = Path.Combine(dir, "broken.html");
        File.WriteAllText(page, SampleCharts.All()[3].Figure.ToStandaloneHtml("broken") .Replace("</body>", "<script>undefinedFunction();</script></body>"));

        var check = await fixture.Chromium.CheckPlotlyPageAsync(page);

        var error = Assert.Throws<InvalidOperationException>(() => check.AssertAllRendered());
        Assert.Contains("undefinedFunction", error.Message);
    }
}
