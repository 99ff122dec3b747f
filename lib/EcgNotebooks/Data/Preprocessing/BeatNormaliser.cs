namespace EcgNotebooks.Data;

/// <summary>Per-beat, per-lead normalisation of a window in place.</summary>
public static class BeatNormaliser
{
    public static void Apply(Span<float> window, BeatNormalisation mode)
    {
        switch (mode)
        {
            case BeatNormalisation.ZScore:
            {
                double sum = 0, sq = 0;
                foreach (var v in window) sum += v;
                double mean = sum / window.Length;
                foreach (var v in window) sq += (v - mean) * (v - mean);
                float std = (float)Math.Sqrt(sq / window.Length), m = (float)mean;
                float inv = 1f / (std + 1e-8f);
                for (int i = 0; i < window.Length; i++) window[i] = (window[i] - m) * inv;
                break;
            }
            case BeatNormalisation.MinMax:
            {
                float min = float.MaxValue, max = float.MinValue;
                foreach (var v in window) { if (v < min) min = v; if (v > max) max = v; }
                float inv = 1f / (max - min + 1e-8f);
                for (int i = 0; i < window.Length; i++) window[i] = (window[i] - min) * inv;
                break;
            }
        }
    }
}
