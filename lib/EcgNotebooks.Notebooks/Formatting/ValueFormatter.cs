using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;

namespace EcgNotebooks.Notebooks;

/// <summary>
/// Turns a value into a MIME bundle the way Polyglot Notebooks would show it, without its packages:
/// <list type="bullet">
/// <item>types carrying an attribute named <c>TypeFormatterSourceAttribute</c> (matched by class name, as .NET
/// Interactive does, so libraries need no package) are formatted by the formatters that the attribute's
/// <c>FormatterSourceType</c> creates: <c>CreateTypeFormatters()</c> (static or instance) returns objects with
/// <c>string MimeType</c> and <c>bool Format(object instance, TextWriter writer)</c>, found by reflection;</item>
/// <item><see cref="HtmlContent"/> (from <c>HTML(...)</c>) is raw text/html;</item>
/// <item>collections of records or objects become an HTML table (first <see cref="MaxRows"/> rows);</item>
/// <item>every bundle also has text/plain (the formatter's, or invariant <c>ToString()</c>).</item>
/// </list>
/// </summary>
public static class ValueFormatter
{
    public const int MaxRows = 100;
    private const string AttributeName = "TypeFormatterSourceAttribute";
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<ConventionFormatter>> FormattersByType = new();

    /// <param name="mimeTypes">When given, only these MIME types (as <c>display(value, "text/html")</c> asks); a string is taken as the content of a requested type it does not have.</param>
    public static MimeBundle Format(object? value, params string[] mimeTypes)
    {
        var bundle = FormatAll(value);
        if (mimeTypes.Length == 0) return bundle;
        var chosen = new MimeBundle();
        foreach (var mime in mimeTypes)
        {
            var content = bundle[mime] ?? (value as string ?? (value as HtmlContent)?.Html);
            if (content is not null) chosen.Set(mime, content);
        }
        return chosen.Count > 0 ? chosen : bundle;
    }

    private static MimeBundle FormatAll(object? value)
    {
        var bundle = new MimeBundle();
        switch (value)
        {
            case null:
                bundle.Set(MimeBundle.PlainText, "<null>");
                return bundle;
            case HtmlContent html:
                bundle.Set(MimeBundle.Html, html.Html);
                bundle.Set(MimeBundle.PlainText, html.Html);
                return bundle;
            case string s:
                bundle.Set(MimeBundle.PlainText, s);
                return bundle;
        }

        foreach (var formatter in FormattersByType.GetOrAdd(value.GetType(), FindConventionFormatters))
        {
            if (bundle.Contains(formatter.MimeType)) continue;
            var content = formatter.TryFormat(value);
            if (content is not null) bundle.Set(formatter.MimeType, content);
        }
        if (!bundle.Contains(MimeBundle.Html) && value is IEnumerable sequence && !IsScalar(value.GetType()))
        {
            bundle.Set(MimeBundle.Html, HtmlTable(sequence));
        }
        if (!bundle.Contains(MimeBundle.PlainText))
        {
            bundle.Set(MimeBundle.PlainText, value is IEnumerable items && !IsScalar(value.GetType()) ? PlainList(items) : PlainText(value));
        }
        // text/html first: the richest representation is the one a viewer shows.
        return [.. bundle.OrderBy(kv => kv.Key == MimeBundle.Html ? 0 : kv.Key == MimeBundle.PlainText ? 2 : 1)];
    }

    internal static string PlainText(object? value) => value switch
    {
        null => "<null>",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime)
        || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) || type == typeof(Guid);

    private static string PlainList(IEnumerable items)
    {
        var shown = items.Cast<object?>().Take(MaxRows + 1).ToList();
        var text = string.Join(", ", shown.Take(MaxRows).Select(PlainText));
        return $"[{text}{(shown.Count > MaxRows ? ", ..." : "")}]";
    }

    private static string HtmlTable(IEnumerable items)
    {
        var rows = items.Cast<object?>().Take(MaxRows + 1).ToList();
        var elementType = rows.FirstOrDefault(r => r is not null)?.GetType();
        var columns = elementType is null || IsScalar(elementType)
            ? []
            : elementType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract").ToArray();
        var html = new StringBuilder("<table><thead><tr><th><i>index</i></th>");
        foreach (var name in columns.Length > 0 ? columns.Select(c => c.Name) : ["value"])
        {
            html.Append("<th>").Append(WebUtility.HtmlEncode(name)).Append("</th>");
        }
        html.Append("</tr></thead><tbody>");
        for (var i = 0; i < Math.Min(rows.Count, MaxRows); i++)
        {
            html.Append("<tr><td>").Append(i).Append("</td>");
            var row = rows[i];
            var cells = columns.Length > 0 && row is not null && elementType!.IsInstanceOfType(row)
                ? columns.Select(c => c.GetValue(row))
                : [row];
            foreach (var cell in cells)
            {
                html.Append("<td>").Append(WebUtility.HtmlEncode(PlainText(cell))).Append("</td>");
            }
            html.Append("</tr>");
        }
        if (rows.Count > MaxRows)
        {
            html.Append("<tr><td colspan=\"").Append(Math.Max(columns.Length, 1) + 1).Append("\"><i>(more rows not shown)</i></td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    // The attribute may sit on the type or a base type, several times; .NET Interactive walks the same hierarchy.
    private static IReadOnlyList<ConventionFormatter> FindConventionFormatters(Type type)
    {
        var formatters = new List<ConventionFormatter>();
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var attribute in current.GetCustomAttributes(inherit: false))
            {
                var attributeType = attribute.GetType();
                if (attributeType.Name != AttributeName) continue;
                if (attributeType.GetProperty("FormatterSourceType")?.GetValue(attribute) is not Type sourceType) continue;
                formatters.AddRange(CreateFormatters(sourceType));
            }
        }
        return formatters;
    }

    private static IEnumerable<ConventionFormatter> CreateFormatters(Type sourceType)
    {
        const BindingFlags any = BindingFlags.Public | BindingFlags.NonPublic;
        var create = sourceType.GetMethod("CreateTypeFormatters", any | BindingFlags.Static | BindingFlags.Instance, Type.EmptyTypes);
        if (create is null) return [];
        var source = create.IsStatic ? null : Activator.CreateInstance(sourceType, nonPublic: true);
        if (create.Invoke(source, null) is not IEnumerable created) return [];
        return created.Cast<object?>().Select(ConventionFormatter.TryCreate).OfType<ConventionFormatter>().ToList();
    }

    /// <summary>A duck-typed formatter: <c>string MimeType</c> and <c>bool Format(object, TextWriter)</c>.</summary>
    private sealed class ConventionFormatter(object target, string mimeType, MethodInfo format)
    {
        public string MimeType { get; } = mimeType;

        public static ConventionFormatter? TryCreate(object? candidate)
        {
            if (candidate is null) return null;
            const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;
            var type = candidate.GetType();
            var mime = type.GetProperty("MimeType", flags)?.GetValue(candidate) as string;
            var format = type.GetMethod("Format", flags, [typeof(object), typeof(TextWriter)]);
            return mime is null || format is null || format.ReturnType != typeof(bool) ? null : new ConventionFormatter(candidate, mime, format);
        }

        public string? TryFormat(object value)
        {
            using var writer = new StringWriter(CultureInfo.InvariantCulture);
            try
            {
                return format.Invoke(target, [value, writer]) is true ? writer.ToString() : null;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw new InvalidOperationException($"The {MimeType} formatter of {value.GetType().Name} failed: {e.InnerException.Message}", e.InnerException);
            }
        }
    }
}
