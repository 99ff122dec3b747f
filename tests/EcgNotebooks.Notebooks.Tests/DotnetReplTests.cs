using System.Diagnostics;
using System.Text.Json;
using EcgNotebooks.Notebooks;
using Microsoft.DotNet.Interactive.Documents;

namespace EcgNotebooks.Notebooks.Tests;

/// <summary>
/// Notebook 01 in a second, independent host: dotnet-repl (pinned in .config/dotnet-tools.json, restored by
/// environment/setup.sh), as a user would run it: <c>dotnet tool run dotnet-repl -- --run … --exit-after-run
/// --output-path ….ipynb</c>, from the notebooks folder (dotnet-repl resolves <c>#r</c> against its current directory).
/// dotnet-repl has no parameters, so the CI-size values go into an injected-parameters cell of a copy, as papermill does.
/// </summary>
public sealed class DotnetReplTests
{
    [Fact]
    public async Task Notebook_01_runs_under_dotnet_repl()
    {
        var notebook = NotebookCiRun.Notebooks.Single(p => Path.GetFileName(p).StartsWith("01-", StringComparison.Ordinal));
        var folder = Directory.CreateTempSubdirectory("ecg-dotnet-repl-").FullName;
        try
        {
            var copy = Path.Combine(folder, Path.GetFileName(notebook));
            await File.WriteAllTextAsync(copy, WithInjectedParameters(notebook, NotebookCiRun.ParametersFor(notebook, Path.Combine(folder, "results"))));
            var output = Path.Combine(folder, "01.ipynb");

            var (exit, log) = await RunAsync(Path.GetDirectoryName(notebook)!, TimeSpan.FromMinutes(10),
                "tool", "run", "dotnet-repl", "--", "--run", copy, "--exit-after-run", "--output-path", output);

            Assert.True(exit == 0, $"dotnet-repl exited with {exit}:\n{log}");
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(output));
            var code = json.RootElement.GetProperty("cells").EnumerateArray().Where(c => c.GetProperty("cell_type").GetString() == "code").ToList();
            var outputs = code.SelectMany(c => c.GetProperty("outputs").EnumerateArray()).ToList();
            Assert.DoesNotContain(outputs, o => o.GetProperty("output_type").GetString() == "error");
            Assert.Contains(outputs, o => o.GetProperty("output_type").GetString() == "stream"
                && string.Concat(o.GetProperty("text").EnumerateArray().Select(l => l.GetString())).Contains("Data: "));
            Assert.Contains(outputs, o => o.TryGetProperty("data", out var data) && data.TryGetProperty("text/html", out var html)
                && html.ToString().Contains(EcgNotebooks.Charts.PlotlyHtml.ChartClass));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The notebook's text with papermill's injected-parameters cell right after its parameters cell.</summary>
    private static string WithInjectedParameters(string notebook, IReadOnlyDictionary<string, string> parameters)
    {
        var document = NotebookFile.Read(notebook);
        var index = NotebookParameters.FindParametersCell(document);
        Assert.True(index >= 0, $"{notebook} has no parameters cell");
        var code = NotebookParameters.BuildInjectedCell(NotebookParameters.Declared(document), parameters, Path.GetFileName(notebook));
        document.Elements.Insert(index + 1, new InteractiveDocumentElement(code, NotebookFile.CSharp, []));
        return CodeSubmission.ToCodeSubmissionContent(document, "\n");
    }

    private static async Task<(int ExitCode, string Log)> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish within {timeout}");
        }
        var log = await stdout + await stderr;
        return (process.ExitCode, log.Length > 8000 ? log[^8000..] : log);
    }
}
