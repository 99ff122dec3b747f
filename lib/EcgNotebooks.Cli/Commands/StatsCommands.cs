using System.CommandLine;
using System.Diagnostics;
using EcgNotebooks.Evaluation;
using EcgNotebooks.Experiments;
using EcgNotebooks.Results;

namespace EcgNotebooks.Cli.Commands;

/// <summary>`ecg stats --profile quick [--draws 2000] [--seed 16]`: the patient-level bootstrap table of Tables 3 and 4's
/// stored runs (results/tables/bootstrap-&lt;profile&gt;.md/.csv). Trains nothing; `ecg reproduce` writes the same table.
/// `ecg stats recipes [--seed 0]`: the standard profile's DS1-validation recipe sweep and the recipe its rule picks.</summary>
public sealed class StatsCommand : ICommandGroup
{
    public Command Build()
    {
        var draws = new Option<int>("--draws") { Description = "Bootstrap draws (resamples of the DS2 records)", DefaultValueFactory = _ => PatientBootstrap.DefaultDraws };
        var seed = new Option<int>("--seed") { Description = "Seed of the record draws", DefaultValueFactory = _ => PatientBootstrap.DefaultSeed };
        var cmd = new Command("stats", "Patient-level bootstrap intervals (macro F1, S F1) and paired row differences from the stored runs' DS2 predictions")
        {
            TrainingCli.Profile, TrainingCli.Results, draws, seed,
        };
        cmd.SetAction(p =>
        {
            var profile = NamedExperiments.ParseProfile(p.GetValue(TrainingCli.Profile)!).ToString().ToLowerInvariant();
            if (p.GetValue(draws) < 1000) throw new ArgumentException("--draws: at least 1000");
            var store = new RunStore(p.GetValue(TrainingCli.Results)!);
            var clock = Stopwatch.StartNew();
            var report = BootstrapTables.Build(store, profile, p.GetValue(draws), p.GetValue(seed));
            if (report is null)
            {
                Console.Error.WriteLine($"no completed {profile}-profile runs of Tables 3/4 with predictions under {store.RunsDirectory}");
                return 1;
            }
            foreach (var path in BootstrapTables.Write(report, store.TablesDirectory)) Console.WriteLine($"wrote {path}");
            Console.WriteLine($"{report.Rows.Sum(r => r.Seeds.Count)} runs, {report.Draws} draws of {report.Records.Count} records in {clock.Elapsed.TotalSeconds:F1} s");
            Console.Write(BootstrapTables.ToMarkdown(report));
            return 0;
        });
        cmd.Subcommands.Add(Recipes());
        return cmd;
    }

    private static Command Recipes()
    {
        var seed = new Option<int>("--seed") { Description = "Seed of the sweep's runs", DefaultValueFactory = _ => 0 };
        var cmd = new Command("recipes", "The standard profile's class-imbalance recipe sweep on DS1 validation (stored --validation-only runs) and its pick")
        {
            TrainingCli.Results, seed,
        };
        cmd.SetAction(p =>
        {
            var store = new RunStore(p.GetValue(TrainingCli.Results)!);
            var report = RecipeSweep.Build(store, p.GetValue(seed));
            Console.WriteLine($"wrote {RecipeSweep.Write(report, store.TablesDirectory)}");
            Console.Write(RecipeSweep.ToMarkdown(report));
            return 0;
        });
        return cmd;
    }
}
