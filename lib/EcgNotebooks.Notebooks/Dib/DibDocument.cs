using System.Text.Json.Nodes;

namespace EcgNotebooks.Notebooks;

/// <summary>One cell of a <c>.dib</c> notebook: the canonical kernel name (<c>csharp</c>, <c>markdown</c>, ...) and its text.</summary>
public sealed record DibCell(string KernelName, string Content)
{
    public bool IsMarkdown => KernelName == DibKernels.Markdown;
    public bool IsCSharp => KernelName == DibKernels.CSharp;
}

/// <summary>
/// A parsed <c>.dib</c> file: the optional <c>#!meta</c> JSON (kept as written, e.g. its <c>kernelInfo</c>)
/// and the non-empty cells in order.
/// </summary>
public sealed record DibDocument(JsonObject? Metadata, IReadOnlyList<DibCell> Cells)
{
    /// <summary>The <c>kernelInfo</c> object of the metadata, or Polyglot Notebooks' default for a C# notebook.</summary>
    public JsonObject KernelInfo() =>
        Metadata?["kernelInfo"] is JsonObject info
            ? (JsonObject)info.DeepClone()
            : new JsonObject
            {
                ["defaultKernelName"] = DibKernels.CSharp,
                ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = DibKernels.CSharp }),
            };
}

/// <summary>Kernel names and aliases that start a cell, as dotnet/interactive's parser knows them.</summary>
public static class DibKernels
{
    public const string CSharp = "csharp";
    public const string Markdown = "markdown";
    public const string Html = "html";

    /// <summary>Canonical kernel name by every name and alias that may follow <c>#!</c> on a cell marker line.</summary>
    public static IReadOnlyDictionary<string, string> ByAlias { get; } = BuildAliases(
        (CSharp, ["c#", "cs"]),
        ("fsharp", ["f#", "fs"]),
        ("pwsh", ["powershell"]),
        ("javascript", ["js"]),
        (Html, []),
        ("sql", []),
        ("kql", []),
        ("mermaid", []),
        ("http", []),
        ("value", []),
        (Markdown, ["md"]));

    internal static Dictionary<string, string> BuildAliases(params (string Name, string[] Aliases)[] kernels)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, aliases) in kernels)
        {
            map[name] = name;
            foreach (var alias in aliases) map[alias] = name;
        }
        return map;
    }
}

/// <summary>A <c>.dib</c> file that cannot be read, naming the file and the problem.</summary>
public sealed class DibFormatException(string path, string problem)
    : Exception($"{path}: {problem}")
{
    public string Path { get; } = path;
}
