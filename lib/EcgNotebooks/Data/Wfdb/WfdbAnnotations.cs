using System.Text;

namespace EcgNotebooks.Data;

/// <summary>One annotation of a WFDB annotation file.</summary>
public readonly record struct Annotation(long Sample, byte Code, sbyte Subtype, byte Channel, sbyte Number, string? Aux)
{
    /// <summary>The mnemonic (N, V, +, ~, ...) of <see cref="Code"/>.</summary>
    public string Symbol => AnnotationCodes.Symbol(Code);

    /// <summary>Whether the code marks a QRS complex (a beat), as WFDB's <c>isqrs</c> defines it.</summary>
    public bool IsBeat => AnnotationCodes.IsBeat(Code);
}

/// <summary>WFDB annotation codes (ecgcodes.h) and their mnemonics.</summary>
public static class AnnotationCodes
{
    private static readonly string[] Symbols =
    [
        " ", "N", "L", "R", "a", "V", "F", "J", "A", "S", "E", "j", "/", "Q", "~", "[15]", "|", "[17]", "s", "T", "*",
        "D", "\"", "=", "p", "B", "^", "t", "+", "u", "?", "!", "[", "]", "e", "n", "@", "x", "f", "(", ")", "r",
        "[42]", "[43]", "[44]", "[45]", "[46]", "[47]", "[48]", "[49]",
    ];

    /// <summary>Highest annotation code (user-defined codes run up to it).</summary>
    public const int MaxCode = 49;

    private static readonly bool[] BeatCodes = BuildBeatCodes();

    private static bool[] BuildBeatCodes()
    {
        var b = new bool[MaxCode + 1];
        // WFDB isqrs: NORMAL..UNKNOWN, BBB, LEARN, AESC, SVESC, PFUS, RONT.
        foreach (var c in "NLRaVFJASEj/QB?enfr") b[Code(c.ToString())] = true;
        return b;
    }

    public static string Symbol(byte code) => code < Symbols.Length ? Symbols[code] : $"[{code}]";

    public static bool IsBeat(byte code) => code < BeatCodes.Length && BeatCodes[code];

    /// <summary>The code of a mnemonic; throws for an unknown one.</summary>
    public static byte Code(string symbol)
    {
        int i = Array.IndexOf(Symbols, symbol);
        return i > 0 ? (byte)i : throw new ArgumentException($"unknown annotation symbol '{symbol}'", nameof(symbol));
    }
}

/// <summary>
/// Reads WFDB annotation files in MIT format: 16-bit little-endian words, 6-bit code + 10-bit
/// interval, with the pseudo-codes SKIP (59), NUM (60), SUB (61), CHN (62) and AUX (63).
/// </summary>
public static class WfdbAnnotationReader
{
    private const int Skip = 59, Num = 60, Sub = 61, Chn = 62, Aux = 63;

    public static Annotation[] Read(string path)
    {
        if (!File.Exists(path)) throw new DataFileMissingException(path, "annotation file");
        return Parse(File.ReadAllBytes(path), path);
    }

    public static Annotation[] Read(Stream stream, string nameForErrors)
    {
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        return Parse(ms.GetBuffer().AsSpan(0, (int)ms.Length), nameForErrors);
    }

    /// <summary>Decodes an annotation stream; <paramref name="path"/> is used in error messages only.</summary>
    public static Annotation[] Parse(ReadOnlySpan<byte> data, string path)
    {
        var list = new List<Annotation>(data.Length / 2);
        long time = 0;
        sbyte num = 0; byte chan = 0;
        int pos = 0;
        bool ended = false;
        while (pos + 1 < data.Length)
        {
            int word = data[pos] | (data[pos + 1] << 8);
            int code = word >> 10, interval = word & 0x3FF;
            long at = pos;
            pos += 2;
            if (code == 0 && interval == 0) { ended = true; break; }
            switch (code)
            {
                case Skip:
                    if (pos + 4 > data.Length) throw new CorruptAnnotationException(path, at, "SKIP without its 32-bit interval");
                    // PDP-11 long: high 16-bit word first, each word little-endian.
                    int skip = ((data[pos] | (data[pos + 1] << 8)) << 16) | (data[pos + 2] | (data[pos + 3] << 8));
                    time += skip;
                    if (time < 0) throw new CorruptAnnotationException(path, at, "SKIP moves the time before sample 0");
                    pos += 4;
                    break;
                case Num:
                case Sub:
                case Chn:
                case Aux:
                    if (list.Count == 0) throw new CorruptAnnotationException(path, at, $"modifier code {code} before any annotation");
                    var last = list[^1];
                    if (code == Num) list[^1] = last with { Number = num = (sbyte)interval };
                    else if (code == Sub) list[^1] = last with { Subtype = (sbyte)interval };
                    else if (code == Chn) list[^1] = last with { Channel = chan = (byte)interval };
                    else
                    {
                        if (pos + interval > data.Length)
                            throw new CorruptAnnotationException(path, at, $"AUX of {interval} bytes runs past the end of the stream ({data.Length} bytes)");
                        var aux = data.Slice(pos, interval);
                        int nul = aux.IndexOf((byte)0);
                        if (nul >= 0) aux = aux[..nul];
                        list[^1] = last with { Aux = Encoding.Latin1.GetString(aux) };
                        pos += (interval + 1) & ~1;
                    }
                    break;
                default:
                    if (code > AnnotationCodes.MaxCode)
                        throw new CorruptAnnotationException(path, at, $"undefined annotation code {code}");
                    time += interval;
                    // NUM and CHN persist from one annotation to the next (WFDB convention); SUB and AUX do not.
                    list.Add(new Annotation(time, (byte)code, 0, chan, num, null));
                    break;
            }
        }
        // Without the end-of-file word (0x0000) the stream must still end on a whole word: WFDB's own reader and
        // wfdb-python stop at the end of the file then. A lone trailing byte is half a word: damage.
        if (!ended && pos != data.Length)
            throw new CorruptAnnotationException(path, pos, "stream ends inside an annotation word (truncated?)");
        return list.ToArray();
    }
}
