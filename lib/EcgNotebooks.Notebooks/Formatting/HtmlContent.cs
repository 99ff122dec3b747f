namespace EcgNotebooks.Notebooks;

/// <summary>Text that displays as raw text/html, what the <c>HTML(...)</c> global returns.</summary>
public sealed record HtmlContent(string Html)
{
    public override string ToString() => Html;
}
