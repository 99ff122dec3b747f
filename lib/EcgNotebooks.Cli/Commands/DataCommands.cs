using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using EcgNotebooks.Data;

namespace EcgNotebooks.Cli.Commands;

/// <summary>`ecg data ...`: verify, summary (MIT-BIH, Kachuee, CinC 2017, LUDB), splits, download, pack, bench.</summary>
public sealed class DataCommands : ICommandGroup
{
    private static readonly Option<string?> DataOption = new("--data")
    {
        Description = "Data folder or MIT-BIH pack file (default: ECG_DATA_DIR, <repo>/data, <repo>/../shared/data)",
    };

    public Command Build()
    {
        var data = new Command("data", "MIT-BIH, LUDB and CinC 2017: verify, summarise, splits, download, pack, benchmark");
        data.Subcommands.Add(Where());
        data.Subcommands.Add(Verify());
        data.Subcommands.Add(Summary());
        data.Subcommands.Add(Splits());
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
        var dataset = new Option<string?>("--dataset") { Description = "mitdb, ludb or cinc2017 (default: all that are present)" };
        var strict = new Option<bool>("--strict") { Description = "Also fail when a file the release lists is missing locally" };
        var cmd = new Command("verify", "SHA-256 of every local file against the release's SHA256SUMS.txt; non-zero exit on any mismatch")
            { DataOption, dataset, strict };
        cmd.SetAction(p =>
        {
            var root = Location(p);
            var names = p.GetValue(dataset) is { } n ? [PhysioNetRelease.ByName(n).Folder] : PhysioNetRelease.Known.Select(r => r.Folder).Where(r => Directory.Exists(Path.Combine(root, r))).ToArray();
            if (names.Length == 0) { Console.Error.WriteLine($"no mitdb/, ludb/ or cinc2017/ under {root}"); return 2; }
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
        var which = new Option<string>("--dataset")
        {
            Description = "mitdb (beats of the inter-patient protocol), kachuee (Table 1's MIT-BIH re-compilation), cinc2017 (Table 2) or ludb (Table 3's multi-label set)",
            DefaultValueFactory = _ => "mitdb",
        };
        var build = new Option<bool>("--build") { Description = "kachuee: also build (or load from the cache) the beats, and time it" };
        var cmd = new Command("summary", "Counts per class beside the papers': MIT-BIH AAMI beats (default), the Kachuee re-compilation, CinC 2017 or LUDB")
            { which, split, classes, records, json, build, DataOption };
        cmd.SetAction(p =>
        {
            switch (p.GetValue(which)!.ToLowerInvariant())
            {
                case "mitdb": break;
                case "kachuee": return DatasetSummaries.Kachuee(Location(p), p.GetValue(build), p.GetValue(records));
                case "cinc2017" or "cinc" or "challenge-2017": return DatasetSummaries.Cinc2017(Location(p));
                case "ludb": return DatasetSummaries.Ludb(Location(p));
                case var x: Console.Error.WriteLine($"unknown data set '{x}' (mitdb, kachuee, cinc2017, ludb)"); return 2;
            }
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

    private static Command Splits()
    {
        var write = new Option<bool>("--write") { Description = "Write the files (default: only check that the committed ones are what the generator makes)" };
        var output = new Option<string?>("--out") { Description = "Folder to write to (default: lib/EcgNotebooks/Data/Splits of this clone)" };
        var cmd = new Command("splits", "The committed split files (CinC 2017 8:1:1 + 5 folds, LUDB 5 folds, Kachuee intra-patient 8:1:1): check them against the data, or (re)write them")
            { write, output, DataOption };
        cmd.SetAction(p =>
        {
            var generated = StoredSplits.Generate(Location(p));
            if (p.GetValue(write))
            {
                var folder = p.GetValue(output) ?? StoredSplits.RepositoryFolder() ?? throw new InvalidOperationException("not in a clone: pass --out");
                Directory.CreateDirectory(folder);
                foreach (var (file, text) in generated)
                {
                    File.WriteAllText(Path.Combine(folder, file), text);
                    Console.WriteLine($"wrote {Path.Combine(folder, file)} ({text.Length:N0} bytes)");
                }
                Console.WriteLine("Rebuild the library so the embedded copies follow, and commit the files.");
                return 0;
            }
            int differ = 0;
            foreach (var (file, text) in generated)
            {
                bool same = StoredSplits.ReadText(file).Text == text;
                if (!same) differ++;
                Console.WriteLine($"{(same ? "same   " : "DIFFERS")} {file}");
            }
            return differ == 0 ? 0 : 1;
        });
        return cmd;
    }

    private static Dictionary<string, int> ToDict(ClassCounts c) => Enum.GetValues<AamiClass>().ToDictionary(k => k.ToString(), k => c[k]);

    private static Command Download()
    {
        var dataset = new Option<string?>("--dataset") { Description = "mitdb, ludb or cinc2017 (default: all three)" };
        var output = new Option<string?>("--out") { Description = "Target folder (default: ECG_DATA_DIR, else <repo>/data)" };
        var baseUrl = new Option<string>("--base-url") { Description = "Release server", DefaultValueFactory = _ => PhysioNetDownloader.DefaultBaseUri.ToString() };
        var cmd = new Command("download", "Download mitdb 1.0.0 / ludb 1.0.1 / challenge-2017 1.0.0 (training set + REFERENCE-v3.csv, into cinc2017/) from PhysioNet, verifying every file's SHA-256; resumes partial files")
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
                    Console.WriteLine($"{release.Name} {release.Version} → {Path.Combine(target, release.Folder)}");
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

/// <summary>The `ecg data summary --dataset kachuee|cinc2017|ludb` reports: our counts beside the papers'.</summary>
internal static class DatasetSummaries
{
    private static double CpuSeconds() { using var p = Process.GetCurrentProcess(); return p.TotalProcessorTime.TotalSeconds; }

    private static string Pct(int ours, int theirs) => theirs == 0 ? "" : $"{100.0 * (ours - theirs) / theirs,+7:F2}%";

    public static int Kachuee(string location, bool build, bool perRecord)
    {
        var source = MitBih.Open(location);
        var sw = Stopwatch.StartNew();
        var (records, samples, labels) = KachueeBuilder.BeatList(source, MitBih.AllRecords);
        double listSeconds = sw.Elapsed.TotalSeconds;
        var ours = new ClassCounts(Enumerable.Range(0, 5).Select(c => labels.Count(l => l == c)));
        var paper = KachueeDataset.PaperCounts;
        Console.WriteLine($"Kachuee et al. (2018) re-compilation of MIT-BIH, rebuilt from {source.Location} (48 records; {KachueeOptions.Default.Canonical()})");
        Console.WriteLine($"{"class",-6}{"ours",9}{"Kachuee",9}{"diff",9}");
        foreach (var c in Enum.GetValues<AamiClass>()) Console.WriteLine($"{c,-6}{ours[c],9:N0}{paper[c],9:N0}{Pct(ours[c], paper[c]),9}");
        Console.WriteLine($"{"total",-6}{ours.Total,9:N0}{paper.Total,9:N0}{Pct(ours.Total, paper.Total),9}");
        Console.WriteLine($"(beat list from the annotations: {listSeconds:F2} s)");

        var split = StoredSplits.Kachuee();
        bool matches = StoredSplits.BeatsSha256(records, samples, labels) == split.BeatsSha256;
        Console.WriteLine();
        Console.WriteLine($"splits (counts N S V F Q):");
        if (matches)
        {
            var seen = new Dictionary<string, int>();
            var parts = new SplitPart[labels.Length];
            for (int i = 0; i < labels.Length; i++) { int k = seen.GetValueOrDefault(records[i]); seen[records[i]] = k + 1; parts[i] = split.ByRecord[records[i]][k]; }
            foreach (var part in Enum.GetValues<SplitPart>())
                Console.WriteLine($"  intra-patient {StoredSplits.PartName(part),-10} " + Counts(Enumerable.Range(0, labels.Length).Where(i => parts[i] == part), labels));
        }
        else Console.WriteLine($"  intra-patient: the stored split ({split.Source}) belongs to another beat list: run `ecg data splits`");
        foreach (var (name, set) in new[] { ("DS1", MitBih.DS1), ("DS2", MitBih.DS2), ("paced", MitBih.Paced) })
            Console.WriteLine($"  inter-patient {name,-10} " + Counts(Enumerable.Range(0, labels.Length).Where(i => set.Contains(records[i])), labels));

        if (perRecord)
        {
            Console.WriteLine();
            foreach (var g in Enumerable.Range(0, labels.Length).GroupBy(i => records[i]))
                Console.WriteLine($"  {g.Key} " + Counts(g, labels));
        }
        if (build)
        {
            double cpu0 = CpuSeconds();
            sw.Restart();
            var ds = KachueeBuilder.Load();
            Console.WriteLine();
            Console.WriteLine($"beats [{ds.Count:N0}, {ds.Length}] float32 in [0, 1] (MLII; V5 for {string.Join(", ", ds.LeadOfRecord.Where(p => p.Value != "MLII").Select(p => p.Key))}): " +
                $"{sw.Elapsed.TotalSeconds:F2} s wall, {CpuSeconds() - cpu0:F2} s CPU (built, or loaded from the cache under {DatasetCache.Default().Directory})");
            Console.WriteLine($"samples before zero padding: mean {ds.ValidLengths.Average():F1}, min {ds.ValidLengths.Min()}, max {ds.ValidLengths.Max()}; cropped at 187: {ds.FullLengths.Count(v => v == ds.Length):N0}; cut short by their window's end: {ds.CutByWindowEnd:N0}");
        }
        return 0;
    }

    private static string Counts(IEnumerable<int> indices, int[] labels)
    {
        var c = new int[5];
        int n = 0;
        foreach (var i in indices) { c[labels[i]]++; n++; }
        return $"{n,8:N0} = " + string.Join(" ", c.Select(x => $"{x,7:N0}"));
    }

    public static int Cinc2017(string location)
    {
        var cinc = Data.Cinc2017.Open(location);
        double cpu0 = CpuSeconds();
        var sw = Stopwatch.StartNew();
        var ds = cinc.Load();
        double wall = sw.Elapsed.TotalSeconds, cpu = CpuSeconds() - cpu0;
        var counts = ds.ClassCounts();
        int[] firstRelease = [5154, 771, 2557, 46];
        Console.WriteLine($"PhysioNet/CinC Challenge 2017 training set from {ds.Location}, labels {cinc.LabelsPath}");
        Console.WriteLine($"{"class",-6}{"ours",8}{"v3",8}{"v1",8}   (v3: REFERENCE-v3.csv, the final labels; v1: the first release, REFERENCE.csv in the zip, Clifford et al. 2017)");
        for (int c = 0; c < 4; c++)
            Console.WriteLine($"{Data.Cinc2017.ClassSymbols[c],-6}{counts[c],8:N0}{Data.Cinc2017.ReferenceV3Counts[c],8:N0}{firstRelease[c],8:N0}");
        Console.WriteLine($"{"total",-6}{ds.Count,8:N0}{Data.Cinc2017.ReferenceV3Counts.Sum(),8:N0}{firstRelease.Sum(),8:N0}");
        var lengths = ds.Adc.Select(a => a.Length / Cinc2017Dataset.SampleRate).Order().ToArray();
        Console.WriteLine($"length: {lengths[0]:F1}–{lengths[^1]:F1} s, median {lengths[lengths.Length / 2]:F1} s; {lengths.Count(l => l <= 30):N0} of {lengths.Length:N0} are at most 30 s; 300 Hz, one lead");
        Console.WriteLine($"read {ds.Count:N0} recordings ({ds.Adc.Sum(a => (long)a.Length) * 2 / 1e6:F0} MB of samples): {wall:F2} s wall, {cpu:F2} s CPU, {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine($"stored split ({StoredSplits.Cinc2017().Source}), counts N A O ~:");
        foreach (var part in Enum.GetValues<SplitPart>())
        {
            var idx = ds.Indices(part);
            Console.WriteLine($"  {StoredSplits.PartName(part),-10}{idx.Length,6:N0} = " + string.Join(" ", Enumerable.Range(0, 4).Select(c => $"{idx.Count(i => ds.Labels[i] == c),6:N0}")));
        }
        for (int f = 0; f < StoredSplits.Folds; f++)
        {
            var idx = ds.FoldIndices(f);
            Console.WriteLine($"  fold {f,-5}{idx.Length,6:N0} = " + string.Join(" ", Enumerable.Range(0, 4).Select(c => $"{idx.Count(i => ds.Labels[i] == c),6:N0}")));
        }
        return 0;
    }

    public static int Ludb(string location)
    {
        double cpu0 = CpuSeconds();
        var sw = Stopwatch.StartNew();
        var ds = LudbMultiLabel.Load(location);
        double wall = sw.Elapsed.TotalSeconds, cpu = CpuSeconds() - cpu0;
        Console.WriteLine($"LUDB 1.0.1 multi-label set (Table 3): {ds.Count} records = patients, leads {string.Join(" ", LudbMultiLabelDataset.LeadNames)} × {LudbMultiLabelDataset.Length} samples at 500 Hz; read in {wall:F2} s wall, {cpu:F2} s CPU");
        Console.WriteLine($"the paper's Table 3 used HMIC 2019 (32,142 records, 8 leads, 55 labels, not public here); ours: LUDB, {ds.LabelCount} labels with at least {ds.Options.MinPositives} positives ({ds.Options.Grouping} statements)");
        var ages = ds.Ages.Where(a => a is not null).Select(a => a!.Value).Order().ToArray();
        Console.WriteLine($"age {ages[0]}–{ages[^1]}, median {ages[ages.Length / 2]}; sex: {ds.Sexes.Count(s => s == Sex.Male)} M, {ds.Sexes.Count(s => s == Sex.Female)} F, {ds.Sexes.Count(s => s is null)} unknown");
        Console.WriteLine();
        Console.WriteLine($"{"label",-50}{"records",8}   per fold 0-4");
        for (int l = 0; l < ds.LabelCount; l++)
            Console.WriteLine($"{ds.Labels[l],-50}{ds.LabelCounts[l],8}   " + string.Join(" ", Enumerable.Range(0, StoredSplits.Folds).Select(f => $"{Enumerable.Range(0, ds.Count).Count(i => ds.Folds[i] == f && ds.Target(i)[l] == 1),3}")));
        Console.WriteLine($"{"records",-50}{ds.Count,8}   " + string.Join(" ", Enumerable.Range(0, StoredSplits.Folds).Select(f => $"{ds.Folds.Count(x => x == f),3}")));
        return 0;
    }
}
