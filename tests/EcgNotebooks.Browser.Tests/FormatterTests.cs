using System.Collections;
using System.Text.RegularExpressions;
using EcgNotebooks.Charts;

namespace EcgNotebooks.Browser.Tests;

/// <summary>The TypeFormatterSource convention and plotly.js embedded once per notebook session.</summary>
[Collection(ProcessStateCollection.Name)]
public sealed partial class FormatterTests : IDisposable
{
    readonly object? previousSession = AppContext.GetData(PlotlyJs.SessionIdKey);

    public void Dispose() => AppContext.SetData(PlotlyJs.SessionIdKey, previousSession);

    /// <summary>Formats the way .NET Interactive and our runner do: by names, through reflection only.</summary>
    static string FormatByConvention(object value)
    {
        var attribute = value.GetType().GetCustomAttributes(inherit: true)
            .Single(a => a.GetType().Name == "TypeFormatterSourceAttribute");
        var sourceType = (Type)attribute.GetType().GetProperty("FormatterSourceType")!.GetValue(attribute)!;
        var source = Activator.CreateInstance(sourceType)!;
        var formatters = (IEnumerable)sourceType.GetMethod("CreateTypeFormatters")!.Invoke(source, null)!;
        var html = formatters.Cast<object>().Single(f => (string)f.GetType().GetProperty("MimeType")!.GetValue(f)! == "text/html");
        var format = html.GetType().GetMethod("Format", [typeof(object), typeof(TextWriter)])!;
        var writer = new StringWriter();
        Assert.True((bool)format.Invoke(html, [value, writer])!);
        return writer.ToString();
    }

    static string NewSession()
    {
        var id = "test-session-" + Guid.NewGuid();
        AppContext.SetData(PlotlyJs.SessionIdKey, id);
        return id;
    }

    [Fact]
    public void Figure_carries_the_attribute_the_conventions_look_for()
    {
        var attribute = typeof(PlotlyFigure).GetCustomAttributes(false).OfType<TypeFormatterSourceAttribute>().Single();
        Assert.Equal(typeof(PlotlyFormatterSource), attribute.FormatterSourceType);
        Assert.Equal("EcgNotebooks.Charts.TypeFormatterSourceAttribute", attribute.GetType().FullName);
    }

    [Fact]
    public void Formatting_by_convention_writes_a_div_and_a_script_drawing_into_it()
    {
        NewSession();
        var html = FormatByConvention(SampleCharts.All()[3].Figure);

        var id = DivId().Match(html).Groups[1].Value;
        Assert.StartsWith("plotly-", id);
        Assert.Contains($"var id = \"{id}\";", html);
        Assert.Contains("Plotly.newPlot(el, figure.data, figure.layout, figure.config)", html);
        Assert.Contains("\"type\":\"heatmap\"", html);
    }

    [Fact]
    public void The_formatter_declines_other_objects()
    {
        var formatter = new PlotlyHtmlFormatter();
        Assert.Equal("text/html", formatter.MimeType);
        Assert.False(formatter.Format("not a figure", new StringWriter()));
    }

    [Fact]
    public void Plotly_is_embedded_the_first_time_in_each_session_only()
    {
        var figure = SampleCharts.All()[4].Figure;
        NewSession();
        var first = FormatByConvention(figure);
        var second = FormatByConvention(figure);
        NewSession();
        var otherSession = FormatByConvention(figure);

        Assert.Contains(PlotlyJs.Source, first);
        Assert.DoesNotContain(PlotlyJs.Source, second);
        Assert.True(second.Length < 100_000, $"second chart is {second.Length} chars");
        Assert.Contains(PlotlyJs.Source, otherSession);
    }

    [Fact]
    public void With_no_session_id_the_process_is_the_session()
    {
        AppContext.SetData(PlotlyJs.SessionIdKey, null);
        PlotlyJs.ResetEmbedding();
        var figure = new PlotlyFigure();

        Assert.Contains(PlotlyJs.Source, FormatByConvention(figure));
        Assert.DoesNotContain(PlotlyJs.Source, FormatByConvention(figure));
        PlotlyJs.ResetEmbedding();
        Assert.Contains(PlotlyJs.Source, FormatByConvention(figure));
    }

    [Fact]
    public void Concurrent_charts_of_one_session_embed_plotly_exactly_once()
    {
        NewSession();
        var figure = new PlotlyFigure();
        var outputs = new string[32];
        Parallel.For(0, outputs.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => outputs[i] = FormatByConvention(figure));

        Assert.Equal(1, outputs.Count(o => o.Contains(PlotlyJs.Source, StringComparison.Ordinal)));
    }

    [Fact]
    public void Plotly_is_found_under_the_repository_and_is_the_pinned_version()
    {
        var path = PlotlyJs.Locate();
        Assert.EndsWith(Path.Combine("node_modules", "plotly.js-dist-min", "plotly.min.js"), path);
        var lockFile = File.ReadAllText(Path.Combine(PlotlyJs.FindRepositoryRoot(path)!, "environment", "package-lock.json"));
        var pinned = Regex.Match(lockFile, "\"node_modules/plotly.js-dist-min\":\\s*\\{\\s*\"version\":\\s*\"([^\"]+)\"").Groups[1].Value;
        Assert.StartsWith($"* plotly.js v{pinned}\n", PlotlyJs.Source.Split('\n', 3)[1] + "\n");
    }

    [Fact]
    public void A_wrong_ECG_PLOTLY_JS_is_a_clear_error_naming_the_path()
    {
        var previous = Environment.GetEnvironmentVariable(PlotlyJs.PathVariable);
        try
        {
            Environment.SetEnvironmentVariable(PlotlyJs.PathVariable, "/nonexistent/plotly.min.js");
            var e = Assert.Throws<FileNotFoundException>(PlotlyJs.Locate);
            Assert.Contains("/nonexistent/plotly.min.js", e.Message);
            Assert.Contains(PlotlyJs.PathVariable, e.Message);
        }
        finally { Environment.SetEnvironmentVariable(PlotlyJs.PathVariable, previous); }
    }

    [GeneratedRegex("<div id=\"([^\"]+)\" class=\"ecg-plotly-chart\"")]
    private static partial Regex DivId();
}
