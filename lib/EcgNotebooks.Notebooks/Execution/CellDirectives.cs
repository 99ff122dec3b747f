using System.Reflection;
using System.Text.RegularExpressions;

namespace EcgNotebooks.Notebooks;

/// <summary>A directive in a cell that the headless runner cannot honour (an unknown magic, an unresolvable reference).</summary>
public sealed class CellDirectiveException(int line, string message) : Exception($"line {line}: {message}")
{
    public int Line { get; } = line;
}

/// <summary>
/// The Polyglot Notebooks directives of a C# cell, handled before Roslyn sees the code (which knows <c>#r "path"</c>
/// but neither <c>#!</c> magics nor <c>nuget:</c>). Handled lines become empty lines so compiler line numbers
/// stay those of the cell.
/// <list type="bullet">
/// <item><c>#!time</c>: the cell's wall time is printed after it, as in Polyglot Notebooks.</item>
/// <item>any other <c>#!</c> magic (<c>#!set</c>, <c>#!share</c>, <c>#!whos</c>, ...): an error, because ignoring it could
/// change what the notebook computes.</item>
/// <item><c>#r "nuget: Name, version"</c>: satisfied when the runner already references an assembly named Name or the
/// host application ships one (that copy is used, whatever the version asked); otherwise an error, as nothing is
/// restored offline.</item>
/// <item><c>#r "path.dll"</c> (relative to the notebook): satisfied by the runner's own copy when an assembly of that
/// name is already referenced (so a notebook may point at a build output for VS Code); otherwise the file is
/// referenced from the notebook's folder, and a missing file is an error.</item>
/// <item><c>#i "nuget: source"</c>: ignored with a warning on stderr (it only adds a package source).</item>
/// </list>
/// </summary>
internal sealed partial class CellDirectives
{
    public string Code { get; private init; } = "";
    public bool Time { get; private init; }
    public IReadOnlyList<string> Warnings { get; private init; } = [];
    public IReadOnlyList<Assembly> HostAssemblies { get; private init; } = [];

    public static CellDirectives Process(string cellCode, string notebookDirectory, IReadOnlyCollection<Assembly> referenced)
    {
        var lines = cellCode.Split('\n');
        var time = false;
        var warnings = new List<string>();
        var hostAssemblies = new List<Assembly>();
        var referencedNames = referenced.Select(a => a.GetName().Name).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var lineNumber = i + 1;
            if (line.StartsWith("#!", StringComparison.Ordinal))
            {
                var magic = line.Split(' ', 2)[0];
                if (magic != "#!time")
                {
                    throw new CellDirectiveException(lineNumber, $"the magic command {magic} is not supported by the headless runner (it supports #!time).");
                }
                time = true;
                lines[i] = "";
            }
            else if (ReferenceDirective().Match(line) is { Success: true } reference)
            {
                var target = reference.Groups["target"].Value.Trim();
                if (reference.Groups["kind"].Value == "i")
                {
                    warnings.Add($"warning: line {lineNumber}: {line} ignored: the headless runner restores no packages.");
                    lines[i] = "";
                }
                else if (target.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
                {
                    var package = target["nuget:".Length..].Split(',')[0].Trim();
                    if (!referencedNames.Contains(package))
                    {
                        var host = TryLoadFromHost(package)
                            ?? throw new CellDirectiveException(lineNumber,
                                $"cannot resolve NuGet package '{package}' offline: the headless runner restores no packages. Reference a local assembly with #r \"path/to/{package}.dll\", or run the notebook with a host that references it.");
                        hostAssemblies.Add(host);
                        referencedNames.Add(package);
                    }
                    lines[i] = "";
                }
                else
                {
                    var path = Path.GetFullPath(Path.Combine(notebookDirectory, target));
                    var name = File.Exists(path) ? AssemblyName.GetAssemblyName(path).Name : Path.GetFileNameWithoutExtension(path);
                    if (name is not null && referencedNames.Contains(name))
                    {
                        lines[i] = "";
                    }
                    else if (!File.Exists(path))
                    {
                        throw new CellDirectiveException(lineNumber, $"#r: assembly not found: {path}");
                    }
                    else
                    {
                        lines[i] = $"#r \"{path.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"";
                    }
                }
            }
        }
        return new CellDirectives { Code = string.Join("\n", lines), Time = time, Warnings = warnings, HostAssemblies = hostAssemblies };
    }

    // A package the host application ships (its .dll sits next to the host's) satisfies the nuget reference.
    private static Assembly? TryLoadFromHost(string name)
    {
        try { return Assembly.Load(new AssemblyName(name)); }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException or ArgumentException) { return null; }
    }

    [GeneratedRegex("""^#(?<kind>r|i)\s+"(?<target>[^"]*)"\s*$""")]
    private static partial Regex ReferenceDirective();
}
