using System.Text.Json;
using EcgNotebooks.Cli;

namespace EcgNotebooks.Notebooks.Tests;

[Collection(RunnerCollection.Name)]
public class NotebookCommandsTests(RunnerFixture fixture)
{
    private int Ecg(params string[] args) => Program.BuildRoot().Parse(args).Invoke();

    [Fact]
    public void Runs_every_notebook_given_and_fails_if_any_failed()
    {
        var good = fixture.Notebook("// parameters\nint n = 1;\n#!csharp\n(n * 2).ToString()", "good");
        var bad = fixture.Notebook("// parameters\nstring label = \"x\";\n#!csharp\nthrow new Exception(label);", "bad");
        var other = fixture.Notebook("Console.WriteLine(\"no parameters here\");", "other");
        var output = Path.Combine(fixture.Root, "cli-out");

        var exitCode = Ecg("notebooks", "run", bad, good, other, "--param", "n=21", "--param", "label=boom", "--out", output);

        Assert.Equal(1, exitCode);
        Assert.Equal(["bad.html", "bad.ipynb", "good.html", "good.ipynb", "other.html", "other.ipynb"], Directory.GetFiles(output).Select(Path.GetFileName).Order());
        using var goodJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "good.ipynb")));
        var goodCells = goodJson.RootElement.GetProperty("cells");
        Assert.Equal("42", TextOf(goodCells[2].GetProperty("outputs")[0].GetProperty("data").GetProperty("text/plain")));
        using var badJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "bad.ipynb")));
        Assert.Equal("boom", badJson.RootElement.GetProperty("cells")[2].GetProperty("outputs")[0].GetProperty("evalue").GetString());
    }

    [Fact]
    public void Succeeds_when_all_notebooks_ran()
    {
        var output = Path.Combine(fixture.Root, "cli-ok");

        Assert.Equal(0, Ecg("notebooks", "run", fixture.Notebook("#!markdown\n# Hi\n#!csharp\n1"), "-o", output));
        Assert.True(File.Exists(Path.Combine(output, "test.html")));
    }

    [Fact]
    public void A_parameter_no_notebook_declares_is_a_usage_error_and_nothing_runs()
    {
        var output = Path.Combine(fixture.Root, "cli-unknown");
        var notebook = fixture.Notebook("// parameters\nint epochs = 3;\n#!csharp\n1");

        Assert.Equal(2, Ecg("notebooks", "run", notebook, "--param", "epoch=1", "--out", output));
        Assert.False(Directory.Exists(output));
        Assert.Equal(2, Ecg("notebooks", "run", notebook, "--param", "epochs", "--out", output));
        Assert.Equal(2, Ecg("notebooks", "run", Path.Combine(fixture.Root, "missing.dib"), "--out", output));
    }

    // nbformat's multiline strings are a string or a list of lines.
    private static string TextOf(JsonElement text) =>
        text.ValueKind == JsonValueKind.Array ? string.Concat(text.EnumerateArray().Select(l => l.GetString())) : text.GetString()!;
}
