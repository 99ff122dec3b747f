using System.Text.Json.Nodes;
using EcgNotebooks.Data;
using EcgNotebooks.Evaluation;
using EcgNotebooks.Experiments;
using EcgNotebooks.Results;
using EcgNotebooks.Training;
using TorchSharp;

namespace EcgNotebooks.Models.Tests.Experiments;

/// <summary>
/// The second paper's experiments on the real data (ECG_DATA_DIR, as CI sets): the splits each one trains, selects and
/// tests on, and a reduced run of every table (the CI version of each experiment) through the runner and the tables.
/// </summary>
[Collection(TorchState.Name)]
public class DengExperimentTests
{
    private static readonly DataSourceData Data = new();

    private static ExperimentSplits Load(string name, Profile profile = Profile.Quick, int seed = 0)
    {
        var config = NamedExperiments.Get(name, profile, seed);
        return Data.Load(config.Data, config.Model.Classes);
    }

    [Fact]
    public void CinC_uses_the_stored_holdout_and_folds_and_never_tests_on_training_recordings()
    {
        var holdout = Load("deng/cinc/EfficientECG");
        Assert.Equal((6822, 853, 853), (holdout.Train.Count, holdout.Validation.Count, holdout.Test.Count));
        Assert.Equal(["N", "A", "O", "~"], holdout.Train.ClassNames);
        for (var fold = 0; fold < 5; fold++)
        {
            var cv = Load("deng/cinc-cv/EfficientECG", seed: fold + 5);      // seed mod 5 = the test fold
            var (train, validation, test) = (cv.Train.Records.ToHashSet(), cv.Validation.Records.ToHashSet(), cv.Test.Records.ToHashSet());
            Assert.Empty(train.Intersect(test));
            Assert.Empty(train.Intersect(validation));
            Assert.Empty(validation.Intersect(test));
            Assert.Equal(8528, train.Count + validation.Count + test.Count);
            Assert.InRange(test.Count, 1700, 1712);
        }
        // 30 s at 50 Hz = 1,500 samples per recording, one lead.
        Assert.Equal(1500, holdout.Test.WindowLength);
        Assert.Equal(1, holdout.Test.Leads);
    }

    [Fact]
    public void Kachuee_intra_patient_shares_patients_and_inter_patient_does_not()
    {
        var intra = Load("deng/kachuee/EfficientECG");
        Assert.Equal((87556, 10945, 10945), (intra.Train.Count, intra.Validation.Count, intra.Test.Count));
        Assert.NotEmpty(intra.Train.Records.Intersect(intra.Test.Records));
        var inter = Load("deng/kachuee-inter/EfficientECG");
        Assert.Empty(inter.Train.Records.Intersect(inter.Test.Records));
        Assert.Empty(inter.Validation.Records.Intersect(inter.Test.Records));
        Assert.Equal(["114", "124", "205", "207", "220"], inter.Validation.Records.Distinct().Order());
        Assert.All(inter.Test.Records, r => Assert.Contains(r, MitBih.DS2));
        Assert.Equal(187, inter.Test.WindowLength);
        Assert.Equal(AamiClasses.Five, inter.Test.ClassNames);
    }

    [Fact]
    public void LUDB_folds_are_patient_level_with_19_labels_age_and_sex()
    {
        for (var fold = 0; fold < 5; fold++)
        {
            var s = Load("deng/ludb/age-sex", Profile.Standard, fold);
            Assert.Equal(200, s.Train.Count + s.Validation.Count + s.Test.Count);
            Assert.Empty(s.Train.Records.Intersect(s.Test.Records));
            Assert.Empty(s.Validation.Records.Intersect(s.Test.Records));
            Assert.Equal(19, s.Test.ClassNames!.Count);
            Assert.Equal(s.Test.Count * 19, s.Test.Targets!.Length);
            Assert.Equal((8, 2500), (s.Test.Leads, s.Test.WindowLength));     // 250 Hz in the standard profile
            Assert.All(s.Test.Age, a => Assert.InRange(a, 1, 100));
            Assert.All(s.Test.Sex, x => Assert.InRange(x, 1, 2));
        }
    }

    [Fact]
    public void The_second_papers_names_leave_every_first_paper_configuration_and_hash_alone()
    {
        // The data source, the age/sex ablation switches and Hannun's options are left out of the JSON when unset.
        var b2 = NamedExperiments.Get("resunet/B2", Profile.Quick).ToJson();
        Assert.DoesNotContain("source", b2);
        Assert.DoesNotContain("withoutAge", b2);
        Assert.DoesNotContain("hannunResNet", b2);
        Assert.Throws<ArgumentException>(() => NamedExperiments.Get("deng/ludb/age-sex", Profile.Standard, recipe: "balanced"));
        Assert.Equal(5, NamedExperiments.Get("deng/kachuee/EfficientECG", Profile.Standard).Model.Classes);
        Assert.Equal(3, NamedExperiments.Get("deng/cinc-cv/EfficientECG", Profile.Standard, seed: 3).Data.Source!.Fold);
    }

    /// <summary>The CI version of every table: one reduced run each (2 epochs, 48 items per split) through the runner, stored, reused, tabled.</summary>
    [Fact]
    public void A_reduced_run_of_each_table_trains_stores_is_reused_and_reaches_its_table()
    {
        using var dir = new Results.TempDirectory();
        var store = new RunStore(dir.Path);
        var scale = new ExperimentScale(Epochs: 2, ItemsPerSplit: 48);
        var runner = new ExperimentRunner(store, scale.Data(), new RunnerOptions(torch.CPU));
        var names = new[] { "deng/kachuee-inter/EfficientECG", "deng/cinc/HannunResNet", "deng/ludb/age-sex", "deng/ludb/no-attention" };
        var records = names.Select(n => runner.Run(scale.Apply(NamedExperiments.Get(n, Profile.Quick)))).ToList();

        Assert.All(records, r => Assert.True(r.HasTestMetrics));
        Assert.Equal(["N", "A", "O", "~"], records[1].TestMetrics[Checkpoints.Selected].ClassNames);
        var labels = records[2].LabelMetrics![Checkpoints.Selected];
        Assert.Equal(19, labels.Labels.Count);
        Assert.InRange(labels.Items, 39, 41);                              // a whole LUDB test fold: fewer than the 48 allowed
        var (names19, ids, targets, probabilities) = PredictionsCsv.ReadMultiLabel(Path.Combine(store.DirectoryOf(records[2].RunId), records[2].PredictionsFile!));
        Assert.Equal(labels.Labels, names19);
        Assert.Equal(labels.Items, ids.Length);
        Assert.Equal(labels.Micro.F1, MultiLabelReport.Compute(targets, probabilities, names19).Micro.F1, 6);
        Assert.All(probabilities, p => Assert.InRange(p, 0f, 1f));
        Assert.Contains("fold 1 of the stored 5", records[2].CheckpointRule);

        // Stored runs are found again by hash, not retrained; the first paper's tables never take them.
        var again = runner.Run(scale.Apply(NamedExperiments.Get(names[0], Profile.Quick)));
        Assert.Equal(records[0].FinishedAt, again.FinishedAt);
        Assert.Empty(RunSelection.LatestPerRowAndSeed(store.ListCompleted()).Chosen);
        Assert.Equal("Kachuee", records[0].DataSet);

        // The tables leave reduced runs out; the same runs without the reduced mark fill their rows.
        Assert.All(DengTables.Build("deng3", store.ListCompleted(), "quick"), row => Assert.Empty(row.Runs));
        var unmarked = store.ListCompleted().Select(Unreduced).ToList();
        var table3 = DengTables.Build("deng3", unmarked, "quick");
        Assert.Single(table3.Single(r => r.Experiment == "deng/ludb/age-sex").Runs);
        Assert.Equal(labels.Micro.F1, table3.Single(r => r.Experiment == "deng/ludb/age-sex").Ours[DengTables.MicroF1].Mean, 12);
        var table2 = DengTables.Build("deng2", unmarked, "quick");
        var cinc = records[1].TestMetrics[Checkpoints.Selected];
        Assert.Equal(new[] { "N", "A", "O" }.Average(c => cinc[c].F1), table2.Single(r => r.Runs.Count > 0).Ours[DengTables.CincScore].Mean, 12);
        var markdown = DengTables.ToMarkdown("deng2", table2, "quick");
        Assert.Contains("10,473,892", markdown);
        Assert.Contains("(`deng/cinc/HannunResNet`) | 0 |", markdown);
    }

    private static RunRecord Unreduced(RunRecord run)
    {
        var config = (JsonObject)run.Configuration.DeepClone();
        config["paperName"] = config["paperName"]!.GetValue<string>().Split(RunSelection.ReducedMarker)[0].Trim();
        return new RunRecord
        {
            RunId = run.RunId, Experiment = run.Experiment, Backbone = run.Backbone, Head = run.Head, Profile = run.Profile, Seed = run.Seed,
            Configuration = config, ConfigHash = run.ConfigHash, TestMetrics = run.TestMetrics, LabelMetrics = run.LabelMetrics, FinishedAt = run.FinishedAt,
        };
    }
}
