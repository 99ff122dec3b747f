using System.Globalization;
using System.Text;
using EcgNotebooks.Engine;
using EcgNotebooks.Evaluation;
using EcgNotebooks.Experiments;
using EcgNotebooks.Models;

namespace EcgNotebooks.Results;

/// <summary>One row of a second-paper table: our runs (one per seed or fold) and the paper's printed figures.</summary>
/// <param name="Parameters">Our model's trainable parameters (null when no configuration is known).</param>
public sealed record DengRow(string Experiment, string Label, IReadOnlyList<RunRecord> Runs, long? Parameters, IReadOnlyDictionary<string, MeanStd> Ours);

/// <summary>
/// Deng et al.'s three tables rebuilt from stored runs of the "deng/…" experiments (<see cref="DengExperiments"/>), one
/// profile at a time, with the paper's figures beside ours: results/tables/deng-table{1,2,3}-&lt;profile&gt;.md. Values are
/// percent, mean ± sample std over seeds (Table 1, Table 2's 8:1:1 rows) or folds (cross-validation, Table 3).
/// </summary>
public static class DengTables
{
    public const string AvgAcc = "oa";
    public const string MacroF1 = "macro.f1";
    public const string MacroNsvfF1 = "macro_nsvf.f1";
    public const string MacroAuroc = "macro.auroc";
    /// <summary>The CinC 2017 challenge score: the mean F1 of N, A and O (noisy recordings left out of the mean).</summary>
    public const string CincScore = "cinc_score";
    public const string MicroF1 = "micro.f1";
    /// <summary>Table 3 is an ablation: a row's micro-F1 minus the 8-lead row's on the same test fold, over the folds both have.</summary>
    public const string MicroF1VsEcgOnly = "delta_vs_ecg_only.micro.f1";

    /// <summary>The paper's rows and figures (percent; parameters as printed), by table.</summary>
    public static readonly IReadOnlyDictionary<string, (string Row, string Figures)[]> Paper = new Dictionary<string, (string, string)[]>
    {
        ["deng1"] = [("EfficientECG", "avg acc 96.5, F1 96"), ("Kachuee et al. ResNet", "avg acc 93.4, F1 87")],
        ["deng2"] = [("EfficientECG", "4,908,386 parameters, avg acc 87.82, CinC 86.2"), ("ECG-ResNet (Hannun et al.)", "10,473,892 parameters, avg acc 86.90, CinC 85.8")],
        ["deng3"] =
        [
            ("EfficientECG, 8-lead", "micro-F1 test 83.43 (4,121,459 parameters)"),
            ("EfficientECG, 8-lead + age + gender", "micro-F1 test 86.61 (4,707,317)"),
            ("w/o gender data", "micro-F1 test 86.37 (4,532,244)"),
            ("w/o age data", "micro-F1 test 86.07 (4,532,244)"),
            ("w/o cross-attention", "micro-F1 test 85.60 (4,142,195)"),
        ],
    };

    /// <summary>The metric dictionary of one run's selected checkpoint, with the CinC score added for CinC runs.</summary>
    public static IReadOnlyDictionary<string, double> Metrics(RunRecord run, string checkpoint = Checkpoints.Selected)
    {
        if (run.LabelMetrics?.TryGetValue(checkpoint, out var labels) == true) return labels.ToMetricDictionary();
        if (!run.TestMetrics.TryGetValue(checkpoint, out var report)) throw new InvalidOperationException($"run {run.RunId} has no '{checkpoint}' test metrics");
        var d = new Dictionary<string, double>(report.ToMetricDictionary());
        if (report.ClassNames.SequenceEqual(Data.Cinc2017.ClassSymbols))
            d[CincScore] = new[] { "N", "A", "O" }.Average(c => report[c].F1);
        return d;
    }

    /// <summary>The rows of one table ("deng1", "deng2", "deng3") from completed, unreduced runs of one profile.</summary>
    /// <param name="includeReduced">Also count reduced (smoke-size) runs: for a notebook's CI run, never for the written tables.</param>
    public static IReadOnlyList<DengRow> Build(string table, IEnumerable<RunRecord> completedRuns, string profile, bool includeReduced = false)
    {
        var names = DengExperiments.Tables.TryGetValue(table, out var n) ? n : throw new ArgumentException($"unknown table '{table}' (expected {string.Join(", ", DengExperiments.Tables.Keys)})");
        var runs = completedRuns.Where(r => r.Profile == profile && r.DataSet is not null && (includeReduced || !RunSelection.IsReduced(r))).ToList();
        // The latest run per (experiment, seed): a rerun replaces, never doubles, a seed.
        var latest = runs.GroupBy(r => (r.Experiment, r.Seed)).Select(g => g.OrderByDescending(r => r.FinishedAt ?? DateTimeOffset.MinValue).First()).ToList();
        var rows = names.Select(name =>
        {
            var mine = latest.Where(r => r.Experiment == name).OrderBy(r => r.Seed).ToList();
            var config = DengExperiments.Get(name, NamedExperiments.ParseProfile(profile), 0);
            var metrics = mine.Select(r => Metrics(r)).ToList();
            var keys = metrics.SelectMany(m => m.Keys).Distinct();
            return new DengRow(name, config.PaperName, mine, Parameters(config),
                keys.ToDictionary(k => k, k => MeanStd.Of(metrics.Where(m => m.ContainsKey(k)).Select(m => m[k]))));
        }).ToList();
        return table == "deng3" ? rows.Select(r => WithPairedDifference(r, rows[0], MicroF1, MicroF1VsEcgOnly)).ToList() : rows;
    }

    /// <summary>The row with key <paramref name="into"/>: its <paramref name="metric"/> minus the reference row's, paired by seed (fold).</summary>
    private static DengRow WithPairedDifference(DengRow row, DengRow reference, string metric, string into)
    {
        if (ReferenceEquals(row, reference)) return row;
        var theirs = reference.Runs.ToDictionary(r => r.Seed, r => Metrics(r)[metric]);
        var differences = row.Runs.Where(r => theirs.ContainsKey(r.Seed)).Select(r => Metrics(r)[metric] - theirs[r.Seed]).ToList();
        if (differences.Count == 0) return row;
        return row with { Ours = new Dictionary<string, MeanStd>(row.Ours) { [into] = MeanStd.Of(differences) } };
    }

    /// <summary>Trainable parameters of a configuration's model (built on the CPU, not trained).</summary>
    public static long Parameters(ExperimentConfig config)
    {
        var leads = config.Data.Source?.Set == DataSetKind.Ludb ? Data.LudbMultiLabelDataset.LeadNames.Count : 1;
        using var model = new EcgClassifier(config.Model, leads, config.Data.InputLength, 0, 0);
        return model.ParameterCount();
    }

    /// <summary>Writes the tables (default all three) of a profile from seeds 0…<paramref name="seeds"/>−1; returns the paths.</summary>
    public static IReadOnlyList<string> WriteAll(RunStore store, string profile, int seeds = 5, IEnumerable<string>? tables = null)
    {
        var runs = store.ListCompleted().Where(r => r.Seed >= 0 && r.Seed < seeds).ToList();
        var paths = new List<string>();
        foreach (var table in tables ?? DengExperiments.Tables.Keys)
        {
            var path = Path.Combine(store.TablesDirectory, FileStem(table, profile) + ".md");
            AtomicFile.WriteAllText(path, ToMarkdown(table, Build(table, runs, profile), profile));
            paths.Add(path);
        }
        return paths;
    }

    /// <summary>"deng2", "standard" → "deng-table2-standard", the table's file name without extension.</summary>
    public static string FileStem(string table, string profile) => $"{table.Replace("deng", "deng-table")}-{profile}";

    public static string ToMarkdown(string table, IReadOnlyList<DengRow> rows, string profile)
    {
        var (title, columns, note) = table switch
        {
            "deng1" => ("Deng et al. Table 1: Kachuee's MIT-BIH beats (N, S, V, F, Q)",
                new[] { ("Avg acc", AvgAcc), ("macro-F1 (5)", MacroF1), ("macro-F1 (N,S,V,F)", MacroNsvfF1), ("S F1", "S.f1"), ("V F1", "V.f1"), ("F F1", "F.f1"), ("Q F1", "Q.f1"), ("macro-AUROC", MacroAuroc) },
                "The paper's 8:1:1 split is per beat: every patient's beats are in training and test, so the figure measures how well a model recognises beats of patients it has seen. The inter-patient row trains on DS1 and tests on DS2 (no shared patient): the gap between the rows is how much of the intra-patient figure comes from seeing the test patients. \"Avg acc\" is read as overall accuracy (correct/all); the paper does not define it. Q has 7 DS2 beats, so the inter-patient macro over five classes is dominated by noise: compare N, S, V, F. The paper also says it \"selected 800 samples from each category to build the test set\" (§5.1.3), which its 8:1:1 split cannot do (F has 803 beats in all); we keep the stored, stratified 8:1:1 split and show macro-F1, which weighs every class equally as a balanced test set would."),
            "deng2" => ("Deng et al. Table 2: PhysioNet/CinC 2017 (N, A, O, ~)",
                new[] { ("Avg acc", AvgAcc), ("CinC score", CincScore), ("N F1", "N.f1"), ("A F1", "A.f1"), ("O F1", "O.f1"), ("~ F1", "~.f1"), ("macro-AUROC", MacroAuroc) },
                "CinC score = mean F1 of N, A, O (the challenge's score; ~ left out). The 8:1:1 split is stratified by class and stored; the release has no patient ids, so it is by recording. The cross-validation row's spread is over the 5 test folds. Hannun's ResNet trains with libtorch's oneDNN convolutions (its channel counts are multiples of 16, where their gradients are right), EfficientECG with ATen's (Engine/OneDnn.cs); the run records say which."),
            _ => ("Deng et al. Table 3's ablation on LUDB (8 leads, 19 labels; the paper used HMIC)",
                new[] { ("micro-F1", MicroF1), ("Δ micro-F1 vs 8-lead, paired by fold", MicroF1VsEcgOnly), ("macro-F1", MacroF1), ("macro-AUROC", MacroAuroc) },
                "LUDB has 200 records; HMIC has 32,142 (160× more), so this is a small-data check of the same ablation, not a replication. Spread is over the 5 patient-level test folds (40 records each); labels are multi-label at threshold 0.5. The Δ column is each row's micro-F1 minus the 8-lead row's on the same fold (the paper's ablation compares rows on one test set), mean ± std over the folds."),
        };
        var sb = new StringBuilder();
        sb.AppendLine($"# {title} — {profile} profile").AppendLine();
        sb.Append("| Row | runs | parameters |");
        foreach (var (label, _) in columns) sb.Append($" {label} |");
        sb.AppendLine().Append("|---|---:|---:|");
        foreach (var _ in columns) sb.Append("---:|");
        sb.AppendLine();
        foreach (var row in rows)
        {
            sb.Append($"| {row.Label} (`{row.Experiment}`) | {(row.Runs.Count == 0 ? "–" : string.Join(" ", row.Runs.Select(r => r.Seed)))} | {row.Parameters?.ToString("N0", CultureInfo.InvariantCulture) ?? "–"} |");
            foreach (var (_, key) in columns)
                sb.Append($" {(row.Ours.TryGetValue(key, out var v) && v.Count > 0 ? v.Format() : "–")} |");
            sb.AppendLine();
        }
        sb.AppendLine().AppendLine("The paper's figures:").AppendLine();
        foreach (var (row, figures) in Paper[table]) sb.AppendLine($"- {row}: {figures}");
        sb.AppendLine().AppendLine(note);
        sb.AppendLine().AppendLine($"Runs column: the seeds (cross-validated rows: seed mod 5 = test fold). Values are percent, mean ± sample std over them. " +
                                   $"Rebuilt by `environment/ecg reproduce --table {table} --profile {profile} --no-train`.");
        return sb.ToString();
    }
}
