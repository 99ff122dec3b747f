using EcgNotebooks.Charts;

namespace EcgNotebooks.Browser.Tests;

/// <summary>The report page (ecg report) in a browser, on a temporary results folder.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class ReportRenderingTests(ChromiumFixture fixture) : IDisposable
{
    readonly string results = Directory.CreateTempSubdirectory("ecg-results-").FullName;

    public void Dispose() => Directory.Delete(results, recursive: true);

    [ChromiumFact]
    public async Task Report_with_tables_figures_and_notebooks_renders_every_figure()
    {
        ReportFixtures.WriteSampleResults(results);

        var (path, contents) = new ReportBuilder(results).Write();
        var check = await fixture.Chromium.CheckPlotlyPageAsync(path, Screenshots.PathFor("report"));

        check.AssertAllRendered(minCharts: contents.Figures.Count);
        Assert.Equal(contents.Figures.Count, check.Charts.Count);
        for (var i = 0; i < contents.Figures.Count; i++)
            Assert.Equal(contents.Figures[i].TraceCount, check.Chart($"report-figure-{i + 1}").Traces);
    }

    [ChromiumFact]
    public async Task Report_of_an_empty_results_folder_is_a_valid_page_without_errors()
    {
        var (path, _) = new ReportBuilder(results).Write();
        var check = await fixture.Chromium.CheckPlotlyPageAsync(path, Screenshots.PathFor("report-empty"));

        Assert.Empty(check.Charts);
        Assert.Empty(check.ConsoleErrors);
        Assert.Empty(check.PageErrors);
    }
}

/// <summary>A small results folder like the one the other steps write.</summary>
public static class ReportFixtures
{
    public static void WriteSampleResults(string results)
    {
        var tables = Directory.CreateDirectory(Path.Combine(results, "tables")).FullName;
        File.WriteAllText(Path.Combine(tables, "table3-fusion.csv"),
            "Backbone,Fusion,Acc,Macro F1 (N/S/V/F),Se S\n" +
            "ResUNet,none,0.912 ± 0.008,0.561 ± 0.021,0.284\n" +
            "ResUNet,MHCA,0.956 ± 0.004,0.702 ± 0.015,0.694\n" +
            "\"MACNN-SE, small\",MHCA,0.949,0.688,0.650\n");
        File.WriteAllText(Path.Combine(tables, "table3-fusion.md"), "| same table as the CSV |\n|---|\n| skipped |\n");
        File.WriteAllText(Path.Combine(tables, "notes.md"), "# Notes\n\n| Split | Records |\n|---|---|\n| DS1 | 22 |\n| DS2 | 22 |\n");
        var figures = Directory.CreateDirectory(Path.Combine(results, "evaluation", "figures")).FullName;
        var all = SampleCharts.All();
        all[3].Figure.SaveJson(Path.Combine(figures, "confusion-ds2.plotly.json"));
        all[7].Figure.SaveJson(Path.Combine(figures, "roc-ds2.plotly.json"));
        var training = Directory.CreateDirectory(Path.Combine(results, "runs", "resunet-mhca", "figures")).FullName;
        all[5].Figure.SaveJson(Path.Combine(training, "training.plotly.json"));
        var notebooks = Directory.CreateDirectory(Path.Combine(results, "notebooks")).FullName;
        File.WriteAllText(Path.Combine(notebooks, "01-data.html"), "<html><body>executed</body></html>");
        File.WriteAllText(Path.Combine(notebooks, "01-data.ipynb"), "{}");
    }
}
