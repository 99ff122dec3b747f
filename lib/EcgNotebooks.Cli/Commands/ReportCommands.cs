using System.CommandLine;
using EcgNotebooks.Charts;

namespace EcgNotebooks.Cli.Commands;

/// <summary>`ecg report`: results/report/index.html (and plotly.min.js beside it) from the runs, tables, figures and
/// executed notebooks under results/.</summary>
public sealed class ReportCommands : ICommandGroup
{
    public Command Build()
    {
        var results = new Option<DirectoryInfo?>("--results")
        {
            Description = "The results folder (default: results/ of the repository holding the current directory, else ./results)",
        };
        var output = new Option<FileInfo?>("--output", "-o")
        {
            Description = "The page to write (default: <results>/report/index.html)",
        };
        var profile = new Option<string>("--profile")
        {
            Description = "The profile whose runs the tables show (quick, standard or paper; all = every profile, which fails where a table has runs of two)", DefaultValueFactory = _ => "quick",
        };
        var command = new Command("report", "Build the HTML report (tables from the runs beside the paper, charts, links to executed notebooks) from results/");
        command.Options.Add(results);
        command.Options.Add(output);
        command.Options.Add(profile);
        command.SetAction(parseResult =>
        {
            var resultsDir = parseResult.GetValue(results)?.FullName ?? DefaultResultsDirectory();
            var chosen = parseResult.GetValue(profile)!;
            var builder = new ReportBuilder(resultsDir,
                chosen == "all" ? null : Experiments.NamedExperiments.ParseProfile(chosen).ToString().ToLowerInvariant());
            try
            {
                var (path, contents) = builder.Write(parseResult.GetValue(output)?.FullName);
                Console.WriteLine($"wrote {path}");
                Console.WriteLine($"  {contents.Tables.Count} result tables from {contents.Runs.Used.Count} runs, {contents.MarkdownTables.Count} other tables, " +
                                  $"{contents.FigureCount} figures, {contents.Notebooks.Count} notebooks");
                foreach (var t in contents.TablesWithoutRuns) Console.WriteLine($"  not shown (no runs yet): {t}");
                foreach (var p in contents.Problems) Console.Error.WriteLine($"  skipped {p}");
                return 0;
            }
            catch (FileNotFoundException e)
            {
                Console.Error.WriteLine($"ecg report: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    static string DefaultResultsDirectory()
    {
        var root = PlotlyJs.FindRepositoryRoot(Directory.GetCurrentDirectory());
        return Path.Combine(root ?? Directory.GetCurrentDirectory(), "results");
    }
}
