using System.Globalization;
using System.Text;
using CsvHelper;
using EcgNotebooks.Evaluation;

namespace EcgNotebooks.Results;

/// <summary>A paired difference between two table rows (row keys), e.g. B2 − B0.</summary>
public sealed record BootstrapContrast(string Label, string RowA, string RowB);

public sealed record BootstrapRowResult(string RowKey, string Label, IReadOnlyList<int> Seeds, BootstrapInterval MacroF1, BootstrapInterval SF1);

public sealed record BootstrapContrastResult(BootstrapContrast Contrast, IReadOnlyList<int> Seeds, BootstrapInterval MacroF1, BootstrapInterval SF1);

public sealed record BootstrapReport(
    string Profile, IReadOnlyList<string> Records, long Beats, int Draws, int Seed, double Level,
    IReadOnlyList<BootstrapRowResult> Rows, IReadOnlyList<BootstrapContrastResult> Contrasts)
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
        new("ResUNet B2 − B0 (MHCA-TF vs pooled baseline)", $"{ResultTables.ResUNet}/B2", $"{ResultTables.ResUNet}/B0"),
        new("ResUNet B2 − B1 (MHCA-TF vs Concat-TF)", $"{ResultTables.ResUNet}/B2", $"{ResultTables.ResUNet}/B1"),
        new("ResUNet A2 − A1 (Cross-Attn vs Concat)", $"{ResultTables.ResUNet}/A2", $"{ResultTables.ResUNet}/A1"),
        new("ResUNet A2 − A0 (Cross-Attn vs self-attention baseline)", $"{ResultTables.ResUNet}/A2", $"{ResultTables.ResUNet}/A0"),
        new("MACNN Hybrid − Baseline (early + MHCA vs early only)", $"{ResultTables.MACNN}/Hybrid", $"{ResultTables.MACNN}/Baseline"),
    ];

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
        static PatientBootstrap.Metric Macro(RecordConfusions r) => PatientBootstrap.MacroF1Nsvf(r.ClassNames);
        static PatientBootstrap.Metric S(RecordConfusions r) => PatientBootstrap.ClassF1(r.ClassNames, "S");

        var rows = new List<BootstrapRowResult>();
        foreach (var spec in Rows)
        {
            var bySeed = byRow.GetValueOrDefault(spec.RowKey) ?? new Dictionary<int, RecordConfusions>();
            rows.Add(new BootstrapRowResult(spec.RowKey, spec.Label, bySeed.Keys.Order().ToList(),
                PatientBootstrap.Row(bySeed, drawn, Macro, level), PatientBootstrap.Row(bySeed, drawn, S, level)));
        }
        var contrasts = new List<BootstrapContrastResult>();
        foreach (var c in Contrasts)
        {
            var a = byRow.GetValueOrDefault(c.RowA) ?? new Dictionary<int, RecordConfusions>();
            var b = byRow.GetValueOrDefault(c.RowB) ?? new Dictionary<int, RecordConfusions>();
            contrasts.Add(new BootstrapContrastResult(c, a.Keys.Intersect(b.Keys).Order().ToList(),
                PatientBootstrap.Difference(a, b, drawn, Macro, level), PatientBootstrap.Difference(a, b, drawn, S, level)));
        }
        var first = all[0];
        var k = first.ClassCount;
        var concentration = Enumerable.Range(0, k).Select(c =>
        {
            var perRecord = first.Counts.Select(m => Enumerable.Range(0, k).Sum(j => m[c * k + j])).ToArray();
            var top = Array.IndexOf(perRecord, perRecord.Max());
            return (first.ClassNames[c], first.Records[top], perRecord[top], perRecord.Sum());
        }).ToList();
        return new BootstrapReport(profile, records, beats, draws, seed, level, rows, contrasts) { Concentration = concentration };
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
        "Differences are paired: a − b per seed (seeds both rows have), averaged over seeds, on the same drawn records. \"Δ ≤ 0 in\" is the share of draws where the difference vanishes or reverses; a 95% interval excluding 0 means the sign of the difference holds across resampled patient sets, for these seeds.",
        "Macro F1 is over N, S, V, F (as the tables); F1 of a class absent from a draw and never predicted is 0. "
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
        sb.AppendLine("| Difference | seeds | Δ macro F1 | 95% interval | Δ ≤ 0 in | Δ S F1 | 95% interval | Δ ≤ 0 in |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var c in r.Contrasts)
            sb.Append("| ").Append(Escape(c.Contrast.Label)).Append(" | ").Append(c.Seeds.Count)
                .Append(" | ").Append(Signed(c.MacroF1.Estimate)).Append(" | ").Append(Range(c.MacroF1, signed: true)).Append(" | ").Append(Share(c.MacroF1))
                .Append(" | ").Append(Signed(c.SF1.Estimate)).Append(" | ").Append(Range(c.SF1, signed: true)).Append(" | ").Append(Share(c.SF1)).AppendLine(" |");
        sb.AppendLine().AppendLine("## Notes").AppendLine();
        foreach (var note in Notes(r)) sb.Append("- ").AppendLine(note);
        return sb.ToString();
    }

    /// <summary>Long format: kind (row|difference), key, label, seeds (';'), metric (macro_f1|s_f1), estimate, low, high (percent), share_at_most_zero, draws, bootstrap_seed, profile.</summary>
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
        {
            Line("row", row.RowKey, row.Label, row.Seeds, "macro_f1", row.MacroF1);
            Line("row", row.RowKey, row.Label, row.Seeds, "s_f1", row.SF1);
        }
        foreach (var c in r.Contrasts)
        {
            var key = $"{c.Contrast.RowA} - {c.Contrast.RowB}";
            Line("difference", key, c.Contrast.Label, c.Seeds, "macro_f1", c.MacroF1);
            Line("difference", key, c.Contrast.Label, c.Seeds, "s_f1", c.SF1);
        }
    }

    private static string Pct(double v) => double.IsNaN(v) ? "–" : (100 * v).ToString("0.00", CultureInfo.InvariantCulture);
    private static string Signed(double v) => double.IsNaN(v) ? "–" : (100 * v).ToString("+0.00;−0.00;0.00", CultureInfo.InvariantCulture);
    private static string Range(BootstrapInterval i, bool signed = false) =>
        double.IsNaN(i.Low) ? "–" : $"[{(signed ? Signed(i.Low) : Pct(i.Low))}, {(signed ? Signed(i.High) : Pct(i.High))}]";
    private static string Share(BootstrapInterval i) => double.IsNaN(i.ShareAtMostZero) ? "–" : (100 * i.ShareAtMostZero).ToString("0.0", CultureInfo.InvariantCulture) + "%";
    private static string Number(double v) => double.IsNaN(v) ? "" : v.ToString("0.####", CultureInfo.InvariantCulture);
    private static string Escape(string text) => text.Replace("|", "\\|");
}
