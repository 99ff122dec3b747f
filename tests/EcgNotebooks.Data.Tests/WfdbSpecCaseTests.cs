using EcgNotebooks.Data;

namespace EcgNotebooks.Data.Tests;

/// <summary>
/// Issue 13's reader cases, each on a damaged copy of MIT-BIH record 101 (one file damaged per copy): what the WFDB
/// specification says, and that every refusal is our typed error naming the file and line or byte.
/// </summary>
public class WfdbSpecCaseTests
{
    private const string MliiLine = "101.dat 212 200 11 1024 955 29832 0 MLII";

    private static TempDir Copy101(Func<string, string>? header = null)
    {
        var dir = new TempDir();
        dir.CopyRecord("101");
        if (header is not null)
        {
            var path = dir.File("101.hea");
            var text = File.ReadAllText(path);
            var changed = header(text);
            Assert.NotEqual(text, changed);
            File.WriteAllText(path, changed);
        }
        return dir;
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../outside/101.dat")]
    [InlineData("sub/../../outside/101.dat")]
    public void A_signal_file_outside_the_record_folder_is_refused_naming_the_header_line(string fileName)
    {
        using var root = new TempDir();
        // The record in root/rec; a readable, valid copy of its signal file where "../outside/101.dat" points, so
        // following the name would succeed.
        var rec = Directory.CreateDirectory(root.File("rec")).FullName;
        foreach (var ext in new[] { ".hea", ".dat", ".atr" }) File.Copy(Path.Combine(TestData.MitDb, "101" + ext), Path.Combine(rec, "101" + ext));
        Directory.CreateDirectory(root.File("outside"));
        File.Copy(Path.Combine(TestData.MitDb, "101.dat"), root.File("outside/101.dat"));
        var header = Path.Combine(rec, "101.hea");
        File.WriteAllText(header, File.ReadAllText(header).Replace(MliiLine, MliiLine.Replace("101.dat", fileName)));
        var source = new WfdbDirectorySource(rec);

        var e = Assert.Throws<MalformedHeaderException>(() => source.ReadLeads("101", ["MLII"]));

        Assert.Equal(header, e.FilePath);
        Assert.Equal(2, e.LineNumber);
        Assert.Contains(fileName, e.Message);
    }

    [Fact]
    public void A_signal_file_named_inside_the_record_folder_is_read()
    {
        using var dir = Copy101(t => t.Replace("101.dat ", "./101.dat "));
        Assert.Equal(650_000, new WfdbDirectorySource(dir.Path).ReadLeads("101", ["MLII"])[0].Length);
    }

    [Fact]
    public void Gain_0_means_uncalibrated_per_WFDB_and_the_beat_builder_refuses_it()
    {
        using var dir = Copy101(t => t.Replace(MliiLine, "101.dat 212 0 11 1024 955 29832 0 MLII"));
        var source = new WfdbDirectorySource(dir.Path);

        var mlii = source.ReadHeader("101").Signals[0];
        Assert.False(mlii.Calibrated);
        Assert.Equal(WfdbHeader.DefaultGain, mlii.Gain);   // how WFDB converts an uncalibrated signal
        Assert.True(source.ReadHeader("101").Signals[1].Calibrated);
        Assert.Equal(650_000, source.ReadLeads("101", ["MLII"])[0].Length);   // the samples themselves are fine

        // The builder reads records in parallel: its errors come inside an AggregateException (the CLI shows the inner one).
        var e = Assert.IsType<UncalibratedSignalException>(
            Assert.Throws<AggregateException>(() => BeatDatasetBuilder.Build(source, ["101"], TestData.CountsOnly())).InnerException);
        Assert.Equal(dir.File("101.hea"), e.FilePath);
        Assert.Equal(2, e.LineNumber);
        Assert.Contains("MLII", e.Message);
    }

    [Fact]
    public void A_header_line_of_a_megabyte_is_refused_naming_its_line()
    {
        using var big = Copy101(t => t + "# " + new string('x', 1 << 20) + "\n");
        Assert.Equal(big.File("101.hea"), Assert.Throws<MalformedHeaderException>(() => new WfdbDirectorySource(big.Path).ReadHeader("101")).FilePath);

        // Below the file-size limit, the line itself is named.
        using var dir = Copy101(t => t + "# " + new string('x', 4000) + "\n");
        var e = Assert.Throws<MalformedHeaderException>(() => new WfdbDirectorySource(dir.Path).ReadHeader("101"));
        Assert.Equal(6, e.LineNumber);
        Assert.Equal(dir.File("101.hea"), e.FilePath);
        Assert.Contains("4,002 characters", e.Message);

        // A line just within WFDB's limit is read.
        using var ok = Copy101(t => t + "# " + new string('x', WfdbHeader.MaxLineLength - 2) + "\n");
        Assert.Equal(3, new WfdbDirectorySource(ok.Path).ReadHeader("101").Comments.Count);
    }

    [Fact]
    public void A_header_file_of_megabytes_is_refused_before_it_is_read()
    {
        using var dir = Copy101(t => t + string.Concat(Enumerable.Repeat("# comment\n", 200_000)));
        var e = Assert.Throws<MalformedHeaderException>(() => new WfdbDirectorySource(dir.Path).ReadHeader("101"));
        Assert.Equal(dir.File("101.hea"), e.FilePath);
        Assert.Contains("bytes", e.Message);
    }

    [Fact]
    public void A_multi_segment_header_is_refused_as_unsupported()
    {
        using var dir = Copy101(_ => "101/2 2 360 650000\n101_1 325000\n101_2 325000\n");
        var e = Assert.Throws<UnsupportedSignalFormatException>(() => new WfdbDirectorySource(dir.Path).ReadHeader("101"));
        Assert.Equal(dir.File("101.hea"), e.FilePath);
        Assert.Equal(1, e.LineNumber);
        Assert.Contains("multi-segment", e.Message);
    }

    [Fact]
    public void An_annotation_file_without_its_end_of_file_word_is_read_like_wfdb_python_does()
    {
        using var dir = Copy101();
        var atr = dir.File("101.atr");
        var bytes = File.ReadAllBytes(atr);
        Assert.Equal([0, 0], bytes[^2..]);   // the end-of-file word
        var whole = new WfdbDirectorySource(dir.Path).ReadAnnotations("101");

        File.WriteAllBytes(atr, bytes[..^2]);
        Assert.Equal(whole, new WfdbDirectorySource(dir.Path).ReadAnnotations("101"));

        // Half a word at the end is damage, named by its byte.
        File.WriteAllBytes(atr, bytes[..^3]);
        var e = Assert.Throws<CorruptAnnotationException>(() => new WfdbDirectorySource(dir.Path).ReadAnnotations("101"));
        Assert.Equal(atr, e.FilePath);
        Assert.Equal(bytes.Length - 4, e.ByteOffset);
    }

    [Fact]
    public void An_unsupported_format_is_reported_in_the_header_file_at_the_signal_line()
    {
        // A comment before the record line moves the signal lines down: the line must come from the file, not be guessed.
        using var dir = Copy101(t => "# copied from mitdb\n" + t.Replace(MliiLine, MliiLine.Replace(" 212 ", " 311 ")));
        var e = Assert.Throws<UnsupportedSignalFormatException>(() => new WfdbDirectorySource(dir.Path).ReadLeads("101", ["MLII"]));
        Assert.Equal(dir.File("101.hea"), e.FilePath);
        Assert.Equal(3, e.LineNumber);
        Assert.StartsWith(dir.File("101.hea") + ": line 3: ", e.Message);
    }

    [Fact]
    public void A_negative_byte_offset_is_a_header_error_not_a_crash()
    {
        using var dir = Copy101(t => t.Replace(MliiLine, MliiLine.Replace(" 212 ", " 212+-6 ")));
        var e = Assert.Throws<MalformedHeaderException>(() => new WfdbDirectorySource(dir.Path).ReadLeads("101", ["MLII"]));
        Assert.Equal(2, e.LineNumber);
    }
}
