using System.Globalization;
using CsvHelper;
using EcgNotebooks.Results;

namespace EcgNotebooks.Models.Tests.Results;

public class TableWriterTests
{
    // OA of RunFixtures.Report(e) = (100 − e)/100: e = 2, 4, 6 → 98, 96, 94 → mean 96.00, sample std 2.00.
    private static List<RunRecord> Table3Runs() =>
    [
        RunFixtures.Run("ResUNet", "B2", 1, RunFixtures.Report(2)),
        RunFixtures.Run("ResUNet", "B2", 2, RunFixtures.Report(4)),
        RunFixtures.Run("ResUNet", "B2", 3, RunFixtures.Report(6)),
        RunFixtures.Run("ResUNet", "A0", 1, RunFixtures.Report(10)),
    ];

    [Fact]
    public void Table3_shows_mean_and_std_beside_the_paper()
    {
        var table = TableWriter.Build(ResultTables.Table3, Table3Runs());
        var b2 = table.Rows.Single(r => r.RowKey == "ResUNet/B2");
        Assert.Equal([1, 2, 3], b2.Seeds);
        Assert.Equal("96.00 ± 2.00", b2.Cells[0].Ours.Format(2, scale: 1)); // OA
        Assert.Equal(95.44, b2.Cells[0].Paper);                              // derived 2·97.72 − 100
        Assert.Equal(65.69, b2.Cells[5].Paper);                              // macro F1

        string md = TableWriter.ToMarkdown(table);
        Assert.Contains("B2 (MHCA-TF) ↔ paper \"B2\" [paper] | 3 | 96.00 ± 2.00 | 95.44 |", md);
        Assert.Contains("Baseline (A0: self-attention, mean-pool) ↔ paper \"Baseline\" [paper] | 1 | 90.00 ± – | 92.96 |", md);
        Assert.Contains("Baseline (B0: global average pool) ↔ paper \"Baseline\" | 0 | – | 92.96 |", md);
        Assert.Contains("## Notes", md);
        Assert.Contains("114, 124, 205, 207, 220", md);
        Assert.Contains("either A0 or B0", md);
        Assert.Contains("Not run yet", md);
        Assert.DoesNotContain("QUICK PROFILE", md);
    }

    [Fact]
    public void Quick_runs_are_marked()
    {
        var runs = new[] { RunFixtures.Run("ResUNet", "B2", 1, RunFixtures.Report(2), profile: Profiles.Quick) };
        string md = TableWriter.ToMarkdown(TableWriter.Build(ResultTables.Table3, runs));
        Assert.Contains("QUICK PROFILE", md);
        Assert.Contains("[quick]", md);
    }

    [Fact]
    public void Csv_parses_back_to_the_same_numbers()
    {
        using var dir = new TempDirectory();
        var written = TableWriter.Write(ResultTables.Table3, Table3Runs(), dir.Path);
        Assert.Equal([Path.Combine(dir.Path, "table3.md"), Path.Combine(dir.Path, "table3.csv")], written);

        using var reader = new StreamReader(Path.Combine(dir.Path, "table3.csv"));
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        var rows = csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(6, rows.Count);
        var b2 = rows.Single(r => (string)r["row_key"] == "ResUNet/B2");
        Assert.Equal("3", b2["n"]);
        Assert.Equal("1;2;3", b2["seeds"]);
        Assert.Equal(96.0, double.Parse((string)b2["oa_mean"], CultureInfo.InvariantCulture), 9);
        Assert.Equal(2.0, double.Parse((string)b2["oa_std"], CultureInfo.InvariantCulture), 9);
        Assert.Equal("65.69", b2["macro_f1_paper"]);
        Assert.Equal("95.45", b2["weighted_se_paper"]);
        var b0 = rows.Single(r => (string)r["row_key"] == "ResUNet/B0");
        Assert.Equal("", b0["oa_mean"]);
        Assert.Equal("0", b0["n"]);
    }

    [Fact]
    public void Table5_deltas_are_paired_by_seed()
    {
        // Baseline S errors 5 (seed 1) and 3 (seed 2); Hybrid 1 and 1 → macro Se gap per seed is (5 − 1)/40 and (3 − 1)/40.
        var runs = new[]
        {
            RunFixtures.Run("MACNN", "Baseline", 1, RunFixtures.Report(0, sAsN: 5)),
            RunFixtures.Run("MACNN", "Baseline", 2, RunFixtures.Report(0, sAsN: 3)),
            RunFixtures.Run("MACNN", "Hybrid", 1, RunFixtures.Report(0, sAsN: 1)),
            RunFixtures.Run("MACNN", "Hybrid", 2, RunFixtures.Report(0, sAsN: 1)),
        };
        var table = TableWriter.Build(ResultTables.Table5, runs);
        var hybrid = table.Rows.Single(r => r.RowKey == "MACNN/Hybrid");
        var delta = hybrid.Cells[1];
        Assert.Equal((10.0 + 5.0) / 2, delta.Ours.Mean, 9); // 100·4/40 = 10, 100·2/40 = 5
        Assert.Equal(Math.Sqrt(2 * 2.5 * 2.5), delta.Ours.Std, 9);
        Assert.Equal(30.12, delta.Paper);
        var baseline = table.Rows.Single(r => r.RowKey == "MACNN/Baseline");
        Assert.Equal(0, baseline.Cells[1].Ours.Count);
        string md = TableWriter.ToMarkdown(table);
        Assert.Contains("| +7.50 ± 3.54 | +30.12 |", md); // ours signed like the paper's Δ
        Assert.Contains("| – | – |", md);                 // the Baseline has no Δ to itself

        var worse = TableWriter.Build(ResultTables.Table5, new[]
        {
            RunFixtures.Run("MACNN", "Baseline", 1, RunFixtures.Report(0, sAsN: 1)),
            RunFixtures.Run("MACNN", "Hybrid", 1, RunFixtures.Report(0, sAsN: 5)),
        });
        Assert.Contains("| −10.00 ± – | +30.12 |", TableWriter.ToMarkdown(worse));
    }

    [Fact]
    public void Table6_carries_the_copy_error_note_and_S_class_numbers()
    {
        var table = TableWriter.Build(ResultTables.Table6, Table3Runs());
        var b2 = table.Rows.Single(r => r.RowKey == "ResUNet/B2");
        Assert.Equal(70.45, b2.Cells[0].Paper);
        Assert.Equal(66.58, b2.Cells[1].Paper);
        Assert.Equal(68.46, b2.Cells[2].Paper);
        Assert.Contains(table.Notes, n => n.Contains("copy error"));
        Assert.Equal(100.0, b2.Cells[1].Ours.Mean, 9); // S Se: no S beat missed
    }

    [Fact]
    public void Grid_has_one_row_per_backbone_and_head_of_the_grid_runs_only()
    {
        var runs = Table3Runs()
            .Append(RunFixtures.Run("MACNN", "mhca", 1, RunFixtures.Report(1), experiment: "grid/macnn/mhca"))
            .Append(RunFixtures.Run("ResUNet", "late-concat", 1, RunFixtures.Report(1), experiment: "grid/resunet/late-concat"))
            .ToList();
        var table = TableWriter.Build(ResultTables.Grid, runs);
        Assert.Equal(["MACNN/mhca", "ResUNet/late-concat"], table.Rows.Select(r => r.RowKey));
        Assert.All(table.Rows.SelectMany(r => r.Cells), c => Assert.Null(c.Paper));
    }

    [Fact]
    public void Two_runs_of_one_row_with_the_same_seed_are_refused()
    {
        var runs = new[]
        {
            RunFixtures.Run("ResUNet", "B2", 1, RunFixtures.Report(2)),
            RunFixtures.Run("ResUNet", "B2", 1, RunFixtures.Report(2), profile: Profiles.Quick),
        };
        var e = Assert.Throws<InvalidOperationException>(() => TableWriter.Build(ResultTables.Table3, runs));
        Assert.Contains("seed 1", e.Message);
    }

    [Fact]
    public void WriteAll_writes_every_table_from_the_store()
    {
        using var dir = new TempDirectory();
        var store = new RunStore(dir.Path);
        foreach (var run in Table3Runs()) store.Save(run);
        var files = TableWriter.WriteAll(store);
        Assert.Equal(10, files.Count);
        foreach (var name in new[] { "table3", "table4", "table5", "table6", "grid" })
        {
            Assert.True(File.Exists(Path.Combine(store.TablesDirectory, name + ".md")));
            Assert.True(File.Exists(Path.Combine(store.TablesDirectory, name + ".csv")));
        }
        TableWriter.WriteAll(store, Checkpoints.Last);
        Assert.True(File.Exists(Path.Combine(store.TablesDirectory, "table3-last.md")));
    }
}
