using System.Text.Json.Nodes;
using EcgNotebooks.Evaluation;
using EcgNotebooks.Results;

namespace EcgNotebooks.Models.Tests.Results;

public class RunStoreTests
{
    private static RunRecord SampleRun(int seed = 1)
    {
        int[] truth = [0, 1, 2, 0];
        int[] predicted = [0, 1, 2, 1];
        float[] probs = [0.9f, 0.1f, 0f, 0f, 0.2f, 0.8f, 0f, 0f, 0f, 0f, 1f, 0f, 0.4f, 0.6f, 0f, 0f];
        var report = ClassificationReport.Compute(truth, predicted, probs, AamiClasses.Four); // F absent: NaN AUROC
        var run = RunFixtures.Run("ResUNet", "B2", seed, report);
        run.History.Add(new EpochRecord(1, 0.5, new Dictionary<string, double> { ["macro.auprc"] = 0.4 }, 1e-4, 12.5, 4000));
        run.DurationsSeconds["train"] = 12.5;
        return run;
    }

    private static BeatPrediction[] SamplePredictions() =>
    [
        new("100", 370, 0, 0, [0.9f, 0.1f, 0f, 0f]),
        new("100", 662, 1, 1, [0.2f, 0.8f, 0f, 0f]),
        new("232", 1_000_123, 2, 2, [0f, 0f, 1f, 0f]),
        new("232", 1_000_500, 0, 1, [0.4f, 0.6f, 1e-7f, 0f]),
    ];

    [Fact]
    public void Saved_run_is_found_by_config_hash_with_everything_round_tripped()
    {
        using var dir = new TempDirectory();
        var store = new RunStore(dir.Path);
        var run = SampleRun();
        store.Save(run, SamplePredictions());

        var found = store.FindCompleted(run.ConfigHash);
        Assert.NotNull(found);
        Assert.Equal(run.RunId, found!.RunId);
        Assert.Equal(run.Configuration.ToJsonString(), found.Configuration.ToJsonString());
        Assert.Equal(1, (int)found.Configuration["seed"]!);
        var report = found.TestMetrics[Checkpoints.Selected];
        Assert.Equal(run.TestMetrics[Checkpoints.Selected].ConfusionMatrix.Counts, report.ConfusionMatrix.Counts);
        Assert.Equal(run.TestMetrics[Checkpoints.Selected].Macro, report.Macro);
        Assert.True(double.IsNaN(report["F"].Auroc));
        Assert.Equal(0.4, found.History[0].ValidationMetrics["macro.auprc"]);
        Assert.Equal("predictions.csv.gz", found.PredictionsFile);
        Assert.Equal(
            [Path.Combine("runs", run.RunId, "completed"), Path.Combine("runs", run.RunId, "predictions.csv.gz"), Path.Combine("runs", run.RunId, "run.json")],
            dir.AllFiles());
    }

    [Fact]
    public void Predictions_round_trip()
    {
        using var dir = new TempDirectory();
        var store = new RunStore(dir.Path);
        var run = SampleRun();
        store.Save(run, SamplePredictions());
        using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(Path.Combine(store.DirectoryOf(run.RunId), "predictions.csv.gz")),
            System.IO.Compression.CompressionMode.Decompress);
        string csv = new StreamReader(gzip).ReadToEnd();
        Assert.StartsWith("record,sample,truth,predicted,p_N,p_S,p_V,p_F\n100,370,N,N,0.9,0.1,0,0\n", csv.ReplaceLineEndings("\n"));
        var (classes, back) = store.ReadPredictions(run);
        Assert.Equal(AamiClasses.Four, classes);
        var expected = SamplePredictions();
        Assert.Equal(expected.Length, back.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal((expected[i].Record, expected[i].Sample, expected[i].Truth, expected[i].Predicted),
                (back[i].Record, back[i].Sample, back[i].Truth, back[i].Predicted));
            Assert.Equal(expected[i].Probabilities, back[i].Probabilities);
        }
    }

    [Fact]
    public void Small_weights_are_kept_with_the_run_and_large_ones_are_not()
    {
        using var dir = new TempDirectory();
        var store = new RunStore(dir.Path);
        var run = SampleRun();
        store.Save(run, SamplePredictions());
        string small = Path.Combine(dir.Path, "small.safetensors"), large = Path.Combine(dir.Path, "large.safetensors");
        File.WriteAllBytes(small, [1, 2, 3]);
        File.WriteAllBytes(large, new byte[RunStore.MaxKeptWeightsBytes + 1]);

        Assert.Null(store.KeptWeights(run.RunId));
        Assert.False(store.KeepWeights(run.RunId, large));
        Assert.Null(store.KeptWeights(run.RunId));
        Assert.True(store.KeepWeights(run.RunId, small));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(store.KeptWeights(run.RunId)!));
        var missing = Assert.Throws<FileNotFoundException>(() => store.KeepWeights(run.RunId, Path.Combine(dir.Path, "none.safetensors")));
        Assert.Contains(run.RunId, missing.Message);
    }

    [Fact]
    public void Interrupted_run_is_listed_but_never_reused()
    {
        using var dir = new TempDirectory();
        var store = new RunStore(dir.Path);
        var run = SampleRun();
        store.Save(run, completed: false);
        Assert.Null(store.FindCompleted(run.ConfigHash));
        var listed = Assert.Single(store.List());
        Assert.False(listed.Completed);
        Assert.Empty(store.ListCompleted());
    }

    [Fact]
    public void Re_saving_a_completed_run_as_in_progress_withdraws_it()
    {
        using var dir = new TempDirectory();
        var store = new RunStore(dir.Path);
        var run = SampleRun();
        store.Save(run);
        Assert.NotNull(store.FindCompleted(run.ConfigHash));
        store.Save(run, completed: false); // retraining started over the same configuration
        Assert.Null(store.FindCompleted(run.ConfigHash));
    }

    [Fact]
    public void Reuse_is_skipped_when_retraining_is_asked()
    {
        using var dir = new TempDirectory();
        var store = new RunStore(dir.Path);
        var run = SampleRun();
        store.Save(run);
        Assert.NotNull(store.Reusable(run.ConfigHash, retrain: false));
        Assert.Null(store.Reusable(run.ConfigHash, retrain: true));
        Assert.Null(store.FindCompleted(SampleRun(seed: 2).ConfigHash));
    }

    [Fact]
    public void Run_id_names_experiment_backbone_profile_seed_and_short_hash()
    {
        var run = SampleRun(seed: 7);
        Assert.Equal($"paper-ResUNet-paper-s7-{run.ConfigHash[..8]}", run.RunId);
        Assert.Matches("^[0-9a-f]{64}$", run.ConfigHash);
        Assert.Equal("x_y-MACNN-quick-s1-abcdef01", RunRecord.MakeRunId("x/y", "MACNN", "quick", 1, "abcdef0123"));
        Assert.Equal("ResUNet/B2", run.RowKey);
    }

    [Fact]
    public void Corrupt_run_file_is_reported_with_its_path()
    {
        using var dir = new TempDirectory();
        var store = new RunStore(dir.Path);
        string runDir = store.DirectoryOf("broken");
        Directory.CreateDirectory(runDir);
        File.WriteAllText(Path.Combine(runDir, "run.json"), "{ not json");
        var e = Assert.Throws<InvalidDataException>(() => store.List());
        Assert.Contains(Path.Combine(runDir, "run.json"), e.Message);
    }

    [Fact]
    public void Config_hash_ignores_key_order_and_includes_the_seed()
    {
        var a = JsonNode.Parse("""{"lr":0.0001,"model":{"head":"B2","depth":3},"epochs":50}""")!.AsObject();
        var b = JsonNode.Parse("""{"epochs":50,"model":{"depth":3,"head":"B2"},"lr":0.0001}""")!.AsObject();
        Assert.Equal(ConfigHash.Compute(a, 1), ConfigHash.Compute(b, 1));
        Assert.NotEqual(ConfigHash.Compute(a, 1), ConfigHash.Compute(a, 2));
        var c = JsonNode.Parse("""{"epochs":50,"model":{"depth":3,"head":"B2"},"lr":1e-4}""")!.AsObject();
        Assert.Equal(ConfigHash.Compute(a, 1), ConfigHash.Compute(c, 1));
        Assert.NotEqual(ConfigHash.Compute(a, 1), ConfigHash.Compute(new { lr = 0.0001, model = new { depth = 3, head = "B2" }, epochs = 51 }, 1));
        Assert.Equal(ConfigHash.Compute(a, 1), ConfigHash.Compute(new { lr = 0.0001, model = new { depth = 3, head = "B2" }, epochs = 50 }, 1));
        Assert.Equal("""{"epochs":50,"lr":0.0001,"model":{"depth":3,"head":"B2"},"seed":1}""", ConfigHash.CanonicalJson(ConfigHash.WithSeed(a, 1)));
        // Independently: echo -n '{"a":1,"seed":5}' | sha256sum
        Assert.Equal("1053cf416d9db5dd92030b111e82fa9870950d972de569cddbf3eb4dc63eab70", ConfigHash.Compute(new { a = 1 }, 5));
    }

    [Fact]
    public void Git_info_falls_back_to_unknown_outside_a_repository()
    {
        using var dir = new TempDirectory();
        var git = GitInfo.Read(dir.Path);
        Assert.Equal(GitInfo.Unknown, git.Commit);
        Assert.Null(git.Dirty);
        if (InsideGitCheckout(AppContext.BaseDirectory))
        {
            var here = GitInfo.Read(AppContext.BaseDirectory);
            Assert.Matches("^[0-9a-f]{40}$", here.Commit);
            Assert.NotNull(here.Dirty);
        }
    }

    private static bool InsideGitCheckout(string start)
    {
        for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            if (Directory.Exists(Path.Combine(d.FullName, ".git")) || File.Exists(Path.Combine(d.FullName, ".git"))) return true;
        return false;
    }

    [Fact]
    public void Standard_library_versions_name_dotnet_os_and_libtorch()
    {
        var v = RunRecord.StandardLibraryVersions("2.5.1");
        Assert.StartsWith(".NET 10", v[".NET"]);
        Assert.False(string.IsNullOrWhiteSpace(v["OS"]));
        Assert.Equal("2.5.1", v["libtorch"]);
        Assert.False(RunRecord.StandardLibraryVersions().ContainsKey("libtorch"));
    }
}
