using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace EcgNotebooks.Charts;

/// <summary>
/// The one place that decides how figures become JSON: plotly.js attribute names are spelled on
/// the model with <see cref="JsonPropertyNameAttribute"/>, unset attributes are left out (so plotly
/// keeps its defaults), and non-finite numbers become <c>null</c> (plotly's "no value"; JSON has no NaN).
/// </summary>
public static class PlotlyJson
{
    /// <summary>For files: readable, and safe to embed in a &lt;script&gt; (the default encoder
    /// escapes &lt; &gt; &amp; so no "&lt;/script&gt;" can appear in the text).</summary>
    public static readonly JsonSerializerOptions Options = Create(indented: false);

    internal static readonly JsonSerializerOptions IndentedOptions = Create(indented: true);

    static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = indented,
            Encoder = JavaScriptEncoder.Default,
            NumberHandling = JsonNumberHandling.Strict,
        };
        options.Converters.Add(new FiniteDoubleConverter());
        options.Converters.Add(new NullableFiniteDoubleConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Re-serialises any JSON (for example a figure file read from disk) with the
    /// script-safe encoder, so it can be placed inside a &lt;script&gt; element.</summary>
    public static string ScriptSafe(JsonNode node) => node.ToJsonString(Options);

    sealed class FiniteDoubleConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteNullValue();
        }
    }

    sealed class NullableFiniteDoubleConverter : JsonConverter<double?>
    {
        public override bool HandleNull => true;

        public override double? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? null : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double? value, JsonSerializerOptions options)
        {
            if (value is { } v && double.IsFinite(v)) writer.WriteNumberValue(v);
            else writer.WriteNullValue();
        }
    }
}

/// <summary>
/// A data array of a trace (x, y, text): numbers or category labels, as plotly.js accepts both.
/// Converts implicitly from <c>double[]</c>, <c>float[]</c>, <c>int[]</c>, <c>long[]</c> and <c>string[]</c>.
/// </summary>
[JsonConverter(typeof(PlotlyArrayConverter))]
public sealed class PlotlyArray
{
    readonly double[]? numbers;
    readonly string[]? labels;

    PlotlyArray(double[]? numbers, string[]? labels) => (this.numbers, this.labels) = (numbers, labels);

    public static PlotlyArray Of(IEnumerable<double> values) => new(values.ToArray(), null);
    public static PlotlyArray Of(IEnumerable<string> labels) => new(null, labels.ToArray());

    [return: NotNullIfNotNull(nameof(values))]
    public static implicit operator PlotlyArray?(double[]? values) => values is null ? null : new((double[])values.Clone(), null);
    [return: NotNullIfNotNull(nameof(values))]
    public static implicit operator PlotlyArray?(float[]? values) => values is null ? null : new(Array.ConvertAll(values, ShortestDouble), null);
    [return: NotNullIfNotNull(nameof(values))]
    public static implicit operator PlotlyArray?(int[]? values) => values is null ? null : new(Array.ConvertAll(values, v => (double)v), null);
    [return: NotNullIfNotNull(nameof(values))]
    public static implicit operator PlotlyArray?(long[]? values) => values is null ? null : new(Array.ConvertAll(values, v => (double)v), null);
    [return: NotNullIfNotNull(nameof(labels))]
    public static implicit operator PlotlyArray?(string[]? labels) => labels is null ? null : new(null, (string[])labels.Clone());

    // (double)0.1f is 0.10000000149011612: going through the float's shortest text keeps the JSON short and as written.
    static double ShortestDouble(float v) => double.Parse(v.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public int Count => numbers?.Length ?? labels!.Length;
    public bool IsNumeric => numbers is not null;
    public IReadOnlyList<double>? Numbers => numbers;
    public IReadOnlyList<string>? Labels => labels;

    sealed class PlotlyArrayConverter : JsonConverter<PlotlyArray>
    {
        public override PlotlyArray Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Figures are written, not read back into the typed model; read figure files as JSON (PlotlyFigureFile).");

        public override void Write(Utf8JsonWriter writer, PlotlyArray value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            if (value.numbers is { } n)
                foreach (var v in n)
                {
                    if (double.IsFinite(v)) writer.WriteNumberValue(v);
                    else writer.WriteNullValue();
                }
            else
                foreach (var s in value.labels!) writer.WriteStringValue(s);
            writer.WriteEndArray();
        }
    }
}
