using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using EcgNotebooks.Notebooks.Scripting;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace EcgNotebooks.Notebooks;

/// <summary>
/// Runs a <c>.dib</c> notebook headless, papermill-style: parameters injected after the parameters cell, C# cells
/// in order in one Roslyn scripting state, markdown kept for rendering, and a stop at the first failing cell
/// (the rest stay pending). One runner can run many notebooks, one at a time; each gets a fresh state.
/// </summary>
/// <remarks>
/// While a notebook runs, the process-wide console, current directory (the notebook's folder, as in VS Code) and
/// <see cref="SessionIdKey"/> belong to it; run notebooks one after another, never concurrently in one process.
/// </remarks>
public sealed class NotebookRunner(NotebookRunnerOptions options)
{
    /// <summary>
    /// <c>AppContext.GetData(SessionIdKey)</c>: a new GUID string for each notebook run, set before its first cell and
    /// restored after its last, so a library can embed a heavy asset (plotly.js) once per notebook output. In Polyglot
    /// Notebooks it is absent: one session per kernel process.
    /// </summary>
    public const string SessionIdKey = "EcgNotebooks.Notebooks.SessionId";

    private static readonly Lazy<IReadOnlyList<MetadataReference>> FrameworkReferences = new(LoadFrameworkReferences);

    public NotebookRunnerOptions Options { get; } = options;

    public Task<NotebookRun> RunAsync(string notebookPath, IReadOnlyDictionary<string, string>? parameters = null, CancellationToken cancellationToken = default) =>
        RunAsync(DibFormat.Read(notebookPath), notebookPath, parameters, cancellationToken);

    /// <exception cref="NotebookParameterException">An override the notebook does not declare, or of the wrong type (nothing has run).</exception>
    public async Task<NotebookRun> RunAsync(DibDocument document, string notebookPath, IReadOnlyDictionary<string, string>? parameters = null, CancellationToken cancellationToken = default)
    {
        parameters ??= new Dictionary<string, string>();
        var run = new NotebookRun
        {
            NotebookPath = Path.GetFullPath(notebookPath),
            Document = document,
            Cells = PlanCells(document, parameters, Path.GetFileName(notebookPath)),
            Parameters = parameters,
            SessionId = Guid.NewGuid().ToString(),
        };

        var directory = Path.GetDirectoryName(run.NotebookPath)!;
        var session = new Session(directory, BaseScriptOptions(directory), [.. Options.References]);
        var previousDirectory = Environment.CurrentDirectory;
        var previousSessionId = AppContext.GetData(SessionIdKey);

        Console.SetOut(session.Stdout);
        Console.SetError(session.Stderr);
        AppContext.SetData(SessionIdKey, run.SessionId);
        DisplayExtensions.Current = session.Globals;
        Environment.CurrentDirectory = directory;
        run.StartTime = DateTimeOffset.Now;
        try
        {
            for (var index = 0; index < run.Cells.Count && !cancellationToken.IsCancellationRequested; index++)
            {
                var cell = run.Cells[index];
                cell.StartTime = DateTimeOffset.Now;
                if (cell.Cell.IsCSharp)
                {
                    cell.ExecutionCount = ++session.ExecutionCount;
                    await RunCSharpAsync(cell, session, cancellationToken);
                }
                else
                {
                    ShowNonCSharpCell(cell);
                }
                cell.EndTime ??= DateTimeOffset.Now;
                Options.CellFinished?.Invoke(new CellProgress(run, index, cell));
                if (cell.Status == CellStatus.Failed) break;
            }
        }
        finally
        {
            run.EndTime = DateTimeOffset.Now;
            Console.SetOut(session.Stdout.RealConsole);
            Console.SetError(session.Stderr.RealConsole);
            Environment.CurrentDirectory = previousDirectory;
            AppContext.SetData(SessionIdKey, previousSessionId);
            DisplayExtensions.Current = null;
        }
        return run;
    }

    private static List<ExecutedCell> PlanCells(DibDocument document, IReadOnlyDictionary<string, string> parameters, string notebookName)
    {
        var parametersIndex = NotebookParameters.FindParametersCell(document);
        var cells = new List<ExecutedCell>();
        for (var i = 0; i < document.Cells.Count; i++)
        {
            cells.Add(new ExecutedCell(document.Cells[i], i == parametersIndex ? [NotebookParameters.ParametersTag] : []));
        }
        if (parameters.Count > 0)
        {
            var declared = parametersIndex < 0 ? [] : NotebookParameters.Declared(document.Cells[parametersIndex].Content);
            var code = NotebookParameters.BuildInjectedCell(declared, parameters, notebookName);
            cells.Insert(parametersIndex + 1, new ExecutedCell(new DibCell(DibKernels.CSharp, code), [NotebookParameters.InjectedParametersTag]));
        }
        return cells;
    }

    // Markdown is rendered by the writers; an html cell shows its text as HTML, as the html kernel does.
    // Other kernels (F#, PowerShell, JavaScript, ...) need a kernel this runner does not have: failing is
    // safer than skipping code the notebook relies on.
    private static void ShowNonCSharpCell(ExecutedCell cell)
    {
        switch (cell.Cell.KernelName)
        {
            case DibKernels.Markdown:
                cell.Status = CellStatus.Completed;
                break;
            case DibKernels.Html:
                cell.Add(new DisplayDataOutput("html-cell") { Data = ValueFormatter.Format(new HtmlContent(cell.Cell.Content)) });
                cell.Status = CellStatus.Completed;
                break;
            default:
                cell.Add(new ErrorOutput("UnsupportedKernel",
                    $"#!{cell.Cell.KernelName} cells cannot run headless: the runner runs C# (#!csharp), markdown and html cells.", []));
                cell.Status = CellStatus.Failed;
                break;
        }
    }

    /// <summary>What one notebook's C# cells share: the scripting state, the options grown by #r, the globals.</summary>
    private sealed class Session(string notebookDirectory, ScriptOptions scriptOptions, List<Assembly> referenced)
    {
        public string NotebookDirectory { get; } = notebookDirectory;
        public ScriptOptions ScriptOptions { get; set; } = scriptOptions;
        public List<Assembly> Referenced { get; } = referenced;
        public NotebookGlobals Globals { get; } = new();
        public CellOutputWriter Stdout { get; } = new(StreamOutput.StdOut, Console.Out);
        public CellOutputWriter Stderr { get; } = new(StreamOutput.StdErr, Console.Error);
        public ScriptState<object>? State { get; set; }
        public int ExecutionCount { get; set; }
    }

    private async Task RunCSharpAsync(ExecutedCell cell, Session session, CancellationToken cancellationToken)
    {
        session.Stdout.Cell = session.Stderr.Cell = session.Globals.CurrentCell = cell;
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var directives = CellDirectives.Process(cell.Cell.Content, session.NotebookDirectory, session.Referenced);
            foreach (var warning in directives.Warnings) Console.Error.WriteLine(warning);
            if (directives.HostAssemblies.Count > 0)
            {
                session.Referenced.AddRange(directives.HostAssemblies);
                session.ScriptOptions = session.ScriptOptions.AddReferences(directives.HostAssemblies);
            }

            var (state, options) = (session.State, session.ScriptOptions);
            // Task.Run: a cell may never reach an await (a long synchronous loop); the timeout must not wait for it.
            var execution = Task.Run(() => state is null
                ? CSharpScript.RunAsync<object>(directives.Code, options, session.Globals, typeof(NotebookGlobals), cancellationToken)
                : state.ContinueWithAsync<object>(directives.Code, options, cancellationToken), cancellationToken);
            var next = await WithTimeout(execution, cancellationToken);

            if (HasTrailingValue(next.Script.GetCompilation()))
            {
                cell.Add(new ExecuteResultOutput(ValueFormatter.Format(next.ReturnValue), cell.ExecutionCount ?? 0));
            }
            if (directives.Time) Console.Out.WriteLine($"Wall time: {stopwatch.Elapsed.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)}ms");
            session.State = next;
            cell.Status = CellStatus.Completed;
        }
        catch (Exception e)
        {
            cell.Add(ToError(e));
            cell.Status = CellStatus.Failed;
        }
        finally
        {
            cell.EndTime = DateTimeOffset.Now;
            session.Stdout.Cell = session.Stderr.Cell = session.Globals.CurrentCell = null;
        }
    }

    // A cell has a value when its last statement is an expression without `;` whose type is not void
    // (Roslyn's own HasSubmissionResult is internal).
    private static bool HasTrailingValue(Compilation compilation)
    {
        var tree = compilation.SyntaxTrees.LastOrDefault();
        if (tree?.GetRoot() is not CompilationUnitSyntax root) return false;
        if (root.Members.LastOrDefault() is not GlobalStatementSyntax { Statement: ExpressionStatementSyntax statement }
            || !statement.SemicolonToken.IsMissing)
        {
            return false;
        }
        var type = compilation.GetSemanticModel(tree).GetTypeInfo(statement.Expression).Type;
        return type is not null && type.SpecialType != SpecialType.System_Void;
    }

    private async Task<T> WithTimeout<T>(Task<T> task, CancellationToken cancellationToken)
    {
        // Waiting stops on timeout or cancellation even when the cell's code does not look at the token.
        try
        {
            return await task.WaitAsync(Options.CellTimeout ?? Timeout.InfiniteTimeSpan, cancellationToken);
        }
        catch (TimeoutException) when (!task.IsCompleted && Options.CellTimeout is { } timeout)
        {
            throw new CellStoppedException("CellTimeout",
                $"the cell did not finish within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s; the notebook was stopped (the cell's code may still be running in the background).");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !task.IsCompleted)
        {
            throw new CellStoppedException("Cancelled", "the run was cancelled while this cell ran; its code was abandoned.");
        }
    }

    /// <summary>The runner stopped waiting for a cell (timeout, cancellation): not an error of the cell's code.</summary>
    private sealed class CellStoppedException(string name, string message) : Exception(message)
    {
        public string Name { get; } = name;
    }

    private static ErrorOutput ToError(Exception exception)
    {
        switch (exception)
        {
            case CompilationErrorException compile:
                var errors = compile.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(FormatDiagnostic).ToList();
                return new ErrorOutput("CompilationError", errors.FirstOrDefault() ?? compile.Message, errors);
            case CellDirectiveException directive:
                return new ErrorOutput("DirectiveError", directive.Message, [directive.Message]);
            case CellStoppedException stopped:
                return new ErrorOutput(stopped.Name, stopped.Message, [stopped.Message]);
            case AggregateException { InnerExceptions.Count: 1 } aggregate:
                return ToError(aggregate.InnerExceptions[0]);
            case TargetInvocationException { InnerException: { } inner }:
                return ToError(inner);
            default:
                return new ErrorOutput(exception.GetType().Name, exception.Message, exception.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToList());
        }
    }

    // Line and column are those of the cell: every cell is its own submission and handled directives keep their lines.
    private static string FormatDiagnostic(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        var file = string.IsNullOrEmpty(span.Path) ? "" : span.Path;
        var position = diagnostic.Location.IsInSource ? $"({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})" : "";
        return $"{file}{position}: error {diagnostic.Id}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}";
    }

    private ScriptOptions BaseScriptOptions(string notebookDirectory) =>
        ScriptOptions.Default
            .WithReferences(FrameworkReferences.Value)
            .AddReferences(Options.References.Append(typeof(NotebookGlobals).Assembly).Distinct())
            .WithImports(Options.Imports.Append(typeof(DisplayExtensions).Namespace!).Distinct())
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(notebookDirectory))
            .WithSourceResolver(ScriptSourceResolver.Default.WithBaseDirectory(notebookDirectory))
            .WithEmitDebugInformation(false)
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithAllowUnsafe(true)
            .WithLanguageVersion(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest);

    // Every assembly of the shared framework, as a Polyglot Notebooks C# kernel has (System.Text.Json, System.Net.Http, ...).
    private static IReadOnlyList<MetadataReference> LoadFrameworkReferences()
    {
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var platform = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "").Split(Path.PathSeparator);
        return [.. platform
            .Where(path => path.Length > 0 && Path.GetDirectoryName(path) == frameworkDirectory)
            .Where(path => !Path.GetFileName(path).StartsWith("Microsoft.VisualBasic", StringComparison.Ordinal))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))];
    }
}
