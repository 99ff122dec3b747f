using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace EcgNotebooks.Charts;

/// <summary>plotly.js layout: the attributes our charts use, plus <see cref="Extra"/> for the rest
/// and for subplot axes beyond the first (set through <see cref="SetAxis"/>).</summary>
public sealed partial record PlotlyLayout
{
    [JsonPropertyName("title")] public PlotlyTitle? Title { get; init; }
    [JsonPropertyName("xaxis")] public PlotlyAxis? XAxis { get; init; }
    [JsonPropertyName("yaxis")] public PlotlyAxis? YAxis { get; init; }
    [JsonPropertyName("height")] public int? Height { get; init; }
    [JsonPropertyName("width")] public int? Width { get; init; }
    [JsonPropertyName("margin")] public PlotlyMargin? Margin { get; init; }
    [JsonPropertyName("showlegend")] public bool? ShowLegend { get; init; }
    [JsonPropertyName("legend")] public PlotlyLegend? Legend { get; init; }
    /// <summary>"group", "stack", "overlay", "relative".</summary>
    [JsonPropertyName("barmode")] public string? BarMode { get; init; }
    /// <summary>"group" or "overlay".</summary>
    [JsonPropertyName("violinmode")] public string? ViolinMode { get; init; }
    /// <summary>"closest", "x", "x unified", ...</summary>
    [JsonPropertyName("hovermode")] public string? HoverMode { get; init; }
    [JsonPropertyName("grid")] public PlotlyGrid? Grid { get; init; }
    [JsonPropertyName("annotations")] public IReadOnlyList<PlotlyAnnotation>? Annotations { get; init; }

    [JsonExtensionData] public Dictionary<string, object>? Extra { get; init; }

    /// <summary>Returns a copy with the axis <paramref name="name"/> ("xaxis", "yaxis2", ...) set.</summary>
    public PlotlyLayout SetAxis(string name, PlotlyAxis axis)
    {
        if (!AxisName().IsMatch(name))
            throw new ArgumentException($"'{name}' is not a plotly axis name (xaxis, yaxis, xaxis2, yaxis3, ...)", nameof(name));
        if (name == "xaxis") return this with { XAxis = axis };
        if (name == "yaxis") return this with { YAxis = axis };
        var extra = Extra is null ? new Dictionary<string, object>() : new Dictionary<string, object>(Extra);
        extra[name] = axis;
        return this with { Extra = extra };
    }

    [GeneratedRegex("^[xy]axis([2-9]|[1-9][0-9]+)?$")]
    private static partial Regex AxisName();
}

/// <summary>A title: plotly.js (since 2.x) takes an object {text}.</summary>
public sealed record PlotlyTitle(
    [property: JsonPropertyName("text")] string Text)
{
    public static implicit operator PlotlyTitle(string text) => new(text);
}

public sealed record PlotlyAxis
{
    [JsonPropertyName("title")] public PlotlyTitle? Title { get; init; }
    /// <summary>"linear", "log", "category", ...</summary>
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("range")] public double[]? Range { get; init; }
    /// <summary>"reversed" to flip (true/false otherwise, written as a string only when reversed).</summary>
    [JsonPropertyName("autorange")] public string? AutoRange { get; init; }
    /// <summary>Subplot placement as fractions of the plot area, e.g. [0, 0.45].</summary>
    [JsonPropertyName("domain")] public double[]? Domain { get; init; }
    /// <summary>The axis this one is drawn against ("x", "y2", "free").</summary>
    [JsonPropertyName("anchor")] public string? Anchor { get; init; }
    /// <summary>Draw on top of another axis ("y") instead of in its own subplot.</summary>
    [JsonPropertyName("overlaying")] public string? Overlaying { get; init; }
    [JsonPropertyName("matches")] public string? Matches { get; init; }
    [JsonPropertyName("side")] public string? Side { get; init; }
    [JsonPropertyName("scaleanchor")] public string? ScaleAnchor { get; init; }
    [JsonPropertyName("constrain")] public string? Constrain { get; init; }
    [JsonPropertyName("showgrid")] public bool? ShowGrid { get; init; }
    [JsonPropertyName("zeroline")] public bool? ZeroLine { get; init; }
    [JsonPropertyName("showticklabels")] public bool? ShowTickLabels { get; init; }
    [JsonPropertyName("visible")] public bool? Visible { get; init; }
    [JsonPropertyName("tickformat")] public string? TickFormat { get; init; }
    [JsonPropertyName("dtick")] public double? DTick { get; init; }
    [JsonPropertyName("automargin")] public bool? AutoMargin { get; init; }
}

public sealed record PlotlyMargin
{
    [JsonPropertyName("l")] public int? Left { get; init; }
    [JsonPropertyName("r")] public int? Right { get; init; }
    [JsonPropertyName("t")] public int? Top { get; init; }
    [JsonPropertyName("b")] public int? Bottom { get; init; }
}

public sealed record PlotlyLegend
{
    /// <summary>"v" or "h".</summary>
    [JsonPropertyName("orientation")] public string? Orientation { get; init; }
    [JsonPropertyName("x")] public double? X { get; init; }
    [JsonPropertyName("y")] public double? Y { get; init; }
    [JsonPropertyName("xanchor")] public string? XAnchor { get; init; }
    [JsonPropertyName("yanchor")] public string? YAnchor { get; init; }
    [JsonPropertyName("title")] public PlotlyTitle? Title { get; init; }
    [JsonPropertyName("bgcolor")] public string? BgColor { get; init; }
}

/// <summary>layout.grid: a regular grid of subplots; traces pick theirs with xaxis/yaxis.</summary>
public sealed record PlotlyGrid
{
    [JsonPropertyName("rows")] public int Rows { get; init; } = 1;
    [JsonPropertyName("columns")] public int Columns { get; init; } = 1;
    /// <summary>"independent" (each subplot its own x and y) or "coupled".</summary>
    [JsonPropertyName("pattern")] public string Pattern { get; init; } = "independent";
    [JsonPropertyName("xgap")] public double? XGap { get; init; }
    [JsonPropertyName("ygap")] public double? YGap { get; init; }
}

public sealed record PlotlyAnnotation
{
    [JsonPropertyName("text")] public required string Text { get; init; }
    [JsonPropertyName("x")] public double? X { get; init; }
    [JsonPropertyName("y")] public double? Y { get; init; }
    /// <summary>"paper" for fractions of the plot area, or an axis id ("x2").</summary>
    [JsonPropertyName("xref")] public string? XRef { get; init; }
    [JsonPropertyName("yref")] public string? YRef { get; init; }
    [JsonPropertyName("xanchor")] public string? XAnchor { get; init; }
    [JsonPropertyName("yanchor")] public string? YAnchor { get; init; }
    [JsonPropertyName("showarrow")] public bool? ShowArrow { get; init; }
    [JsonPropertyName("font")] public PlotlyFont? Font { get; init; }
}

/// <summary>plotly.js config (the third argument of Plotly.newPlot).</summary>
public sealed record PlotlyConfig
{
    [JsonPropertyName("responsive")] public bool? Responsive { get; init; } = true;
    [JsonPropertyName("displaylogo")] public bool? DisplayLogo { get; init; } = false;
    [JsonPropertyName("displayModeBar")] public bool? DisplayModeBar { get; init; }
    [JsonPropertyName("staticPlot")] public bool? StaticPlot { get; init; }
    [JsonExtensionData] public Dictionary<string, object>? Extra { get; init; }
}
