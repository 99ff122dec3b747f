using System.CommandLine;
using EcgNotebooks.Evaluation;
using EcgNotebooks.Experiments;
using EcgNotebooks.Results;
using EcgNotebooks.Engine;
using TorchSharp;
using static TorchSharp.torch;
using EcgNotebooks.Training;
using Spectre.Console;

namespace EcgNotebooks.Cli.Commands;

/// <summary>Options and helpers shared by `train`, `evaluate`, `reproduce` and `models`.</summary>
internal static class TrainingCli
{
    public static readonly Option<string> Device = new("--device")
    {
        Description = "auto (CUDA when available), cpu, cuda or cuda:N",
        DefaultValueFactory = _ => "auto",
    };

    public static readonly Option<string> Profile = new("--profile")
    {
        Description = "paper (the authors' sizes and schedule) or quick (narrow, few epochs; labelled quick everywhere)",
        DefaultValueFactory = _ => "quick",
    };

    public static readonly Option<string> Results = new("--results")
    {
        Description = "Results folder (runs/, tables/, checkpoints/)",
        DefaultValueFactory = _ => DefaultResults(),
    };

    public static readonly Option<int> Classes = new("--classes")
    {
        Description = "4 (N, S, V, F: the paper's code, Q dropped) or 5 (also Q; run ids and tables marked 5class)",
        DefaultValueFactory = _ => 4,
    };

    public static readonly Option<bool> Retrain = new("--retrain") { Description = "Train even if a completed run with the same configuration is stored" };
    public static readonly Option<int?> Threads = new("--threads") { Description = "libtorch intra-op threads (default: processor count)" };
    public static readonly Option<string> Precision = new("--precision")
    {
        Description = "fp32 (TorchSharp 0.107 has no autocast, so bf16/fp16 are refused with that reason)",
        DefaultValueFactory = _ => "fp32",
    };
    public static readonly Option<string> Tf32 = new("--tf32") { Description = "on|off: TF32 tensor cores for float32 matmul/conv (CUDA only)", DefaultValueFactory = _ => "on" };

    public static TrainingPrecision ParsePrecision(ParseResult p) => TrainingPrecisions.Parse(p.GetValue(Precision)!);
    public static bool ParseTf32(ParseResult p) => TrainingPrecisions.ParseSwitch(p.GetValue(Tf32)!, "--tf32");

    public static string DefaultResults() =>
        Path.Combine(EcgNotebooks.Data.DataDirectory.FindRepositoryRoot() ?? Directory.GetCurrentDirectory(), "results");

    public static Device ResolveDevice(ParseResult p)
    {
        if (p.GetValue(Threads) is { } threads) torch.set_num_threads(threads);
        return TrainingDevice.Resolve(p.GetValue(Device)!);
    }

    /// <summary>
    /// Live progress: a Spectre.Console bar per run (epoch, loss, validation metric, beats/s, ETA)
    /// and a line per finished epoch; plain lines when the output is redirected (logs, CI).
    /// </summary>
    public static T WithProgress<T>(Func<IProgress<TrainingProgress>, T> body)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            return body(ProgressSinks.Lines(Console.Out));
        return AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                var lines = ProgressSinks.Lines(new AnsiWriter());
                return body(ProgressSinks.Of(p =>
                {
                    if (p.Kind == ProgressKind.Resuming) { lines.Report(p); return; }
                    var key = p.Kind == ProgressKind.Scoring ? $"{p.Run} DS2 {p.Checkpoint}" : p.Run;
                    if (!tasks.TryGetValue(key, out var task))
                        tasks[key] = task = ctx.AddTask(Markup.Escape(key), maxValue: Math.Max(1, p.Epochs * p.StepsPerEpoch));
                    task.Value = p.EpochIndex * p.StepsPerEpoch + p.Step;
                    if (p.Kind == ProgressKind.Scoring)
                    {
                        task.Description = Markup.Escape($"{key} | {p.Step:N0}/{p.StepsPerEpoch:N0} beats | {p.BeatsPerSecond:F0} beats/s | ETA {ProgressSinks.Format(p.Remaining)}");
                        return;
                    }
                    var best = p.BestMetric is { } b ? $"best val {b:F4}" : "best val –";
                    task.Description = Markup.Escape(
                        $"{p.Run} | epoch {p.EpochIndex + 1}/{p.Epochs} step {p.Step}/{p.StepsPerEpoch} | loss {p.Loss:F4} | {best} | {p.BeatsPerSecond:F0} beats/s | ETA {ProgressSinks.Format(p.Remaining)}");
                    if (p.Epoch is not null) lines.Report(p);
                }));
            });
    }

    private sealed class AnsiWriter : StringWriter
    {
        public override void WriteLine(string? value) => AnsiConsole.WriteLine(value ?? "");
    }

    public static void PrintReport(string title, ClassificationReport report)
    {
        var table = new Table().Title(Markup.Escape(title)).AddColumns("class", "support", "Se", "+P", "Sp", "F1", "AUROC", "AUPRC");
        foreach (var c in report.PerClass)
            table.AddRow(c.Name, c.Support.ToString(), Pct(c.Sensitivity), Pct(c.Precision), Pct(c.Specificity), Pct(c.F1), Pct(c.Auroc), Pct(c.Auprc));
        var m = report.Macro;
        table.AddRow(report.ClassNames.Count > 4 ? $"macro ({report.ClassNames.Count})" : "macro", "", Pct(m.Sensitivity), Pct(m.Precision), Pct(m.Specificity), Pct(m.F1), Pct(m.Auroc), Pct(m.Auprc));
        if (report.ClassNames.Count > 4 && AamiClasses.Four.All(report.ClassNames.Contains))
        {
            var four = report.MacroOver(AamiClasses.Four);
            table.AddRow("macro (N,S,V,F)", "", Pct(four.Sensitivity), Pct(four.Precision), Pct(four.Specificity), Pct(four.F1), Pct(four.Auroc), Pct(four.Auprc));
        }
        AnsiConsole.Write(table);
        AnsiConsole.WriteLine($"overall accuracy (correct/all) {Pct(report.OverallAccuracy)}%   paper's \"Acc\" (mean one-vs-rest accuracy) {Pct(report.PaperAcc)}%");
        AnsiConsole.WriteLine(report.ConfusionMatrix.ToMarkdown());
    }

    private static string Pct(double v) => double.IsNaN(v) ? "–" : (100 * v).ToString("F2");
}

/// <summary>`ecg train --experiment B2 --backbone resunet --profile quick --seed 0 [--classes 5] [--device] [--resume]`.</summary>
public sealed class TrainCommand : ICommandGroup
{
    public Command Build()
    {
        var experiment = new Option<string>("--experiment") { Description = "Row name (A0…B2, Baseline, NaiveConcat, ProjConcat, MHCA-h1, Hybrid, a grid head) or full name (resunet/B2, grid/macnn/mhca)", Required = true };
        var backbone = new Option<string?>("--backbone") { Description = "resunet, macnn or efficientecg (resolves row names)" };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 0 };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted run from its last checkpoint (else an unfinished run starts over)" };
        var printConfig = new Option<bool>("--print-config") { Description = "Print the configuration JSON and exit" };
        var recipe = new Option<string?>("--recipe") { Description = $"Standard profile: class-imbalance recipe ({string.Join(", ", StandardRecipes.Names.Keys)}; default {StandardRecipes.Default})" };
        var validationOnly = new Option<bool>("--validation-only") { Description = "Train and store the DS1-validation history only; DS2 is not read (recipe sweeps)" };
        var cmd = new Command("train", "Train (or reuse) one named experiment, evaluate it on DS2 and store the run")
        {
            experiment, backbone, TrainingCli.Profile, seed, TrainingCli.Device, resume, TrainingCli.Retrain, TrainingCli.Results, TrainingCli.Threads, printConfig,
            TrainingCli.Precision, TrainingCli.Tf32, TrainingCli.Classes, recipe, validationOnly,
        };
        ScaleCli.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var b = p.GetValue(backbone) is { } name ? NamedExperiments.ParseBackbone(name) : (BackboneKind?)null;
            var scale = ScaleCli.Parse(p);
            var config = scale.Apply(NamedExperiments.Get(p.GetValue(experiment)!, NamedExperiments.ParseProfile(p.GetValue(TrainingCli.Profile)!), p.GetValue(seed), b,
                p.GetValue(TrainingCli.Classes), p.GetValue(recipe)));
            if (p.GetValue(printConfig)) { Console.WriteLine(config.ToJson()); return 0; }
            var (precision, tf32) = (TrainingCli.ParsePrecision(p), TrainingCli.ParseTf32(p));
            var device = TrainingCli.ResolveDevice(p);
            var store = new RunStore(p.GetValue(TrainingCli.Results)!);
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(config.Name)}[/] ({config.Profile.ToString().ToLowerInvariant()} profile, seed {config.Seed}) on {device}: {Markup.Escape(config.Notes)}");
            using var interruption = new Interruption();
            RunRecord record;
            try
            {
                record = TrainingCli.WithProgress(progress =>
                    new ExperimentRunner(store, scale.Data(), new RunnerOptions(device, p.GetValue(TrainingCli.Retrain), p.GetValue(resume),
                        Progress: progress, Cancellation: interruption.Token, Precision: precision, Tf32: tf32, ValidationOnly: p.GetValue(validationOnly))).Run(config));
            }
            catch (OperationCanceledException) when (interruption.Signal is not null)
            {
                var id = ExperimentRunner.NewRecord(config, device).RunId;
                throw interruption.Stopped($"run {id} is saved, not completed, in {store.DirectoryOf(id)}, with the checkpoint of its last whole epoch",
                    Interruption.CommandLine(p, "--resume"));
            }
            AnsiConsole.MarkupLine($"run [bold]{Markup.Escape(record.RunId)}[/] in {Markup.Escape(store.DirectoryOf(record.RunId))} (selected epoch {record.SelectedEpoch + 1}, {Markup.Escape(record.CheckpointRule)})");
            if (record.SelectedEpoch is { } e && e >= 0 && e < record.History.Count)
                Console.WriteLine("DS1 validation, selected epoch: " + string.Join(", ", record.History[e].ValidationMetrics.Select(kv => $"{kv.Key} {kv.Value:F4}")));
            var testSet = config.Data.Source is null ? "DS2" : "test";
            foreach (var (checkpoint, report) in record.TestMetrics) TrainingCli.PrintReport($"{testSet}, {checkpoint} checkpoint", report);
            foreach (var (checkpoint, report) in record.LabelMetrics ?? []) AnsiConsole.WriteLine($"{testSet}, {checkpoint} checkpoint\n{report.ToMarkdown()}");
            return 0;
        });
        return cmd;
    }
}

/// <summary>`ecg evaluate &lt;run&gt;`: the stored DS2 metrics of a run, or re-scored from its checkpoint with --recompute.</summary>
public sealed class EvaluateCommand : ICommandGroup
{
    public Command Build()
    {
        var run = new Argument<string>("run") { Description = "Run id (folder name under results/runs) or a unique prefix" };
        var recompute = new Option<bool>("--recompute") { Description = "Score the stored checkpoint on DS2 again instead of printing the stored metrics" };
        var checkpoint = new Option<string>("--checkpoint") { Description = "selected or last", DefaultValueFactory = _ => Checkpoints.Selected };
        var cmd = new Command("evaluate", "Show (or recompute) a stored run's DS2 evaluation") { run, recompute, checkpoint, TrainingCli.Results, TrainingCli.Device, TrainingCli.Threads };
        cmd.SetAction(p =>
        {
            var store = new RunStore(p.GetValue(TrainingCli.Results)!);
            var id = p.GetValue(run)!;
            var matches = store.List().Where(r => r.Run.RunId.StartsWith(id, StringComparison.Ordinal)).ToList();
            if (matches.Count != 1)
            {
                Console.Error.WriteLine(matches.Count == 0
                    ? $"no run '{id}' under {store.RunsDirectory}"
                    : $"'{id}' matches {matches.Count} runs: {string.Join(", ", matches.Select(m => m.Run.RunId))}");
                return 2;
            }
            var record = matches[0].Run;
            var which = p.GetValue(checkpoint)!;
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(record.RunId)}[/] {Markup.Escape(record.Experiment)} {record.Profile} seed {record.Seed}, {(matches[0].Completed ? "completed" : "NOT completed")}");
            if (p.GetValue(recompute))
            {
                var runner = new ExperimentRunner(store, ExperimentScale.Full.Data(), new RunnerOptions(TrainingCli.ResolveDevice(p)));
                TrainingCli.PrintReport($"DS2, {which} checkpoint (recomputed)", runner.Evaluate(record, which));
            }
            else if (record.TestMetrics.TryGetValue(which, out var report)) TrainingCli.PrintReport($"DS2, {which} checkpoint", report);
            else { Console.Error.WriteLine($"run {record.RunId} has no '{which}' test metrics (not finished?)"); return 1; }
            return 0;
        });
        return cmd;
    }
}

/// <summary>`ecg reproduce --table 3|4|5|6|grid [--experiment …] --profile quick|paper --seeds 5 [--classes 5] [--no-train]`: trains what is
/// missing (not with --no-train), then writes the tables.</summary>
public sealed class ReproduceCommand : ICommandGroup
{
    public Command Build()
    {
        var table = new Option<string[]>("--table") { Description = "3, 4, 5, 6 or grid (the first paper), deng1, deng2 or deng3 (the second paper's Tables 1–3) (repeatable)", AllowMultipleArgumentsPerToken = true };
        var experiments = new Option<string[]>("--experiment") { Description = "Also these named experiments (repeatable; resunet/B2, grid/macnn/mhca)", AllowMultipleArgumentsPerToken = true };
        var noTrain = new Option<bool>("--no-train") { Description = "Train nothing: write the tables from the stored runs, list the missing ones and exit 1 if any (the merge job of `ecg grid slurm`)" };
        var seeds = new Option<int>("--seeds") { Description = "Seeds 0…n−1 per row (n ≥ 1): trained if missing, and the only seeds the tables use", DefaultValueFactory = _ => 5 };
        var dryRun = new Option<bool>("--dry-run") { Description = "List the runs (stored or to train) and exit" };
        var cmd = new Command("reproduce", "Train every missing run of the tables (reusing stored ones), then write results/tables")
        {
            table, TrainingCli.Profile, seeds, TrainingCli.Device, TrainingCli.Retrain, TrainingCli.Results, TrainingCli.Threads, dryRun,
            TrainingCli.Precision, TrainingCli.Tf32, TrainingCli.Classes, experiments, noTrain,
        };
        ScaleCli.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var profile = NamedExperiments.ParseProfile(p.GetValue(TrainingCli.Profile)!);
            var (precision, tf32) = (TrainingCli.ParsePrecision(p), TrainingCli.ParseTf32(p));
            var seedCount = p.GetValue(seeds);
            if (seedCount < 1) throw new ArgumentException($"--seeds {seedCount}: the number of seeds per row must be at least 1 (seeds 0…n−1)");
            var scale = ScaleCli.Parse(p);
            var retrain = p.GetValue(TrainingCli.Retrain);
            if (retrain && p.GetValue(noTrain)) throw new ArgumentException("--retrain and --no-train contradict each other");
            var configs = ExperimentGrid.Configs(p.GetValue(table) ?? [], p.GetValue(experiments) ?? [], profile, seedCount, p.GetValue(TrainingCli.Classes), scale);
            var device = TrainingCli.ResolveDevice(p);
            var store = new RunStore(p.GetValue(TrainingCli.Results)!);
            var cells = ExperimentGrid.Cells(configs, store, retrain);
            var missing = cells.Where(c => !c.Stored).Select(c => c.Config).ToList();
            // One unwrapped line (Spectre wraps redirected output at 80 columns): logs and the grid's merge job read it.
            Console.WriteLine($"{configs.Count} runs ({profile.ToString().ToLowerInvariant()} profile{(scale.IsReduced ? ", reduced: " + scale.Describe() : "")}), {configs.Count - missing.Count} stored, {missing.Count} to train{(p.GetValue(noTrain) ? " (not trained: --no-train)" : $" on {device}")}");
            if (p.GetValue(dryRun))
            {
                foreach (var c in cells) Console.WriteLine($"{(c.Stored ? "stored" : "train ")} {c.Experiment} seed {c.Seed}");
                return 0;
            }
            var onlyDeng = (p.GetValue(table) ?? []).Length > 0 && (p.GetValue(table) ?? []).All(t => t.StartsWith(DengExperiments.Prefix, StringComparison.OrdinalIgnoreCase))
                           && (p.GetValue(experiments) ?? []).Length == 0;
            // The tables from exactly the seeds asked for: other stored seeds (a longer earlier reproduce) stay out.
            IReadOnlyList<string> WriteTables()
            {
                // ... and of this profile only: a table never mixes quick and standard runs.
                var profileName = profile.ToString().ToLowerInvariant();
                var tables = (p.GetValue(table) ?? []).Select(t => t.ToLowerInvariant()).Distinct().ToList();
                var deng = tables.Where(t => t.StartsWith(DengExperiments.Prefix, StringComparison.Ordinal)).ToList();
                var written = new List<string>();
                if (deng.Count > 0) written.AddRange(DengTables.WriteAll(store, profileName, seedCount, deng));
                if (onlyDeng) return written;
                var runs = RunSelection.ForTables(store.ListCompleted().Where(r => r.Profile == profileName)).Chosen.Where(r => r.Seed >= 0 && r.Seed < seedCount);
                var asked = tables.Except(deng).Select(t => ResultTables.All.First(spec => spec.Name == (t == "grid" ? "grid" : "table" + t))).ToList();
                written.AddRange(TableWriter.WriteAll(runs, store.TablesDirectory, tables: asked.Count > 0 ? asked : null, profile: profileName));
                return written;
            }
            if (p.GetValue(noTrain))
            {
                foreach (var path in WriteTables().Concat(onlyDeng ? [] : Bootstrap(store, profile, scale))) Console.WriteLine($"wrote {path}");
                foreach (var c in cells.Where(c => !c.Stored)) Console.Error.WriteLine($"missing: {c.Experiment} seed {c.Seed} (run {c.RunId})");
                return missing.Count == 0 ? 0 : 1;
            }
            var data = scale.Data();
            using var interruption = new Interruption();
            try
            {
                TrainingCli.WithProgress(progress =>
                {
                    var runner = new ExperimentRunner(store, data, new RunnerOptions(device, retrain, Resume: true, Progress: progress,
                        Cancellation: interruption.Token, Precision: precision, Tf32: tf32));
                    foreach (var c in missing) runner.Run(c);
                    return 0;
                });
            }
            catch (OperationCanceledException) when (interruption.Signal is not null)
            {
                throw interruption.Stopped("finished runs are stored and the interrupted one is saved with the checkpoint of its last whole epoch; no table was written",
                    Interruption.CommandLine(p) + " (it resumes the interrupted run)");
            }
            foreach (var path in WriteTables().Concat(onlyDeng ? [] : Bootstrap(store, profile, scale))) Console.WriteLine($"wrote {path}");
            return 0;
        });
        return cmd;
    }

    /// <summary>The profile's patient-level bootstrap table (results/tables/bootstrap-&lt;profile&gt;), from the stored runs; none for reduced runs.</summary>
    private static IReadOnlyList<string> Bootstrap(RunStore store, EcgNotebooks.Experiments.Profile profile, ExperimentScale scale) =>
        scale.IsReduced ? [] : BootstrapTables.WriteFor(store, profile.ToString().ToLowerInvariant());
}

/// <summary>`ecg models summary|bench`: parameter counts and token shapes; training throughput per named model.</summary>
public sealed class ModelsCommand : ICommandGroup
{
    public Command Build()
    {
        var models = new Command("models", "Named models: parameter counts, shapes, throughput");
        models.Subcommands.Add(Summary());
        models.Subcommands.Add(Bench());
        return models;
    }

    private static IEnumerable<string> Selected(string[]? names) =>
        names is { Length: > 0 } ? names.Select(n => NamedExperiments.Resolve(n)) : NamedExperiments.All;

    private static Command Summary()
    {
        var names = new Option<string[]>("--experiment") { Description = "Experiments (default: all)", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("summary", "Parameters, input, tokens × dims of every named model") { TrainingCli.Profile, names };
        cmd.SetAction(p =>
        {
            var profile = NamedExperiments.ParseProfile(p.GetValue(TrainingCli.Profile)!);
            var table = new Table().AddColumns("experiment", "paper row", "parameters", "input", "tokens × dims", "fusion", "batch", "epochs");
            foreach (var name in Selected(p.GetValue(names)))
            {
                var c = NamedExperiments.Get(name, profile);
                var early = c.Model.Fusion.EarlyRr ? c.Data.EarlyRrFeatures.Length : 0;
                using var model = new Models.EcgClassifier(c.Model, 1, c.Data.InputLength, c.Data.HeadRrFeatures().Length, early);
                table.AddRow(Markup.Escape(name), Markup.Escape(c.PaperName), model.ParameterCount().ToString("N0"),
                    $"{1 + early}×{c.Data.InputLength}", $"{model.Backbone.Tokens}×{model.Backbone.Dim}",
                    c.Model.Fusion.Kind + (c.Model.Fusion.EarlyRr ? "+early" : ""), c.Training.BatchSize.ToString(), c.Training.Epochs.ToString());
            }
            AnsiConsole.Write(table);
            return 0;
        });
        return cmd;
    }

    private static Command Bench()
    {
        var names = new Option<string[]>("--experiment") { Description = "Experiments (default: the rows of Tables 3 and 4 and EfficientECG)", AllowMultipleArgumentsPerToken = true };
        var steps = new Option<int>("--steps") { Description = "Timed steps per model (after one warm-up step)", DefaultValueFactory = _ => 3 };
        var maxBatch = new Option<int>("--max-batch") { Description = "Cap on the batch (MACNN's paper batch of 25,600 does not fit a CPU run)", DefaultValueFactory = _ => 1024 };
        var cmd = new Command("bench", "Training throughput (beats/s: forward + backward + optimiser step) and estimated run time per named model")
        {
            TrainingCli.Profile, names, steps, maxBatch, TrainingCli.Device, TrainingCli.Threads, TrainingCli.Precision, TrainingCli.Tf32,
        };
        cmd.SetAction(p =>
        {
            var profile = NamedExperiments.ParseProfile(p.GetValue(TrainingCli.Profile)!);
            var device = TrainingCli.ResolveDevice(p);
            var precision = TrainingCli.ParsePrecision(p);
            TrainingPrecisions.ApplyTf32(device, TrainingCli.ParseTf32(p));
            var selected = p.GetValue(names) is { Length: > 0 } n ? Selected(n)
                : NamedExperiments.Table("3").Concat(NamedExperiments.Table("4")).Select(r => r.Experiment).Append("grid/efficientecg/none");
            AnsiConsole.MarkupLine($"device {Markup.Escape(TrainingPrecisions.Describe(device, precision, TrainingCli.ParseTf32(p)))}, {torch.get_num_threads()} threads, libtorch {Markup.Escape(torch.__version__)}, {p.GetValue(TrainingCli.Profile)} profile, load average {LoadAverage()}");
            var table = new Table().AddColumns("experiment", "parameters", "batch", "train beats/s", "inference beats/s", "peak GPU memory", "est. one run");
            double total = 0;
            foreach (var name in selected)
            {
                var r = Throughput.Measure(NamedExperiments.Get(name, profile), device, p.GetValue(steps), p.GetValue(maxBatch));
                if (double.IsFinite(r.EstimatedRunSeconds)) total += r.EstimatedRunSeconds;
                table.AddRow(Markup.Escape(name), r.Parameters.ToString("N0"), r.Batch == r.ConfiguredBatch ? $"{r.Batch}" : $"{r.Batch} (of {r.ConfiguredBatch})",
                    r.BeatsPerSecond.ToString("F0"), r.InferenceBeatsPerSecond.ToString("F0"), Throughput.FormatMemory(r.PeakGpuMemoryBytes), double.IsFinite(r.EstimatedRunSeconds) ? ProgressSinks.Format(TimeSpan.FromSeconds(r.EstimatedRunSeconds)) : "–");
                Console.Out.Flush();
            }
            AnsiConsole.Write(table);
            AnsiConsole.WriteLine($"sum of one run per MIT-BIH row: {ProgressSinks.Format(TimeSpan.FromSeconds(total))}; load average now {LoadAverage()}");
            return 0;
        });
        return cmd;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
