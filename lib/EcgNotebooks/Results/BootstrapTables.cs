using System.Globalization;
using System.Text;
using CsvHelper;
using EcgNotebooks.Evaluation;

namespace EcgNotebooks.Results;

/// <summary>A paired difference between two table rows (row keys), e.g. B2 − B0, with the paper's macro-F1 difference
/// between the same rows where the paper prints both (in percent).</summary>
public sealed record BootstrapContrast(string Label, string RowA, string RowB, double? PaperDeltaMacroF1 = null);

/// <summary>A figure the paper reports for one row, taken as a goal (issue 16): reached when our interval reaches it.
/// <paramref name="Metric"/> is one of <see cref="BootstrapTables.Metrics"/>; the figure is in percent.</summary>
public sealed record BootstrapTarget(string Label, string RowKey, string Metric, double PaperPercent);

/// <summary>One row: macro F1 and macro Se (N, S, V, F) and the F1 of each of N, S, V, F, all bootstrapped.</summary>
public sealed record BootstrapRowResult(
    string RowKey, string Label, IReadOnlyList<int> Seeds, BootstrapInterval MacroF1, BootstrapInterval MacroSe,
    IReadOnlyDictionary<string, BootstrapInterval> ClassF1)
{
    public BootstrapInterval SF1 => ClassF1["S"];

    public BootstrapInterval Get(string metric) => metric switch
    {
        BootstrapTables.MacroF1Metric => MacroF1,
        BootstrapTables.MacroSeMetric => MacroSe,
        _ => ClassF1[BootstrapTables.ClassOfMetric(metric)],
    };
}

/// <summary>A target met or missed: <see cref="Gap"/> is ours − the paper's figure (a fraction), bootstrapped like a
/// difference, so its share of draws ≤ 0 is how often resampled patients leave us at or below the paper.</summary>
public sealed record BootstrapTargetResult(BootstrapTarget Target, IReadOnlyList<int> Seeds, BootstrapInterval Ours, BootstrapInterval Gap)
{
    public bool Reached => Ours.High * 100 >= Target.PaperPercent;
}

public sealed record BootstrapContrastResult(BootstrapContrast Contrast, IReadOnlyList<int> Seeds, BootstrapInterval MacroF1, BootstrapInterval SF1)
{
    /// <summary>What resampled patients say of the sign of a difference: "> 0" or "< 0" when the 95% interval excludes 0.</summary>
    public static string Sign(BootstrapInterval i) =>
        double.IsNaN(i.Low) ? "–" : i.Low > 0 ? "> 0" : i.High < 0 ? "< 0" : "includes 0";
}

public sealed record BootstrapReport(
    string Profile, IReadOnlyList<string> Records, long Beats, int Draws, int Seed, double Level,
    IReadOnlyList<BootstrapRowResult> Rows, IReadOnlyList<BootstrapContrastResult> Contrasts, IReadOnlyList<BootstrapTargetResult> Targets)
{
    /// <summary>Per class: the DS2 record holding most of its beats, that count and the class total (from the truth).</summary>
    public IReadOnlyList<(string Class, string Record, long Beats, long Total)> Concentration { get; init; } = [];

    public string Name => BootstrapTables.NameFor(Profile);
}

/// <summary>
/// The patient-level bootstrap table (<see cref="PatientBootstrap"/>) of Tables 3 and 4's rows from the stored runs'
/// DS2 predictions, one table per profile: results/tables/bootstrap-&lt;profile&gt;.md and .csv (atomic writes).
/// </summary>
public static class BootstrapTables
{
    /// <summary>Every row of Tables 3 and 4, in print order.</summary>
    public static readonly IReadOnlyList<TableRowSpec> Rows = [.. ResultTables.Table3.Rows!, .. ResultTables.Table4.Rows!];

    /// <summary>The paired differences the paper's claims rest on (issue 16), plus A2 − A0 (RR cross-attention vs the A baseline).</summary>
    public static readonly IReadOnlyList<BootstrapContrast> Contrasts =
    [
        new("ResUNet B2 − B0 (MHCA-TF vs pooled baseline)", $"{ResultTables.ResUNet}/B2", $"{ResultTables.ResUNet}/B0", PaperDelta(PaperTables.Table3, "B2", "Baseline")),
        new("ResUNet B2 − B1 (MHCA-TF vs Concat-TF)", $"{ResultTables.ResUNet}/B2", $"{ResultTables.ResUNet}/B1", PaperDelta(PaperTables.Table3, "B2", "B1")),
        new("ResUNet A2 − A1 (Cross-Attn vs Concat)", $"{ResultTables.ResUNet}/A2", $"{ResultTables.ResUNet}/A1", PaperDelta(PaperTables.Table3, "A2", "A1")),
        // The paper's "Baseline" is A0 or B0 (its code does not say which), so it has no A2 − A0 of its own.
        new("ResUNet A2 − A0 (Cross-Attn vs self-attention baseline)", $"{ResultTables.ResUNet}/A2", $"{ResultTables.ResUNet}/A0"),
        new("MACNN Hybrid − Baseline (early + MHCA vs early only)", $"{ResultTables.MACNN}/Hybrid", $"{ResultTables.MACNN}/Baseline", PaperDelta(PaperTables.Table4, "Hybrid MHCA", "Baseline")),
    ];

    private static double PaperDelta(PaperTable table, string a, string b)
    {
        var key = MetricKeys.MacroOf(MetricKeys.F1);
        return Math.Round(table.Value(a, key)!.Value - table.Value(b, key)!.Value, 2);
    }

    public const string MacroF1Metric = "macro_f1";
    public const string MacroSeMetric = "macro_se";

    /// <summary>The CSV's metric names: macro F1, macro Se, then "n_f1", "s_f1", "v_f1", "f_f1".</summary>
    public static readonly IReadOnlyList<string> Metrics = [MacroF1Metric, MacroSeMetric, .. AamiClasses.Four.Select(ClassF1Metric)];

    public static string ClassF1Metric(string className) => className.ToLowerInvariant() + "_f1";

    public static string ClassOfMetric(string metric) =>
        AamiClasses.Four.FirstOrDefault(c => ClassF1Metric(c) == metric) ?? throw new ArgumentException($"unknown bootstrap metric '{metric}'", nameof(metric));

    /// <summary>The paper's headline figures the issue sets as goals: ResUNet B2's macro F1 and S F1, the MACNN hybrid's macro Se.</summary>
    public static readonly IReadOnlyList<BootstrapTarget> Targets =
    [
        new("ResUNet B2 macro F1", $"{ResultTables.ResUNet}/B2", MacroF1Metric, PaperTables.Table3.Value("B2", MetricKeys.MacroOf(MetricKeys.F1))!.Value),
        new("ResUNet B2 S F1", $"{ResultTables.ResUNet}/B2", ClassF1Metric("S"), PaperTables.Table6.Value("B2", MetricKeys.ClassOf("S", MetricKeys.F1))!.Value),
        new("MACNN Hybrid macro Se", $"{ResultTables.MACNN}/Hybrid", MacroSeMetric, PaperTables.Table4.Value("Hybrid MHCA", MetricKeys.MacroOf(MetricKeys.Sensitivity))!.Value),
    ];

    /// <summary>The bootstrap metric of a run's counts, by CSV name.</summary>
    public static PatientBootstrap.Metric MetricFor(string metric, IReadOnlyList<string> classNames) => metric switch
    {
        MacroF1Metric => PatientBootstrap.MacroF1Nsvf(classNames),
        MacroSeMetric => PatientBootstrap.MacroSensitivityNsvf(classNames),
        _ => PatientBootstrap.ClassF1(classNames, ClassOfMetric(metric)),
    };

    public static string NameFor(string profile) => $"bootstrap-{profile}";

    /// <summary>
    /// Loads the completed four-class runs of <paramref name="profile"/> (latest per row and seed, no reduced runs) that
    /// have predictions, reduces each to per-record confusion counts, and bootstraps. Null when there is no such run.
    /// Each run's macro F1 on all records is checked against its run.json.
    /// </summary>
    public static BootstrapReport? Build(RunStore store, string profile, int draws = PatientBootstrap.DefaultDraws, int seed = PatientBootstrap.DefaultSeed)
    {
        var keys = Rows.Select(r => r.RowKey).ToHashSet(StringComparer.Ordinal);
        var runs = RunSelection.ForTables(store.ListCompleted().Where(r => r.Profile == profile && r.ClassCount == 4)).Chosen
            .Where(r => keys.Contains(r.RowKey) && r.PredictionsFile is not null).ToList();
        if (runs.Count == 0) return null;
        var loaded = new (RunRecord Run, RecordConfusions Counts)[runs.Count];
        Parallel.For(0, runs.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var (classes, records, truth, predicted) = PredictionsCsv.ReadLabels(Path.Combine(store.DirectoryOf(runs[i].RunId), runs[i].PredictionsFile!));
            loaded[i] = (runs[i], RecordConfusions.FromLabels(classes, records, truth, predicted));
        });
        foreach (var (run, counts) in loaded)
        {
            var (all, _) = PatientBootstrap.RunValues(counts, [], PatientBootstrap.MacroF1Nsvf(counts.ClassNames));
            var stored = run.TestMetrics[Checkpoints.Selected].Macro.F1;
            if (Math.Abs(all - stored) > 1e-9)
                throw new InvalidDataException($"Run {run.RunId}: macro F1 from predictions.csv.gz ({all:F6}) differs from run.json ({stored:F6}).");
        }
        var byRow = loaded.GroupBy(l => l.Run.RowKey)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<int, RecordConfusions>)g.ToDictionary(l => l.Run.Seed, l => l.Counts));
        return Build(byRow, profile, draws, seed);
    }

    /// <summary>The bootstrap of already reduced runs: row key → seed → per-record counts (all on the same records).</summary>
    public static BootstrapReport Build(
        IReadOnlyDictionary<string, IReadOnlyDictionary<int, RecordConfusions>> byRow, string profile,
        int draws = PatientBootstrap.DefaultDraws, int seed = PatientBootstrap.DefaultSeed, double level = 0.95)
    {
        var all = byRow.Values.SelectMany(r => r.Values).ToList();
        if (all.Count == 0) throw new ArgumentException("no runs to bootstrap", nameof(byRow));
        var records = all[0].Records;
        var different = all.FirstOrDefault(r => !r.Records.SequenceEqual(records));
        if (different is not null)
            throw new InvalidOperationException(
                $"Runs are scored on different DS2 records ({string.Join(" ", records)} vs {string.Join(" ", different.Records)}); the protocol scores every row on one beat set.");
        var beats = all[0].Counts.Sum(c => c.Sum());
        var drawn = PatientBootstrap.Draw(records.Count, draws, seed);
        static Func<RecordConfusions, PatientBootstrap.Metric> Of(string metric) => r => MetricFor(metric, r.ClassNames);
        var macroF1 = Of(MacroF1Metric);
        var sF1 = Of(ClassF1Metric("S"));
        IReadOnlyDictionary<int, RecordConfusions> SeedsOf(string rowKey) => byRow.GetValueOrDefault(rowKey) ?? new Dictionary<int, RecordConfusions>();

        var rows = new List<BootstrapRowResult>();
        foreach (var spec in Rows)
        {
            var bySeed = SeedsOf(spec.RowKey);
            rows.Add(new BootstrapRowResult(spec.RowKey, spec.Label, bySeed.Keys.Order().ToList(),
                PatientBootstrap.Row(bySeed, drawn, macroF1, level), PatientBootstrap.Row(bySeed, drawn, Of(MacroSeMetric), level),
                AamiClasses.Four.ToDictionary(c => c, c => PatientBootstrap.Row(bySeed, drawn, Of(ClassF1Metric(c)), level))));
        }
        var targets = Targets.Select(t =>
        {
            var bySeed = SeedsOf(t.RowKey);
            var paper = t.PaperPercent / 100;
            PatientBootstrap.Metric Gap(RecordConfusions r)
            {
                var metric = MetricFor(t.Metric, r.ClassNames);
                return (counts, k) => metric(counts, k) - paper;
            }
            return new BootstrapTargetResult(t, bySeed.Keys.Order().ToList(),
                rows.Single(r => r.RowKey == t.RowKey).Get(t.Metric), PatientBootstrap.Row(bySeed, drawn, Gap, level));
        }).ToList();
        var contrasts = new List<BootstrapContrastResult>();
        foreach (var c in Contrasts)
        {
            var a = byRow.GetValueOrDefault(c.RowA) ?? new Dictionary<int, RecordConfusions>();
            var b = byRow.GetValueOrDefault(c.RowB) ?? new Dictionary<int, RecordConfusions>();
            contrasts.Add(new BootstrapContrastResult(c, a.Keys.Intersect(b.Keys).Order().ToList(),
                PatientBootstrap.Difference(a, b, drawn, macroF1, level), PatientBootstrap.Difference(a, b, drawn, sF1, level)));
        }
        var first = all[0];
        var k = first.ClassCount;
        var concentration = Enumerable.Range(0, k).Select(c =>
        {
            var perRecord = first.Counts.Select(m => Enumerable.Range(0, k).Sum(j => m[c * k + j])).ToArray();
            var top = Array.IndexOf(perRecord, perRecord.Max());
            return (first.ClassNames[c], first.Records[top], perRecord[top], perRecord.Sum());
        }).ToList();
        return new BootstrapReport(profile, records, beats, draws, seed, level, rows, contrasts, targets) { Concentration = concentration };
    }

    /// <summary>Builds and writes the profile's table; returns the paths written (none when the profile has no runs).</summary>
    public static IReadOnlyList<string> WriteFor(RunStore store, string profile, int draws = PatientBootstrap.DefaultDraws, int seed = PatientBootstrap.DefaultSeed) =>
        Build(store, profile, draws, seed) is { } report ? Write(report, store.TablesDirectory) : [];

    public static IReadOnlyList<string> Write(BootstrapReport report, string tablesDirectory)
    {
        Directory.CreateDirectory(tablesDirectory);
        var stem = Path.Combine(tablesDirectory, report.Name);
        AtomicFile.WriteAllText(stem + ".md", ToMarkdown(report));
        AtomicFile.WriteText(stem + ".csv", w => WriteCsv(report, w));
        return [stem + ".md", stem + ".csv"];
    }

    public static IReadOnlyList<string> Notes(BootstrapReport r) =>
    [
        $"Patient-level bootstrap: {r.Draws:N0} draws of the {r.Records.Count} DS2 records with replacement (System.Random seed {r.Seed}); a run's F1 in a draw comes from the summed confusion counts of the drawn records (a record drawn twice counts twice). {r.Beats:N0} DS2 beats.",
        "A row's value is the mean over its seeds of the per-seed metric (the tables' mean); every seed and every row uses the same record draws. The interval is the 2.5–97.5 percentile of the draws (linear interpolation): the uncertainty from which patients DS2 happens to hold, with the trained seeds held fixed. Seed-to-seed spread is the tables' ± std and is not in this interval.",
        "Differences are paired: a − b per seed (seeds both rows have), averaged over seeds, on the same drawn records. \"Δ ≤ 0 in\" is the share of draws where the difference vanishes or reverses; a 95% interval excluding 0 means the sign of the difference holds across resampled patient sets, for these seeds (\"sign\": > 0 or < 0; \"includes 0\": these runs neither support nor refute the paper's claim of a gain). The paper's Δ is its own macro F1 difference between the same rows (Tables 3 and 4; its \"Baseline\" is A0 or B0, unrecorded).",
        "Targets: the paper's figure for that row (Table 3 B2 macro F1, Table 6 B2 S F1, Table 4 Hybrid macro Se). \"Reached\" means our 95% interval reaches the figure; the gap (ours − paper) is bootstrapped on the same draws, and \"draws at or below\" is the share where resampled patients leave us at or under it.",
        "Macro F1 and macro Se are over N, S, V, F (as the tables); F1 or Se of a class absent from a draw is 0 (F1 of a class absent and never predicted too; sklearn's zero_division = 0). "
        + "Minority classes sit in few DS2 records (" + string.Join("; ", r.Concentration.Where(c => c.Class != "N").Select(c => $"{c.Class}: {c.Beats:N0} of {c.Total:N0} in record {c.Record}"))
        + "), so whether a draw holds those records moves S F1 and macro F1 a lot: wide intervals here are what 22 patients can say, not noise of the method.",
    ];

    public static string ToMarkdown(BootstrapReport r)
    {
        var sb = new StringBuilder();
        sb.Append("# Patient-level bootstrap — DS2, ").Append(r.Profile).AppendLine(" profile (%)").AppendLine();
        if (r.Profile == Profiles.Quick) sb.Append("> **").Append(ResultTables.QuickProfileNote).AppendLine("**").AppendLine();
        sb.AppendLine("## Rows: mean over seeds, 95% patient-bootstrap interval").AppendLine();
        sb.AppendLine("| Row | seeds | macro F1 | 95% interval | S F1 | 95% interval |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var row in r.Rows)
            sb.Append("| ").Append(row.RowKey).Append(' ').Append(Escape(row.Label)).Append(" | ").Append(row.Seeds.Count)
                .Append(" | ").Append(Pct(row.MacroF1.Estimate)).Append(" | ").Append(Range(row.MacroF1))
                .Append(" | ").Append(Pct(row.SF1.Estimate)).Append(" | ").Append(Range(row.SF1)).AppendLine(" |");
        sb.AppendLine().AppendLine("## Paired differences (same seeds, same record draws)").AppendLine();
        sb.AppendLine("| Difference | seeds | Δ macro F1 | 95% interval | Δ ≤ 0 in | sign | paper's Δ macro F1 | Δ S F1 | 95% interval | Δ ≤ 0 in |");
        sb.AppendLine("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|");
        foreach (var c in r.Contrasts)
            sb.Append("| ").Append(Escape(c.Contrast.Label)).Append(" | ").Append(c.Seeds.Count)
                .Append(" | ").Append(Signed(c.MacroF1.Estimate)).Append(" | ").Append(Range(c.MacroF1, signed: true)).Append(" | ").Append(Share(c.MacroF1))
                .Append(" | ").Append(BootstrapContrastResult.Sign(c.MacroF1))
                .Append(" | ").Append(c.Contrast.PaperDeltaMacroF1 is { } paper ? Signed(paper / 100) : "–")
                .Append(" | ").Append(Signed(c.SF1.Estimate)).Append(" | ").Append(Range(c.SF1, signed: true)).Append(" | ").Append(Share(c.SF1)).AppendLine(" |");
        sb.AppendLine().AppendLine("## Per class: F1 of N, S, V, F and macro Se, mean over seeds [95% interval]").AppendLine();
        sb.Append("| Row | seeds |");
        foreach (var c in AamiClasses.Four) sb.Append(' ').Append(c).Append(" F1 |");
        sb.AppendLine(" macro Se |");
        sb.Append("|---|---:|").Append(string.Concat(Enumerable.Repeat("---:|", AamiClasses.Four.Count + 1))).AppendLine();
        foreach (var row in r.Rows)
        {
            sb.Append("| ").Append(row.RowKey).Append(" | ").Append(row.Seeds.Count).Append(" |");
            foreach (var c in AamiClasses.Four) sb.Append(' ').Append(WithRange(row.ClassF1[c])).Append(" |");
            sb.Append(' ').Append(WithRange(row.MacroSe)).AppendLine(" |");
        }
        sb.AppendLine().AppendLine("## The paper's figures as targets").AppendLine();
        sb.AppendLine("| Target | paper | seeds | ours [95% interval] | ours − paper [95% interval] | draws at or below | reached |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (var t in r.Targets)
            sb.Append("| ").Append(Escape(t.Target.Label)).Append(" | ").Append(t.Target.PaperPercent.ToString("0.00", CultureInfo.InvariantCulture))
                .Append(" | ").Append(t.Seeds.Count).Append(" | ").Append(WithRange(t.Ours))
                .Append(" | ").Append(Signed(t.Gap.Estimate)).Append(' ').Append(Range(t.Gap, signed: true))
                .Append(" | ").Append(Share(t.Gap)).Append(" | ").Append(t.Seeds.Count == 0 ? "–" : t.Reached ? "yes" : "no").AppendLine(" |");
        sb.AppendLine().AppendLine("## What holds on this protocol").AppendLine();
        foreach (var verdict in Verdicts(r)) sb.Append("- ").AppendLine(verdict);
        sb.AppendLine().AppendLine("## Notes").AppendLine();
        foreach (var note in Notes(r)) sb.Append("- ").AppendLine(note);
        return sb.ToString();
    }

    /// <summary>
    /// Each paired difference and target in one plain sentence: a claim of a gain "holds" when its 95% interval lies above
    /// 0, "is not supported" when it includes 0, "is contradicted" when it lies below; the paper's own difference is
    /// compared with the interval (README and notebook 07 show these).
    /// </summary>
    public static IReadOnlyList<string> Verdicts(BootstrapReport r)
    {
        var lines = new List<string>();
        foreach (var c in r.Contrasts.Where(c => c.Seeds.Count > 0))
        {
            var d = c.MacroF1;
            var measured = $"Δ macro F1 {Signed(d.Estimate)} {Range(d, signed: true)} over {c.Seeds.Count} seeds";
            var sign = BootstrapContrastResult.Sign(d);
            if (c.Contrast.PaperDeltaMacroF1 is not { } paper)
            {
                lines.Add($"{c.Contrast.Label}, no figure in the paper: {measured}; " +
                          (sign == "includes 0" ? "the interval includes 0." : $"the difference is {sign} across resampled patients."));
                continue;
            }
            var verdict = sign switch { "> 0" => "holds", "< 0" => "is contradicted (the row is worse)", _ => "is not supported (the interval includes 0)" };
            var size = d.High * 100 < paper ? (sign == "> 0" ? $", smaller than the paper's {Signed(paper / 100)} (outside the interval)" : $", and the interval excludes the paper's {Signed(paper / 100)}")
                : d.Low * 100 > paper ? $", above the paper's {Signed(paper / 100)}" : $", consistent with the paper's {Signed(paper / 100)}";
            lines.Add($"{c.Contrast.Label}: the paper's gain {verdict}: {measured}{size}.");
        }
        foreach (var t in r.Targets.Where(t => t.Seeds.Count > 0))
            lines.Add($"{t.Target.Label}: paper {t.Target.PaperPercent.ToString("0.00", CultureInfo.InvariantCulture)}, ours {WithRange(t.Ours)} over " +
                      $"{t.Seeds.Count} seeds: " + (t.Reached ? "reached (our interval reaches it)." : $"not reached: short by {Pct(-t.Gap.Estimate)} points {Range(Negated(t.Gap))}."));
        return lines;
    }

    private static BootstrapInterval Negated(BootstrapInterval i) => i with { Estimate = -i.Estimate, Low = -i.High, High = -i.Low };

    /// <summary>Long format: kind (row|difference|target_gap), key, label, seeds (';'), metric (<see cref="Metrics"/>; differences: macro_f1|s_f1),
    /// estimate, low, high (percent; a target_gap is ours − the paper's figure), share_at_most_zero, draws, bootstrap_seed, profile.</summary>
    public static void WriteCsv(BootstrapReport r, TextWriter writer)
    {
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var h in new[] { "kind", "key", "label", "seeds", "metric", "estimate", "low", "high", "share_at_most_zero", "draws", "bootstrap_seed", "profile" })
            csv.WriteField(h);
        csv.NextRecord();
        void Line(string kind, string key, string label, IReadOnlyList<int> seeds, string metric, BootstrapInterval i)
        {
            csv.WriteField(kind); csv.WriteField(key); csv.WriteField(label); csv.WriteField(string.Join(";", seeds)); csv.WriteField(metric);
            csv.WriteField(Number(100 * i.Estimate)); csv.WriteField(Number(100 * i.Low)); csv.WriteField(Number(100 * i.High));
            csv.WriteField(Number(i.ShareAtMostZero)); csv.WriteField(r.Draws.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(r.Seed.ToString(CultureInfo.InvariantCulture)); csv.WriteField(r.Profile);
            csv.NextRecord();
        }
        foreach (var row in r.Rows)
            foreach (var metric in Metrics) Line("row", row.RowKey, row.Label, row.Seeds, metric, row.Get(metric));
        foreach (var c in r.Contrasts)
        {
            var key = $"{c.Contrast.RowA} - {c.Contrast.RowB}";
            Line("difference", key, c.Contrast.Label, c.Seeds, "macro_f1", c.MacroF1);
            Line("difference", key, c.Contrast.Label, c.Seeds, "s_f1", c.SF1);
        }
        foreach (var t in r.Targets)
            Line("target_gap", t.Target.RowKey, t.Target.Label, t.Seeds, t.Target.Metric, t.Gap);
    }

    private static string Pct(double v) => double.IsNaN(v) ? "–" : (100 * v).ToString("0.00", CultureInfo.InvariantCulture);
    private static string Signed(double v) => MeanStd.FormatSigned(100 * v);
    private static string Range(BootstrapInterval i, bool signed = false) =>
        double.IsNaN(i.Low) ? "–" : $"[{(signed ? Signed(i.Low) : Pct(i.Low))}, {(signed ? Signed(i.High) : Pct(i.High))}]";
    private static string WithRange(BootstrapInterval i) => double.IsNaN(i.Estimate) ? "–" : $"{Pct(i.Estimate)} {Range(i)}";
    private static string Share(BootstrapInterval i) => double.IsNaN(i.ShareAtMostZero) ? "–" : (100 * i.ShareAtMostZero).ToString("0.0", CultureInfo.InvariantCulture) + "%";
    private static string Number(double v) => double.IsNaN(v) ? "" : v.ToString("0.####", CultureInfo.InvariantCulture);
    private static string Escape(string text) => text.Replace("|", "\\|");
}
