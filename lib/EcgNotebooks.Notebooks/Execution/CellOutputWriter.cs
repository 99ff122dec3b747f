using System.Text;

namespace EcgNotebooks.Notebooks;

/// <summary>
/// Console.Out / Console.Error while a notebook runs: what is written goes to the stream outputs of the cell
/// running at that moment (in order with its displays), and to the real console between cells. Installed once per
/// notebook, so a writer a library cached from <c>Console.Out</c> in one cell (a progress display) still writes to
/// the cell that is running later, not to the first one.
/// </summary>
internal sealed class CellOutputWriter(string streamName, TextWriter console) : TextWriter
{
    private volatile ExecutedCell? _cell;

    public TextWriter RealConsole { get; } = console;

    public ExecutedCell? Cell { get => _cell; set => _cell = value; }

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Write(value.ToString());

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        if (_cell is { } cell) cell.AppendStream(streamName, value);
        else RealConsole.Write(value);
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void WriteLine(string? value) => Write(value + "\n");

    public override void WriteLine() => Write("\n");

    public override void Flush()
    {
        if (_cell is null) RealConsole.Flush();
    }
}
