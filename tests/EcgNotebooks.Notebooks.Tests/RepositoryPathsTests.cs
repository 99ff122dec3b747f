using EcgNotebooks.Results;

namespace EcgNotebooks.Notebooks.Tests;

/// <summary>Paths printed by the notebooks (the data folder, the run store) are relative to the repository.</summary>
public sealed class RepositoryPathsTests
{
    [Fact]
    public void A_path_inside_the_repository_is_relative_to_its_root()
    {
        var root = NotebookCiRun.RepositoryRoot;

        Assert.Equal("results/runs", RepositoryPaths.Relative(Path.Combine(root, "results", "runs")));
        Assert.Equal("notebooks/01-data-and-preprocessing.dib", RepositoryPaths.Relative(Path.Combine(root, "notebooks", "01-data-and-preprocessing.dib")));
    }

    [Fact]
    public void A_path_beside_the_repository_is_relative_to_the_repository_of_the_current_directory()
    {
        // The test runs inside the repository (its bin folder), like a notebook in notebooks/.
        var root = NotebookCiRun.RepositoryRoot;
        var shared = Path.GetFullPath(Path.Combine(root, "..", "shared", "data", "mitdb"));

        Assert.Equal("../shared/data/mitdb", RepositoryPaths.Relative(shared));
    }
}
