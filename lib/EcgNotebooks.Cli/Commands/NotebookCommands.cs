using System.CommandLine;
using System.Globalization;
using EcgNotebooks.Charts;
using EcgNotebooks.Notebooks;
using Microsoft.DotNet.Interactive.Documents;
using Spectre.Console;

namespace EcgNotebooks.Cli.Commands;

/// <summary>
/// <c>ecg notebooks run &lt;files…&gt; [--param name=value …] [--out dir] [--cell-timeout seconds] [--plotly-js url]</c>: runs .dib notebooks
/// headless like papermill, on the real .NET Interactive C# kernel. Every notebook given is run, one after another, even after one fails; each stops at its
/// first failing cell and still writes what ran (.ipynb and .html). Exit code 0 when all succeeded, 1 when any
/// failed, 2 when the invocation is wrong (missing file, unreadable notebook, a parameter no notebook declares).
/// </summary>
public sealed class NotebookCommands : ICommandGroup
{
    /// <summary>Inside the report folder, so results/report/ is one self-contained unit (see ReportBuilder).</summary>
    public const string DefaultOutputDirectory = "results/" + ReportBuilder.NotebooksFolder;

    public Command Build()
    {
        var files = new Argument<string[]>("notebooks") { Description = "The .dib notebooks to run, in order", Arity = ArgumentArity.OneOrMore };
        var parameters = new Option<string[]>("--param", "-p")
        {
            Description = "Override a parameter of the parameters cell: name=value (repeatable). Each notebook gets the ones it declares; a name no notebook declares is an error.",
            AllowMultipleArgumentsPerToken = false,
        };
        var output = new Option<string>("--out", "-o")
        {
            Description = "Folder for the executed <name>.ipynb and <name>.html",
            DefaultValueFactory = _ => DefaultOutputDirectory,
        };
        var cellTimeout = new Option<double?>("--cell-timeout") { Description = "Fail a cell that runs longer than this many seconds" };
        var plotlyJs = new Option<string?>("--plotly-js")
        {
            Description = "Charts load plotly.js from this URL, relative to the executed page (e.g. ../plotly.min.js beside results/report/index.html), " +
                          "instead of embedding it (3.5 MB) in each notebook's first chart; the outputs then draw only where that URL resolves",
        };

        var run = new Command("run", "Run .dib notebooks headless (papermill-style) and write executed .ipynb and .html");
        run.Arguments.Add(files);
        run.Options.Add(parameters);
        run.Options.Add(output);
        run.Options.Add(cellTimeout);
        run.Options.Add(plotlyJs);
        run.SetAction((parse, cancellation) => RunAsync(
            parse.GetValue(files) ?? [],
            parse.GetValue(parameters) ?? [],
            parse.GetValue(output) ?? DefaultOutputDirectory,
            parse.GetValue(cellTimeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            cancellation,
            parse.GetValue(plotlyJs)));

        var notebooks = new Command("notebooks", "Polyglot Notebooks (.dib): run them headless");
        notebooks.Subcommands.Add(run);
        return notebooks;
    }

    /// <summary>
    /// Runs the notebooks and returns the exit code; the console is the one in use when called. Ctrl+C fails the
    /// running cell at once (its outputs are still written) and skips the notebooks not yet started. With
    /// <paramref name="plotlyJsUrl"/>, charts reference plotly.js at that URL instead of embedding it
    /// (<see cref="PlotlyJs.ScriptUrlKey"/>, set for the run and restored after).
    /// </summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> files, IReadOnlyList<string> assignments, string outputDirectory,
        TimeSpan? cellTimeout, CancellationToken cancellation = default, string? plotlyJsUrl = null)
    {
        // Cells get Console.Out redirected; this console keeps the real one for progress and the summary.
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        var outputRoot = Path.GetFullPath(outputDirectory);

        List<(string Path, InteractiveDocument Document, IReadOnlyDictionary<string, string> Parameters)> plan;
        try
        {
            plan = Plan(files, NotebookParameters.ParseAssignments(assignments));
        }
        catch (Exception e) when (e is NotebookFileException or NotebookParameterException or FileNotFoundException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 2;
        }

        // The first Ctrl+C stops the run cleanly (outputs written); a second one ends the process.
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = !interrupted.IsCancellationRequested;
            interrupted.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        var previousPlotlyUrl = AppContext.GetData(PlotlyJs.ScriptUrlKey);
        if (!string.IsNullOrWhiteSpace(plotlyJsUrl)) AppContext.SetData(PlotlyJs.ScriptUrlKey, plotlyJsUrl);
        try
        {
            return await RunPlanAsync(console, plan, outputRoot, cellTimeout, interrupted.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            AppContext.SetData(PlotlyJs.ScriptUrlKey, previousPlotlyUrl);
        }
    }

    private static async Task<int> RunPlanAsync(IAnsiConsole console, List<(string, InteractiveDocument, IReadOnlyDictionary<string, string>)> plan,
        string outputRoot, TimeSpan? cellTimeout, CancellationToken cancellation)
    {
        var runner = new NotebookRunner(new NotebookRunnerOptions { CellTimeout = cellTimeout, CellFinished = progress => ReportCell(console, progress) });
        var summary = new List<(string Name, string Status, TimeSpan Duration, string Outputs)>();
        foreach (var (path, document, parameters) in plan)
        {
            if (cancellation.IsCancellationRequested)
            {
                summary.Add((Path.GetFileNameWithoutExtension(path), "not run: cancelled", TimeSpan.Zero, "-"));
                continue;
            }
            console.MarkupLineInterpolated($"[bold]{Path.GetFileName(path)}[/] ({document.Elements.Count} cells)");
            try
            {
                var result = await runner.RunAsync(document, path, parameters, cancellation);
                var outputs = NotebookOutputs.Save(result, outputRoot);
                var status = result.Succeeded ? "ok"
                    : result.FailedCell is { } failed ? $"failed at cell {result.Cells.ToList().IndexOf(failed) + 1}"
                    : "stopped: cancelled";
                summary.Add((result.Name, status, result.Duration, $"{Relative(outputs.IpynbPath)}, {Relative(outputs.HtmlPath)}"));
            }
            catch (NotebookParameterException e)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                summary.Add((Path.GetFileNameWithoutExtension(path), "failed: parameters", TimeSpan.Zero, "-"));
            }
        }

        var table = new Table().AddColumns("notebook", "status", "duration", "outputs");
        foreach (var (name, status, duration, written) in summary)
        {
            table.AddRow(Markup.Escape(name), status == "ok" ? "[green]ok[/]" : $"[red]{Markup.Escape(status)}[/]",
                duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s", Markup.Escape(written));
        }
        console.Write(table);
        return summary.All(s => s.Status == "ok") ? 0 : 1;
    }

    // Everything is read and checked before the first cell runs: a typo in a parameter name costs no compute.
    private static List<(string, InteractiveDocument, IReadOnlyDictionary<string, string>)> Plan(IReadOnlyList<string> files, IReadOnlyDictionary<string, string> overrides)
    {
        var missing = files.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0) throw new FileNotFoundException($"notebook not found: {string.Join(", ", missing)}");
        var sameName = files.GroupBy(f => Path.GetFileNameWithoutExtension(f)).FirstOrDefault(g => g.Count() > 1);
        if (sameName is not null) throw new NotebookParameterException($"two notebooks are named '{sameName.Key}': their outputs would overwrite each other.");

        var notebooks = files.Select(f => (Path: f, Document: NotebookFile.Read(f))).ToList();
        var declared = notebooks.ToDictionary(n => n.Path, n => NotebookParameters.Declared(n.Document).Select(p => p.Name).ToHashSet(StringComparer.Ordinal));
        var undeclared = overrides.Keys.Where(name => !declared.Values.Any(names => names.Contains(name))).ToList();
        if (undeclared.Count > 0)
        {
            throw new NotebookParameterException(
                $"unknown parameter{(undeclared.Count > 1 ? "s" : "")} {string.Join(", ", undeclared)}: no notebook given declares {(undeclared.Count > 1 ? "them" : "it")} in its parameters cell (a C# cell starting with '// parameters').");
        }
        return [.. notebooks.Select(n => (n.Path, n.Document,
            (IReadOnlyDictionary<string, string>)overrides.Where(o => declared[n.Path].Contains(o.Key)).ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal)))];
    }

    private static void ReportCell(IAnsiConsole console, CellProgress progress)
    {
        var cell = progress.Cell;
        var kind = cell.Tags.Count > 0 ? $"{cell.KernelName} ({string.Join(", ", cell.Tags)})" : cell.KernelName;
        var seconds = (cell.Duration ?? TimeSpan.Zero).TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        var status = cell.Status == CellStatus.Failed ? "[red]failed[/]" : "[green]ok[/]";
        console.MarkupLine($"  [[{progress.CellIndex + 1}/{progress.Run.Cells.Count}]] {Markup.Escape(kind),-32} {seconds,7} s  {status}");
        if (cell.Error is { } error)
        {
            console.MarkupLineInterpolated($"    [red]{error.ErrorName}: {error.ErrorValue}[/]");
        }
    }

    private static string Relative(string path) => Path.GetRelativePath(Environment.CurrentDirectory, path);
}
