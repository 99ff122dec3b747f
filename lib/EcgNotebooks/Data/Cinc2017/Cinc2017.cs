using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace EcgNotebooks.Data;

/// <summary>The four CinC 2017 rhythm classes; the numeric value is the label id.</summary>
public enum CincClass { N = 0, A = 1, O = 2, Noisy = 3 }

/// <summary>One CinC 2017 recording: its header, raw ADC samples (300 Hz, single lead) and label.</summary>
public sealed record Cinc2017Recording(string Id, WfdbHeader Header, short[] Adc, CincClass? Label)
{
    public double SampleRate => Header.SamplingFrequency;
    public double Gain => Header.Signals[0].Gain;

    /// <summary>The signal in mV: (adc − baseline) / gain.</summary>
    public float[] Millivolts()
    {
        var spec = Header.Signals[0];
        var mv = new float[Adc.Length];
        for (int i = 0; i < mv.Length; i++) mv[i] = (float)spec.ToPhysical(Adc[i]);
        return mv;
    }
}

/// <summary>
/// The PhysioNet/CinC Challenge 2017 training set (challenge-2017 1.0.0) as PhysioNet ships it:
/// <c>cinc2017/training2017.zip</c> (read in place: entries are inflated one at a time, nothing is
/// unpacked to disk) or an unpacked <c>cinc2017/training2017/</c> folder (used when present), and the
/// final labels <c>cinc2017/REFERENCE-v3.csv</c>. Each <c>.mat</c> is a MATLAB v4 file whose 24-byte
/// header is followed by one int16 row; the WFDB header names it as format 16 at byte offset 24, and
/// the samples are decoded by <see cref="WfdbSignalReader"/> at that offset. The headers' initial
/// value and checksum fields are not usable in this release (checksum 0 in all 8,528 headers, initial
/// value wrong in 565), so the reader checks the MATLAB header instead: type int16, one row, as
/// many columns as the WFDB header's sample count, variable name <c>val</c>, and the exact file length.
/// </summary>
public sealed class Cinc2017
{
    public const string FolderName = "cinc2017";
    public const string ZipName = "training2017.zip";
    public const string LabelsName = "REFERENCE-v3.csv";
    public const string EntryFolder = "training2017";

    /// <summary>The class symbols as REFERENCE-v3.csv writes them, in <see cref="CincClass"/> order.</summary>
    public static IReadOnlyList<string> ClassSymbols { get; } = ["N", "A", "O", "~"];

    /// <summary>Counts of REFERENCE-v3.csv (N, A, O, ~), as the data README states them.</summary>
    public static IReadOnlyList<int> ReferenceV3Counts { get; } = [5050, 738, 2456, 284];

    /// <summary>The folder holding the zip (or the unpacked folder) and the labels.</summary>
    public string Directory { get; }
    /// <summary>The unpacked <c>training2017/</c> folder if present, else null (then the zip is read).</summary>
    public string? UnpackedDirectory { get; }
    public string ZipPath => Path.Combine(Directory, ZipName);
    public string LabelsPath => Path.Combine(Directory, LabelsName);
    /// <summary>Where records are read from, for messages.</summary>
    public string Location => UnpackedDirectory ?? ZipPath;

    public Cinc2017(string directory)
    {
        if (!System.IO.Directory.Exists(directory)) throw new DataFileMissingException(directory, "CinC 2017 folder");
        Directory = Path.GetFullPath(directory);
        var unpacked = Path.Combine(Directory, EntryFolder);
        UnpackedDirectory = System.IO.Directory.Exists(unpacked) ? unpacked : null;
        if (UnpackedDirectory is null && !File.Exists(ZipPath)) throw new DataFileMissingException(ZipPath, "CinC 2017 training zip (or an unpacked training2017/ folder)");
    }

    /// <summary>CinC 2017 under the configured data folder (<see cref="DataDirectory.Resolve"/>/cinc2017).</summary>
    public static Cinc2017 Open(string? dataDirectory = null) => new(Path.Combine(dataDirectory ?? DataDirectory.Resolve(), FolderName));

    public static string Symbol(CincClass c) => ClassSymbols[(int)c];

    public static CincClass ParseClass(string symbol, string path, int line) => symbol switch
    {
        "N" => CincClass.N,
        "A" => CincClass.A,
        "O" => CincClass.O,
        "~" => CincClass.Noisy,
        _ => throw new MalformedHeaderException(path, line, $"label '{symbol}' is not one of N, A, O, ~"),
    };

    /// <summary>REFERENCE-v3.csv: record id → class, in file order.</summary>
    public IReadOnlyList<(string Id, CincClass Label)> ReadLabels() => ReadLabels(LabelsPath);

    public static IReadOnlyList<(string Id, CincClass Label)> ReadLabels(string path)
    {
        if (!File.Exists(path)) throw new DataFileMissingException(path, "CinC 2017 label file");
        var result = new List<(string, CincClass)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0) continue;
            var f = line.Split(',');
            if (f.Length != 2 || f[0].Trim().Length == 0) throw new MalformedHeaderException(path, i + 1, $"expected '<record>,<label>', found '{line}'");
            var id = f[0].Trim();
            if (!seen.Add(id)) throw new MalformedHeaderException(path, i + 1, $"record {id} is listed twice");
            result.Add((id, ParseClass(f[1].Trim(), path, i + 1)));
        }
        if (result.Count == 0) throw new InvalidDataFileException(path, "no labels");
        return result;
    }

    /// <summary>Reads every labelled recording (REFERENCE-v3.csv order), in parallel.</summary>
    public Cinc2017Dataset Load(int? maxParallelism = null)
    {
        var labels = ReadLabels();
        var ids = labels.Select(l => l.Id).ToArray();
        var recordings = ReadRecordings(ids, maxParallelism);
        return new Cinc2017Dataset(
            ids,
            labels.Select(l => (int)l.Label).ToArray(),
            recordings.Select(r => r.Adc).ToArray(),
            recordings.Select(r => r.Gain).ToArray(),
            recordings.Select(r => r.Header.Signals[0].Baseline).ToArray(),
            Location);
    }

    /// <summary>One recording with its REFERENCE-v3 label (null when the record is not labelled).</summary>
    public Cinc2017Recording ReadRecording(string id)
    {
        var r = ReadRecordings([id], 1)[0];
        var label = ReadLabels().Where(l => l.Id == id).Select(l => (CincClass?)l.Label).FirstOrDefault();
        return r with { Label = label };
    }

    /// <summary>The given recordings (labels left null), read in parallel; the zip is opened once per worker.</summary>
    public Cinc2017Recording[] ReadRecordings(IReadOnlyList<string> ids, int? maxParallelism = null)
    {
        foreach (var id in ids)
            if (id.Length == 0 || id.IndexOfAny(['/', '\\']) >= 0 || id.Contains("..", StringComparison.Ordinal))
                throw new ArgumentException($"'{id}' is not a record name", nameof(ids));
        var result = new Cinc2017Recording[ids.Count];
        int workers = Math.Max(1, Math.Min(maxParallelism ?? Environment.ProcessorCount, ids.Count / 256 + 1));
        ParallelRun.For(0, workers, workers, w =>
        {
            using var reader = OpenReader();
            for (int i = w; i < ids.Count; i += workers) result[i] = reader.Read(ids[i]);
        });
        return result;
    }

    private IEntryReader OpenReader() => UnpackedDirectory is { } dir ? new FolderReader(dir) : new ZipReader(ZipPath);

    private interface IEntryReader : IDisposable
    {
        /// <summary>Bytes of training2017/&lt;name&gt; and the path to name in errors.</summary>
        (byte[] Bytes, string Path) Get(string name, string what);

        Cinc2017Recording Read(string id)
        {
            var (hea, heaPath) = Get(id + ".hea", "header file");
            var header = WfdbHeader.Parse(System.Text.Encoding.ASCII.GetString(hea), heaPath);
            if (header.SignalCount != 1) throw new InvalidDataFileException(heaPath, $"expected one signal, header declares {header.SignalCount}");
            var spec = header.Signals[0];
            if (spec.Format != 16) throw new UnsupportedSignalFormatException(heaPath, 2, $"CinC 2017 signals are format 16, header says {spec.Format}");
            if (header.SampleCount <= 0) throw new MalformedHeaderException(heaPath, 1, "sample count missing or zero");
            var samples = WfdbSignalReader.Read(header, [0], file =>
            {
                var (bytes, path) = Get(file, "signal file");
                CheckMatlabHeader(bytes, spec, header.SampleCount, path);
                return (bytes, path);
            }, WfdbChecks.None)[0];
            return new Cinc2017Recording(id, header, samples, null);
        }
    }

    /// <summary>
    /// The MATLAB v4 header before the samples: type 30 (little-endian, int16, full numeric), one row,
    /// <paramref name="samples"/> columns, no imaginary part, name "val"; the file is exactly that long.
    /// </summary>
    internal static void CheckMatlabHeader(byte[] bytes, WfdbSignalSpec spec, long samples, string path)
    {
        if (bytes.Length < 20) throw new InvalidDataFileException(path, $"{bytes.Length} bytes: too short for a MATLAB v4 header");
        var s = bytes.AsSpan();
        int type = BinaryPrimitives.ReadInt32LittleEndian(s), rows = BinaryPrimitives.ReadInt32LittleEndian(s[4..]),
            cols = BinaryPrimitives.ReadInt32LittleEndian(s[8..]), imag = BinaryPrimitives.ReadInt32LittleEndian(s[12..]),
            nameLength = BinaryPrimitives.ReadInt32LittleEndian(s[16..]);
        if (type != 30) throw new InvalidDataFileException(path, $"MATLAB v4 type {type}, expected 30 (little-endian int16 matrix)");
        if (rows != 1 || imag != 0) throw new InvalidDataFileException(path, $"MATLAB v4 matrix is {rows} row(s){(imag != 0 ? ", complex" : "")}, expected one real row");
        if (nameLength < 1 || nameLength > 64 || 20L + nameLength != spec.ByteOffset)
            throw new InvalidDataFileException(path, $"MATLAB v4 name length {nameLength} puts the data at byte {20L + nameLength}, the WFDB header says {spec.ByteOffset}");
        if (cols != samples) throw new InvalidDataFileException(path, $"MATLAB v4 matrix has {cols} columns, the WFDB header says {samples} samples");
        if (bytes.Length > spec.ByteOffset + 2 * samples)
            throw new InvalidDataFileException(path, $"{bytes.Length} bytes, expected {spec.ByteOffset + 2 * samples} (trailing data)");
        // A short file is reported by the WFDB reader as a TruncatedSignalException.
    }

    private sealed class FolderReader(string directory) : IEntryReader
    {
        public (byte[] Bytes, string Path) Get(string name, string what)
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path)) throw new DataFileMissingException(path, what);
            return (File.ReadAllBytes(path), path);
        }

        public void Dispose() { }
    }

    private sealed class ZipReader : IEntryReader
    {
        private readonly string _zipPath;
        private readonly ZipArchive _zip;
        private readonly Dictionary<string, ZipArchiveEntry> _entries;

        public ZipReader(string zipPath)
        {
            _zipPath = zipPath;
            try
            {
                _zip = new ZipArchive(new FileStream(zipPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), ZipArchiveMode.Read);
                _entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
                foreach (var e in _zip.Entries) _entries[e.FullName] = e;
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataFileException(zipPath, $"not a readable zip archive ({e.Message})");
            }
        }

        public (byte[] Bytes, string Path) Get(string name, string what)
        {
            var entryName = $"{EntryFolder}/{name}";
            var path = $"{_zipPath}!/{entryName}";
            if (!_entries.TryGetValue(entryName, out var entry)) throw new DataFileMissingException(path, what);
            if (entry.Length > 64 << 20) throw new InvalidDataFileException(path, $"entry of {entry.Length:N0} bytes is implausibly large");
            try
            {
                var bytes = new byte[entry.Length];
                using var stream = entry.Open();
                stream.ReadExactly(bytes);
                return (bytes, path);
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
            {
                throw new InvalidDataFileException(path, $"cannot inflate the zip entry ({e.Message})");
            }
        }

        public void Dispose() => _zip.Dispose();
    }
}

/// <summary>
/// All labelled CinC 2017 recordings: raw ADC samples (variable length, 300 Hz), gain and label per
/// record, in REFERENCE-v3.csv order. Labels: N 0, A 1, O 2, ~ 3 (<see cref="CincClass"/>).
/// </summary>
public sealed class Cinc2017Dataset(string[] ids, int[] labels, short[][] adc, double[] gains, int[] baselines, string location)
{
    public const double SampleRate = 300;

    public IReadOnlyList<string> Ids { get; } = ids;
    public int[] Labels { get; } = labels;
    /// <summary>Raw ADC samples per recording (2,714–18,286 samples in this release).</summary>
    public short[][] Adc { get; } = adc;
    public double[] Gains { get; } = gains;
    public int[] Baselines { get; } = baselines;
    public string Location { get; } = location;

    public int Count => Labels.Length;
    public static IReadOnlyList<string> ClassNames => Cinc2017.ClassSymbols;

    /// <summary>Recordings per class (N, A, O, ~).</summary>
    public int[] ClassCounts()
    {
        var c = new int[4];
        foreach (var l in Labels) c[l]++;
        return c;
    }

    public int IndexOf(string id)
    {
        for (int i = 0; i < Ids.Count; i++) if (Ids[i] == id) return i;
        throw new KeyNotFoundException($"record {id} is not in the data set");
    }

    /// <summary>Recording <paramref name="i"/> in mV.</summary>
    public float[] Millivolts(int i)
    {
        var a = Adc[i];
        var mv = new float[a.Length];
        double g = Gains[i]; int b = Baselines[i];
        for (int t = 0; t < a.Length; t++) mv[t] = (float)((a[t] - b) / g);
        return mv;
    }

    /// <summary>
    /// The given recordings (default: all) in mV as one row-major [count, <paramref name="length"/>]
    /// array: each recording cropped to its first <paramref name="length"/> samples, or zero-padded at the end.
    /// </summary>
    public float[] ToFixedLength(int length, IReadOnlyList<int>? indices = null)
    {
        if (length <= 0) throw new ArgumentOutOfRangeException(nameof(length));
        indices ??= Enumerable.Range(0, Count).ToArray();
        var x = new float[(long)indices.Count * length];
        Parallel.For(0, indices.Count, k =>
        {
            int i = indices[k];
            var a = Adc[i]; double g = Gains[i]; int b = Baselines[i];
            int n = Math.Min(length, a.Length);
            var row = x.AsSpan(k * length, length);
            for (int t = 0; t < n; t++) row[t] = (float)((a[t] - b) / g);
        });
        return x;
    }

    /// <summary>Indices of the recordings in a part of the stored 8:1:1 split (<see cref="StoredSplits.Cinc2017"/>).</summary>
    public int[] Indices(SplitPart part) => Indices(StoredSplits.Cinc2017(), (s, _) => s == part);

    /// <summary>Indices of the recordings in cross-validation fold <paramref name="fold"/> (0–4) of the stored assignment.</summary>
    public int[] FoldIndices(int fold) => Indices(StoredSplits.Cinc2017(), (_, f) => f == fold);

    private int[] Indices(Cinc2017Splits splits, Func<SplitPart, int, bool> keep)
    {
        var list = new List<int>();
        for (int i = 0; i < Count; i++)
        {
            if (!splits.ById.TryGetValue(Ids[i], out var a))
                throw new InvalidDataFileException(splits.Source, $"record {Ids[i]} has no stored split");
            if (a.Label != Labels[i])
                throw new InvalidDataFileException(splits.Source, $"record {Ids[i]} is stored with label {Cinc2017.ClassSymbols[a.Label]}, the data says {Cinc2017.ClassSymbols[Labels[i]]}");
            if (keep(a.Part, a.Fold)) list.Add(i);
        }
        return list.ToArray();
    }
}
