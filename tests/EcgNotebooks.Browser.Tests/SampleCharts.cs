using EcgNotebooks.Charts;

namespace EcgNotebooks.Browser.Tests;

/// <summary>Every chart kind on synthetic but plausible data (fixed seeds), for tests and screenshots.</summary>
public static class SampleCharts
{
    public const double SamplingHz = 360;

    public static IReadOnlyList<(string Id, string Heading, PlotlyFigure Figure)> All() =>
    [
        ("ecg-strip", "ECG strip with beat annotations", Strip()),
        ("rr-histograms", "RR features per class: histograms", EcgCharts.RrHistograms(RrFeatures(), title: "RR features by AAMI class")),
        ("rr-violins", "RR features per class: violins", EcgCharts.RrViolins(RrFeatures(), title: "RR features by AAMI class")),
        ("confusion", "Confusion matrix", EcgCharts.ConfusionMatrix(Confusion, ["N", "S", "V", "F", "Q"], "DS2 confusion matrix (synthetic)")),
        ("ablation", "Ablation bars", Ablation()),
        ("training", "Training curves", Training()),
        ("attention", "Attention heatmap with beat", Attention()),
        ("roc", "ROC curves", EcgCharts.RocCurves(Curves(roc: true), "ROC, one-vs-rest")),
        ("pr", "Precision–recall curves", EcgCharts.PrecisionRecallCurves(Curves(roc: false), "Precision–recall, one-vs-rest")),
    ];

    public static readonly long[,] Confusion =
    {
        { 40512, 1420, 310, 388, 2 },
        { 412, 1320, 96, 3, 0 },
        { 150, 41, 2902, 126, 1 },
        { 80, 2, 71, 235, 0 },
        { 3, 1, 2, 0, 1 },
    };

    /// <summary>A synthetic lead: each beat a P wave, a QRS (V beats wide and inverted) and a T wave.</summary>
    public static (double[] Signal, BeatMark[] Beats) SyntheticStrip(int seconds = 6)
    {
        var n = (int)(seconds * SamplingHz);
        var signal = new double[n];
        var rng = new Random(7);
        var classes = new[] { "N", "N", "S", "N", "V", "N", "F", "N" };
        var beats = new List<BeatMark>();
        var t = 0.35;
        for (var b = 0; t < seconds - 0.3; b++)
        {
            var cls = classes[b % classes.Length];
            var r = (int)(t * SamplingHz);
            beats.Add(new BeatMark(r, cls, cls == "N" ? null : cls));
            for (var i = 0; i < n; i++)
            {
                var dt = (i - r) / SamplingHz;
                double Gauss(double mu, double sd, double a) => a * Math.Exp(-0.5 * Math.Pow((dt - mu) / sd, 2));
                signal[i] += cls switch
                {
                    "V" => Gauss(0, 0.035, -1.2) + Gauss(0.05, 0.03, 0.4) + Gauss(0.3, 0.06, 0.35),
                    "F" => Gauss(-0.16, 0.025, 0.12) + Gauss(0, 0.02, 0.8) + Gauss(0.02, 0.03, -0.4) + Gauss(0.28, 0.05, 0.25),
                    _ => Gauss(-0.18, 0.025, 0.15) + Gauss(-0.03, 0.01, -0.12) + Gauss(0, 0.012, 1.1) + Gauss(0.03, 0.012, -0.25) + Gauss(0.25, 0.045, 0.3),
                };
            }
            var rr = cls == "S" || classes[(b + 1) % classes.Length] == "S" ? 0.55 : 0.8;
            t += rr + 0.03 * rng.NextDouble();
        }
        for (var i = 0; i < n; i++) signal[i] += 0.08 * Math.Sin(2 * Math.PI * 0.3 * i / SamplingHz) + 0.01 * (rng.NextDouble() - 0.5);
        return (signal, beats.ToArray());
    }

    static PlotlyFigure Strip()
    {
        var (signal, beats) = SyntheticStrip();
        return EcgCharts.EcgStrip(signal, SamplingHz, beats, "Record 100 (synthetic), lead MLII");
    }

    public static IReadOnlyList<FeatureSamples> RrFeatures()
    {
        var rng = new Random(11);
        double Normal(double mu, double sd) => mu + sd * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        ClassSamples Class(string name, int count, double mu, double sd) =>
            new(name, Enumerable.Range(0, count).Select(_ => Normal(mu, sd)).ToArray());
        return
        [
            new FeatureSamples("pre-RR", "s", [Class("N", 2000, 0.82, 0.12), Class("S", 300, 0.55, 0.1), Class("V", 300, 0.6, 0.12), Class("F", 100, 0.75, 0.1)]),
            new FeatureSamples("post-RR", "s", [Class("N", 2000, 0.82, 0.12), Class("S", 300, 0.95, 0.12), Class("V", 300, 1.05, 0.14), Class("F", 100, 0.85, 0.1)]),
            new FeatureSamples("pre/local RR ratio", null, [Class("N", 2000, 1.0, 0.06), Class("S", 300, 0.7, 0.1), Class("V", 300, 0.75, 0.12), Class("F", 100, 0.95, 0.08)]),
            new FeatureSamples("post/pre RR ratio", null, [Class("N", 2000, 1.0, 0.08), Class("S", 300, 1.7, 0.3), Class("V", 300, 1.75, 0.3), Class("F", 100, 1.15, 0.15)]),
        ];
    }

    static PlotlyFigure Ablation() => EcgCharts.AblationBars(
        ["Acc", "Macro F1 (N,S,V,F)", "Se S", "+P S", "Se V", "+P V"],
        [
            new BarSeries("ResUNet, no RR", [0.912, 0.561, 0.284, 0.402, 0.861, 0.823], [0.008, 0.021, 0.051, 0.048, 0.017, 0.022]),
            new BarSeries("ResUNet + late fusion", [0.941, 0.648, 0.553, 0.491, 0.902, 0.874], [0.006, 0.018, 0.044, 0.039, 0.012, 0.019]),
            new BarSeries("ResUNet + MHCA", [0.956, 0.702, 0.694, 0.583, 0.917, 0.905], [0.004, 0.015, 0.037, 0.041, 0.011, 0.014]),
        ], "Ablation: fusion head (mean ± std over 5 seeds)", "Score", [0, 1.05]);

    static PlotlyFigure Training()
    {
        var curves = new List<TrainingCurve>();
        var rng = new Random(3);
        foreach (var (run, speed) in new[] { ("seed 1", 0.25), ("seed 2", 0.22), ("seed 3", 0.28) })
        {
            var epochs = 30;
            var train = Enumerable.Range(1, epochs).Select(e => 0.15 + 1.1 * Math.Exp(-speed * e) + 0.01 * rng.NextDouble()).ToArray();
            var val = Enumerable.Range(1, epochs).Select(e => 0.3 + 1.0 * Math.Exp(-speed * e) + 0.004 * e + 0.03 * rng.NextDouble()).ToArray();
            var f1 = Enumerable.Range(1, epochs).Select(e => 0.7 * (1 - Math.Exp(-speed * e)) + 0.02 * rng.NextDouble()).ToArray();
            f1[12] = double.NaN; // a skipped validation epoch: drawn as a gap
            curves.Add(new TrainingCurve(run, "train loss", train));
            curves.Add(new TrainingCurve(run, "validation loss", val));
            curves.Add(new TrainingCurve(run, "validation macro F1", f1));
        }
        return EcgCharts.TrainingCurves(curves, "Training, ResUNet + MHCA");
    }

    static PlotlyFigure Attention()
    {
        var (signal, beats) = SyntheticStrip(2);
        var r = beats[1].Sample;
        var half = (int)(0.35 * SamplingHz);
        var beat = Enumerable.Range(r - half, 2 * half).Select(i => signal[i]).ToArray();
        var beatTime = Enumerable.Range(0, beat.Length).Select(i => i / SamplingHz).ToArray();
        const int positions = 63, heads = 4;
        var weights = new double[heads, positions];
        var time = Enumerable.Range(0, positions).Select(p => (p + 0.5) * beatTime[^1] / positions).ToArray();
        for (var h = 0; h < heads; h++)
        {
            double sum = 0;
            var focus = new[] { 0.35, 0.17, 0.6, 0.35 }[h];
            var width = new[] { 0.03, 0.05, 0.08, 0.2 }[h];
            for (var p = 0; p < positions; p++) sum += weights[h, p] = Math.Exp(-0.5 * Math.Pow((time[p] - focus) / width, 2)) + 0.02;
            for (var p = 0; p < positions; p++) weights[h, p] /= sum;
        }
        return EcgCharts.AttentionHeatmap(weights, time, ["head 1", "head 2", "head 3", "head 4"],
            new BeatOverlay(beatTime, beat), "Cross-attention of the RR query over the beat", rowTitle: "Head");
    }

    static IReadOnlyList<CurvePoints> Curves(bool roc)
    {
        var result = new List<CurvePoints>();
        foreach (var (cls, k) in new[] { ("N", 6.0), ("S", 2.5), ("V", 12.0), ("F", 1.8) })
        {
            var x = Enumerable.Range(0, 101).Select(i => i / 100.0).ToArray();
            if (roc)
            {
                var y = x.Select(f => Math.Pow(f, 1 / k)).ToArray();
                var auc = k / (k + 1); // ∫ f^(1/k) df
                result.Add(new CurvePoints(cls, x, y, auc));
            }
            else
            {
                var prevalence = cls switch { "N" => 0.89, "S" => 0.04, "V" => 0.07, _ => 0.01 };
                var y = x.Select(rc => prevalence + (1 - prevalence) * Math.Pow(1 - Math.Pow(rc, k), 1 / k * 2)).ToArray();
                var ap = x.Zip(y).Skip(1).Sum(p => p.Second * 0.01);
                result.Add(new CurvePoints(cls, x, y, ap));
            }
        }
        return result;
    }

    /// <summary>A page with every chart kind, plotly inline once.</summary>
    public static string AllChartsPage() => PlotlyHtml.Page("EcgNotebooks chart kinds",
        string.Concat(All().Select(c => $"<h2>{PlotlyHtml.Encode(c.Heading)}</h2>\n{c.Figure.ToHtml(c.Id)}\n")));
}
