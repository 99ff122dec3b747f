namespace EcgNotebooks.Charts;

/// <summary>
/// Marks a type as formatted by <see cref="FormatterSourceType"/>. .NET Interactive (Polyglot
/// Notebooks) and our notebook runner find this attribute by its class name, so a chart renders
/// there without either referencing the other (TorchSharp's tensors use the same convention).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = true, Inherited = true)]
public sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    /// <summary>A type with a parameterless constructor and <c>IEnumerable&lt;object&gt; CreateTypeFormatters()</c>.</summary>
    public Type FormatterSourceType { get; } = formatterSourceType;

    public string[]? PreferredMimeTypes { get; set; }
}

/// <summary>Formatters for <see cref="PlotlyFigure"/>, found through <see cref="TypeFormatterSourceAttribute"/>.</summary>
public sealed class PlotlyFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() => [new PlotlyHtmlFormatter()];
}

/// <summary>
/// Writes a figure as HTML. Matched by shape, not by interface: <c>string MimeType</c> and
/// <c>bool Format(object instance, TextWriter writer)</c>. plotly.js is embedded inline the first
/// time a chart is formatted in a notebook session (<see cref="PlotlyJs.ClaimEmbedding"/>).
/// </summary>
public sealed class PlotlyHtmlFormatter
{
    public string MimeType => "text/html";

    public Type Type => typeof(PlotlyFigure);

    public bool Format(object instance, TextWriter writer)
    {
        if (instance is not PlotlyFigure figure) return false;
        writer.Write(PlotlyHtml.SessionFragment(figure));
        return true;
    }
}
