using EcgNotebooks.Notebooks;
using Microsoft.DotNet.Interactive.Documents;

namespace EcgNotebooks.Notebooks.Tests;

/// <summary>
/// One runner for every runner test. The tests in this collection run one at a time, because a running notebook owns
/// the current directory and the kernel's formatter registry is process-wide.
/// </summary>
public sealed class RunnerFixture : IDisposable
{
    public RunnerFixture()
    {
        Runner = new NotebookRunner(new NotebookRunnerOptions());
        Directory.CreateDirectory(Root);
    }

    public NotebookRunner Runner { get; }
    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"ecg-notebook-tests-{Guid.NewGuid():N}");

    /// <summary>Writes a notebook into a fresh folder and returns its path.</summary>
    public string Notebook(string dib, string name = "test")
    {
        var directory = Path.Combine(Root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ".dib");
        File.WriteAllText(path, dib.ReplaceLineEndings("\n"));
        return path;
    }

    public Task<NotebookRun> RunAsync(string dib, IReadOnlyDictionary<string, string>? parameters = null) =>
        Runner.RunAsync(Notebook(dib), parameters);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { } // a cell's background work may still hold a file; the folder is in /tmp
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunnerCollection : ICollectionFixture<RunnerFixture>
{
    public const string Name = "notebook runner";
}

/// <summary>Reading a cell's outputs in tests.</summary>
public static class OutputsExtensions
{
    /// <summary>The text/plain of the cell's value (its trailing expression).</summary>
    public static string? Value(this ExecutedCell cell) =>
        cell.Outputs.OfType<ReturnValueElement>().SingleOrDefault()?.Data.TryGetValue("text/plain", out var text) == true ? text as string : null;

    public static string? Mime(this DisplayElement display, string mimeType) =>
        display.Data.TryGetValue(mimeType, out var value) ? value as string : null;
}
