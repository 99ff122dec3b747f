using System.Text.RegularExpressions;

namespace EcgNotebooks.Notebooks.Tests;

/// <summary>What is committed under <c>results/</c> (executed notebooks, the report, tables, run records) names no
/// folder of the machine it was made on: paths are printed relative to the repository.</summary>
public sealed partial class CommittedResultsTests
{
    // An absolute path after a quote, a space, '>', '(' or '=' or at a line start: /home/…, /work/…, C:\Users\…
    [GeneratedRegex("""(?:^|["' >(=])(?<path>/(?:home|root|tmp|work|Users|mnt|opt|srv|var|usr|data)/[^\s"'<>)]*|[A-Za-z]:\\\\?(?:Users|work|home)\\[^\s"'<>)]*)""", RegexOptions.Multiline)]
    private static partial Regex AbsolutePath();

    private static readonly string[] TextFiles = ["*.html", "*.ipynb", "*.md", "*.csv", "*.json", "*.txt"];

    /// <summary>Every absolute path in the text files under <paramref name="folder"/>, as "file: path".</summary>
    public static List<string> AbsolutePathsUnder(string folder) =>
        [.. TextFiles.SelectMany(pattern => Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories))
            .SelectMany(file => AbsolutePath().Matches(File.ReadAllText(file))
                .Select(m => $"{Path.GetRelativePath(folder, file)}: {m.Groups["path"].Value}"))
            .Distinct()];

    [Fact]
    public void The_check_finds_absolute_paths_and_lets_relative_ones_through()
    {
        var folder = Directory.CreateTempSubdirectory("ecg-paths-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "a.ipynb"), """{"input_path": "/work/main/notebooks/01.dib", "text": ["Data: ../shared/data/mitdb\n"]}""");
            File.WriteAllText(Path.Combine(folder, "b.html"), "<pre>/home/alice/results/runs: 3 run folders</pre><a href=\"notebooks/01.html\">01</a> 1/2 and 3/4");
            File.WriteAllText(Path.Combine(folder, "c.md"), "see results/runs/x and C:\\Users\\bob\\data\n");

            Assert.Equal(["a.ipynb: /work/main/notebooks/01.dib", "b.html: /home/alice/results/runs:", "c.md: C:\\Users\\bob\\data"],
                AbsolutePathsUnder(folder).Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Committed_results_carry_no_absolute_path()
    {
        var found = AbsolutePathsUnder(Path.Combine(NotebookCiRun.RepositoryRoot, "results"));

        Assert.True(found.Count == 0, "absolute paths in results/:\n" + string.Join("\n", found));
    }
}
