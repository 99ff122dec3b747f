using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using EcgNotebooks.Data;

namespace EcgNotebooks.Cli.Commands;

/// <summary>`ecg data ...`: verify, summary, download, pack, bench.</summary>
public sealed class DataCommands : ICommandGroup
{
    private static readonly Option<string?> DataOption = new("--data")
    {
        Description = "Data folder or MIT-BIH pack file (default: ECG_DATA_DIR, <repo>/data, <repo>/../shared/data)",
    };

    public Command Build()
    {
        var data = new Command("data", "MIT-BIH and LUDB: verify, summarise, download, pack, benchmark");
        data.Subcommands.Add(Where());
        data.Subcommands.Add(Verify());
        data.Subcommands.Add(Summary());
        data.Subcommands.Add(Download());
        data.Subcommands.Add(Pack());
        data.Subcommands.Add(Bench());
        return data;
    }

    private static string Location(ParseResult p) => p.GetValue(DataOption) is { } d ? Path.GetFullPath(d) : DataDirectory.Resolve();

    private static Command Where()
    {
        var cmd = new Command("where", "Print the data folder (or pack file) the commands use: ECG_DATA_DIR, else <repo>/data, else <repo>/../shared/data");
        cmd.SetAction(_ =>
        {
            Console.WriteLine(DataDirectory.Resolve());
            return 0;
        });
        return cmd;
    }

    private static Command Verify()
    {
        var dataset = new Option<string?>("--dataset") { Description = "mitdb or ludb (default: both that are present)" };
        var strict = new Option<bool>("--strict") { Description = "Also fail when a file the release lists is missing locally" };
        var cmd = new Command("verify", "SHA-256 of every local file against the release's SHA256SUMS.txt; non-zero exit on any mismatch")
            { DataOption, dataset, strict };
        cmd.SetAction(p =>
        {
            var root = Location(p);
            var names = p.GetValue(dataset) is { } n ? [PhysioNetRelease.ByName(n).Name] : PhysioNetRelease.Known.Select(r => r.Name).Where(r => Directory.Exists(Path.Combine(root, r))).ToArray();
            if (names.Length == 0) { Console.Error.WriteLine($"no mitdb/ or ludb/ under {root}"); return 2; }
            int bad = 0;
            foreach (var name in names)
            {
                var dir = Path.Combine(root, name);
                var checks = Sha256Sums.Read(Path.Combine(dir, Sha256Sums.FileName)).Verify(dir);
                foreach (var c in checks.Where(c => !c.Ok && !c.Missing))
                    Console.WriteLine($"MISMATCH {name}/{c.RelativePath}: {c.Actual} != {c.Expected}");
                int mismatched = checks.Count(c => !c.Ok && !c.Missing), missing = checks.Count(c => c.Missing);
                if (p.GetValue(strict)) foreach (var c in checks.Where(c => c.Missing)) Console.WriteLine($"MISSING  {name}/{c.RelativePath}");
                bad += mismatched + (p.GetValue(strict) ? missing : 0);
                Console.WriteLine($"{name}: {checks.Count(c => c.Ok)} files verified, {mismatched} mismatched, {missing} listed but not present" +
                    (missing > 0 && !p.GetValue(strict) ? " (use --strict to fail on those)" : ""));
            }
            return bad == 0 ? 0 : 1;
        });
        return cmd;
    }

    private static Command Summary()
    {
        var split = new Option<string>("--split") { Description = "DS1, DS2, train, validation or all", DefaultValueFactory = _ => "DS1" };
        var classes = new Option<int>("--classes") { Description = "4 (N S V F) or 5 (with Q)", DefaultValueFactory = _ => 5 };
        var records = new Option<bool>("--records") { Description = "Counts per record too" };
        var json = new Option<bool>("--json") { Description = "Machine-readable output" };
        var cmd = new Command("summary", "AAMI beat counts per class (and per record), before and after the edge policy (paper window)")
            { split, classes, records, json, DataOption };
        cmd.SetAction(p =>
        {
            var source = MitBih.Open(Location(p));
            var list = MitBih.Split(p.GetValue(split)!);
            // Counting needs no signal processing: plan-only build with filtering off is cheap, so use the real builder.
            var options = BeatDatasetOptions.Paper with { Classes = p.GetValue(classes), Filter = null, Normalisation = BeatNormalisation.None };
            var ds = BeatDatasetBuilder.Build(source, list, options);
            var annotated = new ClassCounts(Enumerable.Range(0, 5).Select(c => ds.PerRecord.Sum(r => r.Annotated.AsList()[c])));
            if (p.GetValue(json))
            {
                var obj = new
                {
                    split = p.GetValue(split), classes = options.Classes, window = options.Window, edge = options.Edge.ToString(),
                    annotated = ToDict(annotated), kept = ToDict(ds.ClassCounts), droppedAtEdges = ToDict(ds.DroppedAtEdges),
                    records = p.GetValue(records)
                        ? ds.PerRecord.Select(r => new { record = r.Record, age = r.Age, sex = r.Sex?.ToString(), annotated = ToDict(r.Annotated), kept = ToDict(r.Kept), droppedAtEdges = ToDict(r.DroppedAtEdges) }).ToArray()
                        : null,
                };
                Console.WriteLine(JsonSerializer.Serialize(obj, new JsonSerializerOptions { WriteIndented = true, Converters = { new JsonStringEnumConverter() } }));
                return 0;
            }
            var cls = Enum.GetValues<AamiClass>().Take(options.Classes).ToArray();
            string Row(string name, ClassCounts a, ClassCounts k, ClassCounts d) =>
                $"{name,-8}" + string.Concat(cls.Select(c => $"{a[c],8}{k[c],8}{d[c],6}")) + $"{cls.Sum(c => a[c]),9}{cls.Sum(c => k[c]),9}";
            Console.WriteLine($"{p.GetValue(split)}: AAMI beats; per class: annotated, kept, dropped at the edges ({options.Edge}, window {options.Window.Before}+{options.Window.After} samples)");
            Console.WriteLine($"{"record",-8}" + string.Concat(cls.Select(c => $"{c + " ann",8}{"kept",8}{"drop",6}")) + $"{"total",9}{"kept",9}");
            if (p.GetValue(records))
                foreach (var r in ds.PerRecord) Console.WriteLine(Row(r.Record, r.Annotated, r.Kept, r.DroppedAtEdges));
            Console.WriteLine(Row("all", annotated, ds.ClassCounts, ds.DroppedAtEdges));
            return 0;
        });
        return cmd;
    }

    private static Dictionary<string, int> ToDict(ClassCounts c) => Enum.GetValues<AamiClass>().ToDictionary(k => k.ToString(), k => c[k]);

    private static Command Download()
    {
        var dataset = new Option<string?>("--dataset") { Description = "mitdb or ludb (default: both)" };
        var output = new Option<string?>("--out") { Description = "Target folder (default: ECG_DATA_DIR, else <repo>/data)" };
        var baseUrl = new Option<string>("--base-url") { Description = "Release server", DefaultValueFactory = _ => PhysioNetDownloader.DefaultBaseUri.ToString() };
        var cmd = new Command("download", "Download mitdb 1.0.0 / ludb 1.0.1 from PhysioNet, verifying every file's SHA-256; resumes partial files")
            { dataset, output, baseUrl };
        cmd.SetAction(async (p, cancel) =>
        {
            var target = p.GetValue(output) ?? DataDirectory.DownloadTarget();
            var releases = p.GetValue(dataset) is { } n ? [PhysioNetRelease.ByName(n)] : PhysioNetRelease.Known;
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
            var downloader = new PhysioNetDownloader(http, new Uri(p.GetValue(baseUrl)!));
            try
            {
                foreach (var release in releases)
                {
                    Console.WriteLine($"{release.Name} {release.Version} → {Path.Combine(target, release.Name)}");
                    await downloader.DownloadAsync(release, target, e => Console.WriteLine($"  {e.Outcome,-10} {e.RelativePath} ({e.Bytes:N0} bytes)"), cancel);
                }
                return 0;
            }
            catch (AggregateException e)
            {
                foreach (var inner in e.InnerExceptions) Console.Error.WriteLine(inner.Message);
                return 1;
            }
        });
        return cmd;
    }

    private static Command Pack()
    {
        var output = new Option<string>("--out") { Description = "Pack file to write", Required = true };
        var cmd = new Command("pack", "Write a compact single-file copy (MLII + annotations + headers) of the 44 DS1+DS2 records") { output, DataOption };
        cmd.SetAction(p =>
        {
            var source = MitBih.Open(Location(p));
            var sw = Stopwatch.StartNew();
            MitBihPack.Write(p.GetValue(output)!, source, MitBih.DS1AndDS2);
            Console.WriteLine($"{p.GetValue(output)}: {new FileInfo(p.GetValue(output)!).Length:N0} bytes, {MitBih.DS1AndDS2.Count} records, {sw.Elapsed.TotalSeconds:F1} s");
            return 0;
        });
        return cmd;
    }

    private static Command Bench()
    {
        var threads = new Option<int>("--threads") { Description = "Worker threads (default: processor count)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var profile = new Option<string>("--profile") { Description = "paper or recommended", DefaultValueFactory = _ => "paper" };
        var repeats = new Option<int>("--repeats") { Description = "Timed repetitions after the first (cold) run", DefaultValueFactory = _ => 3 };
        var cmd = new Command("bench", "Time building the DS1+DS2 dataset from the records (no dataset cache) and loading it from the cache")
            { threads, profile, repeats, DataOption };
        cmd.SetAction(p =>
        {
            var source = MitBih.Open(Location(p));
            var options = p.GetValue(profile)!.ToLowerInvariant() switch
            {
                "paper" => BeatDatasetOptions.Paper,
                "recommended" => BeatDatasetOptions.Recommended,
                var x => throw new ArgumentException($"unknown profile '{x}'"),
            };
            var records = MitBih.DS1AndDS2;
            long bytes = source is WfdbDirectorySource dir
                ? records.Sum(r => new[] { ".hea", ".dat", ".atr" }.Sum(e => new FileInfo(Path.Combine(dir.Location, r + e)).Length))
                : new FileInfo(source.Location).Length;
            int n = p.GetValue(threads);
            Console.WriteLine($"ecg data bench: {records.Count} records (DS1+DS2) from {source.Location}, {bytes:N0} input bytes, {n} threads, {Environment.ProcessorCount} cores, profile {p.GetValue(profile)}");
            Console.WriteLine($"options: {options.Canonical()}");
            var build = new List<double>();
            var cpu = new List<double>();
            BeatDataset? ds = null;
            var process = Process.GetCurrentProcess();
            for (int i = 0; i <= p.GetValue(repeats); i++)
            {
                var timings = new BuildTimings();
                process.Refresh();
                var cpu0 = process.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                ds = BeatDatasetBuilder.Build(source, records, options, n, timings);
                build.Add(sw.Elapsed.TotalSeconds);
                process.Refresh();
                cpu.Add((process.TotalProcessorTime - cpu0).TotalSeconds);
                Console.WriteLine($"  run {i}: {build[^1]:F3} s wall, {cpu[^1]:F3} s CPU; {timings}");
            }
            var cacheDir = Path.Combine(Path.GetTempPath(), $"ecg-bench-{Environment.ProcessId}");
            try
            {
                var cache = new DatasetCache(cacheDir);
                var key = DatasetCache.Key(source, records, options);
                var sw = Stopwatch.StartNew();
                cache.Save(key, ds!);
                double save = sw.Elapsed.TotalSeconds;
                long cacheBytes = new FileInfo(cache.PathFor(key)).Length;
                var load = new List<double>();
                for (int i = 0; i <= p.GetValue(repeats); i++)
                {
                    sw.Restart();
                    var loaded = cache.TryLoad(key, options) ?? throw new InvalidOperationException("cache miss right after saving");
                    load.Add(sw.Elapsed.TotalSeconds);
                    if (loaded.Count != ds!.Count) throw new InvalidOperationException("cached dataset differs");
                }
                Console.WriteLine($"dataset: {ds!.Count:N0} beats × {ds.LeadCount} × {ds.Length}, {ds.RrFeatureCount} RR features; {ds.ClassCounts}; dropped at edges: {ds.DroppedAtEdges.Total}");
                Console.WriteLine($"build (read + filter + beats + RR), first run incl. JIT: {build[0]:F3} s ({bytes / build[0] / 1e6:F1} MB/s)");
                if (build.Count > 1)
                    Console.WriteLine($"build, best of {build.Count - 1} repeats: {build.Skip(1).Min():F3} s ({bytes / build.Skip(1).Min() / 1e6:F1} MB/s), median {Median(build.Skip(1)):F3} s");
                Console.WriteLine($"build CPU time: first {cpu[0]:F3} s, best repeat {cpu.Skip(1).DefaultIfEmpty(cpu[0]).Min():F3} s (wall ≈ CPU / {n} on an idle machine)");
                Console.WriteLine($"cache save: {save:F3} s ({cacheBytes:N0} bytes)");
                Console.WriteLine($"cache load, first: {load[0]:F3} s ({cacheBytes / load[0] / 1e9:F2} GB/s)" +
                    (load.Count > 1 ? $"; best of {load.Count - 1}: {load.Skip(1).Min():F3} s ({cacheBytes / load.Skip(1).Min() / 1e9:F2} GB/s)" : ""));
            }
            finally
            {
                if (Directory.Exists(cacheDir)) Directory.Delete(cacheDir, recursive: true);
            }
            return 0;
        });
        return cmd;
    }

    private static double Median(IEnumerable<double> values)
    {
        var s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
