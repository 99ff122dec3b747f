namespace EcgNotebooks.Data;

/// <summary>
/// Where MIT-BIH-style records come from: a WFDB folder (<see cref="WfdbDirectorySource"/>) or a
/// single-file pack (<see cref="MitBihPack"/>). Samples are raw ADC values, already verified
/// against the header's initial value and checksum.
/// </summary>
public interface IRecordSource
{
    /// <summary>Human-readable location, used in messages.</summary>
    string Location { get; }

    /// <summary>The records this source holds.</summary>
    IReadOnlyList<string> Records { get; }

    WfdbHeader ReadHeader(string record);

    /// <summary>Raw ADC samples of the signals named <paramref name="leads"/> (matched by description, e.g. "MLII").</summary>
    short[][] ReadLeads(string record, IReadOnlyList<string> leads);

    /// <summary>The reference annotations ("atr").</summary>
    Annotation[] ReadAnnotations(string record);

    /// <summary>A short string that changes whenever a record's files change (for cache keys).</summary>
    string Fingerprint(string record);
}

/// <summary>Records stored as WFDB files (.hea, .dat, .atr) in one folder.</summary>
public sealed class WfdbDirectorySource : IRecordSource
{
    public string Location { get; }
    public IReadOnlyList<string> Records { get; }

    public WfdbDirectorySource(string directory)
    {
        if (!Directory.Exists(directory)) throw new DataFileMissingException(directory, "record folder");
        Location = Path.GetFullPath(directory);
        var list = Path.Combine(directory, "RECORDS");
        Records = File.Exists(list)
            ? File.ReadAllLines(list).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray()
            : Directory.GetFiles(directory, "*.hea").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal).ToArray();
    }

    private string PathOf(string record, string ext) => Path.Combine(Location, record + ext);

    public WfdbHeader ReadHeader(string record) => WfdbHeader.Read(PathOf(record, ".hea"));

    public short[][] ReadLeads(string record, IReadOnlyList<string> leads)
    {
        var header = ReadHeader(record);
        var idx = leads.Select(l => header.IndexOfLead(l) is var i && i >= 0
            ? i
            : throw new LeadNotFoundException(PathOf(record, ".hea"), l, header.Signals.Select(s => s.Description))).ToArray();
        return WfdbSignalReader.Read(header, Location, idx);
    }

    public Annotation[] ReadAnnotations(string record) => WfdbAnnotationReader.Read(PathOf(record, ".atr"));

    public string Fingerprint(string record) => string.Join(",", new[] { ".hea", ".dat", ".atr" }.Select(e =>
    {
        var f = new FileInfo(PathOf(record, e));
        return f.Exists ? $"{f.Length}@{f.LastWriteTimeUtc.Ticks}" : "-";
    }));
}
