namespace EcgNotebooks.Notebooks;

/// <summary>
/// The globals every C# cell sees, named as in Polyglot Notebooks so a notebook runs unchanged in both:
/// <c>display(value, mimeTypes)</c> and <c>HTML(text)</c>. Console output is captured per cell by the runner.
/// </summary>
public sealed class NotebookGlobals
{
    private int _displayCount;

    internal ExecutedCell? CurrentCell { get; set; }

    /// <summary>Shows a value now (not only at the end of the cell); the handle updates it in place later.</summary>
    /// <param name="mimeTypes">Restrict to these MIME types, e.g. <c>"text/html"</c> to show a string as HTML.</param>
    public DisplayedValue display(object? value, params string[] mimeTypes)
    {
        var cell = CurrentCell ?? throw new InvalidOperationException("display() was called outside a running cell.");
        var output = new DisplayDataOutput($"display-{Interlocked.Increment(ref _displayCount)}") { Data = ValueFormatter.Format(value, mimeTypes) };
        cell.Add(output);
        return new DisplayedValue(output, mimeTypes);
    }

    /// <summary>Raw HTML that displays as text/html (as a return value or through <c>display</c>).</summary>
    public HtmlContent HTML(string html) => new(html);
}

/// <summary>What <c>display(...)</c> returns: <c>Update</c> replaces the shown value where it was displayed.</summary>
public sealed class DisplayedValue
{
    private readonly DisplayDataOutput _output;
    private readonly string[] _mimeTypes;

    internal DisplayedValue(DisplayDataOutput output, string[] mimeTypes)
    {
        _output = output;
        _mimeTypes = mimeTypes;
    }

    public string DisplayId => _output.DisplayId;

    public void Update(object? value) => _output.Data = ValueFormatter.Format(value, _mimeTypes);
}
