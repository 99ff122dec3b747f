using System.Diagnostics;

namespace EcgNotebooks.Grid.Tests;

/// <summary>A finished child process: exit code and both outputs.</summary>
internal sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs child processes: the built `ecg` (this test's copy of ecg.dll), bash scripts, Slurm's commands.</summary>
internal static class Shell
{
    /// <summary>The dotnet host that runs the tests (DOTNET_HOST_PATH is set by `dotnet test`).</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    public static string EcgDll => Path.Combine(AppContext.BaseDirectory, "ecg.dll");

    public static string RepositoryRoot =>
        EcgNotebooks.Data.DataDirectory.FindRepositoryRoot() ?? throw new InvalidOperationException("tests run inside the repository");

    public static ProcessResult Ecg(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null) =>
        Run(Dotnet, [EcgDll, .. args], environment, timeout);

    public static ProcessResult Run(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) psi.Environment.Remove(key);
            else psi.Environment[key] = value;
        }
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(" ", psi.ArgumentList)} did not finish in {timeout ?? TimeSpan.FromMinutes(2)}");
        }
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Whether an executable is on PATH.</summary>
    public static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, name)));

    public static string TempDirectory(string prefix) => Directory.CreateTempSubdirectory(prefix).FullName;
}
