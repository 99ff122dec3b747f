using EcgNotebooks.Charts;
using EcgNotebooks.Models.Tests.Results;
using EcgNotebooks.Results;
using EcgNotebooks.Training;

namespace EcgNotebooks.Browser.Tests;

/// <summary>The report page (ecg report) in a browser, on a temporary results folder.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class ReportRenderingTests(ChromiumFixture fixture) : IDisposable
{
    readonly string results = Directory.CreateTempSubdirectory("ecg-results-").FullName;

    public void Dispose() => Directory.Delete(results, recursive: true);

    [ChromiumFact]
    public async Task Report_with_runs_figures_and_notebooks_renders_every_chart_with_its_traces()
    {
        ReportFixtures.WriteSampleResults(results);

        var (path, contents) = new ReportBuilder(results).Write();
        var check = await fixture.Chromium.CheckPlotlyPageAsync(path, Screenshots.PathFor("report"));

        check.AssertAllRendered(minCharts: contents.FigureCount);
        Assert.Equal(contents.FigureCount, check.Charts.Count);
        var figures = contents.Tables.SelectMany(t => t.Figures).Concat(contents.Figures).ToList();
        for (var i = 0; i < figures.Count; i++)
            Assert.Equal(figures[i].TraceCount, check.Chart($"report-figure-{i + 1}").Traces);
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

/// <summary>A small results folder like the one training and the other steps write.</summary>
public static class ReportFixtures
{
    /// <summary>Run ids of <see cref="WriteSampleResults"/>: the older duplicate and the unfinished run are not used.</summary>
    public const string OlderDuplicateExperiment = "paper_rerun_old";

    /// <summary>
    /// Completed runs: ResUNet A0 (seeds 0, 1) and B2 (seed 0, plus an older run of the same seed), MACNN Baseline
    /// (seeds 0, 1) and Hybrid (seed 0) in the quick profile, a grid run (ResUNet × mhca), all with a 3-epoch history; one unfinished run;
    /// results/tables/ with the files the table writer makes for Table 3, an extra Markdown table and an extra CSV;
    /// two figure files; one executed notebook in results/report/notebooks/.
    /// </summary>
    public static void WriteSampleResults(string results, bool resUNet = true)
    {
        var store = new RunStore(results);
        if (resUNet)
        {
            store.Save(WithHistory(RunFixtures.Run(ResultTables.ResUNet, "A0", 0, RunFixtures.Report(nAsS: 5))));
            store.Save(WithHistory(RunFixtures.Run(ResultTables.ResUNet, "A0", 1, RunFixtures.Report(nAsS: 8, sAsN: 2))));
            store.Save(WithHistory(RunFixtures.Run(ResultTables.ResUNet, "B2", 0, RunFixtures.Report(nAsS: 2))));
            var older = RunFixtures.Run(ResultTables.ResUNet, "B2", 0, RunFixtures.Report(nAsS: 30), experiment: OlderDuplicateExperiment);
            older.FinishedAt = older.StartedAt.AddDays(-1);
            store.Save(older);
        }
        store.Save(WithHistory(RunFixtures.Run(ResultTables.MACNN, "Baseline", 0, RunFixtures.Report(nAsS: 6), Profiles.Quick)));
        store.Save(WithHistory(RunFixtures.Run(ResultTables.MACNN, "Baseline", 1, RunFixtures.Report(nAsS: 4, sAsN: 1), Profiles.Quick)));
        store.Save(WithHistory(RunFixtures.Run(ResultTables.MACNN, "Hybrid", 0, RunFixtures.Report(nAsS: 1), Profiles.Quick)));
        store.Save(RunFixtures.Run(ResultTables.MACNN, "MHCA", 0, RunFixtures.Report(nAsS: 0), Profiles.Quick), completed: false);
        store.Save(WithHistory(RunFixtures.Run(ResultTables.ResUNet, "mhca", 0, RunFixtures.Report(nAsS: 3), experiment: "grid/resunet/mhca")));

        var tables = Directory.CreateDirectory(Path.Combine(results, "tables")).FullName;
        if (resUNet) TableWriter.Write(ResultTables.Table3, store.ListCompleted().Where(r => r.Experiment != OlderDuplicateExperiment), tables);
        File.WriteAllText(Path.Combine(tables, "notes.md"), "# Notes\n\n| Split | Records |\n|---|---|\n| DS1 | 22 |\n| DS2 | 22 |\n");
        File.WriteAllText(Path.Combine(tables, "extra.csv"), "a,b\n1,2\n");

        var figures = Directory.CreateDirectory(Path.Combine(results, "evaluation", "figures")).FullName;
        var all = SampleCharts.All();
        all[3].Figure.SaveJson(Path.Combine(figures, "confusion-ds2.plotly.json"));
        var training = Directory.CreateDirectory(Path.Combine(results, "runs", "resunet-mhca", "figures")).FullName;
        all[7].Figure.SaveJson(Path.Combine(training, "roc.plotly.json"));

        var notebooks = Directory.CreateDirectory(Path.Combine(results, ReportBuilder.NotebooksFolder)).FullName;
        File.WriteAllText(Path.Combine(notebooks, "01-data.html"), "<html><body>executed</body></html>");
        File.WriteAllText(Path.Combine(notebooks, "01-data.ipynb"), "{}");
    }

    // Three epochs: the loss falls, the validation macro-AUPRC rises (different per seed).
    static RunRecord WithHistory(RunRecord run)
    {
        for (var epoch = 0; epoch < 3; epoch++)
            run.History.Add(new EpochRecord(epoch, 1.0 / (epoch + 1) + 0.01 * run.Seed,
                new Dictionary<string, double> { [ValidationKeys.MacroAuprc] = 0.4 + 0.1 * epoch + 0.02 * run.Seed, [ValidationKeys.Loss] = 0.5 / (epoch + 1) },
                1e-3, 10, 1000));
        return run;
    }
}
