namespace EcgNotebooks.Data;

/// <summary>
/// Running median of integer samples in O(1) amortised time per sample (Huang's histogram method),
/// exact because ADC samples are integers; edges repeat the first and last sample.
/// </summary>
public static class MedianFilter
{
    /// <summary>Median of the <paramref name="window"/> samples centred on each sample (window made odd).</summary>
    public static void Apply(ReadOnlySpan<short> x, Span<short> y, int window)
    {
        int n = x.Length;
        if (y.Length != n) throw new ArgumentException("input and output lengths differ");
        if (n == 0) return;
        if (window < 1) throw new ArgumentOutOfRangeException(nameof(window), "window must be at least one sample");
        if (window % 2 == 0) window++;
        int half = window / 2;
        int min = short.MaxValue, max = short.MinValue;
        foreach (var v in x) { if (v < min) min = v; if (v > max) max = v; }
        var hist = new int[max - min + 1];
        short At(ReadOnlySpan<short> s, int i) => s[i < 0 ? 0 : i >= s.Length ? s.Length - 1 : i];
        for (int i = -half; i <= half; i++) hist[At(x, i) - min]++;
        // m: current median bin; below: count of window samples in bins < m. Median ⇔ below ≤ half < below + hist[m].
        int m = 0, below = 0;
        while (below + hist[m] <= half) { below += hist[m]; m++; }
        y[0] = (short)(m + min);
        for (int t = 1; t < n; t++)
        {
            int outgoing = At(x, t - half - 1) - min, incoming = At(x, t + half) - min;
            hist[outgoing]--; if (outgoing < m) below--;
            hist[incoming]++; if (incoming < m) below++;
            while (below > half) { m--; below -= hist[m]; }
            while (below + hist[m] <= half) { below += hist[m]; m++; }
            y[t] = (short)(m + min);
        }
    }

    /// <summary>
    /// Baseline by a <paramref name="firstWindow"/>-sample median followed by a <paramref name="secondWindow"/>-sample median
    /// of its output (de Chazal 2004: 200 ms and 600 ms), subtracted from <paramref name="x"/> into <paramref name="result"/>.
    /// </summary>
    public static void RemoveBaseline(ReadOnlySpan<short> x, Span<int> result, int firstWindow, int secondWindow)
    {
        var a = new short[x.Length];
        var b = new short[x.Length];
        Apply(x, a, firstWindow);
        Apply(a, b, secondWindow);
        for (int i = 0; i < x.Length; i++) result[i] = x[i] - b[i];
    }
}
