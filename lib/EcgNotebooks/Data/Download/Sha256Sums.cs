using System.Security.Cryptography;

namespace EcgNotebooks.Data;

/// <summary>A PhysioNet release's SHA256SUMS.txt: "&lt;hex&gt; &lt;relative path&gt;" per line.</summary>
public sealed class Sha256Sums
{
    public const string FileName = "SHA256SUMS.txt";

    /// <summary>Relative path (forward slashes) → lower-case hex SHA-256.</summary>
    public IReadOnlyDictionary<string, string> Entries { get; }

    private Sha256Sums(Dictionary<string, string> entries) => Entries = entries;

    public static Sha256Sums Parse(string text, string nameForErrors)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0) continue;
            int space = line.IndexOf(' ');
            if (space != 64 || !IsHex(line.AsSpan(0, 64)))
                throw new MalformedHeaderException(nameForErrors, i + 1, "expected '<64 hex digits> <path>'");
            var file = line[(space + 1)..].TrimStart(' ', '*');
            if (file.Length == 0 || file.StartsWith('/') || file.Split('/').Contains(".."))
                throw new MalformedHeaderException(nameForErrors, i + 1, $"unsafe path '{file}'");
            entries[file] = line[..64].ToLowerInvariant();
        }
        return new Sha256Sums(entries);
    }

    public static Sha256Sums Read(string path)
    {
        if (!File.Exists(path)) throw new DataFileMissingException(path, "SHA256SUMS.txt");
        return Parse(File.ReadAllText(path), path);
    }

    private static bool IsHex(ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }

    public static string Hash(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public sealed record FileCheck(string RelativePath, string Expected, string? Actual)
    {
        public bool Ok => Actual == Expected;
        public bool Missing => Actual is null;
    }

    /// <summary>Hashes every listed file under <paramref name="directory"/> (in parallel) and compares.</summary>
    public IReadOnlyList<FileCheck> Verify(string directory)
    {
        var list = Entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToArray();
        var results = new FileCheck[list.Length];
        Parallel.For(0, list.Length, i =>
        {
            var path = Path.Combine(directory, list[i].Key);
            results[i] = new FileCheck(list[i].Key, list[i].Value, File.Exists(path) ? Hash(path) : null);
        });
        return results;
    }
}
