using EcgNotebooks.Experiments;
using EcgNotebooks.Results;
using static TorchSharp.torch;

namespace EcgNotebooks.Grid.Tests;

/// <summary>`ecg grid slurm` without a cluster: which cells become tasks, what the scripts run, and its errors.</summary>
public class GridCommandTests
{
    private static readonly string[] Reduced = ["--reduce-epochs", "1", "--reduce-beats", "256"];

    /// <summary>A results folder holding a completed run of macnn/Hybrid seed 1 and an interrupted one of seed 2 (reduced scale).</summary>
    private static string ResultsWithSeedOneStored(string name = "results")
    {
        var results = Path.Combine(Shell.TempDirectory("ecg-grid-"), name);
        var store = new RunStore(results);
        var scale = new ExperimentScale(Epochs: 1, BeatsPerEpoch: 256);
        var done = ExperimentRunner.NewRecord(scale.Apply(NamedExperiments.Get("macnn/Hybrid", Profile.Quick, seed: 1)), CPU);
        done.FinishedAt = DateTimeOffset.UtcNow;
        store.Save(done);
        store.Save(ExperimentRunner.NewRecord(scale.Apply(NamedExperiments.Get("macnn/Hybrid", Profile.Quick, seed: 2)), CPU), completed: false);
        return results;
    }

    [Fact]
    public void Dry_run_makes_a_task_of_each_missing_cell_only_as_reproduce_decides_and_writes_nothing()
    {
        var results = ResultsWithSeedOneStored();

        var dry = Shell.Ecg(["grid", "slurm", "--experiment", "macnn/Hybrid", "--seeds", "3", .. Reduced, "--results", results, "--dry-run",
            "--throttle", "2", "--partition", "cpu", "--time", "01:00:00", "--gpus-per-task", "1", "--setup", "module load dotnet/10"]);

        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Contains("3 runs (quick profile, reduced: 1 epoch; 256 beats/epoch), 1 stored, 2 to train as array tasks", dry.Stdout);
        Assert.Contains("task 0: macnn/Hybrid seed 0 (run macnn_Hybrid-MACNN-quick-s0-", dry.Stdout);
        Assert.Contains("task 1: macnn/Hybrid seed 2 (run macnn_Hybrid-MACNN-quick-s2-", dry.Stdout);   // the interrupted run is trained again
        Assert.DoesNotContain("seed 1", dry.Stdout);
        Assert.Contains("#SBATCH --array=0-1%2\n", dry.Stdout);
        Assert.Contains("#SBATCH --partition=cpu\n", dry.Stdout);
        Assert.Contains("#SBATCH --time=01:00:00\n", dry.Stdout);
        Assert.Contains("#SBATCH --gpus-per-task=1\n", dry.Stdout);
        Assert.Contains("module load dotnet/10\n", dry.Stdout);
        Assert.Contains(" reproduce --no-train ", dry.Stdout);
        Assert.False(Directory.Exists(Path.Combine(results, "slurm")));

        // `reproduce` decides the same: seed 1 stored, seeds 0 and 2 to train.
        var reproduce = Shell.Ecg(["reproduce", "--experiment", "macnn/Hybrid", "--seeds", "3", .. Reduced, "--results", results, "--dry-run", "--device", "cpu"]);
        Assert.True(reproduce.ExitCode == 0, reproduce.ToString());
        Assert.Contains("stored macnn/Hybrid seed 1", reproduce.Stdout);
        Assert.Contains("train  macnn/Hybrid seed 0", reproduce.Stdout);
        Assert.Contains("train  macnn/Hybrid seed 2", reproduce.Stdout);

        // The merge job's command: trains nothing, writes the tables, names what is missing and fails.
        var merge = Shell.Ecg(["reproduce", "--no-train", "--experiment", "macnn/Hybrid", "--seeds", "3", .. Reduced, "--results", results, "--device", "cpu"]);
        Assert.True(merge.ExitCode == 1, merge.ToString());
        Assert.Contains("1 stored, 2 to train (not trained: --no-train)", merge.Stdout);
        Assert.Contains("missing: macnn/Hybrid seed 0", merge.Stderr);
        Assert.Contains("missing: macnn/Hybrid seed 2", merge.Stderr);
        Assert.True(File.Exists(Path.Combine(results, "tables", "table4.md")), merge.ToString());
        Assert.False(Directory.Exists(Path.Combine(results, "checkpoints")));   // nothing was trained
    }

    [Fact]
    public void Array_task_i_runs_line_i_plus_1_of_the_task_list_and_the_merge_job_reproduce()
    {
        var results = ResultsWithSeedOneStored("my results");   // a space in the path: the scripts must quote it
        var grid = Path.Combine(Path.GetDirectoryName(results)!, "grid");
        // A stand-in for ecg that prints its arguments, one per line in <>, so the test sees what a task would run.
        var written = Shell.Ecg(["grid", "slurm", "--experiment", "macnn/Hybrid", "--seeds", "3", .. Reduced, "--results", results, "--out", grid,
            "--ecg", "printf '<%s>\\n'", "--setup", "export GRID_SETUP_RAN=1", "--device", "cpu"]);
        Assert.True(written.ExitCode == 0, written.ToString());
        Assert.Contains("submit with: jid=$(sbatch --parsable", written.Stdout);
        Assert.True(Directory.Exists(Path.Combine(grid, "logs")));
        var tasks = File.ReadAllLines(Path.Combine(grid, "tasks.tsv"));
        Assert.Equal(2, tasks.Length);
        Assert.StartsWith("1\tmacnn/Hybrid\t2\tmacnn_Hybrid-MACNN-quick-s2-", tasks[1]);

        var env = new Dictionary<string, string?> { ["SLURM_ARRAY_TASK_ID"] = "1", ["SLURM_ARRAY_JOB_ID"] = "7", ["SLURM_CPUS_PER_TASK"] = "3" };
        var task = Shell.Run("bash", [Path.Combine(grid, "array.sbatch")], env);

        Assert.True(task.ExitCode == 0, task.ToString());
        var runId = tasks[1].Split('\t')[3];
        Assert.Contains($"task 1 of job 7: macnn/Hybrid seed 2 (run {runId})", task.Stdout);
        var args = task.Stdout.Split('\n').Where(l => l.StartsWith('<')).Select(l => l.Trim('<', '>')).ToList();
        Assert.Equal(["train", "--experiment", "macnn/Hybrid", "--seed", "2", "--resume", "--threads", "3", "--profile", "quick", "--classes", "4",
            "--reduce-epochs", "1", "--reduce-beats", "256", "--device", "cpu", "--results", results], args);
        Assert.True(File.Exists(Path.Combine(results, "checkpoints", ".locks", runId + ".lock")));

        var beyond = Shell.Run("bash", [Path.Combine(grid, "array.sbatch")], new Dictionary<string, string?> { ["SLURM_ARRAY_TASK_ID"] = "2" });
        Assert.Equal(2, beyond.ExitCode);
        Assert.Contains("task 2 has no line in", beyond.Stderr);

        var merge = Shell.Run("bash", [Path.Combine(grid, "merge.sbatch")]);
        Assert.True(merge.ExitCode == 0, merge.ToString());
        Assert.Equal(["reproduce", "--no-train", "--device", "cpu", "--threads", "1", "--experiment", "macnn/Hybrid", "--seeds", "3", "--profile", "quick",
            "--classes", "4", "--reduce-epochs", "1", "--reduce-beats", "256", "--results", results],
            merge.Stdout.Split('\n').Where(l => l.StartsWith('<')).Select(l => l.Trim('<', '>')));
        var script = File.ReadAllText(Path.Combine(grid, "array.sbatch"));
        Assert.True(script.IndexOf("export GRID_SETUP_RAN=1", StringComparison.Ordinal) < script.IndexOf("export ECG_DATA_DIR=", StringComparison.Ordinal));
        Assert.Contains($"#SBATCH --output={grid}/logs/task-%A_%a.out\n", script);
    }

    [Fact]
    public void When_every_cell_is_stored_only_the_merge_job_is_written()
    {
        var results = ResultsWithSeedOneStored();
        var store = new RunStore(results);
        var zero = ExperimentRunner.NewRecord(new ExperimentScale(Epochs: 1, BeatsPerEpoch: 256).Apply(NamedExperiments.Get("macnn/Hybrid", Profile.Quick, seed: 0)), CPU);
        zero.FinishedAt = DateTimeOffset.UtcNow;
        store.Save(zero);
        var grid = Path.Combine(Path.GetDirectoryName(results)!, "grid");

        var written = Shell.Ecg(["grid", "slurm", "--experiment", "macnn/Hybrid", "--seeds", "2", .. Reduced, "--results", results, "--out", grid]);

        Assert.True(written.ExitCode == 0, written.ToString());
        Assert.Contains("2 runs (quick profile, reduced: 1 epoch; 256 beats/epoch), 2 stored, 0 to train", written.Stdout);
        Assert.Contains("every run is stored; to write the tables: sbatch ", written.Stdout);
        Assert.False(File.Exists(Path.Combine(grid, "array.sbatch")));
        Assert.True(File.Exists(Path.Combine(grid, "merge.sbatch")));
        Assert.Equal("", File.ReadAllText(Path.Combine(grid, "tasks.tsv")));
    }

    [Fact]
    public void Two_tasks_of_one_run_never_train_it_at_once_the_second_waits_for_the_first()
    {
        var results = ResultsWithSeedOneStored();
        var root = Path.GetDirectoryName(results)!;
        var grid = Path.Combine(root, "grid");
        // A stand-in for ecg that holds the run for 2 s and prints when it started and ended.
        var stub = Path.Combine(root, "fake-ecg.sh");
        File.WriteAllText(stub, "#!/bin/bash\necho \"start $(date +%s.%N)\"\nsleep 2\necho \"end $(date +%s.%N)\"\n");
        var written = Shell.Ecg(["grid", "slurm", "--experiment", "macnn/Hybrid", "--seeds", "1", .. Reduced, "--results", results, "--out", grid,
            "--ecg", $"bash {stub}"]);
        Assert.True(written.ExitCode == 0, written.ToString());

        // The same array task twice at once, as when a grid is submitted again while the first still runs.
        var env = new Dictionary<string, string?> { ["SLURM_ARRAY_TASK_ID"] = "0", ["SLURM_ARRAY_JOB_ID"] = "7" };
        var both = new[] { 0, 1 }.Select(_ => Task.Run(() => Shell.Run("bash", [Path.Combine(grid, "array.sbatch")], env))).ToArray();
        Task.WaitAll(both);

        var spans = both.Select(t =>
        {
            Assert.True(t.Result.ExitCode == 0, t.Result.ToString());
            double Time(string what) => double.Parse(t.Result.Stdout.Split('\n').Single(l => l.StartsWith(what + " ")).Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            return (Start: Time("start"), End: Time("end"));
        }).OrderBy(s => s.Start).ToList();
        Assert.True(spans[1].Start >= spans[0].End, $"the second task started at {spans[1].Start:F2}, before the first ended at {spans[0].End:F2}");
    }

    [Theory]
    [InlineData("--seeds", "0")]
    [InlineData("--throttle", "-1")]
    [InlineData("--cpus-per-task", "0")]
    [InlineData("--table", "7")]
    [InlineData("--submit", "--seeds=1")]
    [InlineData("--time", "1 hour")]
    public void Bad_options_are_one_line_errors(string option, string value)
    {
        var results = Shell.TempDirectory("ecg-grid-");
        string[] selection = option == "--table" ? [] : ["--experiment", "macnn/Hybrid"];
        var r = Shell.Ecg(["grid", "slurm", .. selection, "--results", results, "--dry-run", option, value]);

        Assert.True(r.ExitCode == 2, r.ToString());
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
    }

    [Fact]
    public void Submit_without_sbatch_says_so_in_one_line()
    {
        var results = Shell.TempDirectory("ecg-grid-");
        var r = Shell.Ecg(["grid", "slurm", "--experiment", "macnn/Hybrid", "--seeds", "1", "--results", results, "--submit"],
            new Dictionary<string, string?> { ["PATH"] = Path.Combine(results, "no-such-bin") });

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("error: sbatch is not on PATH: --submit needs Slurm's client commands (or submit the written scripts by hand)", r.Stderr.Trim());
    }
}
