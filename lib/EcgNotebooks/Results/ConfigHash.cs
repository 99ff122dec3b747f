using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EcgNotebooks.Results;

/// <summary>
/// Stable identity of a training configuration: SHA-256 (lower-case hex) of its canonical JSON, which has
/// object keys sorted ordinally at every depth, no whitespace, numbers in one spelling (integers as integers, other
/// numbers as the shortest round-trip double), and the seed added as the top-level "seed".
/// Two configurations with the same hash are the same run and may be reused instead of retrained.
/// </summary>
public static class ConfigHash
{
    /// <summary>The configuration as a JSON object (any serialisable object, or a JsonObject) with the seed included.</summary>
    public static JsonObject WithSeed(object configuration, int seed)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var node = configuration as JsonNode ?? JsonSerializer.SerializeToNode(configuration, configuration.GetType(), ResultsJson.Options);
        if (node is not JsonObject obj)
            throw new ArgumentException($"A configuration must serialise to a JSON object, not {node?.GetValueKind()}.", nameof(configuration));
        var copy = (JsonObject)obj.DeepClone();
        copy["seed"] = seed;
        return copy;
    }

    public static string CanonicalJson(JsonNode? node)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            WriteCanonical(writer, node);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string Compute(JsonNode? canonicalSource) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson(canonicalSource))));

    public static string Compute(object configuration, int seed) => Compute(WithSeed(configuration, seed));

    /// <summary>The first 8 hex digits, used in run ids.</summary>
    public static string Short(string hash) => hash.Length <= 8 ? hash : hash[..8];

    private static void WriteCanonical(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteCanonical(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array) WriteCanonical(writer, item);
                writer.WriteEndArray();
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                // One spelling per number: 1e-4, 0.0001 and 1.0E-4 hash alike; integers stay exact.
                string text = value.ToJsonString();
                if (long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long integer))
                    writer.WriteNumberValue(integer);
                else
                    writer.WriteNumberValue(double.Parse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
