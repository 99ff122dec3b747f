using System.Diagnostics;
using EcgNotebooks.Cli;
using EcgNotebooks.Data;

namespace EcgNotebooks.Notebooks.Tests.EcgCommand;

/// <summary>Issue 13, set-up: setup.sh waits (bounded) for the apt/dpkg lock and prints the data folder that is actually found.</summary>
public class SetupScriptTests
{
    private static readonly string Repo = DataDirectory.FindRepositoryRoot()!;

    /// <summary>Runs <c>apt_wait</c> from environment/apt-wait.sh on a stand-in apt-get that fails with the lock message <paramref name="lockedTries"/> times.</summary>
    private static (int Exit, string Output, int Tries) AptWait(int lockedTries, string otherError = "", int waitSeconds = 60)
    {
        var dir = Directory.CreateTempSubdirectory("ecg-apt-wait-").FullName;
        var fake = Path.Combine(dir, "apt-get");
        File.WriteAllText(fake, $$"""
            #!/usr/bin/env bash
            n=$(($(cat "{{dir}}/tries" 2>/dev/null || echo 0) + 1)); echo $n > "{{dir}}/tries"
            if [ -n "{{otherError}}" ]; then echo "E: {{otherError}}" >&2; exit 100; fi
            if ((n <= {{lockedTries}})); then echo "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (apt-get)" >&2; exit 100; fi
            echo "installed $*"
            """.ReplaceLineEndings("\n"));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-c", $"source '{Repo}/environment/apt-wait.sh' && apt_wait '{fake}' install -y foo" }) info.ArgumentList.Add(a);
        info.Environment["APT_LOCK_POLL_S"] = "0";
        info.Environment["APT_LOCK_WAIT_S"] = waitSeconds.ToString();
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, int.Parse(File.ReadAllText(Path.Combine(dir, "tries"))));
    }

    [Fact]
    public void Apt_commands_wait_for_the_package_lock_then_run()
    {
        var (exit, output, tries) = AptWait(lockedTries: 3);
        Assert.Equal(0, exit);
        Assert.Equal(4, tries);
        Assert.Contains("installed install -y foo", output);
        Assert.Contains("holds the package lock; waiting", output);
    }

    [Fact]
    public void The_wait_is_bounded_and_other_errors_fail_at_once()
    {
        var (exit, output, _) = AptWait(lockedTries: int.MaxValue, waitSeconds: 0);
        Assert.Equal(100, exit);
        Assert.Contains("Could not get lock", output);

        var (exit2, output2, tries2) = AptWait(lockedTries: 0, otherError: "Unable to locate package foo");
        Assert.Equal((100, 1), (exit2, tries2));
        Assert.Contains("Unable to locate package foo", output2);
    }

    [Fact]
    public void Setup_prints_the_data_folder_that_ecg_data_where_resolves()
    {
        Assert.Contains("\"$here/ecg\" data where", File.ReadAllText(Path.Combine(Repo, "environment", "setup.sh")));
        var data = Directory.CreateTempSubdirectory("ecg-where-").FullName;
        var (exit, output, _) = Ecg.RunProcess(new Dictionary<string, string> { ["ECG_DATA_DIR"] = data }, TimeSpan.FromMinutes(2), "data", "where");
        Assert.Equal((0, data), (exit, output.Trim()));

        var missing = data + "-missing";
        var (exit2, output2, error2) = Ecg.RunProcess(new Dictionary<string, string> { ["ECG_DATA_DIR"] = missing }, TimeSpan.FromMinutes(2), "data", "where");
        Assert.Equal((ExitCodes.BadInput, ""), (exit2, output2));
        Assert.Contains(missing, Assert.Single(Ecg.Lines(error2)));
    }
}
