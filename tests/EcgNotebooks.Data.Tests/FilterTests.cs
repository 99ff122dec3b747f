using EcgNotebooks.Data;

namespace EcgNotebooks.Data.Tests;

public class FilterTests
{
    [Fact]
    public void Paper_filter_is_effectively_a_100_Hz_low_pass()
    {
        // Protocol notes §1: after filtfilt the gain is 0.85 at DC, 0.90 at 1 Hz and 0.25 at 100 Hz.
        var f = FirFilter.BandPass(0.1, 100, 257, 360);
        Assert.Equal(0.85, f.ZeroPhaseGain(0), 2);
        Assert.Equal(0.90, f.ZeroPhaseGain(1), 2);
        Assert.Equal(0.25, f.ZeroPhaseGain(100), 2);
        Assert.Equal(1.0, f.ZeroPhaseGain(50), 2);
    }

    [Fact]
    public void Band_pass_has_its_pass_band_and_stop_band_gains()
    {
        var f = FirFilter.BandPass(0.5, 40, 1441, 360);
        foreach (var hz in new[] { 3.0, 10, 20, 35 }) Assert.InRange(f.ZeroPhaseGain(hz), 0.98, 1.02);
        foreach (var hz in new[] { 0.0, 50, 60, 100, 179 }) Assert.InRange(f.ZeroPhaseGain(hz), 0, 1e-3);
        Assert.Equal(1441, f.Taps.Length);
        Assert.Equal(f.Taps, f.Taps.Reverse()); // linear phase
        var lowPass = FirFilter.BandPass(0, 40, 129, 360);
        Assert.Equal(1.0, lowPass.ZeroPhaseGain(0), 6);
        Assert.InRange(lowPass.ZeroPhaseGain(60), 0, 1e-3);
    }

    [Fact]
    public void FiltFilt_is_zero_phase_and_applies_the_designed_gain()
    {
        var f = FirFilter.BandPass(0.5, 40, 257, 360);
        foreach (var hz in new[] { 5.0, 38, 45 })
        {
            var x = Enumerable.Range(0, 20000).Select(t => (float)Math.Sin(2 * Math.PI * hz * t / 360)).ToArray();
            var y = (float[])x.Clone();
            f.FiltFilt(y);
            // In the interior, y = gain · x exactly in phase: least-squares gain of y on x, and the residual.
            double g = 0, xx = 0;
            for (int t = 2000; t < 18000; t++) { g += y[t] * x[t]; xx += x[t] * x[t]; }
            g /= xx;
            Assert.Equal(f.ZeroPhaseGain(hz), g, 3);
            double residual = 0;
            for (int t = 2000; t < 18000; t++) residual = Math.Max(residual, Math.Abs(y[t] - g * x[t]));
            Assert.True(residual < 2e-3, $"{hz} Hz: out-of-phase residual {residual}");
        }
        // An impulse response is symmetric about the impulse.
        var impulse = new float[4001];
        impulse[2000] = 1;
        f.FiltFilt(impulse);
        for (int d = 1; d < 600; d++) Assert.Equal(impulse[2000 - d], impulse[2000 + d], 6);
    }

    [Fact]
    public void FFT_convolution_matches_direct_forward_backward_filtering()
    {
        var f = FirFilter.BandPass(0.1, 100, 257, 360);
        var rng = new Random(7);
        var x = Enumerable.Range(0, 30000).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var y = (float[])x.Clone();
        f.FiltFilt(y);
        // Direct: forward pass then backward pass (in double), compared away from the edges.
        var h = f.Taps;
        double[] Pass(double[] s)
        {
            var o = new double[s.Length];
            for (int t = 0; t < s.Length; t++)
            {
                double acc = 0;
                for (int k = 0; k < h.Length && k <= t; k++) acc += h[k] * s[t - k];
                o[t] = acc;
            }
            return o;
        }
        var fwd = Pass(x.Select(v => (double)v).ToArray());
        var back = Pass(fwd.Reverse().ToArray()).Reverse().ToArray();
        for (int t = 1000; t < 29000; t += 7) Assert.Equal(back[t], y[t], 3); // float FFT vs double direct
    }

    [Fact]
    public void Median_filter_matches_a_naive_median()
    {
        var rng = new Random(3);
        var x = Enumerable.Range(0, 3000).Select(_ => (short)rng.Next(-2048, 2048)).ToArray();
        foreach (var w in new[] { 1, 3, 71, 72, 217 })
        {
            var y = new short[x.Length];
            MedianFilter.Apply(x, y, w);
            int ww = w % 2 == 0 ? w + 1 : w, half = ww / 2;
            for (int t = 0; t < x.Length; t += 13)
            {
                var win = Enumerable.Range(t - half, ww).Select(i => x[Math.Clamp(i, 0, x.Length - 1)]).Order().ToArray();
                Assert.Equal(win[half], y[t]);
            }
        }
    }

    [Fact]
    public void Median_baseline_removes_slow_wander_and_keeps_the_QRS()
    {
        // A spike train (QRS-like, 40 ms wide) on a slow 0.3 Hz wander.
        int n = 360 * 20;
        var x = new short[n];
        for (int t = 0; t < n; t++) x[t] = (short)(300 * Math.Sin(2 * Math.PI * 0.3 * t / 360) + (t % 288 < 14 ? 800 : 0));
        var y = new int[n];
        MedianFilter.RemoveBaseline(x, y, 72, 216);
        for (int t = 1000; t < n - 1000; t++)
            if (t % 288 >= 40 && t % 288 < 250) Assert.InRange(y[t], -35, 35);
        Assert.InRange(y[288 * 10 + 7], 750, 850);
    }

    [Fact]
    public void Resampler_keeps_in_band_tones_and_removes_aliases()
    {
        var rs = new Resampler(360, 250);
        Assert.Equal((25, 36), (rs.Up, rs.Down));
        double Amplitude(double hz)
        {
            var x = Enumerable.Range(0, 36000).Select(t => (float)Math.Sin(2 * Math.PI * hz * t / 360)).ToArray();
            var y = rs.Apply(x);
            Assert.Equal(25000, y.Length);
            return Math.Sqrt(2 * y.Skip(2000).Take(20000).Average(v => (double)v * v));
        }
        Assert.Equal(1, Amplitude(10), 2);
        Assert.Equal(1, Amplitude(80), 2);
        Assert.InRange(Amplitude(150), 0, 0.01); // above the new Nyquist (125 Hz): would alias to 100 Hz
        // Timing: a 10 Hz sine stays in phase (sample k of the output is time k/250).
        var sine = Enumerable.Range(0, 3600).Select(t => (float)Math.Sin(2 * Math.PI * 10 * t / 360)).ToArray();
        var out250 = rs.Apply(sine);
        for (int k = 500; k < 2000; k += 37) Assert.Equal(Math.Sin(2 * Math.PI * 10 * k / 250.0), out250[k], 2);
    }

    [Fact]
    public void Normalisation_gives_zero_mean_unit_std_or_unit_range()
    {
        var rng = new Random(5);
        var x = Enumerable.Range(0, 723).Select(_ => (float)(rng.NextDouble() * 3 + 2)).ToArray();
        var z = (float[])x.Clone();
        BeatNormaliser.Apply(z, BeatNormalisation.ZScore);
        Assert.Equal(0, z.Average(), 4);
        Assert.Equal(1, Math.Sqrt(z.Average(v => (double)v * v)), 4);
        var m = (float[])x.Clone();
        BeatNormaliser.Apply(m, BeatNormalisation.MinMax);
        Assert.Equal(0, m.Min(), 6);
        Assert.Equal(1, m.Max(), 5);
    }
}
