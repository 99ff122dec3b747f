using System.Text.Json;
using EcgNotebooks.Results;

namespace EcgNotebooks.Models.Tests.Results;

public class AtomicFileTests
{
    [Fact]
    public void Writes_the_file_and_leaves_no_temporary_file()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "sub", "a.txt");
        AtomicFile.WriteAllText(path, "hello");
        AtomicFile.WriteAllBytes(Path.Combine(dir.Path, "b.bin"), [1, 2, 3]);
        Assert.Equal("hello", File.ReadAllText(path));
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(Path.Combine(dir.Path, "b.bin")));
        Assert.Equal(["b.bin", Path.Combine("sub", "a.txt")], dir.AllFiles());
    }

    [Fact]
    public void Overwrites_an_existing_file()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "a.txt");
        AtomicFile.WriteAllText(path, "old content that is longer");
        AtomicFile.WriteAllText(path, "new");
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(["a.txt"], dir.AllFiles());
    }

    private sealed class ExplodingDuringSerialisation
    {
        public string First { get; } = new('x', 100_000); // large enough that part of the JSON reaches the stream
        public string Second => throw new InvalidOperationException("boom while serialising");
    }

    [Fact]
    public void An_exception_during_serialisation_keeps_the_old_file_and_removes_the_temporary_one()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "run.json");
        AtomicFile.WriteAllText(path, "{\"complete\":true}");

        var e = Assert.Throws<InvalidOperationException>(() =>
            AtomicFile.Write(path, s => JsonSerializer.Serialize(s, new ExplodingDuringSerialisation())));
        Assert.Equal("boom while serialising", e.Message);
        Assert.Equal("{\"complete\":true}", File.ReadAllText(path));
        Assert.Equal(["run.json"], dir.AllFiles());
    }

    [Fact]
    public void A_failed_first_write_creates_no_file()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "new.csv");
        Assert.Throws<IOException>(() => AtomicFile.WriteText(path, w =>
        {
            w.Write(new string('a', 200_000));
            w.Flush();
            throw new IOException("disk gone");
        }));
        Assert.False(File.Exists(path));
        Assert.Empty(dir.AllFiles());
    }
}
