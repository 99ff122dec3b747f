namespace EcgNotebooks.Notebooks.Scripting;

/// <summary><c>value.Display()</c>, the extension-method form of <c>display(value)</c> in Polyglot Notebooks. In a namespace of its own:
/// the runner imports it into every cell, and it should bring nothing else into scope.</summary>
public static class DisplayExtensions
{
    internal static NotebookGlobals? Current { get; set; }

    public static DisplayedValue Display(this object? value, params string[] mimeTypes) =>
        (Current ?? throw new InvalidOperationException("Display() was called outside a running notebook.")).display(value, mimeTypes);
}
