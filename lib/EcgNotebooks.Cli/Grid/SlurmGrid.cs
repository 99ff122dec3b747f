using System.Globalization;
using System.Text;
using EcgNotebooks.Experiments;

namespace EcgNotebooks.Cli.Grid;

/// <summary>What the generated Slurm scripts ask for and run (one array task per cell, one merge job).</summary>
/// <param name="EcgCommand">How a compute node starts `ecg`, as shell words already quoted (e.g. <c>'/usr/bin/dotnet' '/repo/…/ecg.dll'</c>).</param>
/// <param name="ResultsRoot">The shared results folder (runs/, tables/, checkpoints/).</param>
/// <param name="WorkingDirectory">Where the jobs start (#SBATCH --chdir).</param>
/// <param name="Environment">Variables exported before `ecg` runs (ECG_DATA_DIR, ECG_CACHE_DIR), in order.</param>
/// <param name="Setup">A shell line run first in every job (module load …, source a venv), or null.</param>
/// <param name="Throttle">At most this many array tasks at once (%N); 0 = no limit.</param>
/// <param name="TrainArguments">Arguments every task passes to `ecg train` besides experiment and seed (profile, classes, scale, device).</param>
/// <param name="MergeArguments">The arguments of the merge job's `ecg reproduce --no-train …`.</param>
/// <param name="SbatchLines">Further #SBATCH options, as given (e.g. --mem=8G, --account=lab).</param>
public sealed record SlurmGridSettings(
    string EcgCommand,
    string ResultsRoot,
    string WorkingDirectory,
    IReadOnlyList<KeyValuePair<string, string>> Environment,
    IReadOnlyList<string> TrainArguments,
    IReadOnlyList<string> MergeArguments,
    string JobName = "ecg-grid",
    string? Partition = null,
    string Time = "04:00:00",
    string MergeTime = "00:30:00",
    int CpusPerTask = 2,
    int GpusPerTask = 0,
    int Throttle = 0,
    string? Setup = null,
    IReadOnlyList<string>? SbatchLines = null,
    string? CommandLine = null);

/// <summary>The files of one grid: the task list, the array script (absent when every cell is stored) and the merge script.</summary>
public sealed record SlurmGridFiles(string Directory, string TasksTsv, string? ArrayScript, string MergeScript, IReadOnlyList<GridCell> Tasks)
{
    public const string TasksName = "tasks.tsv";
    public const string ArrayName = "array.sbatch";
    public const string MergeName = "merge.sbatch";
    public const string LogsName = "logs";

    public string TasksPath => Path.Combine(Directory, TasksName);
    public string ArrayPath => Path.Combine(Directory, ArrayName);
    public string MergePath => Path.Combine(Directory, MergeName);
    public string LogsPath => Path.Combine(Directory, LogsName);
}

/// <summary>
/// Writes an experiment grid as a Slurm job array: array task i trains line i+1 of tasks.tsv (experiment, seed, run id)
/// with `ecg train … --resume` into the shared results folder, under an flock on the run id so that two tasks never
/// train the same run at once (a grid submitted again while the first still runs waits, then reuses the stored run);
/// a merge job, submitted with --dependency=afterany on the array, runs `ecg reproduce --no-train` to write the tables.
/// </summary>
public static class SlurmGrid
{
    public static SlurmGridFiles Build(string directory, IReadOnlyList<GridCell> missing, SlurmGridSettings s)
    {
        Validate(s);
        directory = Path.GetFullPath(directory);
        var files = new SlurmGridFiles(directory, TasksTsv(missing), null, "", missing);
        return files with
        {
            ArrayScript = missing.Count == 0 ? null : ArrayScript(files, s),
            MergeScript = MergeScript(files, s),
        };
    }

    /// <summary>One line per task: index, experiment, seed, run id (tab-separated, no header: line i+1 is task i).</summary>
    public static string TasksTsv(IReadOnlyList<GridCell> tasks)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < tasks.Count; i++)
            sb.Append(CultureInfo.InvariantCulture, $"{i}\t{tasks[i].Experiment}\t{tasks[i].Seed}\t{tasks[i].RunId}\n");
        return sb.ToString();
    }

    private static void Validate(SlurmGridSettings s)
    {
        if (s.CpusPerTask < 1) throw new ArgumentException($"--cpus-per-task must be at least 1 (got {s.CpusPerTask})");
        if (s.GpusPerTask < 0) throw new ArgumentException($"--gpus-per-task must not be negative (got {s.GpusPerTask})");
        if (s.Throttle < 0) throw new ArgumentException($"--throttle must not be negative (got {s.Throttle})");
        foreach (var (name, value) in new[] { ("--partition", s.Partition), ("--time", s.Time), ("--merge-time", s.MergeTime), ("--job-name", s.JobName) })
            if (value is not null && (value.Length == 0 || value.Any(char.IsWhiteSpace)))
                throw new ArgumentException($"{name} must be one word without spaces (got '{value}')");
        foreach (var line in s.SbatchLines ?? [])
            if (!line.StartsWith("--", StringComparison.Ordinal) || line.Contains('\n'))
                throw new ArgumentException($"--sbatch takes an sbatch option such as --mem=8G (got '{line}')");
        if (s.Setup?.Contains('\n') == true) throw new ArgumentException("--setup is one shell line (join commands with && or ;)");
    }

    private static string ArrayScript(SlurmGridFiles f, SlurmGridSettings s)
    {
        var sb = new StringBuilder();
        Header(sb, s, s.JobName, s.Time, s.CpusPerTask, s.GpusPerTask, Path.Combine(f.LogsPath, "task-%A_%a.out"));
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --array=0-{f.Tasks.Count - 1}{(s.Throttle > 0 ? $"%{s.Throttle}" : "")}\n");
        Preamble(sb, s, $"One array task per (experiment, seed) not yet stored under {s.ResultsRoot}/runs: task i trains line i+1 of {SlurmGridFiles.TasksName}.");
        var locks = Path.Combine(s.ResultsRoot, "checkpoints", ".locks");
        sb.Append(CultureInfo.InvariantCulture, $$"""
            tasks={{Quote(f.TasksPath)}}
            line=$(sed -n "$((SLURM_ARRAY_TASK_ID + 1))p" "$tasks")
            if [ -z "$line" ]; then echo "error: task $SLURM_ARRAY_TASK_ID has no line in $tasks" >&2; exit 2; fi
            IFS=$'\t' read -r index experiment seed run_id <<<"$line"
            # Two tasks never train one run at once (a grid submitted again while this one runs): the second waits,
            # then finds the run stored and reuses it. Runs, tables and the dataset cache are written atomically.
            mkdir -p {{Quote(locks)}}
            exec 9>{{Quote(locks)}}/"$run_id.lock"
            flock 9
            echo "task $SLURM_ARRAY_TASK_ID of job $SLURM_ARRAY_JOB_ID: $experiment seed $seed (run $run_id) on $(hostname), $(date -u +%FT%TZ)"
            {{s.EcgCommand}} train --experiment "$experiment" --seed "$seed" --resume --threads "${SLURM_CPUS_PER_TASK:-1}" {{Words(s.TrainArguments)}} --results {{Quote(s.ResultsRoot)}}

            """);
        return sb.ToString();
    }

    private static string MergeScript(SlurmGridFiles f, SlurmGridSettings s)
    {
        var sb = new StringBuilder();
        Header(sb, s, s.JobName + "-merge", s.MergeTime, 1, 0, Path.Combine(f.LogsPath, "merge-%j.out"));
        Preamble(sb, s, "The merge job: after the array ends (afterany), writes the tables from the stored runs without training; exits 1 and lists the runs still missing if any task failed.");
        sb.Append(CultureInfo.InvariantCulture, $"""
            {s.EcgCommand} reproduce --no-train --device cpu --threads 1 {Words(s.MergeArguments)} --results {Quote(s.ResultsRoot)}

            """);
        return sb.ToString();
    }

    private static void Header(StringBuilder sb, SlurmGridSettings s, string name, string time, int cpus, int gpus, string output)
    {
        sb.Append("#!/bin/bash\n");
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --job-name={name}\n");
        if (s.Partition is not null) sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --partition={s.Partition}\n");
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --time={time}\n");
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --ntasks=1\n#SBATCH --cpus-per-task={cpus}\n");
        if (gpus > 0) sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --gpus-per-task={gpus}\n");
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --chdir={QuoteSbatch(s.WorkingDirectory)}\n");
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --output={QuoteSbatch(output)}\n");
        foreach (var line in s.SbatchLines ?? []) sb.Append(CultureInfo.InvariantCulture, $"#SBATCH {line}\n");
    }

    private static void Preamble(StringBuilder sb, SlurmGridSettings s, string what)
    {
        if (s.CommandLine is not null) sb.Append(CultureInfo.InvariantCulture, $"# Written by: {s.CommandLine}\n");
        sb.Append(CultureInfo.InvariantCulture, $"# {what}\n");
        sb.Append("set -euo pipefail\n");
        if (s.Setup is not null) sb.Append(s.Setup).Append('\n');
        foreach (var (key, value) in s.Environment) sb.Append(CultureInfo.InvariantCulture, $"export {key}={Quote(value)}\n");
    }

    private static string Words(IEnumerable<string> words) => string.Join(" ", words.Select(Quote));

    /// <summary>A word for bash: as is when it holds only safe characters, else single-quoted.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "_-./,:=@%+".Contains(c))
            ? word
            : "'" + word.Replace("'", "'\\''") + "'";

    /// <summary>#SBATCH lines are not parsed by a shell: a path with spaces is double-quoted, others left bare.</summary>
    private static string QuoteSbatch(string value) =>
        value.Any(char.IsWhiteSpace) ? "\"" + value.Replace("\"", "\\\"") + "\"" : value;
}
