using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;

namespace EcgNotebooks.Data;

/// <summary>
/// A compact single-file copy of MIT-BIH records for machines without the database: per record the
/// header text and the reference annotation file as they are (Brotli), and one lead's samples coded
/// losslessly by <see cref="ResidualCoder"/> (checked against the header's checksum on reading).
/// Records are coded one by one, so reading one record decodes only that record.
/// </summary>
public sealed class MitBihPack : IRecordSource
{
    private static readonly byte[] Magic = "ECGPACK1"u8.ToArray();

    private readonly string _path;
    private readonly Dictionary<string, (long Offset, int Length)> _index;
    private readonly string _fingerprint;

    public string Location => _path;
    public IReadOnlyList<string> Records { get; }

    private MitBihPack(string path, Dictionary<string, (long, int)> index, IReadOnlyList<string> records)
    {
        _path = path; _index = index; Records = records;
        var info = new FileInfo(path);
        _fingerprint = $"pack:{info.Length}@{info.LastWriteTimeUtc.Ticks}";
    }

    public static MitBihPack Open(string path)
    {
        path = Path.GetFullPath(path);
        if (!File.Exists(path)) throw new DataFileMissingException(path, "pack file");
        using var stream = File.OpenRead(path);
        using var r = new BinaryReader(stream);
        try
        {
            if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic)) throw new InvalidDataFileException(path, "not a MIT-BIH pack (bad magic)");
            int count = r.ReadInt32();
            if (count is < 0 or > 10_000) throw new InvalidDataFileException(path, $"implausible record count {count}");
            var index = new Dictionary<string, (long, int)>(count);
            var names = new List<string>(count);
            for (int i = 0; i < count; i++)
            {
                var name = r.ReadString();
                long offset = r.ReadInt64(); int length = r.ReadInt32();
                if (offset < 0 || length < 0 || offset + length > stream.Length)
                    throw new InvalidDataFileException(path, $"record {name} lies outside the file (offset {offset}, {length} bytes)");
                index[name] = (offset, length);
                names.Add(name);
            }
            return new MitBihPack(path, index, names);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataFileException(path, $"truncated pack index at byte {stream.Position}");
        }
    }

    /// <summary>Writes a pack of <paramref name="records"/> (lead <paramref name="lead"/> only) read from <paramref name="source"/>; atomic.</summary>
    public static void Write(string path, IRecordSource source, IReadOnlyList<string> records, string lead = MitBih.DefaultLead,
        CompressionLevel level = CompressionLevel.Optimal)
    {
        var blobs = new byte[records.Count][];
        Parallel.For(0, records.Count, i => blobs[i] = Encode(source, records[i], lead, level));
        path = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew))
            using (var w = new BinaryWriter(stream))
            {
                w.Write(Magic);
                w.Write(records.Count);
                long headerSize = Magic.Length + 4 + records.Sum(r => Encoding.UTF8.GetByteCount(r) + 1 + 8 + 4);
                long offset = headerSize;
                for (int i = 0; i < records.Count; i++)
                {
                    w.Write(records[i]); w.Write(offset); w.Write(blobs[i].Length);
                    offset += blobs[i].Length;
                }
                foreach (var b in blobs) w.Write(b);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static byte[] Encode(IRecordSource source, string record, string lead, CompressionLevel level)
    {
        var header = source.ReadHeader(record);
        var samples = source.ReadLeads(record, [lead])[0];
        var annotations = source is WfdbDirectorySource dir
            ? File.ReadAllBytes(Path.Combine(dir.Location, record + ".atr"))
            : throw new ArgumentException("packs are written from WFDB folders", nameof(source));
        var headerText = source is WfdbDirectorySource d2 ? File.ReadAllText(Path.Combine(d2.Location, record + ".hea")) : "";
        // Small facts (header text, annotations) through Brotli; the samples through the ECG residual coder.
        using var meta = new MemoryStream();
        using (var brotli = new BrotliStream(meta, level, leaveOpen: true))
        using (var w = new BinaryWriter(brotli))
        {
            w.Write(headerText);
            w.Write(lead);
            w.Write(annotations.Length);
            w.Write(annotations);
        }
        var coded = ResidualCoder.Encode(samples);
        using var blob = new MemoryStream();
        using (var w = new BinaryWriter(blob, Encoding.UTF8, leaveOpen: true))
        {
            w.Write((int)meta.Length);
            w.Write(meta.GetBuffer(), 0, (int)meta.Length);
            w.Write(samples.Length);
            w.Write(coded.Length);
            w.Write(coded);
        }
        return blob.ToArray();
    }

    private sealed record Entry(WfdbHeader Header, string Lead, byte[] Annotations, short[]? Samples);

    /// <summary>Decodes one record; the samples (the bulk) only when <paramref name="withSamples"/>.</summary>
    private Entry Load(string record, bool withSamples)
    {
        if (!_index.TryGetValue(record, out var at)) throw new DataFileMissingException($"{_path}#{record}", $"record {record} in the pack");
        var name = $"{_path}#{record}";
        var compressed = new byte[at.Length];
        using (var stream = File.OpenRead(_path))
        {
            stream.Position = at.Offset;
            stream.ReadExactly(compressed);
        }
        try
        {
            using var blob = new BinaryReader(new MemoryStream(compressed));
            int metaLength = blob.ReadInt32();
            if (metaLength < 0 || metaLength > compressed.Length - 4) throw new InvalidDataFileException(name, $"implausible header block length {metaLength}");
            WfdbHeader header; string lead; byte[] ann;
            using (var brotli = new BrotliStream(new MemoryStream(compressed, 4, metaLength), CompressionMode.Decompress))
            using (var r = new BinaryReader(brotli))
            {
                header = WfdbHeader.Parse(r.ReadString(), name + ".hea");
                lead = r.ReadString();
                int annLength = r.ReadInt32();
                if (annLength < 0 || annLength > 100_000_000) throw new InvalidDataFileException(name, $"implausible annotation length {annLength}");
                ann = new byte[annLength];
                brotli.ReadExactly(ann);
            }
            int signal = header.IndexOfLead(lead);
            if (signal < 0) throw new LeadNotFoundException(name, lead, header.Signals.Select(s => s.Description));
            if (!withSamples) return new Entry(header, lead, ann, null);
            blob.BaseStream.Position = 4 + metaLength;
            int n = blob.ReadInt32(), codedLength = blob.ReadInt32();
            if (n < 0 || n > 100_000_000 || codedLength < 0 || codedLength > compressed.Length - blob.BaseStream.Position)
                throw new InvalidDataFileException(name, $"implausible sample block ({n} samples, {codedLength} bytes)");
            var samples = ResidualCoder.Decode(compressed.AsSpan((int)blob.BaseStream.Position, codedLength), n, name + ".dat");
            WfdbSignalReader.Verify(header.Signals[signal], samples, name + ".dat");
            return new Entry(header, lead, ann, samples);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            throw new InvalidDataFileException(name, "record data is truncated or corrupt: " + e.Message);
        }
    }

    public WfdbHeader ReadHeader(string record) => Load(record, withSamples: false).Header;

    public short[][] ReadLeads(string record, IReadOnlyList<string> leads)
    {
        var e = Load(record, withSamples: true);
        return leads.Select(l => string.Equals(l, e.Lead, StringComparison.OrdinalIgnoreCase)
            ? e.Samples!
            : throw new LeadNotFoundException($"{_path}#{record}", l, [e.Lead])).ToArray();
    }

    public Annotation[] ReadAnnotations(string record) => WfdbAnnotationReader.Parse(Load(record, withSamples: false).Annotations, $"{_path}#{record}.atr");

    public string Fingerprint(string record) => _fingerprint;
}
