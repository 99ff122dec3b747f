using System.Numerics;

namespace EcgNotebooks.Data;

/// <summary>
/// A linear-phase FIR filter designed by the windowed-sinc method (Hamming window, like
/// scipy.signal.firwin), applied zero-phase by forward-backward filtering.
/// </summary>
/// <remarks>
/// Forward-backward filtering with taps h equals one convolution with h's autocorrelation
/// (h * reversed h, 2N − 1 taps, symmetric, so zero phase and magnitude |H|²). This class applies
/// that single kernel by FFT overlap-save after extending each end with its odd reflection, as
/// scipy.signal.filtfilt does (pad length 3N), so long records cost O(n log N).
/// </remarks>
public sealed class FirFilter
{
    public double[] Taps { get; }
    public double SampleRate { get; }

    private readonly float[] _zeroPhaseKernel;
    private readonly Lazy<(Fft Fft, float[] Re, float[] Im)> _spectrum;

    public FirFilter(double[] taps, double sampleRate)
    {
        if (taps.Length == 0) throw new ArgumentException("a filter needs at least one tap", nameof(taps));
        Taps = taps; SampleRate = sampleRate;
        int n = taps.Length;
        _zeroPhaseKernel = new float[2 * n - 1];
        for (int i = 0; i < 2 * n - 1; i++)
        {
            double s = 0;
            for (int j = Math.Max(0, i - n + 1); j <= Math.Min(i, n - 1); j++) s += taps[j] * taps[n - 1 - (i - j)];
            _zeroPhaseKernel[i] = (float)s;
        }
        _spectrum = new Lazy<(Fft, float[], float[])>(() =>
        {
            var fft = Fft.ForSize(Math.Max(4096, (int)BitOperations.RoundUpToPowerOf2((uint)(8 * _zeroPhaseKernel.Length))));
            var re = new float[fft.Size];
            var im = new float[fft.Size];
            _zeroPhaseKernel.CopyTo(re, 0);
            fft.Transform(re, im, inverse: false);
            return (fft, re, im);
        });
    }

    /// <summary>Windowed-sinc band-pass [lowHz, highHz] (lowHz = 0: low-pass), odd tap count, unit gain at the pass band's centre (DC for a low-pass).</summary>
    public static FirFilter BandPass(double lowHz, double highHz, int taps, double sampleRate)
    {
        if (taps < 1 || taps % 2 == 0) throw new ArgumentException($"tap count {taps} must be odd", nameof(taps));
        double nyq = sampleRate / 2;
        if (lowHz < 0 || highHz <= lowHz) throw new ArgumentException($"need 0 ≤ low ({lowHz}) < high ({highHz})");
        highHz = Math.Min(highHz, nyq); // a cut-off at or above Nyquist passes everything up to it
        double fl = lowHz / sampleRate, fh = highHz / sampleRate;
        var h = new double[taps];
        double mid = (taps - 1) / 2.0;
        for (int i = 0; i < taps; i++)
        {
            double m = i - mid;
            double ideal = 2 * fh * Sinc(2 * fh * m) - (fl > 0 ? 2 * fl * Sinc(2 * fl * m) : 0);
            if (highHz >= nyq) ideal = (m == 0 ? 1 : 0) - (fl > 0 ? 2 * fl * Sinc(2 * fl * m) : 0);
            double w = taps == 1 ? 1 : 0.54 - 0.46 * Math.Cos(2 * Math.PI * i / (taps - 1));
            h[i] = ideal * w;
        }
        for (int i = 0; i < taps / 2; i++) h[taps - 1 - i] = h[i]; // exactly symmetric: exactly linear phase
        // Unit gain at the centre of the pass band (firwin's scale=True).
        double f0 = lowHz > 0 ? (highHz >= nyq ? nyq : (lowHz + highHz) / 2) : 0;
        double g = Magnitude(h, f0 / sampleRate);
        for (int i = 0; i < taps; i++) h[i] /= g;
        return new FirFilter(h, sampleRate);
    }

    private static double Sinc(double x) => x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);

    private static double Magnitude(double[] h, double normalisedFrequency)
    {
        double re = 0, im = 0;
        for (int i = 0; i < h.Length; i++)
        {
            double a = -2 * Math.PI * normalisedFrequency * i;
            re += h[i] * Math.Cos(a); im += h[i] * Math.Sin(a);
        }
        return Math.Sqrt(re * re + im * im);
    }

    /// <summary>Gain of one (forward) pass at <paramref name="hz"/>.</summary>
    public double Gain(double hz) => Magnitude(Taps, hz / SampleRate);

    /// <summary>Gain of the zero-phase forward-backward filter (the square of <see cref="Gain"/>).</summary>
    public double ZeroPhaseGain(double hz) => Gain(hz) * Gain(hz);

    /// <summary>Filters <paramref name="signal"/> forward and backward in place (zero phase).</summary>
    public void FiltFilt(Span<float> signal)
    {
        int n = signal.Length;
        if (n == 0) return;
        int half = Taps.Length - 1, klen = _zeroPhaseKernel.Length;
        int pad = 3 * Taps.Length;
        var x = new float[n + 2 * pad];
        signal.CopyTo(x.AsSpan(pad));
        float first = signal[0], last = signal[n - 1];
        for (int i = 1; i <= pad; i++)
        {
            x[pad - i] = 2 * first - signal[Math.Min(i, n - 1)];
            x[pad + n - 1 + i] = 2 * last - signal[Math.Max(n - 1 - i, 0)];
        }
        // y[t] = Σ_k g[k] x[pad + t + half − k]  (g centred at index half): the linear convolution at pad + half + t.
        var (fft, kre, kim) = _spectrum.Value;
        int size = fft.Size;
        int step = size - klen + 1;
        var re = new float[size];
        var im = new float[size];
        float scale = 1f / size;
        int start = pad + half; // index into the full convolution of the first wanted output
        // Two real blocks per complex FFT: block A in the real part, block B in the imaginary part.
        for (int outStart = 0; outStart < n; outStart += 2 * step)
        {
            int a0 = start + outStart - (klen - 1), b0 = a0 + step;
            FillBlock(x, a0, re);
            FillBlock(x, b0, im);
            fft.Transform(re, im, inverse: false);
            for (int i = 0; i < size; i++)
            {
                float r = re[i] * kre[i] - im[i] * kim[i];
                im[i] = re[i] * kim[i] + im[i] * kre[i];
                re[i] = r;
            }
            fft.Transform(re, im, inverse: true);
            int countA = Math.Min(step, n - outStart);
            for (int i = 0; i < countA; i++) signal[outStart + i] = re[klen - 1 + i] * scale;
            int countB = Math.Min(step, n - outStart - step);
            for (int i = 0; i < countB; i++) signal[outStart + step + i] = im[klen - 1 + i] * scale;
        }
    }

    private static void FillBlock(float[] x, int from, Span<float> block)
    {
        block.Clear();
        int lo = Math.Max(from, 0), hi = Math.Min(from + block.Length, x.Length);
        if (hi > lo) x.AsSpan(lo, hi - lo).CopyTo(block[(lo - from)..]);
    }
}
