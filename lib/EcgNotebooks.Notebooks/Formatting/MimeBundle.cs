namespace EcgNotebooks.Notebooks;

/// <summary>One value in several representations, keyed by MIME type, in order of preference (richest first).</summary>
public sealed class MimeBundle : List<KeyValuePair<string, string>>
{
    public const string PlainText = "text/plain";
    public const string Html = "text/html";

    public string? this[string mimeType] => this.FirstOrDefault(kv => kv.Key == mimeType).Value;

    public bool Contains(string mimeType) => this.Any(kv => kv.Key == mimeType);

    public void Set(string mimeType, string content)
    {
        var index = FindIndex(kv => kv.Key == mimeType);
        if (index >= 0) this[index] = new(mimeType, content);
        else Add(new(mimeType, content));
    }
}
