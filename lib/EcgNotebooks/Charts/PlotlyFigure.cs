using System.Text.Json;
using EcgNotebooks.Results;
using System.Text.Json.Serialization;

namespace EcgNotebooks.Charts;

/// <summary>
/// A plotly.js figure built in C#: the three arguments of <c>Plotly.newPlot(div, data, layout, config)</c>.
/// Renders as HTML in Polyglot Notebooks and in our notebook runner (through
/// <see cref="TypeFormatterSourceAttribute"/>), and can be written as JSON (the report's figure files)
/// or as a standalone page. Build one by hand or with <see cref="EcgCharts"/>.
/// </summary>
[TypeFormatterSource(typeof(PlotlyFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed record PlotlyFigure
{
    /// <summary>Suffix of figure files that <see cref="ReportBuilder"/> picks up under results/**/figures/.</summary>
    public const string FileSuffix = ".plotly.json";

    [JsonPropertyName("data")] public IReadOnlyList<PlotlyTrace> Data { get; init; } = [];
    [JsonPropertyName("layout")] public PlotlyLayout Layout { get; init; } = new();
    [JsonPropertyName("config")] public PlotlyConfig Config { get; init; } = new();

    public PlotlyFigure() { }

    public PlotlyFigure(IEnumerable<PlotlyTrace> data, PlotlyLayout? layout = null, PlotlyConfig? config = null)
    {
        Data = data.ToArray();
        Layout = layout ?? new PlotlyLayout();
        Config = config ?? new PlotlyConfig();
    }

    /// <summary>{"data":[...],"layout":{...},"config":{...}}; NaN and infinities are written as null.</summary>
    public string ToJson(bool indented = false) =>
        JsonSerializer.Serialize(this, indented ? PlotlyJson.IndentedOptions : PlotlyJson.Options);

    /// <summary>
    /// A &lt;div&gt; and a &lt;script&gt; that draws this figure once <c>window.Plotly</c> exists.
    /// It does not include plotly.js: the page (or the notebook formatter, once per session) must
    /// provide it; see <see cref="PlotlyHtml"/>.
    /// </summary>
    public string ToHtml(string? divId = null) => PlotlyHtml.ChartFragment(ToJson(), divId ?? PlotlyHtml.NewDivId(), Layout.Height);

    /// <summary>A complete HTML page with plotly.js inline (works offline, from a file).</summary>
    public string ToStandaloneHtml(string title) => PlotlyHtml.Page(title, ToHtml());

    /// <summary>Writes <see cref="ToJson"/> atomically; by convention to results/&lt;area&gt;/figures/&lt;name&gt;.plotly.json.</summary>
    public void SaveJson(string path) => AtomicFile.WriteAllText(path, ToJson(indented: true));

    /// <summary>A one-line summary (what text/plain outputs show): the title and the traces' types.</summary>
    public override string ToString()
    {
        var types = string.Join(", ", Data.GroupBy(t => t.Type).Select(g => g.Count() == 1 ? g.Key : $"{g.Count()} {g.Key}"));
        var title = Layout.Title?.Text is { Length: > 0 } t ? $" \"{t}\"" : "";
        return $"PlotlyFigure{title}: {Data.Count} trace{(Data.Count == 1 ? "" : "s")} ({types})";
    }

    /// <summary>Writes <see cref="ToStandaloneHtml"/> atomically.</summary>
    public void SaveHtml(string path, string title) => AtomicFile.WriteAllText(path, ToStandaloneHtml(title));
}
