namespace EcgNotebooks.Notebooks.Tests;

// The convention as a library would declare it: its own attribute, matched by class name only.
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = true, Inherited = true)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    public Type FormatterSourceType { get; } = formatterSourceType;
}

/// <summary>A chart-like value with HTML and plain-text formatters created by an instance source.</summary>
[TypeFormatterSource(typeof(TestChartFormatterSource))]
public class TestChart(string title)
{
    public string Title { get; } = title;
}

/// <summary>Inherits its formatters from <see cref="TestChart"/>, as .NET Interactive walks base types.</summary>
public sealed class DerivedTestChart(string title) : TestChart(title);

internal sealed class TestChartFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() => [new TestChartFormatter("text/html"), new TestChartFormatter("text/plain")];
}

internal sealed class TestChartFormatter(string mimeType)
{
    public string MimeType { get; } = mimeType;

    public bool Format(object instance, TextWriter writer)
    {
        if (instance is not TestChart chart) return false;
        writer.Write(MimeType == "text/html" ? $"<div class=\"chart\">{chart.Title}</div>" : $"Chart: {chart.Title}");
        return true;
    }
}

/// <summary>A value whose source has a static factory and whose formatter declines some instances.</summary>
[TypeFormatterSource(typeof(StaticSource))]
public sealed record Gauge(double Value)
{
    internal static class StaticSource
    {
        public static IEnumerable<object> CreateTypeFormatters() => [new GaugeHtml()];
    }

    internal sealed class GaugeHtml
    {
        public string MimeType => "text/html";

        // Declines negative values: the bundle then has only the default text/plain.
        public bool Format(object instance, TextWriter writer)
        {
            var gauge = (Gauge)instance;
            if (gauge.Value < 0) return false;
            writer.Write($"<meter value=\"{gauge.Value}\"></meter>");
            return true;
        }
    }
}

public sealed record Measurement(string Record, int Beats, double Accuracy);
