using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.DotNet.Interactive.Documents;

namespace EcgNotebooks.Notebooks;

/// <summary>A variable declared in the parameters cell: its name and the C# type it must keep.</summary>
/// <param name="TypeName">The C# type the override is declared with (<c>int</c>, <c>string</c>, ...), or null when unknown (<c>var x = SomeCall()</c>).</param>
public sealed record NotebookParameter(string Name, string? TypeName);

/// <summary>Parameter overrides that do not fit the notebook: unknown names, values of the wrong type, no parameters cell.</summary>
public sealed class NotebookParameterException(string message) : Exception(message);

/// <summary>
/// papermill's parameters convention for <c>.dib</c> files, which have no cell tags: the parameters cell is the
/// first C# cell whose first line is the comment <c>// parameters</c>. Overrides go into a new C# cell, tagged
/// <c>injected-parameters</c>, right after it; each override re-declares the variable with the type of the
/// default (<c>int epochs = 3;</c>), which the C# kernel (Roslyn scripting) allows in a later submission.
/// </summary>
public static class NotebookParameters
{
    public const string ParametersTag = "parameters";
    public const string InjectedParametersTag = "injected-parameters";
    /// <summary>The first line that marks the parameters cell (spaces and case do not matter: <c>//Parameters</c> too).</summary>
    public const string Marker = "// parameters";

    public static bool IsParametersCell(InteractiveDocumentElement cell)
    {
        if (!NotebookFile.IsCSharp(cell)) return false;
        var firstLine = cell.Contents.Split('\n')[0].Trim();
        return firstLine.StartsWith("//", StringComparison.Ordinal)
            && string.Equals(firstLine[2..].Trim(), "parameters", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Index of the parameters cell, or -1 when the notebook has none.</summary>
    public static int FindParametersCell(InteractiveDocument document)
    {
        for (var i = 0; i < document.Elements.Count; i++)
        {
            if (IsParametersCell(document.Elements[i])) return i;
        }
        return -1;
    }

    /// <summary>The top-level variables the notebook's parameters cell declares (empty without one).</summary>
    public static IReadOnlyList<NotebookParameter> Declared(InteractiveDocument document)
    {
        var index = FindParametersCell(document);
        return index < 0 ? [] : Declared(document.Elements[index].Contents);
    }

    public static IReadOnlyList<NotebookParameter> Declared(string parametersCellCode)
    {
        var root = CSharpSyntaxTree.ParseText(parametersCellCode, new CSharpParseOptions(kind: SourceCodeKind.Script)).GetRoot();
        var declarations = root.ChildNodes().SelectMany(node => node switch
        {
            GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax local } => [local.Declaration],
            FieldDeclarationSyntax field => new[] { field.Declaration },
            _ => [],
        });
        return [.. declarations.SelectMany(d => d.Variables.Select(v =>
            new NotebookParameter(v.Identifier.ValueText, TypeOf(d.Type, v.Initializer?.Value))))];
    }

    /// <summary>Splits <c>name=value</c> arguments (the value may itself contain <c>=</c>).</summary>
    public static IReadOnlyDictionary<string, string> ParseAssignments(IEnumerable<string> assignments)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var assignment in assignments)
        {
            var equals = assignment.IndexOf('=');
            var name = equals < 0 ? "" : assignment[..equals].Trim();
            if (name.Length == 0 || !SyntaxFacts.IsValidIdentifier(name))
            {
                throw new NotebookParameterException($"'{assignment}' is not a parameter assignment: write name=value with a C# identifier as the name.");
            }
            if (!result.TryAdd(name, assignment[(equals + 1)..]))
            {
                throw new NotebookParameterException($"parameter '{name}' is given more than once.");
            }
        }
        return result;
    }

    /// <summary>
    /// The C# code of the injected-parameters cell: one typed declaration per override, in the order given.
    /// Throws when a name is not declared in the parameters cell or a value does not fit the declared type.
    /// </summary>
    public static string BuildInjectedCell(IReadOnlyList<NotebookParameter> declared, IReadOnlyDictionary<string, string> overrides, string notebookName)
    {
        var byName = declared.GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var unknown = overrides.Keys.Where(name => !byName.ContainsKey(name)).ToList();
        if (unknown.Count > 0)
        {
            var known = byName.Count == 0 ? "it has no parameters cell (a C# cell starting with '// parameters')" : "it declares " + string.Join(", ", byName.Keys);
            throw new NotebookParameterException(
                $"{notebookName}: unknown parameter{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown)}; {known}.");
        }
        var lines = new List<string> { "// Parameters injected by the headless runner" };
        foreach (var (name, value) in overrides)
        {
            lines.Add(Declaration(byName[name], value, notebookName));
        }
        return string.Join("\n", lines);
    }

    private static string Declaration(NotebookParameter parameter, string raw, string notebookName)
    {
        var type = parameter.TypeName ?? InferType(raw);
        var literal = Literal(type, raw)
            ?? throw new NotebookParameterException($"{notebookName}: parameter '{parameter.Name}' is declared {type}; '{raw}' is not a valid {type}.");
        return $"{parameter.TypeName ?? "var"} {parameter.Name} = {literal};";
    }

    // The type a default fixes: the declared one, or for `var` the type of a literal initializer.
    private static string? TypeOf(TypeSyntax type, ExpressionSyntax? initializer)
    {
        if (!type.IsVar) return type.ToString();
        var literal = initializer is PrefixUnaryExpressionSyntax { Operand: LiteralExpressionSyntax negated } ? negated : initializer as LiteralExpressionSyntax;
        return literal?.Token.Value switch
        {
            int => "int",
            long => "long",
            uint => "uint",
            ulong => "ulong",
            double => "double",
            float => "float",
            decimal => "decimal",
            bool => "bool",
            string => "string",
            char => "char",
            _ => null,
        };
    }

    private static string InferType(string raw)
    {
        if (IsQuoted(raw)) return "string";
        if (bool.TryParse(raw, out _)) return "bool";
        if (int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) return "int";
        if (long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) return "long";
        if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return "double";
        return "string";
    }

    /// <summary>A C# literal of <paramref name="type"/> for the text, or null when the text is not one.</summary>
    private static string? Literal(string type, string raw)
    {
        const NumberStyles integer = NumberStyles.AllowLeadingSign;
        const NumberStyles real = NumberStyles.Float;
        var inv = CultureInfo.InvariantCulture;
        var text = raw.Trim();
        return type switch
        {
            "string" or "String" or "System.String" or "string?" =>
                SymbolDisplay.FormatLiteral(IsQuoted(raw) ? raw.Trim()[1..^1] : raw, quote: true),
            "bool" or "Boolean" or "System.Boolean" => bool.TryParse(text, out var b) ? (b ? "true" : "false") : null,
            "int" or "Int32" or "System.Int32" => int.TryParse(text, integer, inv, out var i) ? i.ToString(inv) : null,
            "long" or "Int64" or "System.Int64" => long.TryParse(text, integer, inv, out var l) ? l.ToString(inv) + "L" : null,
            "uint" => uint.TryParse(text, integer, inv, out var ui) ? ui.ToString(inv) + "U" : null,
            "ulong" => ulong.TryParse(text, integer, inv, out var ul) ? ul.ToString(inv) + "UL" : null,
            "double" or "Double" or "System.Double" => double.TryParse(text, real, inv, out var d) ? DoubleLiteral(d) : null,
            "float" or "Single" or "System.Single" => float.TryParse(text, real, inv, out var f) && float.IsFinite(f) ? f.ToString("R", inv) + "F" : null,
            "decimal" or "Decimal" or "System.Decimal" => decimal.TryParse(text, real, inv, out var m) ? m.ToString(inv) + "M" : null,
            "char" or "Char" or "System.Char" => raw.Length == 1 ? SymbolDisplay.FormatLiteral(raw[0], quote: true) : null,
            // Another declared type (an enum, a record): the inferred literal, and the compiler says whether it fits.
            _ => Literal(InferType(raw), raw),
        };
    }

    private static string DoubleLiteral(double value) => value switch
    {
        double.PositiveInfinity => "double.PositiveInfinity",
        double.NegativeInfinity => "double.NegativeInfinity",
        _ when double.IsNaN(value) => "double.NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture) + "D",
    };

    private static bool IsQuoted(string raw)
    {
        var t = raw.Trim();
        return t.Length >= 2 && t[0] == '"' && t[^1] == '"';
    }
}
