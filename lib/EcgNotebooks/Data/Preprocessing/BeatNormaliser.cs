using System.Numerics;
using System.Runtime.InteropServices;

namespace EcgNotebooks.Data;

/// <summary>Per-beat, per-lead normalisation of a window in place (SIMD; it touches every output sample).</summary>
public static class BeatNormaliser
{
    public static void Apply(Span<float> window, BeatNormalisation mode)
    {
        switch (mode)
        {
            case BeatNormalisation.ZScore:
            {
                float mean = Sum(window) / window.Length;
                float var = SumSquaredDeviation(window, mean) / window.Length;
                Affine(window, -mean, 1f / (MathF.Sqrt(var) + 1e-8f));
                break;
            }
            case BeatNormalisation.MinMax:
            {
                float min = float.MaxValue, max = float.MinValue;
                foreach (var v in window) { if (v < min) min = v; if (v > max) max = v; }
                Affine(window, -min, 1f / (max - min + 1e-8f));
                break;
            }
        }
    }

    private static float Sum(ReadOnlySpan<float> x)
    {
        var vectors = MemoryMarshal.Cast<float, Vector<float>>(x);
        var acc = Vector<float>.Zero;
        foreach (var v in vectors) acc += v;
        float s = Vector.Sum(acc);
        for (int i = vectors.Length * Vector<float>.Count; i < x.Length; i++) s += x[i];
        return s;
    }

    private static float SumSquaredDeviation(ReadOnlySpan<float> x, float mean)
    {
        var vectors = MemoryMarshal.Cast<float, Vector<float>>(x);
        var m = new Vector<float>(mean);
        var acc = Vector<float>.Zero;
        foreach (var v in vectors) { var d = v - m; acc += d * d; }
        float s = Vector.Sum(acc);
        for (int i = vectors.Length * Vector<float>.Count; i < x.Length; i++) s += (x[i] - mean) * (x[i] - mean);
        return s;
    }

    /// <summary>x ← (x + shift) · scale.</summary>
    private static void Affine(Span<float> x, float shift, float scale)
    {
        var vectors = MemoryMarshal.Cast<float, Vector<float>>(x);
        var sh = new Vector<float>(shift);
        var sc = new Vector<float>(scale);
        for (int i = 0; i < vectors.Length; i++) vectors[i] = (vectors[i] + sh) * sc;
        for (int i = vectors.Length * Vector<float>.Count; i < x.Length; i++) x[i] = (x[i] + shift) * scale;
    }
}
