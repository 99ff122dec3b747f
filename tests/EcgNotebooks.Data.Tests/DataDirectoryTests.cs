using EcgNotebooks.Data;

namespace EcgNotebooks.Data.Tests;

[CollectionDefinition("environment", DisableParallelization = true)]
public class EnvironmentCollection;

[Collection("environment")]
public class DataDirectoryTests
{
    [Fact]
    public void Resolves_the_environment_variable_first_and_names_a_bad_value()
    {
        var old = Environment.GetEnvironmentVariable(DataDirectory.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(DataDirectory.EnvironmentVariable, TestData.Root);
            Assert.Equal(Path.GetFullPath(TestData.Root), DataDirectory.Resolve());
            var missing = Path.Combine(Path.GetTempPath(), "no-such-ecg-data-" + Guid.NewGuid());
            Environment.SetEnvironmentVariable(DataDirectory.EnvironmentVariable, missing);
            var e = Assert.Throws<DirectoryNotFoundException>(DataDirectory.Resolve);
            Assert.Contains(missing, e.Message);
            Environment.SetEnvironmentVariable(DataDirectory.EnvironmentVariable, null);
            // Without it: <repo>/data or <repo>/../shared/data.
            var repo = DataDirectory.FindRepositoryRoot();
            Assert.NotNull(repo);
            Assert.True(File.Exists(Path.Combine(repo, "EcgNotebooks.sln")));
            try
            {
                var resolved = DataDirectory.Resolve();
                Assert.True(resolved == Path.Combine(repo, "data") || resolved == Path.GetFullPath(Path.Combine(repo, "..", "shared", "data")));
            }
            catch (DirectoryNotFoundException none)
            {
                Assert.Contains(Path.Combine(repo, "data"), none.Message);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(DataDirectory.EnvironmentVariable, old);
        }
    }
}
