using EcgNotebooks.Notebooks;

namespace EcgNotebooks.Notebooks.Tests;

public class NotebookParametersTests
{
    private static readonly IReadOnlyList<NotebookParameter> Declared = NotebookParameters.Declared("""
        // parameters
        int epochs = 3;
        var learningRate = 0.001;
        var seed = 42;
        string backbone = "resunet";
        bool smoke = false;
        var run = "a", tag = "b";
        var config = System.DateTime.Now;
        float scale = 1.5f;
        """);

    [Fact]
    public void Parameters_cell_is_the_first_csharp_cell_starting_with_the_comment()
    {
        var document = NotebookFile.Parse("#!markdown\n// parameters\n#!csharp\nvar a = 1;\n#!csharp\n//  Parameters  \nvar b = 2;\n#!csharp\n// parameters\nvar c = 3;");

        Assert.Equal(2, NotebookParameters.FindParametersCell(document));
        Assert.Equal(["b"], NotebookParameters.Declared(document).Select(p => p.Name));
        Assert.Equal(-1, NotebookParameters.FindParametersCell(NotebookFile.Parse("var a = 1;")));
    }

    [Fact]
    public void Declared_parameters_keep_their_type_or_the_type_of_a_literal_default()
    {
        Assert.Equal(
            [("epochs", "int"), ("learningRate", "double"), ("seed", "int"), ("backbone", "string"), ("smoke", "bool"),
             ("run", "string"), ("tag", "string"), ("config", null), ("scale", "float")],
            Declared.Select(p => (p.Name, p.TypeName)));
    }

    [Fact]
    public void Overrides_are_typed_declarations()
    {
        var code = NotebookParameters.BuildInjectedCell(Declared, new Dictionary<string, string>
        {
            ["epochs"] = "10", ["learningRate"] = "1", ["backbone"] = "say \"hi\"\\n", ["smoke"] = "True", ["scale"] = "2",
        }, "nb.dib");

        var lines = code.Split('\n');
        Assert.StartsWith("//", lines[0]);
        Assert.Equal(["int epochs = 10;", "double learningRate = 1D;", "string backbone = \"say \\\"hi\\\"\\\\n\";", "bool smoke = true;", "float scale = 2F;"], lines[1..]);
    }

    [Theory]
    [InlineData("7", "var config = 7;")]
    [InlineData("-2.5e-3", "var config = -0.0025D;")]
    [InlineData("false", "var config = false;")]
    [InlineData("5000000000", "var config = 5000000000L;")]
    [InlineData("resunet", "var config = \"resunet\";")]
    [InlineData("\"42\"", "var config = \"42\";")]
    public void Untyped_parameters_get_an_inferred_literal(string value, string expected)
    {
        var code = NotebookParameters.BuildInjectedCell(Declared, new Dictionary<string, string> { ["config"] = value }, "nb.dib");

        Assert.Equal(expected, code.Split('\n')[1]);
    }

    [Fact]
    public void A_string_parameter_takes_numbers_as_text()
    {
        var code = NotebookParameters.BuildInjectedCell(Declared, new Dictionary<string, string> { ["backbone"] = "42" }, "nb.dib");

        Assert.Equal("string backbone = \"42\";", code.Split('\n')[1]);
    }

    [Fact]
    public void Unknown_names_are_rejected_with_the_declared_ones()
    {
        var error = Assert.Throws<NotebookParameterException>(() =>
            NotebookParameters.BuildInjectedCell(Declared, new Dictionary<string, string> { ["epoch"] = "1" }, "nb.dib"));

        Assert.Contains("nb.dib", error.Message);
        Assert.Contains("epoch", error.Message);
        Assert.Contains("epochs, learningRate", error.Message);
    }

    [Theory]
    [InlineData("epochs", "1.5")]
    [InlineData("smoke", "yes")]
    [InlineData("learningRate", "fast")]
    public void Values_that_do_not_fit_the_declared_type_are_rejected(string name, string value)
    {
        var error = Assert.Throws<NotebookParameterException>(() =>
            NotebookParameters.BuildInjectedCell(Declared, new Dictionary<string, string> { [name] = value }, "nb.dib"));

        Assert.Contains($"'{name}'", error.Message);
        Assert.Contains($"'{value}'", error.Message);
    }

    [Fact]
    public void Assignments_split_at_the_first_equals_sign()
    {
        var parsed = NotebookParameters.ParseAssignments(["a=1", "expr=x=y", "empty="]);

        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["expr"] = "x=y", ["empty"] = "" }, parsed);
        Assert.Throws<NotebookParameterException>(() => NotebookParameters.ParseAssignments(["novalue"]));
        Assert.Throws<NotebookParameterException>(() => NotebookParameters.ParseAssignments(["1x=2"]));
        Assert.Throws<NotebookParameterException>(() => NotebookParameters.ParseAssignments(["a=1", "a=2"]));
    }
}
