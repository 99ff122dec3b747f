using System.Diagnostics;
using System.Runtime.InteropServices;
using EcgNotebooks.Cli;
using EcgNotebooks.Results;

namespace EcgNotebooks.Notebooks.Tests.EcgCommand;

/// <summary>
/// Issue 13: SIGINT and SIGTERM, sent for real to a real `ecg train` on MIT-BIH, stop it after the current step with
/// the run saved, exit 130 / 143 with a line saying how to resume; `--resume` says from which epoch it continues, and
/// the run record keeps both calls.
/// </summary>
public class TrainSignalTests
{
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    private const int SigInt = 2, SigTerm = 15;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(6);

    /// <summary>Starts `ecg train`, sends <paramref name="signal"/> once a stdout line contains <paramref name="when"/>, waits for the end.</summary>
    private static (int Exit, List<string> Output, string Error) TrainAndSignal(string results, string when, int signal, params string[] extra)
    {
        using var process = Ecg.Start(null, ["train", "--experiment", "macnn/Baseline", "--profile", "quick", "--seed", "3", "--results", results,
            "--device", "cpu", "--threads", "1", .. extra]);
        var error = process.StandardError.ReadToEndAsync();
        var output = new List<string>();
        var clock = Stopwatch.StartNew();
        var sent = false;
        while (process.StandardOutput.ReadLine() is { } line)
        {
            output.Add(line);
            if (!sent && line.Contains(when, StringComparison.Ordinal))
            {
                Assert.Equal(0, kill(process.Id, signal));
                sent = true;
            }
            if (clock.Elapsed > Limit) break;
        }
        if (!process.WaitForExit(Limit)) { process.Kill(entireProcessTree: true); Assert.Fail($"ecg train did not end within {Limit}"); }
        Assert.True(sent, $"no line with '{when}' in:\n{string.Join('\n', output)}\n{error.Result}");
        return (process.ExitCode, output, error.Result);
    }

    [Fact]
    public void Sigint_then_sigterm_stop_training_saved_and_resume_continues_the_same_record()
    {
        var results = Directory.CreateTempSubdirectory("ecg-signal-").FullName;
        var store = new RunStore(results);

        var (exit, _, error) = TrainAndSignal(results, "macnn/Baseline epoch 1/4:", SigInt);

        Assert.True(exit == ExitCodes.Interrupted, $"exit {exit}:\n{error}");
        var last = Ecg.Lines(error)[^1];
        Assert.StartsWith("stopped: SIGINT received; run ", last);
        Assert.EndsWith(" --resume", last);
        Assert.DoesNotContain("   at ", error);
        var first = Assert.Single(store.List());
        Assert.False(first.Completed);
        var done = first.Run.History.Count;
        Assert.True(done >= 1, "epoch 1 finished before the signal");
        Assert.Equal(("interrupted", 0), (first.Run.Sessions.Single().Outcome, first.Run.Sessions.Single().FromEpoch));

        var (exit2, output2, error2) = TrainAndSignal(results, "continuing with epoch", SigTerm, "--resume");

        Assert.True(exit2 == ExitCodes.Terminated, $"exit {exit2}:\n{error2}");
        Assert.Contains(output2, l => l.Contains($"resuming from the checkpoint of epoch {done}: continuing with epoch {done + 1}/4", StringComparison.Ordinal));
        Assert.StartsWith("stopped: SIGTERM received; run ", Ecg.Lines(error2)[^1]);
        var second = Assert.Single(store.List()).Run;
        Assert.Equal(["interrupted", "interrupted"], second.Sessions.Select(s => s.Outcome));
        Assert.Equal(done, second.Sessions[1].FromEpoch);
        Assert.Equal(first.Run.StartedAt, second.StartedAt);
        Assert.Equal(second.Sessions.Sum(s => s.Seconds), second.DurationsSeconds["total"], 6);
    }
}
