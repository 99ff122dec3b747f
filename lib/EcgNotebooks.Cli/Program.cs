using System.CommandLine;
using System.Reflection;

namespace EcgNotebooks.Cli;

/// <summary>A group of `ecg` subcommands (data, train, notebooks, ...), one class per area.</summary>
public interface ICommandGroup
{
    Command Build();
}

public static class Program
{
    public static int Main(string[] args) => Run(args);

    /// <summary>Parses and runs one command line behind <see cref="ErrorBoundary"/>: every failure is one line on <paramref name="error"/>.</summary>
    public static int Run(string[] args, TextWriter? error = null) => ErrorBoundary.Invoke(BuildRoot().Parse(args), error ?? Console.Error);

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("EcgNotebooks: RR/ECG cross-attention experiments on MIT-BIH") { ErrorBoundary.Verbose };
        // Each area registers itself by implementing ICommandGroup, so adding one touches no shared file.
        var groups = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(ICommandGroup).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (ICommandGroup)Activator.CreateInstance(t)!)
            .Select(g => g.Build())
            .OrderBy(c => c.Name, StringComparer.Ordinal);
        foreach (var command in groups) root.Subcommands.Add(command);
        return root;
    }
}
