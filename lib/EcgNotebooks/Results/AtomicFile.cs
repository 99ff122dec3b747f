using System.Text;

namespace EcgNotebooks.Results;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new content, never a half file:
/// the content goes to a temporary file in the same folder (same file system, so the rename is atomic),
/// is flushed to disk, and is then moved over the target. If writing fails, the temporary file is deleted
/// and the target is left untouched. Every result file of the project is written through here.
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteAllText(string path, string contents) => Write(path, s =>
    {
        var bytes = Utf8NoBom.GetBytes(contents);
        s.Write(bytes, 0, bytes.Length);
    });

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, s => s.Write(copy, 0, copy.Length));
    }

    /// <summary>Streams content into the file; <paramref name="write"/> may throw, leaving the target as it was.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath)
                           ?? throw new ArgumentException($"'{path}' has no parent folder.", nameof(path));
        Directory.CreateDirectory(directory);
        string temp = TempPathFor(fullPath);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Text written through a <see cref="TextWriter"/> (UTF-8, no BOM).</summary>
    public static void WriteText(string path, Action<TextWriter> write) => Write(path, s =>
    {
        using var writer = new StreamWriter(s, Utf8NoBom, 1 << 16, leaveOpen: true);
        write(writer);
        writer.Flush();
    });

    /// <summary>Temporary files are hidden dot-files ending in ".tmp" beside the target.</summary>
    internal static string TempPathFor(string fullPath) =>
        Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { /* best effort: the original exception matters more */ }
        catch (UnauthorizedAccessException) { }
    }
}
