using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace EcgNotebooks.Data;

/// <summary>
/// A folder of preprocessed <see cref="BeatDataset"/>s, one file per key. The key hashes every
/// option, the record list and each record's source fingerprint (file sizes and times), so a
/// changed setting or file never returns a stale dataset. Files are written atomically (temp file
/// in the same folder, then rename) and read with one bulk read per array.
/// </summary>
public sealed class DatasetCache
{
    private const string Magic = "ECGBEATS";
    private const int FormatVersion = 1;
    /// <summary>Bump when the builder's output for unchanged options changes.</summary>
    public const int PipelineVersion = 1;

    public string Directory { get; }

    public DatasetCache(string directory) => Directory = Path.GetFullPath(directory);

    /// <summary><c>ECG_CACHE_DIR</c> if set, else &lt;repo&gt;/.cache/datasets, else a folder under the temp path.</summary>
    public static DatasetCache Default()
    {
        var env = Environment.GetEnvironmentVariable("ECG_CACHE_DIR");
        if (!string.IsNullOrWhiteSpace(env)) return new DatasetCache(env);
        var repo = DataDirectory.FindRepositoryRoot();
        return new DatasetCache(repo is not null
            ? Path.Combine(repo, ".cache", "datasets")
            : Path.Combine(Path.GetTempPath(), "ecgnotebooks", "datasets"));
    }

    public static string Key(IRecordSource source, IReadOnlyList<string> records, BeatDatasetOptions options)
    {
        var sb = new StringBuilder();
        sb.Append("pipeline=").Append(PipelineVersion).Append('\n').Append(options.Canonical()).Append('\n');
        foreach (var r in records) sb.Append(r).Append('=').Append(source.Fingerprint(r)).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..32];
    }

    public string PathFor(string key) => Path.Combine(Directory, $"beats-{key}.bin");

    public void Save(string key, BeatDataset data)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = PathFor(key);
        var temp = Path.Combine(Directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                Write(stream, key, data);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>The cached dataset for <paramref name="key"/>, or null when there is none (or it is unreadable).</summary>
    public BeatDataset? TryLoad(string key, BeatDatasetOptions options)
    {
        var path = PathFor(key);
        if (!File.Exists(path)) return null;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            return Read(stream, key, options, path);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataFileException or IOException)
        {
            return null; // a damaged cache entry is rebuilt, never trusted
        }
    }

    private static void Write(Stream stream, string key, BeatDataset d)
    {
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic); w.Write(FormatVersion); w.Write(key); w.Write(d.Options.Canonical());
            w.Write(d.LeadNames.Count); foreach (var l in d.LeadNames) w.Write(l);
            w.Write(d.Length); w.Write(d.RIndex); w.Write(d.SampleRate); w.Write(d.Count);
            w.Write(d.RrFeatureNames.Length); foreach (var n in d.RrFeatureNames) w.Write(n);
            w.Write(d.PerRecord.Count);
            foreach (var r in d.PerRecord)
            {
                w.Write(r.Record);
                foreach (var counts in new[] { r.Annotated, r.Kept, r.DroppedAtEdges })
                    foreach (var c in counts.AsList()) w.Write(c);
                w.Write(r.Age ?? -1); w.Write(r.Sex is { } s ? (int)s : -1);
            }
        }
        var recordIndex = d.PerRecord.Select((r, i) => (r.Record, i)).ToDictionary(p => p.Record, p => p.i);
        var perBeatRecord = d.Records.Select(r => (short)recordIndex[r]).ToArray();
        stream.Write(MemoryMarshal.AsBytes(d.Labels.AsSpan()));
        stream.Write(MemoryMarshal.AsBytes(d.RSamples.AsSpan()));
        stream.Write(MemoryMarshal.AsBytes(perBeatRecord.AsSpan()));
        stream.Write(MemoryMarshal.AsBytes(d.Rr.AsSpan()));
        stream.Write(MemoryMarshal.AsBytes(d.Beats.AsSpan()));
    }

    private static BeatDataset Read(Stream stream, string key, BeatDatasetOptions options, string path)
    {
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        if (r.ReadString() != Magic || r.ReadInt32() != FormatVersion) throw new InvalidDataFileException(path, "not a dataset cache file of this version");
        if (r.ReadString() != key || r.ReadString() != options.Canonical()) throw new InvalidDataFileException(path, "cache key does not match");
        var leads = new string[r.ReadInt32()];
        for (int i = 0; i < leads.Length; i++) leads[i] = r.ReadString();
        int length = r.ReadInt32(), rIndex = r.ReadInt32();
        double rate = r.ReadDouble();
        int count = r.ReadInt32();
        var rrNames = new string[r.ReadInt32()];
        for (int i = 0; i < rrNames.Length; i++) rrNames[i] = r.ReadString();
        var perRecord = new RecordSummary[r.ReadInt32()];
        for (int i = 0; i < perRecord.Length; i++)
        {
            var name = r.ReadString();
            var c = new ClassCounts[3];
            for (int j = 0; j < 3; j++) c[j] = new ClassCounts(Enumerable.Range(0, 5).Select(_ => r.ReadInt32()).ToArray());
            int age = r.ReadInt32(), sex = r.ReadInt32();
            perRecord[i] = new RecordSummary(name, c[0], c[1], c[2], age >= 0 ? age : null, sex >= 0 ? (Sex)sex : null);
        }
        if (count < 0 || length <= 0 || (long)count * leads.Length * length > Array.MaxLength)
            throw new InvalidDataFileException(path, "implausible shape");
        var labels = new int[count];
        var rSamples = new int[count];
        var recordOf = new short[count];
        var rr = new float[count * rrNames.Length];
        var beats = GC.AllocateUninitializedArray<float>(count * leads.Length * length);
        stream.ReadExactly(MemoryMarshal.AsBytes(labels.AsSpan()));
        stream.ReadExactly(MemoryMarshal.AsBytes(rSamples.AsSpan()));
        stream.ReadExactly(MemoryMarshal.AsBytes(recordOf.AsSpan()));
        stream.ReadExactly(MemoryMarshal.AsBytes(rr.AsSpan()));
        stream.ReadExactly(MemoryMarshal.AsBytes(beats.AsSpan()));
        if (stream.Position != stream.Length) throw new InvalidDataFileException(path, "trailing bytes");
        var records = new string[count];
        var ages = new int?[count];
        var sexes = new Sex?[count];
        for (int i = 0; i < count; i++)
        {
            if ((uint)recordOf[i] >= perRecord.Length) throw new InvalidDataFileException(path, "record index out of range");
            var rec = perRecord[recordOf[i]];
            records[i] = rec.Record; ages[i] = rec.Age; sexes[i] = rec.Sex;
        }
        return new BeatDataset
        {
            Options = options, LeadNames = leads, Length = length, RIndex = rIndex, SampleRate = rate, Beats = beats, Labels = labels,
            Rr = rr, RrFeatureNames = rrNames, Records = records, RSamples = rSamples, Ages = ages, Sexes = sexes, PerRecord = perRecord,
        };
    }
}
