using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace EcgNotebooks.Data;

/// <summary>
/// A PhysioNet data set release the downloader knows: its name and version on PhysioNet, the local
/// folder it goes to (default: the name) and, where only part of the release is needed, the files to
/// fetch (default: every file its SHA256SUMS.txt lists).
/// </summary>
public sealed record PhysioNetRelease(string Name, string Version)
{
    public static PhysioNetRelease MitBih { get; } = new("mitdb", "1.0.0");
    public static PhysioNetRelease Ludb { get; } = new("ludb", "1.0.1");
    /// <summary>CinC 2017: only the training set and the final labels (the release also holds the sample and validation sets, papers and earlier label versions).</summary>
    public static PhysioNetRelease Cinc2017 { get; } = new("challenge-2017", "1.0.0")
    {
        Folder = Data.Cinc2017.FolderName,
        Files = [Data.Cinc2017.ZipName, Data.Cinc2017.LabelsName],
    };
    public static IReadOnlyList<PhysioNetRelease> Known { get; } = [MitBih, Ludb, Cinc2017];

    /// <summary>The local folder under the data folder.</summary>
    public string Folder { get => _folder ?? Name; init => _folder = value; }
    private readonly string? _folder;

    /// <summary>The release files to fetch; null: all.</summary>
    public IReadOnlyList<string>? Files { get; init; }

    public static PhysioNetRelease ByName(string name) =>
        Known.FirstOrDefault(r => r.Name.Equals(name, StringComparison.OrdinalIgnoreCase) || r.Folder.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown data set '{name}' (known: {string.Join(", ", Known.Select(k => k.Folder))})");
}

/// <summary>Progress of one file: its path and what happened to it.</summary>
public sealed record DownloadEvent(string RelativePath, string Outcome, long Bytes);

/// <summary>
/// Downloads a PhysioNet release file by file into <c>&lt;target&gt;/&lt;folder&gt;/</c>. The release's
/// SHA256SUMS.txt lists the files (a release may fetch only some of them, <see cref="PhysioNetRelease.Files"/>); a file already present with the right hash is skipped; a partial
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
        var dir = Path.Combine(targetRoot, release.Folder);
        Directory.CreateDirectory(dir);
        var sumsText = await http.GetStringAsync(new Uri(releaseUri, Sha256Sums.FileName), cancel).ConfigureAwait(false);
        var sums = Sha256Sums.Parse(sumsText, new Uri(releaseUri, Sha256Sums.FileName).ToString());
        var events = new List<DownloadEvent>();
        var failures = new List<Exception>();
        var wanted = sums.Entries.Where(e => release.Files is null || release.Files.Contains(e.Key)).OrderBy(e => e.Key, StringComparer.Ordinal).ToArray();
        if (release.Files is not null && release.Files.Except(wanted.Select(w => w.Key)).ToArray() is { Length: > 0 } absent)
            throw new InvalidDataFileException(new Uri(releaseUri, Sha256Sums.FileName).ToString(), $"the release does not list {string.Join(", ", absent)}");
        foreach (var (file, expected) in wanted)
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
