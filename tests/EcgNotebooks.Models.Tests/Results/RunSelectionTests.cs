using EcgNotebooks.Results;

namespace EcgNotebooks.Models.Tests.Results;

public class RunSelectionTests
{
    [Fact]
    public void Keeps_the_latest_finished_run_per_row_and_seed_and_sets_the_others_aside()
    {
        var b2Old = RunFixtures.Run("ResUNet", "B2", 1, RunFixtures.Report(2), experiment: "old");
        b2Old.FinishedAt = b2Old.StartedAt.AddDays(-1);
        var b2New = RunFixtures.Run("ResUNet", "B2", 1, RunFixtures.Report(4));
        var b2Seed2 = RunFixtures.Run("ResUNet", "B2", 2, RunFixtures.Report(6));
        var a0 = RunFixtures.Run("ResUNet", "A0", 1, RunFixtures.Report(8));

        var selection = RunSelection.LatestPerRowAndSeed([b2Old, b2New, b2Seed2, a0]);

        Assert.Equal([b2New, b2Seed2, a0], selection.Chosen);
        Assert.Equal([b2Old], selection.SetAside);
        TableWriter.Build(ResultTables.Table3, selection.Chosen); // one run per row and seed: no duplicate error
    }

    [Fact]
    public void A_run_of_another_profile_never_replaces_one_so_a_mixed_table_fails_loudly()
    {
        var quick = RunFixtures.Run("ResUNet", "B2", 0, RunFixtures.Report(2), profile: Profiles.Quick);
        var standard = RunFixtures.Run("ResUNet", "B2", 0, RunFixtures.Report(4), profile: Profiles.Standard);
        standard.FinishedAt = quick.FinishedAt!.Value.AddDays(1);

        var selection = RunSelection.LatestPerRowAndSeed([quick, standard]);

        Assert.Equal([quick, standard], selection.Chosen);
        Assert.Empty(selection.SetAside);
        Assert.Contains("several runs with seed 0", Assert.Throws<InvalidOperationException>(() => TableWriter.Build(ResultTables.Table3, selection.Chosen)).Message);
    }

    [Fact]
    public void Runs_without_the_checkpoint_are_in_neither_list()
    {
        var withLast = RunFixtures.Run("MACNN", "Hybrid", 0, RunFixtures.Report(1));
        var selectedOnly = RunFixtures.Run("MACNN", "Hybrid", 1, RunFixtures.Report(1));
        selectedOnly.TestMetrics.Remove(Checkpoints.Last);

        var selection = RunSelection.LatestPerRowAndSeed([withLast, selectedOnly], Checkpoints.Last);

        Assert.Equal([withLast], selection.Chosen);
        Assert.Empty(selection.SetAside);
    }

    [Fact]
    public void A_reduced_run_is_recognised_by_its_paper_name()
    {
        var run = RunFixtures.Run("ResUNet", "B2", 1, RunFixtures.Report(0));
        Assert.False(RunSelection.IsReduced(run));
        run.Configuration["paperName"] = $"B2 {RunSelection.ReducedMarker} 2 epochs]";
        Assert.True(RunSelection.IsReduced(run));
    }

    [Fact]
    public void Four_and_five_class_runs_of_one_row_and_seed_are_both_kept()
    {
        var four = RunFixtures.Run("ResUNet", "B2", 0, RunFixtures.Report(2));
        var five = RunFixtures.Run("ResUNet", "B2", 0, RunFixtures.Report5(qAsN: 1));

        var selection = RunSelection.LatestPerRowAndSeed([four, five]);

        Assert.Equal([four, five], selection.Chosen);
        Assert.Empty(selection.SetAside);
    }

    [Fact]
    public void Tables_never_use_reduced_runs()
    {
        var full = RunFixtures.Run("ResUNet", "B2", 0, RunFixtures.Report(2));
        var reduced = RunFixtures.Run("ResUNet", "B2", 0, RunFixtures.Report(0), profile: Profiles.Quick);
        reduced.Configuration["paperName"] = $"B2 {RunSelection.ReducedMarker} 1 epoch]";

        var selection = RunSelection.ForTables([full, reduced]);

        Assert.Equal([full], selection.Chosen);
        Assert.Empty(selection.SetAside);
    }
}
