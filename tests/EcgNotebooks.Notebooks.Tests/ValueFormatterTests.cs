using EcgNotebooks.Notebooks;

namespace EcgNotebooks.Notebooks.Tests;

public class ValueFormatterTests
{
    [Fact]
    public void TypeFormatterSource_convention_gives_html_first_and_the_formatters_plain_text()
    {
        var bundle = ValueFormatter.Format(new TestChart("RR intervals"));

        Assert.Equal(["text/html", "text/plain"], bundle.Select(kv => kv.Key));
        Assert.Equal("<div class=\"chart\">RR intervals</div>", bundle["text/html"]);
        Assert.Equal("Chart: RR intervals", bundle["text/plain"]);
    }

    [Fact]
    public void The_attribute_on_a_base_type_applies()
    {
        Assert.Equal("<div class=\"chart\">derived</div>", ValueFormatter.Format(new DerivedTestChart("derived"))["text/html"]);
    }

    [Fact]
    public void A_static_factory_works_and_a_declining_formatter_falls_back_to_ToString()
    {
        Assert.Equal("<meter value=\"0.5\"></meter>", ValueFormatter.Format(new Gauge(0.5))["text/html"]);

        var declined = ValueFormatter.Format(new Gauge(-1));
        Assert.Equal(["text/plain"], declined.Select(kv => kv.Key));
        Assert.Equal("Gauge { Value = -1 }", declined["text/plain"]);
    }

    [Theory]
    [InlineData(42, "42")]
    [InlineData(0.25, "0.25")]
    [InlineData(true, "True")]
    [InlineData("<b>text</b>", "<b>text</b>")]
    [InlineData(null, "<null>")]
    public void Scalars_are_plain_text_only(object? value, string expected)
    {
        var bundle = ValueFormatter.Format(value);

        Assert.Equal([new KeyValuePair<string, string>("text/plain", expected)], bundle);
    }

    [Fact]
    public void Html_content_is_raw_html()
    {
        var bundle = ValueFormatter.Format(new HtmlContent("<i>x</i>"));

        Assert.Equal("<i>x</i>", bundle["text/html"]);
    }

    [Fact]
    public void Records_in_a_collection_become_an_html_table_with_a_plain_list()
    {
        var bundle = ValueFormatter.Format(new List<Measurement> { new("100", 2273, 0.99), new("101", 1865, 0.5) });

        var html = bundle["text/html"]!;
        Assert.StartsWith("<table>", html);
        Assert.Contains("<th>Record</th><th>Beats</th><th>Accuracy</th>", html);
        Assert.Contains("<td>0</td><td>100</td><td>2273</td><td>0.99</td>", html);
        Assert.Contains("<td>1</td><td>101</td><td>1865</td><td>0.5</td>", html);
        Assert.Equal("[Measurement { Record = 100, Beats = 2273, Accuracy = 0.99 }, Measurement { Record = 101, Beats = 1865, Accuracy = 0.5 }]", bundle["text/plain"]);
    }

    [Fact]
    public void Long_and_endless_sequences_are_cut()
    {
        var bundle = ValueFormatter.Format(Enumerable.Range(0, int.MaxValue));

        Assert.Equal(ValueFormatter.MaxRows, bundle["text/html"]!.Split("<tr><td>").Length - 1);
        Assert.EndsWith(", ...]", bundle["text/plain"]);
    }

    [Fact]
    public void Requested_mime_types_filter_the_bundle_and_strings_fill_them()
    {
        Assert.Equal([new KeyValuePair<string, string>("text/html", "<b>x</b>")], ValueFormatter.Format("<b>x</b>", "text/html"));
        Assert.Equal(["text/plain"], ValueFormatter.Format(new TestChart("t"), "text/plain").Select(kv => kv.Key));
    }
}
