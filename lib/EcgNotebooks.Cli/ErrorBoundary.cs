using System.CommandLine;
using System.Reflection;
using EcgNotebooks.Data;
using EcgNotebooks.Training;

namespace EcgNotebooks.Cli;

/// <summary>The exit codes of `ecg` (README, "Reliability").</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The command ran and found a problem it reports (a SHA-256 mismatch, a failing notebook, a run without metrics).</summary>
    public const int CheckFailed = 1;
    /// <summary>Bad input: damaged or missing data, a bad option or argument, a missing or unreadable file.</summary>
    public const int BadInput = 2;
    /// <summary>Training diverged (a non-finite loss); the last good checkpoint is kept.</summary>
    public const int Diverged = 3;
    /// <summary>An unexpected exception: a bug. Rerun with --verbose for its stack trace.</summary>
    public const int InternalError = 70;
    /// <summary>Stopped by SIGINT (Ctrl-C): 128 + 2.</summary>
    public const int Interrupted = 130;
    /// <summary>Stopped by SIGTERM: 128 + 15.</summary>
    public const int Terminated = 143;
}

/// <summary>
/// The one place where `ecg` turns failures into output: every expected failure (bad data, bad arguments, missing
/// files, diverged training, a stop by signal) ends as one line naming the file or option and the problem, with its
/// <see cref="ExitCodes"/> code; anything else is reported as an internal error in one line too. <c>--verbose</c>
/// adds the stack trace.
/// </summary>
public static class ErrorBoundary
{
    public static readonly Option<bool> Verbose = new("--verbose") { Description = "On an error, also print the exception's stack trace", Recursive = true };

    public static int Invoke(ParseResult parse, TextWriter error)
    {
        if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
        {
            // Usage errors: one line each, then where to look.
            foreach (var e in parse.Errors) error.WriteLine($"error: {OneLine(e.Message)}");
            error.WriteLine("see: " + string.Join(' ', ["ecg", .. CommandPath(parse), "--help"]));
            return ExitCodes.BadInput;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            return Report(e, parse.GetValue(Verbose), error);
        }
    }

    /// <summary>Writes the one line for <paramref name="exception"/> (and its stack trace when <paramref name="verbose"/>); returns the exit code.</summary>
    public static int Report(Exception exception, bool verbose, TextWriter error)
    {
        var (inner, others) = Unwrap(exception);
        var more = others > 0 ? $" (and {others} more error{(others == 1 ? "" : "s")} of the same run)" : "";
        var (code, line) = inner switch
        {
            RunInterruptedException i => (i.ExitCode, $"stopped: {i.Message}"),
            TrainingDivergedException => (ExitCodes.Diverged, $"training stopped: {inner.Message}"),
            EcgDataException or ArgumentException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException
                or UnauthorizedAccessException or IOException => (ExitCodes.BadInput, $"error: {inner.Message}{more}"),
            _ => (ExitCodes.InternalError, $"internal error: {inner.GetType().Name}: {inner.Message}{more} (a bug; --verbose shows where)"),
        };
        error.WriteLine(OneLine(line));
        if (verbose) error.WriteLine(exception);
        return code;
    }

    /// <summary>The exception that says what went wrong: inside AggregateException (Parallel.For) and reflection wrappers.</summary>
    private static (Exception Inner, int Others) Unwrap(Exception e)
    {
        var others = 0;
        while (true)
        {
            switch (e)
            {
                case AggregateException a when a.InnerExceptions.Count > 0:
                    var flat = a.Flatten().InnerExceptions;
                    others += flat.Count - 1;
                    e = flat[0];
                    continue;
                case TargetInvocationException { InnerException: { } t }:
                    e = t;
                    continue;
                default:
                    return (e, others);
            }
        }
    }

    private static string OneLine(string text) => string.Join(" ", text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var c = parse.CommandResult; c is not null; c = c.Parent as System.CommandLine.Parsing.CommandResult)
            if (c.Command is not RootCommand) names.Insert(0, c.Command.Name);
        return names;
    }
}
