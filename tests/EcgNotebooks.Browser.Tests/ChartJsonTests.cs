using System.Text.Json;
using System.Text.Json.Nodes;
using EcgNotebooks.Charts;

namespace EcgNotebooks.Browser.Tests;

/// <summary>Figure JSON without a browser: shapes, plotly.js attribute names, NaN, escaping.</summary>
public sealed class ChartJsonTests
{
    static JsonObject Parse(PlotlyFigure f) => JsonNode.Parse(f.ToJson())!.AsObject();
    static JsonArray Data(PlotlyFigure f) => Parse(f)["data"]!.AsArray();

    [Fact]
    public void Figure_json_has_data_layout_config_and_leaves_unset_attributes_out()
    {
        var f = new PlotlyFigure([new ScatterTrace { X = new[] { 1.0, 2 }, Y = new[] { 3.0, 4 }, Mode = "lines" }],
            new PlotlyLayout { Title = "t", XAxis = new PlotlyAxis { Title = "x" } });
        var json = Parse(f);

        Assert.Equal(["data", "layout", "config"], json.Select(p => p.Key));
        var trace = json["data"]![0]!.AsObject();
        Assert.Equal("scatter", (string?)trace["type"]);
        Assert.Equal(["mode", "type", "x", "y"], trace.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("t", (string?)json["layout"]!["title"]!["text"]);
        Assert.Equal("x", (string?)json["layout"]!["xaxis"]!["title"]!["text"]);
        Assert.False((bool)json["config"]!["displaylogo"]!);
        Assert.True((bool)json["config"]!["responsive"]!);
    }

    [Fact]
    public void NaN_and_infinities_become_null_everywhere()
    {
        var f = new PlotlyFigure(
        [
            new ScatterTrace { X = new[] { 0.0, 1, 2 }, Y = new[] { 1.0, double.NaN, double.PositiveInfinity } },
            new HeatmapTrace { Z = [[double.NaN, 1], [2, double.NegativeInfinity]], ZMin = double.NaN },
        ]);
        var json = f.ToJson();

        Assert.DoesNotContain("NaN", json);
        Assert.DoesNotContain("Infinity", json);
        var data = JsonNode.Parse(json)!["data"]!;
        Assert.Equal("[1,null,null]", data[0]!["y"]!.ToJsonString());
        Assert.Equal("[[null,1],[2,null]]", data[1]!["z"]!.ToJsonString());
        Assert.Null(data[1]!["zmin"]);
    }

    [Fact]
    public void Ecg_strip_has_the_signal_and_one_marker_trace_per_class_in_AAMI_order()
    {
        var (signal, beats) = SampleCharts.SyntheticStrip();
        var data = Data(EcgCharts.EcgStrip(signal, SampleCharts.SamplingHz, beats));

        var classes = beats.Select(b => b.AamiClass).Distinct().Count();
        Assert.Equal(1 + 2 * classes, data.Count);
        Assert.Equal(signal.Length, data[0]!["y"]!.AsArray().Count);
        var markers = data.Skip(1).Take(classes).ToList();
        var labels = data.Skip(1 + classes).ToList();
        Assert.Equal(["N", "S", "V", "F"], markers.Select(t => (string)t!["legendgroup"]!));
        Assert.Equal(["N", "S", "V", "F"], labels.Select(t => (string)t!["legendgroup"]!));
        Assert.All(labels, t => Assert.False((bool)t!["showlegend"]!));
        var v = markers.Single(t => (string?)t!["legendgroup"] == "V")!;
        var vBeat = beats.Single(b => b.AamiClass == "V");
        Assert.Equal(vBeat.Sample / SampleCharts.SamplingHz, (double)v["x"]![0]!, 6); // times are kept to the µs
        Assert.Equal(signal[vBeat.Sample], (double)v["y"]![0]!, 9);
        Assert.Equal("markers", (string?)v["mode"]);
        Assert.Equal(ChartColors.For("V", 0), (string?)v["marker"]!["color"]);
        var vLabel = labels.Single(t => (string?)t!["legendgroup"] == "V")!;
        Assert.Equal("text", (string?)vLabel["mode"]);
        Assert.Equal("V", (string?)vLabel["text"]![0]);
        Assert.True((double)vLabel["y"]![0]! > signal.Max(), "labels sit above the trace");
    }

    [Fact]
    public void Ecg_strip_rejects_a_beat_outside_the_signal()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            EcgCharts.EcgStrip(new double[100], 360, [new BeatMark(100, "N")]));
        Assert.Contains("sample 100", e.Message);
    }

    [Fact]
    public void Confusion_matrix_is_a_heatmap_with_row_shares_and_counts_as_text()
    {
        var counts = new long[,] { { 90, 10, 0 }, { 5, 15, 0 }, { 0, 0, 0 } };
        var trace = Data(EcgCharts.ConfusionMatrix(counts, ["N", "S", "V"]))!.Single()!;

        Assert.Equal("heatmap", (string?)trace["type"]);
        var z = trace["z"]!.AsArray();
        Assert.Equal(3, z.Count);
        Assert.All(z, row => Assert.Equal(3, row!.AsArray().Count));
        Assert.Equal(0.9, (double)z[0]![0]!, 12);
        Assert.Equal(0.75, (double)z[1]![1]!, 12);
        Assert.Null(z[2]![0]); // a class with no beats has no shares
        Assert.Equal("90<br>90.0%", (string?)trace["text"]![0]![0]);
        Assert.Equal("0<br>–", (string?)trace["text"]![2]![2]);
        Assert.Equal("%{text}", (string?)trace["texttemplate"]);
        Assert.Equal(["N", "S", "V"], trace["x"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public void Confusion_matrix_rejects_mismatched_shapes()
    {
        Assert.Throws<ArgumentException>(() => EcgCharts.ConfusionMatrix(new long[2, 3], ["a", "b"]));
        Assert.Throws<ArgumentException>(() => EcgCharts.ConfusionMatrix(new long[2, 2], ["a", "b", "c"]));
    }

    [Fact]
    public void Ablation_bars_are_grouped_with_data_error_bars()
    {
        var f = EcgCharts.AblationBars(["Acc", "F1"], [new BarSeries("a", [0.9, 0.6], [0.01, 0.02]), new BarSeries("b", [0.92, double.NaN])]);
        var json = Parse(f);
        var data = json["data"]!.AsArray();

        Assert.Equal("group", (string?)json["layout"]!["barmode"]);
        Assert.Equal(2, data.Count);
        Assert.All(data, t => Assert.Equal("bar", (string?)t!["type"]));
        var err = data[0]!["error_y"]!;
        Assert.Equal("data", (string?)err["type"]);
        Assert.True((bool)err["visible"]!);
        Assert.Equal("[0.01,0.02]", err["array"]!.ToJsonString());
        Assert.Null(data[1]!["error_y"]);
        Assert.Equal("[0.92,null]", data[1]!["y"]!.ToJsonString());
        Assert.Throws<ArgumentException>(() => EcgCharts.AblationBars(["Acc"], [new BarSeries("a", [0.9, 0.6])]));
    }

    [Fact]
    public void Features_get_one_subplot_each_and_each_class_one_legend_entry()
    {
        var features = SampleCharts.RrFeatures();
        foreach (var f in new[] { EcgCharts.RrViolins(features), EcgCharts.RrHistograms(features) })
        {
            var json = Parse(f);
            var data = json["data"]!.AsArray();
            Assert.Equal(features.Sum(x => x.ByClass.Count), data.Count);
            Assert.Equal(features.Count, data.Select(t => (string?)t!["xaxis"]).Distinct().Count());
            Assert.Equal(4, data.Count(t => (bool)t!["showlegend"]!));
            Assert.Equal(2, (int)json["layout"]!["grid"]!["rows"]!);
            Assert.NotNull(json["layout"]!["yaxis4"]);
        }
        var violin = Data(EcgCharts.RrViolins(features))[0]!;
        Assert.Equal("violin", (string?)violin["type"]);
        Assert.False((bool)violin["points"]!);
        Assert.True((bool)violin["box"]!["visible"]!);
        var hist = Parse(EcgCharts.RrHistograms(features));
        Assert.Equal("overlay", (string?)hist["layout"]!["barmode"]);
        var bins = hist["data"]!.AsArray().Where(t => (string?)t!["xaxis"] == "x").Select(t => t!["xbins"]!.ToJsonString()).Distinct();
        Assert.Single(bins); // classes of one feature share their bins
    }

    [Fact]
    public void Training_curves_put_each_metric_in_its_own_subplot_with_gaps_for_NaN()
    {
        var f = EcgCharts.TrainingCurves(
        [
            new TrainingCurve("r1", "loss", [1.0, 0.5, 0.25]),
            new TrainingCurve("r1", "F1", [0.1, double.NaN, 0.6]),
            new TrainingCurve("r2", "loss", [1.1, 0.6, 0.3], [2, 4, 6]),
        ]);
        var data = Data(f);

        Assert.Equal(3, data.Count);
        Assert.Equal(["x", "x2", "x"], data.Select(t => (string)t!["xaxis"]!));
        Assert.Equal("[0.1,null,0.6]", data[1]!["y"]!.ToJsonString());
        Assert.Equal("[1,2,3]", data[0]!["x"]!.ToJsonString());
        Assert.Equal("[2,4,6]", data[2]!["x"]!.ToJsonString());
        Assert.Equal([true, false, true], data.Select(t => (bool)t!["showlegend"]!));
        Assert.Equal("F1", (string?)Parse(f)["layout"]!["yaxis2"]!["title"]!["text"]);
    }

    [Fact]
    public void Training_curves_keep_their_legend_beside_the_plots_clear_of_the_title()
    {
        var f = EcgCharts.TrainingCurves(
            [.. Enumerable.Range(0, 6).Select(i => new TrainingCurve($"ResUNet row {i} (a long label as in the report)", "loss", [1.0, 0.5]))],
            "Table 3: training (mean over seeds per epoch)", columns: 2);
        var legend = Parse(f)["layout"]!["legend"]!;

        Assert.NotEqual("h", (string?)legend["orientation"]);
        Assert.True((double)legend["x"]! >= 1, "the legend starts right of the plot area");
        Assert.Equal("left", (string?)legend["xanchor"]);
        Assert.True((double)legend["y"]! <= 1, "the legend's top is not above the plot area, where the title is");
        Assert.Equal("top", (string?)legend["yanchor"]);
    }

    [Fact]
    public void Attention_heatmap_has_rows_by_time_and_the_beat_on_an_overlaid_axis()
    {
        var w = new double[3, 5];
        w[1, 2] = 1;
        var f = EcgCharts.AttentionHeatmap(w, [0, 0.1, 0.2, 0.3, 0.4], ["a", "b", "c"],
            new BeatOverlay([0, 0.2, 0.4], [0, 1, 0]));
        var json = Parse(f);
        var data = json["data"]!.AsArray();

        Assert.Equal(2, data.Count);
        var z = data[0]!["z"]!.AsArray();
        Assert.Equal(3, z.Count);
        Assert.Equal(5, z[0]!.AsArray().Count);
        Assert.Equal(1.0, (double)z[1]![2]!);
        Assert.Equal("y2", (string?)data[1]!["yaxis"]);
        Assert.Equal("y", (string?)json["layout"]!["yaxis2"]!["overlaying"]);
        Assert.Single(Data(EcgCharts.AttentionHeatmap(w, [0, 0.1, 0.2, 0.3, 0.4])));
        Assert.Throws<ArgumentException>(() => EcgCharts.AttentionHeatmap(w, [0, 1]));
    }

    [Fact]
    public void Roc_has_a_chance_diagonal_and_areas_in_the_legend_PR_does_not()
    {
        var curves = new[] { new CurvePoints("V", [0, 0.1, 1], [0, 0.9, 1], 0.95) };
        var roc = Data(EcgCharts.RocCurves(curves));
        var pr = Data(EcgCharts.PrecisionRecallCurves(curves));

        Assert.Equal(2, roc.Count);
        Assert.Equal("V (AUC 0.950)", (string?)roc[0]!["name"]);
        Assert.Equal("dash", (string?)roc[1]!["line"]!["dash"]);
        Assert.Single(pr);
        Assert.Equal("V (AP 0.950)", (string?)pr[0]!["name"]);
    }

    [Fact]
    public void Titles_are_html_escaped_in_pages_and_cannot_close_the_script()
    {
        const string evil = "</script><script>alert(1)</script> & <b>";
        var f = new PlotlyFigure([], new PlotlyLayout { Title = evil });

        var fragment = f.ToHtml("chart1");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(fragment, "</script>"));
        Assert.DoesNotContain("<script>alert", fragment);
        Assert.Equal(evil, (string?)JsonNode.Parse(f.ToJson())!["layout"]!["title"]!["text"]); // the text itself survives

        var page = PlotlyHtml.Page(evil, "");
        Assert.Contains("<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;</title>", page);
        Assert.DoesNotContain("<script>alert", page);
    }

    [Fact]
    public void Float_arrays_are_written_as_their_shortest_text()
    {
        var f = new PlotlyFigure([new ScatterTrace { Y = new[] { 0.1f, float.NaN, 1e-7f } }]);
        Assert.Equal("[0.1,null,1E-07]", JsonNode.Parse(f.ToJson())!["data"]![0]!["y"]!.ToJsonString());
    }

    [Fact]
    public void Text_form_is_a_short_summary()
    {
        var f = EcgCharts.RocCurves([new CurvePoints("V", [0, 1], [0, 1]), new CurvePoints("S", [0, 1], [0, 1])], "ROC");
        Assert.Equal("PlotlyFigure \"ROC\": 3 traces (3 scatter)", f.ToString());
        Assert.Equal("PlotlyFigure: 0 traces ()", new PlotlyFigure().ToString());
    }

    [Fact]
    public void Div_ids_must_be_plain_identifiers()
    {
        Assert.Contains("id=\"my-chart_1\"", new PlotlyFigure().ToHtml("my-chart_1"));
        Assert.Throws<ArgumentException>(() => new PlotlyFigure().ToHtml("a\" onload=\"x"));
        Assert.NotEqual(new PlotlyFigure().ToHtml(), new PlotlyFigure().ToHtml()); // fresh ids
    }

    [Fact]
    public void Layout_axes_beyond_the_first_are_written_under_their_plotly_names()
    {
        var layout = new PlotlyLayout().SetAxis("xaxis", new PlotlyAxis { Title = "a" }).SetAxis("yaxis3", new PlotlyAxis { Title = "c" });
        var json = JsonNode.Parse(JsonSerializer.Serialize(layout, PlotlyJson.Options))!;

        Assert.Equal("a", (string?)json["xaxis"]!["title"]!["text"]);
        Assert.Equal("c", (string?)json["yaxis3"]!["title"]!["text"]);
        Assert.Throws<ArgumentException>(() => layout.SetAxis("zaxis", new PlotlyAxis()));
        Assert.Throws<ArgumentException>(() => layout.SetAxis("xaxis1", new PlotlyAxis()));
    }

    [Fact]
    public void Saved_figure_files_are_complete_json_and_leave_no_temp_files()
    {
        var dir = Directory.CreateTempSubdirectory("ecg-fig-").FullName;
        try
        {
            var path = Path.Combine(dir, "figures", "cm" + PlotlyFigure.FileSuffix);
            var f = EcgCharts.ConfusionMatrix(SampleCharts.Confusion, ["N", "S", "V", "F", "Q"]);
            f.SaveJson(path);
            f.SaveJson(path); // overwrite

            Assert.Equal(JsonNode.Parse(f.ToJson())!.ToJsonString(), JsonNode.Parse(File.ReadAllText(path))!.ToJsonString());
            Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
        }
        finally { Directory.Delete(dir, true); }
    }
}
