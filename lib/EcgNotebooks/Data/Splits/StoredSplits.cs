using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace EcgNotebooks.Data;

/// <summary>The stored CinC 2017 assignment: per record its label, its 8:1:1 part and its 5-fold fold.</summary>
public sealed record Cinc2017Splits(string Source, IReadOnlyDictionary<string, (int Label, SplitPart Part, int Fold)> ById);

/// <summary>The stored LUDB folds: record id → fold (0–4).</summary>
public sealed record LudbFolds(string Source, IReadOnlyDictionary<int, int> ById);

/// <summary>The stored intra-patient split of the Kachuee re-compilation: per record, each beat's part in beat order.</summary>
public sealed record KachueeSplit(string Source, string BeatsSha256, IReadOnlyDictionary<string, SplitPart[]> ByRecord);

/// <summary>
/// The split files every experiment uses. They are committed under <c>lib/EcgNotebooks/Data/Splits/</c>
/// and compiled into the library as embedded resources, so every machine and every installed copy
/// of the CLI reads the same bytes; <c>ecg data splits --write</c> (re)creates them from
/// <see cref="SplitMaker"/> and a test checks the committed files equal what the generator makes
/// from the real data. Each reader also accepts a file path (to try another split).
/// </summary>
public static class StoredSplits
{
    public const string Cinc2017FileName = "cinc2017-splits.csv";
    public const string LudbFileName = "ludb-folds.csv";
    public const string KachueeFileName = "kachuee-intra-patient-split.txt";

    /// <summary>Seeds of the stored splits (year of each data set's paper).</summary>
    public const ulong Cinc2017Seed = 2017, LudbSeed = 2020, KachueeSeed = 2018;

    public const int Folds = 5;

    /// <summary>Text of a stored split file: from <paramref name="path"/> if given, else the embedded copy.</summary>
    public static (string Text, string Source) ReadText(string fileName, string? path = null)
    {
        if (path is not null)
        {
            if (!File.Exists(path)) throw new DataFileMissingException(path, "split file");
            return (File.ReadAllText(path), Path.GetFullPath(path));
        }
        var name = "EcgNotebooks.Data.Splits." + fileName;
        using var stream = typeof(StoredSplits).Assembly.GetManifestResourceStream(name)
            ?? throw new DataFileMissingException($"embedded:{name}", "stored split (not compiled into the library)");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return (reader.ReadToEnd(), $"embedded:{fileName}");
    }

    /// <summary>Where the committed split files live in a clone (for `ecg data splits --write`); null outside one.</summary>
    public static string? RepositoryFolder() =>
        DataDirectory.FindRepositoryRoot() is { } repo ? Path.Combine(repo, "lib", "EcgNotebooks", "Data", "Splits") : null;

    private static IEnumerable<(int Line, string[] Fields)> Rows(string text)
    {
        var lines = text.Split('\n');
        bool header = true;
        for (int i = 0; i < lines.Length; i++)
        {
            var l = lines[i].TrimEnd('\r');
            if (l.Length == 0 || l.StartsWith('#')) continue;
            if (header) { header = false; continue; }
            yield return (i + 1, l.Split(','));
        }
    }

    private static SplitPart ParsePart(string s, string source, int line) => s switch
    {
        "train" => SplitPart.Train,
        "validation" => SplitPart.Validation,
        "test" => SplitPart.Test,
        _ => throw new MalformedHeaderException(source, line, $"split '{s}' is not train, validation or test"),
    };

    public static string PartName(SplitPart p) => p switch { SplitPart.Train => "train", SplitPart.Validation => "validation", _ => "test" };

    private static int ParseFold(string s, string source, int line) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var f) && f < Folds
            ? f : throw new MalformedHeaderException(source, line, $"fold '{s}' is not 0–{Folds - 1}");

    /// <summary>
    /// The text of every split file, generated from the data under <paramref name="dataDirectory"/>
    /// (default: the configured one); <paramref name="only"/> limits it to some file names.
    /// </summary>
    public static IReadOnlyList<(string FileName, string Text)> Generate(string? dataDirectory = null, IReadOnlyCollection<string>? only = null)
    {
        dataDirectory ??= DataDirectory.Resolve();
        bool Want(string f) => only is null || only.Contains(f);
        var result = new List<(string, string)>();
        if (Want(Cinc2017FileName))
            result.Add((Cinc2017FileName, FormatCinc2017(Data.Cinc2017.Open(dataDirectory).ReadLabels())));
        if (Want(LudbFileName))
        {
            var ds = LudbMultiLabel.Load(Data.Ludb.Open(dataDirectory), LudbMultiLabelOptions.Default, withoutFolds: true);
            result.Add((LudbFileName, FormatLudb(ds.RecordIds, ds.Targets, ds.Labels)));
        }
        if (Want(KachueeFileName))
        {
            var (records, samples, labels) = KachueeBuilder.BeatList(MitBih.Open(dataDirectory), MitBih.AllRecords, KachueeOptions.Default);
            result.Add((KachueeFileName, FormatKachuee(records, samples, labels)));
        }
        return result;
    }

    // ---- CinC 2017 ----

    private static readonly Lazy<Cinc2017Splits> EmbeddedCinc = new(() => ParseCinc2017(ReadText(Cinc2017FileName)));

    /// <summary>The stored CinC 2017 split (embedded), or the file at <paramref name="path"/>.</summary>
    public static Cinc2017Splits Cinc2017(string? path = null) => path is null ? EmbeddedCinc.Value : ParseCinc2017(ReadText(Cinc2017FileName, path));

    private static Cinc2017Splits ParseCinc2017((string Text, string Source) file)
    {
        var map = new Dictionary<string, (int, SplitPart, int)>(StringComparer.Ordinal);
        foreach (var (line, f) in Rows(file.Text))
        {
            if (f.Length != 4) throw new MalformedHeaderException(file.Source, line, "expected record,label,split,fold");
            var label = (int)Data.Cinc2017.ParseClass(f[1], file.Source, line);
            if (!map.TryAdd(f[0], (label, ParsePart(f[2], file.Source, line), ParseFold(f[3], file.Source, line))))
                throw new MalformedHeaderException(file.Source, line, $"record {f[0]} is listed twice");
        }
        return new Cinc2017Splits(file.Source, map);
    }

    /// <summary>The CinC 2017 split file's text, generated from the labels (REFERENCE-v3.csv order).</summary>
    public static string FormatCinc2017(IReadOnlyList<(string Id, CincClass Label)> labels)
    {
        var classes = labels.Select(l => (int)l.Label).ToArray();
        var parts = SplitMaker.Stratified(classes, 0.8, 0.1, Cinc2017Seed);
        var folds = SplitMaker.StratifiedFolds(classes, Folds, Cinc2017Seed);
        var sb = new StringBuilder();
        sb.Append("# CinC 2017 training set, REFERENCE-v3.csv labels (N, A, O, ~): the paper's 8:1:1 train/validation/test split,\n");
        sb.Append($"# stratified by class (SplitMaker.Stratified(0.8, 0.1, seed {Cinc2017Seed})), and a {Folds}-fold stratified cross-validation\n");
        sb.Append($"# assignment (SplitMaker.StratifiedFolds({Folds}, seed {Cinc2017Seed})). Written by `ecg data splits --write`; committed, never regenerated by runs.\n");
        sb.Append("record,label,split,fold\n");
        for (int i = 0; i < labels.Count; i++)
            sb.Append(labels[i].Id).Append(',').Append(Data.Cinc2017.Symbol(labels[i].Label)).Append(',')
              .Append(PartName(parts[i])).Append(',').Append(folds[i].ToString(CultureInfo.InvariantCulture)).Append('\n');
        return sb.ToString();
    }

    // ---- LUDB ----

    private static readonly Lazy<LudbFolds> EmbeddedLudb = new(() => ParseLudb(ReadText(LudbFileName)));

    public static LudbFolds Ludb(string? path = null) => path is null ? EmbeddedLudb.Value : ParseLudb(ReadText(LudbFileName, path));

    private static LudbFolds ParseLudb((string Text, string Source) file)
    {
        var map = new Dictionary<int, int>();
        foreach (var (line, f) in Rows(file.Text))
        {
            if (f.Length != 2 || !int.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                throw new MalformedHeaderException(file.Source, line, "expected record,fold");
            if (!map.TryAdd(id, ParseFold(f[1], file.Source, line))) throw new MalformedHeaderException(file.Source, line, $"record {id} is listed twice");
        }
        return new LudbFolds(file.Source, map);
    }

    /// <summary>The LUDB fold file's text: iterative multi-label stratification over the data set's labels.</summary>
    public static string FormatLudb(IReadOnlyList<int> recordIds, float[] targets, IReadOnlyList<string> labels)
    {
        var folds = SplitMaker.IterativeStratifiedFolds(targets, recordIds.Count, labels.Count, Folds, LudbSeed);
        var sb = new StringBuilder();
        sb.Append($"# LUDB 1.0.1: patient-level {Folds}-fold cross-validation (one record per patient), iterative multi-label stratification\n");
        sb.Append($"# (SplitMaker.IterativeStratifiedFolds, seed {LudbSeed}) over the {labels.Count} labels of LudbMultiLabelOptions.Default:\n");
        sb.Append("# ").Append(string.Join(" | ", labels)).Append('\n');
        sb.Append("# Written by `ecg data splits --write`; committed, never regenerated by runs.\n");
        sb.Append("record,fold\n");
        for (int i = 0; i < recordIds.Count; i++) sb.Append(recordIds[i].ToString(CultureInfo.InvariantCulture)).Append(',').Append(folds[i].ToString(CultureInfo.InvariantCulture)).Append('\n');
        return sb.ToString();
    }

    // ---- Kachuee ----

    private static readonly Lazy<KachueeSplit> EmbeddedKachuee = new(() => ParseKachuee(ReadText(KachueeFileName)));

    public static KachueeSplit Kachuee(string? path = null) => path is null ? EmbeddedKachuee.Value : ParseKachuee(ReadText(KachueeFileName, path));

    private static KachueeSplit ParseKachuee((string Text, string Source) file)
    {
        var map = new Dictionary<string, SplitPart[]>(StringComparer.Ordinal);
        string? sha = null;
        var lines = file.Text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var l = lines[i].TrimEnd('\r');
            if (l.StartsWith("# beats-sha256 ", StringComparison.Ordinal)) { sha = l[15..].Trim(); continue; }
            if (l.Length == 0 || l.StartsWith('#')) continue;
            var f = l.Split(' ');
            if (f.Length != 3 || !int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n != f[2].Length)
                throw new MalformedHeaderException(file.Source, i + 1, "expected '<record> <beat count> <one of t v s per beat>'");
            var parts = new SplitPart[n];
            for (int k = 0; k < n; k++)
                parts[k] = f[2][k] switch
                {
                    't' => SplitPart.Train,
                    'v' => SplitPart.Validation,
                    's' => SplitPart.Test,
                    var c => throw new MalformedHeaderException(file.Source, i + 1, $"beat {k}: '{c}' is not t, v or s"),
                };
            if (!map.TryAdd(f[0], parts)) throw new MalformedHeaderException(file.Source, i + 1, $"record {f[0]} is listed twice");
        }
        if (sha is null) throw new InvalidDataFileException(file.Source, "no '# beats-sha256' line");
        return new KachueeSplit(file.Source, sha, map);
    }

    /// <summary>SHA-256 (hex) of the beat list: record, 360 Hz annotation sample and AAMI label of every beat, in order.</summary>
    public static string BeatsSha256(IReadOnlyList<string> records, IReadOnlyList<int> samples, IReadOnlyList<int> labels)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < records.Count; i++)
            sb.Append(records[i]).Append(' ').Append(samples[i].ToString(CultureInfo.InvariantCulture)).Append(' ').Append(labels[i].ToString(CultureInfo.InvariantCulture)).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>The Kachuee intra-patient split file's text: 8:1:1 over all beats, stratified by AAMI class.</summary>
    public static string FormatKachuee(IReadOnlyList<string> records, IReadOnlyList<int> samples, IReadOnlyList<int> labels)
    {
        var parts = SplitMaker.Stratified(labels, 0.8, 0.1, KachueeSeed);
        var sb = new StringBuilder();
        sb.Append("# Kachuee et al. (2018) re-compilation of MIT-BIH (KachueeBuilder, default options): the intra-patient (random) split,\n");
        sb.Append($"# 8:1:1 train/validation/test over all {labels.Count} beats, stratified by AAMI class (SplitMaker.Stratified(0.8, 0.1, seed {KachueeSeed})).\n");
        sb.Append("# One line per record: record, beat count, one letter per beat in beat order (t train, v validation, s test).\n");
        sb.Append("# The sha256 below identifies the beat list (record, 360 Hz annotation sample, AAMI label of every beat) this split belongs to.\n");
        sb.Append("# Written by `ecg data splits --write`; committed, never regenerated by runs.\n");
        sb.Append("# beats-sha256 ").Append(BeatsSha256(records, samples, labels)).Append('\n');
        int i = 0;
        while (i < records.Count)
        {
            int j = i;
            while (j < records.Count && records[j] == records[i]) j++;
            sb.Append(records[i]).Append(' ').Append((j - i).ToString(CultureInfo.InvariantCulture)).Append(' ');
            for (int k = i; k < j; k++) sb.Append(parts[k] switch { SplitPart.Train => 't', SplitPart.Validation => 'v', _ => 's' });
            sb.Append('\n');
            i = j;
        }
        return sb.ToString();
    }
}
