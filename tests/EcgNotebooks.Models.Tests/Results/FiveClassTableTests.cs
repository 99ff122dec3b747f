using EcgNotebooks.Evaluation;
using EcgNotebooks.Results;

namespace EcgNotebooks.Models.Tests.Results;

/// <summary>Five-class runs get their own tables and never mix with the four-class ones.</summary>
public class FiveClassTableTests
{
    private static List<RunRecord> FourClassRuns() =>
    [
        RunFixtures.Run("ResUNet", "B2", 1, RunFixtures.Report(2)),
        RunFixtures.Run("ResUNet", "B2", 2, RunFixtures.Report(4)),
    ];

    // Same row and seeds as the four-class runs: only the class count tells them apart.
    private static List<RunRecord> FiveClassRuns() =>
    [
        RunFixtures.Run("ResUNet", "B2", 1, RunFixtures.Report5(qAsN: 2)),
        RunFixtures.Run("ResUNet", "B2", 2, RunFixtures.Report5(qAsN: 6)),
    ];

    [Fact]
    public void A_five_class_report_fills_the_five_class_table()
    {
        var spec = ResultTables.FiveClass(ResultTables.Table3);
        Assert.Equal(("table3-5class", 5), (spec.Name, spec.Classes));
        var table = TableWriter.Build(spec, FiveClassRuns());
        var b2 = table.Rows.Single(r => r.RowKey == "ResUNet/B2");
        Assert.Equal([1, 2], b2.Seeds);

        // Q Se = 8/10 and 4/10; Q Pr = 8/9 and 4/5 (one N beat predicted Q).
        Assert.Equal(60.0, Cell(spec, b2, "Q Se").Ours.Mean, 9);
        Assert.Equal(100 * (8.0 / 9 + 4.0 / 5) / 2, Cell(spec, b2, "Q Pr").Ours.Mean, 9);
        // "Macro" runs over five classes, "(N,S,V,F)" over four of the same matrix; they differ by Q's F1.
        var report = RunFixtures.Report5(qAsN: 2);
        Assert.Equal((report.Macro.F1 + RunFixtures.Report5(6).Macro.F1) * 50, Cell(spec, b2, "Macro F1").Ours.Mean, 9);
        Assert.Equal((report.MacroOver(AamiClasses.Four).F1 + RunFixtures.Report5(6).MacroOver(AamiClasses.Four).F1) * 50,
            Cell(spec, b2, "Macro F1 (N,S,V,F)").Ours.Mean, 9);
        Assert.NotEqual(Cell(spec, b2, "Macro F1").Ours.Mean, Cell(spec, b2, "Macro F1 (N,S,V,F)").Ours.Mean);
        Assert.Equal(65.69, Cell(spec, b2, "Macro F1").Paper);   // the paper's (4-class) value stays beside ours
        Assert.Null(Cell(spec, b2, "Q Se").Paper);

        string md = TableWriter.ToMarkdown(table);
        Assert.StartsWith("# Table 3 — ResUNet backbone, DS2 (%) — 5 classes (N, S, V, F, Q)", md);
        Assert.Contains("Q has 10 DS2 beats: its per-class numbers rest on few beats.", md);
        Assert.Contains("The paper's values beside ours are 4-class", md);
        Assert.Contains("1 − 2E/(5N) for 5 classes", md);
        Assert.DoesNotContain("4 classes N, S, V, F (Q and other symbols dropped)", md);
    }

    [Fact]
    public void Four_and_five_class_runs_of_one_row_and_seed_go_to_separate_tables()
    {
        var mixed = FourClassRuns().Concat(FiveClassRuns()).ToList();
        var four = TableWriter.Build(ResultTables.Table3, mixed);   // no "several runs with seed 1" error
        Assert.Equal(TableWriter.ToMarkdown(TableWriter.Build(ResultTables.Table3, FourClassRuns())), TableWriter.ToMarkdown(four));
        Assert.Empty(TableWriter.Build(ResultTables.FiveClass(ResultTables.Table3), FourClassRuns()).Rows.SelectMany(r => r.Seeds));

        using var onlyFour = new TempDirectory();
        using var both = new TempDirectory();
        var fourFiles = TableWriter.WriteAll(FourClassRuns(), onlyFour.Path);
        var bothFiles = TableWriter.WriteAll(mixed, both.Path);
        Assert.Equal(10, fourFiles.Count);
        // The four-class files are byte-identical; five-class variants appear only for tables with a five-class row
        // (Table 6 shares Table 3's rows; Tables 4, 5 and the grid have no five-class run).
        foreach (var file in fourFiles)
            Assert.Equal(File.ReadAllText(file), File.ReadAllText(Path.Combine(both.Path, Path.GetFileName(file))));
        Assert.Equal(["table3-5class.csv", "table3-5class.md", "table6-5class.csv", "table6-5class.md"],
            bothFiles.Select(Path.GetFileName).Except(fourFiles.Select(Path.GetFileName)).Order(StringComparer.Ordinal));
        var csvHeader = File.ReadLines(Path.Combine(both.Path, "table3-5class.csv")).First();
        Assert.Contains("macro_nsvf_f1_mean", csvHeader);
        Assert.Contains("Q_se_mean", csvHeader);
        Assert.DoesNotContain("Q_se", File.ReadLines(Path.Combine(both.Path, "table6-5class.csv")).First()); // no macro F1 column there
    }

    [Fact]
    public void Five_class_runs_are_recognised_by_their_reports()
    {
        Assert.Equal(4, FourClassRuns()[0].ClassCount);
        Assert.Equal(5, FiveClassRuns()[0].ClassCount);
        Assert.Throws<ArgumentException>(() => ResultTables.FiveClass(ResultTables.FiveClass(ResultTables.Table3)));
    }

    private static ResultCell Cell(TableSpec spec, ResultRow row, string header) =>
        row.Cells[spec.Columns.ToList().FindIndex(c => c.Header == header)];
}
