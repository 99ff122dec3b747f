using EcgNotebooks.Notebooks;
using Microsoft.DotNet.Interactive.Documents;

namespace EcgNotebooks.Notebooks.Tests;

/// <summary>The runner over the real .NET Interactive C# kernel: what it adds (papermill's parameters, stop at the first
/// failure, timing, timeouts) and what it must keep of the kernel (its outputs, in order, and its rejections).</summary>
[Collection(RunnerCollection.Name)]
public class NotebookRunnerTests(RunnerFixture fixture)
{
    [Fact]
    public async Task Code_cells_share_one_kernel_and_markdown_passes_through()
    {
        var run = await fixture.RunAsync("""
            #!markdown

            # Title

            #!csharp

            var beats = new List<int> { 1, 2, 3 };
            int Twice(int x) => 2 * x;

            #!csharp

            Twice(beats.Sum()).ToString()
            """);

        Assert.True(run.Succeeded, run.FailedCell?.Error?.ErrorValue);
        Assert.All(run.Cells, c => Assert.Equal(CellStatus.Completed, c.Status));
        Assert.Empty(run.Cells[0].Outputs);
        Assert.Empty(run.Cells[1].Outputs); // ends with ';': no value
        Assert.Equal("12", run.Cells[2].Value()); // a string value is text/plain
        Assert.Equal([null, 1, 2], run.Cells.Select(c => c.ExecutionCount));
    }

    [Fact]
    public async Task Console_output_and_displays_are_kept_in_order_per_cell()
    {
        var run = await fixture.RunAsync("""
            Console.WriteLine("first");
            Console.Write("second ");
            Console.Error.WriteLine("problem");
            display(HTML("<b>shown</b>"));
            Console.WriteLine("after");
            #!csharp
            Console.WriteLine("next cell");
            """);

        Assert.True(run.Succeeded, run.FailedCell?.Error?.ErrorValue);
        var outputs = run.Cells[0].Outputs;
        Assert.Equal(4, outputs.Count);
        Assert.Equal(("stdout", "first\nsecond "), (((TextElement)outputs[0]).Name, ((TextElement)outputs[0]).Text));
        Assert.Equal(("stderr", "problem\n"), (((TextElement)outputs[1]).Name, ((TextElement)outputs[1]).Text));
        Assert.Equal("<b>shown</b>", ((DisplayElement)outputs[2]).Mime("text/html"));
        Assert.Equal("after\n", ((TextElement)outputs[3]).Text);
        Assert.Equal("next cell\n", Assert.IsType<TextElement>(Assert.Single(run.Cells[1].Outputs)).Text);
    }

    [Fact]
    public async Task A_cell_the_real_kernel_rejects_fails_the_run()
    {
        // Our former Roslyn runner accepted this; Polyglot Notebooks' kernel has no text/markdown formatter for a string.
        var run = await fixture.RunAsync("""
            display("**Table 3**", "text/markdown");
            #!csharp
            Console.WriteLine("never");
            """);

        Assert.False(run.Succeeded);
        Assert.Equal([CellStatus.Failed, CellStatus.Pending], run.Cells.Select(c => c.Status));
        Assert.Equal("ArgumentException", run.Cells[0].Error!.ErrorName);
        Assert.Contains("No formatter is registered for MIME type text/markdown", run.Cells[0].Error!.ErrorValue);
    }

    [Fact]
    public async Task Markdown_is_displayed_with_DisplayAs()
    {
        var run = await fixture.RunAsync("\"| a |\\n|---|\\n| 1 |\".DisplayAs(\"text/markdown\");");

        Assert.True(run.Succeeded, run.FailedCell?.Error?.ErrorValue);
        Assert.Equal("| a |\n|---|\n| 1 |", Assert.IsType<DisplayElement>(Assert.Single(run.Cells[0].Outputs)).Mime("text/markdown"));
    }

    [Fact]
    public async Task An_exception_stops_the_notebook_and_leaves_later_cells_pending()
    {
        var run = await fixture.RunAsync("""
            Console.WriteLine("ran");
            #!csharp
            Console.WriteLine("before");
            throw new InvalidOperationException("lead II missing");
            #!csharp
            Console.WriteLine("never");
            """);

        Assert.False(run.Succeeded);
        Assert.Equal([CellStatus.Completed, CellStatus.Failed, CellStatus.Pending], run.Cells.Select(c => c.Status));
        var failed = run.Cells[1];
        Assert.Same(failed, run.FailedCell);
        Assert.Equal("before\n", ((TextElement)failed.Outputs[0]).Text);
        Assert.Equal(("InvalidOperationException", "lead II missing"), (failed.Error!.ErrorName, failed.Error.ErrorValue));
        Assert.Contains(failed.Error.StackTrace, line => line.Contains("InvalidOperationException"));
        Assert.Empty(run.Cells[2].Outputs);
        Assert.Null(run.Cells[2].StartTime);
    }

    [Fact]
    public async Task Compile_errors_carry_line_numbers_of_the_cell()
    {
        var run = await fixture.RunAsync("""
            var ok = 1;
            #!csharp
            var a = 1;
            var b = missingName + a;
            """);

        var error = run.Cells[1].Error!;
        Assert.Equal("CompilationError", error.ErrorName);
        Assert.StartsWith("(2,9): error CS0103:", error.ErrorValue);
        Assert.Contains("missingName", error.ErrorValue);
    }

    [Fact]
    public async Task Cells_of_kernels_the_notebook_kernel_lacks_fail()
    {
        var fsharp = await fixture.RunAsync("#!fsharp\nlet x = 1");

        Assert.Equal(CellStatus.Failed, fsharp.Cells[0].Status);
        Assert.NotNull(fsharp.Cells[0].Error);
    }

    [Fact]
    public async Task Path_references_resolve_relative_to_the_notebook()
    {
        var path = fixture.Notebook("#r \"lib/xunit.abstractions.dll\"\ntypeof(Xunit.Abstractions.ITest).Name");
        var lib = Path.Combine(Path.GetDirectoryName(path)!, "lib");
        Directory.CreateDirectory(lib);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "xunit.abstractions.dll"), Path.Combine(lib, "xunit.abstractions.dll"));

        var run = await fixture.Runner.RunAsync(path);

        Assert.True(run.Succeeded, run.FailedCell?.Error?.ErrorValue);
        Assert.Equal("ITest", run.Cells[0].Value());

        var missing = await fixture.RunAsync("#r \"bin/Nothing.dll\"\n1");
        Assert.Equal(CellStatus.Failed, missing.Cells[0].Status);
    }

    [Fact]
    public async Task Cells_run_in_the_notebook_folder_with_a_session_id_per_run()
    {
        const string dib = "$\"{System.IO.Directory.GetCurrentDirectory()}|{AppContext.GetData(\"EcgNotebooks.Notebooks.SessionId\")}\"";
        var before = Environment.CurrentDirectory;
        var first = await fixture.RunAsync(dib);
        var second = await fixture.RunAsync(dib);

        Assert.Equal(before, Environment.CurrentDirectory);
        Assert.Equal($"{Path.GetDirectoryName(first.NotebookPath)}|{first.SessionId}", first.Cells[0].Value());
        Assert.Equal($"{Path.GetDirectoryName(second.NotebookPath)}|{second.SessionId}", second.Cells[0].Value());
        Assert.NotEqual(first.SessionId, second.SessionId);
        Assert.Null(AppContext.GetData(NotebookRunner.SessionIdKey));
    }

    [Fact]
    public async Task Each_notebook_gets_a_fresh_kernel()
    {
        await fixture.RunAsync("var leftOver = 1;");

        var run = await fixture.RunAsync("leftOver");

        Assert.Equal("CompilationError", run.Cells[0].Error!.ErrorName);
    }

    [Fact]
    public async Task Parameters_are_injected_after_the_parameters_cell()
    {
        const string dib = """
            #!csharp
            // parameters
            int epochs = 3;
            var backbone = "resunet";
            #!csharp
            $"{epochs}:{backbone}:{epochs.GetType().Name}"
            """;

        var defaults = await fixture.RunAsync(dib);
        Assert.Equal("3:resunet:Int32", defaults.Cells[1].Value());
        Assert.Equal(2, defaults.Cells.Count);

        var run = await fixture.RunAsync(dib, new Dictionary<string, string> { ["epochs"] = "1", ["backbone"] = "macnn" });
        Assert.True(run.Succeeded, run.FailedCell?.Error?.ErrorValue);
        Assert.Equal(3, run.Cells.Count);
        Assert.Equal(["parameters"], run.Cells[0].Tags);
        Assert.Equal(["injected-parameters"], run.Cells[1].Tags);
        Assert.Contains("int epochs = 1;", run.Cells[1].Content);
        Assert.Equal("1:macnn:Int32", run.Cells[2].Value());
    }

    [Fact]
    public async Task Unknown_parameters_are_rejected_before_anything_runs()
    {
        var path = fixture.Notebook("// parameters\nint epochs = 3;\n#!csharp\nSystem.IO.File.WriteAllText(\"ran.txt\", \"x\");");

        var error = await Assert.ThrowsAsync<NotebookParameterException>(() =>
            fixture.Runner.RunAsync(path, new Dictionary<string, string> { ["epoch"] = "1" }));

        Assert.Contains("epoch", error.Message);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(path)!, "ran.txt")));
    }

    [Fact]
    public async Task A_cell_over_the_timeout_fails_the_notebook()
    {
        var runner = new NotebookRunner(new NotebookRunnerOptions { CellTimeout = TimeSpan.FromMilliseconds(500) });

        var run = await runner.RunAsync(fixture.Notebook("System.Threading.Thread.Sleep(4000);\n#!csharp\n1"));

        Assert.Equal("CellTimeout", run.Cells[0].Error!.ErrorName);
        Assert.Equal(CellStatus.Pending, run.Cells[1].Status);
    }

    [Fact]
    public async Task Progress_is_reported_after_every_cell_that_ran()
    {
        var seen = new List<(int, CellStatus)>();
        var runner = new NotebookRunner(fixture.Runner.Options with { CellFinished = p => seen.Add((p.CellIndex, p.Cell.Status)) });

        await runner.RunAsync(fixture.Notebook("#!markdown\nx\n#!csharp\n1\n#!csharp\nthrow new Exception();\n#!csharp\n2"));

        Assert.Equal([(0, CellStatus.Completed), (1, CellStatus.Completed), (2, CellStatus.Failed)], seen);
    }

    [Fact]
    public async Task Cancellation_stops_at_the_next_cell_boundary()
    {
        using var cancel = new CancellationTokenSource();
        var runner = new NotebookRunner(fixture.Runner.Options with { CellFinished = _ => cancel.Cancel() });

        var run = await runner.RunAsync(fixture.Notebook("1\n#!csharp\n2"), cancellationToken: cancel.Token);

        Assert.Equal([CellStatus.Completed, CellStatus.Pending], run.Cells.Select(c => c.Status));
        Assert.False(run.Succeeded);
        Assert.Null(run.FailedCell);
    }

    [Fact]
    public async Task Cancellation_abandons_a_running_cell()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(1500));

        var run = await fixture.Runner.RunAsync(fixture.Notebook("System.Threading.Thread.Sleep(5000);\n#!csharp\n2"), cancellationToken: cancel.Token);

        Assert.Equal([CellStatus.Failed, CellStatus.Pending], run.Cells.Select(c => c.Status));
        Assert.Equal("Cancelled", run.Cells[0].Error!.ErrorName);
    }
}
