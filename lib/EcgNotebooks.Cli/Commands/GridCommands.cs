using System.CommandLine;
using System.Diagnostics;
using EcgNotebooks.Cli.Grid;
using EcgNotebooks.Data;
using EcgNotebooks.Experiments;
using EcgNotebooks.Results;

namespace EcgNotebooks.Cli.Commands;

/// <summary>
/// `ecg grid slurm --table 3 --table 4 --profile quick --seeds 5 [--partition p] [--time t] [--cpus-per-task n]
/// [--gpus-per-task n] [--throttle n] [--setup line] [--dry-run | --submit]`: the missing runs of tables or
/// experiments as a Slurm job array plus a merge job that writes the tables.
/// </summary>
public sealed class GridCommands : ICommandGroup
{
    public Command Build()
    {
        var grid = new Command("grid", "Run the experiment grid on a cluster scheduler");
        grid.Subcommands.Add(Slurm());
        return grid;
    }

    private static Command Slurm()
    {
        var table = new Option<string[]>("--table") { Description = "3, 4, 5, 6 or grid (repeatable)", AllowMultipleArgumentsPerToken = true };
        var experiments = new Option<string[]>("--experiment") { Description = "Named experiments (repeatable; resunet/B2, grid/macnn/mhca)", AllowMultipleArgumentsPerToken = true };
        var seeds = new Option<int>("--seeds") { Description = "Seeds 0…n−1 per experiment", DefaultValueFactory = _ => 5 };
        var output = new Option<string?>("--out") { Description = "Folder for the scripts, task list and logs (default <results>/slurm/<UTC time>)" };
        var partition = new Option<string?>("--partition") { Description = "Slurm partition (default: the cluster's default)" };
        var time = new Option<string>("--time") { Description = "Time limit per array task (Slurm format, e.g. 04:00:00 or 1-00:00:00)", DefaultValueFactory = _ => "04:00:00" };
        var mergeTime = new Option<string>("--merge-time") { Description = "Time limit of the merge job", DefaultValueFactory = _ => "00:30:00" };
        var cpus = new Option<int>("--cpus-per-task") { Description = "CPUs per array task (also its --threads)", DefaultValueFactory = _ => 2 };
        var gpus = new Option<int>("--gpus-per-task") { Description = "GPUs per array task (0: CPU only)", DefaultValueFactory = _ => 0 };
        var throttle = new Option<int>("--throttle") { Description = "At most this many array tasks at once (%N; 0: no limit)", DefaultValueFactory = _ => 0 };
        var setup = new Option<string?>("--setup") { Description = "Shell line run first in every job, e.g. 'module load dotnet/10'" };
        var jobName = new Option<string>("--job-name") { DefaultValueFactory = _ => "ecg-grid" };
        var sbatchLines = new Option<string[]>("--sbatch") { Description = "Further #SBATCH option (repeatable), e.g. --sbatch=--mem=8G", AllowMultipleArgumentsPerToken = false };
        var ecg = new Option<string?>("--ecg") { Description = "Shell words that start ecg on a compute node (default: this ecg, e.g. 'dotnet /repo/…/ecg.dll')" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the task list and the scripts; write and submit nothing" };
        var submit = new Option<bool>("--submit") { Description = "Submit with sbatch (array, then the merge job with --dependency=afterany) and print the job ids" };
        var cmd = new Command("slurm", "Write (and with --submit, submit) an sbatch job array with one task per missing (experiment, seed), plus a merge job that writes the tables")
        {
            table, experiments, TrainingCli.Profile, seeds, TrainingCli.Classes, TrainingCli.Results, TrainingCli.Device, output, partition, time, mergeTime,
            cpus, gpus, throttle, setup, jobName, sbatchLines, ecg, dryRun, submit,
        };
        ScaleCli.AddTo(cmd);
        cmd.SetAction(p =>
        {
            if (p.GetValue(dryRun) && p.GetValue(submit)) throw new ArgumentException("--dry-run and --submit contradict each other");
            var profileName = p.GetValue(TrainingCli.Profile)!;
            var profile = NamedExperiments.ParseProfile(profileName);
            var classes = p.GetValue(TrainingCli.Classes);
            var scale = ScaleCli.Parse(p);
            var tables = p.GetValue(table) ?? [];
            var named = p.GetValue(experiments) ?? [];
            var configs = ExperimentGrid.Configs(tables, named, profile, p.GetValue(seeds), classes, scale);
            var store = new RunStore(p.GetValue(TrainingCli.Results)!);
            var cells = ExperimentGrid.Cells(configs, store);
            var missing = cells.Where(c => !c.Stored).ToList();

            var selection = tables.SelectMany(t => new[] { "--table", t }).Concat(named.SelectMany(e => new[] { "--experiment", e })).ToList();
            var common = new List<string> { "--profile", profileName, "--classes", classes.ToString() };
            common.AddRange(ScaleCli.Arguments(scale));
            var settings = new SlurmGridSettings(
                EcgCommand: p.GetValue(ecg) ?? DefaultEcgCommand(),
                ResultsRoot: store.ResultsRoot,
                WorkingDirectory: DataDirectory.FindRepositoryRoot() ?? Directory.GetCurrentDirectory(),
                Environment:
                [
                    new(DataDirectory.EnvironmentVariable, DataDirectory.Resolve()),
                    new("ECG_CACHE_DIR", DatasetCache.Default().Directory),
                ],
                TrainArguments: [.. common, "--device", p.GetValue(TrainingCli.Device)!],
                MergeArguments: [.. selection, "--seeds", p.GetValue(seeds).ToString(), .. common],
                JobName: p.GetValue(jobName)!,
                Partition: p.GetValue(partition),
                Time: p.GetValue(time)!,
                MergeTime: p.GetValue(mergeTime)!,
                CpusPerTask: p.GetValue(cpus),
                GpusPerTask: p.GetValue(gpus),
                Throttle: p.GetValue(throttle),
                Setup: p.GetValue(setup),
                SbatchLines: p.GetValue(sbatchLines) ?? [],
                CommandLine: "ecg " + string.Join(" ", p.Tokens.Select(t => SlurmGrid.Quote(t.Value))));
            var directory = p.GetValue(output) ?? Path.Combine(store.ResultsRoot, "slurm", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss"));
            var files = SlurmGrid.Build(directory, missing, settings);

            Console.WriteLine($"{cells.Count} runs ({profileName} profile{(scale.IsReduced ? ", reduced: " + scale.Describe() : "")}), {cells.Count - missing.Count} stored, {missing.Count} to train as array tasks");
            if (p.GetValue(dryRun))
            {
                for (int i = 0; i < missing.Count; i++) Console.WriteLine($"task {i}: {missing[i].Experiment} seed {missing[i].Seed} (run {missing[i].RunId})");
                if (files.ArrayScript is not null) Console.Write($"\n==> {files.ArrayPath}\n{files.ArrayScript}");
                Console.Write($"\n==> {files.MergePath}\n{files.MergeScript}");
                Console.Write($"\n==> {files.TasksPath}\n{files.TasksTsv}");
                return 0;
            }

            Write(files);
            Console.WriteLine($"wrote {files.Directory}: {(files.ArrayScript is null ? "" : $"{SlurmGridFiles.ArrayName} ({missing.Count} tasks), ")}{SlurmGridFiles.MergeName}, {SlurmGridFiles.TasksName}, logs/");
            if (!p.GetValue(submit))
            {
                Console.WriteLine(files.ArrayScript is null
                    ? $"every run is stored; to write the tables: sbatch {SlurmGrid.Quote(files.MergePath)}"
                    : $"submit with: jid=$(sbatch --parsable {SlurmGrid.Quote(files.ArrayPath)}) && sbatch --dependency=afterany:${{jid%%;*}} {SlurmGrid.Quote(files.MergePath)}");
                return 0;
            }
            string? arrayJob = null;
            if (files.ArrayScript is not null)
            {
                arrayJob = Sbatch(files.ArrayPath);
                Console.WriteLine($"submitted array job {arrayJob} ({missing.Count} tasks)");
            }
            var mergeJob = arrayJob is null ? Sbatch(files.MergePath) : Sbatch($"--dependency=afterany:{arrayJob}", files.MergePath);
            Console.WriteLine($"submitted merge job {mergeJob}{(arrayJob is null ? "" : $" (runs after job {arrayJob} ends)")}");
            Console.WriteLine($"logs: {files.LogsPath}");
            return 0;
        });
        return cmd;
    }

    /// <summary>Writes the grid's files (each atomically) and its logs folder; the scripts are made executable.</summary>
    public static void Write(SlurmGridFiles files)
    {
        Directory.CreateDirectory(files.LogsPath);
        AtomicFile.WriteAllText(files.TasksPath, files.TasksTsv);
        foreach (var (path, script) in new[] { (files.ArrayPath, files.ArrayScript), (files.MergePath, files.MergeScript) })
        {
            if (script is null) { File.Delete(path); continue; }
            AtomicFile.WriteAllText(path, script);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead);
        }
    }

    /// <summary>This `ecg`: the dotnet host with ecg.dll, or the apphost itself.</summary>
    public static string DefaultEcgCommand()
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this process is unknown: pass --ecg");
        var dll = typeof(Program).Assembly.Location;
        return Path.GetFileNameWithoutExtension(host) == "dotnet" ? $"{SlurmGrid.Quote(host)} {SlurmGrid.Quote(dll)}" : SlurmGrid.Quote(host);
    }

    /// <summary>Runs `sbatch --parsable …` and returns the job id; a failure is one line naming sbatch's own message.</summary>
    private static string Sbatch(params string[] arguments)
    {
        var psi = new ProcessStartInfo("sbatch") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("--parsable");
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("sbatch did not start");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new ArgumentException("sbatch is not on PATH: --submit needs Slurm's client commands (or submit the written scripts by hand)");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            var id = stdout.Result.Trim().Split(';')[0];
            if (process.ExitCode != 0 || !long.TryParse(id, out _))
                throw new InvalidDataException($"sbatch {string.Join(" ", arguments)} failed (exit {process.ExitCode}): {FirstLine(stderr) ?? FirstLine(stdout.Result) ?? "no output"}");
            return id;
        }
    }

    private static string? FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
}
