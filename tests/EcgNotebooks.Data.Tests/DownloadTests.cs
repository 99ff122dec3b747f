using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using EcgNotebooks.Data;

namespace EcgNotebooks.Data.Tests;

/// <summary>
/// A PhysioNet-like file server on 127.0.0.1 serving ../shared/data as files/&lt;name&gt;/&lt;version&gt;/...,
/// with Range support; it can list a subset of the sums and tamper with a file.
/// </summary>
internal sealed class LocalPhysioNet : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    public Uri BaseUri { get; }
    public ConcurrentQueue<(string Path, string? Range)> Requests { get; } = new();
    public Func<string, string?>? SumsOverride { get; set; }
    public Func<string, byte[], byte[]>? Tamper { get; set; }
    /// <summary>Local folder of a release name (challenge-2017 is kept as cinc2017).</summary>
    public Func<string, string> FolderOf { get; set; } = name => name == "challenge-2017" ? "cinc2017" : name;

    public LocalPhysioNet()
    {
        // Find a free port, then listen on it (HttpListener cannot bind port 0).
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUri = new Uri($"http://127.0.0.1:{port}/files/");
        _listener.Prefixes.Add(BaseUri.ToString());
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); } catch (Exception) { return; }
            try { Handle(ctx); } catch (Exception) { ctx.Response.StatusCode = 500; }
            finally { ctx.Response.Close(); }
        }
    }

    private void Handle(HttpListenerContext ctx)
    {
        // /files/<name>/<version>/<relative path>
        var parts = ctx.Request.Url!.AbsolutePath.Split('/', 5, StringSplitOptions.RemoveEmptyEntries);
        var range = ctx.Request.Headers["Range"];
        Requests.Enqueue((ctx.Request.Url.AbsolutePath, range));
        if (parts.Length < 4 || parts[0] != "files") { ctx.Response.StatusCode = 404; return; }
        var relative = Uri.UnescapeDataString(parts[3]);
        var path = Path.Combine(TestData.Root, FolderOf(parts[1]), relative);
        byte[] body;
        if (relative == Sha256Sums.FileName && SumsOverride?.Invoke(parts[1]) is { } sums) body = System.Text.Encoding.UTF8.GetBytes(sums);
        else if (File.Exists(path)) body = File.ReadAllBytes(path);
        else { ctx.Response.StatusCode = 404; return; }
        if (Tamper is not null) body = Tamper(relative, body);
        long from = 0;
        if (range is { } r && r.StartsWith("bytes=") && r.EndsWith('-'))
        {
            from = long.Parse(r[6..^1]);
            if (from >= body.Length) { ctx.Response.StatusCode = 416; return; }
            ctx.Response.StatusCode = 206;
            ctx.Response.Headers["Content-Range"] = $"bytes {from}-{body.Length - 1}/{body.Length}";
        }
        ctx.Response.ContentLength64 = body.Length - from;
        ctx.Response.OutputStream.Write(body, (int)from, (int)(body.Length - from));
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}

public class DownloadTests
{
    private static readonly string[] Files = ["100.hea", "100.atr", "RECORDS", "101.hea"];

    private static string SubsetSums()
    {
        var lines = File.ReadAllLines(Path.Combine(TestData.MitDb, Sha256Sums.FileName));
        return string.Join("\n", lines.Where(l => Files.Contains(l[65..]))) + "\n";
    }

    [Fact]
    public async Task Downloads_verify_resume_and_refuse_a_bad_file()
    {
        using var server = new LocalPhysioNet { SumsOverride = name => name == "mitdb" ? SubsetSums() : null };
        using var http = new HttpClient();
        var downloader = new PhysioNetDownloader(http, server.BaseUri);
        using var target = new TempDir();

        // A partial file from an interrupted download, to be resumed.
        var mitdb = Path.Combine(target.Path, "mitdb");
        Directory.CreateDirectory(mitdb);
        var atr = File.ReadAllBytes(Path.Combine(TestData.MitDb, "100.atr"));
        File.WriteAllBytes(Path.Combine(mitdb, "100.atr.part"), atr.AsSpan(0, atr.Length / 2).ToArray());

        var events = await downloader.DownloadAsync(PhysioNetRelease.MitBih, target.Path);
        Assert.Equal(Files.Order(StringComparer.Ordinal), events.Select(e => e.RelativePath));
        Assert.Equal("resumed", events.Single(e => e.RelativePath == "100.atr").Outcome);
        Assert.Contains(server.Requests, r => r.Path.EndsWith("100.atr") && r.Range == $"bytes={atr.Length / 2}-");
        foreach (var f in Files) Assert.Equal(File.ReadAllBytes(Path.Combine(TestData.MitDb, f)), File.ReadAllBytes(Path.Combine(mitdb, f)));
        Assert.Empty(Directory.GetFiles(mitdb, "*.part"));
        var verified = Sha256Sums.Read(Path.Combine(mitdb, Sha256Sums.FileName)).Verify(mitdb);
        Assert.All(verified, c => Assert.True(c.Ok));

        // Second run: everything present, nothing fetched.
        server.Requests.Clear();
        var again = await downloader.DownloadAsync(PhysioNetRelease.MitBih, target.Path);
        Assert.All(again, e => Assert.Equal("present", e.Outcome));
        Assert.Single(server.Requests); // only SHA256SUMS.txt

        // A server that serves a damaged file: refused, nothing kept.
        File.Delete(Path.Combine(mitdb, "101.hea"));
        server.Tamper = (path, body) => path == "101.hea" ? body.Select((b, i) => i == 5 ? (byte)(b ^ 1) : b).ToArray() : body;
        var e = await Assert.ThrowsAsync<AggregateException>(() => downloader.DownloadAsync(PhysioNetRelease.MitBih, target.Path));
        var mismatch = Assert.IsType<Sha256MismatchException>(Assert.Single(e.InnerExceptions));
        Assert.Equal(Path.Combine(mitdb, "101.hea"), mismatch.FilePath);
        Assert.False(File.Exists(Path.Combine(mitdb, "101.hea")));
        Assert.False(File.Exists(Path.Combine(mitdb, "101.hea.part")));
    }

    [Fact]
    public void Local_copy_verifies_against_the_release_sums_and_a_changed_file_is_found()
    {
        var sums = Sha256Sums.Read(Path.Combine(TestData.MitDb, Sha256Sums.FileName));
        Assert.True(sums.Entries.Count >= 48 * 3);
        // The shared copy holds the records, not the release's mitdbdir/ and x_mitdb/ folders.
        var checks0 = sums.Verify(TestData.MitDb);
        Assert.All(checks0.Where(c => !c.Missing), c => Assert.True(c.Ok, c.RelativePath));
        foreach (var r in MitBih.AllRecords)
            foreach (var ext in new[] { ".hea", ".dat", ".atr" })
                Assert.True(checks0.Single(c => c.RelativePath == r + ext).Ok, r + ext);

        using var dir = new TempDir();
        dir.CopyRecord("100");
        File.WriteAllText(dir.File(Sha256Sums.FileName), string.Join("\n",
            File.ReadAllLines(Path.Combine(TestData.MitDb, Sha256Sums.FileName)).Where(l => l.EndsWith(" 100.hea") || l.EndsWith(" 100.atr") || l.EndsWith(" 101.atr"))));
        File.AppendAllText(dir.File("100.hea"), "# changed\n");
        var checks = Sha256Sums.Read(dir.File(Sha256Sums.FileName)).Verify(dir.Path);
        Assert.Equal([("100.atr", true, false), ("100.hea", false, false), ("101.atr", false, true)],
            checks.Select(c => (c.RelativePath, c.Ok, c.Missing)));
        Assert.Throws<MalformedHeaderException>(() => Sha256Sums.Parse("abc 100.hea\n", "sums"));
        Assert.Throws<MalformedHeaderException>(() => Sha256Sums.Parse(new string('a', 64) + " ../etc/passwd\n", "sums"));
    }

    [Fact]
    public async Task CinC_2017_fetches_only_its_listed_files_into_cinc2017()
    {
        var labels = File.ReadAllLines(Path.Combine(TestData.Root, "cinc2017", Sha256Sums.FileName)).Single(l => l.EndsWith(" REFERENCE-v3.csv"));
        // The real release lists more (sample2017.zip, ...); the downloader must fetch only what the release record names.
        const string other = "0000000000000000000000000000000000000000000000000000000000000000 sample2017.zip";
        using var server = new LocalPhysioNet { SumsOverride = name => name == "challenge-2017" ? labels + "\n" + other + "\n" : null };
        using var http = new HttpClient();
        var downloader = new PhysioNetDownloader(http, server.BaseUri);
        using var target = new TempDir();
        var release = PhysioNetRelease.Cinc2017 with { Files = [Cinc2017.LabelsName] };
        var events = await downloader.DownloadAsync(release, target.Path);
        Assert.Equal(["REFERENCE-v3.csv"], events.Select(e => e.RelativePath));
        Assert.Equal(File.ReadAllBytes(Path.Combine(TestData.Root, "cinc2017", "REFERENCE-v3.csv")), File.ReadAllBytes(Path.Combine(target.Path, "cinc2017", "REFERENCE-v3.csv")));
        Assert.DoesNotContain(server.Requests, r => r.Path.EndsWith("sample2017.zip"));
        Assert.Same(PhysioNetRelease.Cinc2017, PhysioNetRelease.ByName("cinc2017"));
        Assert.Equal([Cinc2017.ZipName, Cinc2017.LabelsName], PhysioNetRelease.Cinc2017.Files);
        // A release file the record names but the sums do not list is an error, not a silent skip.
        await Assert.ThrowsAsync<InvalidDataFileException>(() => downloader.DownloadAsync(PhysioNetRelease.Cinc2017, target.Path));
    }
}
