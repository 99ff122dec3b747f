using System.Globalization;

namespace EcgNotebooks.Data;

/// <summary>One signal line of a WFDB header.</summary>
public sealed record WfdbSignalSpec(
    string FileName,
    int Format,
    int SamplesPerFrame,
    int Skew,
    long ByteOffset,
    double Gain,
    int Baseline,
    string Units,
    int AdcResolution,
    int AdcZero,
    int? InitialValue,
    int? Checksum,
    int BlockSize,
    string Description)
{
    /// <summary>Physical value of one ADC sample: (adc − baseline) / gain.</summary>
    public double ToPhysical(int adc) => (adc - Baseline) / Gain;

    /// <summary>
    /// False when the header's gain is 0: WFDB's mark of an uncalibrated signal (physical units unknown). <see cref="Gain"/>
    /// then holds WFDB's default of 200 ADC units per unit, as the WFDB library converts such samples; callers that need
    /// real units (the beat builder's millivolts) must refuse the signal.
    /// </summary>
    public bool Calibrated { get; init; } = true;

    /// <summary>The signal's line in its header file (1-based), for error messages; 0 when unknown.</summary>
    public int Line { get; init; }
}

/// <summary>Age and sex from a header comment; either may be unknown.</summary>
public enum Sex { Male, Female }

/// <summary>
/// A parsed WFDB header (.hea): the record line, one <see cref="WfdbSignalSpec"/> per signal and
/// the comment lines. Grammar: https://physionet.org/physiotools/wag/header-5.htm
/// </summary>
public sealed record WfdbHeader(
    string RecordName,
    int SignalCount,
    double SamplingFrequency,
    long SampleCount,
    string? BaseTime,
    string? BaseDate,
    IReadOnlyList<WfdbSignalSpec> Signals,
    IReadOnlyList<string> Comments)
{
    /// <summary>Age from the first comment (MIT-BIH: "# 69 M 1085 1629 x1"; LUDB: "#&lt;age&gt;: 51"); null if unknown.</summary>
    public int? Age => PatientInfo.age;

    /// <summary>Sex from the first comment (MIT-BIH) or the "&lt;sex&gt;:" comment (LUDB); null if unknown.</summary>
    public Sex? Sex => PatientInfo.sex;

    private (int? age, Sex? sex) PatientInfo
    {
        get
        {
            int? age = null; Sex? sex = null;
            foreach (var c in Comments)
            {
                var t = c.Trim();
                if (t.StartsWith("<age>:", StringComparison.Ordinal)) age = ParseAge(t[6..].Trim());
                else if (t.StartsWith("<sex>:", StringComparison.Ordinal)) sex = ParseSex(t[6..].Trim());
            }
            if (age is null && sex is null && Comments.Count > 0)
            {
                // MIT-BIH: first comment is "<age> <sex> ..." with -1 / ? for unknown.
                var parts = Comments[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 2) { age = ParseAge(parts[0]); sex = ParseSex(parts[1]); }
            }
            return (age, sex);
        }
    }

    private static int? ParseAge(string s) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var a) && a >= 0 && a < 150 ? a : null;

    private static Sex? ParseSex(string s) => s switch
    {
        "M" or "m" => Data.Sex.Male,
        "F" or "f" => Data.Sex.Female,
        _ => null,
    };

    /// <summary>The header file this was read from (as given to <see cref="Parse"/>), for error messages.</summary>
    public string SourcePath { get; init; } = "";

    /// <summary>
    /// Longest header line accepted, without its line end. The WFDB library reads header lines into 256-byte buffers, so a
    /// longer line is not a header WFDB software can read; a megabyte-long "line" is damage, not data.
    /// </summary>
    public const int MaxLineLength = 255;

    /// <summary>Largest header file read (4096 signal lines of 255 characters fit); a bigger one is refused before it is read.</summary>
    public const long MaxFileBytes = 1 << 20;

    /// <summary>Index of the signal whose description is <paramref name="lead"/> (exact, case-insensitive), or -1.</summary>
    public int IndexOfLead(string lead)
    {
        for (int i = 0; i < Signals.Count; i++)
            if (string.Equals(Signals[i].Description, lead, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>Signal <paramref name="index"/> for a caller that needs physical units; an uncalibrated one (gain 0) is refused.</summary>
    public WfdbSignalSpec CalibratedSignal(int index) =>
        Signals[index] is { Calibrated: true } spec ? spec : throw new UncalibratedSignalException(SourcePath, Signals[index].Line, Signals[index].Description);

    public static WfdbHeader Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new DataFileMissingException(path, "header file");
        if (info.Length > MaxFileBytes)
            throw new MalformedHeaderException(path, 1, $"the file is {info.Length:N0} bytes; a WFDB header is text of at most {MaxFileBytes:N0} bytes");
        return Parse(File.ReadAllText(path), path);
    }

    public static WfdbHeader Read(Stream stream, string nameForErrors)
    {
        using var reader = new StreamReader(stream, leaveOpen: true);
        return Parse(reader.ReadToEnd(), nameForErrors);
    }

    /// <summary>Parses header text; <paramref name="path"/> is only used in error messages.</summary>
    public static WfdbHeader Parse(string text, string path)
    {
        var lines = text.Split('\n');
        var comments = new List<string>();
        var signals = new List<WfdbSignalSpec>();
        string? name = null; int nsig = 0; double fs = 250; long nsamp = 0; string? baseTime = null, baseDate = null;
        int recordLine = 0;
        for (int li = 0; li < lines.Length; li++)
        {
            int lineNo = li + 1;
            var line = lines[li].TrimEnd('\r');
            if (line.Length > MaxLineLength)
                throw new MalformedHeaderException(path, lineNo, $"{line.Length:N0} characters; a WFDB header line holds at most {MaxLineLength}");
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith('#'))
            {
                // Comments before the record line are allowed but carry no patient facts by convention.
                if (name is not null) comments.Add(trimmed[1..].Trim());
                continue;
            }
            if (trimmed.Length == 0) continue;
            var f = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (name is null)
            {
                recordLine = lineNo;
                (name, nsig, fs, nsamp, baseTime, baseDate) = ParseRecordLine(f, path, lineNo);
                continue;
            }
            if (signals.Count >= nsig)
                throw new MalformedHeaderException(path, lineNo, $"more signal lines than the {nsig} the record line declares");
            signals.Add(ParseSignalLine(f, trimmed, path, lineNo));
        }
        if (name is null) throw new MalformedHeaderException(path, 1, "no record line");
        if (signals.Count != nsig)
            throw new MalformedHeaderException(path, recordLine, $"record line declares {nsig} signals, found {signals.Count} signal lines");
        return new WfdbHeader(name, nsig, fs, nsamp, baseTime, baseDate, signals, comments) { SourcePath = path };
    }

    private static (string, int, double, long, string?, string?) ParseRecordLine(string[] f, string path, int lineNo)
    {
        if (f.Length < 2) throw new MalformedHeaderException(path, lineNo, "record line needs at least a name and a signal count");
        // "name/n": a multi-segment record, whose following lines name segments, not signals.
        if (f[0].Contains('/'))
            throw new UnsupportedSignalFormatException(path, lineNo, $"'{f[0]}' is a multi-segment record; multi-segment records are not supported");
        var name = f[0];
        if (!int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var nsig) || nsig > 4096)
            throw new MalformedHeaderException(path, lineNo, $"signal count '{f[1]}' is not a non-negative integer");
        double fs = 250;
        if (f.Length > 2)
        {
            var fsText = f[2];
            int cut = fsText.IndexOfAny(['/', '(']);
            if (cut >= 0) fsText = fsText[..cut];
            if (!double.TryParse(fsText, NumberStyles.Float, CultureInfo.InvariantCulture, out fs) || !(fs > 0) || double.IsInfinity(fs))
                throw new MalformedHeaderException(path, lineNo, $"sampling frequency '{f[2]}' is not a positive number");
        }
        long nsamp = 0;
        if (f.Length > 3 && (!long.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out nsamp)))
            throw new MalformedHeaderException(path, lineNo, $"sample count '{f[3]}' is not a non-negative integer");
        return (name, nsig, fs, nsamp, f.Length > 4 ? f[4] : null, f.Length > 5 ? f[5] : null);
    }

    /// <summary>WFDB's default ADC gain (units per physical unit), used when a header gives none or 0.</summary>
    public const double DefaultGain = 200;

    /// <summary>
    /// Whether a signal file name from a header stays in the record's folder: relative, without a drive and without a ".."
    /// part. Anything else (/etc/passwd, ../../x, C:\x) would let a header choose which file on the machine is opened.
    /// </summary>
    public static bool IsInsideRecordFolder(string fileName) =>
        fileName.Length > 0 && !Path.IsPathRooted(fileName) && fileName.IndexOf(':') < 0 &&
        !fileName.Split('/', '\\').Contains("..");

    private static WfdbSignalSpec ParseSignalLine(string[] f, string line, string path, int lineNo)
    {
        if (f.Length < 2) throw new MalformedHeaderException(path, lineNo, "signal line needs a file name and a format");
        var file = f[0];
        if (!IsInsideRecordFolder(file))
            throw new MalformedHeaderException(path, lineNo, $"signal file '{file}' is not a file name inside the record's folder");
        // format[xspf][:skew][+offset]
        var fmtText = f[1];
        long offset = 0; int skew = 0, spf = 1;
        int plus = fmtText.IndexOf('+');
        if (plus >= 0) { offset = ParseLong(fmtText[(plus + 1)..], "byte offset"); fmtText = fmtText[..plus]; }
        if (offset < 0) throw new MalformedHeaderException(path, lineNo, $"byte offset {offset} is negative");
        int colon = fmtText.IndexOf(':');
        if (colon >= 0) { skew = (int)ParseLong(fmtText[(colon + 1)..], "skew"); fmtText = fmtText[..colon]; }
        int x = fmtText.IndexOf('x');
        if (x >= 0) { spf = (int)ParseLong(fmtText[(x + 1)..], "samples per frame"); fmtText = fmtText[..x]; }
        int format = (int)ParseLong(fmtText, "format");

        double gain = DefaultGain; int? baseline = null; string units = "mV";
        if (f.Length > 2)
        {
            var g = f[2];
            int slash = g.IndexOf('/');
            if (slash >= 0) { units = g[(slash + 1)..]; g = g[..slash]; }
            int paren = g.IndexOf('(');
            if (paren >= 0)
            {
                int close = g.IndexOf(')', paren);
                if (close < 0) throw new MalformedHeaderException(path, lineNo, $"gain '{f[2]}' has an unclosed baseline");
                baseline = (int)ParseLong(g[(paren + 1)..close], "baseline");
                g = g[..paren];
            }
            if (!double.TryParse(g, NumberStyles.Float, CultureInfo.InvariantCulture, out gain) || double.IsNaN(gain) || double.IsInfinity(gain))
                throw new MalformedHeaderException(path, lineNo, $"gain '{f[2]}' is not a number");
        }
        // WFDB (header(5), siginfo): a gain of 0 means the signal is uncalibrated; its samples convert with the default 200.
        bool calibrated = gain != 0;
        if (!calibrated) gain = DefaultGain;
        int adcRes = f.Length > 3 ? (int)ParseLong(f[3], "ADC resolution") : 0;
        int adcZero = f.Length > 4 ? (int)ParseLong(f[4], "ADC zero") : 0;
        int? init = f.Length > 5 ? (int)ParseLong(f[5], "initial value") : null;
        int? checksum = f.Length > 6 ? (int)ParseLong(f[6], "checksum") : null;
        int block = f.Length > 7 ? (int)ParseLong(f[7], "block size") : 0;
        // The description is the rest of the line and may contain spaces.
        string description = "";
        if (f.Length > 8)
        {
            int pos = 0;
            for (int i = 0; i < 8; i++) { pos = line.IndexOf(f[i], pos, StringComparison.Ordinal) + f[i].Length; }
            description = line[pos..].Trim();
        }
        return new WfdbSignalSpec(file, format, spf, skew, offset, gain, baseline ?? adcZero, units, adcRes, adcZero,
            init, checksum, block, description) { Calibrated = calibrated, Line = lineNo };

        long ParseLong(string s, string what) =>
            long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v is >= int.MinValue and <= int.MaxValue
                ? v
                : throw new MalformedHeaderException(path, lineNo, $"{what} '{s}' is not an integer");
    }
}
