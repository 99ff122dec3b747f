using System.Diagnostics;
using System.IO.Compression;
using EcgNotebooks.Data;

namespace EcgNotebooks.Data.Tests;

public class Cinc2017Tests
{
    internal static string Folder => Path.Combine(TestData.Root, Cinc2017.FolderName);

    /// <summary>The whole training set, read once for the tests that need it (≈ 4 s of CPU).</summary>
    internal static readonly Lazy<(Cinc2017Dataset Data, TimeSpan Wall)> All = new(() =>
    {
        var sw = Stopwatch.StartNew();
        var d = new Cinc2017(Folder).Load();
        return (d, sw.Elapsed);
    });

    [Fact]
    public void All_8528_recordings_read_from_the_zip_with_the_REFERENCE_v3_counts()
    {
        var (ds, wall) = All.Value;
        Assert.Equal(8528, ds.Count);
        Assert.Equal(Cinc2017.ReferenceV3Counts, ds.ClassCounts());
        Assert.Equal([5050, 738, 2456, 284], ds.ClassCounts());
        Assert.Equal(2714, ds.Adc.Min(a => a.Length));
        Assert.Equal(18286, ds.Adc.Max(a => a.Length));
        Assert.All(ds.Gains, g => Assert.Equal(1000, g));
        // A00001 and A08528 against values read with Python's struct from the zip.
        var a1 = ds.Adc[ds.IndexOf("A00001")];
        Assert.Equal(9000, a1.Length);
        Assert.Equal(new short[] { -127, -162, -197, -229, -245 }, a1[..5]);
        Assert.Equal(167125, a1.Sum(v => (int)v));
        var last = ds.Adc[ds.IndexOf("A08528")];
        Assert.Equal(-21959, last.Sum(v => (int)v));
        Assert.Equal(CincClass.A, (CincClass)ds.Labels[ds.IndexOf("A00004")]);
        Assert.Equal(-0.127f, ds.Millivolts(0)[0], 6);
        // Generous bound for a loaded 2-core CI machine; the README gives measured times.
        Assert.True(wall < TimeSpan.FromSeconds(60), $"reading took {wall}");
    }

    [Fact]
    public void Fixed_length_crops_and_zero_pads_in_millivolts()
    {
        var ds = All.Value.Data;
        int shortOne = Array.FindIndex(ds.Adc, a => a.Length == 2714);
        var x = ds.ToFixedLength(9000, [0, shortOne]);
        Assert.Equal(2 * 9000, x.Length);
        Assert.Equal(ds.Millivolts(0), x[..9000]);
        Assert.Equal(ds.Millivolts(shortOne), x[9000..(9000 + 2714)]);
        Assert.All(x[(9000 + 2714)..], v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Header_names_format_16_at_byte_offset_24_and_the_record_carries_its_label()
    {
        var r = new Cinc2017(Folder).ReadRecording("A00004");
        var spec = r.Header.Signals[0];
        Assert.Equal(("A00004.mat", 16, 24L, 1000.0, "ECG"), (spec.FileName, spec.Format, spec.ByteOffset, spec.Gain, spec.Description));
        Assert.Equal(300, r.SampleRate);
        Assert.Equal(CincClass.A, r.Label);
    }

    /// <summary>A CinC folder with an unpacked training2017/ holding the given records (copied out of the real zip).</summary>
    internal static TempDir Unpacked(params string[] records)
    {
        var dir = new TempDir();
        var sub = Directory.CreateDirectory(Path.Combine(dir.Path, "training2017")).FullName;
        using (var zip = ZipFile.OpenRead(Path.Combine(Folder, Cinc2017.ZipName)))
            foreach (var r in records)
                foreach (var ext in new[] { ".hea", ".mat" })
                    zip.GetEntry($"training2017/{r}{ext}")!.ExtractToFile(Path.Combine(sub, r + ext));
        File.WriteAllLines(dir.File(Cinc2017.LabelsName), File.ReadLines(Path.Combine(Folder, Cinc2017.LabelsName)).Where(l => records.Any(r => l.StartsWith(r + ",", StringComparison.Ordinal))));
        return dir;
    }

    [Fact]
    public void An_unpacked_folder_reads_the_same_samples_as_the_zip()
    {
        string[] ids = ["A00001", "A00013", "A08528"];
        using var dir = Unpacked(ids);
        var folder = new Cinc2017(dir.Path);
        Assert.NotNull(folder.UnpackedDirectory);
        var fromFolder = folder.Load();
        var zip = All.Value.Data;
        Assert.Equal(ids, fromFolder.Ids);
        for (int i = 0; i < ids.Length; i++)
        {
            Assert.Equal(zip.Adc[zip.IndexOf(ids[i])], fromFolder.Adc[i]);
            Assert.Equal(zip.Labels[zip.IndexOf(ids[i])], fromFolder.Labels[i]);
        }
    }

    [Fact]
    public void Damaged_files_give_typed_errors_naming_the_file()
    {
        using var dir = Unpacked("A00001", "A00002", "A00003", "A00004", "A00005");
        var sub = Path.Combine(dir.Path, "training2017");
        var c = new Cinc2017(dir.Path);

        // Truncated signal: the WFDB reader names the .mat and the byte counts.
        var mat = Path.Combine(sub, "A00001.mat");
        using (var f = new FileStream(mat, FileMode.Open)) f.SetLength(1000);
        var t = Assert.Throws<TruncatedSignalException>(() => c.ReadRecordings(["A00001"]));
        Assert.Equal((mat, 1000L, 18024L), (t.FilePath, t.ByteOffset, t.ExpectedBytes));

        // A MATLAB header that is not one int16 row.
        var mat2 = Path.Combine(sub, "A00002.mat");
        var bytes = File.ReadAllBytes(mat2);
        bytes[0] = 0; // type 0: double
        File.WriteAllBytes(mat2, bytes);
        var e = Assert.Throws<InvalidDataFileException>(() => c.ReadRecordings(["A00002"]));
        Assert.Equal(mat2, e.FilePath);
        Assert.Contains("MATLAB v4 type 0", e.Message);

        // A header whose sample count disagrees with the MATLAB matrix.
        var hea3 = Path.Combine(sub, "A00003.hea");
        File.WriteAllText(hea3, File.ReadAllText(hea3).Replace(" 18000 ", " 17000 "));
        Assert.Contains("18000 columns", Assert.Throws<InvalidDataFileException>(() => c.ReadRecordings(["A00003"])).Message);

        // A malformed header line, a missing signal file, an unknown record.
        var hea4 = Path.Combine(sub, "A00004.hea");
        File.WriteAllText(hea4, File.ReadAllText(hea4).Replace("16+24", "16+x"));
        var m = Assert.Throws<MalformedHeaderException>(() => c.ReadRecordings(["A00004"]));
        Assert.Equal((hea4, 2), (m.FilePath, m.LineNumber));
        File.Delete(Path.Combine(sub, "A00005.mat"));
        Assert.Equal(Path.Combine(sub, "A00005.mat"), Assert.Throws<DataFileMissingException>(() => c.ReadRecordings(["A00005"])).FilePath);
        Assert.Equal(Path.Combine(sub, "A09999.hea"), Assert.Throws<DataFileMissingException>(() => c.ReadRecordings(["A09999"])).FilePath);

        // A label file with a label that is not N, A, O or ~.
        File.AppendAllText(dir.File(Cinc2017.LabelsName), "A00006,X\n");
        var l = Assert.Throws<MalformedHeaderException>(() => c.ReadLabels());
        Assert.Equal((dir.File(Cinc2017.LabelsName), 6), (l.FilePath, l.LineNumber));
    }

    [Fact]
    public void A_damaged_zip_and_a_missing_entry_are_typed_errors()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File(Cinc2017.ZipName), new byte[1000]);
        var e = Assert.Throws<InvalidDataFileException>(() => new Cinc2017(dir.Path).ReadRecordings(["A00001"]));
        Assert.Equal(dir.File(Cinc2017.ZipName), e.FilePath);

        var missing = Assert.Throws<DataFileMissingException>(() => new Cinc2017(Folder).ReadRecordings(["A09999"]));
        Assert.EndsWith("training2017.zip!/training2017/A09999.hea", missing.FilePath);
        Assert.Throws<DataFileMissingException>(() => new Cinc2017(Path.Combine(dir.Path, "nowhere")));
    }

    [Fact]
    public void Stored_split_is_8_1_1_stratified_with_5_balanced_folds_and_matches_the_labels()
    {
        var ds = All.Value.Data;
        var splits = StoredSplits.Cinc2017();
        Assert.Equal(8528, splits.ById.Count);
        var parts = Enum.GetValues<SplitPart>().Select(p => ds.Indices(p)).ToArray();
        Assert.Equal(ds.Count, parts.Sum(p => p.Length));
        Assert.Empty(parts[0].Intersect(parts[1]).Concat(parts[0].Intersect(parts[2])).Concat(parts[1].Intersect(parts[2])));
        for (int c = 0; c < 4; c++)
        {
            int n = ds.ClassCounts()[c];
            int train = parts[0].Count(i => ds.Labels[i] == c), val = parts[1].Count(i => ds.Labels[i] == c);
            Assert.InRange(train, 0.8 * n - 1, 0.8 * n + 1);
            Assert.InRange(val, 0.1 * n - 1, 0.1 * n + 1);
            var perFold = Enumerable.Range(0, 5).Select(f => ds.FoldIndices(f).Count(i => ds.Labels[i] == c)).ToArray();
            Assert.InRange(perFold.Max() - perFold.Min(), 0, 1);
        }
        Assert.Equal(ds.Count, Enumerable.Range(0, 5).Sum(f => ds.FoldIndices(f).Length));
        Assert.Equal([6822, 853, 853], parts.Select(p => p.Length));
    }
}
