using EcgNotebooks.Cli;
using EcgNotebooks.Evaluation;
using EcgNotebooks.Experiments;
using EcgNotebooks.Results;
using static TorchSharp.torch;

namespace EcgNotebooks.Notebooks.Tests.EcgCommand;

/// <summary>Issue 13: `reproduce --seeds n` trains and tables exactly seeds 0…n−1; a count below 1 is a clear error.</summary>
public class ReproduceSeedsTests
{
    private static string Results() => Directory.CreateTempSubdirectory("ecg-reproduce-").FullName;

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public void A_seed_count_below_one_is_an_error_naming_the_option_and_writes_nothing(string seeds)
    {
        var results = Results();
        var (exit, error) = Ecg.Run("reproduce", "--table", "5", "--seeds", seeds, "--results", results, "--device", "cpu");

        Assert.Equal(ExitCodes.BadInput, exit);
        var line = Assert.Single(Ecg.Lines(error));
        Assert.StartsWith($"error: --seeds {seeds}: ", line);
        Assert.False(Directory.Exists(Path.Combine(results, "tables")));
    }

    [Fact]
    public void The_tables_use_exactly_the_seeds_asked_for()
    {
        // Stored, completed runs of Table 5's rows for seeds 0…3, as an earlier `reproduce --seeds 4` leaves them.
        var store = new RunStore(Results());
        var report = ClassificationReport.FromConfusionMatrix(new ConfusionMatrix(AamiClasses.Four, new long[,] { { 9, 1, 0, 0 }, { 1, 9, 0, 0 }, { 0, 0, 10, 0 }, { 0, 0, 0, 10 } }));
        foreach (var row in NamedExperiments.Table("5"))
            for (var seed = 0; seed < 4; seed++)
            {
                var run = ExperimentRunner.NewRecord(NamedExperiments.Get(row.Experiment, Profile.Quick, seed), CPU);
                run.TestMetrics[Checkpoints.Selected] = run.TestMetrics[Checkpoints.Last] = report;
                run.FinishedAt = run.StartedAt;
                store.Save(run);
            }

        var (exit, error) = Ecg.Run("reproduce", "--table", "5", "--seeds", "2", "--results", store.ResultsRoot, "--device", "cpu");

        Assert.True(exit == 0, error);
        var csv = File.ReadAllLines(Path.Combine(store.TablesDirectory, "table5.csv"));
        var header = csv[0].Split(',');
        int n = Array.IndexOf(header, "n"), seeds = Array.IndexOf(header, "seeds");
        var rows = csv.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal(("2", "0;1"), (r[n], r[seeds])));
        // Only the table asked for is written.
        Assert.Equal(["table5.csv", "table5.md"], Directory.GetFiles(store.TablesDirectory).Select(Path.GetFileName).Order());
    }
}
