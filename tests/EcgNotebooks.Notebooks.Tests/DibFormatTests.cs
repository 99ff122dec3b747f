using EcgNotebooks.Notebooks;

namespace EcgNotebooks.Notebooks.Tests;

public class DibFormatTests
{
    [Fact]
    public void Cells_start_at_kernel_markers_and_aliases()
    {
        var document = DibFormat.Parse("#!csharp\nvar a = 1;\n#!md\n# Title\n#!c#\nvar b = 2;\n#!cs\nvar c = 3;\n#!fs\nlet d = 4\n#!pwsh\nls\n#!js\nconsole.log(1)\n#!markdown\ntext");

        Assert.Equal(
            [("csharp", "var a = 1;"), ("markdown", "# Title"), ("csharp", "var b = 2;"), ("csharp", "var c = 3;"),
             ("fsharp", "let d = 4"), ("pwsh", "ls"), ("javascript", "console.log(1)"), ("markdown", "text")],
            document.Cells.Select(c => (c.KernelName, c.Content)));
    }

    [Theory]
    [InlineData("#!time")]
    [InlineData("#!set --name x --value 1")]
    [InlineData("#!share --from fsharp x")]
    [InlineData("#!csharp ")] // a trailing space: not exactly a kernel name, so a magic
    [InlineData("#!CSharp")] // kernel names are case-sensitive
    public void Other_bang_lines_are_magics_inside_the_cell(string magic)
    {
        var document = DibFormat.Parse($"#!csharp\n{magic}\nvar x = 1;");

        var cell = Assert.Single(document.Cells);
        Assert.Equal($"{magic}\nvar x = 1;", cell.Content);
    }

    [Fact]
    public void Text_before_the_first_marker_is_csharp()
    {
        var document = DibFormat.Parse("var x = 1;\n\n#!markdown\n\nHello");

        Assert.Equal([("csharp", "var x = 1;"), ("markdown", "Hello")], document.Cells.Select(c => (c.KernelName, c.Content)));
        Assert.Null(document.Metadata);
    }

    [Fact]
    public void Only_fully_empty_leading_and_trailing_lines_are_trimmed_and_empty_cells_dropped()
    {
        var document = DibFormat.Parse("#!csharp\n\n\n  \nvar x = 1;\n\n\nvar y = 2;\n  \n\n#!csharp\n\n\n#!markdown\n\n");

        var cell = Assert.Single(document.Cells);
        Assert.Equal("  \nvar x = 1;\n\n\nvar y = 2;\n  ", cell.Content);
    }

    [Fact]
    public void Windows_line_ends_and_a_byte_order_mark_are_accepted()
    {
        var document = DibFormat.Parse("\uFEFF#!csharp\r\nvar x = 1;\r\nvar y = 2;\r\n");

        Assert.Equal("var x = 1;\nvar y = 2;", Assert.Single(document.Cells).Content);
    }

    [Fact]
    public void Meta_block_is_parsed_and_its_kernels_split_cells()
    {
        const string text = """
            #!meta

            {"kernelInfo":{"defaultKernelName":"csharp","items":[{"aliases":[],"name":"csharp"},{"aliases":["py"],"languageName":"python","name":"python"}]}}

            #!python

            print(1)

            #!py

            print(2)

            #!csharp

            1 + 1
            """;

        var document = DibFormat.Parse(text.ReplaceLineEndings("\n"));

        Assert.Equal("csharp", document.Metadata!["kernelInfo"]!["defaultKernelName"]!.GetValue<string>());
        Assert.Equal([("python", "print(1)"), ("python", "print(2)"), ("csharp", "1 + 1")], document.Cells.Select(c => (c.KernelName, c.Content)));
        Assert.Equal("python", document.KernelInfo()["items"]![1]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Invalid_meta_json_names_the_file()
    {
        var error = Assert.Throws<DibFormatException>(() => DibFormat.Parse("#!meta\n\n{not json\n\n#!csharp\n1", "notebooks/x.dib"));

        Assert.Contains("notebooks/x.dib", error.Message);
        Assert.Contains("#!meta", error.Message);
    }

    [Fact]
    public void Writer_emits_marker_blank_line_content_blank_line()
    {
        var document = new DibDocument(null, [new DibCell("markdown", "# T"), new DibCell("csharp", "\n\nvar x = 1;\n\n"), new DibCell("csharp", "\n")]);

        Assert.Equal("#!markdown\n\n# T\n\n#!csharp\n\nvar x = 1;\n", DibFormat.Write(document));
    }

    [Fact]
    public void Written_notebooks_round_trip_byte_for_byte()
    {
        const string text = "#!meta\n\n{\"kernelInfo\":{\"defaultKernelName\":\"csharp\",\"items\":[{\"aliases\":[],\"name\":\"csharp\"}]}}\n\n"
            + "#!markdown\n\n# Title\n\nSome text.\n\n#!csharp\n\n// parameters\nint epochs = 3;\n\n#!csharp\n\n#!time\n  \nvar y = epochs * 2;\ny\n";

        var parsed = DibFormat.Parse(text);
        Assert.Equal(text, DibFormat.Write(parsed));

        var path = Path.Combine(Path.GetTempPath(), $"roundtrip-{Guid.NewGuid():N}.dib");
        try
        {
            DibFormat.Save(parsed, path);
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(text), File.ReadAllBytes(path)); // no BOM, \n only
            Assert.Equal(parsed.Cells, DibFormat.Read(path).Cells);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Reading_a_missing_file_names_it()
    {
        var error = Assert.Throws<DibFormatException>(() => DibFormat.Read("/nonexistent/nb.dib"));

        Assert.Equal("/nonexistent/nb.dib", error.Path);
    }
}
