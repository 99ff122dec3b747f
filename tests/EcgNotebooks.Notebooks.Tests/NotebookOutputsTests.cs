using System.Text.Json;
using EcgNotebooks.Notebooks;

namespace EcgNotebooks.Notebooks.Tests;

[Collection(RunnerCollection.Name)]
public class NotebookOutputsTests(RunnerFixture fixture)
{
    private const string FailingNotebook = """
        #!meta

        {"kernelInfo":{"defaultKernelName":"csharp","items":[{"aliases":[],"name":"csharp"}]}}

        #!markdown

        # Beat counts

        | record | beats |
        |---|---|
        | 100 | 2273 |

        #!csharp

        // parameters
        int records = 2;

        #!csharp

        Console.WriteLine($"records: {records}");
        display(HTML("<div id=\"chart\">chart</div>"));
        (records * 10).ToString()

        #!csharp

        throw new System.IO.InvalidDataException("record 102 & <friends> unreadable");

        #!csharp

        Console.WriteLine("not reached");
        """;

    [Fact]
    public async Task Ipynb_is_nbformat_4_5_with_polyglot_and_papermill_metadata()
    {
        var run = await fixture.Runner.RunAsync(fixture.Notebook(FailingNotebook, "beats"), new Dictionary<string, string> { ["records"] = "5" });
        var outputs = NotebookOutputs.Save(run, Path.Combine(fixture.Root, "out-ipynb"));

        Assert.Equal("beats.ipynb", Path.GetFileName(outputs.IpynbPath));
        using var json = JsonDocument.Parse(File.ReadAllText(outputs.IpynbPath));
        var root = json.RootElement;
        Assert.Equal(4, root.GetProperty("nbformat").GetInt32());
        Assert.Equal(5, root.GetProperty("nbformat_minor").GetInt32());
        var metadata = root.GetProperty("metadata");
        Assert.Equal(".net-csharp", metadata.GetProperty("kernelspec").GetProperty("name").GetString());
        Assert.Equal(".NET (C#)", metadata.GetProperty("kernelspec").GetProperty("display_name").GetString());
        Assert.Equal("text/x-csharp", metadata.GetProperty("language_info").GetProperty("mimetype").GetString());
        Assert.Equal("csharp", metadata.GetProperty("polyglot_notebook").GetProperty("defaultKernelName").GetString());
        Assert.True(metadata.GetProperty("papermill").GetProperty("exception").GetBoolean());
        // papermill's input_path, relative to the output folder: the file names no folder of this machine.
        Assert.Equal(Path.GetRelativePath(Path.Combine(fixture.Root, "out-ipynb"), run.NotebookPath).Replace('\\', '/'),
            metadata.GetProperty("papermill").GetProperty("input_path").GetString());
        Assert.DoesNotContain(fixture.Root, File.ReadAllText(outputs.IpynbPath));

        var cells = root.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(6, cells.Count); // markdown, parameters, injected, ok, failed, pending
        Assert.Equal(["markdown", "code", "code", "code", "code", "code"], cells.Select(c => c.GetProperty("cell_type").GetString()));
        Assert.All(cells, c => Assert.Matches("^[a-zA-Z0-9_-]{1,64}$", c.GetProperty("id").GetString()!));
        Assert.Equal("# Beat counts\n", cells[0].GetProperty("source")[0].GetString());

        Assert.Equal("parameters", cells[1].GetProperty("metadata").GetProperty("tags")[0].GetString());
        Assert.Equal("injected-parameters", cells[2].GetProperty("metadata").GetProperty("tags")[0].GetString());
        Assert.Equal("csharp", cells[3].GetProperty("metadata").GetProperty("polyglot_notebook").GetProperty("kernelName").GetString());
        Assert.Equal("csharp", cells[3].GetProperty("metadata").GetProperty("dotnet_interactive").GetProperty("language").GetString());

        var ok = cells[3].GetProperty("outputs").EnumerateArray().ToList();
        Assert.Equal(["stream", "display_data", "execute_result"], ok.Select(o => o.GetProperty("output_type").GetString()));
        Assert.Equal("records: 5\n", ok[0].GetProperty("text")[0].GetString());
        Assert.Equal("<div id=\"chart\">chart</div>", ok[1].GetProperty("data").GetProperty("text/html")[0].GetString());
        Assert.Equal("50", ok[2].GetProperty("data").GetProperty("text/plain")[0].GetString());
        Assert.Equal(3, ok[2].GetProperty("execution_count").GetInt32());
        var papermill = cells[3].GetProperty("metadata").GetProperty("papermill");
        Assert.Equal("completed", papermill.GetProperty("status").GetString());
        Assert.True(papermill.GetProperty("duration").GetDouble() >= 0);
        Assert.True(DateTimeOffset.Parse(papermill.GetProperty("end_time").GetString()!) >= DateTimeOffset.Parse(papermill.GetProperty("start_time").GetString()!));

        var error = cells[4].GetProperty("outputs")[0];
        Assert.Equal("error", error.GetProperty("output_type").GetString());
        Assert.Equal("InvalidDataException", error.GetProperty("ename").GetString());
        Assert.Equal("record 102 & <friends> unreadable", error.GetProperty("evalue").GetString());
        Assert.True(error.GetProperty("traceback").GetArrayLength() > 0);
        Assert.Equal("failed", cells[4].GetProperty("metadata").GetProperty("papermill").GetProperty("status").GetString());

        Assert.Equal("pending", cells[5].GetProperty("metadata").GetProperty("papermill").GetProperty("status").GetString());
        Assert.Equal(0, cells[5].GetProperty("outputs").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, cells[5].GetProperty("execution_count").ValueKind);
    }

    [Fact]
    public async Task Html_page_shows_markdown_outputs_and_marks_the_failing_cell()
    {
        var run = await fixture.Runner.RunAsync(fixture.Notebook(FailingNotebook, "beats"));
        var outputs = NotebookOutputs.Save(run, Path.Combine(fixture.Root, "out-html"));

        var html = File.ReadAllText(outputs.HtmlPath);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<h1 id=\"beat-counts\">Beat counts</h1>", html);
        Assert.Contains("<td>2273</td>", html); // markdown table rendered
        Assert.Contains("<div id=\"chart\">chart</div>", html); // html output inserted raw
        Assert.Contains("records: 2", html);
        Assert.Contains("record 102 &amp; &lt;friends&gt; unreadable", html); // text escaped
        Assert.Contains("class=\"cell code failed\" id=\"cell-3\"", html);
        Assert.Contains("href=\"#cell-3\"", html);
        Assert.Contains("class=\"cell code pending\" id=\"cell-4\"", html);
        Assert.Contains("Console.WriteLine(&quot;not reached&quot;);", html); // the code that did not run is still shown
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", ""));
    }

    [Fact]
    public async Task Saving_again_replaces_the_files_without_leaving_temporary_ones()
    {
        var run = await fixture.RunAsync("$\"two: {1 + 1}\"");
        var directory = Path.Combine(fixture.Root, "out-atomic");

        NotebookOutputs.Save(run, directory);
        var outputs = NotebookOutputs.Save(run, directory);

        Assert.Equal(["test.html", "test.ipynb"], Directory.GetFiles(directory).Select(Path.GetFileName).Order());
        Assert.Contains("two: 2", File.ReadAllText(outputs.IpynbPath));
    }

    [Fact]
    public async Task Markdown_outputs_are_rendered_in_the_page()
    {
        var run = await fixture.RunAsync("\"**bold** note\".DisplayAs(\"text/markdown\");");
        var outputs = NotebookOutputs.Save(run, Path.Combine(fixture.Root, "out-markdown"));

        Assert.Contains("<strong>bold</strong> note", File.ReadAllText(outputs.HtmlPath));
        Assert.Contains("\"text/markdown\"", File.ReadAllText(outputs.IpynbPath));
    }

    [Fact]
    public async Task Markdown_renders_as_notebook_viewers_do_without_letter_lists()
    {
        var run = await fixture.RunAsync("#!markdown\n\nF (fusion of V and\nN) and Q (paced).\n\n1. one\n2. two");
        var html = File.ReadAllText(NotebookOutputs.Save(run, Path.Combine(fixture.Root, "out-lists")).HtmlPath);

        Assert.Contains("<p>F (fusion of V and\nN) and Q (paced).</p>", html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<ol>"));
    }
}
