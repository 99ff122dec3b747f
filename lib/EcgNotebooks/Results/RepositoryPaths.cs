using EcgNotebooks.Data;

namespace EcgNotebooks.Results;

/// <summary>Paths as printed in outputs that get committed (executed notebooks, the report): relative to the repository,
/// so no page names the folders of the machine it was made on.</summary>
public static class RepositoryPaths
{
    /// <summary>
    /// <paramref name="path"/> relative to the repository that holds it, else to the repository of the current directory
    /// (data in <c>../shared/data</c> becomes <c>../shared/data/mitdb</c>), with forward slashes; unchanged when neither
    /// is inside a repository.
    /// </summary>
    public static string Relative(string path)
    {
        var full = Path.GetFullPath(path);
        var root = PathRoot(full) ?? DataDirectory.FindRepositoryRoot();
        return root is null ? path : Path.GetRelativePath(root, full).Replace('\\', '/');
    }

    static string? PathRoot(string full)
    {
        for (var dir = new DirectoryInfo(full); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EcgNotebooks.sln"))) return dir.FullName;
        return null;
    }
}
