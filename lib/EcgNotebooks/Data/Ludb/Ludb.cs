using System.Globalization;
using System.Text;

namespace EcgNotebooks.Data;

/// <summary>One delineated wave of LUDB: P, QRS ('N') or T, with onset, peak and offset samples.</summary>
public readonly record struct LudbWave(char Kind, long Onset, long Peak, long Offset);

/// <summary>A LUDB record: 12 leads at 500 Hz (10 s) in mV, and each lead's wave delineation.</summary>
public sealed record LudbRecord(int Id, WfdbHeader Header, IReadOnlyList<string> Leads, float[][] Signals,
    IReadOnlyDictionary<string, LudbWave[]> Waves)
{
    public double SampleRate => Header.SamplingFrequency;
    public int? Age => Header.Age;
    public Sex? Sex => Header.Sex;
}

/// <summary>The Lobachevsky University Electrocardiography Database (ludb 1.0.1).</summary>
public sealed class Ludb
{
    /// <summary>Lead names in file order; each is also the extension of that lead's annotation file.</summary>
    public static IReadOnlyList<string> LeadNames { get; } = ["i", "ii", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5", "v6"];

    public string Directory { get; }

    public Ludb(string directory)
    {
        if (!System.IO.Directory.Exists(directory)) throw new DataFileMissingException(directory, "LUDB folder");
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>LUDB under the configured data folder (<see cref="DataDirectory.Resolve"/>/ludb).</summary>
    public static Ludb Open(string? dataDirectory = null) => new(Path.Combine(dataDirectory ?? DataDirectory.Resolve(), "ludb"));

    public IReadOnlyList<int> RecordIds
    {
        get
        {
            var list = Path.Combine(Directory, "RECORDS");
            if (!File.Exists(list)) throw new DataFileMissingException(list, "LUDB RECORDS");
            return File.ReadAllLines(list).Select(l => l.Trim()).Where(l => l.Length > 0)
                .Select(l => int.Parse(Path.GetFileName(l), CultureInfo.InvariantCulture)).ToArray();
        }
    }

    public LudbRecord ReadRecord(int id)
    {
        var dataDir = Path.Combine(Directory, "data");
        var header = WfdbHeader.Read(Path.Combine(dataDir, $"{id}.hea"));
        var leads = header.Signals.Select(s => s.Description).ToArray();
        var raw = WfdbSignalReader.Read(header, dataDir, Enumerable.Range(0, header.SignalCount).ToArray());
        var signals = new float[raw.Length][];
        for (int s = 0; s < raw.Length; s++)
        {
            var spec = header.CalibratedSignal(s);
            signals[s] = new float[raw[s].Length];
            for (int i = 0; i < raw[s].Length; i++) signals[s][i] = (float)spec.ToPhysical(raw[s][i]);
        }
        var waves = new Dictionary<string, LudbWave[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var lead in leads)
        {
            var path = Path.Combine(dataDir, $"{id}.{lead.ToLowerInvariant()}");
            waves[lead] = ToWaves(WfdbAnnotationReader.Read(path), path);
        }
        return new LudbRecord(id, header, leads, signals, waves);
    }

    /// <summary>Groups "(" onset, peak symbol (p, N, t), ")" offset triples into waves.</summary>
    public static LudbWave[] ToWaves(IReadOnlyList<Annotation> annotations, string pathForErrors)
    {
        var waves = new List<LudbWave>();
        byte open = AnnotationCodes.Code("("), close = AnnotationCodes.Code(")");
        for (int i = 0; i < annotations.Count; i++)
        {
            var a = annotations[i];
            if (a.Code == open || a.Code == close) continue;
            // A peak normally sits between its onset and offset; either may be missing at the record edges.
            long onset = i > 0 && annotations[i - 1].Code == open ? annotations[i - 1].Sample : -1;
            long offset = i + 1 < annotations.Count && annotations[i + 1].Code == close ? annotations[i + 1].Sample : -1;
            var sym = a.Symbol;
            if (sym.Length != 1) throw new CorruptAnnotationException(pathForErrors, 0, $"unexpected wave symbol '{sym}' at sample {a.Sample}");
            waves.Add(new LudbWave(sym[0], onset, a.Sample, offset));
        }
        return waves.ToArray();
    }

    /// <summary>ludb.csv as a multi-label table.</summary>
    public LudbTable ReadTable() => LudbTable.Read(Path.Combine(Directory, "ludb.csv"));
}

/// <summary>One LUDB patient row: sex, age and the diagnoses of every diagnosis column.</summary>
public sealed record LudbPatient(int Id, Sex? Sex, int? Age, IReadOnlyList<string> Diagnoses);

/// <summary>
/// ludb.csv (sex, age, diagnoses in nine category columns; one cell may hold several diagnoses,
/// one per line) as patients plus a 0/1 target matrix [patients, labels] over every distinct diagnosis.
/// </summary>
public sealed class LudbTable
{
    public IReadOnlyList<LudbPatient> Patients { get; }
    /// <summary>Distinct diagnoses, ordered by category column then text.</summary>
    public IReadOnlyList<string> Labels { get; }
    /// <summary>Category column of each label.</summary>
    public IReadOnlyList<string> LabelCategories { get; }
    /// <summary>Row-major [Patients.Count, Labels.Count], 1 where the patient has the diagnosis.</summary>
    public float[] Targets { get; }

    private LudbTable(IReadOnlyList<LudbPatient> patients, IReadOnlyList<string> labels, IReadOnlyList<string> categories, float[] targets)
    {
        Patients = patients; Labels = labels; LabelCategories = categories; Targets = targets;
    }

    public static LudbTable Read(string path)
    {
        if (!File.Exists(path)) throw new DataFileMissingException(path, "ludb.csv");
        var rows = Csv.Parse(File.ReadAllText(path), path);
        if (rows.Count == 0 || rows[0].Count < 4 || rows[0][0] != "ID" || rows[0][1] != "Sex" || rows[0][2] != "Age")
            throw new MalformedHeaderException(path, 1, "expected the columns ID, Sex, Age, <diagnosis categories>...");
        var columns = rows[0];
        var patients = new List<LudbPatient>();
        var labelSet = new SortedSet<(int Column, string Text)>();
        var perPatient = new List<List<(int, string)>>();
        for (int r = 1; r < rows.Count; r++)
        {
            var row = rows[r];
            if (row.Count == 1 && row[0].Length == 0) continue;
            if (row.Count != columns.Count) throw new MalformedHeaderException(path, r + 1, $"record {r}: {row.Count} fields, header has {columns.Count}");
            if (!int.TryParse(row[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                throw new MalformedHeaderException(path, r + 1, $"record {r}: ID '{row[0]}' is not an integer");
            Sex? sex = row[1].Trim() switch { "M" => Sex.Male, "F" => Sex.Female, _ => null };
            int? age = int.TryParse(row[2].Trim().TrimEnd('>', '+'), NumberStyles.None, CultureInfo.InvariantCulture, out var a) ? a : null;
            var mine = new List<(int, string)>();
            for (int c = 3; c < columns.Count; c++)
                foreach (var d in row[c].Split('\n').Select(x => x.Trim()).Where(x => x.Length > 0))
                {
                    mine.Add((c, d));
                    labelSet.Add((c, d));
                }
            patients.Add(new LudbPatient(id, sex, age, mine.Select(m => m.Item2).ToArray()));
            perPatient.Add(mine);
        }
        var labels = labelSet.ToArray();
        var index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i);
        var targets = new float[patients.Count * labels.Length];
        for (int p = 0; p < patients.Count; p++)
            foreach (var l in perPatient[p]) targets[p * labels.Length + index[l]] = 1;
        return new LudbTable(patients, labels.Select(l => l.Text).ToArray(), labels.Select(l => columns[l.Column]).ToArray(), targets);
    }
}

/// <summary>RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks.</summary>
internal static class Csv
{
    public static List<List<string>> Parse(string text, string path)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, any = false;
        int line = 1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else quoted = false;
                }
                else
                {
                    if (c == '\n') line++;
                    if (c != '\r') field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0: quoted = true; any = true; break;
                case ',': row.Add(field.ToString()); field.Clear(); any = true; break;
                case '\r': break;
                case '\n':
                    line++;
                    if (any || field.Length > 0) { row.Add(field.ToString()); rows.Add(row); }
                    row = new List<string>(); field.Clear(); any = false;
                    break;
                default: field.Append(c); any = true; break;
            }
        }
        if (quoted) throw new MalformedHeaderException(path, line, "unterminated quoted field");
        if (any || field.Length > 0) { row.Add(field.ToString()); rows.Add(row); }
        return rows;
    }
}
