using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EcgNotebooks.Notebooks;
using Microsoft.DotNet.Interactive.Documents;

namespace EcgNotebooks.Notebooks.Tests;

/// <summary>One notebook after the CI run: where its outputs are, whether every cell ran, and how many charts it drew.</summary>
public sealed record CiNotebookResult(string Name, bool Succeeded, string? Failure, int Charts, double Seconds, string IpynbPath, string HtmlPath);

/// <summary>
/// Runs every <c>notebooks/*.dib</c> of the repository top to bottom on the real .NET Interactive C# kernel, in one
/// process, with CI-size parameters (a few
/// records, one short epoch, the quick profile, a private results folder), and writes the executed notebooks to
/// <c>&lt;repo&gt;/TestResults/notebooks/</c>. The run is shared: by the tests of one process (cached) and by the
/// notebook and browser test projects (a stamp file keyed by the notebooks, the parameters and the library builds, and
/// a lock file so two test processes never run the notebooks at once). This file is linked into the browser tests.
/// </summary>
public static partial class NotebookCiRun
{
    /// <summary>Parameters every notebook gets when it declares them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Common = new Dictionary<string, string>
    {
        // 01, 02: a few records
        ["recordsPerSplit"] = "2",
        ["maxBeatsPerClass"] = "300",
        // 03-08: the quick profile, one epoch of 256 beats, two training patients, one validation and one test patient
        ["profile"] = "quick",
        ["seeds"] = "1",
        ["epochs"] = "1",
        ["beatsPerEpoch"] = "256",
        ["trainRecords"] = "101,106",
        ["validationRecords"] = "124",
        ["testRecords"] = "117",
        ["device"] = "cpu",
        // 06: its tiny CPU version at the same scale, so it reuses 03's B2 run
        ["cpuEpochs"] = "1",
        ["cpuBeatsPerEpoch"] = "256",
        ["cpuTrainRecords"] = "101,106",
        ["cpuValidationRecords"] = "124",
        ["cpuTestRecords"] = "117",
        ["examplesPerClass"] = "3",
    };

    /// <summary>Per-notebook parameters on top of <see cref="Common"/> (the rows that keep CI within minutes).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> PerNotebook = new Dictionary<string, IReadOnlyDictionary<string, string>>
    {
        ["03-resunet-ablations"] = new Dictionary<string, string> { ["rows"] = "B0,B2" },
        ["04-macnn-se-hybrid"] = new Dictionary<string, string> { ["rows"] = "Baseline,MHCA-h1,Hybrid" },
        // 05's second-paper sections: a reduced run (1 epoch, 32 items per split) of each of the 10 rows of Tables 1-3.
        ["05-efficientecg"] = new Dictionary<string, string>
        {
            ["heads"] = "none,agesex", ["dengProfile"] = "quick", ["dengSeeds"] = "1", ["dengTrain"] = "true", ["dengItems"] = "32",
        },
    };

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IReadOnlyList<CiNotebookResult>? cached;

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "EcgNotebooks.sln"))) return dir.FullName;
            throw new DirectoryNotFoundException($"no EcgNotebooks.sln above {AppContext.BaseDirectory}");
        }
    }

    public static IReadOnlyList<string> Notebooks =>
        Directory.GetFiles(Path.Combine(RepositoryRoot, "notebooks"), "*.dib").Order(StringComparer.Ordinal).ToList();

    public static string OutputDirectory => Path.Combine(RepositoryRoot, "TestResults", "notebooks");

    /// <summary>The parameters one notebook gets: those of <see cref="Common"/> and its own that it declares.</summary>
    public static IReadOnlyDictionary<string, string> ParametersFor(string notebookPath, string resultsRoot)
    {
        var name = Path.GetFileNameWithoutExtension(notebookPath);
        var declared = NotebookParameters.Declared(NotebookFile.Read(notebookPath)).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var all = new Dictionary<string, string>(Common, StringComparer.Ordinal) { ["resultsRoot"] = resultsRoot };
        if (PerNotebook.TryGetValue(name, out var own))
            foreach (var (k, v) in own) all[k] = v;
        return all.Where(kv => declared.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
    }

    /// <summary>Runs the notebooks (or returns the outputs of an identical earlier run).</summary>
    public static async Task<IReadOnlyList<CiNotebookResult>> RunAllAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (cached is not null) return cached;
            Directory.CreateDirectory(OutputDirectory);
            using var processLock = await AcquireLockAsync(Path.Combine(OutputDirectory, ".lock"), TimeSpan.FromMinutes(20));
            var stampPath = Path.Combine(OutputDirectory, "ci-run.json");
            var stamp = Stamp();
            if (File.Exists(stampPath))
            {
                var previous = JsonSerializer.Deserialize<StampFile>(await File.ReadAllTextAsync(stampPath));
                if (previous is not null && previous.Stamp == stamp && previous.Results.All(r => File.Exists(r.HtmlPath) && File.Exists(r.IpynbPath)))
                    return cached = previous.Results;
            }
            var results = await RunAsync();
            await File.WriteAllTextAsync(stampPath, JsonSerializer.Serialize(new StampFile(stamp, results)));
            return cached = results;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<IReadOnlyList<CiNotebookResult>> RunAsync()
    {
        // A private results folder: CI runs never mix with the repository's results/.
        var resultsRoot = Path.Combine(OutputDirectory, "results");
        if (Directory.Exists(resultsRoot)) Directory.Delete(resultsRoot, recursive: true);
        var runner = new NotebookRunner(new NotebookRunnerOptions { CellTimeout = TimeSpan.FromMinutes(10) });
        var results = new List<CiNotebookResult>();
        foreach (var path in Notebooks)
        {
            var run = await runner.RunAsync(path, ParametersFor(path, resultsRoot));
            var saved = NotebookOutputs.Save(run, OutputDirectory);
            var failure = run.FailedCell is { } failed
                ? $"cell {run.Cells.ToList().IndexOf(failed) + 1}: {failed.Error?.ErrorName}: {failed.Error?.ErrorValue}"
                : null;
            results.Add(new CiNotebookResult(run.Name, run.Succeeded, failure, CountCharts(run), run.Duration.TotalSeconds, saved.IpynbPath, saved.HtmlPath));
        }
        return results;
    }

    /// <summary>Chart outputs (plotly divs of the library's formatter) over all cells.</summary>
    public static int CountCharts(NotebookRun run) => run.Cells.SelectMany(c => c.Outputs).Sum(o => o switch
    {
        ReturnValueElement r => Charts(r.Data),
        DisplayElement d => Charts(d.Data),
        _ => 0,
    });

    private static int Charts(IDictionary<string, object> data) =>
        data.TryGetValue("text/html", out var html) && html is string text ? CountOf(text, "class=\"" + EcgNotebooks.Charts.PlotlyHtml.ChartClass) : 0;

    private static int CountOf(string text, string part)
    {
        int n = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    /// <summary>Changes whenever a notebook, a parameter or a library build changes.</summary>
    private static string Stamp()
    {
        var text = new StringBuilder();
        foreach (var path in Notebooks) text.Append(path).Append('\n').Append(File.ReadAllText(path)).Append('\n');
        text.Append(JsonSerializer.Serialize(Common)).Append(JsonSerializer.Serialize(PerNotebook));
        // The assemblies the notebooks reference (their #r lines, relative to the notebooks' folder) and the runner.
        var referenced = Notebooks.SelectMany(path => File.ReadLines(path)
                .Select(line => ReferenceLine().Match(line)).Where(m => m.Success)
                .Select(m => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, m.Groups[1].Value))))
            .Distinct().Order(StringComparer.Ordinal);
        foreach (var dll in referenced)
            text.Append(dll).Append(File.Exists(dll) ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(dll))) : "missing").Append('\n');
        text.Append(typeof(NotebookRunner).Assembly.ManifestModule.ModuleVersionId);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static async Task<FileStream> AcquireLockAsync(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("""^\s*#r\s+"([^":]+\.dll)"\s*$""")]
    private static partial System.Text.RegularExpressions.Regex ReferenceLine();

    private sealed record StampFile(string Stamp, IReadOnlyList<CiNotebookResult> Results);
}
