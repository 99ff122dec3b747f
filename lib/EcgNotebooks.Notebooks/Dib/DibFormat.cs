using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EcgNotebooks.Notebooks;

/// <summary>
/// Reads and writes the <c>.dib</c> format the way dotnet/interactive's <c>CodeSubmission</c> does:
/// a line starts a cell only when the text after <c>#!</c> is exactly a known kernel name or alias;
/// any other <c>#!</c> line is a magic command inside the current cell; text before the first marker is C#;
/// only fully empty leading/trailing lines of a cell are trimmed and empty cells are dropped.
/// </summary>
public static class DibFormat
{
    private const string MarkerPrefix = "#!";
    private const string MetaMarker = "#!meta";

    /// <summary>UTF-8 without a byte order mark, as Polyglot Notebooks writes it.</summary>
    public static Encoding Encoding { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public static DibDocument Read(string path)
    {
        string text;
        try { text = File.ReadAllText(path, Encoding); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DibFormatException(path, $"cannot read the notebook ({e.Message})");
        }
        return Parse(text, path);
    }

    /// <param name="sourceName">Named in errors (usually the file path).</param>
    public static DibDocument Parse(string text, string sourceName = "<dib>")
    {
        var lines = text.TrimStart('\uFEFF').ReplaceLineEndings("\n").Split('\n');
        var start = 0;
        JsonObject? metadata = null;
        var kernels = new Dictionary<string, string>(DibKernels.ByAlias, StringComparer.Ordinal);

        // The metadata block comes first: `#!meta`, then JSON, up to the next `#!` line (no JSON line starts so),
        // which may name a kernel that only the metadata declares.
        var firstContent = Array.FindIndex(lines, l => l.Length > 0);
        if (firstContent >= 0 && lines[firstContent] == MetaMarker)
        {
            var end = firstContent + 1;
            while (end < lines.Length && !lines[end].StartsWith(MarkerPrefix, StringComparison.Ordinal)) end++;
            var json = string.Join("\n", lines[(firstContent + 1)..end]).Trim();
            metadata = ParseMetadata(json, sourceName);
            AddDeclaredKernels(metadata, kernels);
            start = end;
        }

        var cells = new List<DibCell>();
        var kernel = DibKernels.CSharp;
        var current = new List<string>();
        for (var i = start; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith(MarkerPrefix, StringComparison.Ordinal)
                && kernels.TryGetValue(line[MarkerPrefix.Length..], out var next))
            {
                AddCell(cells, kernel, current);
                kernel = next;
                current.Clear();
            }
            else
            {
                current.Add(line);
            }
        }
        AddCell(cells, kernel, current);
        return new DibDocument(metadata, cells);
    }

    /// <summary>`#!kernel`, a blank line, the content, a blank line per cell; `\n` line ends.</summary>
    public static string Write(DibDocument document)
    {
        var lines = new List<string>();
        if (document.Metadata is not null)
        {
            lines.Add(MetaMarker);
            lines.Add("");
            lines.Add(document.Metadata.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
            lines.Add("");
        }
        foreach (var cell in document.Cells)
        {
            var content = TrimBlankLines(cell.Content.ReplaceLineEndings("\n").Split('\n').ToList());
            if (content.Count == 0) continue;
            lines.Add(MarkerPrefix + cell.KernelName);
            lines.Add("");
            lines.AddRange(content);
            lines.Add("");
        }
        return string.Join("\n", lines);
    }

    public static void Save(DibDocument document, string path) =>
        AtomicFile.WriteAllText(path, Write(document), Encoding);

    private static void AddCell(List<DibCell> cells, string kernel, List<string> lines)
    {
        var content = TrimBlankLines([.. lines]);
        if (content.Count > 0) cells.Add(new DibCell(kernel, string.Join("\n", content)));
    }

    // Only fully empty lines are trimmed: a line of spaces is content, as in dotnet/interactive.
    private static List<string> TrimBlankLines(List<string> lines)
    {
        var first = lines.FindIndex(l => l.Length > 0);
        if (first < 0) return [];
        var last = lines.FindLastIndex(l => l.Length > 0);
        return lines.GetRange(first, last - first + 1);
    }

    private static JsonObject ParseMetadata(string json, string sourceName)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject
                ?? throw new DibFormatException(sourceName, "the #!meta block is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new DibFormatException(sourceName, $"the #!meta block is not valid JSON ({e.Message})");
        }
    }

    // Kernels declared in the metadata (e.g. connected kernels) split cells too, like the built-in ones.
    private static void AddDeclaredKernels(JsonObject metadata, Dictionary<string, string> kernels)
    {
        if (metadata["kernelInfo"]?["items"] is not JsonArray items) return;
        foreach (var item in items.OfType<JsonObject>())
        {
            if (item["name"]?.GetValueKind() != JsonValueKind.String) continue;
            var name = item["name"]!.GetValue<string>();
            var canonical = kernels.GetValueOrDefault(name, name);
            kernels[name] = canonical;
            if (item["aliases"] is JsonArray aliases)
            {
                foreach (var alias in aliases)
                {
                    if (alias?.GetValueKind() == JsonValueKind.String) kernels.TryAdd(alias.GetValue<string>(), canonical);
                }
            }
        }
    }
}
