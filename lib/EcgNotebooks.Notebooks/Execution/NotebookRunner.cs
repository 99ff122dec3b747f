using System.Globalization;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace EcgNotebooks.Notebooks;

/// <summary>
/// Runs a <c>.dib</c> notebook headless, papermill-style, on the real .NET Interactive C# kernel (the one Polyglot
/// Notebooks runs, hosted in this process): parameters injected after the parameters cell, code cells submitted in
/// order to one kernel, markdown kept for rendering, and a stop at the first failing cell (the rest stay pending).
/// One runner can run many notebooks, one at a time; each gets a fresh kernel.
/// </summary>
/// <remarks>
/// While a notebook runs, the process-wide current directory (the notebook's folder, as in VS Code, so its
/// <c>#r "../…"</c> lines resolve) and <see cref="SessionIdKey"/> belong to it; run notebooks one after another, never
/// concurrently in one process.
/// </remarks>
public sealed class NotebookRunner(NotebookRunnerOptions options)
{
    /// <summary>
    /// <c>AppContext.GetData(SessionIdKey)</c>: a new GUID string for each notebook run, set before its first cell and
    /// restored after its last, so a library can embed a heavy asset (plotly.js) once per notebook output. In Polyglot
    /// Notebooks it is absent: one session per kernel process.
    /// </summary>
    public const string SessionIdKey = "EcgNotebooks.Notebooks.SessionId";

    public NotebookRunnerOptions Options { get; } = options;

    public Task<NotebookRun> RunAsync(string notebookPath, IReadOnlyDictionary<string, string>? parameters = null, CancellationToken cancellationToken = default) =>
        RunAsync(NotebookFile.Read(notebookPath), notebookPath, parameters, cancellationToken);

    /// <exception cref="NotebookParameterException">An override the notebook does not declare, or of the wrong type (nothing has run).</exception>
    public async Task<NotebookRun> RunAsync(InteractiveDocument document, string notebookPath, IReadOnlyDictionary<string, string>? parameters = null, CancellationToken cancellationToken = default)
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

        var previousDirectory = Environment.CurrentDirectory;
        var previousSessionId = AppContext.GetData(SessionIdKey);
        AppContext.SetData(SessionIdKey, run.SessionId);
        Environment.CurrentDirectory = Path.GetDirectoryName(run.NotebookPath)!;
        run.StartTime = DateTimeOffset.Now;
        // Formatters registered by an earlier notebook (a static registry) must not leak into this one.
        Formatter.ResetToDefault();
        var kernel = CreateKernel();
        var events = new KernelEventCollector();
        using var subscription = kernel.KernelEvents.Subscribe(events);
        var executionCount = 0;
        try
        {
            for (var index = 0; index < run.Cells.Count && !cancellationToken.IsCancellationRequested; index++)
            {
                var cell = run.Cells[index];
                cell.StartTime = DateTimeOffset.Now;
                if (cell.IsMarkdown)
                {
                    cell.Status = CellStatus.Completed;
                }
                else
                {
                    cell.Element.ExecutionOrder = ++executionCount;
                    await SubmitAsync(kernel, events, cell, cancellationToken);
                }
                cell.EndTime ??= DateTimeOffset.Now;
                Options.CellFinished?.Invoke(new CellProgress(run, index, cell));
                if (cell.Status == CellStatus.Failed) break;
            }
        }
        finally
        {
            events.Cell = null;
            run.EndTime = DateTimeOffset.Now;
            Environment.CurrentDirectory = previousDirectory;
            AppContext.SetData(SessionIdKey, previousSessionId);
            // A cell abandoned on timeout may still be running: disposing must not wait for it.
            _ = Task.Run(kernel.Dispose);
        }
        return run;
    }

    /// <summary>The kernel Polyglot Notebooks gives a C# notebook: a composite kernel with the C# kernel and its helpers
    /// (<c>display</c>, <c>HTML</c>, ...). Cells of any other kernel fail, as that kernel is not there.</summary>
    private static CompositeKernel CreateKernel()
    {
        var csharp = new CSharpKernel().UseKernelHelpers().UseValueSharing().UseWho();
        var kernel = new CompositeKernel { csharp };
        kernel.DefaultKernelName = csharp.Name;
        return kernel;
    }

    private static List<ExecutedCell> PlanCells(InteractiveDocument document, IReadOnlyDictionary<string, string> parameters, string notebookName)
    {
        var parametersIndex = NotebookParameters.FindParametersCell(document);
        var cells = new List<ExecutedCell>();
        for (var i = 0; i < document.Elements.Count; i++)
        {
            var source = document.Elements[i];
            // A copy: running fills in outputs, the document read from disk stays as it was.
            var element = new InteractiveDocumentElement(source.Contents, source.KernelName, []);
            cells.Add(new ExecutedCell(element, i == parametersIndex ? [NotebookParameters.ParametersTag] : []));
        }
        if (parameters.Count > 0)
        {
            var declared = parametersIndex < 0 ? [] : NotebookParameters.Declared(document.Elements[parametersIndex].Contents);
            var code = NotebookParameters.BuildInjectedCell(declared, parameters, notebookName);
            cells.Insert(parametersIndex + 1, new ExecutedCell(new InteractiveDocumentElement(code, NotebookFile.CSharp, []), [NotebookParameters.InjectedParametersTag]));
        }
        return cells;
    }

    private async Task SubmitAsync(CompositeKernel kernel, KernelEventCollector events, ExecutedCell cell, CancellationToken cancellationToken)
    {
        events.Cell = cell;
        try
        {
            var submission = kernel.SendAsync(new SubmitCode(cell.Content, cell.KernelName), CancellationToken.None);
            var result = await WithTimeout(submission, cancellationToken);
            var failure = result.Events.OfType<CommandFailed>().LastOrDefault();
            if (failure is null)
            {
                cell.Status = CellStatus.Completed;
            }
            else
            {
                cell.Add(ToError(failure));
                cell.Status = CellStatus.Failed;
            }
        }
        catch (CellStoppedException stopped)
        {
            cell.Add(new ErrorElement(stopped.Message, stopped.Name, [stopped.Message]));
            cell.Status = CellStatus.Failed;
        }
        finally
        {
            cell.EndTime = DateTimeOffset.Now;
            events.Cell = null;
        }
    }

    private async Task<T> WithTimeout<T>(Task<T> task, CancellationToken cancellationToken)
    {
        // Waiting stops on timeout or cancellation even when the cell's code never yields.
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

    // The kernel's message is what Polyglot Notebooks shows: compile errors as "(line,col): error CSxxxx: ...",
    // exceptions with their stack trace.
    private static ErrorElement ToError(CommandFailed failure)
    {
        var lines = failure.Message.ReplaceLineEndings("\n").Split('\n');
        var (name, value) = failure.Exception switch
        {
            null => ("Error", lines[0]),
            { } e when e.GetType().Name == "CodeSubmissionCompilationErrorException" => ("CompilationError", lines[0]),
            { } e => (e.GetType().Name, e.Message),
        };
        return new ErrorElement(value, name, lines);
    }

    /// <summary>Turns the kernel's events into the outputs of the cell running now, in the order they happen. An
    /// update of a displayed value (<c>handle.Update(…)</c>) is a further output, as dotnet-repl writes it: this kernel's
    /// update events do not carry the id of the display they update.</summary>
    private sealed class KernelEventCollector : IObserver<KernelEvent>
    {
        private volatile ExecutedCell? _cell;

        public ExecutedCell? Cell { get => _cell; set => _cell = value; }

        public void OnNext(KernelEvent value)
        {
            if (_cell is not { } cell) return;
            switch (value)
            {
                case StandardOutputValueProduced stdout:
                    cell.AppendText("stdout", Text(stdout));
                    break;
                case StandardErrorValueProduced stderr:
                    cell.AppendText("stderr", Text(stderr));
                    break;
                case ReturnValueProduced result:
                    var returned = new ReturnValueElement { ExecutionOrder = cell.Element.ExecutionOrder };
                    Fill(returned.Data, result);
                    cell.Add(returned);
                    break;
                case DisplayedValueProduced or DisplayedValueUpdated:
                    var display = new DisplayElement(new Dictionary<string, object>());
                    Fill(display.Data, (DisplayEvent)value);
                    cell.Add(display);
                    break;
            }
        }

        private static string Text(DisplayEvent e) =>
            e.FormattedValues.FirstOrDefault(v => v.MimeType == PlainTextFormatter.MimeType)?.Value ?? e.FormattedValues.FirstOrDefault()?.Value ?? "";

        private static void Fill(IDictionary<string, object> data, DisplayEvent e)
        {
            foreach (var formatted in e.FormattedValues) data[formatted.MimeType] = formatted.Value;
        }

        public void OnCompleted() { }

        public void OnError(Exception error) { }
    }
}
