namespace EcgNotebooks.Data;

/// <summary>AAMI EC57 beat classes; the numeric value is the label id.</summary>
public enum AamiClass { N = 0, S = 1, V = 2, F = 3, Q = 4 }

/// <summary>
/// The MIT-BIH Arrhythmia Database inter-patient protocol (de Chazal et al. 2004): record lists,
/// the AAMI mapping of beat symbols, and the lead choice.
/// </summary>
public static class MitBih
{
    /// <summary>Training set of the inter-patient split (22 records).</summary>
    public static IReadOnlyList<string> DS1 { get; } =
        ["101", "106", "108", "109", "112", "114", "115", "116", "118", "119", "122", "124", "201", "203", "205", "207", "208", "209", "215", "220", "223", "230"];

    /// <summary>Test set of the inter-patient split (22 records); only ever the final test set.</summary>
    public static IReadOnlyList<string> DS2 { get; } =
        ["100", "103", "105", "111", "113", "117", "121", "123", "200", "202", "210", "212", "213", "214", "219", "221", "222", "228", "231", "232", "233", "234"];

    /// <summary>Paced records, excluded from DS1 and DS2.</summary>
    public static IReadOnlyList<string> Paced { get; } = ["102", "104", "107", "217"];

    /// <summary>Default validation patients held out of DS1 (the reference code's choice).</summary>
    public static IReadOnlyList<string> ValidationRecords { get; } = ["114", "124", "205", "207", "220"];

    /// <summary>DS1 minus <see cref="ValidationRecords"/> (17 records).</summary>
    public static IReadOnlyList<string> TrainRecords { get; } = DS1.Except(ValidationRecords).ToArray();

    /// <summary>DS1 followed by DS2 (44 records).</summary>
    public static IReadOnlyList<string> DS1AndDS2 { get; } = DS1.Concat(DS2).ToArray();

    /// <summary>All 48 records of the database.</summary>
    public static IReadOnlyList<string> AllRecords { get; } = DS1.Concat(DS2).Concat(Paced).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The lead every record of DS1 and DS2 has (second signal in record 114).</summary>
    public const string DefaultLead = "MLII";

    public const string SplitNames = "DS1, DS2, train, validation, all";

    /// <summary>Records of a named split: DS1, DS2, train (DS1 minus validation), validation, all (DS1+DS2).</summary>
    public static IReadOnlyList<string> Split(string name) => name.ToUpperInvariant() switch
    {
        "DS1" => DS1,
        "DS2" => DS2,
        "TRAIN" => TrainRecords,
        "VALIDATION" or "VAL" => ValidationRecords,
        "ALL" or "DS1+DS2" => DS1AndDS2,
        _ => throw new ArgumentException($"unknown split '{name}' (known: {SplitNames})", nameof(name)),
    };

    private static readonly AamiClass?[] AamiByCode = BuildAami();

    private static AamiClass?[] BuildAami()
    {
        var map = new AamiClass?[AnnotationCodes.MaxCode + 1];
        void Set(string symbols, AamiClass c) { foreach (var s in symbols) map[AnnotationCodes.Code(s.ToString())] = c; }
        Set("NLRej", AamiClass.N);
        Set("AaJS", AamiClass.S);
        Set("VE", AamiClass.V);
        Set("F", AamiClass.F);
        Set("/fQ", AamiClass.Q);
        return map;
    }

    /// <summary>AAMI class of an annotation code; null for every symbol that is not an AAMI beat.</summary>
    public static AamiClass? ToAami(byte code) => code < AamiByCode.Length ? AamiByCode[code] : null;

    /// <summary>AAMI class of a symbol; null for every symbol that is not an AAMI beat.</summary>
    public static AamiClass? ToAami(string symbol)
    {
        for (byte c = 1; c <= AnnotationCodes.MaxCode; c++)
            if (AnnotationCodes.Symbol(c) == symbol) return ToAami(c);
        return null;
    }

    /// <summary>
    /// Opens the MIT-BIH records at <paramref name="location"/> (default <see cref="DataDirectory.Resolve"/>):
    /// a pack file, a folder of WFDB files, or a data folder holding <c>mitdb/</c>.
    /// </summary>
    public static IRecordSource Open(string? location = null)
    {
        location ??= DataDirectory.Resolve();
        if (File.Exists(location)) return MitBihPack.Open(location);
        var sub = Path.Combine(location, "mitdb");
        return new WfdbDirectorySource(Directory.Exists(sub) ? sub : location);
    }
}
