using Microsoft.DotNet.Interactive.Documents;

namespace EcgNotebooks.Notebooks;

/// <summary>A <c>.dib</c> file that cannot be read, naming the file and the problem.</summary>
public sealed class NotebookFileException(string path, string problem, Exception? inner = null) : Exception($"{path}: {problem}", inner)
{
    public string Path { get; } = path;
}

/// <summary>
/// Reading a <c>.dib</c> notebook with Polyglot Notebooks' own parser (<see cref="CodeSubmission"/> of
/// Microsoft.DotNet.Interactive.Documents), and the kernel names its cells carry.
/// </summary>
public static class NotebookFile
{
    public const string CSharp = "csharp";
    public const string Markdown = "markdown";

    public static InteractiveDocument Read(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NotebookFileException(path, $"cannot read the notebook ({e.Message})", e);
        }
        return Parse(text, path);
    }

    /// <param name="sourceName">Named in errors (usually the file path).</param>
    public static InteractiveDocument Parse(string text, string sourceName = "<dib>")
    {
        try { return CodeSubmission.Parse(text, Kernels()); }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            throw new NotebookFileException(sourceName, $"not a .dib notebook ({e.Message})", e);
        }
    }

    /// <summary>
    /// The kernels whose <c>#!name</c> starts a cell, as Polyglot Notebooks knows them (a <c>#!meta</c> block may add
    /// more); any other <c>#!</c> line is a magic command inside the cell. C# is the default for text before the first marker.
    /// </summary>
    public static KernelInfoCollection Kernels()
    {
        var kernels = new KernelInfoCollection
        {
            new KernelInfo(CSharp, "C#", ["c#", "C#", "cs"]),
            new KernelInfo("fsharp", "F#", ["f#", "F#", "fs"]),
            new KernelInfo("pwsh", "PowerShell", ["powershell"]),
            new KernelInfo("javascript", "JavaScript", ["js"]),
            new KernelInfo("html", "HTML", []),
            new KernelInfo("sql", "SQL", []),
            new KernelInfo("kql", "KQL", []),
            new KernelInfo("mermaid", "Mermaid", []),
            new KernelInfo("http", "HTTP", []),
            new KernelInfo("value", null!, []),
            new KernelInfo(Markdown, "Markdown", ["md"]),
        };
        kernels.DefaultKernelName = CSharp;
        return kernels;
    }

    public static bool IsMarkdown(InteractiveDocumentElement element) => element.KernelName is Markdown or "md";

    public static bool IsCSharp(InteractiveDocumentElement element) => element.KernelName is CSharp or "c#" or "C#" or "cs";
}
