namespace EcgNotebooks.Data;

/// <summary>
/// Rational polyphase resampling (up by L, down by M) with a Hamming-windowed-sinc anti-aliasing
/// low-pass at 0.9 × the lower Nyquist frequency, 16 zero crossings each side; zeros beyond the edges.
/// </summary>
public sealed class Resampler
{
    public int Up { get; }
    public int Down { get; }
    private readonly double[] _h;
    private readonly int _centre;

    public Resampler(double fromRate, double toRate)
    {
        if (!(fromRate > 0) || !(toRate > 0)) throw new ArgumentException("rates must be positive");
        (Up, Down) = Ratio(toRate / fromRate);
        const int zeroCrossings = 16;
        double cutoff = 0.9 * 0.5 / Math.Max(Up, Down); // in cycles per sample at the upsampled rate
        int half = (int)Math.Ceiling(zeroCrossings / (2 * cutoff));
        _h = new double[2 * half + 1];
        _centre = half;
        for (int i = 0; i < _h.Length; i++)
        {
            double m = i - half;
            double sinc = m == 0 ? 1 : Math.Sin(2 * Math.PI * cutoff * m) / (2 * Math.PI * cutoff * m);
            _h[i] = 2 * cutoff * sinc * (0.54 - 0.46 * Math.Cos(2 * Math.PI * i / (_h.Length - 1))) * Up;
        }
    }

    /// <summary>Best rational approximation L/M of <paramref name="ratio"/> with M ≤ 1000.</summary>
    private static (int, int) Ratio(double ratio)
    {
        int bestL = 1, bestM = 1; double bestErr = double.MaxValue;
        for (int m = 1; m <= 1000; m++)
        {
            int l = (int)Math.Round(ratio * m);
            if (l < 1) continue;
            double err = Math.Abs((double)l / m - ratio);
            if (err < bestErr - 1e-12) { bestErr = err; bestL = l; bestM = m; if (err < 1e-12) break; }
        }
        return (bestL, bestM);
    }

    public int OutputLength(int inputLength) => (int)(((long)inputLength * Up + Down - 1) / Down);

    /// <summary>Output sample index of input sample <paramref name="inputIndex"/>.</summary>
    public int MapIndex(long inputIndex) => (int)Math.Round((double)inputIndex * Up / Down);

    public float[] Apply(ReadOnlySpan<float> x)
    {
        int n = x.Length;
        var y = new float[OutputLength(n)];
        for (int k = 0; k < y.Length; k++)
        {
            // y[k] = Σ_i x[i] h[k·M − i·L + centre]
            long pos = (long)k * Down + _centre;
            int iHigh = (int)Math.Min(n - 1, pos / Up);
            int iLow = (int)Math.Max(0, (pos - (_h.Length - 1) + Up - 1) / Up);
            double s = 0;
            for (int i = iLow; i <= iHigh; i++) s += x[i] * _h[pos - (long)i * Up];
            y[k] = (float)s;
        }
        return y;
    }
}
