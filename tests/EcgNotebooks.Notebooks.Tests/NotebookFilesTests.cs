using EcgNotebooks.Notebooks;

namespace EcgNotebooks.Notebooks.Tests;

/// <summary>
/// The repository's notebooks (notebooks/*.dib): well-formed lectures with a parameters cell, and every one runs top
/// to bottom in the real .NET Interactive C# kernel with CI-size parameters (<see cref="NotebookCiRun"/>) and draws its
/// charts. In the runner collection: a running notebook owns the current directory.
/// </summary>
[Collection(RunnerCollection.Name)]
public sealed class NotebookFilesTests
{
    public static TheoryData<string> NotebookNames()
    {
        var data = new TheoryData<string>();
        foreach (var path in NotebookCiRun.Notebooks) data.Add(Path.GetFileNameWithoutExtension(path));
        return data;
    }

    [Fact]
    public void The_eight_numbered_notebooks_exist()
    {
        var names = NotebookCiRun.Notebooks.Select(Path.GetFileNameWithoutExtension).ToList();
        Assert.Equal(
            ["01-data-and-preprocessing", "02-rr-features", "03-resunet-ablations", "04-macnn-se-hybrid",
             "05-efficientecg", "06-gpu-training", "07-results-tables", "08-inside-the-attention"],
            names);
    }

    [Theory]
    [MemberData(nameof(NotebookNames))]
    public void Notebook_is_a_csharp_lecture_with_a_parameters_cell(string name)
    {
        var path = NotebookCiRun.Notebooks.Single(p => Path.GetFileNameWithoutExtension(p) == name);
        var document = NotebookFile.Read(path);
        var cells = document.Elements;

        Assert.All(cells, c => Assert.True(c.KernelName is "csharp" or "markdown", $"{name}: a '{c.KernelName}' cell has no kernel in a C# notebook"));
        Assert.True(NotebookFile.IsMarkdown(cells[0]), $"{name}: the first cell should introduce the notebook");
        Assert.True(cells.Count(NotebookFile.IsMarkdown) >= cells.Count(c => !NotebookFile.IsMarkdown(c)) / 2,
            $"{name}: a lecture needs explanation between its code cells");
        Assert.NotEmpty(NotebookParameters.Declared(document));
        // Every CI override the notebook declares has the type of its default (checked before anything runs).
        var overrides = NotebookCiRun.ParametersFor(path, "/tmp/results");
        Assert.NotEmpty(NotebookParameters.BuildInjectedCell(NotebookParameters.Declared(document), overrides, name));
    }

    [Fact]
    public async Task Every_notebook_runs_top_to_bottom_with_CI_parameters_and_draws_charts()
    {
        var results = await NotebookCiRun.RunAllAsync();

        Assert.Equal(NotebookCiRun.Notebooks.Count, results.Count);
        Assert.All(results, r => Assert.True(r.Succeeded, $"{r.Name} failed at {r.Failure}; see {r.HtmlPath}"));
        Assert.All(results, r => Assert.True(r.Charts >= 1, $"{r.Name} drew no chart"));
        Assert.All(results, r => Assert.True(File.Exists(r.IpynbPath) && File.Exists(r.HtmlPath), $"{r.Name}: outputs missing"));
    }
}
