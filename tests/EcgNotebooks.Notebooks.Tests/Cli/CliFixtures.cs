using System.Diagnostics;
using EcgNotebooks.Data;

namespace EcgNotebooks.Notebooks.Tests.EcgCommand;

/// <summary>Runs `ecg` in this process (<see cref="EcgNotebooks.Cli.Program.Run"/>) or as its own process, capturing what it prints.</summary>
internal static class Ecg
{
    /// <summary>In this process: the exit code and what went to the error writer.</summary>
    public static (int Exit, string Error) Run(params string[] args)
    {
        var error = new StringWriter();
        var exit = EcgNotebooks.Cli.Program.Run(args, error);
        return (exit, error.ToString());
    }

    /// <summary>The built ecg.dll: beside the tests when the build copied it with its runtimeconfig, else in the CLI's own output.</summary>
    public static string Dll
    {
        get
        {
            var here = Path.Combine(AppContext.BaseDirectory, "ecg.dll");
            if (File.Exists(here) && File.Exists(Path.ChangeExtension(here, ".runtimeconfig.json"))) return here;
            var config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
            var repo = DataDirectory.FindRepositoryRoot() ?? throw new InvalidOperationException("no repository root");
            return Path.Combine(repo, "lib", "EcgNotebooks.Cli", "bin", config, "net10.0", "ecg.dll");
        }
    }

    /// <summary>
    /// Starts `ecg` as a process with SIGINT and SIGTERM at their default action (coreutils `env --default-signal`), as in an
    /// interactive shell, even when this test process was started with them ignored (a background job).
    /// </summary>
    public static Process Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["--default-signal=INT,TERM", "dotnet", Dll, .. args]) info.ArgumentList.Add(a);
        if (environment is not null) foreach (var (k, v) in environment) info.Environment[k] = v;
        return Process.Start(info) ?? throw new InvalidOperationException("could not start ecg");
    }

    /// <summary>Runs `ecg` as a process to its end (at most <paramref name="timeout"/>).</summary>
    public static (int Exit, string Output, string Error) RunProcess(IReadOnlyDictionary<string, string>? environment, TimeSpan timeout, params string[] args)
    {
        using var process = Start(environment, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"ecg {string.Join(' ', args)} did not end within {timeout}");
        }
        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>The non-empty lines of <paramref name="text"/>.</summary>
    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>A data folder (&lt;root&gt;/mitdb) holding links to every real MIT-BIH record except 101, which is a copy to damage.</summary>
internal sealed class DamagedData : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("ecg-cli-data-").FullName;
    public string MitDb => Path.Combine(Root, "mitdb");

    public DamagedData()
    {
        var real = Path.Combine(DataDirectory.Resolve(), "mitdb");
        Directory.CreateDirectory(MitDb);
        foreach (var file in Directory.GetFiles(real).Where(f => Path.GetExtension(f) is ".hea" or ".dat" or ".atr"))
        {
            var target = Path.Combine(MitDb, Path.GetFileName(file));
            if (Path.GetFileNameWithoutExtension(file) == "101")
            {
                File.Copy(file, target);
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            else File.CreateSymbolicLink(target, file);
        }
    }

    public string File101(string extension) => Path.Combine(MitDb, "101" + extension);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
