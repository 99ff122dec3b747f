using EcgNotebooks.Evaluation;
using System.Text.Json;

namespace EcgNotebooks.Models.Tests.Evaluation;

public class ConfusionMatrixTests
{
    [Fact]
    public void Counts_truth_by_row_and_prediction_by_column()
    {
        //           pred: N  S  V  F
        int[] truth =     [0, 0, 1, 2, 2, 3, 1];
        int[] predicted = [0, 1, 1, 2, 3, 0, 0];
        var m = ConfusionMatrix.FromLabels(truth, predicted, AamiClasses.Four);

        // By hand: N→N 1, N→S 1, S→S 1, S→N 1, V→V 1, V→F 1, F→N 1.
        long[,] expected =
        {
            { 1, 1, 0, 0 },
            { 1, 1, 0, 0 },
            { 0, 0, 1, 1 },
            { 1, 0, 0, 0 },
        };
        Assert.Equal(expected, m.Counts);
        Assert.Equal(7, m.Total);
        Assert.Equal(3, m.Correct);
        // N: TP 1, FN 1 (N→S), FP 2 (S→N, F→N), TN 7 − 2 − 2 = 3.
        Assert.Equal(1, m.TruePositives(0));
        Assert.Equal(1, m.FalseNegatives(0));
        Assert.Equal(2, m.FalsePositives(0));
        Assert.Equal(3, m.TrueNegatives(0));
    }

    [Fact]
    public void Five_class_matrix_is_supported()
    {
        var m = ConfusionMatrix.FromLabels([4, 4, 0], [4, 0, 0], AamiClasses.Five);
        Assert.Equal(5, m.ClassCount);
        Assert.Equal(2, m.Support(4));
        Assert.Equal(1, m[4, 0]);
    }

    [Fact]
    public void Rejects_labels_outside_the_classes_and_length_mismatch()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ConfusionMatrix.FromLabels([0, 4], [0, 0], AamiClasses.Four));
        Assert.Contains("truth[1] = 4", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ConfusionMatrix.FromLabels([0], [-1], AamiClasses.Four));
        Assert.Throws<ArgumentException>(() => ConfusionMatrix.FromLabels([0, 1], [0], AamiClasses.Four));
    }

    [Fact]
    public void Json_round_trip_keeps_names_and_counts()
    {
        var m = ConfusionMatrix.FromLabels([0, 1, 1, 3], [0, 1, 0, 2], AamiClasses.Four);
        string json = JsonSerializer.Serialize(m);
        Assert.Contains("\"Counts\":[[1,0,0,0],[1,1,0,0],[0,0,0,0],[0,0,1,0]]", json);
        var back = JsonSerializer.Deserialize<ConfusionMatrix>(json)!;
        Assert.Equal(m.Counts, back.Counts);
        Assert.Equal(m.ClassNames, back.ClassNames);
    }
}
