using System.Numerics;

namespace EcgNotebooks.Data;

/// <summary>
/// Lossless coder for one ECG lead: first differences, coded with an adaptive binary range coder
/// (LZMA's) whose bit probabilities are conditioned on the sizes and sign of the previous two
/// differences. MIT-BIH MLII comes to about 3.5–4 bits per sample, about 4.5 bits with Brotli at its
/// best setting, which is also far slower.
/// </summary>
internal static class ResidualCoder
{
    private const int MaxBits = 17; // |difference of two int16| < 2^16, bit length ≤ 16
    private const int ProbBits = 11, Adapt = 5, Top = 1 << 24;

    private sealed class Model
    {
        public readonly ushort[] Length = Init(MaxBits * MaxBits * MaxBits);   // [ctx1][ctx2][unary step]
        public readonly ushort[] Sign = Init(3 * MaxBits);                     // [previous sign][length]
        public readonly ushort[] Mantissa = Init(MaxBits * MaxBits * 2);       // [length][bit position][top bit seen 1?]

        private static ushort[] Init(int n) { var a = new ushort[n]; Array.Fill(a, (ushort)(1 << (ProbBits - 1))); return a; }
    }

    private static int BitLength(int v) => v == 0 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)v);

    public static byte[] Encode(ReadOnlySpan<short> samples)
    {
        var output = new List<byte>(samples.Length / 2 + 16);
        var rc = new Encoder(output);
        var m = new Model();
        int prev = 0, r1 = 0, r2 = 0;
        foreach (var s in samples)
        {
            int r = s - prev;
            prev = s;
            int a = Math.Abs(r), k = BitLength(a);
            int ctx = (BitLength(Math.Abs(r1)) * MaxBits + BitLength(Math.Abs(r2))) * MaxBits;
            for (int j = 0; j < MaxBits - 1; j++)
            {
                int more = k > j ? 1 : 0;
                rc.Bit(ref m.Length[ctx + j], more);
                if (more == 0) break;
            }
            if (k > 0)
            {
                rc.Bit(ref m.Sign[(Math.Sign(r1) + 1) * MaxBits + k], r < 0 ? 1 : 0);
                for (int b = k - 2; b >= 0; b--)
                    rc.Bit(ref m.Mantissa[(k * MaxBits + b) * 2 + (b == k - 2 ? 0 : 1)], (a >> b) & 1);
            }
            r2 = r1; r1 = r;
        }
        rc.Flush();
        return output.ToArray();
    }

    public static short[] Decode(ReadOnlySpan<byte> data, int count, string nameForErrors)
    {
        var result = new short[count];
        var rc = new Decoder(data, nameForErrors);
        var m = new Model();
        int prev = 0, r1 = 0, r2 = 0;
        for (int i = 0; i < count; i++)
        {
            int ctx = (BitLength(Math.Abs(r1)) * MaxBits + BitLength(Math.Abs(r2))) * MaxBits;
            int k = 0;
            while (k < MaxBits - 1 && rc.Bit(ref m.Length[ctx + k]) == 1) k++;
            int r = 0;
            if (k > 0)
            {
                bool negative = rc.Bit(ref m.Sign[(Math.Sign(r1) + 1) * MaxBits + k]) == 1;
                int a = 1 << (k - 1);
                for (int b = k - 2; b >= 0; b--)
                    a |= rc.Bit(ref m.Mantissa[(k * MaxBits + b) * 2 + (b == k - 2 ? 0 : 1)]) << b;
                r = negative ? -a : a;
            }
            prev += r;
            if (prev is < short.MinValue or > short.MaxValue) throw new InvalidDataFileException(nameForErrors, $"decoded sample {i} is out of range (corrupt data)");
            result[i] = (short)prev;
            r2 = r1; r1 = r;
        }
        return result;
    }

    private sealed class Encoder(List<byte> output)
    {
        private ulong _low;
        private uint _range = uint.MaxValue;
        private byte _cache;
        private long _cacheSize = 1;

        public void Bit(ref ushort prob, int bit)
        {
            uint bound = (_range >> ProbBits) * prob;
            if (bit == 0) { _range = bound; prob += (ushort)(((1 << ProbBits) - prob) >> Adapt); }
            else { _low += bound; _range -= bound; prob -= (ushort)(prob >> Adapt); }
            while (_range < Top) { _range <<= 8; ShiftLow(); }
        }

        private void ShiftLow()
        {
            if ((uint)_low < 0xFF000000u || (_low >> 32) != 0)
            {
                byte temp = _cache;
                do { output.Add((byte)(temp + (byte)(_low >> 32))); temp = 0xFF; } while (--_cacheSize != 0);
                _cache = (byte)((uint)_low >> 24);
            }
            _cacheSize++;
            _low = (_low & 0x00FFFFFF) << 8;
        }

        public void Flush() { for (int i = 0; i < 5; i++) ShiftLow(); }
    }

    private ref struct Decoder
    {
        private readonly ReadOnlySpan<byte> _data;
        private readonly string _name;
        private int _pos;
        private uint _range, _code;

        public Decoder(ReadOnlySpan<byte> data, string name)
        {
            _data = data; _name = name; _range = uint.MaxValue;
            for (int i = 0; i < 5; i++) _code = (_code << 8) | Next();
        }

        private byte Next() => _pos < _data.Length ? _data[_pos++] : throw new InvalidDataFileException(_name, $"coded samples end early at byte {_pos}");

        public int Bit(ref ushort prob)
        {
            uint bound = (_range >> ProbBits) * prob;
            int bit;
            if (_code < bound) { _range = bound; prob += (ushort)(((1 << ProbBits) - prob) >> Adapt); bit = 0; }
            else { _code -= bound; _range -= bound; prob -= (ushort)(prob >> Adapt); bit = 1; }
            while (_range < Top) { _range <<= 8; _code = (_code << 8) | Next(); }
            return bit;
        }
    }
}
