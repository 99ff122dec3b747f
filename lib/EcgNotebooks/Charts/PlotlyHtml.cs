using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EcgNotebooks.Charts;

/// <summary>
/// HTML for charts. A chart is a &lt;div&gt; plus a &lt;script&gt; that calls
/// <c>Plotly.newPlot</c> as soon as <c>window.Plotly</c> exists; until then it waits in
/// <c>window.ecgPlotlyPending</c>, which the plotly.js block drains when it loads. So a page (or a
/// notebook) needs plotly.js once, anywhere before or after its charts.
/// </summary>
public static partial class PlotlyHtml
{
    /// <summary>CSS class of every chart div we write (plotly adds "js-plotly-plot" once drawn).</summary>
    public const string ChartClass = "ecg-plotly-chart";

    const int DefaultHeight = 450;

    public static string NewDivId() => "plotly-" + Guid.NewGuid().ToString("N");

    /// <summary>The div + script for one figure, given as JSON (already script-safe: see <see cref="PlotlyJson"/>).</summary>
    public static string ChartFragment(string figureJson, string divId, int? height = null)
    {
        if (!DivIdPattern().IsMatch(divId))
            throw new ArgumentException($"'{divId}' is not a usable div id: start with a letter, then letters, digits, '-', '_' only.", nameof(divId));
        var h = (height ?? DefaultHeight).ToString(CultureInfo.InvariantCulture);
        return $$"""
            <div id="{{divId}}" class="{{ChartClass}}" style="width:100%;height:{{h}}px;"></div>
            <script type="text/javascript">
            (function () {
              var id = "{{divId}}";
              var figure = {{figureJson}};
              function draw() {
                var el = document.getElementById(id);
                if (!el) return;
                var note = el.querySelector(".ecg-plotly-missing");
                if (note) note.remove();
                window.Plotly.newPlot(el, figure.data, figure.layout, figure.config);
              }
              if (window.Plotly) { draw(); return; }
              (window.ecgPlotlyPending = window.ecgPlotlyPending || []).push(draw);
              setTimeout(function () {
                var el = document.getElementById(id);
                if (window.Plotly || !el || el.querySelector(".ecg-plotly-missing")) return;
                var p = document.createElement("p");
                p.className = "ecg-plotly-missing";
                p.textContent = "plotly.js is not loaded on this page. It is embedded once per notebook session, in the first chart's output (or loaded from the URL given with --plotly-js, which must resolve from this page): if that output was cleared, call EcgNotebooks.Charts.PlotlyJs.ResetEmbedding() and re-run the cell.";
                el.appendChild(p);
              }, 10000);
            })();
            </script>
            """;
    }

    /// <summary>
    /// plotly.js (inline, or loaded from <paramref name="scriptUrl"/> when given), then a script that draws the
    /// charts waiting for it.
    /// </summary>
    public static string PlotlyScriptBlock(string? scriptUrl = null)
    {
        var plotly = scriptUrl is null
            ? "<script type=\"text/javascript\">\n" + PlotlyJs.Source + "\n</script>\n"
            : $"<script type=\"text/javascript\" src=\"{Encode(scriptUrl)}\"></script>\n";
        return plotly + """
            <script type="text/javascript">
            (function () { var q = window.ecgPlotlyPending || []; window.ecgPlotlyPending = []; q.forEach(function (f) { f(); }); })();
            </script>

            """;
    }

    /// <summary>What a chart formats to in a notebook: plotly.js the first time in the session (inline, or from
    /// <see cref="PlotlyJs.ScriptUrl"/> when set), then the chart.</summary>
    public static string SessionFragment(PlotlyFigure figure, string? divId = null)
    {
        var chart = figure.ToHtml(divId);
        if (!PlotlyJs.ClaimEmbedding()) return chart;
        try { return PlotlyScriptBlock(PlotlyJs.ScriptUrl) + chart; }
        catch { PlotlyJs.ResetEmbedding(); throw; } // plotly.js missing: let the next chart try again
    }

    /// <summary>
    /// A complete page: plotly.js in the head (inline, or loaded from <paramref name="plotlyScriptUrl"/>, e.g.
    /// "plotly.min.js" beside the page), the title as heading, then <paramref name="bodyHtml"/>.
    /// </summary>
    public static string Page(string title, string bodyHtml, string? extraCss = null, string? plotlyScriptUrl = null)
    {
        var t = Encode(title);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .Append("<title>").Append(t).Append("</title>\n")
          .Append("<style>\nbody{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:1.5rem auto;max-width:1200px;padding:0 1rem;color:#222}\n")
          .Append('.').Append(ChartClass).Append("{margin:1rem 0}\n")
          .Append(extraCss).Append("</style>\n")
          .Append(PlotlyScriptBlock(plotlyScriptUrl))
          .Append("</head>\n<body>\n<h1>").Append(t).Append("</h1>\n")
          .Append(bodyHtml)
          .Append("\n</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>Escapes text for HTML content and attribute values; other characters (±, –, é) stay as
    /// they are, since our pages are UTF-8.</summary>
    public static string Encode(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
            sb.Append(c switch { '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", '"' => "&quot;", '\'' => "&#39;", _ => c.ToString() });
        return sb.ToString();
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]*$")]
    private static partial Regex DivIdPattern();
}
