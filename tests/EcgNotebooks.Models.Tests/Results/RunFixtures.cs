using EcgNotebooks.Evaluation;
using EcgNotebooks.Results;

namespace EcgNotebooks.Models.Tests.Results;

internal static class RunFixtures
{
    /// <summary>100 beats (N 70, S/V/F 10 each); <paramref name="nAsS"/> N beats predicted S, the rest correct.</summary>
    public static ClassificationReport Report(int nAsS, int sAsN = 0)
    {
        long[,] counts =
        {
            { 70 - nAsS, nAsS, 0, 0 },
            { sAsN, 10 - sAsN, 0, 0 },
            { 0, 0, 10, 0 },
            { 0, 0, 0, 10 },
        };
        return ClassificationReport.FromConfusionMatrix(new ConfusionMatrix(AamiClasses.Four, counts));
    }

    /// <summary>
    /// 110 beats (N 70, S/V/F 10 each, Q 10) of a five-class model: <paramref name="qAsN"/> Q beats predicted N,
    /// one N beat predicted Q, the rest correct.
    /// </summary>
    public static ClassificationReport Report5(int qAsN)
    {
        long[,] counts =
        {
            { 69, 0, 0, 0, 1 },
            { 0, 10, 0, 0, 0 },
            { 0, 0, 10, 0, 0 },
            { 0, 0, 0, 10, 0 },
            { qAsN, 0, 0, 0, 10 - qAsN },
        };
        return ClassificationReport.FromConfusionMatrix(new ConfusionMatrix(AamiClasses.Five, counts));
    }

    public static RunRecord Run(string backbone, string head, int seed, ClassificationReport report,
        string profile = Profiles.Paper, string experiment = "paper")
    {
        var config = new { backbone, head, epochs = 50, lr = 1e-4, batch = 1024 };
        var run = RunRecord.Create(experiment, backbone, head, profile, seed, config, device: "cpu",
            libraryVersions: new Dictionary<string, string> { ["libtorch"] = "test" });
        run.TestMetrics[Checkpoints.Selected] = report;
        run.TestMetrics[Checkpoints.Last] = report;
        run.CheckpointRule = "best validation macro-AUPRC";
        run.SelectedEpoch = 3;
        run.FinishedAt = run.StartedAt.AddSeconds(5);
        return run;
    }
}
