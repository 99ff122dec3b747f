using System.Diagnostics;
using System.Text;
using EcgNotebooks.Data;
using Xunit.Abstractions;

namespace EcgNotebooks.Data.Tests;

/// <summary>
/// Thousands of mutated copies of MIT-BIH record 101's header, signal and annotation files (bit flips, truncations,
/// insertions, deletions, repeated ranges, extreme numbers and counts): every case either reads or raises our typed
/// <see cref="EcgDataException"/>, never another exception; each finishes within <see cref="CaseTimeLimit"/>; and none
/// allocates more than a small multiple of its input, so no buffer is sized by an untrusted count. Seeded: a failure
/// names its case, and the same seed gives the same cases.
/// </summary>
public class ReaderFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 13;
    private const int HeaderCases = 1500, SignalCases = 400, AnnotationCases = 4000;
    private static readonly TimeSpan CaseTimeLimit = TimeSpan.FromSeconds(10);

    private static readonly byte[] Hea = File.ReadAllBytes(Path.Combine(TestData.MitDb, "101.hea"));
    private static readonly byte[] Dat = File.ReadAllBytes(Path.Combine(TestData.MitDb, "101.dat"));
    private static readonly byte[] Atr = File.ReadAllBytes(Path.Combine(TestData.MitDb, "101.atr"));

    private static readonly string[] ExtremeNumbers =
        ["0", "-1", "-6", "1", "-0", "65536", "2147483647", "2147483648", "-2147483649", "4294967296", "9223372036854775807",
         "99999999999999999999", "1e308", "-1e308", "NaN", "Infinity", "0.0000001", "4096", "4097"];

    [Fact]
    public void Mutated_headers_signals_and_annotations_read_or_raise_a_typed_error()
    {
        var random = new Random(Seed);
        var clock = Stopwatch.StartNew();
        int read = 0, refused = 0;
        void Count(bool ok) { if (ok) read++; else refused++; }

        for (int i = 0; i < HeaderCases; i++)
        {
            var (bytes, what) = i % 3 == 0 ? MutateNumbers(random) : Mutate(Hea, random);
            Count(Case($"header case {i} ({what})", bytes.Length + Dat.Length, () =>
            {
                var header = WfdbHeader.Parse(Encoding.UTF8.GetString(bytes), "101.hea");
                WfdbSignalReader.Read(header, Enumerable.Range(0, header.SignalCount).ToArray(), OpenDat(Dat));
            }));
        }
        var realHeader = WfdbHeader.Parse(Encoding.UTF8.GetString(Hea), "101.hea");
        for (int i = 0; i < SignalCases; i++)
        {
            var (bytes, what) = Mutate(Dat, random, maxFlips: 64);
            Count(Case($"signal case {i} ({what})", bytes.Length, () => WfdbSignalReader.Read(realHeader, [0, 1], OpenDat(bytes))));
        }
        for (int i = 0; i < AnnotationCases; i++)
        {
            var (bytes, what) = i % 4 == 0 ? MutateWords(Atr, random) : Mutate(Atr, random);
            Count(Case($"annotation case {i} ({what})", bytes.Length, () => WfdbAnnotationReader.Parse(bytes, "101.atr")));
        }

        output.WriteLine($"{HeaderCases + SignalCases + AnnotationCases} cases in {clock.Elapsed.TotalSeconds:F1} s: {read} read, {refused} refused with a typed error");
        Assert.True(read > 100 && refused > 1000, $"{read} read, {refused} refused: the mutations should produce both");
    }

    private static Func<string, (byte[], string)> OpenDat(byte[] dat) => name =>
        name == "101.dat" ? (dat, name) : throw new DataFileMissingException(name, "signal file");

    /// <summary>Runs one case on a worker thread: true if it read, false if it raised our typed error; fails the test otherwise.</summary>
    private static bool Case(string what, long inputBytes, Action read)
    {
        Exception? error = null;
        long allocated = 0;
        var worker = Task.Run(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try { read(); }
            catch (Exception e) { error = e; }
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        });
        if (!worker.Wait(CaseTimeLimit)) Assert.Fail($"{what}: no result within {CaseTimeLimit.TotalSeconds} s");
        if (error is not null and not EcgDataException) Assert.Fail($"{what}: {error.GetType().Name} instead of a typed data error: {error}");
        if (error is EcgDataException { Message.Length: 0 or > 400 }) Assert.Fail($"{what}: message of {error.Message.Length} characters");
        // Decoding the two signals takes ~1.4× the signal file; annotations ~24 bytes per 2-byte word, twice.
        long budget = 32 * inputBytes + (1 << 20);
        if (allocated > budget) Assert.Fail($"{what}: allocated {allocated:N0} bytes for {inputBytes:N0} input bytes");
        return error is null;
    }

    /// <summary>One to three generic byte mutations of a copy of <paramref name="original"/>.</summary>
    private static (byte[], string) Mutate(byte[] original, Random random, int maxFlips = 8)
    {
        var bytes = new List<byte>(original);
        var what = new List<string>();
        for (int m = random.Next(1, 4); m > 0 && bytes.Count > 0; m--)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0:
                    int flips = random.Next(1, maxFlips + 1);
                    for (int k = 0; k < flips; k++) { int p = random.Next(bytes.Count); bytes[p] ^= (byte)(1 << random.Next(8)); }
                    what.Add($"{flips} bit flips");
                    break;
                case 1:
                    bytes.RemoveRange(at, bytes.Count - at);
                    what.Add($"truncated at {at}");
                    break;
                case 2:
                    var noise = new byte[random.Next(1, 65)];
                    random.NextBytes(noise);
                    bytes.InsertRange(at, noise);
                    what.Add($"{noise.Length} random bytes inserted at {at}");
                    break;
                case 3:
                    int cut = Math.Min(random.Next(1, 65), bytes.Count - at);
                    bytes.RemoveRange(at, cut);
                    what.Add($"{cut} bytes deleted at {at}");
                    break;
                case 4:
                    int length = Math.Min(random.Next(1, 256), bytes.Count - at);
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    what.Add($"{length} bytes from {at} repeated");
                    break;
                default:
                    byte fill = new byte[] { 0xFF, 0x00, 0x7F, 0x80 }[random.Next(4)];
                    for (int k = 0; k < 4 && at + k < bytes.Count; k++) bytes[at + k] = fill;
                    what.Add($"0x{fill:X2}×4 written at {at}");
                    break;
            }
        }
        return (bytes.ToArray(), string.Join(", ", what));
    }

    /// <summary>A header with one or two fields replaced by an extreme number, or a line repeated many times (huge counts).</summary>
    private static (byte[], string) MutateNumbers(Random random)
    {
        var lines = Encoding.UTF8.GetString(Hea).Split('\n').ToList();
        var what = new List<string>();
        for (int m = random.Next(1, 3); m > 0; m--)
        {
            int li = random.Next(3);   // the record line or a signal line
            if (random.Next(5) == 0)
            {
                int times = random.Next(2, 5000);
                lines.InsertRange(li, Enumerable.Repeat(lines[li], times));
                what.Add($"line {li + 1} repeated {times} times");
                continue;
            }
            var fields = lines[li].TrimEnd('\r').Split(' ');
            // A signal line's format field one time in three: its samples-per-frame, skew and byte-offset parts too.
            int fi = li > 0 && random.Next(3) == 0 ? 1 : random.Next(fields.Length);
            var number = ExtremeNumbers[random.Next(ExtremeNumbers.Length)];
            fields[fi] = fi == 1 && li > 0 ? $"212{"x:+"[random.Next(3)]}{number}" : number;
            lines[li] = string.Join(' ', fields) + "\r";
            what.Add($"line {li + 1} field {fi + 1} = {fields[fi]}");
        }
        return (Encoding.UTF8.GetBytes(string.Join('\n', lines)), string.Join(", ", what));
    }

    /// <summary>Annotation words rewritten with extreme codes: SKIP with huge intervals, AUX of 1023 bytes, NUM/SUB/CHN, undefined codes.</summary>
    private static (byte[], string) MutateWords(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        var what = new List<string>();
        for (int m = random.Next(1, 4); m > 0; m--)
        {
            int at = random.Next(bytes.Length / 2) * 2;
            int code = new[] { 59, 60, 61, 62, 63, 0, 49, 50, 58, random.Next(64) }[random.Next(10)];
            int interval = new[] { 0, 1, 0x3FF, random.Next(0x400) }[random.Next(4)];
            int word = code << 10 | interval;
            bytes[at] = (byte)word;
            if (at + 1 < bytes.Length) bytes[at + 1] = (byte)(word >> 8);
            if (code == 59 && at + 5 < bytes.Length)   // SKIP's 32-bit interval
                foreach (var k in Enumerable.Range(2, 4)) bytes[at + k] = (byte)(random.Next(2) == 0 ? 0xFF : 0x7F);
            what.Add($"word at {at} = code {code}, interval {interval}");
        }
        return (bytes, string.Join(", ", what));
    }
}
