using System.Text;

namespace EcgNotebooks.Notebooks;

/// <summary>Writes a file so readers never see half of it: a temporary file in the same folder, then a rename.</summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string contents, Encoding encoding)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temp, contents, encoding);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
