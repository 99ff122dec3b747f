using System.Text;

namespace EcgNotebooks.Notebooks;

/// <summary>The Console.Out / Console.Error of a running cell: appends to the cell's stream outputs, in order with its displays.</summary>
internal sealed class CellOutputWriter(ExecutedCell cell, string streamName) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;
    public override void Write(char value) => cell.AppendStream(streamName, value.ToString());
    public override void Write(string? value)
    {
        if (!string.IsNullOrEmpty(value)) cell.AppendStream(streamName, value);
    }
    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));
    public override void WriteLine(string? value) => Write(value + "\n");
    public override void WriteLine() => Write("\n");
}
