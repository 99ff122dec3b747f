namespace EcgNotebooks.Data;

/// <summary>Which header fields a decoded signal is checked against.</summary>
[Flags]
public enum WfdbChecks
{
    /// <summary>No check (for releases whose headers carry placeholder values, e.g. CinC 2017).</summary>
    None = 0,
    /// <summary>The first sample equals the header's initial value (when the header gives one).</summary>
    InitialValue = 1,
    /// <summary>The 16-bit sum of the samples equals the header's checksum (when the header gives one).</summary>
    Checksum = 2,
    All = InitialValue | Checksum,
}

/// <summary>
/// Decodes WFDB signal files (formats 212, 16 and 80, at the byte offset the header gives) into raw
/// ADC samples and verifies each decoded signal against its header's initial value and checksum.
/// </summary>
public static class WfdbSignalReader
{
    /// <summary>Formats this reader decodes.</summary>
    public static IReadOnlySet<int> SupportedFormats { get; } = new HashSet<int> { 212, 16, 80 };

    /// <summary>Reads the given signals (indices into <see cref="WfdbHeader.Signals"/>) of a record stored in <paramref name="directory"/>.</summary>
    public static short[][] Read(WfdbHeader header, string directory, IReadOnlyList<int> signals) =>
        Read(header, signals, file =>
        {
            var path = Path.Combine(directory, file);
            if (!File.Exists(path)) throw new DataFileMissingException(path, "signal file");
            return (File.ReadAllBytes(path), path);
        });

    /// <summary>Reads the given signals, getting each signal file's bytes from <paramref name="open"/> (file name → bytes, name for errors).</summary>
    public static short[][] Read(WfdbHeader header, IReadOnlyList<int> signals, Func<string, (byte[] Bytes, string Path)> open) =>
        Read(header, signals, open, WfdbChecks.All);

    /// <summary>As <see cref="Read(WfdbHeader, IReadOnlyList{int}, Func{string, ValueTuple{byte[], string}})"/>, checking only <paramref name="checks"/>.</summary>
    public static short[][] Read(WfdbHeader header, IReadOnlyList<int> signals, Func<string, (byte[] Bytes, string Path)> open, WfdbChecks checks)
    {
        var result = new short[signals.Count][];
        // Signals sharing a file are interleaved frame by frame; load each file once.
        foreach (var group in signals.Select((s, i) => (s, i)).GroupBy(p => header.Signals[p.s].FileName))
        {
            var inFile = Enumerable.Range(0, header.SignalCount).Where(k => header.Signals[k].FileName == group.Key).ToArray();
            var first = header.Signals[inFile[0]];
            foreach (var k in inFile)
            {
                // Format problems are the header's: the message names the header file and the signal's line in it.
                var s = header.Signals[k];
                string where = header.SourcePath.Length > 0 ? header.SourcePath : group.Key;
                if (!SupportedFormats.Contains(s.Format))
                    throw new UnsupportedSignalFormatException(where, s.Line, $"signal format {s.Format} is not supported (supported: 212, 16, 80)");
                if (s.Format != first.Format || s.ByteOffset != first.ByteOffset)
                    throw new UnsupportedSignalFormatException(where, s.Line, "signals of one file must share format and byte offset");
                if (s.SamplesPerFrame != 1 || s.Skew != 0)
                    throw new UnsupportedSignalFormatException(where, s.Line, "multi-frequency (samples per frame > 1) and skewed signals are not supported");
            }
            var (bytes, path) = open(group.Key);
            int perFrame = inFile.Length;
            long dataBytes = bytes.LongLength - first.ByteOffset;
            if (dataBytes < 0) throw new TruncatedSignalException(path, bytes.LongLength, first.ByteOffset);
            // The header's sample count is untrusted: compare it with what the file holds before anything is sized by it.
            long held = SamplesIn(dataBytes, first.Format) / perFrame;
            long nsamp = header.SampleCount == 0 ? held : header.SampleCount;
            if (nsamp > held)
                throw new TruncatedSignalException(path, bytes.LongLength,
                    nsamp > long.MaxValue / 4 / perFrame ? long.MaxValue : first.ByteOffset + BytesFor(nsamp * perFrame, first.Format));

            var data = bytes.AsSpan((int)first.ByteOffset);
            foreach (var (sig, outIndex) in group)
            {
                var dest = new short[nsamp];
                Decode(data, first.Format, perFrame, Array.IndexOf(inFile, sig), dest);
                Verify(header.Signals[sig], dest, path, checks);
                result[outIndex] = dest;
            }
        }
        return result;
    }

    /// <summary>Decodes one signal (<paramref name="column"/> of <paramref name="signalsInFile"/> interleaved signals) into <paramref name="dest"/>.</summary>
    public static void Decode(ReadOnlySpan<byte> data, int format, int signalsInFile, int column, Span<short> dest)
    {
        int n = dest.Length;
        switch (format)
        {
            case 16:
                for (int t = 0, p = 2 * column; t < n; t++, p += 2 * signalsInFile)
                    dest[t] = (short)(data[p] | (data[p + 1] << 8));
                break;
            case 80:
                for (int t = 0, p = column; t < n; t++, p += signalsInFile)
                    dest[t] = (short)(data[p] - 128);
                break;
            case 212 when signalsInFile == 2:
                // The common MIT-BIH layout: one frame = 3 bytes holding both signals.
                if (column == 0)
                    for (int t = 0, p = 0; t < n; t++, p += 3)
                        dest[t] = (short)(((data[p] | ((data[p + 1] & 0x0F) << 8)) << 20) >> 20);
                else
                    for (int t = 0, p = 0; t < n; t++, p += 3)
                        dest[t] = (short)(((data[p + 2] | ((data[p + 1] & 0xF0) << 4)) << 20) >> 20);
                break;
            case 212:
                for (int t = 0; t < n; t++)
                {
                    long k = (long)t * signalsInFile + column;
                    int p = (int)(k / 2 * 3);
                    int v = (k & 1) == 0 ? data[p] | ((data[p + 1] & 0x0F) << 8) : data[p + 2] | ((data[p + 1] & 0xF0) << 4);
                    dest[t] = (short)((v << 20) >> 20);
                }
                break;
            default:
                throw new ArgumentException($"format {format} is not supported", nameof(format));
        }
    }

    /// <summary>Checks the header's initial value and 16-bit checksum against decoded samples.</summary>
    public static void Verify(WfdbSignalSpec spec, ReadOnlySpan<short> samples, string path, WfdbChecks checks = WfdbChecks.All)
    {
        if ((checks & WfdbChecks.InitialValue) != 0 && spec.InitialValue is int init && samples.Length > 0 && samples[0] != init)
            throw new SignalChecksumException(path, spec.Description, "initial value", init, samples[0]);
        if ((checks & WfdbChecks.Checksum) != 0 && spec.Checksum is int expected)
        {
            int sum = 0;
            foreach (var s in samples) sum += s;
            if ((short)sum != (short)expected)
                throw new SignalChecksumException(path, spec.Description, "checksum", (short)expected, (short)sum);
        }
    }

    private static long BytesFor(long samples, int format) => format switch
    {
        212 => (samples * 3 + 1) / 2,
        16 => samples * 2,
        _ => samples,
    };

    private static long SamplesIn(long bytes, int format) => format switch
    {
        212 => bytes * 2 / 3,
        16 => bytes / 2,
        _ => bytes,
    };
}
