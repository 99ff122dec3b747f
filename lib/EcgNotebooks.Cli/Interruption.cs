using System.Runtime.InteropServices;

namespace EcgNotebooks.Cli;

/// <summary>A long command stopped by SIGINT or SIGTERM after saving its state; the message says how to continue.</summary>
public sealed class RunInterruptedException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>
/// SIGINT (Ctrl-C) and SIGTERM while a long command runs: the first one cancels <see cref="Token"/>, which training
/// checks between steps, so the current step finishes and the run's state is saved; a second one is left to its default
/// action and ends the process at once.
/// </summary>
public sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource cancel = new();
    private readonly PosixSignalRegistration[] registrations;
    private int received;

    public Interruption()
    {
        registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    public CancellationToken Token => cancel.Token;

    /// <summary>The signal received, if any.</summary>
    public PosixSignal? Signal { get; private set; }

    public string SignalName => Signal == PosixSignal.SIGTERM ? "SIGTERM" : "SIGINT";

    public int ExitCode => Signal == PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted;

    private void Handle(PosixSignalContext context)
    {
        if (Interlocked.Exchange(ref received, 1) == 1) return;   // the second signal: default action, the process ends
        context.Cancel = true;
        Signal = context.Signal;
        Console.Error.WriteLine($"{SignalName}: finishing the current step, then saving and stopping (send it again to stop at once, unsaved)");
        cancel.Cancel();
    }

    /// <summary>The exception a command throws once it has stopped for the signal: <paramref name="state"/> says what was kept, <paramref name="resume"/> how to continue.</summary>
    public RunInterruptedException Stopped(string state, string resume) =>
        new($"{SignalName} received; {state}. To continue: {resume}", ExitCode);

    /// <summary>The command line as typed after `ecg`, with <paramref name="add"/> appended unless already there.</summary>
    public static string CommandLine(System.CommandLine.ParseResult parse, string? add = null)
    {
        var tokens = parse.Tokens.Select(t => t.Value).ToList();
        if (add is not null && !tokens.Contains(add)) tokens.Add(add);
        return "ecg " + string.Join(' ', tokens.Select(t => t.Length > 0 && t.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+".Contains(c)) ? t : $"'{t.Replace("'", "'\\''")}'"));
    }

    public void Dispose()
    {
        foreach (var r in registrations) r.Dispose();
        cancel.Dispose();
    }
}
