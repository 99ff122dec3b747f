using EcgNotebooks.Notebooks;

namespace EcgNotebooks.Notebooks.Tests;

/// <summary>
/// The repository's notebooks (notebooks/*.dib): well-formed lectures with a parameters cell, and every one runs top
/// to bottom with CI-size parameters (<see cref="NotebookCiRun"/>) and draws its charts. In the runner collection:
/// a running notebook owns the console and the current directory.
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
        var document = DibFormat.Read(path);

        Assert.All(document.Cells, c => Assert.True(c.KernelName is "csharp" or "markdown", $"{name}: a '{c.KernelName}' cell cannot run headless"));
        Assert.True(document.Cells[0].IsMarkdown, $"{name}: the first cell should introduce the notebook");
        Assert.True(document.Cells.Count(c => c.IsMarkdown) >= document.Cells.Count(c => !c.IsMarkdown) / 2,
            $"{name}: a lecture needs explanation between its code cells");
        Assert.NotEmpty(NotebookParameters.Declared(document));
        // Every CI override the notebook declares has the type of its default (checked before anything runs).
        var overrides = NotebookCiRun.ParametersFor(path, "/tmp/results");
        Assert.NotEmpty(NotebookParameters.BuildInjectedCell(NotebookParameters.Declared(document), overrides, name));
        // Written as DibFormat writes it: reading and writing gives the same text.
        Assert.Equal(File.ReadAllText(path), DibFormat.Write(document));
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
