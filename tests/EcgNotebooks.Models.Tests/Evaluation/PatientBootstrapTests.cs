using System.Diagnostics;
using EcgNotebooks.Evaluation;
using EcgNotebooks.Results;
using EcgNotebooks.Models.Tests.Results;

namespace EcgNotebooks.Models.Tests.Evaluation;

/// <summary>The patient-level bootstrap on synthetic predictions whose intervals are known.</summary>
public class PatientBootstrapTests
{
    private static readonly IReadOnlyList<string> Classes = AamiClasses.Four;
    private const int N = 0, S = 1, V = 2, F = 3;

    /// <summary>A run: per record, a list of (truth, predicted, count).</summary>
    private static RecordConfusions Run(params (string Record, (int Truth, int Predicted, int Count)[] Beats)[] records)
    {
        var names = new List<string>();
        var truth = new List<int>();
        var predicted = new List<int>();
        foreach (var (record, beats) in records)
            foreach (var (t, p, n) in beats)
                for (var i = 0; i < n; i++) { names.Add(record); truth.Add(t); predicted.Add(p); }
        return RecordConfusions.FromLabels(Classes, names, truth.ToArray(), predicted.ToArray());
    }

    private static string R(int i) => (100 + i).ToString();

    /// <summary>22 records with the same beats: every draw sums 22 copies of one matrix.</summary>
    private static RecordConfusions Identical(int sCorrect, int sMissed) =>
        Run(Enumerable.Range(0, 22).Select(i => (R(i), new[] { (N, N, 50), (N, S, 2), (S, S, sCorrect), (S, N, sMissed), (V, V, 5), (F, N, 1) })).ToArray());

    private static Func<RecordConfusions, PatientBootstrap.Metric> Macro => r => PatientBootstrap.MacroF1Nsvf(r.ClassNames);
    private static Func<RecordConfusions, PatientBootstrap.Metric> SF1 => r => PatientBootstrap.ClassF1(r.ClassNames, "S");

    [Fact]
    public void All_records_identical_give_a_zero_width_interval_at_the_full_data_value()
    {
        var run = Identical(3, 1);
        var draws = PatientBootstrap.Draw(22, 1000, 1);
        var row = PatientBootstrap.Row(new Dictionary<int, RecordConfusions> { [0] = run, [1] = run }, draws, SF1);
        // S: TP 3, FN 1, FP 2 per record → F1 = 6 / (6 + 2 + 1) = 2/3, in every draw.
        Assert.Equal(2.0 / 3, row.Estimate, 12);
        Assert.Equal(row.Estimate, row.Low, 12);
        Assert.Equal(row.Estimate, row.High, 12);
        Assert.Equal((1000, 2), (row.Draws, row.Seeds));
        var macro = PatientBootstrap.Row(new Dictionary<int, RecordConfusions> { [0] = run }, draws, Macro);
        Assert.Equal(macro.Low, macro.High, 12);
    }

    [Fact]
    public void A_constructed_difference_has_that_value_in_every_draw_and_identical_rows_differ_by_exactly_zero()
    {
        var draws = PatientBootstrap.Draw(22, 1000, 2);
        var a = new Dictionary<int, RecordConfusions> { [0] = Identical(4, 0), [1] = Identical(4, 0) };   // S F1 = 8/10
        var b = new Dictionary<int, RecordConfusions> { [0] = Identical(2, 2), [1] = Identical(2, 2), [7] = Identical(0, 4) }; // seed 7 unpaired
        var d = PatientBootstrap.Difference(a, b, draws, SF1);
        // b: TP 2, FN 2, FP 2 → F1 = 4/8 = 0.5; Δ = 0.8 − 0.5 = 0.3 in every draw, over the two paired seeds.
        Assert.Equal(0.3, d.Estimate, 12);
        Assert.Equal(0.3, d.Low, 12);
        Assert.Equal(0.3, d.High, 12);
        Assert.Equal((0.0, 2), (d.ShareAtMostZero, d.Seeds));

        // Heterogeneous records: each row alone has a wide interval, but the paired difference of a row with itself is 0 in every draw.
        var mixed = Run(Enumerable.Range(0, 22).Select(i => (R(i), new[] { (N, N, 40 + i), (S, S, i % 3), (S, N, i % 2), (V, V, i % 5), (V, N, 1) })).ToArray());
        var same = new Dictionary<int, RecordConfusions> { [0] = mixed };
        var row = PatientBootstrap.Row(same, draws, Macro);
        Assert.True(row.High - row.Low > 0.01, $"a heterogeneous row should have a wide interval, got [{row.Low}, {row.High}]");
        var zero = PatientBootstrap.Difference(same, same, draws, Macro);
        Assert.Equal((0.0, 0.0, 0.0, 1.0), (zero.Estimate, zero.Low, zero.High, zero.ShareAtMostZero));
    }

    [Fact]
    public void A_class_held_by_one_record_is_missed_by_the_draws_that_leave_that_record_out()
    {
        // Only record 0 holds S beats (all found, no false S elsewhere): S F1 = 1 when record 0 is drawn, else 0 (0/0 → 0).
        var run = Run(Enumerable.Range(0, 22).Select(i => (R(i), i == 0 ? new[] { (N, N, 10), (S, S, 5) } : new[] { (N, N, 10) })).ToArray());
        var draws = PatientBootstrap.Draw(22, 20_000, 3);
        var row = PatientBootstrap.Row(new Dictionary<int, RecordConfusions> { [0] = run }, draws, SF1);
        Assert.Equal(1.0, row.Estimate);
        Assert.Equal((0.0, 1.0), (row.Low, row.High));
        // P(record 0 not drawn in 22 picks) = (21/22)^22 = 0.3591; 20,000 draws: standard error 0.0034.
        Assert.InRange(row.ShareAtMostZero, Math.Pow(21.0 / 22, 22) - 0.015, Math.Pow(21.0 / 22, 22) + 0.015);
    }

    [Fact]
    public void Draws_are_seeded_and_each_picks_as_many_records_as_there_are()
    {
        var a = PatientBootstrap.Draw(22, 50, 16);
        Assert.Equal(a, PatientBootstrap.Draw(22, 50, 16));
        Assert.NotEqual(a, PatientBootstrap.Draw(22, 50, 17));
        Assert.All(a, m => Assert.Equal(22, m.Sum()));
    }

    [Fact]
    public void F1_from_counts_matches_the_classification_report_including_never_predicted_classes()
    {
        var random = new Random(5);
        var truth = Enumerable.Range(0, 3000).Select(_ => random.Next(100) switch { < 85 => N, < 92 => S, < 99 => V, _ => F }).ToArray();
        var predicted = truth.Select(t => t == F ? N : random.Next(10) < 7 ? t : random.Next(3)).ToArray();   // F never predicted
        var records = truth.Select((_, i) => R(i % 22)).ToArray();
        var probabilities = new float[truth.Length * 4];
        for (var i = 0; i < truth.Length; i++) probabilities[i * 4 + predicted[i]] = 1;
        var report = ClassificationReport.Compute(truth, predicted, probabilities, Classes);
        var run = RecordConfusions.FromLabels(Classes, records, truth, predicted);
        Assert.Equal(report.Macro.F1, PatientBootstrap.RunValues(run, [], PatientBootstrap.MacroF1Nsvf(Classes)).All, 12);
        Assert.Equal(report.PerClass[S].F1, PatientBootstrap.RunValues(run, [], PatientBootstrap.ClassF1(Classes, "S")).All, 12);
        Assert.Equal(0.0, PatientBootstrap.RunValues(run, [], PatientBootstrap.ClassF1(Classes, "F")).All);
        Assert.Equal(report.Macro.Sensitivity, PatientBootstrap.RunValues(run, [], PatientBootstrap.MacroSensitivityNsvf(Classes)).All, 12);
    }

    [Fact]
    public void The_papers_figures_are_reached_only_when_the_interval_reaches_them_and_the_gap_is_ours_minus_the_paper()
    {
        // Hybrid perfect on every record: macro Se 100 ≥ the paper's 70.83. B2 finds 2 of 4 S beats, one false S:
        // S F1 = 2·2/(2·2 + 1 + 2) = 4/7 in every draw, below the paper's 68.46, so its interval cannot reach it.
        var perfect = Run(Enumerable.Range(0, 22).Select(i => (R(i), new[] { (N, N, 20), (S, S, 2), (V, V, 2), (F, F, 1) })).ToArray());
        var weak = Run(Enumerable.Range(0, 22).Select(i => (R(i), new[] { (N, N, 20), (N, S, 1), (S, S, 2), (S, N, 2), (V, V, 2), (F, F, 1) })).ToArray());
        var byRow = new Dictionary<string, IReadOnlyDictionary<int, RecordConfusions>>
        {
            ["MACNN/Hybrid"] = new Dictionary<int, RecordConfusions> { [0] = perfect, [1] = perfect },
            ["ResUNet/B2"] = new Dictionary<int, RecordConfusions> { [3] = weak },
        };
        var report = BootstrapTables.Build(byRow, "standard", draws: 500, seed: 16);
        var hybrid = report.Targets.Single(t => t.Target.Metric == BootstrapTables.MacroSeMetric);
        Assert.Equal((70.83, 2, true), (hybrid.Target.PaperPercent, hybrid.Seeds.Count, hybrid.Reached));
        Assert.Equal(1 - 0.7083, hybrid.Gap.Estimate, 9);
        Assert.Equal(0.0, hybrid.Gap.ShareAtMostZero);
        var s = report.Targets.Single(t => t.Target.Metric == "s_f1");
        Assert.Equal((68.46, false), (s.Target.PaperPercent, s.Reached));
        Assert.Equal(4.0 / 7, s.Ours.Estimate, 12);
        Assert.Equal(4.0 / 7 - 0.6846, s.Gap.Estimate, 9);
        Assert.Equal(1.0, s.Gap.ShareAtMostZero);
        var b2 = report.Rows.Single(r => r.RowKey == "ResUNet/B2");
        Assert.Equal(1.0, b2.ClassF1["F"].Estimate, 12);
        Assert.Equal((20.0 / 21 + 0.5 + 1 + 1) / 4, b2.MacroSe.Estimate, 12);
        var md = BootstrapTables.ToMarkdown(report);
        Assert.Contains("| ResUNet B2 S F1 | 68.46 | 1 | 57.14 [57.14, 57.14] | −11.32 [−11.32, −11.32] | 100.0% | no |", md);
        Assert.Contains("| MACNN Hybrid macro Se | 70.83 | 2 | 100.00 [100.00, 100.00] | +29.17 [+29.17, +29.17] | 0.0% | yes |", md);
        Assert.Contains("| ResUNet B2 macro F1 | 65.69 | 1 |", md);
    }

    [Fact]
    public void Contrasts_carry_the_papers_own_differences_and_say_whether_the_interval_excludes_zero()
    {
        // Tables 3 and 4 as printed: B2 65.69, Baseline 46.88, B1 60.56, A2 52.36, A1 41.60; MACNN Hybrid 58.54, Baseline 43.19.
        Assert.Equal(new double?[] { 18.81, 5.13, 10.76, null, 15.35 }, BootstrapTables.Contrasts.Select(c => c.PaperDeltaMacroF1));
        BootstrapInterval I(double low, double high) => new(0, low, high, 0, 1, 1);
        Assert.Equal(["> 0", "< 0", "includes 0", "includes 0"],
            new[] { I(0.01, 0.2), I(-0.3, -0.001), I(-0.1, 0.1), I(0, 0.1) }.Select(BootstrapContrastResult.Sign));
    }

    [Fact]
    public void Verdicts_say_in_words_which_claims_hold_and_how_far_each_target_is()
    {
        BootstrapInterval I(double estimate, double low, double high) => new(estimate, low, high, 0, 100, 5);
        int[] seeds = [0, 1, 2, 3, 4];
        var c = BootstrapTables.Contrasts;   // B2 − B0 (paper +18.81), B2 − B1 (+5.13), A2 − A1 (+10.76), A2 − A0 (none), Hybrid − Baseline (+15.35)
        var t = BootstrapTables.Targets;     // B2 macro F1 65.69, B2 S F1 68.46, Hybrid macro Se 70.83
        var report = new BootstrapReport("standard", [], 0, 100, 16, 0.95,
            [],
            [
                new(c[0], seeds, I(0.01, -0.05, 0.04), I(0, 0, 0)),
                new(c[1], seeds, I(-0.06, -0.09, -0.02), I(0, 0, 0)),
                new(c[2], [], I(double.NaN, double.NaN, double.NaN), I(0, 0, 0)),
                new(c[3], seeds, I(0.08, 0.02, 0.12), I(0, 0, 0)),
                new(c[4], seeds, I(0.17, 0.12, 0.19), I(0, 0, 0)),
            ],
            [
                new(t[0], seeds, I(0.50, 0.43, 0.59), I(-0.15, -0.23, -0.07)),
                new(t[2], seeds, I(0.66, 0.60, 0.72), I(-0.05, -0.11, 0.01)),
            ]);
        Assert.Equal(
        [
            "ResUNet B2 − B0 (MHCA-TF vs pooled baseline): the paper's gain is not supported (the interval includes 0): Δ macro F1 +1.00 [−5.00, +4.00] over 5 seeds, and the interval excludes the paper's +18.81.",
            "ResUNet B2 − B1 (MHCA-TF vs Concat-TF): the paper's gain is contradicted (the row is worse): Δ macro F1 −6.00 [−9.00, −2.00] over 5 seeds, and the interval excludes the paper's +5.13.",
            "ResUNet A2 − A0 (Cross-Attn vs self-attention baseline), no figure in the paper: Δ macro F1 +8.00 [+2.00, +12.00] over 5 seeds; the difference is > 0 across resampled patients.",
            "MACNN Hybrid − Baseline (early + MHCA vs early only): the paper's gain holds: Δ macro F1 +17.00 [+12.00, +19.00] over 5 seeds, consistent with the paper's +15.35.",
            "ResUNet B2 macro F1: paper 65.69, ours 50.00 [43.00, 59.00] over 5 seeds: not reached: short by 15.00 points [7.00, 23.00].",
            "MACNN Hybrid macro Se: paper 70.83, ours 66.00 [60.00, 72.00] over 5 seeds: reached (our interval reaches it).",
        ], BootstrapTables.Verdicts(report));
        Assert.Contains("## What holds on this protocol", BootstrapTables.ToMarkdown(report));
        var smaller = report with { Contrasts = [new(c[4], seeds, I(0.05, 0.01, 0.08), I(0, 0, 0))], Targets = [] };
        Assert.Equal(["MACNN Hybrid − Baseline (early + MHCA vs early only): the paper's gain holds: Δ macro F1 +5.00 [+1.00, +8.00] over 5 seeds, smaller than the paper's +15.35 (outside the interval)."],
            BootstrapTables.Verdicts(smaller));
    }

    [Fact]
    public void Quantiles_interpolate_between_order_statistics()
    {
        double[] sorted = [0, 1, 2, 3, 4];
        Assert.Equal(0.1, PatientBootstrap.Quantile(sorted, 0.025), 12);   // h = 4 · 0.025 = 0.1
        Assert.Equal(3.9, PatientBootstrap.Quantile(sorted, 0.975), 12);
        Assert.Equal(2, PatientBootstrap.Quantile(sorted, 0.5));
    }

    [Fact]
    public void The_table_of_55_runs_over_50_000_beats_bootstraps_in_seconds_and_is_written_as_markdown_and_csv()
    {
        var random = new Random(9);
        var byRow = new Dictionary<string, IReadOnlyDictionary<int, RecordConfusions>>();
        foreach (var row in BootstrapTables.Rows)
        {
            var seeds = new Dictionary<int, RecordConfusions>();
            for (var s = 0; s < 5; s++)
            {
                // 22 records × ~2,257 beats = 49,654 beats, labels at DS2's class mix.
                var n = 49_654;
                var records = new string[n];
                var truth = new int[n];
                var predicted = new int[n];
                for (var i = 0; i < n; i++)
                {
                    records[i] = R(i % 22);
                    truth[i] = random.Next(1000) switch { < 890 => N, < 927 => S, < 992 => V, _ => F };
                    predicted[i] = random.Next(4) == 0 ? random.Next(4) : truth[i];
                }
                seeds[s] = RecordConfusions.FromLabels(Classes, records, truth, predicted);
            }
            byRow[row.RowKey] = seeds;
        }
        var clock = Stopwatch.StartNew();
        var report = BootstrapTables.Build(byRow, "quick", draws: 1000, seed: 16);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");   // ~1 s on a quiet core
        Assert.Equal(11, report.Rows.Count);
        Assert.All(report.Rows, r => Assert.Equal(5, r.Seeds.Count));
        Assert.All(report.Rows, r => Assert.True(r.MacroF1.Low <= r.MacroF1.Estimate + 0.05 && r.MacroF1.Estimate - 0.05 <= r.MacroF1.High));
        Assert.Equal(BootstrapTables.Contrasts.Count, report.Contrasts.Count);

        using var dir = new TempDirectory();
        var written = BootstrapTables.Write(report, dir.Path);
        Assert.Equal(["bootstrap-quick.csv", "bootstrap-quick.md"], dir.AllFiles());
        var md = File.ReadAllText(written[0]);
        Assert.Contains("QUICK PROFILE", md);
        Assert.Contains("ResUNet B2 − B0", md);
        var csv = File.ReadAllLines(written[1]);
        Assert.Equal("kind,key,label,seeds,metric,estimate,low,high,share_at_most_zero,draws,bootstrap_seed,profile", csv[0]);
        Assert.Equal(1 + 6 * 11 + 2 * BootstrapTables.Contrasts.Count + BootstrapTables.Targets.Count, csv.Length);
        Assert.Contains(csv, l => l.StartsWith("target_gap,ResUNet/B2,ResUNet B2 macro F1,0;1;2;3;4,macro_f1,", StringComparison.Ordinal));
    }

    [Fact]
    public void Labels_read_back_from_a_predictions_file_as_written()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "predictions.csv.gz");
        BeatPrediction[] beats =
        [
            new("100", 370, N, N, [0.9f, 0.05f, 0.03f, 0.02f]),
            new("100", 662, S, N, [0.6f, 0.3f, 0.05f, 0.05f]),
            new("232", 90, F, V, [0.1f, 0.1f, 0.5f, 0.3f]),
        ];
        PredictionsCsv.Write(path, Classes, beats);
        var (classes, records, truth, predicted) = PredictionsCsv.ReadLabels(path);
        Assert.Equal(Classes, classes);
        Assert.Equal(["100", "100", "232"], records);
        Assert.Equal([N, S, F], truth);
        Assert.Equal([N, N, V], predicted);
    }
}
