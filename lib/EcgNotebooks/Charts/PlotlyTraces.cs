using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace EcgNotebooks.Charts;

/// <summary>
/// One plotly.js trace. Only the attributes our charts use are typed (names exactly as in the
/// plotly.js reference); anything else can be set through <see cref="Extra"/>, which is written
/// as-is next to the typed attributes.
/// </summary>
[JsonPolymorphic]
[JsonDerivedType(typeof(ScatterTrace))]
[JsonDerivedType(typeof(BarTrace))]
[JsonDerivedType(typeof(HistogramTrace))]
[JsonDerivedType(typeof(ViolinTrace))]
[JsonDerivedType(typeof(HeatmapTrace))]
public abstract record PlotlyTrace
{
    /// <summary>plotly.js's trace type ("scatter", "heatmap", ...).</summary>
    [JsonPropertyName("type"), JsonPropertyOrder(-10)]
    public string Type => TraceType;

    // Not a serialised property itself: an overriding property would not inherit the JSON name.
    protected abstract string TraceType { get; }

    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("showlegend")] public bool? ShowLegend { get; init; }
    [JsonPropertyName("legendgroup")] public string? LegendGroup { get; init; }
    /// <summary>Subplot axes: "x", "x2", ... and "y", "y2", ...</summary>
    [JsonPropertyName("xaxis")] public string? XAxis { get; init; }
    [JsonPropertyName("yaxis")] public string? YAxis { get; init; }
    [JsonPropertyName("opacity")] public double? Opacity { get; init; }
    [JsonPropertyName("hovertemplate")] public string? HoverTemplate { get; init; }

    /// <summary>Attributes not modelled here (plotly.js names), values serialised as they are (JsonNode, records, arrays).</summary>
    [JsonExtensionData] public Dictionary<string, object>? Extra { get; init; }
}

public sealed record ScatterTrace : PlotlyTrace
{
    protected override string TraceType => "scatter";
    [JsonPropertyName("x")] public PlotlyArray? X { get; init; }
    [JsonPropertyName("y")] public PlotlyArray? Y { get; init; }
    /// <summary>"lines", "markers", "lines+markers", "markers+text", ...</summary>
    [JsonPropertyName("mode")] public string? Mode { get; init; }
    [JsonPropertyName("text")] public PlotlyArray? Text { get; init; }
    /// <summary>"top center", "bottom center", ...</summary>
    [JsonPropertyName("textposition")] public string? TextPosition { get; init; }
    [JsonPropertyName("textfont")] public PlotlyFont? TextFont { get; init; }
    [JsonPropertyName("line")] public PlotlyLine? Line { get; init; }
    [JsonPropertyName("marker")] public PlotlyMarker? Marker { get; init; }
    /// <summary>Whether null (NaN) values are bridged; false leaves gaps.</summary>
    [JsonPropertyName("connectgaps")] public bool? ConnectGaps { get; init; }
}

public sealed record BarTrace : PlotlyTrace
{
    protected override string TraceType => "bar";
    [JsonPropertyName("x")] public PlotlyArray? X { get; init; }
    [JsonPropertyName("y")] public PlotlyArray? Y { get; init; }
    [JsonPropertyName("error_y")] public PlotlyErrorBars? ErrorY { get; init; }
    [JsonPropertyName("marker")] public PlotlyMarker? Marker { get; init; }
    [JsonPropertyName("text")] public PlotlyArray? Text { get; init; }
    /// <summary>"inside", "outside", "auto", "none".</summary>
    [JsonPropertyName("textposition")] public string? TextPosition { get; init; }
}

public sealed record HistogramTrace : PlotlyTrace
{
    protected override string TraceType => "histogram";
    [JsonPropertyName("x")] public PlotlyArray? X { get; init; }
    /// <summary>"", "percent", "probability", "density", "probability density".</summary>
    [JsonPropertyName("histnorm")] public string? HistNorm { get; init; }
    [JsonPropertyName("nbinsx")] public int? NBinsX { get; init; }
    [JsonPropertyName("xbins")] public PlotlyBins? XBins { get; init; }
    [JsonPropertyName("marker")] public PlotlyMarker? Marker { get; init; }
}

public sealed record ViolinTrace : PlotlyTrace
{
    protected override string TraceType => "violin";
    [JsonPropertyName("x")] public PlotlyArray? X { get; init; }
    [JsonPropertyName("y")] public PlotlyArray? Y { get; init; }
    /// <summary>"all", "outliers", "suspectedoutliers", or false (written as JSON false) for none.</summary>
    [JsonPropertyName("points")] public JsonNode? Points { get; init; }
    [JsonPropertyName("box")] public PlotlyVisible? Box { get; init; }
    [JsonPropertyName("meanline")] public PlotlyVisible? MeanLine { get; init; }
    [JsonPropertyName("spanmode")] public string? SpanMode { get; init; }
    [JsonPropertyName("line")] public PlotlyLine? Line { get; init; }
    [JsonPropertyName("fillcolor")] public string? FillColor { get; init; }
}

public sealed record HeatmapTrace : PlotlyTrace
{
    protected override string TraceType => "heatmap";
    /// <summary>Rows of z: z[row][column], rows along y and columns along x.</summary>
    [JsonPropertyName("z")] public required double[][] Z { get; init; }
    [JsonPropertyName("x")] public PlotlyArray? X { get; init; }
    [JsonPropertyName("y")] public PlotlyArray? Y { get; init; }
    /// <summary>Per-cell text, same shape as z; shown on the cells through <see cref="TextTemplate"/>.</summary>
    [JsonPropertyName("text")] public string[][]? Text { get; init; }
    [JsonPropertyName("texttemplate")] public string? TextTemplate { get; init; }
    [JsonPropertyName("textfont")] public PlotlyFont? TextFont { get; init; }
    /// <summary>A named plotly colour scale ("Blues", "Viridis", ...).</summary>
    [JsonPropertyName("colorscale")] public string? ColorScale { get; init; }
    [JsonPropertyName("reversescale")] public bool? ReverseScale { get; init; }
    [JsonPropertyName("zmin")] public double? ZMin { get; init; }
    [JsonPropertyName("zmax")] public double? ZMax { get; init; }
    [JsonPropertyName("showscale")] public bool? ShowScale { get; init; }
    [JsonPropertyName("colorbar")] public PlotlyColorBar? ColorBar { get; init; }
    [JsonPropertyName("xgap")] public double? XGap { get; init; }
    [JsonPropertyName("ygap")] public double? YGap { get; init; }
}

public sealed record PlotlyLine
{
    [JsonPropertyName("color")] public string? Color { get; init; }
    [JsonPropertyName("width")] public double? Width { get; init; }
    /// <summary>"solid", "dot", "dash", "dashdot", ...</summary>
    [JsonPropertyName("dash")] public string? Dash { get; init; }
    /// <summary>"linear", "spline", "hv", ...</summary>
    [JsonPropertyName("shape")] public string? Shape { get; init; }
}

public sealed record PlotlyMarker
{
    [JsonPropertyName("color")] public string? Color { get; init; }
    [JsonPropertyName("size")] public double? Size { get; init; }
    /// <summary>"circle", "triangle-down", "x", ...</summary>
    [JsonPropertyName("symbol")] public string? Symbol { get; init; }
    [JsonPropertyName("opacity")] public double? Opacity { get; init; }
    [JsonPropertyName("line")] public PlotlyLine? Line { get; init; }
}

public sealed record PlotlyFont
{
    [JsonPropertyName("family")] public string? Family { get; init; }
    [JsonPropertyName("size")] public double? Size { get; init; }
    [JsonPropertyName("color")] public string? Color { get; init; }
}

/// <summary>plotly's error_y / error_x. For given values use type "data" with <see cref="Array"/>.</summary>
public sealed record PlotlyErrorBars
{
    [JsonPropertyName("type")] public string Type { get; init; } = "data";
    [JsonPropertyName("array")] public PlotlyArray? Array { get; init; }
    [JsonPropertyName("symmetric")] public bool? Symmetric { get; init; }
    [JsonPropertyName("visible")] public bool Visible { get; init; } = true;
    [JsonPropertyName("thickness")] public double? Thickness { get; init; }
    [JsonPropertyName("width")] public double? Width { get; init; }
    [JsonPropertyName("color")] public string? Color { get; init; }
}

public sealed record PlotlyBins
{
    [JsonPropertyName("start")] public double? Start { get; init; }
    [JsonPropertyName("end")] public double? End { get; init; }
    [JsonPropertyName("size")] public double? Size { get; init; }
}

public sealed record PlotlyVisible(
    [property: JsonPropertyName("visible")] bool Visible);

public sealed record PlotlyColorBar
{
    [JsonPropertyName("title")] public PlotlyTitle? Title { get; init; }
    [JsonPropertyName("x")] public double? X { get; init; }
    [JsonPropertyName("len")] public double? Len { get; init; }
    [JsonPropertyName("thickness")] public double? Thickness { get; init; }
}
