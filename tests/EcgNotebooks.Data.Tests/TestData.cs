using EcgNotebooks.Data;

namespace EcgNotebooks.Data.Tests;

/// <summary>Real data from the configured data folder (CI: ../shared/data) and scratch folders.</summary>
internal static class TestData
{
    public static string Root { get; } = DataDirectory.Resolve();
    public static string MitDb { get; } = Path.Combine(Root, "mitdb");
    public static string LudbDir { get; } = Path.Combine(Root, "ludb");

    private static readonly Lazy<WfdbDirectorySource> LazySource = new(() => new WfdbDirectorySource(MitDb));
    public static WfdbDirectorySource Source => LazySource.Value;

    /// <summary>Options that skip the signal processing, for tests about counts.</summary>
    public static BeatDatasetOptions CountsOnly(int classes = 5) =>
        BeatDatasetOptions.Paper with { Filter = null, Normalisation = BeatNormalisation.None, Classes = classes };
}

/// <summary>A temporary folder deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ecg-data-tests-" + Guid.NewGuid().ToString("N"));
    public TempDir() => Directory.CreateDirectory(Path);
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Copies a MIT-BIH record's three files here.</summary>
    public void CopyRecord(string record)
    {
        foreach (var ext in new[] { ".hea", ".dat", ".atr" })
            System.IO.File.Copy(System.IO.Path.Combine(TestData.MitDb, record + ext), File(record + ext));
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
