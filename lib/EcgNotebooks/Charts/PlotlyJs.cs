using System.Collections.Concurrent;
using System.Text;

namespace EcgNotebooks.Charts;

/// <summary>
/// plotly.js, from npm (environment/package-lock.json pins plotly.js-dist-min), used offline:
/// found on disk and embedded inline, never loaded from a CDN.
/// </summary>
public static class PlotlyJs
{
    /// <summary>Environment variable that points at a plotly.min.js to use instead of the npm one.</summary>
    public const string PathVariable = "ECG_PLOTLY_JS";

    /// <summary>Where the npm package puts it, relative to the repository root.</summary>
    public static readonly string RelativePath = Path.Combine("environment", "node_modules", "plotly.js-dist-min", "plotly.min.js");

    /// <summary>AppContext key that the notebook runner sets to a new value for each notebook it runs.
    /// Null in Polyglot Notebooks, where the kernel process is the session.</summary>
    public const string SessionIdKey = "EcgNotebooks.Notebooks.SessionId";

    /// <summary>AppContext key: when set to a URL (e.g. "../plotly.min.js", relative to the page), notebook chart
    /// outputs (<see cref="PlotlyHtml.SessionFragment"/>) load plotly.js from there instead of embedding it; pages
    /// (<see cref="PlotlyHtml.Page"/>) are not affected. <c>ecg notebooks run --plotly-js</c> sets it for its run.
    /// Those outputs then draw only where that URL resolves.</summary>
    public const string ScriptUrlKey = "EcgNotebooks.Charts.PlotlyScriptUrl";

    /// <summary>The URL charts load plotly.js from (<see cref="ScriptUrlKey"/>), or null: embed it inline.</summary>
    public static string? ScriptUrl => AppContext.GetData(ScriptUrlKey) is string { Length: > 0 } url ? url : null;

    /// <summary>The file name of plotly.js beside a page that references it (see <see cref="CopyTo"/>).</summary>
    public const string FileName = "plotly.min.js";

    /// <summary>
    /// Writes plotly.js (<see cref="Source"/>) into <paramref name="directory"/> as <see cref="FileName"/>, atomically
    /// and only when the file there differs; returns the path.
    /// </summary>
    public static string CopyTo(string directory)
    {
        var target = Path.Combine(directory, FileName);
        var source = Source;
        if (File.Exists(target) && new FileInfo(target).Length == Encoding.UTF8.GetByteCount(source) && File.ReadAllText(target) == source)
            return target;
        Results.AtomicFile.WriteAllText(target, source);
        return target;
    }

    static readonly object ProcessSession = new();
    static readonly ConcurrentDictionary<object, bool> EmbeddedSessions = new();
    // PublicationOnly: a failure (not installed yet) is not cached, so installing it fixes a running kernel.
    static readonly Lazy<string> Script = new(() => ReadScript(Locate()), LazyThreadSafetyMode.PublicationOnly);

    /// <summary>The path of plotly.min.js: $ECG_PLOTLY_JS, else the npm install under the repository
    /// (the folder holding EcgNotebooks.sln, searched upwards from the current directory and from the
    /// application's directory).</summary>
    /// <exception cref="FileNotFoundException">Naming every path tried and how to install it.</exception>
    public static string Locate()
    {
        var tried = new List<string>();
        var fromEnv = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            var full = Path.GetFullPath(fromEnv);
            if (File.Exists(full)) return full;
            throw new FileNotFoundException(
                $"{PathVariable} is set to '{fromEnv}', but there is no file at {full}. Point it at a plotly.min.js, or unset it to use the npm copy ({RelativePath}).", full);
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            var root = FindRepositoryRoot(start);
            if (root is null) { tried.Add($"(no EcgNotebooks.sln above {start})"); continue; }
            var candidate = Path.Combine(root, RelativePath);
            if (File.Exists(candidate)) return candidate;
            if (!tried.Contains(candidate)) tried.Add(candidate);
        }
        throw new FileNotFoundException(
            "plotly.js is not installed, so charts cannot be drawn. Tried: " + string.Join("; ", tried) +
            $". Fix: run `bash environment/setup.sh` (or `cd environment && npm ci`) in the repository, or set {PathVariable} to a plotly.min.js.");
    }

    /// <summary>The folder holding EcgNotebooks.sln at or above <paramref name="start"/>, or null.</summary>
    public static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EcgNotebooks.sln"))) return dir.FullName;
        return null;
    }

    /// <summary>The text of plotly.min.js (read once per process).</summary>
    public static string Source => Script.Value;

    /// <summary>
    /// True exactly once per notebook session (thread-safe): the caller must then embed plotly.js.
    /// The session is <c>AppContext.GetData(SessionIdKey)</c>, or the process when that is null.
    /// </summary>
    public static bool ClaimEmbedding() => EmbeddedSessions.TryAdd(CurrentSession(), true);

    /// <summary>Makes the next chart of the current session embed plotly.js again (for a notebook whose
    /// first chart output was cleared without restarting the kernel).</summary>
    public static void ResetEmbedding() => EmbeddedSessions.TryRemove(CurrentSession(), out _);

    static object CurrentSession() => AppContext.GetData(SessionIdKey) ?? ProcessSession;

    static string ReadScript(string path)
    {
        var text = File.ReadAllText(path);
        if (!text.Contains("Plotly", StringComparison.Ordinal))
            throw new InvalidDataException($"{path} does not look like plotly.js (no 'Plotly' in it).");
        // Inline <script> content ends at the first "</script"; plotly.min.js has none, check anyway.
        if (text.Contains("</script", StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"{path} contains '</script', so it cannot be embedded inline.");
        return text;
    }
}
