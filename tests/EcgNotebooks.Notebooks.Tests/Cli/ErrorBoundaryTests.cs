using System.Text;
using EcgNotebooks.Cli;

namespace EcgNotebooks.Notebooks.Tests.EcgCommand;

/// <summary>
/// Issue 13: every expected failure of `ecg` ends as one line naming the file or option and the problem, with its exit
/// code (<see cref="ExitCodes"/>), never a stack trace unless --verbose asks for it.
/// </summary>
public class ErrorBoundaryTests
{
    private static void AssertOneLine(string error, params string[] mentions)
    {
        var lines = Ecg.Lines(error);
        Assert.True(lines.Length == 1, $"expected one line, got {lines.Length}:\n{error}");
        Assert.StartsWith("error: ", lines[0]);
        Assert.DoesNotContain("   at ", error);
        Assert.DoesNotContain("Exception", lines[0]);
        foreach (var m in mentions) Assert.Contains(m, lines[0]);
    }

    [Theory]
    [InlineData(".hea", "header")]
    [InlineData(".dat", "truncated")]
    [InlineData(".atr", "half word")]
    public void Data_summary_on_a_damaged_record_prints_one_line_naming_the_file(string extension, string damage)
    {
        using var data = new DamagedData();
        var path = data.File101(extension);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, damage switch
        {
            "header" => Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(bytes).Replace("101.dat 212 200", "101.dat 212 2x0")),
            "truncated" => bytes[..100_000],
            _ => bytes[..^3],
        });

        var (exit, error) = Ecg.Run("data", "summary", "--split", "DS1", "--data", data.Root);

        Assert.Equal(ExitCodes.BadInput, exit);
        AssertOneLine(error, path);
    }

    [Fact]
    public void Data_summary_with_a_missing_data_folder_prints_one_line_and_verbose_adds_the_stack_trace()
    {
        var missing = Path.Combine(Path.GetTempPath(), "ecg-no-such-folder-" + Guid.NewGuid().ToString("N"));

        var (exit, error) = Ecg.Run("data", "summary", "--data", missing);
        Assert.Equal(ExitCodes.BadInput, exit);
        AssertOneLine(error, missing);

        var (verboseExit, verbose) = Ecg.Run("data", "summary", "--data", missing, "--verbose");
        Assert.Equal(ExitCodes.BadInput, verboseExit);
        Assert.Contains("   at ", verbose);
    }

    [Fact]
    public void The_ecg_process_with_ECG_DATA_DIR_pointing_nowhere_prints_one_line()
    {
        var missing = Path.Combine(Path.GetTempPath(), "ecg-no-such-folder-" + Guid.NewGuid().ToString("N"));
        var (exit, output, error) = Ecg.RunProcess(new Dictionary<string, string> { ["ECG_DATA_DIR"] = missing }, TimeSpan.FromMinutes(2),
            "data", "summary");
        Assert.Equal(ExitCodes.BadInput, exit);
        AssertOneLine(error, "ECG_DATA_DIR", missing);
        Assert.Equal("", output);
    }

    [Fact]
    public void Ecg_train_on_a_damaged_record_prints_one_line_naming_the_file()
    {
        using var data = new DamagedData();
        var atr = data.File101(".atr");
        File.WriteAllBytes(atr, File.ReadAllBytes(atr)[..^3]);
        var results = Directory.CreateTempSubdirectory("ecg-cli-results-").FullName;
        var environment = new Dictionary<string, string> { ["ECG_DATA_DIR"] = data.Root, ["ECG_CACHE_DIR"] = Path.Combine(results, "cache") };

        var (exit, _, error) = Ecg.RunProcess(environment, TimeSpan.FromMinutes(3),
            "train", "--experiment", "macnn/Baseline", "--results", results, "--device", "cpu", "--threads", "1");

        Assert.Equal(ExitCodes.BadInput, exit);
        AssertOneLine(error, atr, "byte");
    }

    [Fact]
    public void A_usage_error_is_one_line_and_where_to_look()
    {
        var (exit, error) = Ecg.Run("reproduce", "--table", "3", "--seeds", "many");
        Assert.Equal(ExitCodes.BadInput, exit);
        var lines = Ecg.Lines(error);
        Assert.Contains("many", lines[0]);
        Assert.Equal("see: ecg reproduce --help", lines[^1]);
    }

    [Fact]
    public void Every_failure_class_maps_to_its_exit_code_in_one_line()
    {
        var cases = new (Exception Error, int Exit, string Start)[]
        {
            (new AggregateException(new EcgNotebooks.Data.TruncatedSignalException("/d/101.dat", 10, 20), new IOException("x")), ExitCodes.BadInput, "error: /d/101.dat: "),
            (new EcgNotebooks.Training.TrainingDivergedException("loss became NaN"), ExitCodes.Diverged, "training stopped: loss became NaN"),
            (new RunInterruptedException("SIGTERM received", ExitCodes.Terminated), ExitCodes.Terminated, "stopped: SIGTERM received"),
            (new NullReferenceException("boom\nsecond line"), ExitCodes.InternalError, "internal error: NullReferenceException: boom second line"),
        };
        foreach (var (e, code, start) in cases)
        {
            var error = new StringWriter();
            Assert.Equal(code, ErrorBoundary.Report(e, verbose: false, error));
            var line = Assert.Single(Ecg.Lines(error.ToString()));
            Assert.StartsWith(start, line);
        }
        var aggregate = new StringWriter();
        ErrorBoundary.Report(new AggregateException(new ArgumentException("a"), new ArgumentException("b")), false, aggregate);
        Assert.Equal("error: a (and 1 more error of the same run)", aggregate.ToString().Trim());
    }
}
