namespace EcgNotebooks.Models.Tests.Evaluation;

internal static class LabelFixtures
{
    /// <summary>Expands a [truth, predicted] count matrix into label vectors.</summary>
    public static (int[] Truth, int[] Predicted) Expand(long[,] counts)
    {
        var truth = new List<int>();
        var predicted = new List<int>();
        for (int t = 0; t < counts.GetLength(0); t++)
            for (int p = 0; p < counts.GetLength(1); p++)
                for (long i = 0; i < counts[t, p]; i++) { truth.Add(t); predicted.Add(p); }
        return (truth.ToArray(), predicted.ToArray());
    }

    /// <summary>One-hot probabilities of the predictions (AUROC/AUPRC then reflect the hard decisions).</summary>
    public static float[] OneHot(int[] predicted, int classCount)
    {
        var p = new float[predicted.Length * classCount];
        for (int i = 0; i < predicted.Length; i++) p[i * classCount + predicted[i]] = 1f;
        return p;
    }
}
