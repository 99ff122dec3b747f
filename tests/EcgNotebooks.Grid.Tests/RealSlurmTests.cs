using System.Diagnostics;
using System.Text.RegularExpressions;
using EcgNotebooks.Experiments;
using EcgNotebooks.Results;
using Xunit.Abstractions;

namespace EcgNotebooks.Grid.Tests;

/// <summary>
/// Runs only where a one-node Slurm can be started (slurm-wlm and munge installed, root); else skipped with the reason,
/// unless ECG_REQUIRE_SLURM=1 (environment/test.sh sets it; environment/setup.sh installs Slurm), which makes a missing
/// Slurm a failure, so CI cannot pass without running the test.
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public const string RequireVariable = "ECG_REQUIRE_SLURM";
    public static readonly string[] Tools = ["munged", "slurmctld", "slurmd", "sbatch", "squeue", "scontrol", "sinfo", "flock"];

    /// <summary>Why Slurm cannot run here, or null.</summary>
    public static string? Missing()
    {
        var missing = Tools.Where(t => !Shell.OnPath(t) && !File.Exists(Path.Combine("/usr/sbin", t))).ToList();
        if (missing.Count > 0) return $"Slurm is not installed here ({string.Join(", ", missing)} not found; Debian: apt-get install slurm-wlm munge)";
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root") return "the local Slurm cluster needs root (slurmd starts the jobs)";
        return null;
    }

    public SlurmFactAttribute()
    {
        if (Missing() is { } why && Environment.GetEnvironmentVariable(RequireVariable) != "1")
            Skip = $"{why}; set {RequireVariable}=1 to make this a failure";
    }
}

/// <summary>
/// `ecg grid slurm --submit` on a real one-node Slurm (environment/slurm/local-cluster.sh): a small array of reduced
/// (CI-size) runs trains concurrently into one results folder, every task's run is stored, and the merge job, started
/// after the array, finds them all stored and writes the tables.
/// </summary>
public class RealSlurmTests(ITestOutputHelper output)
{
    [SlurmFact]
    public void A_reduced_grid_runs_as_a_job_array_and_the_merge_job_writes_the_tables()
    {
        if (SlurmFactAttribute.Missing() is { } why) Assert.Fail($"{SlurmFactAttribute.RequireVariable}=1 but {why}");
        var root = Shell.TempDirectory("ecg-slurm-");
        var cluster = Path.Combine(root, "cluster");
        var results = Path.Combine(root, "results");
        var script = Path.Combine(Shell.RepositoryRoot, "environment", "slurm", "local-cluster.sh");
        string[] selection = ["--experiment", "macnn/Baseline", "--experiment", "macnn/Hybrid", "--experiment", "macnn/MHCA-h1", "--seeds", "1"];
        string[] reduced = ["--reduce-epochs", "1", "--reduce-beats", "256", "--reduce-batch", "64",
            "--reduce-train-records", "101,106", "--reduce-validation-records", "114", "--reduce-test-records", "100"];
        var env = new Dictionary<string, string?>
        {
            ["SLURM_CONF"] = Path.Combine(cluster, "slurm.conf"),
            ["ECG_CACHE_DIR"] = Path.Combine(root, "cache"),   // fresh: the tasks build the same cache entries at the same time
        };
        var clock = Stopwatch.StartNew();
        var started = Shell.Run("bash", [script, "start", cluster], timeout: TimeSpan.FromMinutes(2));
        Assert.True(started.ExitCode == 0, $"local cluster did not start: {started}");
        try
        {
            var submit = Shell.Ecg(["grid", "slurm", .. selection, "--profile", "quick", .. reduced, "--results", results, "--out", Path.Combine(root, "grid"),
                "--cpus-per-task", "1", "--throttle", "2", "--time", "00:10:00", "--merge-time", "00:05:00", "--device", "cpu", "--submit"], env);
            Assert.True(submit.ExitCode == 0, submit.ToString());
            Assert.Contains("3 runs (quick profile, reduced:", submit.Stdout);
            Assert.Contains("0 stored, 3 to train as array tasks", submit.Stdout);
            var arrayJob = Regex.Match(submit.Stdout, @"submitted array job (\d+) \(3 tasks\)").Groups[1].Value;
            var mergeJob = Regex.Match(submit.Stdout, @"submitted merge job (\d+) \(runs after job (\d+) ends\)").Groups[1].Value;
            Assert.True(arrayJob.Length > 0 && mergeJob.Length > 0, submit.ToString());

            // Wait until neither job is queued or running (3 tasks, 2 at a time on the node's 2 cores, then the merge).
            var deadline = DateTime.UtcNow.AddMinutes(4);
            while (true)
            {
                var queue = Shell.Run("squeue", ["-h", "-j", $"{arrayJob},{mergeJob}", "-o", "%i %T"], env);
                if (queue.ExitCode == 0 && queue.Stdout.Trim().Length == 0) break;
                Assert.True(DateTime.UtcNow < deadline, $"jobs still queued after 4 min: {queue.Stdout}\n{Logs(root, cluster)}");
                Thread.Sleep(1000);
            }

            // Every array task and the merge job completed (jobcomp/filetxt records each finished job).
            var completions = File.ReadAllLines(Path.Combine(cluster, "jobcomp.txt"));
            var tasks = completions.Where(l => l.Contains($" ArrayJobId={arrayJob} ")).ToList();
            Assert.True(tasks.Count == 3, $"{tasks.Count} array tasks recorded\n{Logs(root, cluster)}");
            Assert.All(tasks, l => Assert.True(l.Contains("JobState=COMPLETED") && l.Contains("ExitCode=0:0"), $"{l}\n{Logs(root, cluster)}"));
            var merge = completions.Single(l => l.StartsWith($"JobId={mergeJob} "));
            Assert.True(merge.Contains("JobState=COMPLETED") && merge.Contains("ExitCode=0:0"), $"{merge}\n{Logs(root, cluster)}");

            // Every cell's run is stored, found the way reproduce finds it; nothing half-written is left in shared folders.
            var scale = new ExperimentScale(1, 256, 64, ["101", "106"], ["114"], ["100"]);
            var cells = ExperimentGrid.Cells(ExperimentGrid.Configs([], ["macnn/Baseline", "macnn/Hybrid", "macnn/MHCA-h1"], Profile.Quick, 1, 4, scale), new RunStore(results));
            Assert.All(cells, c => Assert.True(c.Stored, $"{c.Experiment} seed {c.Seed} ({c.RunId}) not stored\n{Logs(root, cluster)}"));
            Assert.Empty(Directory.EnumerateFiles(root, "*.tmp", SearchOption.AllDirectories));
            Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(root, "cache"), "beats-*.bin"));

            // The merge job found all three stored, trained nothing, and wrote the tables.
            var mergeLog = File.ReadAllText(Path.Combine(root, "grid", "logs", $"merge-{mergeJob}.out"));
            Assert.Contains("3 runs (quick profile, reduced:", mergeLog);
            Assert.Contains("3 stored, 0 to train (not trained: --no-train)", mergeLog);
            foreach (var table in new[] { "table3", "table4", "table5", "table6" })
            {
                Assert.Contains($"wrote {Path.Combine(results, "tables", table)}.md", mergeLog);
                Assert.True(File.Exists(Path.Combine(results, "tables", table + ".md")));
            }

            // Submitting the same grid again finds nothing to train.
            var again = Shell.Ecg(["grid", "slurm", .. selection, .. reduced, "--results", results, "--dry-run"], env);
            Assert.Contains("3 stored, 0 to train", again.Stdout);
            foreach (var l in tasks.Append(merge))
                output.WriteLine(string.Join(" ", l.Split(' ').Where(f => f.Split('=')[0] is "JobId" or "JobState" or "StartTime" or "EndTime" or "ArrayTaskId" or "ExitCode")));
            output.WriteLine($"real Slurm: array job {arrayJob} (3 tasks) and merge job {mergeJob} done, {clock.Elapsed.TotalSeconds:F0} s from cluster start");
        }
        finally
        {
            var stopped = Shell.Run("bash", [script, "stop", cluster], timeout: TimeSpan.FromMinutes(1));
            Assert.True(stopped.ExitCode == 0, $"local cluster did not stop: {stopped}");
        }
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }

    /// <summary>Every job log and the daemons' log tails, for a failure message.</summary>
    private static string Logs(string root, string cluster)
    {
        var parts = new List<string>();
        var logs = Path.Combine(root, "grid", "logs");
        if (Directory.Exists(logs))
            foreach (var f in Directory.GetFiles(logs).Order()) parts.Add($"--- {Path.GetFileName(f)}\n{Tail(f, 40)}");
        foreach (var f in new[] { "slurmctld.log", "slurmd.log", "jobcomp.txt" })
            if (File.Exists(Path.Combine(cluster, f))) parts.Add($"--- {f}\n{Tail(Path.Combine(cluster, f), 20)}");
        return string.Join("\n", parts);
    }

    private static string Tail(string path, int lines) => string.Join("\n", File.ReadAllLines(path).TakeLast(lines));
}
