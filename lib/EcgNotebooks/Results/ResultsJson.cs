using System.Text.Json;
using System.Text.Json.Serialization;

namespace EcgNotebooks.Results;

/// <summary>The one JSON setting for result files: indented camelCase, NaN/±Infinity written as strings.</summary>
public static class ResultsJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Reads <paramref name="path"/>, naming the file in the error when it is not valid JSON of <typeparamref name="T"/>.</summary>
    public static T ReadFile<T>(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options)
                   ?? throw new InvalidDataException($"{path}: the file holds JSON null, expected a {typeof(T).Name}.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid {typeof(T).Name} JSON file ({e.Message}).", e);
        }
    }
}
