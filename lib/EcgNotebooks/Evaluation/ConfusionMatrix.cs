using System.Text.Json;
using System.Text.Json.Serialization;

namespace EcgNotebooks.Evaluation;

/// <summary>
/// Counts of (true class, predicted class) pairs: rows are the truth, columns the prediction.
/// Works for any number of classes (4×4 for N,S,V,F; 5×5 when Q is kept).
/// </summary>
[JsonConverter(typeof(ConfusionMatrixJsonConverter))]
public sealed class ConfusionMatrix
{
    private readonly long[,] _counts;

    public ConfusionMatrix(IReadOnlyList<string> classNames, long[,] counts)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(counts);
        if (classNames.Count == 0)
            throw new ArgumentException("A confusion matrix needs at least one class.", nameof(classNames));
        if (counts.GetLength(0) != classNames.Count || counts.GetLength(1) != classNames.Count)
            throw new ArgumentException(
                $"Counts are {counts.GetLength(0)}×{counts.GetLength(1)} but there are {classNames.Count} class names.",
                nameof(counts));
        foreach (var c in counts)
            if (c < 0) throw new ArgumentException("Confusion matrix counts must not be negative.", nameof(counts));
        ClassNames = classNames.ToArray();
        _counts = (long[,])counts.Clone();
    }

    /// <summary>Builds the matrix from label vectors; labels are indices into <paramref name="classNames"/>.</summary>
    public static ConfusionMatrix FromLabels(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        if (truth.Length != predicted.Length)
            throw new ArgumentException($"truth has {truth.Length} labels but predicted has {predicted.Length}.");
        int k = classNames.Count;
        var counts = new long[k, k];
        for (int i = 0; i < truth.Length; i++)
        {
            int t = truth[i], p = predicted[i];
            if ((uint)t >= (uint)k)
                throw new ArgumentOutOfRangeException(nameof(truth), $"truth[{i}] = {t} is not a class index in [0, {k}).");
            if ((uint)p >= (uint)k)
                throw new ArgumentOutOfRangeException(nameof(predicted), $"predicted[{i}] = {p} is not a class index in [0, {k}).");
            counts[t, p]++;
        }
        return new ConfusionMatrix(classNames, counts);
    }

    public IReadOnlyList<string> ClassNames { get; }
    public int ClassCount => ClassNames.Count;

    /// <summary>A copy of the counts, [truth, predicted].</summary>
    public long[,] Counts => (long[,])_counts.Clone();

    public long this[int truth, int predicted] => _counts[truth, predicted];

    public long Total
    {
        get { long n = 0; foreach (var c in _counts) n += c; return n; }
    }

    /// <summary>Sum of the diagonal.</summary>
    public long Correct
    {
        get { long n = 0; for (int i = 0; i < ClassCount; i++) n += _counts[i, i]; return n; }
    }

    /// <summary>Beats whose true class is <paramref name="c"/> (row sum).</summary>
    public long Support(int c) { long n = 0; for (int j = 0; j < ClassCount; j++) n += _counts[c, j]; return n; }

    /// <summary>Beats predicted as <paramref name="c"/> (column sum).</summary>
    public long PredictedCount(int c) { long n = 0; for (int i = 0; i < ClassCount; i++) n += _counts[i, c]; return n; }

    public long TruePositives(int c) => _counts[c, c];
    public long FalseNegatives(int c) => Support(c) - _counts[c, c];
    public long FalsePositives(int c) => PredictedCount(c) - _counts[c, c];
    public long TrueNegatives(int c) => Total - Support(c) - FalsePositives(c);

    public int IndexOf(string className)
    {
        for (int i = 0; i < ClassCount; i++)
            if (ClassNames[i] == className) return i;
        throw new ArgumentException($"Class '{className}' is not one of {string.Join(", ", ClassNames)}.", nameof(className));
    }

    /// <summary>Markdown table, rows = truth, columns = prediction.</summary>
    public string ToMarkdown()
    {
        var sb = new System.Text.StringBuilder();
        sb.Append("| truth \\ predicted | ").AppendJoin(" | ", ClassNames).AppendLine(" | total |");
        sb.Append("|---|").Append(string.Concat(Enumerable.Repeat("---:|", ClassCount + 1))).AppendLine();
        for (int i = 0; i < ClassCount; i++)
        {
            sb.Append("| ").Append(ClassNames[i]).Append(" | ");
            for (int j = 0; j < ClassCount; j++) sb.Append(_counts[i, j]).Append(" | ");
            sb.Append(Support(i)).AppendLine(" |");
        }
        return sb.ToString();
    }
}

/// <summary>JSON form: {"classNames": [...], "counts": [[...], ...]} (rows = truth).</summary>
internal sealed class ConfusionMatrixJsonConverter : JsonConverter<ConfusionMatrix>
{
    private sealed record Dto(string[] ClassNames, long[][] Counts);

    public override ConfusionMatrix Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // Dto carries no converter attribute, so the caller's options (naming policy etc.) apply to it unchanged.
        var dto = JsonSerializer.Deserialize<Dto>(ref reader, options)
                  ?? throw new JsonException("Confusion matrix is null.");
        int k = dto.ClassNames.Length;
        if (dto.Counts.Length != k || dto.Counts.Any(r => r.Length != k))
            throw new JsonException($"Confusion matrix counts are not {k}×{k}.");
        var counts = new long[k, k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++) counts[i, j] = dto.Counts[i][j];
        return new ConfusionMatrix(dto.ClassNames, counts);
    }

    public override void Write(Utf8JsonWriter writer, ConfusionMatrix value, JsonSerializerOptions options)
    {
        int k = value.ClassCount;
        var rows = new long[k][];
        for (int i = 0; i < k; i++)
        {
            rows[i] = new long[k];
            for (int j = 0; j < k; j++) rows[i][j] = value[i, j];
        }
        JsonSerializer.Serialize(writer, new Dto(value.ClassNames.ToArray(), rows), options);
    }
}
