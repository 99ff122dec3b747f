using System.Globalization;
using System.IO.Compression;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace EcgNotebooks.Results;

/// <summary>One DS2 beat's prediction: record and R-peak sample identify the beat; labels are class indices.</summary>
public sealed record BeatPrediction(string Record, int Sample, int Truth, int Predicted, float[] Probabilities);

/// <summary>
/// predictions.csv: columns record, sample, truth, predicted (class names), then p_&lt;class&gt; per class
/// (invariant culture, round-trip float text). A path ending in ".gz" is gzip-compressed (a run's ~50,000 DS2 beats
/// take 3 MB as text, 1.2 MB compressed), readable with zcat or pandas.read_csv.
/// </summary>
public static class PredictionsCsv
{
    public static void Write(string path, IReadOnlyList<string> classNames, IEnumerable<BeatPrediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(predictions);
        AtomicFile.Write(path, stream =>
        {
            using var compressed = IsGzip(path) ? new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true) : null;
            using var writer = new StreamWriter(compressed ?? stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
            foreach (var h in new[] { "record", "sample", "truth", "predicted" }.Concat(classNames.Select(c => "p_" + c)))
                csv.WriteField(h);
            csv.NextRecord();
            foreach (var p in predictions)
            {
                if (p.Probabilities.Length != classNames.Count)
                    throw new ArgumentException(
                        $"Beat {p.Record}:{p.Sample} has {p.Probabilities.Length} probabilities for {classNames.Count} classes.");
                csv.WriteField(p.Record);
                csv.WriteField(p.Sample.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(ClassName(classNames, p.Truth, p));
                csv.WriteField(ClassName(classNames, p.Predicted, p));
                foreach (var q in p.Probabilities) csv.WriteField(q.ToString("R", CultureInfo.InvariantCulture));
                csv.NextRecord();
            }
            csv.Flush();
            writer.Flush();
        });
    }

    private static bool IsGzip(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads a file written by <see cref="Write"/>; errors name the file and line.</summary>
    public static (IReadOnlyList<string> ClassNames, IReadOnlyList<BeatPrediction> Predictions) Read(string path)
    {
        using var file = File.OpenRead(path);
        using var reader = new StreamReader(IsGzip(path) ? new GZipStream(file, CompressionMode.Decompress) : file);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is null)
            throw new InvalidDataException($"{path}: empty predictions file, expected a header line.");
        var header = csv.HeaderRecord;
        if (header.Length < 5 || header[0] != "record" || header[1] != "sample" || header[2] != "truth" || header[3] != "predicted"
            || header.Skip(4).Any(h => !h.StartsWith("p_", StringComparison.Ordinal)))
            throw new InvalidDataException($"{path}: header '{string.Join(",", header)}' is not record,sample,truth,predicted,p_<class>...");
        var classNames = header.Skip(4).Select(h => h[2..]).ToArray();
        var predictions = new List<BeatPrediction>();
        while (csv.Read())
        {
            int line = csv.Parser.Row;
            try
            {
                var probabilities = new float[classNames.Length];
                for (int c = 0; c < classNames.Length; c++)
                    probabilities[c] = float.Parse(csv.GetField(4 + c)!, NumberStyles.Float, CultureInfo.InvariantCulture);
                predictions.Add(new BeatPrediction(
                    csv.GetField(0)!,
                    int.Parse(csv.GetField(1)!, NumberStyles.Integer, CultureInfo.InvariantCulture),
                    IndexOf(classNames, csv.GetField(2)!),
                    IndexOf(classNames, csv.GetField(3)!),
                    probabilities));
            }
            catch (Exception e) when (e is FormatException or CsvHelperException or ArgumentException)
            {
                throw new InvalidDataException($"{path}, line {line}: {e.Message}", e);
            }
        }
        return (classNames, predictions);
    }

    /// <summary>
    /// Only the record and the truth/predicted labels of a file written by <see cref="Write"/> (no probabilities): a fast
    /// path for statistics over many runs. Errors name the file and line.
    /// </summary>
    public static (IReadOnlyList<string> ClassNames, string[] Records, int[] Truth, int[] Predicted) ReadLabels(string path)
    {
        using var file = File.OpenRead(path);
        using var reader = new StreamReader(IsGzip(path) ? new GZipStream(file, CompressionMode.Decompress) : file, Encoding.UTF8, false, 1 << 16);
        var header = reader.ReadLine()?.Split(',')
            ?? throw new InvalidDataException($"{path}: empty predictions file, expected a header line.");
        if (header.Length < 5 || header[0] != "record" || header[1] != "sample" || header[2] != "truth" || header[3] != "predicted")
            throw new InvalidDataException($"{path}: header '{string.Join(",", header)}' is not record,sample,truth,predicted,p_<class>...");
        var classNames = header.Skip(4).Select(h => h.StartsWith("p_", StringComparison.Ordinal) ? h[2..] : h).ToArray();
        var records = new List<string>();
        var truth = new List<int>();
        var predicted = new List<int>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);   // one string instance per record
        int line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0) continue;
            var f = text.Split(',', 5);
            if (f.Length < 5) throw new InvalidDataException($"{path}, line {line}: expected at least 5 fields.");
            try
            {
                truth.Add(IndexOf(classNames, f[2]));
                predicted.Add(IndexOf(classNames, f[3]));
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"{path}, line {line}: {e.Message}", e);
            }
            if (!names.TryGetValue(f[0], out var record)) names[f[0]] = record = f[0];
            records.Add(record);
        }
        return (classNames, records.ToArray(), truth.ToArray(), predicted.ToArray());
    }

    /// <summary>
    /// A multi-label test set's predictions (label-predictions.csv): column record, then t_&lt;label&gt; (0/1 truth) and
    /// p_&lt;label&gt; (probability) per label; labels with commas or quotes are CSV-quoted.
    /// </summary>
    public static void WriteMultiLabel(string path, IReadOnlyList<string> labels, IReadOnlyList<string> records, float[] targets, float[] probabilities)
    {
        var k = labels.Count;
        if (targets.Length != records.Count * k || probabilities.Length != targets.Length)
            throw new ArgumentException($"{records.Count} records × {k} labels do not match {targets.Length} targets and {probabilities.Length} probabilities.");
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
            csv.WriteField("record");
            foreach (var l in labels) csv.WriteField("t_" + l);
            foreach (var l in labels) csv.WriteField("p_" + l);
            csv.NextRecord();
            for (var i = 0; i < records.Count; i++)
            {
                csv.WriteField(records[i]);
                for (var c = 0; c < k; c++) csv.WriteField(targets[i * k + c] > 0.5f ? "1" : "0");
                for (var c = 0; c < k; c++) csv.WriteField(probabilities[i * k + c].ToString("R", CultureInfo.InvariantCulture));
                csv.NextRecord();
            }
            csv.Flush();
            writer.Flush();
        });
    }

    /// <summary>Reads a file written by <see cref="WriteMultiLabel"/>; errors name the file and line.</summary>
    public static (IReadOnlyList<string> Labels, string[] Records, float[] Targets, float[] Probabilities) ReadMultiLabel(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: >= 3 } header || header[0] != "record" || header.Length % 2 == 0)
            throw new InvalidDataException($"{path}: expected a header record,t_<label>...,p_<label>...");
        var k = (header.Length - 1) / 2;
        var labels = header.Skip(1).Take(k).Select(h => h.StartsWith("t_", StringComparison.Ordinal) ? h[2..] : throw new InvalidDataException($"{path}: header field '{h}' is not t_<label>")).ToArray();
        var records = new List<string>();
        var targets = new List<float>();
        var probabilities = new List<float>();
        while (csv.Read())
        {
            try
            {
                records.Add(csv.GetField(0)!);
                for (var c = 0; c < k; c++) targets.Add(float.Parse(csv.GetField(1 + c)!, CultureInfo.InvariantCulture));
                for (var c = 0; c < k; c++) probabilities.Add(float.Parse(csv.GetField(1 + k + c)!, NumberStyles.Float, CultureInfo.InvariantCulture));
            }
            catch (Exception e) when (e is FormatException or CsvHelperException)
            {
                throw new InvalidDataException($"{path}, line {csv.Parser.Row}: {e.Message}", e);
            }
        }
        return (labels, records.ToArray(), targets.ToArray(), probabilities.ToArray());
    }

    private static string ClassName(IReadOnlyList<string> classNames, int label, BeatPrediction p) =>
        (uint)label < (uint)classNames.Count
            ? classNames[label]
            : throw new ArgumentOutOfRangeException(nameof(label), $"Beat {p.Record}:{p.Sample} has label {label}, not in [0, {classNames.Count}).");

    private static int IndexOf(string[] classNames, string name)
    {
        int i = Array.IndexOf(classNames, name);
        return i >= 0 ? i : throw new ArgumentException($"class '{name}' is not one of {string.Join(", ", classNames)}");
    }
}
