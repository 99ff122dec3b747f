using System.Diagnostics;

namespace EcgNotebooks.Results;

/// <summary>The code version a run was made with. Commit is "unknown" (and Dirty null) where git is unavailable.</summary>
public sealed record GitInfo(string Commit, bool? Dirty)
{
    public const string Unknown = "unknown";

    public static GitInfo Read(string? workingDirectory = null)
    {
        string dir = workingDirectory ?? Directory.GetCurrentDirectory();
        string? commit = RunGit(dir, "rev-parse HEAD")?.Trim();
        if (string.IsNullOrEmpty(commit)) return new GitInfo(Unknown, null);
        // --no-optional-locks: `git status` would otherwise refresh the index under .git/index.lock, and many runs
        // starting at once (a Slurm array on one checkout) would then break a user's concurrent `git commit`.
        string? status = RunGit(dir, "--no-optional-locks status --porcelain --untracked-files=no");
        return new GitInfo(commit, status is null ? null : status.Trim().Length > 0);
    }

    private static string? RunGit(string workingDirectory, string arguments)
    {
        try
        {
            var psi = new ProcessStartInfo("git", arguments)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(psi);
            if (process is null) return null;
            var stdout = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
            return process.ExitCode == 0 ? stdout.Result : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; } // git not installed
        catch (IOException) { return null; }
    }
}
