using System.Text;

namespace EcgNotebooks.Notebooks;

/// <summary>The files written for one run: <c>&lt;name&gt;.ipynb</c> and <c>&lt;name&gt;.html</c> in the output folder.</summary>
public sealed record NotebookOutputs(string IpynbPath, string HtmlPath)
{
    public static NotebookOutputs For(string notebookPath, string outputDirectory)
    {
        var name = Path.GetFileNameWithoutExtension(notebookPath);
        return new NotebookOutputs(Path.Combine(outputDirectory, name + ".ipynb"), Path.Combine(outputDirectory, name + ".html"));
    }

    /// <summary>Writes both files atomically (whatever ran, also after a failure) and returns their paths.</summary>
    public static NotebookOutputs Save(NotebookRun run, string outputDirectory)
    {
        var outputs = For(run.NotebookPath, Path.GetFullPath(outputDirectory));
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        AtomicFile.WriteAllText(outputs.IpynbPath, IpynbWriter.Write(run), utf8);
        AtomicFile.WriteAllText(outputs.HtmlPath, HtmlWriter.Write(run), utf8);
        return outputs;
    }
}
