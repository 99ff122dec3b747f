using EcgNotebooks.Notebooks;

namespace EcgNotebooks.Notebooks.Tests;

[Collection(RunnerCollection.Name)]
public class NotebookRunnerTests(RunnerFixture fixture)
{
    [Fact]
    public async Task Code_cells_share_one_state_and_markdown_passes_through()
    {
        var run = await fixture.RunAsync("""
            #!markdown

            # Title

            #!csharp

            var beats = new List<int> { 1, 2, 3 };
            int Twice(int x) => 2 * x;

            #!csharp

            Twice(beats.Sum())
            """);

        Assert.True(run.Succeeded, run.FailedCell?.Error?.Value);
        Assert.All(run.Cells, c => Assert.Equal(CellStatus.Completed, c.Status));
        Assert.Empty(run.Cells[0].Outputs);
        Assert.Empty(run.Cells[1].Outputs); // ends with ';': no value
        var result = Assert.IsType<ExecuteResultOutput>(Assert.Single(run.Cells[2].Outputs));
        Assert.Equal("12", result.Data["text/plain"]);
        Assert.Equal([null, 1, 2], run.Cells.Select(c => c.ExecutionCount));
    }

    [Fact]
    public async Task Console_output_is_captured_per_cell_in_order_with_displays()
    {
        var originalOut = Console.Out;
        var run = await fixture.RunAsync("""
            Console.WriteLine("first");
            Console.Write("second ");
            Console.Error.WriteLine("problem");
            display(HTML("<b>shown</b>"));
            Console.WriteLine("after");
            #!csharp
            Console.WriteLine("next cell");
            """);

        Assert.Same(originalOut, Console.Out);
        var outputs = run.Cells[0].Outputs;
        Assert.Equal(4, outputs.Count);
        Assert.Equal(("stdout", "first\nsecond "), (((StreamOutput)outputs[0]).Name, ((StreamOutput)outputs[0]).Text));
        Assert.Equal(("stderr", "problem\n"), (((StreamOutput)outputs[1]).Name, ((StreamOutput)outputs[1]).Text));
        Assert.Equal("<b>shown</b>", ((DisplayDataOutput)outputs[2]).Data["text/html"]);
        Assert.Equal("after\n", ((StreamOutput)outputs[3]).Text);
        Assert.Equal("next cell\n", Assert.IsType<StreamOutput>(Assert.Single(run.Cells[1].Outputs)).Text);
    }

    [Fact]
    public async Task A_writer_cached_from_Console_Out_writes_to_the_cell_running_now()
    {
        var run = await fixture.RunAsync("""
            var cached = Console.Out;
            cached.WriteLine("one");
            #!csharp
            cached.WriteLine("two");
            """);

        Assert.Equal("one\n", Assert.IsType<StreamOutput>(Assert.Single(run.Cells[0].Outputs)).Text);
        Assert.Equal("two\n", Assert.IsType<StreamOutput>(Assert.Single(run.Cells[1].Outputs)).Text);
    }

    [Fact]
    public async Task Display_handles_update_in_place_and_extension_display_works()
    {
        var run = await fixture.RunAsync("""
            using EcgNotebooks.Notebooks.Tests;
            var handle = display("step 1");
            handle.Update("step 2");
            #!csharp
            handle.Update(new TestChart("final"));
            new Gauge(0.5).Display();
            display("<i>raw</i>", "text/html");
            """);

        Assert.True(run.Succeeded, run.FailedCell?.Error?.Value);
        var updated = Assert.IsType<DisplayDataOutput>(Assert.Single(run.Cells[0].Outputs));
        Assert.Equal("<div class=\"chart\">final</div>", updated.Data["text/html"]);
        var second = run.Cells[1].Outputs.Cast<DisplayDataOutput>().ToList();
        Assert.Equal("<meter value=\"0.5\"></meter>", second[0].Data["text/html"]);
        Assert.Equal([new KeyValuePair<string, string>("text/html", "<i>raw</i>")], second[1].Data);
    }

    [Fact]
    public async Task Values_of_library_types_use_their_TypeFormatterSource()
    {
        var run = await fixture.RunAsync("""
            using EcgNotebooks.Notebooks.Tests;
            new TestChart("from a cell")
            """);

        var result = Assert.IsType<ExecuteResultOutput>(Assert.Single(run.Cells[0].Outputs));
        Assert.Equal("<div class=\"chart\">from a cell</div>", result.Data["text/html"]);
        Assert.Equal("Chart: from a cell", result.Data["text/plain"]);
    }

    [Fact]
    public async Task Async_cells_and_a_null_value_work()
    {
        var run = await fixture.RunAsync("""
            await Task.Delay(10);
            var value = await Task.FromResult("done");
            value
            #!csharp
            string? nothing = null;
            nothing
            #!csharp
            await Task.Delay(1)
            """);

        Assert.True(run.Succeeded, run.FailedCell?.Error?.Value);
        Assert.Equal("done", ((ExecuteResultOutput)run.Cells[0].Outputs.Single()).Data["text/plain"]);
        Assert.Equal("<null>", ((ExecuteResultOutput)run.Cells[1].Outputs.Single()).Data["text/plain"]);
        Assert.Empty(run.Cells[2].Outputs); // awaiting a Task has no value
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
        Assert.Equal("before\n", ((StreamOutput)failed.Outputs[0]).Text);
        Assert.Equal(("InvalidOperationException", "lead II missing"), (failed.Error!.Name, failed.Error.Value));
        Assert.Contains(failed.Error.Traceback, line => line.Contains("InvalidOperationException"));
        Assert.Empty(run.Cells[2].Outputs);
        Assert.Null(run.Cells[2].StartTime);
    }

    [Fact]
    public async Task Compile_errors_carry_line_numbers_of_the_cell()
    {
        var run = await fixture.RunAsync("""
            var ok = 1;
            #!csharp
            #!time
            var a = 1;
            var b = missingName + a;
            """);

        var error = run.Cells[1].Error!;
        Assert.Equal("CompilationError", error.Name);
        Assert.StartsWith("(3,9): error CS0103:", error.Value);
        Assert.Contains("missingName", error.Value);
    }

    [Fact]
    public async Task Unsupported_magics_and_kernels_fail_clearly()
    {
        var magic = await fixture.RunAsync("#!set --name x --value 1\nvar x = 1;");
        Assert.Equal("DirectiveError", magic.Cells[0].Error!.Name);
        Assert.Contains("#!set", magic.Cells[0].Error!.Value);
        Assert.Contains("line 1", magic.Cells[0].Error!.Value);

        var fsharp = await fixture.RunAsync("#!fsharp\nlet x = 1");
        Assert.Equal("UnsupportedKernel", fsharp.Cells[0].Error!.Name);
    }

    [Fact]
    public async Task Time_magic_prints_the_wall_time()
    {
        var run = await fixture.RunAsync("#!time\nvar x = 1;");

        Assert.Matches(@"^Wall time: [0-9.]+ms\n$", Assert.IsType<StreamOutput>(Assert.Single(run.Cells[0].Outputs)).Text);
    }

    [Fact]
    public async Task Html_cells_display_their_html()
    {
        var run = await fixture.RunAsync("#!html\n<p id=\"x\">hi</p>");

        Assert.Equal("<p id=\"x\">hi</p>", ((DisplayDataOutput)run.Cells[0].Outputs.Single()).Data["text/html"]);
    }

    [Fact]
    public async Task Nuget_references_resolve_only_to_assemblies_already_at_hand()
    {
        var satisfied = await fixture.RunAsync("""
            #r "nuget: EcgNotebooks.Notebooks.Tests, 1.0.0"
            #r "nuget: Markdig"
            Markdig.Markdown.ToHtml("*x*").Trim()
            """);
        Assert.True(satisfied.Succeeded, satisfied.FailedCell?.Error?.Value);
        Assert.Equal("<p><em>x</em></p>", ((ExecuteResultOutput)satisfied.Cells[0].Outputs.Single()).Data["text/plain"]);

        var missing = await fixture.RunAsync("#r \"nuget: Some.Package.Nobody.Ships, 1.2.3\"\n1");
        var error = missing.Cells[0].Error!;
        Assert.Equal("DirectiveError", error.Name);
        Assert.Contains("cannot resolve NuGet package 'Some.Package.Nobody.Ships' offline", error.Value);
    }

    [Fact]
    public async Task Path_references_resolve_relative_to_the_notebook()
    {
        var path = fixture.Notebook("#r \"lib/xunit.abstractions.dll\"\ntypeof(Xunit.Abstractions.ITest).Name");
        var lib = Path.Combine(Path.GetDirectoryName(path)!, "lib");
        Directory.CreateDirectory(lib);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "xunit.abstractions.dll"), Path.Combine(lib, "xunit.abstractions.dll"));

        var run = await fixture.Runner.RunAsync(path);

        Assert.True(run.Succeeded, run.FailedCell?.Error?.Value);
        Assert.Equal("ITest", ((ExecuteResultOutput)run.Cells[0].Outputs.Single()).Data["text/plain"]);

        var missing = await fixture.RunAsync("#r \"bin/Nothing.dll\"\n1");
        Assert.Contains("assembly not found", missing.Cells[0].Error!.Value);

        // A reference to an assembly the runner already has is satisfied by the runner's copy, even if not built.
        var own = await fixture.RunAsync("#r \"../lib/bin/Debug/EcgNotebooks.Notebooks.Tests.dll\"\nnew EcgNotebooks.Notebooks.Tests.Gauge(1).Value");
        Assert.True(own.Succeeded, own.FailedCell?.Error?.Value);
    }

    [Fact]
    public async Task Cells_run_in_the_notebook_folder_with_a_session_id_per_run()
    {
        const string dib = "(System.IO.Directory.GetCurrentDirectory(), AppContext.GetData(\"EcgNotebooks.Notebooks.SessionId\"))";
        var before = Environment.CurrentDirectory;
        var first = await fixture.RunAsync(dib);
        var second = await fixture.RunAsync(dib);

        Assert.Equal(before, Environment.CurrentDirectory);
        Assert.Equal($"({Path.GetDirectoryName(first.NotebookPath)}, {first.SessionId})", ((ExecuteResultOutput)first.Cells[0].Outputs.Single()).Data["text/plain"]);
        Assert.Equal($"({Path.GetDirectoryName(second.NotebookPath)}, {second.SessionId})", ((ExecuteResultOutput)second.Cells[0].Outputs.Single()).Data["text/plain"]);
        Assert.NotEqual(first.SessionId, second.SessionId);
        Assert.Null(AppContext.GetData(NotebookRunner.SessionIdKey));
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
        Assert.Equal("3:resunet:Int32", ((ExecuteResultOutput)defaults.Cells[1].Outputs.Single()).Data["text/plain"]);
        Assert.Equal(2, defaults.Cells.Count);

        var run = await fixture.RunAsync(dib, new Dictionary<string, string> { ["epochs"] = "1", ["backbone"] = "macnn" });
        Assert.True(run.Succeeded, run.FailedCell?.Error?.Value);
        Assert.Equal(3, run.Cells.Count);
        Assert.Equal(["parameters"], run.Cells[0].Tags);
        Assert.Equal(["injected-parameters"], run.Cells[1].Tags);
        Assert.Contains("int epochs = 1;", run.Cells[1].Cell.Content);
        Assert.Equal("1:macnn:Int32", ((ExecuteResultOutput)run.Cells[2].Outputs.Single()).Data["text/plain"]);
    }

    [Fact]
    public async Task Unknown_parameters_are_rejected_before_anything_runs()
    {
        var path = fixture.Notebook("// parameters\nint epochs = 3;\n#!csharp\nFile.WriteAllText(\"ran.txt\", \"x\");");

        var error = await Assert.ThrowsAsync<NotebookParameterException>(() =>
            fixture.Runner.RunAsync(path, new Dictionary<string, string> { ["epoch"] = "1" }));

        Assert.Contains("epoch", error.Message);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(path)!, "ran.txt")));
    }

    [Fact]
    public async Task A_cell_over_the_timeout_fails_the_notebook()
    {
        var runner = new NotebookRunner(new NotebookRunnerOptions { CellTimeout = TimeSpan.FromMilliseconds(200) });

        var run = await runner.RunAsync(fixture.Notebook("System.Threading.Thread.Sleep(3000);\n#!csharp\n1"));

        Assert.Equal("CellTimeout", run.Cells[0].Error!.Name);
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
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var run = await fixture.Runner.RunAsync(fixture.Notebook("System.Threading.Thread.Sleep(3000);\n#!csharp\n2"), cancellationToken: cancel.Token);

        Assert.Equal([CellStatus.Failed, CellStatus.Pending], run.Cells.Select(c => c.Status));
        Assert.Equal("Cancelled", run.Cells[0].Error!.Name);
    }
}
