using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace EcgNotebooks.Data;

/// <summary>A PhysioNet data set release the downloader knows.</summary>
public sealed record PhysioNetRelease(string Name, string Version)
{
    public static PhysioNetRelease MitBih { get; } = new("mitdb", "1.0.0");
    public static PhysioNetRelease Ludb { get; } = new("ludb", "1.0.1");
    public static IReadOnlyList<PhysioNetRelease> Known { get; } = [MitBih, Ludb];

    public static PhysioNetRelease ByName(string name) =>
        Known.FirstOrDefault(r => r.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown data set '{name}' (known: {string.Join(", ", Known.Select(k => k.Name))})");
}

/// <summary>Progress of one file: its path and what happened to it.</summary>
public sealed record DownloadEvent(string RelativePath, string Outcome, long Bytes);

/// <summary>
/// Downloads a PhysioNet release file by file into <c>&lt;target&gt;/&lt;name&gt;/</c>. The release's
/// SHA256SUMS.txt lists the files; a file already present with the right hash is skipped; a partial
/// download (<c>.part</c>) is resumed with an HTTP Range request; a file whose hash does not match
/// is deleted and reported as <see cref="Sha256MismatchException"/>, never kept.
/// </summary>
public sealed class PhysioNetDownloader(HttpClient http, Uri baseUri)
{
    /// <summary>https://physionet.org/files/ (release files live at files/&lt;name&gt;/&lt;version&gt;/).</summary>
    public static Uri DefaultBaseUri { get; } = new("https://physionet.org/files/");

    public async Task<IReadOnlyList<DownloadEvent>> DownloadAsync(PhysioNetRelease release, string targetRoot,
        Action<DownloadEvent>? progress = null, CancellationToken cancel = default)
    {
        var releaseUri = new Uri(baseUri, $"{release.Name}/{release.Version}/");
        var dir = Path.Combine(targetRoot, release.Name);
        Directory.CreateDirectory(dir);
        var sumsText = await http.GetStringAsync(new Uri(releaseUri, Sha256Sums.FileName), cancel).ConfigureAwait(false);
        var sums = Sha256Sums.Parse(sumsText, new Uri(releaseUri, Sha256Sums.FileName).ToString());
        var events = new List<DownloadEvent>();
        var failures = new List<Exception>();
        foreach (var (file, expected) in sums.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var path = Path.Combine(dir, file.Replace('/', Path.DirectorySeparatorChar));
            DownloadEvent e;
            try
            {
                e = File.Exists(path) && Sha256Sums.Hash(path) == expected
                    ? new DownloadEvent(file, "present", new FileInfo(path).Length)
                    : await FetchAsync(new Uri(releaseUri, file), path, file, expected, cancel).ConfigureAwait(false);
            }
            catch (Sha256MismatchException ex)
            {
                failures.Add(ex);
                e = new DownloadEvent(file, "refused (SHA-256 mismatch)", 0);
            }
            events.Add(e);
            progress?.Invoke(e);
        }
        // Keep the release's sums next to the files (for `ecg data verify`); an identical copy is left alone (it may be read-only).
        var sumsPath = Path.Combine(dir, Sha256Sums.FileName);
        if (!File.Exists(sumsPath) || await File.ReadAllTextAsync(sumsPath, cancel).ConfigureAwait(false) != sumsText)
            await File.WriteAllTextAsync(sumsPath, sumsText, cancel).ConfigureAwait(false);
        if (failures.Count > 0) throw new AggregateException($"{failures.Count} file(s) failed verification", failures);
        return events;
    }

    private async Task<DownloadEvent> FetchAsync(Uri uri, string path, string file, string expected, CancellationToken cancel)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var part = path + ".part";
        long have = File.Exists(part) ? new FileInfo(part).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (have > 0) request.Headers.Range = new RangeHeaderValue(have, null);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel).ConfigureAwait(false);
        bool resumed = have > 0 && response.StatusCode == HttpStatusCode.PartialContent;
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable) resumed = true; // .part is already complete
        else response.EnsureSuccessStatusCode();
        if (response.StatusCode != HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            await using var output = new FileStream(part, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write);
            await using var input = await response.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false);
            await input.CopyToAsync(output, cancel).ConfigureAwait(false);
        }
        string actual;
        await using (var check = File.OpenRead(part)) actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(check, cancel).ConfigureAwait(false));
        if (actual != expected)
        {
            File.Delete(part);
            throw new Sha256MismatchException(path, expected, actual);
        }
        File.Move(part, path, overwrite: true);
        return new DownloadEvent(file, resumed ? "resumed" : "downloaded", new FileInfo(path).Length);
    }
}
