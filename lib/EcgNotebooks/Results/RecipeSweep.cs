using System.Globalization;
using System.Text;
using EcgNotebooks.Experiments;
using EcgNotebooks.Training;

namespace EcgNotebooks.Results;

/// <summary>One recipe-sweep run read back: its DS1-validation metrics at the selected epoch and how flat its curve ended.</summary>
/// <param name="BestAuprcEpoch">0-based epoch of the highest validation macro-AUPRC.</param>
public sealed record RecipeSweepCell(
    string Experiment, string Recipe, int SelectedEpoch, int Epochs, double MacroF1, double MacroAuprc, double LastAuprc, int BestAuprcEpoch);

/// <param name="Pick">The recipe the rule picks, or null while a cell is missing.</param>
public sealed record RecipeSweepReport(IReadOnlyList<string> Experiments, IReadOnlyList<string> Recipes, int Seed, IReadOnlyList<RecipeSweepCell> Cells, string? Pick)
{
    public RecipeSweepCell? Cell(string experiment, string recipe) => Cells.FirstOrDefault(c => c.Experiment == experiment && c.Recipe == recipe);

    /// <summary>Mean DS1-validation macro-F1 at the selected epochs over the experiments, or null while one is missing.</summary>
    public double? MeanMacroF1(string recipe)
    {
        var cells = Experiments.Select(e => Cell(e, recipe)).ToList();
        return cells.Any(c => c is null) ? null : cells.Average(c => c!.MacroF1);
    }
}

/// <summary>
/// The standard profile's class-imbalance recipe, chosen on DS1 validation only (issue 16): every recipe of
/// <see cref="StandardRecipes"/> on three rows that span the backbones and heads, one seed, trained with
/// `ecg train --validation-only` (no DS2 is read). The rule, fixed before the sweep ran: the highest mean
/// DS1-validation macro-F1 at each run's selected epoch over the three rows. A run belongs to a cell when its
/// configuration hash is that of (row, recipe, seed), so nothing else in results/runs is counted.
/// </summary>
public static class RecipeSweep
{
    public static readonly string[] Experiments = ["resunet/B0", "resunet/B2", "macnn/Hybrid"];

    public static RecipeSweepReport Build(RunStore store, int seed = 0)
    {
        var byHash = store.ListCompleted().Where(r => r.Profile == Profiles.Standard).GroupBy(r => r.ConfigHash)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.FinishedAt).Last(), StringComparer.Ordinal);
        var recipes = StandardRecipes.Names.Keys.ToList();
        var cells = new List<RecipeSweepCell>();
        foreach (var experiment in Experiments)
        foreach (var recipe in recipes)
        {
            var hash = NamedExperiments.Get(experiment, Profile.Standard, seed, recipe: recipe).Hash();
            if (!byHash.TryGetValue(hash, out var run) || run.SelectedEpoch is not { } selected || run.History.Count == 0) continue;
            var at = run.History.Single(h => h.Epoch == selected).ValidationMetrics;
            var auprc = run.History.Select(h => h.ValidationMetrics[ValidationKeys.MacroAuprc]).ToList();
            cells.Add(new RecipeSweepCell(experiment, recipe, selected, run.History.Count, at[ValidationKeys.MacroF1], at[ValidationKeys.MacroAuprc],
                auprc[^1], run.History[auprc.IndexOf(auprc.Max())].Epoch));
        }
        var report = new RecipeSweepReport(Experiments, recipes, seed, cells, null);
        var means = recipes.Select(r => (Recipe: r, Mean: report.MeanMacroF1(r))).ToList();
        // Ties go to the earlier recipe in StandardRecipes.Names (the simpler one is listed first).
        var pick = means.All(m => m.Mean is not null) ? means.OrderByDescending(m => m.Mean!.Value).First().Recipe : null;
        return report with { Pick = pick };
    }

    public static string ToMarkdown(RecipeSweepReport report)
    {
        static string P(double v) => (100 * v).ToString("F2", CultureInfo.InvariantCulture);
        var s = new StringBuilder();
        s.AppendLine($"# Standard-profile recipe sweep: DS1 validation only (seed {report.Seed})");
        s.AppendLine();
        s.AppendLine("Macro-F1 (thresholded at argmax) and macro-AUPRC on the DS1 validation records 114, 124, 205, 207, 220 at each run's selected");
        s.AppendLine("epoch (best validation macro-AUPRC). No DS2 beat was read. Rule, fixed before the sweep: highest mean macro-F1 over the");
        s.AppendLine("three rows. The validation records hold only 246 S and 20 F beats, so differences of a few points are within noise.");
        s.AppendLine();
        s.AppendLine($"| recipe | {string.Join(" | ", report.Experiments.Select(e => $"{e} F1 / AUPRC (epoch)"))} | mean F1 |");
        s.AppendLine($"|---|{string.Concat(report.Experiments.Select(_ => "---:|"))}---:|");
        foreach (var recipe in report.Recipes)
        {
            var cells = report.Experiments.Select(e => report.Cell(e, recipe) is { } c
                ? $"{P(c.MacroF1)} / {P(c.MacroAuprc)} ({c.SelectedEpoch + 1})" : "not run");
            var mean = report.MeanMacroF1(recipe) is { } m ? P(m) : "–";
            s.AppendLine($"| {(recipe == report.Pick ? $"**{recipe}**" : recipe)} | {string.Join(" | ", cells)} | {(recipe == report.Pick ? $"**{mean}**" : mean)} |");
        }
        s.AppendLine();
        s.AppendLine(report.Pick is { } pick
            ? $"Pick: **{pick}** ({StandardRecipes.Names[pick]})."
            : "No pick yet: a cell is missing (`ecg train --experiment <row> --profile standard --recipe <r> --seed 0 --validation-only`).");
        var late = report.Cells.Where(c => c.BestAuprcEpoch >= c.Epochs - 3).ToList();
        s.AppendLine();
        s.AppendLine(late.Count == 0
            ? "Every run's validation macro-AUPRC peaked more than three epochs before its last: the epoch budget is not what limits these runs."
            : $"Still rising at the end (best validation macro-AUPRC in the last three epochs): {string.Join(", ", late.Select(c => $"{c.Experiment} {c.Recipe} (epoch {c.BestAuprcEpoch + 1} of {c.Epochs})"))}.");
        return s.ToString();
    }

    /// <summary>Writes results/tables/recipe-sweep-standard.md atomically; returns its path.</summary>
    public static string Write(RecipeSweepReport report, string tablesDirectory)
    {
        Directory.CreateDirectory(tablesDirectory);
        var path = Path.Combine(tablesDirectory, "recipe-sweep-standard.md");
        AtomicFile.WriteAllText(path, ToMarkdown(report));
        return path;
    }
}
