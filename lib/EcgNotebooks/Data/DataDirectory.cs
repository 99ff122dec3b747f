namespace EcgNotebooks.Data;

/// <summary>
/// The one place that decides where the data sets live: <c>ECG_DATA_DIR</c> if set (a folder holding
/// <c>mitdb/</c>, <c>ludb/</c> and <c>cinc2017/</c>, or a MIT-BIH pack file from <c>ecg data pack</c>); else
/// <c>&lt;repo&gt;/data</c> if it exists; else <c>&lt;repo&gt;/../shared/data</c> if it exists.
/// The repository root is the nearest folder holding <c>EcgNotebooks.sln</c> above the current
/// directory or the application's base directory.
/// </summary>
public static class DataDirectory
{
    public const string EnvironmentVariable = "ECG_DATA_DIR";

    /// <summary>The data folder (or pack file); throws <see cref="DirectoryNotFoundException"/> naming every place tried.</summary>
    public static string Resolve()
    {
        var tried = new List<string>();
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env))
        {
            var full = Path.GetFullPath(env);
            if (Directory.Exists(full) || File.Exists(full)) return full;
            throw new DirectoryNotFoundException($"{EnvironmentVariable}={env} names no folder or pack file ({full})");
        }
        tried.Add($"{EnvironmentVariable} (not set)");
        var repo = FindRepositoryRoot();
        if (repo is null) tried.Add("no folder with EcgNotebooks.sln above " + Directory.GetCurrentDirectory() + " or " + AppContext.BaseDirectory);
        else
        {
            foreach (var candidate in new[] { Path.Combine(repo, "data"), Path.GetFullPath(Path.Combine(repo, "..", "shared", "data")) })
            {
                if (Directory.Exists(candidate)) return candidate;
                tried.Add(candidate + " (missing)");
            }
        }
        throw new DirectoryNotFoundException(
            "No ECG data folder found. Tried: " + string.Join("; ", tried) +
            $". Set {EnvironmentVariable} or run `ecg data download`.");
    }

    /// <summary>Where `ecg data download` puts data when nothing is configured: ECG_DATA_DIR, else &lt;repo&gt;/data, else ./data.</summary>
    public static string DownloadTarget()
    {
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env))
            return File.Exists(env)
                ? throw new InvalidOperationException($"{EnvironmentVariable}={env} is a pack file; downloads need a folder (pass --out)")
                : Path.GetFullPath(env);
        var repo = FindRepositoryRoot();
        return Path.Combine(repo ?? Directory.GetCurrentDirectory(), "data");
    }

    /// <summary>The nearest folder holding EcgNotebooks.sln above the current directory or the base directory; null if none.</summary>
    public static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "EcgNotebooks.sln"))) return dir.FullName;
        }
        return null;
    }
}
