using EcgNotebooks.Data;

namespace EcgNotebooks.Data.Tests;

/// <summary>Damaged copies of real files: each yields its typed error naming the file, never a crash or a hang.</summary>
public class CorruptInputTests
{
    private static void Rewrite(string path, Func<string, string> change) => File.WriteAllText(path, change(File.ReadAllText(path)));

    [Fact]
    public void Truncated_dat_names_the_file_and_byte_offset()
    {
        using var dir = new TempDir();
        dir.CopyRecord("100");
        var dat = dir.File("100.dat");
        using (var f = new FileStream(dat, FileMode.Open)) f.SetLength(1000);
        var src = new WfdbDirectorySource(dir.Path);
        var e = Assert.Throws<TruncatedSignalException>(() => src.ReadLeads("100", ["MLII"]));
        Assert.Equal(dat, e.FilePath);
        Assert.Equal(1000, e.ByteOffset);
        Assert.Equal(1950000, e.ExpectedBytes); // 650 000 frames × 2 signals × 12 bits
        Assert.Contains("100.dat", e.Message);
    }

    [Fact]
    public void Changed_sample_fails_the_checksum_and_changed_first_sample_the_initial_value()
    {
        using var dir = new TempDir();
        dir.CopyRecord("100");
        var dat = dir.File("100.dat");
        var bytes = File.ReadAllBytes(dat);
        bytes[300_000] ^= 0x01; // low byte of an MLII sample
        File.WriteAllBytes(dat, bytes);
        var src = new WfdbDirectorySource(dir.Path);
        var e = Assert.Throws<SignalChecksumException>(() => src.ReadLeads("100", ["MLII"]));
        Assert.Equal(("MLII", "checksum"), (e.Signal, e.Field));
        Assert.Contains("100.dat", e.Message);

        bytes[300_000] ^= 0x01;
        bytes[0] ^= 0x01;
        File.WriteAllBytes(dat, bytes);
        var e2 = Assert.Throws<SignalChecksumException>(() => src.ReadLeads("100", ["MLII"]));
        Assert.Equal("initial value", e2.Field);
    }

    [Theory]
    [InlineData("100.dat 212 200 11 1024 995 -22131 0 MLII", "100.dat 212 2x0 11 1024 995 -22131 0 MLII", 2)]
    [InlineData("100.dat 212 200 11 1024 1011 20052 0 V5", "100.dat 212 200 11 1024 1011 2005z 0 V5", 3)]
    [InlineData("100 2 360 650000", "100 two 360 650000", 1)]
    [InlineData("100 2 360 650000", "100 3 360 650000", 1)]
    public void Malformed_header_line_names_the_line(string original, string broken, int line)
    {
        using var dir = new TempDir();
        dir.CopyRecord("100");
        Rewrite(dir.File("100.hea"), t => t.Replace(original, broken));
        var e = Assert.Throws<MalformedHeaderException>(() => new WfdbDirectorySource(dir.Path).ReadHeader("100"));
        Assert.Equal(line, e.LineNumber);
        Assert.Equal(dir.File("100.hea"), e.FilePath);
    }

    [Fact]
    public void Unknown_signal_format_is_a_typed_error()
    {
        using var dir = new TempDir();
        dir.CopyRecord("100");
        Rewrite(dir.File("100.hea"), t => t.Replace("100.dat 212", "100.dat 311"));
        var e = Assert.Throws<UnsupportedSignalFormatException>(() => new WfdbDirectorySource(dir.Path).ReadLeads("100", ["MLII"]));
        Assert.Contains("311", e.Message);
        Assert.Equal(2, e.LineNumber);
    }

    [Fact]
    public void Missing_files_are_typed_errors_naming_the_file()
    {
        using var dir = new TempDir();
        dir.CopyRecord("100");
        File.Delete(dir.File("100.dat"));
        File.Delete(dir.File("100.atr"));
        var src = new WfdbDirectorySource(dir.Path);
        Assert.Equal(dir.File("100.dat"), Assert.Throws<DataFileMissingException>(() => src.ReadLeads("100", ["MLII"])).FilePath);
        Assert.Equal(dir.File("100.atr"), Assert.Throws<DataFileMissingException>(() => src.ReadAnnotations("100")).FilePath);
        Assert.Equal(dir.File("999.hea"), Assert.Throws<DataFileMissingException>(() => src.ReadHeader("999")).FilePath);
    }

    [Fact]
    public void Corrupt_annotation_streams_name_the_byte_offset()
    {
        var bytes = File.ReadAllBytes(Path.Combine(TestData.MitDb, "100.atr"));
        // Truncated inside a word (a missing end-of-file word alone is allowed: WfdbSpecCaseTests).
        var e = Assert.Throws<CorruptAnnotationException>(() => WfdbAnnotationReader.Parse(bytes.AsSpan(0, bytes.Length / 2 | 1), "100.atr"));
        Assert.Equal("100.atr", e.FilePath);
        // The first annotation ('+' at 18) carries AUX "(N": make the AUX length run past the end.
        var aux = (byte[])bytes.Clone();
        Assert.Equal(63, aux[3] >> 2);
        aux[2] = 0xFF; aux[3] = (byte)((63 << 2) | 0x03);
        var e2 = Assert.Throws<CorruptAnnotationException>(() => WfdbAnnotationReader.Parse(aux.AsSpan(0, 400), "100.atr"));
        Assert.Equal(2, e2.ByteOffset);
        // An undefined annotation code (50).
        var code = (byte[])bytes.Clone();
        code[1] = (byte)((50 << 2) | (code[1] & 3));
        Assert.Equal(0, Assert.Throws<CorruptAnnotationException>(() => WfdbAnnotationReader.Parse(code, "100.atr")).ByteOffset);
    }
}
