namespace EcgNotebooks.Data;

/// <summary>One part of a train / validation / test split.</summary>
public enum SplitPart { Train = 0, Validation = 1, Test = 2 }

/// <summary>
/// Seeded, deterministic split generators. They use their own generator (<see cref="SplitMix64"/>),
/// not <see cref="Random"/>, so the same seed gives the same split on every runtime. The splits the
/// experiments use are not regenerated at run time: they are stored in committed files
/// (<see cref="StoredSplits"/>); these generators only (re)write those files and let a test check
/// that the stored files are what the generator makes.
/// </summary>
public static class SplitMaker
{
    /// <summary>
    /// Stratified train / validation / test assignment: within each class, a seeded shuffle, then the
    /// first round(train·n) are train, the next round(validation·n) validation, the rest test.
    /// </summary>
    public static SplitPart[] Stratified(IReadOnlyList<int> classes, double train, double validation, ulong seed)
    {
        if (!(train > 0) || !(validation >= 0) || train + validation > 1 + 1e-12)
            throw new ArgumentException($"fractions train {train}, validation {validation} must be positive and sum to at most 1");
        var result = new SplitPart[classes.Count];
        var rng = new SplitMix64(seed);
        foreach (var members in ByClass(classes))
        {
            rng.Shuffle(members);
            int n = members.Length;
            int nTrain = (int)Math.Round(train * n, MidpointRounding.AwayFromZero);
            int nVal = Math.Min(n - nTrain, (int)Math.Round(validation * n, MidpointRounding.AwayFromZero));
            for (int i = 0; i < n; i++)
                result[members[i]] = i < nTrain ? SplitPart.Train : i < nTrain + nVal ? SplitPart.Validation : SplitPart.Test;
        }
        return result;
    }

    /// <summary>
    /// Stratified k-fold assignment (fold 0..k-1): within each class a seeded shuffle, then folds dealt
    /// round-robin, the dealing continuing from class to class so fold sizes differ by at most one.
    /// </summary>
    public static int[] StratifiedFolds(IReadOnlyList<int> classes, int k, ulong seed)
    {
        if (k < 2) throw new ArgumentException("k must be at least 2", nameof(k));
        var result = new int[classes.Count];
        var rng = new SplitMix64(seed);
        int next = 0;
        foreach (var members in ByClass(classes))
        {
            rng.Shuffle(members);
            foreach (var m in members) { result[m] = next; next = (next + 1) % k; }
        }
        return result;
    }

    /// <summary>
    /// Multi-label iterative stratification (Sechidis, Tsoumakas and Vlahavas 2011) into k folds:
    /// repeatedly take the label with the fewest unassigned examples and give each of its examples
    /// (in seeded random order) to the fold that most wants that label, ties broken by the fold that
    /// most wants examples overall, then by the lowest fold index. Examples with no label go last,
    /// to the folds most short of examples. <paramref name="targets"/> is row-major [n, labels] of 0/1.
    /// </summary>
    public static int[] IterativeStratifiedFolds(ReadOnlySpan<float> targets, int n, int labels, int k, ulong seed)
    {
        if (k < 2) throw new ArgumentException("k must be at least 2", nameof(k));
        if (targets.Length != n * labels) throw new ArgumentException($"targets has {targets.Length} values, expected {n} × {labels}");
        var has = new bool[n, labels];
        for (int i = 0; i < n; i++) for (int l = 0; l < labels; l++) has[i, l] = targets[i * labels + l] > 0.5f;
        var rng = new SplitMix64(seed);
        var order = Enumerable.Range(0, n).ToArray();
        rng.Shuffle(order);

        var fold = Enumerable.Repeat(-1, n).ToArray();
        var wantTotal = new double[k];
        for (int f = 0; f < k; f++) wantTotal[f] = (double)n / k;
        var wantLabel = new double[k, labels];
        for (int l = 0; l < labels; l++)
        {
            int c = 0;
            for (int i = 0; i < n; i++) if (has[i, l]) c++;
            for (int f = 0; f < k; f++) wantLabel[f, l] = (double)c / k;
        }

        void Assign(int i, int f)
        {
            fold[i] = f;
            wantTotal[f] -= 1;
            for (int l = 0; l < labels; l++) if (has[i, l]) wantLabel[f, l] -= 1;
        }

        while (true)
        {
            int best = -1, bestCount = int.MaxValue;
            for (int l = 0; l < labels; l++)
            {
                int c = 0;
                foreach (var i in order) if (fold[i] < 0 && has[i, l]) c++;
                if (c > 0 && c < bestCount) { best = l; bestCount = c; }
            }
            if (best < 0) break;
            foreach (var i in order)
            {
                if (fold[i] >= 0 || !has[i, best]) continue;
                int pick = 0;
                for (int f = 1; f < k; f++)
                {
                    const double eps = 1e-9;
                    double d = wantLabel[f, best] - wantLabel[pick, best];
                    if (d > eps || (Math.Abs(d) <= eps && wantTotal[f] > wantTotal[pick] + eps)) pick = f;
                }
                Assign(i, pick);
            }
        }
        foreach (var i in order)
        {
            if (fold[i] >= 0) continue;
            int pick = 0;
            for (int f = 1; f < k; f++) if (wantTotal[f] > wantTotal[pick] + 1e-9) pick = f;
            Assign(i, pick);
        }
        return fold;
    }

    /// <summary>Member indices per class, classes in ascending order, members in index order.</summary>
    private static IEnumerable<int[]> ByClass(IReadOnlyList<int> classes) =>
        Enumerable.Range(0, classes.Count).GroupBy(i => classes[i]).OrderBy(g => g.Key).Select(g => g.ToArray());
}

/// <summary>SplitMix64 (Steele, Lea and Flood 2014): a tiny generator whose output is fixed by its seed forever.</summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform integer in [0, bound) without modulo bias (rejection sampling).</summary>
    public int Next(int bound)
    {
        if (bound <= 0) throw new ArgumentOutOfRangeException(nameof(bound));
        ulong b = (ulong)bound, limit = ulong.MaxValue - ulong.MaxValue % b;
        ulong r;
        do r = NextUInt64(); while (r >= limit);
        return (int)(r % b);
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<T>(T[] items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
